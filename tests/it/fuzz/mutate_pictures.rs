//! Picture-level mutations: dimensions up to 65535x65535 (and past it where the format allows),
//! lying chunk and segment lengths, odd component counts and bit depths, truncation; for SVG,
//! huge sizes, deep nesting, entity expansion, external entities and embedded scripts.
//! They keep the metadata where it was, so its canaries still count as private.

use super::mutate::{Mutated, bytes_of, file_paths, is_picture};
use super::rng::Rng;

pub(super) fn picture(m: &mut Mutated, rng: &mut Rng) {
    let pics: Vec<String> = file_paths(&m.tree)
        .into_iter()
        .filter(|p| is_picture(p))
        .collect();
    if pics.is_empty() {
        return;
    }
    let p = rng.pick(&pics).clone();
    let dim = *rng.pick(&[0u32, 1, 16_384, 30_000, 60_000, 65_535, 0xFF_FFFF, u32::MAX]);
    let b = bytes_of(m, &p);
    let lower = p.to_lowercase();
    let line = if b.starts_with(&[0xFF, 0xD8]) {
        jpeg(b, rng, dim)
    } else if b.starts_with(b"\x89PNG") {
        png(b, rng, dim)
    } else if b.starts_with(b"GIF8") {
        gif(b, rng, dim)
    } else if b.starts_with(b"RIFF") {
        webp(b, rng, dim)
    } else if lower.ends_with(".svg") {
        svg(b, rng, dim)
    } else {
        let at = rng.below(b.len() + 1);
        b.truncate(at);
        format!("truncate to {at} bytes")
    };
    m.log.push(format!("picture {p}: {line}"));
}

fn put_u16be(b: &mut [u8], at: usize, v: u16) {
    if at + 2 <= b.len() {
        b[at..at + 2].copy_from_slice(&v.to_be_bytes());
    }
}

fn jpeg(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    // Find the frame header (SOF0..SOF3) by walking the segments.
    let mut i = 2;
    let mut sof = None;
    while i + 4 <= b.len() && b[i] == 0xFF {
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if (0xC0..=0xC3).contains(&marker) {
            sof = Some(i);
            break;
        }
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    let d = dim.min(65_535) as u16;
    match (rng.below(4), sof) {
        (0, Some(s)) => {
            put_u16be(b, s + 5, d);
            put_u16be(b, s + 7, d);
            format!("frame header claims {d}x{d} pixels")
        }
        (1, Some(s)) => {
            let comps = rng.below(256) as u8;
            if s + 9 < b.len() {
                b[s + 9] = comps;
            }
            format!("frame header claims {comps} components")
        }
        (2, _) => {
            // A segment length that lies.
            let at = 4 + 2 * rng.below(b.len().saturating_sub(4) / 2);
            let v = *rng.pick(&[0u16, 1, 2, 0xFFFF]);
            let at = at.min(b.len().saturating_sub(2));
            put_u16be(b, at, v);
            format!("write {v:#06x} at byte {at} (a segment length, maybe)")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn png(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    let fix_crc = rng.chance(2, 3);
    let refresh = |b: &mut Vec<u8>| {
        // IHDR's CRC over type and data (bytes 12..29).
        if b.len() >= 33 {
            let mut crc = flate2::Crc::new();
            crc.update(&b[12..29]);
            let sum = crc.sum().to_be_bytes();
            b[29..33].copy_from_slice(&sum);
        }
    };
    match rng.below(4) {
        0 if b.len() >= 33 => {
            b[16..20].copy_from_slice(&dim.to_be_bytes());
            b[20..24].copy_from_slice(&dim.to_be_bytes());
            if fix_crc {
                refresh(b);
            }
            format!("IHDR claims {dim}x{dim} pixels (CRC fixed: {fix_crc})")
        }
        1 if b.len() >= 33 => {
            b[24] = *rng.pick(&[1u8, 2, 4, 8, 16, 0, 255]);
            b[25] = *rng.pick(&[0u8, 2, 3, 4, 6, 7, 255]);
            if fix_crc {
                refresh(b);
            }
            format!(
                "IHDR bit depth {} colour type {} (CRC fixed: {fix_crc})",
                b[24], b[25]
            )
        }
        2 => {
            // A chunk length that lies: walk to a random chunk.
            let mut i = 8;
            let mut starts = Vec::new();
            while i + 8 <= b.len() {
                starts.push(i);
                let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
                i = i.saturating_add(12).saturating_add(len);
            }
            if starts.is_empty() {
                return "no chunk to change".into();
            }
            let s = *rng.pick(&starts);
            let v = *rng.pick(&[0u32, 1, 0x7FFF_FFFF, u32::MAX, 100_000_000]);
            b[s..s + 4].copy_from_slice(&v.to_be_bytes());
            format!("chunk at byte {s} claims {v} bytes")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn gif(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    let d = (dim.min(65_535) as u16).to_le_bytes();
    match rng.below(3) {
        0 if b.len() >= 10 => {
            b[6..8].copy_from_slice(&d);
            b[8..10].copy_from_slice(&d);
            format!("screen claims {dim}x{dim}")
        }
        1 => {
            // The image descriptor (after the extensions): its size, and an LZW code size of 12.
            if let Some(i) = b.iter().rposition(|&c| c == 0x2C)
                && i + 11 <= b.len()
            {
                b[i + 5..i + 7].copy_from_slice(&d);
                b[i + 7..i + 9].copy_from_slice(&d);
                b[i + 10] = 12;
            }
            format!("image descriptor claims {dim}x{dim}, LZW code size 12")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn webp(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    match rng.below(3) {
        0 if b.len() >= 30 => {
            // VP8X canvas size, 24 bits each, at 24..30.
            let d = dim.min(0xFF_FFFF).to_le_bytes();
            b[24..27].copy_from_slice(&d[..3]);
            b[27..30].copy_from_slice(&d[..3]);
            format!("canvas claims {dim}x{dim}")
        }
        1 if b.len() >= 8 => {
            let v = *rng.pick(&[0u32, 4, u32::MAX, 0x7FFF_FFFF]);
            b[4..8].copy_from_slice(&v.to_le_bytes());
            format!("RIFF size {v}")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn svg(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    let text = String::from_utf8_lossy(b).into_owned();
    let (new, line) = match rng.below(5) {
        0 => (
            text.replace("width=\"40\"", &format!("width=\"{dim}00000\""))
                .replace("height=\"20\"", &format!("height=\"{dim}00000\"")),
            format!("size {dim}00000"),
        ),
        1 => {
            let n = *rng.pick(&[1000usize, 100_000]);
            (
                text.replace("<title>", &format!("{}<title>", "<g>".repeat(n)))
                    .replace("</svg>", &format!("{}</svg>", "</g>".repeat(n))),
                format!("groups nested {n} deep"),
            )
        }
        2 => (
            text.replacen(
                "<svg ",
                "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>\n<svg ",
                1,
            )
            .replace("Free them all", "&g;"),
            "entity expansion (billion laughs)".to_string(),
        ),
        3 => (
            text.replacen(
                "<svg ",
                "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY o SYSTEM \"../../outside/secret.txt\">]>\n<svg ",
                1,
            )
            .replace("Free them all", "&x;&o;"),
            "external entities".to_string(),
        ),
        _ => (
            text.replace(
                "<title>",
                "<image href=\"../../outside/photo.jpg\"/><image href=\"file:///etc/passwd\"/><script>alert(1)</script><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject><title>",
            ),
            "images and a script".to_string(),
        ),
    };
    *b = new.into_bytes();
    line
}
