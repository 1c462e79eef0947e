//! Every picture that reaches the output, cleaned of metadata; every decode of pixels, bounded.
//!
//! A photo from a phone carries where it was taken (EXIF GPS), when, with what device (also in
//! its ICC colour profile, whose description may name the phone), often a preview of the
//! uncropped original, and editing history (XMP, IPTC). A drawing carries its author, the
//! editor's file names (which hold home folders, so user names) and comments. People in
//! campaign pictures and the people who made them may be at risk, so none of that is published.
//!
//! Files are recognised by their content, never by their names ([`sniff`]): a JPEG called
//! `x.png` or `x.txt` is cleaned as a JPEG. We rewrite the container instead of re-encoding, and
//! copy only what a viewer needs to draw the picture (an allow list, so a kind of metadata we
//! have never heard of is dropped too); the pixels stay exactly as they were:
//! - JPEG ([`jpeg`]) keeps JFIF (without its preview), Adobe's colour transform and the segments
//!   that code the image. ICC profiles go: colours are then shown as sRGB.
//! - PNG ([`png`]) keeps the critical chunks, fixed-size chunks that change how pixels look
//!   (gamma, chromaticities, sRGB, transparency...) and APNG animation; iCCP goes.
//! - GIF ([`gif`]) keeps frames, their timing and the NETSCAPE2.0 loop count.
//! - WebP ([`webp`]) keeps the bitstreams, alpha and animation; EXIF, XMP and ICCP go.
//! - ICO and CUR ([`ico`]) keep their bitmaps and cleaned PNGs.
//! - SVG ([`svg`]) keeps SVG elements and attributes that draw; metadata, comments, titles,
//!   editor namespaces, scripts, unreferenced ids go, and embedded pictures are cleaned.
//!
//! Formats we cannot clean (TIFF and camera raw files, HEIC/HEIF, AVIF, JPEG XL, JPEG 2000,
//! BMP, PSD, compressed SVG) are never published: the build warns and leaves them out. A file
//! that claims to be a picture (by its first bytes, or a picture's name) and cannot be read is
//! an error; its bytes are never published raw.
//!
//! The one re-encoding: when EXIF says a JPEG or PNG must be turned (orientation 2 to 8),
//! dropping the tag alone would publish it sideways, so it is decoded, turned and saved again
//! ([`pixels`]: JPEG at quality 92, PNG losslessly). Every decode checks the size the file
//! claims against [`MAX_PIXELS`] and [`MAX_MEMORY`] first.

mod gif;
mod ico;
mod jpeg;
mod pixels;
mod png;
mod svg;
mod webp;

use std::borrow::Cow;

use image::metadata::Orientation;

use crate::error::{Error, Result};

pub use pixels::{MAX_MEMORY, MAX_PIXELS, thumbnail};

/// JPEG quality when a turned photo must be re-encoded: high, as it replaces the original.
pub(crate) const ROTATED_QUALITY: u8 = 92;
/// JPEG quality of thumbnails.
pub(crate) const THUMBNAIL_QUALITY: u8 = 85;

/// The picture formats we clean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Gif,
    WebP,
    /// Windows icons and cursors (`favicon.ico`).
    Ico,
    Svg,
}

impl ImageKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "JPEG",
            ImageKind::Png => "PNG",
            ImageKind::Gif => "GIF",
            ImageKind::WebP => "WebP",
            ImageKind::Ico => "ICO",
            ImageKind::Svg => "SVG",
        }
    }
}

/// What a file is, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A picture we clean.
    Clean(ImageKind),
    /// A picture we cannot clean, by the name of its format: never published.
    Refused(&'static str),
    /// Not a picture (as far as its first bytes tell).
    Other,
}

/// Magic bytes of formats we cannot clean. Checked after the ones we clean.
const REFUSED: &[(&[u8], &str)] = &[
    (b"II*\0", "TIFF"),
    (b"MM\0*", "TIFF"),
    (b"II+\0", "TIFF"),
    (b"MM\0+", "TIFF"),
    (b"IIRO", "camera raw (ORF)"),
    (b"IIRS", "camera raw (ORF)"),
    (b"IIU\0", "camera raw (RW2)"),
    (b"FUJIFILMCCD-RAW", "camera raw (RAF)"),
    (b"\0\0\0\x0CJXL \r\n\x87\n", "JPEG XL"),
    (b"\xFF\x0A", "JPEG XL"),
    (b"\0\0\0\x0CjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xFF\x4F\xFF\x51", "JPEG 2000"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"v/1\x01", "OpenEXR"),
];

/// ISO base media brands (`ftyp`) of pictures: HEIC from phones, AVIF, Canon raw.
const PICTURE_BRANDS: &[(&[u8; 4], &str)] = &[
    (b"heic", "HEIC"),
    (b"heix", "HEIC"),
    (b"heim", "HEIC"),
    (b"heis", "HEIC"),
    (b"hevc", "HEIC"),
    (b"hevx", "HEIC"),
    (b"hevm", "HEIC"),
    (b"hevs", "HEIC"),
    (b"mif1", "HEIF"),
    (b"mif2", "HEIF"),
    (b"msf1", "HEIF"),
    (b"avif", "AVIF"),
    (b"avis", "AVIF"),
    (b"avio", "AVIF"),
    (b"jxl ", "JPEG XL"),
    (b"crx ", "camera raw (CR3)"),
];

/// What `bytes` hold, by their content whatever the file is called.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let kind = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(png::SIGNATURE) {
        Some(ImageKind::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(ImageKind::WebP)
    } else if ico::claims(bytes) {
        Some(ImageKind::Ico)
    } else if svg::claims(bytes) {
        Some(ImageKind::Svg)
    } else {
        None
    };
    if let Some(k) = kind {
        return Sniffed::Clean(k);
    }
    if let Some((_, name)) = REFUSED.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Sniffed::Refused(name);
    }
    if let Some(name) = iso_media_picture(bytes) {
        return Sniffed::Refused(name);
    }
    if is_bmp(bytes) {
        return Sniffed::Refused("BMP");
    }
    if svg::is_compressed_svg(bytes) {
        return Sniffed::Refused("compressed SVG (.svgz)");
    }
    Sniffed::Other
}

/// Whether a file that starts with `head` (its first 64 KiB, or all of it) and is called `name`
/// is, or claims to be, a picture: such a file is read whole and judged by [`publishable`];
/// any other is published as it is, and may be copied without reading it into memory.
pub fn is_picture(name: &str, head: &[u8]) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !matches!(sniff(head), Sniffed::Other)
        || ext.is_some_and(|e| PICTURE_EXTENSIONS.contains(&e.as_str()))
}

/// The kind of picture `bytes` hold if it is one we clean, by content (the first bytes, and
/// for SVG the start of the XML).
pub fn kind_of(bytes: &[u8]) -> Option<ImageKind> {
    match sniff(bytes) {
        Sniffed::Clean(k) => Some(k),
        _ => None,
    }
}

/// An ISO base media file (`....ftyp`) whose brands say it is a picture.
fn iso_media_picture(bytes: &[u8]) -> Option<&'static str> {
    if bytes.get(4..8) != Some(b"ftyp") {
        return None;
    }
    let size = usize::try_from(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?)).ok()?;
    let brands = bytes.get(8..size.clamp(12, 256).min(bytes.len()))?;
    // The major brand, then (after the minor version) the compatible ones.
    brands
        .chunks_exact(4)
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .find_map(|(_, b)| PICTURE_BRANDS.iter().find(|(p, _)| p.as_slice() == b))
        .map(|(_, name)| *name)
}

/// `BM`, then a header whose DIB header has one of the sizes Windows and OS/2 define.
fn is_bmp(bytes: &[u8]) -> bool {
    bytes.starts_with(b"BM")
        && bytes
            .get(14..18)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .is_some_and(|n| matches!(n, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124))
}

/// Extensions of picture files: such a file must be a picture we can read, or it is an error
/// (a damaged photo or a renamed document is not published raw under a picture's name).
const PICTURE_EXTENSIONS: &[&str] = &[
    "apng", "arw", "avif", "bmp", "cr2", "cr3", "cur", "dib", "dng", "gif", "heic", "heif", "hif",
    "ico", "j2k", "jfif", "jp2", "jpe", "jpeg", "jpf", "jpg", "jpx", "jxl", "nef", "orf", "pjp",
    "pjpeg", "png", "psd", "raf", "rw2", "svg", "svgz", "tif", "tiff", "webp",
];

/// Extensions of picture formats we cannot clean, with the format's name: such a file is
/// left out by its name ([`crate::content::publish`]) before its content is read.
const CANNOT_CLEAN: &[(&str, &str)] = &[
    ("tif", "TIFF"),
    ("tiff", "TIFF"),
    ("dng", "camera raw (DNG)"),
    ("cr2", "camera raw (CR2)"),
    ("cr3", "camera raw (CR3)"),
    ("nef", "camera raw (NEF)"),
    ("arw", "camera raw (ARW)"),
    ("orf", "camera raw (ORF)"),
    ("rw2", "camera raw (RW2)"),
    ("raf", "camera raw (RAF)"),
    ("heic", "HEIC"),
    ("heif", "HEIF"),
    ("hif", "HEIF"),
    ("avif", "AVIF"),
    ("jxl", "JPEG XL"),
    ("jp2", "JPEG 2000"),
    ("j2k", "JPEG 2000"),
    ("jpf", "JPEG 2000"),
    ("jpx", "JPEG 2000"),
    ("bmp", "BMP"),
    ("dib", "BMP"),
    ("psd", "Photoshop (PSD)"),
    ("exr", "OpenEXR"),
    ("svgz", "compressed SVG (.svgz)"),
];

/// The format of a picture samizdat cannot clean, by its extension (lower case).
pub(crate) fn cannot_clean_by_name(ext: &str) -> Option<&'static str> {
    CANNOT_CLEAN
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, format)| *format)
}

/// The warning for a picture left out because samizdat cannot clean its `format`.
pub(crate) fn cannot_clean(format: &str) -> Error {
    Error::warning(format!(
        "not published: samizdat cannot remove the hidden data (camera, date, GPS position, \
         author) of {format} files"
    ))
    .hint("convert it to JPEG, PNG or WebP (a drawing to plain SVG) and link to that file")
}

/// The bytes to publish for the file `name` (its path in the output, for its extension).
///
/// A picture comes back cleaned ([`strip_metadata`]); any other file (and an empty one) as it
/// is. The error is
/// a warning when the file must be left out (a picture we cannot clean) and an error when it
/// is a damaged picture, or not a picture under a picture's name. It has no path; the caller
/// adds it.
pub fn publishable<'a>(name: &str, bytes: Cow<'a, [u8]>) -> Result<Cow<'a, [u8]>> {
    match sniff(&bytes) {
        Sniffed::Clean(kind) => strip_metadata(&bytes, kind).map(Cow::Owned),
        Sniffed::Refused(format) => Err(cannot_clean(format)),
        // An empty file holds nothing to leak (a placeholder).
        Sniffed::Other if bytes.is_empty() => Ok(bytes),
        Sniffed::Other => {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            match ext.filter(|e| PICTURE_EXTENSIONS.contains(&e.as_str())) {
                Some(ext) => Err(Error::input(format!(
                    "named like a picture (.{ext}) but its content is not a picture samizdat \
                     can read (JPEG, PNG, GIF, WebP, ICO or SVG)"
                ))
                .hint("open it in an image editor and save it as JPEG, PNG or WebP, or remove it")),
                None => Ok(bytes),
            }
        }
    }
}

/// A container rewritten without metadata, and what it needs to be drawn upright.
pub(crate) struct Stripped {
    pub(crate) bytes: Vec<u8>,
    /// From the first EXIF block: how the stored picture must be turned to be upright.
    pub(crate) orientation: Orientation,
    /// The size the header claims, for decoders (JPEG and PNG).
    pub(crate) size: Option<pixels::Size>,
}

/// A copy of the picture with no metadata, turned upright if EXIF said to. The error has no
/// path; the caller adds it.
pub fn strip_metadata(bytes: &[u8], kind: ImageKind) -> Result<Vec<u8>> {
    pixels::upright(strip(bytes, kind)?, kind)
}

pub(crate) fn strip(bytes: &[u8], kind: ImageKind) -> Result<Stripped> {
    let plain = |bytes| Stripped {
        bytes,
        orientation: Orientation::NoTransforms,
        size: None,
    };
    match kind {
        ImageKind::Jpeg => jpeg::strip(bytes),
        ImageKind::Png => png::strip(bytes),
        ImageKind::Gif => gif::strip(bytes).map(plain),
        ImageKind::WebP => webp::strip(bytes).map(plain),
        ImageKind::Ico => ico::strip(bytes).map(plain),
        ImageKind::Svg => svg::strip(bytes).map(plain),
    }
}

/// A picture embedded in another (an SVG's `data:` image, an icon's PNG), cleaned: only the
/// kinds we clean, never anything else.
pub(crate) fn strip_embedded(bytes: &[u8], depth: usize) -> Result<Vec<u8>> {
    match sniff(bytes) {
        Sniffed::Clean(ImageKind::Svg) if depth < svg::MAX_EMBEDDING => {
            svg::strip_nested(bytes, depth + 1)
        }
        Sniffed::Clean(ImageKind::Svg) => Err(Error::input("SVG images nested too deeply")),
        Sniffed::Clean(kind) => strip_metadata(bytes, kind),
        Sniffed::Refused(format) => Err(Error::input(format!(
            "it holds a {format} picture, which samizdat cannot clean of hidden data"
        ))),
        Sniffed::Other => Err(Error::input("it holds a picture samizdat cannot read")),
    }
}

fn invalid(kind: ImageKind, why: impl std::fmt::Display) -> Error {
    Error::input(format!("not a valid {}: {why}", kind.name()))
        .hint("open the picture in an image editor and save it again")
}

fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
}

fn le16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn le32(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

#[cfg(test)]
mod tests;
