//! Sizes are checked before anything is decoded: a small file that claims a huge picture is an
//! error naming the limit, never gigabytes of memory (if one of these tests allocated what the
//! file claims, it would fail by running out of memory, which is the point).

use super::animated::webp_lossless;
use super::*;
use crate::output::images::pixels::{Size, budget};

fn refusal(r: Result<Vec<u8>>) -> String {
    match r {
        Ok(_) => panic!("a huge claim was decoded"),
        Err(e) => format!("{} / {}", e.message, e.hint.unwrap_or_default()),
    }
}

#[test]
fn a_jpeg_claiming_65535_by_65535_pixels_is_refused_before_decoding() {
    // Upright (only cleaned, nothing decoded) or turned (decoded): refused all the same.
    for orientation in [1, 6] {
        let huge = jpeg::with_claimed_size(&tagged_jpeg(&photo(16, 16), orientation), 65535, 65535);
        assert!(huge.len() < 10_000, "a small file");
        for m in [
            refusal(strip_metadata(&huge, ImageKind::Jpeg)),
            refusal(thumbnail(&huge, ImageKind::Jpeg, 400)),
        ] {
            assert!(
                m.contains("this JPEG is 65535 × 65535 pixels (4294.8 megapixels): samizdat publishes pictures of at most 200 megapixels"),
                "{m}"
            );
            assert!(m.contains("remove it"), "{m}");
        }
    }
}

#[test]
fn pngs_claiming_60000_and_30000_pixels_square_are_refused_before_decoding() {
    for orientation in [1, 6] {
        for side in [60000, 30000] {
            let huge = png::with_claimed_size(&tagged_png(&rgba(8, 8), orientation), side, side);
            for m in [
                refusal(strip_metadata(&huge, ImageKind::Png)),
                refusal(thumbnail(&huge, ImageKind::Png, 400)),
            ] {
                assert!(
                    m.contains(&format!("this PNG is {side} × {side} pixels")),
                    "{m}"
                );
                assert!(
                    m.contains("samizdat publishes pictures of at most 200 megapixels"),
                    "{m}"
                );
            }
        }
    }
}

#[test]
fn gifs_webps_and_icons_claiming_gigapixels_are_refused() {
    let publishes = |r: Result<Vec<u8>>, what: &str| {
        let m = refusal(r);
        assert!(
            m.contains("pixels")
                && m.contains("samizdat publishes pictures of at most 200 megapixels"),
            "{what}: {m}"
        );
    };
    // GIF: the logical screen, or one frame (its descriptor at byte 27).
    let gif = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;".to_vec();
    assert_eq!(gif[27], 0x2C);
    let mut screen = gif.clone();
    screen[6..10].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    publishes(strip_metadata(&screen, ImageKind::Gif), "GIF screen");
    let mut big_frame = gif.clone();
    big_frame[32..36].copy_from_slice(&[0x60, 0xEA, 0x60, 0xEA]);
    publishes(strip_metadata(&big_frame, ImageKind::Gif), "GIF frame");
    // WebP: the extended canvas (VP8X), a lossy key frame, a lossless bitstream.
    let webp = fixture("gps-icc.webp");
    let at = webp.windows(4).position(|w| w == b"VP8X").expect("VP8X");
    let mut canvas = webp.clone();
    canvas[at + 12..at + 18].copy_from_slice(&[0x5F, 0xEA, 0, 0x5F, 0xEA, 0]);
    publishes(strip_metadata(&canvas, ImageKind::WebP), "WebP canvas");
    let at = webp.windows(4).position(|w| w == b"VP8 ").expect("VP8");
    let mut lossy = webp.clone();
    lossy[at + 14..at + 18].copy_from_slice(&[0xFF, 0x3F, 0xFF, 0x3F]);
    publishes(strip_metadata(&lossy, ImageKind::WebP), "VP8");
    let lossless = webp_lossless(&rgba(4, 4));
    let at = lossless
        .windows(4)
        .position(|w| w == b"VP8L")
        .expect("VP8L");
    let mut big = lossless.clone();
    big[at + 9..at + 13].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x0F]);
    publishes(strip_metadata(&big, ImageKind::WebP), "VP8L");
    // An icon's bitmap (classic header): 70000 wide, 70000 high (and its mask).
    let mut ico = vec![0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 32, 0];
    let mut bmp = 40u32.to_le_bytes().to_vec();
    bmp.extend_from_slice(&70000u32.to_le_bytes());
    bmp.extend_from_slice(&140_000u32.to_le_bytes());
    bmp.extend_from_slice(&[0; 28]);
    ico.extend_from_slice(&u32::try_from(bmp.len()).unwrap_or(0).to_le_bytes());
    ico.extend_from_slice(&22u32.to_le_bytes());
    ico.extend_from_slice(&bmp);
    publishes(strip_metadata(&ico, ImageKind::Ico), "ICO bitmap");
    // As they were, they are published.
    assert!(strip_metadata(&gif, ImageKind::Gif).is_ok());
    assert!(strip_metadata(&webp, ImageKind::WebP).is_ok());
}

#[test]
fn a_claim_under_the_pixel_limit_is_refused_by_the_memory_limit() {
    // 12000 x 12000 RGBA at 16 bits a channel: 144 megapixels, 8 bytes each.
    let mut deep = tagged_png(&rgba(8, 8), 6);
    deep[24] = 16;
    deep[25] = 6;
    let deep = png::with_claimed_size(&deep, 12000, 12000);
    let m = refusal(strip_metadata(&deep, ImageKind::Png));
    assert!(
        m.contains(
            "to turn upright this PNG of 12000 × 12000 pixels samizdat would need 2.3 GB of \
             memory, over its limit of 1 GB"
        ),
        "{m}"
    );
    let m = refusal(thumbnail(&deep, ImageKind::Png, 400));
    assert!(m.contains("would need 1.2 GB of memory"), "{m}");
}

#[test]
fn a_header_claiming_no_pixels_is_an_error() {
    let flat = jpeg::with_claimed_size(&tagged_jpeg(&photo(16, 16), 6), 16, 0);
    let m = refusal(strip_metadata(&flat, ImageKind::Jpeg));
    assert!(m.contains("its header says 16 × 0 pixels"), "{m}");
}

#[test]
fn phone_photos_are_within_the_limits() {
    let rgb = |width, height, progressive: bool| Size {
        width,
        height,
        out_bytes: 3,
        decode_bytes: if progressive { 9 } else { 3 },
    };
    let turn = |s: Size| {
        let copy = u64::from(s.width) * u64::from(s.height) * 3;
        budget(ImageKind::Jpeg, s, copy, "turn upright")
    };
    let shrink = |s: Size| budget(ImageKind::Jpeg, s, 0, "shrink");
    // 12, 48 and 108 megapixels, turned; 200 megapixels (16320 x 12240) shrunk.
    for (w, h) in [(4032, 3024), (8000, 6000), (12000, 9000)] {
        assert!(turn(rgb(w, h, false)).is_ok(), "{w} x {h}");
    }
    assert!(shrink(rgb(16320, 12240, false)).is_ok());
    assert!(
        turn(rgb(8000, 6000, true)).is_ok(),
        "a progressive 48-megapixel photo"
    );
    assert!(
        shrink(rgb(16400, 12240, false)).is_err(),
        "over 200 megapixels"
    );
}
