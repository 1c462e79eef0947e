//! SVG maps to PNG, for browsers that block SVG (Tor Browser at its safest level).
//!
//! Rendering is pure Rust (resvg) with one embedded font, DejaVu Sans (Latin, Greek,
//! Cyrillic, Armenian, Georgian, Hebrew, Arabic; see `geodata/fonts/`), and never the
//! system's fonts, so a PNG is the same on every machine. Glyphs the font lacks (CJK) are
//! left out of the picture; the page's text list carries every name. The file is an
//! indexed-colour PNG with only the chunks an image needs ([`indexed`]).

mod indexed;

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::error::{Error, Result};

const FONT: &[u8] = include_bytes!("../../geodata/fonts/DejaVuSans.ttf");

/// The one-font database, made once: parsing the font for every map would cost more than
/// drawing a city locator.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(FONT)));
        for family in db
            .faces()
            .map(|f| f.families.first().map(|(n, _)| n.clone()))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .take(1)
        {
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family.clone());
            db.set_monospace_family(family.clone());
            db.set_cursive_family(family.clone());
            db.set_fantasy_family(family);
        }
        Arc::new(db)
    })
    .clone()
}

/// Renders an SVG document to a PNG `width` pixels wide (height keeps the aspect ratio).
/// A `<text>` with a character the embedded font cannot draw (Chinese, Japanese, Korean,
/// Devanagari...) is left out rather than drawn as empty boxes.
pub fn svg_to_png(svg: &str, width: u32) -> Result<Vec<u8>> {
    encode(&render(svg, width, None)?)
}

/// Code point ranges of the embedded font's character map (cmap formats 12 and 4).
fn coverage() -> &'static [(u32, u32)] {
    static COVER: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    COVER.get_or_init(|| cmap_ranges(FONT).unwrap_or_default())
}

fn be16(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 2)
        .map(|b| u32::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads which characters a TrueType font maps to a glyph: its Unicode cmap subtable.
fn cmap_ranges(font: &[u8]) -> Option<Vec<(u32, u32)>> {
    let tables = be16(font, 4)? as usize;
    let cmap = (0..tables).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == b"cmap").then(|| be32(font, rec + 8))?
    })? as usize;
    let mut best: Option<(u32, usize)> = None;
    for i in 0..be16(font, cmap + 2)? as usize {
        let rec = cmap + 4 + 8 * i;
        let (platform, encoding) = (be16(font, rec)?, be16(font, rec + 2)?);
        let sub = cmap + be32(font, rec + 4)? as usize;
        let format = be16(font, sub)?;
        let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if unicode && (format == 12 || format == 4) && best.is_none_or(|(f, _)| format > f) {
            best = Some((format, sub));
        }
    }
    let (format, sub) = best?;
    let mut out = Vec::new();
    if format == 12 {
        for g in 0..be32(font, sub + 12)? as usize {
            let at = sub + 16 + 12 * g;
            out.push((be32(font, at)?, be32(font, at + 4)?));
        }
    } else {
        let segs = be16(font, sub + 6)? as usize / 2;
        let (ends, starts) = (sub + 14, sub + 16 + 2 * segs);
        let (deltas, offsets) = (starts + 2 * segs, starts + 4 * segs);
        for i in 0..segs {
            let (start, end) = (be16(font, starts + 2 * i)?, be16(font, ends + 2 * i)?);
            let (delta, ro) = (be16(font, deltas + 2 * i)?, be16(font, offsets + 2 * i)?);
            for c in start..=end.min(0xFFFE) {
                let glyph = if ro == 0 {
                    (c + delta) & 0xFFFF
                } else {
                    let at = offsets + 2 * i + ro as usize + 2 * (c - start) as usize;
                    match be16(font, at)? {
                        0 => 0,
                        g => (g + delta) & 0xFFFF,
                    }
                };
                if glyph != 0 {
                    match out.last_mut() {
                        Some((_, e)) if *e + 1 == c => *e = c,
                        _ => out.push((c, c)),
                    }
                }
            }
        }
    }
    out.sort_unstable();
    Some(out)
}

/// Whether the embedded font draws every character of `s` (controls and joiners aside).
pub(crate) fn drawable(s: &str) -> bool {
    let cover = coverage();
    s.chars().all(|c| {
        let cp = c as u32;
        c.is_ascii() || (0x200B..=0x200F).contains(&cp) || {
            let i = cover.partition_point(|r| r.1 < cp);
            cover.get(i).is_some_and(|r| r.0 <= cp)
        }
    })
}

/// The document without the `<text>` elements the font cannot draw. Works on the maps of
/// this module, whose labels are single `<text>` elements holding escaped text only.
fn drop_undrawable_text(svg: &str) -> std::borrow::Cow<'_, str> {
    if drawable(svg) {
        return std::borrow::Cow::Borrowed(svg);
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail
            .find("</text>")
            .map_or(tail.len(), |e| e + "</text>".len());
        let element = &tail[..end];
        let content = element.split_once('>').map_or("", |(_, c)| c);
        if drawable(content.trim_end_matches("</text>")) {
            out.push_str(element);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn tree(svg: &str) -> Result<usvg::Tree> {
    let opt = usvg::Options {
        fontdb: fontdb(),
        font_family: "DejaVu Sans".into(),
        resources_dir: None,
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Error::input(format!("map SVG does not parse: {e}")))
}

/// Draws `svg` scaled to `width` pixels onto `onto` (a background of the same size drawn
/// before), or onto a new transparent image.
pub(crate) fn render(
    svg: &str,
    width: u32,
    onto: Option<tiny_skia::Pixmap>,
) -> Result<tiny_skia::Pixmap> {
    let tree = tree(&drop_undrawable_text(svg))?;
    let size = tree.size();
    let width = width.clamp(1, 8192);
    let height = ((size.height() * width as f32 / size.width()).round() as u32).clamp(1, 8192);
    let mut pixmap = match onto {
        Some(p) if p.width() == width && p.height() == height => p,
        _ => tiny_skia::Pixmap::new(width, height)
            .ok_or_else(|| Error::input(format!("cannot make a {width}x{height} image")))?,
    };
    // Each axis scaled to fill the whole pixmap, the height's by a hair more or less than
    // the width's (under half a pixel over the map): with one scale, the rounded height left a
    // last row half covered by the sea, and a map with one translucent row needs an alpha
    // channel (or a tRNS chunk) for the whole picture.
    let (sx, sy) = (width as f32 / size.width(), height as f32 / size.height());
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(sx, sy),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The pixmap as an indexed-colour PNG (see [`indexed`]).
pub(crate) fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>> {
    let pixels: Vec<indexed::Rgba> = pixmap
        .data()
        .chunks_exact(4)
        .map(|p| match p {
            [r, g, b, 255] => u32::from_be_bytes([*r, *g, *b, 255]),
            [r, g, b, a] => {
                let c = tiny_skia::PremultipliedColorU8::from_rgba(*r, *g, *b, *a)
                    .map_or(tiny_skia::ColorU8::from_rgba(0, 0, 0, 0), |c| {
                        c.demultiply()
                    });
                u32::from_be_bytes([c.red(), c.green(), c.blue(), c.alpha()])
            }
            _ => 0,
        })
        .collect();
    indexed::encode(pixmap.width(), pixmap.height(), &pixels)
}

#[cfg(test)]
pub(crate) mod tests;
