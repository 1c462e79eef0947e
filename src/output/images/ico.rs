//! ICO and CUR (`favicon.ico`): a directory of pictures, each a PNG or a bare bitmap.
//!
//! Each PNG is cleaned like any PNG; a bitmap with the classic header (40 or 12 bytes, which
//! hold sizes and colour counts only) is kept as it is. Newer bitmap headers can carry a
//! colour profile or a file name, so such an icon is an error. The directory is written anew
//! with the new sizes and offsets; anything not listed in it goes.

use super::pixels::claim;
use super::{ImageKind, invalid, le16, le32, png};
use crate::error::Result;

/// An icon or cursor header with at least one picture and a plausible first entry.
pub(super) fn claims(bytes: &[u8]) -> bool {
    matches!(bytes.get(..4), Some([0, 0, 1 | 2, 0]))
        && le16(bytes, 4).is_some_and(|n| n >= 1)
        && bytes.get(9) == Some(&0)
}

pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |what: &str, at: usize| invalid(ImageKind::Ico, format!("{what} at byte {at}"));
    let count = le16(bytes, 4).ok_or_else(|| bad("truncated header", 0))?;
    let mut pictures = Vec::with_capacity(count.min(bytes.len() / 16));
    let mut total = 0usize;
    for n in 0..count {
        let entry = 6 + 16 * n;
        let head = bytes
            .get(entry..entry + 8)
            .ok_or_else(|| bad("truncated directory", entry))?;
        let size = le32(bytes, entry + 8).ok_or_else(|| bad("truncated directory", entry))?;
        let at = le32(bytes, entry + 12).ok_or_else(|| bad("truncated directory", entry))?;
        let data = at
            .checked_add(size)
            .and_then(|end| bytes.get(at..end))
            .ok_or_else(|| bad("picture outside the file", entry))?;
        // Entries sharing bytes could make the output many times the file.
        total = total.saturating_add(size);
        if total > bytes.len() {
            return Err(bad("pictures overlap", entry));
        }
        let clean = if data.starts_with(png::SIGNATURE) {
            png::strip(data)
                .map_err(|e| bad(&format!("picture {}: {}", n + 1, e.message), at))?
                .bytes
        } else if let Some(header @ (40 | 12)) = le32(data, 0) {
            // Width, then twice the height (the picture and its mask): 32 bits, or 16 in the
            // old OS/2 header.
            let (w, h) = if header == 40 {
                (le32(data, 4), le32(data, 8))
            } else {
                (le16(data, 4), le16(data, 6))
            };
            let (w, h) = (w.unwrap_or(0) as u64, h.unwrap_or(0) as u64);
            claim(ImageKind::Ico, w, h / 2)
                .map_err(|e| bad(&format!("picture {}: {}", n + 1, e.message), at))?;
            data.to_vec()
        } else {
            return Err(bad("a picture is neither PNG nor a classic bitmap", at)
                .hint("save the icon as PNG (browsers take a PNG favicon)"));
        };
        pictures.push((head, clean));
    }
    let mut out = bytes[..6].to_vec();
    let mut at = 6 + 16 * count;
    for (head, data) in &pictures {
        out.extend_from_slice(head);
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&u32::try_from(at).unwrap_or(u32::MAX).to_le_bytes());
        at += data.len();
    }
    for (_, data) in pictures {
        out.extend_from_slice(&data);
    }
    Ok(out)
}
