//! GIF, WebP and ICO: metadata planted in many places never reaches the output, and every
//! frame of an animation stays exactly as it was; damaged files are errors, never panics.

use std::io::Cursor;

use image::codecs::gif::{GifDecoder, GifEncoder, Repeat};
use image::codecs::webp::{WebPDecoder, WebPEncoder};
use image::{AnimationDecoder, Delay, Frame};

use super::*;

fn gif_frames(bytes: &[u8]) -> Vec<(RgbaImage, Delay)> {
    GifDecoder::new(Cursor::new(bytes))
        .and_then(|d| d.into_frames().collect_frames())
        .unwrap_or_else(|e| panic!("GIF does not decode: {e}"))
        .into_iter()
        .map(|f| (f.buffer().clone(), f.delay()))
        .collect()
}

/// Two frames, looping forever, written by the image crate.
fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut out);
        let _ = enc.set_repeat(Repeat::Infinite);
        let frames = [rgba(16, 8), image::imageops::flip_horizontal(&rgba(16, 8))]
            .into_iter()
            .map(|f| Frame::from_parts(f, 0, 0, Delay::from_numer_denom_ms(300, 1)));
        ok(enc
            .encode_frames(frames)
            .map_err(|e| Error::input(e.to_string())));
    }
    out
}

/// A GIF extension block: introducer, label, the data in sub-blocks, terminator.
fn gif_extension(label: u8, head: &[u8], data: &[u8]) -> Vec<u8> {
    let mut b = vec![0x21, label];
    if !head.is_empty() {
        b.push(u8::try_from(head.len()).unwrap_or(0));
        b.extend_from_slice(head);
    }
    for part in data.chunks(255) {
        b.push(u8::try_from(part.len()).unwrap_or(0));
        b.extend_from_slice(part);
    }
    b.push(0);
    b
}

#[test]
fn gif_comments_xmp_and_profiles_go_from_everywhere_and_the_animation_stays() {
    let base = animated_gif();
    assert!(contains(&base, b"NETSCAPE2.0"), "the encoder loops it");
    let comment = gif_extension(0xFE, b"", b"taken at Bolotnaya square by Ivan");
    let xmp = gif_extension(
        0xFF,
        b"XMP DataXMP",
        b"<x:xmpmeta>Ivan Secret, Galaxy SM-S918B</x:xmpmeta>",
    );
    let profile = gif_extension(0xFF, b"ICCRGBG1012", &icc());
    let text = gif_extension(0x01, &[0; 12], b"Ivan Secret");
    let unknown = gif_extension(0x99, b"", b"Galaxy");
    let all = [comment.clone(), xmp, profile, text, unknown].concat();
    // Where blocks go: after the global colour table (13 + 3 * 2^n), between frames, after the
    // trailer; and the loop block with an extra sub-block.
    let table_end = 13 + usize::from(base[10] >> 7) * (3 << ((base[10] & 7) + 1));
    let second_frame = base
        .windows(2)
        .enumerate()
        .skip(table_end)
        .filter(|(_, w)| w == b"\x21\xF9")
        .nth(1)
        .map_or(0, |(i, _)| i);
    let netscape = base
        .windows(11)
        .position(|w| w == b"NETSCAPE2.0")
        .unwrap_or(0)
        - 3;
    let variants = [
        (
            "after the colour table",
            [&base[..table_end], &all, &base[table_end..]].concat(),
        ),
        (
            "between frames",
            [&base[..second_frame], &all, &base[second_frame..]].concat(),
        ),
        (
            "before the trailer",
            [&base[..base.len() - 1], &all, b";"].concat(),
        ),
        ("after the trailer", [&base[..], &all].concat()),
        (
            "inside the loop block",
            [
                &base[..netscape + 18],
                b"\x0Bbuffer Ivan",
                &base[netscape + 18..],
            ]
            .concat(),
        ),
        (
            "twice, everywhere",
            [
                &base[..table_end],
                &all,
                &comment,
                &base[table_end..second_frame],
                &all,
                &base[second_frame..],
                &all,
            ]
            .concat(),
        ),
    ];
    for (what, tagged) in variants {
        assert!(
            contains(&tagged, b"Ivan") || contains(&tagged, b"Galaxy"),
            "{what}"
        );
        let out = ok(strip_metadata(&tagged, ImageKind::Gif));
        assert_no_canary(&out, what);
        assert_eq!(out, base, "{what}: only the planted blocks go");
    }
}

#[test]
fn exiftool_tagged_animated_gif_is_clean_and_still_animated() {
    let tagged = fixture("anim-xmp.gif");
    let out = ok(strip_metadata(&tagged, ImageKind::Gif));
    assert_no_canary(&out, "anim-xmp.gif");
    assert_eq!(
        gif_frames(&out),
        gif_frames(&tagged),
        "frames and delays kept"
    );
    assert_eq!(gif_frames(&out).len(), 2);
    assert!(
        contains(&out, b"NETSCAPE2.0\x03\x01\0\0\0"),
        "still loops forever"
    );
    exiftool_finds_nothing(&out, "gif");
}

pub(super) fn webp_lossless(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    ok(img
        .write_with_encoder(WebPEncoder::new_lossless(&mut out))
        .map_err(|e| Error::input(e.to_string())));
    out
}

fn webp_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = fourcc.to_vec();
    c.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
    let body = chunks.concat();
    let size = u32::try_from(body.len() + 4).unwrap_or(0);
    [b"RIFF".as_slice(), &size.to_le_bytes(), b"WEBP", &body].concat()
}

fn webp_frames(bytes: &[u8]) -> Vec<RgbaImage> {
    let d = WebPDecoder::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("WebP: {e}"));
    if d.has_animation() {
        d.into_frames()
            .collect_frames()
            .unwrap_or_else(|e| panic!("WebP frames: {e}"))
            .into_iter()
            .map(Frame::into_buffer)
            .collect()
    } else {
        vec![
            DynamicImage::from_decoder(d)
                .unwrap_or_else(|e| panic!("WebP: {e}"))
                .to_rgba8(),
        ]
    }
}

#[test]
fn webp_exif_xmp_and_profiles_go_in_simple_and_extended_files() {
    let img = rgba(12, 10);
    let simple = webp_lossless(&img);
    let vp8l = simple[12..].to_vec();
    let exif = webp_chunk(b"EXIF", &exif_tiff(1));
    let xmp = webp_chunk(
        b"XMP ",
        b"<x:xmpmeta>Ivan Secret, Galaxy SM-S918B</x:xmpmeta>",
    );
    let iccp = webp_chunk(b"ICCP", &icc());
    let odd = webp_chunk(b"ivan", b"Secret!");
    // VP8X: ICC, alpha, EXIF and XMP flags; canvas 12 x 10.
    let vp8x = webp_chunk(b"VP8X", &[0x3C, 0, 0, 0, 11, 0, 0, 9, 0, 0]);
    let variants = [
        (
            "simple with trailing chunks",
            riff(&[vp8l.clone(), exif.clone(), xmp.clone()]),
        ),
        (
            "simple, data after the RIFF",
            [simple.clone(), b"Ivan Secret".to_vec()].concat(),
        ),
        (
            "extended, metadata first",
            riff(&[
                vp8x.clone(),
                iccp.clone(),
                exif.clone(),
                xmp.clone(),
                odd.clone(),
                vp8l.clone(),
            ]),
        ),
        (
            "extended, metadata last",
            riff(&[
                vp8x.clone(),
                iccp.clone(),
                vp8l.clone(),
                odd.clone(),
                exif.clone(),
                xmp.clone(),
            ]),
        ),
    ];
    for (what, tagged) in variants {
        let out = ok(strip_metadata(&tagged, ImageKind::WebP));
        assert_no_canary(&out, what);
        for c in [b"EXIF", b"XMP ", b"ICCP"] {
            assert!(
                !contains(&out, c),
                "{what}: {} left",
                String::from_utf8_lossy(c)
            );
        }
        assert_eq!(
            webp_frames(&out),
            std::slice::from_ref(&img),
            "{what}: same pixels"
        );
        assert_eq!(le32(&out, 4), Some(out.len() - 8), "{what}: RIFF size");
        if let Some(x) = out.windows(4).position(|w| w == b"VP8X") {
            assert_eq!(out[x + 8], 0x10, "{what}: only the alpha flag is left");
        }
    }
}

#[test]
fn exiftool_tagged_webp_files_are_clean_and_animations_stay() {
    for name in ["gps-icc.webp", "anim-xmp.webp"] {
        let tagged = fixture(name);
        let out = ok(strip_metadata(&tagged, ImageKind::WebP));
        assert_no_canary(&out, name);
        assert_eq!(
            webp_frames(&out),
            webp_frames(&tagged),
            "{name}: frames kept"
        );
        exiftool_finds_nothing(&out, "webp");
    }
    assert_eq!(
        webp_frames(&ok(strip_metadata(
            &fixture("anim-xmp.webp"),
            ImageKind::WebP
        )))
        .len(),
        2
    );
}

#[test]
fn webp_frames_lose_unknown_chunks_inside_them() {
    let img = rgba(6, 4);
    let vp8l = webp_lossless(&img)[12..].to_vec();
    let frame = |extra: &[u8]| {
        let mut d = vec![0; 6];
        d.extend_from_slice(&[5, 0, 0, 3, 0, 0, 100, 0, 0, 0]);
        d.extend_from_slice(extra);
        d.extend_from_slice(&vp8l);
        webp_chunk(b"ANMF", &d)
    };
    let anim = riff(&[
        webp_chunk(b"VP8X", &[0x02 | 0x10 | 0x04, 0, 0, 0, 5, 0, 0, 3, 0, 0]),
        webp_chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]),
        frame(&webp_chunk(b"XMP ", b"Ivan Secret")),
        frame(&[]),
        webp_chunk(b"XMP ", b"Galaxy"),
    ]);
    let plain = riff(&[
        webp_chunk(b"VP8X", &[0x02 | 0x10, 0, 0, 0, 5, 0, 0, 3, 0, 0]),
        webp_chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]),
        frame(&[]),
        frame(&[]),
    ]);
    let out = ok(strip_metadata(&anim, ImageKind::WebP));
    assert_no_canary(&out, "animated");
    assert_eq!(out, plain, "only the planted chunks and the XMP flag go");
    assert_eq!(webp_frames(&out).len(), 2);
}

#[test]
fn a_webp_that_asks_to_be_turned_is_an_error_not_a_sideways_picture() {
    let vp8l = webp_lossless(&rgba(4, 4))[12..].to_vec();
    let turned = riff(&[
        webp_chunk(b"VP8X", &[0x08, 0, 0, 0, 3, 0, 0, 3, 0, 0]),
        vp8l,
        webp_chunk(b"EXIF", &exif_tiff(6)),
    ]);
    let e = strip_metadata(&turned, ImageKind::WebP)
        .err()
        .map(|e| e.message);
    assert!(e.is_some_and(|m| m.contains("cannot turn WebP")));
}

/// An icon with a PNG (with text chunks) and a classic bitmap.
fn favicon() -> Vec<u8> {
    let p = png(&rgba(4, 4));
    let tagged = [
        &p[..33],
        &png_chunk(b"tEXt", b"Author\0Ivan Secret"),
        &p[33..],
    ]
    .concat();
    let mut dib = 40u32.to_le_bytes().to_vec();
    dib.extend_from_slice(&2u32.to_le_bytes());
    dib.extend_from_slice(&4u32.to_le_bytes());
    dib.extend_from_slice(&[1, 0, 32, 0]);
    dib.extend_from_slice(&[0; 24]);
    dib.extend_from_slice(&[0x80; 2 * 2 * 4 + 8]);
    let mut ico = vec![0, 0, 1, 0, 2, 0];
    let mut at = 6 + 32;
    for (w, data) in [(4u8, &tagged), (2, &dib)] {
        ico.extend_from_slice(&[w, w, 0, 0, 1, 0, 32, 0]);
        ico.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
        ico.extend_from_slice(&u32::try_from(at).unwrap_or(0).to_le_bytes());
        at += data.len();
    }
    ico.extend_from_slice(&tagged);
    ico.extend_from_slice(&dib);
    ico.extend_from_slice(b"trailing Galaxy");
    ico
}

#[test]
fn favicon_pngs_are_cleaned_and_its_bitmaps_kept() {
    let ico = favicon();
    assert_eq!(kind_of(&ico), Some(ImageKind::Ico));
    let out = ok(strip_metadata(&ico, ImageKind::Ico));
    assert_no_canary(&out, "favicon");
    assert_eq!(
        ok(strip_metadata(&out, ImageKind::Ico)),
        out,
        "already clean"
    );
    let png_at = le32(&out, 6 + 12).unwrap_or(0);
    let png_len = le32(&out, 6 + 8).unwrap_or(0);
    assert_eq!(load(&out[png_at..png_at + png_len]).to_rgba8(), rgba(4, 4));
    let mut v5 = ico.clone();
    let dib_at = le32(&ico, 6 + 16 + 12).unwrap_or(0);
    v5[dib_at] = 124;
    assert!(
        strip_metadata(&v5, ImageKind::Ico).is_err(),
        "newer bitmap headers may hold a profile"
    );
}

#[test]
fn damaged_gif_webp_and_icons_are_errors_that_say_where_and_never_panic() {
    let gif = fixture("anim-xmp.gif");
    let msg = |r: Result<Vec<u8>>| r.err().map(|e| e.message).unwrap_or_default();
    assert!(
        msg(strip_metadata(&gif[..8], ImageKind::Gif))
            .starts_with("not a valid GIF: truncated header")
    );
    assert!(
        msg(strip_metadata(&gif[..100], ImageKind::Gif))
            .starts_with("not a valid GIF: truncated block at byte")
    );
    let mut bad = gif.clone();
    let first_block = 13 + usize::from(gif[10] >> 7) * (3 << ((gif[10] & 7) + 1));
    bad[first_block] = b'?';
    assert!(msg(strip_metadata(&bad, ImageKind::Gif)).contains("unknown block at byte"));
    let webp = fixture("gps-icc.webp");
    assert!(
        msg(strip_metadata(&webp[..900], ImageKind::WebP)).contains("truncated chunk at byte 806")
    );
    assert!(
        msg(strip_metadata(&webp[..20], ImageKind::WebP)).contains("truncated chunk at byte 12")
    );
    assert!(
        msg(strip_metadata(
            &riff(&[webp_chunk(b"EXIF", b"")]),
            ImageKind::WebP
        ))
        .contains("no picture data")
    );
    let ico = favicon();
    assert!(msg(strip_metadata(&ico[..20], ImageKind::Ico)).contains("truncated directory"));
    assert!(msg(strip_metadata(&ico[..60], ImageKind::Ico)).contains("picture outside the file"));
    // Every prefix and many mutations of every kind: an answer, never a panic.
    let inputs = [
        (gif, ImageKind::Gif),
        (animated_gif(), ImageKind::Gif),
        (webp, ImageKind::WebP),
        (fixture("anim-xmp.webp"), ImageKind::WebP),
        (ico, ImageKind::Ico),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (good, kind) in &inputs {
        for len in 0..good.len() {
            let _ = strip_metadata(&good[..len], *kind);
        }
        for _ in 0..300 {
            let mut bad = good.clone();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(bad.len());
                bad[at] = u8::try_from(rng.next() & 0xFF).unwrap_or(0);
            }
            if let Ok(out) = strip_metadata(&bad, *kind) {
                assert!(out.len() <= bad.len() + 64, "{kind:?} grew");
            }
            let _ = publishable("x", Cow::Borrowed(&bad));
        }
    }
}
