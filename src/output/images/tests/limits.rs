//! Sizes are checked before anything is decoded: a small file that claims a huge picture is an
//! error naming the limit, never gigabytes of memory (if one of these tests allocated what the
//! file claims, it would fail by running out of memory, which is the point).

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
    // Orientation 6: cleaning it means decoding it.
    let huge = jpeg::with_claimed_size(&tagged_jpeg(&photo(16, 16), 6), 65535, 65535);
    assert!(huge.len() < 10_000, "a small file");
    for m in [
        refusal(strip_metadata(&huge, ImageKind::Jpeg)),
        refusal(thumbnail(&huge, ImageKind::Jpeg, 400)),
    ] {
        assert!(
            m.contains("65535 × 65535 pixels (4294.8 megapixels)"),
            "{m}"
        );
        assert!(m.contains("at most 200 megapixels"), "{m}");
        assert!(m.contains("remove it"), "{m}");
    }
    // Upright, it is only cleaned (nothing is decoded), as any picture.
    let upright = jpeg::with_claimed_size(&tagged_jpeg(&photo(16, 16), 1), 65535, 65535);
    assert_clean_jpeg(&ok(strip_metadata(&upright, ImageKind::Jpeg)));
}

#[test]
fn pngs_claiming_60000_and_30000_pixels_square_are_refused_before_decoding() {
    for side in [60000, 30000] {
        let huge = png::with_claimed_size(&tagged_png(&rgba(8, 8), 6), side, side);
        let m = refusal(strip_metadata(&huge, ImageKind::Png));
        assert!(
            m.contains(&format!("this PNG is {side} × {side} pixels")),
            "{m}"
        );
        assert!(
            m.contains("turn upright pictures of at most 200 megapixels"),
            "{m}"
        );
        let m = refusal(thumbnail(&huge, ImageKind::Png, 400));
        assert!(
            m.contains("shrink pictures of at most 200 megapixels"),
            "{m}"
        );
    }
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
