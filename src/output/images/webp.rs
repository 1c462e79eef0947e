//! WebP: walked chunk by chunk (RIFF), keeping the bitstreams, alpha and animation.
//!
//! Kept, byte for byte: `VP8 ` and `VP8L` (the picture), `ALPH` (transparency), `ANIM` and
//! `ANMF` (animation; inside a frame only its own ALPH, VP8 and VP8L), and `VP8X` with its
//! flags for ICC profile, EXIF and XMP cleared. Everything else goes: `EXIF`, `XMP `, `ICCP`,
//! unknown chunks, and anything after the RIFF's end. The RIFF size is written anew.
//!
//! A WebP whose EXIF asks to be turned is an error: samizdat cannot re-encode WebP, and
//! dropping the tag alone would publish it sideways.

use image::metadata::Orientation;

use super::pixels::claim;
use super::{ImageKind, invalid, le16, le32};
use crate::error::{Error, Result};

/// VP8X flags we keep: animation and alpha (ICC 0x20, EXIF 0x08, XMP 0x04 are cleared).
const VP8X_KEEP: u8 = 0x02 | 0x10;

pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |what: &str, at: usize| invalid(ImageKind::WebP, format!("{what} at byte {at}"));
    if !bytes.starts_with(b"RIFF") || bytes.get(8..12) != Some(b"WEBP") {
        return Err(bad("no RIFF WEBP header", 0));
    }
    let riff_end = le32(bytes, 4)
        .and_then(|n| n.checked_add(8))
        .ok_or_else(|| bad("truncated header", 4))?
        .min(bytes.len());
    let body = bytes.get(12..riff_end).unwrap_or_default();
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let mut has_picture = false;
    for chunk in chunks(body, 12) {
        let (fourcc, data, at) = chunk.map_err(|at| bad("truncated chunk", at))?;
        if let Some((w, h)) = claimed(fourcc, data) {
            claim(ImageKind::WebP, w, h)?;
        }
        match fourcc {
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" => {
                has_picture |= fourcc != b"ANIM";
                put(&mut out, fourcc, data);
            }
            b"VP8X" => {
                let mut x = data.to_vec();
                if x.len() != 10 {
                    return Err(bad("invalid VP8X chunk", at));
                }
                x[0] &= VP8X_KEEP;
                put(&mut out, fourcc, &x);
            }
            b"ANMF" => {
                let header = data.get(..16).ok_or_else(|| bad("truncated frame", at))?;
                let mut frame = header.to_vec();
                for sub in chunks(&data[16..], at + 24) {
                    let (fourcc, data, _) = sub.map_err(|at| bad("truncated frame", at))?;
                    if let Some((w, h)) = claimed(fourcc, data) {
                        claim(ImageKind::WebP, w, h)?;
                    }
                    if matches!(fourcc, b"VP8 " | b"VP8L" | b"ALPH") {
                        put(&mut frame, fourcc, data);
                    }
                }
                put(&mut out, b"ANMF", &frame);
                has_picture = true;
            }
            b"EXIF" => {
                let tiff = data.strip_prefix(b"Exif\0\0").unwrap_or(data);
                let o = Orientation::from_exif_chunk(tiff).unwrap_or(Orientation::NoTransforms);
                if o != Orientation::NoTransforms {
                    return Err(Error::input(
                        "this WebP's EXIF asks for it to be turned, and samizdat cannot turn WebP \
                         pictures (without the tag it would be published sideways)",
                    )
                    .hint("turn it in an image editor and save it again, or save it as JPEG"));
                }
            }
            _ => {}
        }
    }
    if !has_picture {
        return Err(bad("no picture data", 12));
    }
    let size = u32::try_from(out.len() - 8)
        .map_err(|_| bad("too large", 0))?
        .to_le_bytes();
    out[4..8].copy_from_slice(&size);
    Ok(out)
}

/// The size a chunk claims: the canvas (`VP8X`), a frame (`ANMF`), or a bitstream's picture
/// (`VP8 ` key frame, `VP8L`).
fn claimed(fourcc: &[u8; 4], data: &[u8]) -> Option<(u64, u64)> {
    let le24 = |at: usize| {
        let b = data.get(at..at + 3)?;
        Some(u64::from(b[0]) | u64::from(b[1]) << 8 | u64::from(b[2]) << 16)
    };
    match fourcc {
        b"VP8X" => Some((le24(4)? + 1, le24(7)? + 1)),
        b"ANMF" => Some((le24(6)? + 1, le24(9)? + 1)),
        b"VP8 " if data.get(3..6) == Some(&[0x9D, 0x01, 0x2A]) => {
            let w = le16(data, 6)? & 0x3FFF;
            let h = le16(data, 8)? & 0x3FFF;
            Some((w as u64, h as u64))
        }
        b"VP8L" if data.first() == Some(&0x2F) => {
            let bits = le32(data, 1)?;
            Some((
                (bits & 0x3FFF) as u64 + 1,
                ((bits >> 14) & 0x3FFF) as u64 + 1,
            ))
        }
        _ => None,
    }
}

/// A chunk: its type, its data and where it starts in the file; or where it is cut short.
type Chunk<'a> = std::result::Result<(&'a [u8; 4], &'a [u8], usize), usize>;

/// The chunks of `body`, which starts at byte `offset` of the file.
fn chunks(body: &[u8], offset: usize) -> impl Iterator<Item = Chunk<'_>> {
    let mut i = 0;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed || i >= body.len() {
            return None;
        }
        let at = offset + i;
        let chunk = (|| {
            let fourcc: &[u8; 4] = body.get(i..i + 4)?.try_into().ok()?;
            let len = le32(body, i + 4)?;
            let data = body.get(i + 8..(i + 8).checked_add(len)?)?;
            Some((fourcc, data, i + 8 + len + (len & 1)))
        })();
        match chunk {
            Some((fourcc, data, next)) => {
                i = next;
                Some(Ok((fourcc, data, at)))
            }
            None => {
                failed = true;
                Some(Err(at))
            }
        }
    })
}

/// Appends a chunk, padded to an even length.
fn put(out: &mut Vec<u8>, fourcc: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(fourcc);
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}
