//! GIF: walked block by block, keeping the frames, their timing and the loop count.
//!
//! Kept, byte for byte: the header and logical screen with its colour table, every image
//! (descriptor, local colour table, LZW data) and each frame's graphic control extension
//! (delay, transparency, disposal). The application extension that makes an animation loop
//! (NETSCAPE2.0 or ANIMEXTS1.0) is rewritten to hold the loop count alone. Everything else
//! goes: comments, plain-text extensions (no browser draws them), XMP and ICC application
//! extensions, unknown extensions, and anything after the trailer.

use super::pixels::claim;
use super::{ImageKind, invalid, le16};
use crate::error::Result;

pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |what: &str, at: usize| invalid(ImageKind::Gif, format!("{what} at byte {at}"));
    let truncated = |at: usize| bad("truncated block", at);
    let screen = bytes.get(..13).ok_or_else(|| bad("truncated header", 0))?;
    claimed(screen, 6)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(screen);
    let mut i = 13;
    if screen[10] & 0x80 != 0 {
        let end = i + color_table_len(screen[10]);
        out.extend_from_slice(bytes.get(i..end).ok_or_else(|| truncated(i))?);
        i = end;
    }
    loop {
        let Some(&introducer) = bytes.get(i) else {
            // Ended between blocks without a trailer: close it.
            out.push(0x3B);
            break;
        };
        match introducer {
            0x3B => {
                out.push(0x3B);
                break; // anything after the trailer is not part of the picture
            }
            0x2C => {
                let packed = *bytes.get(i + 9).ok_or_else(|| truncated(i))?;
                claimed(bytes, i + 5)?;
                let mut data = i + 10;
                if packed & 0x80 != 0 {
                    data += color_table_len(packed);
                }
                // The LZW minimum code size, then the data's sub-blocks.
                let end = sub_blocks_end(bytes, data + 1).ok_or_else(|| truncated(i))?;
                out.extend_from_slice(&bytes[i..end]);
                i = end;
            }
            0x21 => {
                let label = *bytes.get(i + 1).ok_or_else(|| truncated(i))?;
                let end = sub_blocks_end(bytes, i + 2).ok_or_else(|| truncated(i))?;
                let body = &bytes[i + 2..end];
                match label {
                    // Graphic control: one block of 4 bytes.
                    0xF9 if body.len() == 6 && body[0] == 4 => {
                        out.extend_from_slice(&bytes[i..end]);
                    }
                    0xFF => {
                        if let Some(count) = loop_count(body) {
                            out.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01");
                            out.extend_from_slice(&count.to_le_bytes());
                            out.push(0);
                        }
                    }
                    _ => {}
                }
                i = end;
            }
            _ => return Err(bad("unknown block", i)),
        }
    }
    Ok(out)
}

/// The size claimed by the logical screen or an image descriptor (width, then height, at `at`)
/// against [`super::MAX_PIXELS`].
fn claimed(bytes: &[u8], at: usize) -> Result<()> {
    let (w, h) = (
        le16(bytes, at).unwrap_or(0),
        le16(bytes, at + 2).unwrap_or(0),
    );
    claim(ImageKind::Gif, w as u64, h as u64)
}

/// Bytes of the colour table a packed field announces.
fn color_table_len(packed: u8) -> usize {
    3 << ((packed & 7) + 1)
}

/// Where the sub-blocks starting at `i` end (after their zero terminator).
fn sub_blocks_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let n = usize::from(*bytes.get(i)?);
        i += 1;
        if n == 0 {
            return Some(i);
        }
        i += n;
        if i > bytes.len() {
            return None;
        }
    }
}

/// The loop count of a NETSCAPE2.0 (or ANIMEXTS1.0) application extension's body.
fn loop_count(body: &[u8]) -> Option<u16> {
    let app = body.get(..12)?;
    if app[0] != 11 || !matches!(&app[1..], b"NETSCAPE2.0" | b"ANIMEXTS1.0") {
        return None;
    }
    let mut j = 12;
    loop {
        let n = usize::from(*body.get(j)?);
        let block = body.get(j + 1..j + 1 + n)?;
        if n == 3 && block[0] == 1 {
            return u16::try_from(le16(block, 1)?).ok();
        }
        if n == 0 {
            return None;
        }
        j += 1 + n;
    }
}
