//! SVG maps to PNG, for browsers that block SVG (Tor Browser at its safest level).
//!
//! Rendering is pure Rust (resvg) with one embedded font, DejaVu Sans (Latin, Greek,
//! Cyrillic, Armenian, Georgian, Hebrew, Arabic; see `geodata/fonts/`), and never the
//! system's fonts, so a PNG is the same on every machine. Glyphs the font lacks (CJK) are
//! left out of the picture; the page's text list carries every name. The PNG holds only
//! the chunks an image needs (IHDR, IDAT, IEND): no time, no text, no software name.

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
pub fn svg_to_png(svg: &str, width: u32) -> Result<Vec<u8>> {
    let opt = usvg::Options {
        fontdb: fontdb(),
        font_family: "DejaVu Sans".into(),
        resources_dir: None,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Error::input(format!("map SVG does not parse: {e}")))?;
    let size = tree.size();
    let width = width.clamp(1, 8192);
    let scale = width as f32 / size.width();
    let height = ((size.height() * scale).round() as u32).clamp(1, 8192);
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| Error::input(format!("cannot make a {width}x{height} image")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::input(format!("PNG encoding failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunk types of a PNG file, in order.
    pub(crate) fn chunks(png: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 8;
        while i + 8 <= png.len() {
            let len = u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]) as usize;
            out.push(String::from_utf8_lossy(&png[i + 4..i + 8]).into_owned());
            i += 12 + len;
        }
        out
    }

    #[test]
    fn renders_text_with_the_embedded_font_only() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><text x="5" y="30" font-size="20">Москва مسکو</text></svg>"#;
        let png = svg_to_png(svg, 200).expect("renders");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let kinds = chunks(&png);
        assert!(
            kinds
                .iter()
                .all(|k| ["IHDR", "IDAT", "IEND"].contains(&k.as_str())),
            "{kinds:?}"
        );
        let img = image::load_from_memory(&png).expect("decodes").to_rgba8();
        assert!(img.pixels().any(|p| p.0[3] > 0), "the text is drawn");
    }
}
