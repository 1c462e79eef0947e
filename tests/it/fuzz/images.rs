//! Tiny real pictures for the seed site, each carrying the metadata a phone or an editor leaves
//! behind (EXIF, XMP, ICC profiles, IPTC, comments, PNG text chunks, GIF comments, WebP EXIF and
//! XMP, SVG `<metadata>` and comments), with a canary in every such place.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};

/// A 16x16 picture with a little structure, so encoders produce real data.
fn pixels() -> Vec<u8> {
    let mut v = Vec::with_capacity(16 * 16 * 3);
    for y in 0..16u8 {
        for x in 0..16u8 {
            v.extend([x * 16, y * 16, 128 ^ (x * y)]);
        }
    }
    v
}

/// A TIFF block (what EXIF and PNG eXIf hold) with an ImageDescription and an Orientation of 1.
fn tiff(text: &str) -> Vec<u8> {
    let desc = format!("{text}\0");
    let mut t = b"II*\0\x08\0\0\0".to_vec();
    t.extend(2u16.to_le_bytes()); // two entries
    // ImageDescription (0x010E), ASCII, count, offset to the text after the IFD.
    t.extend(0x010Eu16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend((desc.len() as u32).to_le_bytes());
    t.extend((8 + 2 + 2 * 12 + 4u32).to_le_bytes());
    // Orientation (0x0112), SHORT, 1, value 1.
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(0u32.to_le_bytes()); // no next IFD
    t.extend(desc.as_bytes());
    t
}

/// A small ICC profile whose description names the device, as a phone's does.
pub fn icc_profile(text: &str) -> Vec<u8> {
    let desc = text.as_bytes();
    let mut tag = b"desc\0\0\0\0".to_vec();
    tag.extend((desc.len() as u32 + 1).to_be_bytes());
    tag.extend(desc);
    tag.push(0);
    tag.extend([0u8; 12]); // empty Unicode and ScriptCode parts
    while !tag.len().is_multiple_of(4) {
        tag.push(0);
    }
    let tag_offset = 128 + 4 + 12;
    let size = tag_offset + tag.len();
    let mut p = Vec::with_capacity(size);
    p.extend((size as u32).to_be_bytes());
    p.extend(b"appl"); // preferred CMM
    p.extend([2, 0x10, 0, 0]); // version 2.1
    p.extend(b"mntrRGB XYZ ");
    p.extend([0x07, 0xE0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]); // date
    p.extend(b"acspAPPL");
    p.extend([0u8; 4]); // flags
    p.extend(b"APPL"); // device manufacturer
    p.extend([0u8; 4 + 8 + 4]); // model, attributes, intent
    p.extend([0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D]); // D50
    p.extend(b"appl");
    p.resize(128, 0);
    p.extend(1u32.to_be_bytes());
    p.extend(b"desc");
    p.extend((tag_offset as u32).to_be_bytes());
    p.extend((tag.len() as u32).to_be_bytes());
    p.extend(tag);
    p
}

fn jpeg_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(((payload.len() + 2) as u16).to_be_bytes());
    s.extend(payload);
    s
}

/// A real JPEG with EXIF, XMP, an ICC profile, IPTC and a comment, each holding `canary`
/// followed by the place's name (`{canary}exif`...). Without a canary, a clean JPEG.
pub fn jpeg(canary: Option<&str>) -> Vec<u8> {
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 80)
        .write_image(&pixels(), 16, 16, ExtendedColorType::Rgb8)
        .expect("encode jpeg");
    let Some(c) = canary else {
        return plain;
    };
    let mut meta = Vec::new();
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(tiff(&format!("Taken at Lubyanka {c}exif")));
    meta.extend(jpeg_segment(0xE1, &exif));
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description creator=\"{c}xmp\"/></rdf:RDF></x:xmpmeta>"
    );
    meta.extend(jpeg_segment(0xE1, xmp.as_bytes()));
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend(icc_profile(&format!("Pixel 7 {c}icc")));
    meta.extend(jpeg_segment(0xE2, &icc));
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let rec = format!("\x1c\x02\x50\0\x0c{c}iptc");
    iptc.extend((rec.len() as u32).to_be_bytes());
    iptc.extend(rec.as_bytes());
    meta.extend(jpeg_segment(0xED, &iptc));
    meta.extend(jpeg_segment(0xFE, format!("{c}comment").as_bytes()));
    // After SOI and the encoder's JFIF APP0 (if any), before the tables.
    let at = if plain.get(2..4) == Some(&[0xFF, 0xE0]) {
        4 + u16::from_be_bytes([plain[4], plain[5]]) as usize
    } else {
        2
    };
    let mut out = plain[..at].to_vec();
    out.extend(meta);
    out.extend(&plain[at..]);
    out
}

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    c.extend(crc.sum().to_be_bytes());
    c
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).expect("zlib");
    z.finish().expect("zlib")
}

/// A real PNG with an ICC profile named by `canary`, text, international text (XMP) and EXIF
/// chunks, and a time stamp. Without a canary, a clean PNG.
pub fn png(canary: Option<&str>) -> Vec<u8> {
    let mut plain = Vec::new();
    PngEncoder::new(&mut plain)
        .write_image(&pixels(), 16, 16, ExtendedColorType::Rgb8)
        .expect("encode png");
    let Some(c) = canary else {
        return plain;
    };
    // Signature (8) + IHDR (25).
    let ihdr_end = 8 + 25;
    let mut meta = Vec::new();
    let mut iccp = format!("{c}iccpname").into_bytes();
    iccp.extend([0, 0]);
    iccp.extend(zlib(&icc_profile(&format!("Galaxy S21 {c}iccpdesc"))));
    meta.extend(png_chunk(b"iCCP", &iccp));
    meta.extend(png_chunk(b"tEXt", format!("Comment\0{c}text").as_bytes()));
    meta.extend(png_chunk(
        b"iTXt",
        format!("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><rdf:Description creator=\"{c}itxt\"/></x:xmpmeta>").as_bytes(),
    ));
    meta.extend(png_chunk(b"eXIf", &tiff(&format!("{c}exif"))));
    meta.extend(png_chunk(b"tIME", &[0x07, 0xE9, 3, 14, 9, 30, 0]));
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(meta);
    out.extend(&plain[ihdr_end..]);
    out
}

/// A 1x1 GIF89a with a comment extension and an XMP application extension.
pub fn gif(canary: &str) -> Vec<u8> {
    let mut g = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xc0\x30\x20\xff\xff\xff".to_vec();
    let comment = format!("{canary}comment");
    g.extend([0x21, 0xFE, comment.len() as u8]);
    g.extend(comment.as_bytes());
    g.push(0);
    // XMP: an application extension; its data in sub-blocks (one here, under 255 bytes).
    let xmp = format!("<x:xmpmeta><rdf:Description creator=\"{canary}xmp\"/></x:xmpmeta>");
    g.extend([0x21, 0xFF, 0x0B]);
    g.extend(b"XMP DataXMP");
    g.push(xmp.len() as u8);
    g.extend(xmp.as_bytes());
    g.push(0);
    g.extend(b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b");
    g
}

fn riff_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = kind.to_vec();
    c.extend((data.len() as u32).to_le_bytes());
    c.extend(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// A 2x2 lossless WebP (extended form) with EXIF and XMP chunks.
pub fn webp(canary: &str) -> Vec<u8> {
    // The VP8L bitstream cwebp writes for a 2x2 picture of one colour.
    const VP8L: &[u8] = &[
        0x2f, 0x01, 0x40, 0x00, 0x00, 0x07, 0x50, 0x98, 0x02, 0x17, 0xa4, 0xff, 0x81, 0x88, 0xe8,
        0x7f, 0x00,
    ];
    let mut vp8x = vec![0x0C, 0, 0, 0]; // EXIF and XMP present
    vp8x.extend([1, 0, 0, 1, 0, 0]); // canvas 2x2 (minus one, 24-bit each)
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &vp8x));
    body.extend(riff_chunk(b"VP8L", VP8L));
    body.extend(riff_chunk(b"EXIF", &tiff(&format!("{canary}exif"))));
    body.extend(riff_chunk(
        b"XMP ",
        format!("<x:xmpmeta><rdf:Description creator=\"{canary}xmp\"/></x:xmpmeta>").as_bytes(),
    ));
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// An SVG drawing as an editor saves it: metadata, a comment, an editor's namespace.
pub fn svg(canary: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- Created by {canary}comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="40" height="20" viewBox="0 0 40 20" inkscape:export-filename="/home/{canary}inkscape/banner.png">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description about="{canary}metadata"/></rdf:RDF></metadata>
  <title>Free them all</title>
  <rect x="1" y="1" width="38" height="18" fill="#c03020"/>
</svg>
"##
    )
}
