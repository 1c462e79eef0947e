//! JPEG and PNG: metadata planted in many places never reaches the output, and the picture
//! stays exactly as it was. Also: files are recognised by their content.

use std::io::Cursor;

use image::AnimationDecoder;

use super::*;

/// `segment` inserted before the first top-level segment with `marker`.
fn insert_before(jpeg: &[u8], marker: u8, seg: &[u8]) -> Vec<u8> {
    let mut i = 2;
    while jpeg.get(i + 1).is_some_and(|&m| m != marker) {
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    [&jpeg[..i], seg, &jpeg[i..]].concat()
}

fn icc_segments(profile: &[u8]) -> Vec<Vec<u8>> {
    // Split in two, as writers do with profiles over 64 KB: sequence 1 and 2 of 2.
    let (a, b) = profile.split_at(profile.len() / 2);
    [(1, a), (2, b)]
        .iter()
        .map(|(n, part)| segment(0xE2, &[b"ICC_PROFILE\0", &[*n, 2][..], part].concat()))
        .collect()
}

#[test]
fn jpeg_icc_profiles_and_app_segments_go_wherever_they_sit() {
    let base = jpeg(&photo(48, 32));
    let [icc1, icc2] = <[Vec<u8>; 2]>::try_from(icc_segments(&icc())).unwrap_or_default();
    let c2pa = segment(0xEB, b"JP\0\x01\0\0\0\x01jumbc2pa Ivan Secret's Galaxy");
    let variants: Vec<(&str, Vec<u8>)> = vec![
        (
            "ICC after JFIF",
            with_segments(&base, &[icc1.clone(), icc2.clone()]),
        ),
        ("ICC between DQT and SOF", insert_before(&base, 0xC0, &icc1)),
        ("ICC before SOS", insert_before(&base, 0xDA, &icc2)),
        (
            "ICC before DHT, comment too",
            insert_before(
                &base,
                0xC4,
                &[icc1.clone(), segment(0xFE, b"Ivan")].concat(),
            ),
        ),
        (
            "C2PA (APP11)",
            with_segments(&base, std::slice::from_ref(&c2pa)),
        ),
        (
            "every APPn",
            with_segments(
                &base,
                &(0xE1..=0xEF)
                    .filter(|m| *m != 0xEE)
                    .map(|m| segment(m, b"Galaxy SM-S918B at 55.7539"))
                    .collect::<Vec<_>>(),
            ),
        ),
    ];
    for (what, tagged) in &variants {
        assert!(
            contains(tagged, b"Galaxy") || contains(tagged, b"Ivan"),
            "{what}: test input"
        );
        let out = ok(strip_metadata(tagged, ImageKind::Jpeg));
        assert_no_canary(&out, what);
        assert!(!contains(&out, b"ICC_PROFILE"), "{what}");
        assert_eq!(out, base, "{what}: only the planted segments go");
    }
    // Adobe's segment is kept for its colour transform, without what follows it.
    let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01 by Ivan Secret");
    let out = ok(strip_metadata(
        &with_segments(&base, &[adobe]),
        ImageKind::Jpeg,
    ));
    assert!(
        contains(&out, b"\xFF\xEE\0\x0EAdobe\0\x64\0\0\0\0\x01\xFF"),
        "Adobe kept, 12 bytes"
    );
    assert_no_canary(&out, "Adobe");
    assert_eq!(load(&out).to_rgb8(), load(&base).to_rgb8());
}

#[test]
fn exiftool_written_icc_profiles_leave_jpeg_and_png() {
    for (name, kind, ext) in [
        ("icc-gps.jpg", ImageKind::Jpeg, "jpg"),
        ("icc-gps.png", ImageKind::Png, "png"),
    ] {
        let tagged = fixture(name);
        let out = ok(strip_metadata(&tagged, kind));
        assert_no_canary(&out, name);
        assert!(
            !contains(&out, b"iCCP") && !contains(&out, b"ICC_PROFILE"),
            "{name}"
        );
        assert!(
            !contains(&out, b"acsp"),
            "{name}: a profile's signature is left"
        );
        assert_eq!(load(&out).to_rgba8(), load(&tagged).to_rgba8(), "{name}");
        exiftool_finds_nothing(&out, ext);
    }
}

#[test]
fn png_profiles_text_and_private_chunks_go_wherever_they_sit() {
    let img = rgba(20, 12);
    let base = png(&img);
    let zlib = |b: &[u8]| {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = std::io::Write::write_all(&mut e, b);
        e.finish().unwrap_or_default()
    };
    // The profile's name is free text.
    let iccp = png_chunk(
        b"iCCP",
        &[b"Galaxy S23 Ultra SM-S918B\0\0".as_slice(), &zlib(&icc())].concat(),
    );
    let planted = [
        iccp.clone(),
        png_chunk(b"tEXt", b"Author\0Ivan Secret"),
        png_chunk(b"tEXt", b"Comment\0Bolotnaya"),
        png_chunk(
            b"zTXt",
            &[b"Comment\0\0".as_slice(), &zlib(b"Ivan Secret, 55.7539 N")].concat(),
        ),
        png_chunk(b"iTXt", b"Description\x001\0\0\0x\x9c Ivan"),
        png_chunk(
            b"iTXt",
            b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>Ivan Secret</x:xmpmeta>",
        ),
        png_chunk(b"eXIf", &exif_tiff(1)),
        png_chunk(b"eXIf", b"MM\0*Galaxy"),
        png_chunk(b"sPLT", b"Ivan's palette\0\x08"),
        png_chunk(b"caBX", b"c2pa manifest of Ivan Secret"),
        png_chunk(b"iDOT", b"Galaxy"),
        png_chunk(b"vpAg", b"Secret"),
        // Fixed-size chunks of the wrong size are not what viewers read.
        png_chunk(b"gAMA", b"\0\0\xb1\x8fIvan Secret"),
        png_chunk(b"pHYs", b"\0\0\x0b\x13\0\0\x0b\x13\x01Galaxy"),
    ];
    let idat = base.windows(4).position(|w| w == b"IDAT").unwrap_or(0) - 4;
    let iend = base.len() - 12;
    let all: Vec<u8> = planted.concat();
    let variants = [
        ("after IHDR", [&base[..33], &all, &base[33..]].concat()),
        ("before IDAT", [&base[..idat], &all, &base[idat..]].concat()),
        ("before IEND", [&base[..iend], &all, &base[iend..]].concat()),
        ("after IEND", [&base[..], &all].concat()),
        (
            "one of each between the others",
            planted
                .iter()
                .fold(base[..33].to_vec(), |mut v, c| {
                    v.extend_from_slice(c);
                    v
                })
                .into_iter()
                .chain(base[33..].iter().copied())
                .collect(),
        ),
    ];
    for (what, tagged) in variants {
        let out = ok(strip_metadata(&tagged, ImageKind::Png));
        assert_no_canary(&out, what);
        assert_eq!(out, base, "{what}: only the planted chunks go");
    }
}

#[test]
fn apng_keeps_its_frames_and_loses_its_text() {
    let base = png(&rgba(8, 6));
    let idat_at = base.windows(4).position(|w| w == b"IDAT").unwrap_or(0) - 4;
    let idat_len = be32(&base, idat_at).unwrap_or(0);
    let idat = &base[idat_at..idat_at + 12 + idat_len];
    let fctl = |seq: u32| {
        let mut d = seq.to_be_bytes().to_vec();
        d.extend_from_slice(&8u32.to_be_bytes());
        d.extend_from_slice(&6u32.to_be_bytes());
        d.extend_from_slice(&[0; 8]);
        d.extend_from_slice(&[0, 1, 0, 10, 0, 0]);
        png_chunk(b"fcTL", &d)
    };
    let fdat = png_chunk(
        b"fdAT",
        &[&2u32.to_be_bytes()[..], &idat[8..8 + idat_len]].concat(),
    );
    let actl = png_chunk(
        b"acTL",
        &[&2u32.to_be_bytes()[..], &0u32.to_be_bytes()].concat(),
    );
    let apng = [
        &base[..33],
        &actl,
        &png_chunk(b"tEXt", b"Author\0Ivan Secret"),
        &fctl(0),
        idat,
        &png_chunk(b"zTXt", b"Comment\0\0Galaxy"),
        &fctl(1),
        &fdat,
        png::IEND,
    ]
    .concat();
    let out = ok(strip_metadata(&apng, ImageKind::Png));
    assert_no_canary(&out, "APNG");
    let frames = image::codecs::png::PngDecoder::new(Cursor::new(&out))
        .and_then(|d| d.apng())
        .and_then(|a| a.into_frames().collect_frames())
        .unwrap_or_else(|e| panic!("APNG does not decode: {e}"));
    assert_eq!(frames.len(), 2, "both frames kept");
}

#[test]
fn files_are_recognised_by_content_whatever_their_names() {
    let j = tagged_jpeg(&photo(16, 16), 1);
    for name in ["photo.png", "notes.txt", "photo", "a.JPG", "x.pdf"] {
        let out = ok(publishable(name, Cow::Borrowed(&j)));
        assert_clean_jpeg(&out);
    }
    let gif = fixture("anim-xmp.gif");
    assert_no_canary(
        &ok(publishable("banner.jpg", Cow::Borrowed(&gif))),
        "a GIF called .jpg",
    );
    let text = b"Ivan Secret's leaflet text".as_slice();
    assert!(
        matches!(publishable("leaflet.txt", Cow::Borrowed(text)), Ok(Cow::Borrowed(b)) if b == text)
    );
    for (name, bytes) in [
        ("tiff.jpg", b"II*\0\x08\0\0\0Galaxy".to_vec()),
        ("phone.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec()),
        ("x.bin", b"\0\0\0\x1cftypmif1\0\0\0\0mif1miafavif".to_vec()),
        ("pic.png", b"\0\0\0\x14ftypavif\0\0\0\0avif".to_vec()),
        ("raw.dng", b"MM\0*\0\0\0\x08".to_vec()),
        (
            "bitmap.dat",
            [
                b"BM\0\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0".as_slice(),
                &[0; 40],
            ]
            .concat(),
        ),
        ("a.psd", b"8BPS\0\x01".to_vec()),
        ("a.jxl", b"\xFF\x0A\xFA".to_vec()),
    ] {
        let e = publishable(name, Cow::Owned(bytes)).err();
        let e = e.unwrap_or_else(|| panic!("{name} is published"));
        assert!(
            e.is_warning() && e.message.starts_with("not published"),
            "{name}: {e}"
        );
        assert!(e.hint.unwrap_or_default().contains("JPEG, PNG or WebP"));
    }
    assert!(matches!(publishable("empty.png", Cow::Borrowed(b"")), Ok(b) if b.is_empty()));
    for name in [
        "html.jpg",
        "photo.JPEG",
        "x.webp",
        "d.svg",
        "f.ico",
        "p.heic",
    ] {
        let e = publishable(name, Cow::Borrowed(b"<html>not a picture</html>")).err();
        assert!(
            e.is_some_and(|e| !e.is_warning() && e.message.contains("named like a picture")),
            "{name}"
        );
    }
}
