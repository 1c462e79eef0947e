//! PNG (and APNG): walked chunk by chunk, keeping only what a viewer needs.
//!
//! Kept, byte for byte with their CRCs: the critical chunks (IHDR, PLTE, IDAT, IEND), the
//! fixed-size chunks that change how pixels look (tRNS, gAMA, cHRM, sRGB, sBIT, cICP, mDCV,
//! cLLI, bKGD, pHYs) and the animation (acTL, fcTL, fdAT). A fixed-size chunk of another size
//! is not what a viewer expects, so it goes too. Everything else goes: text (tEXt, zTXt, iTXt,
//! with XMP), eXIf, tIME, iCCP (a profile has a free-text name and may name the phone; without
//! it viewers use gAMA and cHRM where the writer gave them, else sRGB), private chunks, and
//! anything after IEND.

use image::metadata::Orientation;

use super::pixels::{Size, claim};
use super::{ImageKind, Stripped, be32, invalid};
use crate::error::Result;

pub(super) const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
pub(super) const IEND: &[u8] = b"\0\0\0\0IEND\xae\x42\x60\x82";

/// Whether a chunk of this type and payload length is kept.
fn keep(kind: &[u8], len: usize) -> bool {
    match kind {
        b"IDAT" | b"fdAT" => true,
        b"IHDR" => len == 13,
        b"IEND" => len == 0,
        b"PLTE" => len.is_multiple_of(3) && len <= 768,
        b"tRNS" => len <= 256,
        b"gAMA" | b"cICP" => len == 4,
        b"cHRM" => len == 32,
        b"sRGB" => len == 1,
        b"sBIT" => (1..=4).contains(&len),
        b"mDCV" => len == 24,
        b"cLLI" | b"acTL" => len == 8,
        b"bKGD" => matches!(len, 1 | 2 | 6),
        b"pHYs" => len == 9,
        b"fcTL" => len == 26,
        _ => false,
    }
}

/// What decoding takes: the decoded picture, one or two bytes a channel; a palette becomes
/// RGB or RGBA, and transparency (tRNS) adds an alpha channel to grey and RGB.
fn header_size(ihdr: &[u8]) -> Option<Size> {
    let width = u32::try_from(be32(ihdr, 0)?).ok()?;
    let height = u32::try_from(be32(ihdr, 4)?).ok()?;
    let depth = u64::from(*ihdr.get(8)?);
    let channels = match ihdr.get(9)? {
        0 | 4 => 2,
        _ => 4,
    };
    let out = channels * if depth == 16 { 2 } else { 1 };
    Some(Size {
        width,
        height,
        out_bytes: out,
        decode_bytes: out,
    })
}

pub(super) fn strip(bytes: &[u8]) -> Result<Stripped> {
    let bad = |what: &str, at: usize| invalid(ImageKind::Png, format!("{what} at byte {at}"));
    if !bytes.starts_with(SIGNATURE) {
        return Err(bad("no PNG signature", 0));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut orientation = None;
    let mut size = None;
    let mut i = SIGNATURE.len();
    loop {
        if i == bytes.len() {
            out.extend_from_slice(IEND);
            break;
        }
        let len = be32(bytes, i).ok_or_else(|| bad("truncated chunk", i))?;
        let kind = bytes
            .get(i + 4..i + 8)
            .ok_or_else(|| bad("truncated chunk", i))?;
        if len > 0x7FFF_FFFF || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(bad("invalid chunk header", i));
        }
        let end = (i + 12)
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("truncated chunk", i))?;
        let data = &bytes[i + 8..end - 4];
        if i == SIGNATURE.len() {
            if kind != b"IHDR" || len != 13 {
                return Err(bad("first chunk is not IHDR", i));
            }
            size = header_size(data);
            if let Some(s) = size {
                claim(ImageKind::Png, u64::from(s.width), u64::from(s.height))?;
            }
        }
        if kind == b"eXIf" && orientation.is_none() {
            orientation =
                Some(Orientation::from_exif_chunk(data).unwrap_or(Orientation::NoTransforms));
        }
        if keep(kind, len) {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
        if kind == b"IEND" {
            break; // anything after IEND is not part of the picture
        }
    }
    Ok(Stripped {
        bytes: out,
        orientation: orientation.unwrap_or(Orientation::NoTransforms),
        size,
    })
}

/// An IHDR claiming a size (its CRC made right), for tests of the decoding limits.
#[cfg(test)]
pub(super) fn with_claimed_size(png: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = png.to_vec();
    out[16..20].copy_from_slice(&width.to_be_bytes());
    out[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&out[12..29]);
    out[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    out
}
