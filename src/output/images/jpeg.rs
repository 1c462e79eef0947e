//! JPEG: walked segment by segment, keeping only the segments that code the picture.
//!
//! Kept: APP0 JFIF (rebuilt without its embedded preview, which may show the uncropped
//! original), APP14 Adobe (its 12 bytes that say how colours are coded), and SOFn, DHT, DAC,
//! DQT, DRI, SOS, DNL, DHP, EXP with the entropy-coded data. Everything else goes: EXIF, XMP,
//! IPTC, comments, MPF, C2PA, and APP2 ICC_PROFILE (a phone's profile may name the phone;
//! without it, viewers show the colours as sRGB). So does everything after EOI, where MPF
//! appends further images, each with its own EXIF. A JPEG cut short inside its image data gets
//! an EOI marker (browsers show such files, so refusing them would only break builds); any
//! other damage is an error saying where.

use image::metadata::Orientation;

use super::pixels::{Size, claim};
use super::{ImageKind, Stripped, be16, invalid};
use crate::error::Result;

/// Whether a segment with this marker and payload codes the picture.
fn keep_segment(marker: u8) -> bool {
    match marker {
        // SOF0-15, DHT (C4), DAC (CC); C8 is reserved.
        0xC0..=0xCF => marker != 0xC8,
        // SOS, DQT, DNL, DRI, DHP, EXP.
        0xDA..=0xDF => true,
        _ => false,
    }
}

/// The size a frame header (SOFn) claims, and what decoding it takes: the decoder writes a
/// byte a pixel for each component (at most four); a progressive one also holds every
/// coefficient, two bytes a sample of each component, until the last scan.
fn frame_size(marker: u8, payload: &[u8]) -> Option<Size> {
    let height = u32::try_from(be16(payload, 1)?).ok()?;
    let width = u32::try_from(be16(payload, 3)?).ok()?;
    let components = u64::from(*payload.get(5)?);
    let out = components.clamp(1, 4);
    let progressive = matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE);
    Some(Size {
        width,
        height,
        out_bytes: out,
        decode_bytes: out + if progressive { 2 * components } else { 0 },
    })
}

pub(super) fn strip(bytes: &[u8]) -> Result<Stripped> {
    let bad = |what: &str, at: usize| invalid(ImageKind::Jpeg, format!("{what} at byte {at}"));
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(bad("no start-of-image marker", 0));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut orientation = None;
    let mut size = None;
    let mut i = 2;
    loop {
        let Some(&b) = bytes.get(i) else {
            // Ended between segments without EOI: close it.
            out.extend_from_slice(&[0xFF, 0xD9]);
            break;
        };
        if b != 0xFF {
            return Err(bad("expected a marker", i));
        }
        let start = i;
        while bytes.get(i) == Some(&0xFF) {
            i += 1; // fill bytes before a marker
        }
        let Some(&marker) = bytes.get(i) else {
            return Err(bad("truncated segment", start));
        };
        i += 1;
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                break; // anything after EOI is not part of the picture
            }
            0x01 | 0xD0..=0xD7 => out.extend_from_slice(&[0xFF, marker]),
            0x00 | 0xD8 => return Err(bad(&format!("unexpected marker 0x{marker:02X}"), start)),
            _ => {
                let len = be16(bytes, i).ok_or_else(|| bad("truncated segment", start))?;
                if len < 2 {
                    return Err(bad("invalid segment length", start));
                }
                let end = i + len;
                let payload = bytes
                    .get(i + 2..end)
                    .ok_or_else(|| bad("truncated segment", start))?;
                if marker == 0xE1
                    && orientation.is_none()
                    && let Some(tiff) = payload.strip_prefix(b"Exif\0\0")
                {
                    // Only the first EXIF block counts, as in viewers.
                    let o = Orientation::from_exif_chunk(tiff);
                    orientation = Some(o.unwrap_or(Orientation::NoTransforms));
                }
                if marker == 0xE0 && payload.starts_with(b"JFIF\0") && payload.len() >= 14 {
                    // The header without its preview: length 16, preview 0 x 0.
                    out.extend_from_slice(&[0xFF, 0xE0, 0, 16]);
                    out.extend_from_slice(&payload[..12]);
                    out.extend_from_slice(&[0, 0]);
                } else if marker == 0xEE && payload.starts_with(b"Adobe") && payload.len() >= 12 {
                    // "Adobe", version, two flag words, colour transform: nothing else.
                    out.extend_from_slice(&[0xFF, 0xEE, 0, 14]);
                    out.extend_from_slice(&payload[..12]);
                } else if keep_segment(marker) {
                    if size.is_none()
                        && matches!(marker, 0xC0..=0xCF)
                        && ![0xC4, 0xC8, 0xCC].contains(&marker)
                    {
                        let frame = frame_size(marker, payload)
                            .ok_or_else(|| bad("truncated frame header", start))?;
                        claim(
                            ImageKind::Jpeg,
                            u64::from(frame.width),
                            u64::from(frame.height),
                        )?;
                        size = Some(frame);
                    }
                    out.extend_from_slice(&[0xFF, marker]);
                    out.extend_from_slice(&bytes[i..end]);
                }
                i = end;
                if marker == 0xDA {
                    let scan_end = entropy_coded_end(bytes, i);
                    out.extend_from_slice(&bytes[i..scan_end]);
                    i = scan_end;
                }
            }
        }
    }
    Ok(Stripped {
        bytes: out,
        orientation: orientation.unwrap_or(Orientation::NoTransforms),
        size,
    })
}

/// Where the entropy-coded data that starts at `from` ends: at the first marker other than
/// a stuffed zero (FF 00) or a restart (FF D0-D7), or at the end of the file.
fn entropy_coded_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    loop {
        let Some(ff) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
        else {
            return bytes.len();
        };
        i += ff;
        match bytes.get(i + 1) {
            Some(0x00 | 0xD0..=0xD7) => i += 2,
            Some(_) => return i,
            None => return bytes.len(),
        }
    }
}

/// A frame header claiming a size, for tests of the decoding limits.
#[cfg(test)]
pub(super) fn with_claimed_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let mut i = 2;
    while let (Some(&m), Some(len)) = (out.get(i + 1), be16(&out, i + 2)) {
        if matches!(m, 0xC0..=0xC3) {
            out[i + 5..i + 7].copy_from_slice(&height.to_be_bytes());
            out[i + 7..i + 9].copy_from_slice(&width.to_be_bytes());
            break;
        }
        i += 2 + len;
    }
    out
}
