//! Decoding pixels, bounded: turning photos upright and making thumbnails.
//!
//! A file of a few kilobytes can claim 65535 × 65535 pixels, and a decoder believes it: 12.8 GB
//! of memory, then the machine's out-of-memory killer. So before anything is decoded, the size
//! the header claims (read by our own walk of the container) is checked against
//! [`MAX_PIXELS`] and against [`MAX_MEMORY`] for what the whole job will hold at once (the
//! decoder's buffers, the turned copy); the decoder is then given the same limits and its own
//! reading of the header is checked again. Only JPEG and PNG are ever decoded.
//!
//! Decodes that need a lot of memory run one at a time across the build's threads, so that
//! several large photos cannot add up past the limit.

use std::io::Cursor;
use std::sync::{Mutex, MutexGuard, PoisonError};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{ColorType, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{ImageKind, ROTATED_QUALITY, Stripped, THUMBNAIL_QUALITY, invalid, strip};
use crate::error::{Error, Result};

/// The most pixels samizdat decodes: 200 megapixels, the largest phone sensors
/// (16320 × 12240); 48-megapixel photos are 8000 × 6000.
pub const MAX_PIXELS: u64 = 200_000_000;
/// The most memory one picture may take to turn or shrink: 1 GB. A colour JPEG takes 3 bytes a
/// pixel to shrink and 6 to turn (a second copy), so any photo up to 200 megapixels can be
/// shrunk and up to 166 turned; a progressive JPEG also holds its coefficients (9 and 12
/// bytes a pixel: 111 and 83 megapixels).
pub const MAX_MEMORY: u64 = 1_000_000_000;
/// Jobs that need more than this run one at a time.
const BIG: u64 = 250_000_000;
static BIG_JOBS: Mutex<()> = Mutex::new(());

/// The size a header claims, and the bytes a pixel takes in the decoder and once decoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Size {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Bytes a pixel of the decoded picture.
    pub(crate) out_bytes: u64,
    /// Bytes a pixel while decoding (the picture and the decoder's own buffers).
    pub(crate) decode_bytes: u64,
}

impl Size {
    fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

fn megapixels(n: u64) -> String {
    if n.is_multiple_of(1_000_000) {
        format!("{} megapixels", n / 1_000_000)
    } else {
        format!("{:.1} megapixels", n as f64 / 1e6)
    }
}

fn gigabytes(n: u64) -> String {
    if n.is_multiple_of(1_000_000_000) {
        format!("{} GB", n / 1_000_000_000)
    } else {
        format!("{:.1} GB", n as f64 / 1e9)
    }
}

/// What to do about a picture over a limit.
const TOO_LARGE: &str = "make it smaller in an image editor and save it again (a file of a few \
    kilobytes that claims a huge size is damaged or made to crash programs: remove it)";

/// Refuses a picture whose header claims more than [`MAX_PIXELS`], as soon as the container
/// walk reads the claim and before anything is decoded or copied: readers' browsers would
/// have to decode it (gigabytes from a file of kilobytes), and no photo is that large.
pub(super) fn claim(kind: ImageKind, width: u64, height: u64) -> Result<()> {
    let pixels = width.saturating_mul(height);
    if pixels > MAX_PIXELS {
        return Err(Error::input(format!(
            "this {} is {width} × {height} pixels ({}): samizdat publishes pictures of at most {}",
            kind.name(),
            megapixels(pixels),
            megapixels(MAX_PIXELS)
        ))
        .hint(TOO_LARGE));
    }
    Ok(())
}

/// Checks `size` (plus `extra` bytes the job holds beside the decoded picture) against the
/// limits before anything is decoded, and returns the memory the job takes.
pub(super) fn budget(kind: ImageKind, size: Size, extra: u64, doing: &str) -> Result<u64> {
    let pixels = size.pixels();
    let claims = format!("{} × {} pixels", size.width, size.height);
    if pixels == 0 {
        return Err(invalid(kind, format!("its header says {claims}")));
    }
    let hint = TOO_LARGE;
    if pixels > MAX_PIXELS {
        return Err(Error::input(format!(
            "this {} is {claims} ({}): samizdat can {doing} pictures of at most {}",
            kind.name(),
            megapixels(pixels),
            megapixels(MAX_PIXELS)
        ))
        .hint(hint));
    }
    let need = pixels
        .saturating_mul(size.decode_bytes)
        .saturating_add(extra);
    if need > MAX_MEMORY {
        return Err(Error::input(format!(
            "to {doing} this {} of {claims} samizdat would need {} of memory, over its limit of {}",
            kind.name(),
            gigabytes(need),
            gigabytes(MAX_MEMORY)
        ))
        .hint(hint));
    }
    Ok(need)
}

/// One big job at a time; small ones run freely.
fn big_job(need: u64) -> Option<MutexGuard<'static, ()>> {
    (need > BIG).then(|| BIG_JOBS.lock().unwrap_or_else(PoisonError::into_inner))
}

/// The pixels of a stripped JPEG or PNG whose header claims `size`, already checked with
/// [`budget`]. The decoder gets the same limits, and what it reads must match.
fn decode(bytes: &[u8], kind: ImageKind, size: Size) -> Result<DynamicImage> {
    let format = match kind {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        _ => return Err(invalid(kind, "samizdat does not decode this format")),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(size.width);
    limits.max_image_height = Some(size.height);
    limits.max_alloc = Some(MAX_MEMORY);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| invalid(kind, e))?;
    let claimed = size.pixels().saturating_mul(size.out_bytes);
    if decoder.dimensions() != (size.width, size.height) || decoder.total_bytes() > claimed {
        return Err(invalid(kind, "its headers disagree about its size"));
    }
    DynamicImage::from_decoder(decoder).map_err(|e| invalid(kind, e))
}

/// Whether the orientation swaps width and height (needs a second copy of the picture).
fn turns(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The stripped picture, turned upright if its EXIF said to (decoded and re-encoded).
pub(super) fn upright(s: Stripped, kind: ImageKind) -> Result<Vec<u8>> {
    let o = s.orientation;
    if o == Orientation::NoTransforms {
        return Ok(s.bytes);
    }
    let cannot =
        |e: Error| {
            Error::input(format!(
                "cannot turn this {} upright as its EXIF orientation asks: {}",
                kind.name(),
                e.message
            ))
            .hint(e.hint.unwrap_or_else(|| {
                "turn the picture in an image editor and save it again".to_string()
            }))
        };
    let size = s
        .size
        .ok_or_else(|| invalid(kind, "no picture size in its header"))
        .map_err(cannot)?;
    let copy = if turns(o) {
        size.pixels().saturating_mul(size.out_bytes)
    } else {
        0
    };
    let need = budget(kind, size, copy, "turn upright")?;
    let _one_at_a_time = big_job(need);
    let mut img = decode(&s.bytes, kind, size).map_err(cannot)?;
    img.apply_orientation(o);
    encode(&img, kind, ROTATED_QUALITY)
}

/// A copy at most `max_width` pixels wide (never enlarged: a smaller picture comes back as
/// [`super::strip_metadata`] gives it), upright, without metadata, resized with Catmull-Rom
/// and (JPEG) written at quality 85. Same input, same bytes. JPEG and PNG only.
pub fn thumbnail(bytes: &[u8], kind: ImageKind, max_width: u32) -> Result<Vec<u8>> {
    if max_width == 0 {
        return Err(Error::input("a thumbnail must be at least 1 pixel wide"));
    }
    if !matches!(kind, ImageKind::Jpeg | ImageKind::Png) {
        return Err(Error::input(format!(
            "samizdat makes smaller copies of JPEG and PNG pictures only, not {}",
            kind.name()
        ))
        .hint("convert it to JPEG"));
    }
    let s = strip(bytes, kind)?;
    let size = s
        .size
        .ok_or_else(|| invalid(kind, "no picture size in its header"))?;
    let o = s.orientation;
    let (w, h) = if turns(o) {
        (size.height, size.width)
    } else {
        (size.width, size.height)
    };
    if w <= max_width {
        return upright(s, kind);
    }
    let new_h = (u64::from(h) * u64::from(max_width) + u64::from(w) / 2) / u64::from(w.max(1));
    let new_h = u32::try_from(new_h.max(1)).unwrap_or(u32::MAX);
    // Shrunk as stored, then turned: the full-size picture is never copied.
    let (rw, rh) = if turns(o) {
        (new_h, max_width)
    } else {
        (max_width, new_h)
    };
    // Resizing holds one pass at full height in floats: 16 bytes a pixel.
    let pass = u64::from(rw) * u64::from(size.height) * 16;
    let need = budget(kind, size, pass, "shrink")?;
    let small = {
        let _one_at_a_time = big_job(need);
        let img = decode(&s.bytes, kind, size)?;
        // Catmull-Rom: as sharp as Lanczos3 to the eye at thumbnail sizes, a quarter faster.
        img.resize_exact(rw, rh, FilterType::CatmullRom)
    };
    let mut small = small;
    small.apply_orientation(o);
    encode(&small, kind, THUMBNAIL_QUALITY)
}

fn encode(img: &DynamicImage, kind: ImageKind, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let fail =
        |e: image::ImageError| Error::input(format!("could not encode {}: {e}", kind.name()));
    match kind {
        ImageKind::Png => {
            let enc =
                PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive);
            img.write_with_encoder(enc).map_err(fail)?;
        }
        _ => {
            let enc = JpegEncoder::new_with_quality(&mut out, quality);
            // JPEG has no alpha and 8 bits a channel; what it can take is written without a copy.
            match img.color() {
                ColorType::L8 | ColorType::Rgb8 => img.write_with_encoder(enc),
                ColorType::La8 | ColorType::L16 | ColorType::La16 => {
                    DynamicImage::ImageLuma8(img.to_luma8()).write_with_encoder(enc)
                }
                _ => DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(enc),
            }
            .map_err(fail)?;
        }
    }
    // The encoders write no metadata today; this keeps it true whatever they do tomorrow.
    Ok(strip(&out, kind)?.bytes)
}
