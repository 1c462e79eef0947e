use std::io::Write as _;

use super::*;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/images");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn ok<T>(r: Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn load(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).unwrap_or_else(|e| panic!("output does not decode: {e}"))
}

/// Left half red, right half blue: easy to tell which way it was turned.
fn photo(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let g = u8::try_from(y * 255 / h.max(1)).unwrap_or(0);
        if x < w / 2 {
            Rgb([220, g, 30])
        } else {
            Rgb([30, g, 220])
        }
    })
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = JpegEncoder::new_with_quality(&mut out, 90);
    ok(img
        .write_with_encoder(enc)
        .map_err(|e| Error::input(e.to_string())));
    out
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).unwrap_or(u16::MAX);
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&len.to_be_bytes());
    s.extend_from_slice(payload);
    s
}

/// `segments` inserted after SOI and the encoder's APP0, where cameras put theirs.
fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    let app0_end = 4 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    let mut out = jpeg[..app0_end].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[app0_end..]);
    out
}

/// The GPS IFD of [`exif_tiff`]: latitude 55°45'21.12" N, longitude 37°37'17.34" E.
const GPS_RATIONALS: [u32; 12] = [55, 1, 45, 1, 2112, 100, 37, 1, 37, 1, 1734, 100];

/// A little-endian TIFF (EXIF body) with an Orientation tag and a GPS IFD.
fn exif_tiff(orientation: u16) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value);
    };
    // IFD0 at 8: Orientation, GPSInfo -> 38.
    t.extend_from_slice(&2u16.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, 38u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at 38, its rationals at 92 and 116.
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 1, 2, 2, *b"N\0\0\0");
    entry(&mut t, 2, 5, 3, 92u32.to_le_bytes());
    entry(&mut t, 3, 2, 2, *b"E\0\0\0");
    entry(&mut t, 4, 5, 3, 116u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    for v in GPS_RATIONALS {
        t.extend_from_slice(&v.to_le_bytes());
    }
    t
}

fn gps_bytes() -> Vec<u8> {
    GPS_RATIONALS.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn app1_exif(orientation: u16) -> Vec<u8> {
    segment(
        0xE1,
        &[b"Exif\0\0".as_slice(), &exif_tiff(orientation)].concat(),
    )
}

const XMP: &str = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description \
    exif:GPSLatitude=\"55,45.352N\" dc:creator=\"Ivan Secret\"/></x:xmpmeta>";
const COMMENT: &[u8] = b"taken at Bolotnaya square by Ivan";

/// A phone-like JPEG: EXIF with GPS, XMP, IPTC, a comment, and a second image after EOI.
fn tagged_jpeg(img: &RgbImage, orientation: u16) -> Vec<u8> {
    let iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10\x1c\x02\x50\0\x0bIvan Secret";
    let mut j = with_segments(
        &jpeg(img),
        &[
            app1_exif(orientation),
            segment(0xE1, XMP.as_bytes()),
            segment(0xED, iptc),
            segment(0xE2, b"MPF\0II*\0"),
            segment(0xFE, COMMENT),
        ],
    );
    j.extend_from_slice(b"\xFF\xD8\xFF\xE1\0\x10Exif\0\0second image after EOI");
    j
}

fn assert_clean_jpeg(out: &[u8]) {
    assert!(!contains(out, b"Exif\0\0"), "EXIF left");
    assert!(!contains(out, b"http://ns.adobe.com/xap"), "XMP left");
    assert!(!contains(out, &gps_bytes()), "GPS coordinates left");
    assert!(!contains(out, b"II*\0"), "a TIFF (EXIF) header left");
    assert!(!contains(out, COMMENT), "comment left");
    assert!(!contains(out, b"Ivan Secret"), "IPTC/XMP author left");
    assert!(!contains(out, b"Photoshop 3.0"), "APP13 left");
    assert!(!contains(out, b"MPF\0"), "MPF left");
    assert!(out.ends_with(&[0xFF, 0xD9]), "something after EOI");
}

#[test]
fn kind_is_read_from_magic_bytes() {
    assert_eq!(kind_of(&jpeg(&photo(8, 8))), Some(ImageKind::Jpeg));
    assert_eq!(kind_of(&fixture("gps.png")), Some(ImageKind::Png));
    assert_eq!(kind_of(b"GIF89a..."), Some(ImageKind::Gif));
    assert_eq!(kind_of(b"GIF88a..."), None);
    assert_eq!(kind_of(b"\xFF\xD8"), None);
    assert_eq!(kind_of(b""), None);
}

#[test]
fn jpeg_loses_exif_gps_xmp_iptc_comment_and_keeps_its_pixels_exactly() {
    let img = photo(64, 48);
    let tagged = tagged_jpeg(&img, 1);
    assert!(contains(&tagged, &gps_bytes()), "test input lacks GPS");
    let out = ok(strip_metadata(&tagged, ImageKind::Jpeg));
    assert_clean_jpeg(&out);
    assert!(out.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]), "JFIF APP0 kept");
    // Lossless: the stripped file decodes to exactly the pixels of the untagged original.
    assert_eq!(load(&out).to_rgb8(), load(&jpeg(&img)).to_rgb8());
    assert_eq!(out, jpeg(&img), "only the added segments go");
}

#[test]
fn exiftool_tagged_progressive_jpeg_with_restarts_is_cleaned_losslessly() {
    let tagged = fixture("progressive-gps.jpg");
    let out = ok(strip_metadata(&tagged, ImageKind::Jpeg));
    for secret in [
        &b"Exif\0\0"[..],
        b"SecretModel",
        b"Ivan Secret",
        b"Bolotnaya",
        b"2012:05:06",
    ] {
        assert!(contains(&tagged, secret));
        assert!(
            !contains(&out, secret),
            "{}",
            String::from_utf8_lossy(secret)
        );
    }
    assert!(contains(&out, &[0xFF, 0xD0]), "restart markers kept");
    assert!(contains(&out, &[0xFF, 0xC2]), "still progressive");
    assert_eq!(load(&out).to_rgb8(), load(&tagged).to_rgb8());
    exiftool_finds_nothing(&out, "jpg");
}

/// An independent reader: exiftool lists no GPS, camera, author, date, comment or colour
/// profile tags. Skipped with a note when exiftool is missing, unless
/// `SAMIZDAT_REQUIRE_STOCK_TOOLS` is set (CI), where that fails.
fn exiftool_finds_nothing(bytes: &[u8], ext: &str) {
    if !std::process::Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let note = "exiftool is not installed, so the image check by an independent reader is \
                    skipped (Debian: apt-get install libimage-exiftool-perl)";
        assert!(
            std::env::var_os("SAMIZDAT_REQUIRE_STOCK_TOOLS").is_none(),
            "{note}"
        );
        let _ = writeln!(std::io::stderr(), "SKIP: {note}");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(format!("out.{ext}"));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new("exiftool")
        .args(["-a", "-G1", "-s"])
        .arg(&path)
        .output();
    let text = String::from_utf8_lossy(&out.map(|o| o.stdout).unwrap_or_default()).to_string();
    assert!(
        text.contains("ImageWidth") || text.contains("[SVG]"),
        "exiftool did not read the file: {text}"
    );
    for group in [
        "[GPS]",
        "[IFD0]",
        "[ExifIFD]",
        "[XMP",
        "[IPTC]",
        "[Photoshop]",
        "[ICC",
        "Comment",
        "Creat",
        "Model",
        "Make",
        "Artist",
        "Author",
        "Copyright",
        "Ivan",
        "Bolotnaya",
    ] {
        assert!(
            !text.contains(group),
            "exiftool still finds {group}:\n{text}"
        );
    }
}

#[test]
fn jfif_preview_is_dropped() {
    let base = jpeg(&photo(16, 16));
    let app0_end = 4 + usize::from(u16::from_be_bytes([base[4], base[5]]));
    // A JFIF APP0 with a 2x1 RGB preview.
    let mut app0 = b"JFIF\0\x01\x01\0\0\x01\0\x01\x02\x01".to_vec();
    app0.extend_from_slice(b"SECRETPRV");
    app0.truncate(14 + 6);
    let mut j = vec![0xFF, 0xD8];
    j.extend(segment(0xE0, &app0));
    j.extend_from_slice(&base[app0_end..]);
    let out = ok(strip_metadata(&j, ImageKind::Jpeg));
    assert!(out.starts_with(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    assert!(!contains(&out, b"SECRET"));
    assert_eq!(load(&out).dimensions(), (16, 16));
}

#[test]
fn orientation_6_jpeg_is_turned_upright_and_loses_its_exif() {
    let img = photo(64, 48);
    let out = ok(strip_metadata(&tagged_jpeg(&img, 6), ImageKind::Jpeg));
    assert_clean_jpeg(&out);
    let turned = load(&out).to_rgb8();
    assert_eq!(turned.dimensions(), (48, 64), "width and height swapped");
    // 90 degrees clockwise: the red left half is now on top.
    let top = turned.get_pixel(24, 4);
    let bottom = turned.get_pixel(24, 60);
    assert!(top[0] > 150 && top[2] < 100, "top is {top:?}, expected red");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is {bottom:?}, expected blue"
    );
    assert_eq!(
        out,
        ok(strip_metadata(&tagged_jpeg(&img, 6), ImageKind::Jpeg)),
        "deterministic"
    );
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let len = u32::try_from(data.len()).unwrap_or(0);
    [&len.to_be_bytes()[..], kind, data, &crc.sum().to_be_bytes()].concat()
}

fn png(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    ok(img
        .write_with_encoder(PngEncoder::new(&mut out))
        .map_err(|e| Error::input(e.to_string())));
    out
}

/// `chunks` inserted after IHDR (8 + 25 bytes), and trailing data after IEND.
fn tagged_png(img: &RgbaImage, orientation: u16) -> Vec<u8> {
    let p = png(img);
    let mut out = p[..33].to_vec();
    out.extend(png_chunk(b"tEXt", b"GPS\x0055.7539 N, 37.6208 E"));
    out.extend(png_chunk(b"eXIf", &exif_tiff(orientation)));
    out.extend(png_chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>Ivan Secret</x:xmpmeta>",
    ));
    out.extend(png_chunk(b"tIME", b"\x07\xdc\x05\x06\x13\0\0"));
    out.extend(png_chunk(b"zTXt", b"Comment\0\0x"));
    out.extend(png_chunk(b"prVt", b"unknown ancillary: Ivan Secret"));
    out.extend(png_chunk(b"gAMA", &45455u32.to_be_bytes()));
    out.extend_from_slice(&p[33..]);
    out.extend_from_slice(b"trailing GPS data");
    out
}

fn rgba(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        let a = if y < h / 2 { 255 } else { 90 };
        if x < w / 2 {
            Rgba([220, 10, 30, a])
        } else {
            Rgba([30, 10, 220, a])
        }
    })
}

#[test]
fn png_loses_text_exif_time_and_unknown_chunks_and_keeps_its_pixels() {
    let img = rgba(40, 30);
    let out = ok(strip_metadata(&tagged_png(&img, 1), ImageKind::Png));
    for chunk in [
        &b"tEXt"[..],
        b"eXIf",
        b"iTXt",
        b"tIME",
        b"zTXt",
        b"prVt",
        b"GPS",
        b"Ivan",
        b"trailing",
    ] {
        assert!(
            !contains(&out, chunk),
            "{} left",
            String::from_utf8_lossy(chunk)
        );
    }
    assert!(!contains(&out, &gps_bytes()));
    assert!(
        contains(&out, &png_chunk(b"gAMA", &45455u32.to_be_bytes())),
        "gAMA kept as it was"
    );
    assert!(out.ends_with(png::IEND));
    // The png decoder checks every CRC.
    assert_eq!(load(&out).to_rgba8(), img);
    let fixture_out = ok(strip_metadata(&fixture("gps.png"), ImageKind::Png));
    assert_eq!(
        load(&fixture_out).to_rgba8(),
        load(&fixture("gps.png")).to_rgba8()
    );
    exiftool_finds_nothing(&fixture_out, "png");
}

#[test]
fn orientation_6_png_is_turned_upright() {
    let out = ok(strip_metadata(
        &tagged_png(&rgba(40, 30), 6),
        ImageKind::Png,
    ));
    assert!(!contains(&out, b"eXIf") && !contains(&out, &gps_bytes()));
    let turned = load(&out).to_rgba8();
    assert_eq!(turned.dimensions(), (30, 40));
    assert_eq!(turned.get_pixel(15, 2)[0], 220, "red half on top");
}

#[test]
fn thumbnail_of_a_gps_tagged_jpeg_is_smaller_and_clean() {
    let tagged = tagged_jpeg(&photo(640, 480), 1);
    let thumb = ok(thumbnail(&tagged, ImageKind::Jpeg, 200));
    assert_clean_jpeg(&thumb);
    assert_eq!(load(&thumb).dimensions(), (200, 150));
    assert_eq!(
        thumb,
        ok(thumbnail(&tagged, ImageKind::Jpeg, 200)),
        "deterministic"
    );
    exiftool_finds_nothing(&thumb, "jpg");
}

#[test]
fn thumbnail_never_enlarges() {
    let tagged = tagged_jpeg(&photo(64, 48), 1);
    let thumb = ok(thumbnail(&tagged, ImageKind::Jpeg, 2000));
    assert_eq!(thumb, ok(strip_metadata(&tagged, ImageKind::Jpeg)));
    assert!(thumbnail(&tagged, ImageKind::Jpeg, 0).is_err());
}

#[test]
fn thumbnail_of_a_turned_photo_is_upright() {
    let thumb = ok(thumbnail(
        &tagged_jpeg(&photo(640, 480), 6),
        ImageKind::Jpeg,
        240,
    ));
    assert_clean_jpeg(&thumb);
    assert_eq!(load(&thumb).dimensions(), (240, 320));
    let png_thumb = ok(thumbnail(
        &tagged_png(&rgba(400, 300), 1),
        ImageKind::Png,
        100,
    ));
    let small = load(&png_thumb);
    assert_eq!(small.dimensions(), (100, 75));
    assert!(small.color().has_alpha(), "transparency kept");
    assert!(!contains(&png_thumb, &gps_bytes()) && !contains(&png_thumb, b"tEXt"));
}

#[test]
fn damaged_files_are_errors_that_say_where() {
    let j = tagged_jpeg(&photo(32, 32), 1);
    let e = strip_metadata(&j[..30], ImageKind::Jpeg).err();
    let msg = e.map(|e| e.message).unwrap_or_default();
    assert!(
        msg.starts_with("not a valid JPEG: truncated segment at byte "),
        "{msg}"
    );
    let e = strip_metadata(b"\xFF\xD8\x00\x00", ImageKind::Jpeg).err();
    assert_eq!(
        e.map(|e| e.message).unwrap_or_default(),
        "not a valid JPEG: expected a marker at byte 2"
    );
    let p = fixture("gps.png");
    let e = strip_metadata(&p[..50], ImageKind::Png).err();
    let msg = e.map(|e| e.message).unwrap_or_default();
    assert!(
        msg.starts_with("not a valid PNG: truncated chunk at byte 33"),
        "{msg}"
    );
    assert!(strip_metadata(&p, ImageKind::Jpeg).is_err());
    assert!(strip_metadata(&j, ImageKind::Png).is_err());
    assert!(thumbnail(b"\xFF\xD8\xFF\xD9", ImageKind::Jpeg, 10).is_err());
}

#[test]
fn a_jpeg_cut_short_in_its_image_data_is_closed_and_still_clean() {
    let j = tagged_jpeg(&photo(64, 48), 1);
    let eoi = j.windows(2).position(|w| w == [0xFF, 0xD9]).unwrap_or(0);
    let out = ok(strip_metadata(&j[..eoi - 40], ImageKind::Jpeg));
    assert_clean_jpeg(&out);
}

/// A small deterministic generator (xorshift), so failures can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

#[test]
fn truncated_mutated_and_random_bytes_never_panic() {
    // More rounds for a longer search: SAMIZDAT_FUZZ_ROUNDS=20000 cargo test --release ...
    let rounds: usize = std::env::var("SAMIZDAT_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    // Orientation 6 makes every call decode and re-encode, so those get fewer cuts.
    let inputs = [
        (tagged_jpeg(&photo(24, 16), 6), ImageKind::Jpeg, 5),
        (fixture("progressive-gps.jpg"), ImageKind::Jpeg, 1),
        (tagged_png(&rgba(12, 10), 6), ImageKind::Png, 3),
        (fixture("gps.png"), ImageKind::Png, 1),
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for (good, kind, stride) in &inputs {
        for len in (0..good.len()).step_by(*stride) {
            let _ = strip_metadata(&good[..len], *kind);
            if len % 50 == 0 {
                let _ = thumbnail(&good[..len], *kind, 8);
            }
        }
        for _ in 0..rounds {
            let mut bad = good.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(bad.len());
                bad[at] = u8::try_from(rng.next() & 0xFF).unwrap_or(0);
            }
            let _ = strip_metadata(&bad, *kind);
            let _ = thumbnail(&bad, *kind, 8);
        }
    }
    for _ in 0..3 * rounds {
        let len = rng.below(400);
        let mut bytes: Vec<u8> = (0..len)
            .map(|_| u8::try_from(rng.next() & 0xFF).unwrap_or(0))
            .collect();
        let kind = if rng.next().is_multiple_of(2) {
            ImageKind::Jpeg
        } else {
            ImageKind::Png
        };
        let head: &[u8] = if kind == ImageKind::Jpeg {
            b"\xFF\xD8\xFF"
        } else {
            png::SIGNATURE
        };
        bytes.splice(0..0, head.iter().copied());
        let _ = strip_metadata(&bytes, kind);
        let _ = thumbnail(&bytes, kind, 8);
    }
}

/// What must never come out: names, places, the phone, a home folder, the GPS and date text.
const CANARIES: &[&str] = &[
    "Ivan",
    "Secret",
    "Bolotnaya",
    "SM-S918B",
    "Galaxy",
    "/home/",
    "55.75",
    "2012:05:06",
    "c2pa",
];

fn assert_no_canary(out: &[u8], what: &str) {
    for c in CANARIES {
        assert!(!contains(out, c.as_bytes()), "{what}: {c} is still there");
    }
}

/// The made-up phone profile: description "Galaxy S23 Ultra SM-S918B display".
fn icc() -> Vec<u8> {
    let p = fixture("phone.icc");
    assert!(contains(&p, b"SM-S918B"));
    p
}

mod animated;
mod containers;
mod limits;
mod svg;
