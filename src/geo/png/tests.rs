//! Tests of the map PNGs: what the file holds, how close it is to the full-colour picture.

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
fn font_coverage_is_read_from_its_cmap() {
    assert!(drawable("Москва Zürich تهران Ελλάδα תל אביב Երևան თბილისი"));
    assert!(!drawable("東京") && !drawable("서울"));
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>東京</text><text>Wien</text></svg>"#;
    assert_eq!(
        drop_undrawable_text(svg),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>Wien</text></svg>"#
    );
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
            .all(|k| ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"].contains(&k.as_str())),
        "{kinds:?}"
    );
    let img = image::load_from_memory(&png).expect("decodes").to_rgba8();
    assert!(img.pixels().any(|p| p.0[3] > 0), "the text is drawn");
}

use crate::geo::{CountryLink, MapOptions, Marker, city_map, country_map, world_map};

fn marker(label: &str, lat: f64, lon: f64, count: u32) -> Marker {
    Marker {
        lat,
        lon,
        label: label.into(),
        href: String::new(),
        count,
    }
}

fn map_opts(lang: &str, rtl: bool) -> MapOptions {
    MapOptions {
        title: "t".into(),
        lang: lang.into(),
        rtl,
    }
}

/// Maps of every kind: city locators (their heights round up and down), country maps with
/// many markers, and the labelled world map in Cyrillic and Arabic.
fn sample_maps() -> Vec<(String, String, u32)> {
    let o = map_opts("en", false);
    let mut maps = Vec::new();
    for (cc, lat, lon, name) in [
        ("NO", 59.27, 10.41, "Tønsberg"),
        ("SA", 24.69, 46.72, "الرياض"),
        ("RS", 45.38, 20.39, "Зрењанин"),
        ("PK", 31.55, 74.34, "Lahore"),
        ("AT", 48.21, 16.37, "Wien"),
    ] {
        let svg = city_map(cc, lat, lon, name, "", &o).expect("locator");
        maps.push((format!("city {cc}"), svg, 320));
    }
    let pickets: Vec<Marker> = (0..40)
        .map(|i| {
            let f = f64::from(i);
            marker(
                "",
                58.0 + (f * 0.37) % 12.0,
                5.5 + (f * 0.71) % 24.0,
                i % 5 + 1,
            )
        })
        .collect();
    for cc in ["NO", "TR", "RO"] {
        let svg = country_map(cc, &pickets, &MapOptions::default()).expect("country");
        maps.push((format!("country {cc}"), svg, 640));
    }
    let labelled = [
        marker("Москва", 55.75, 37.62, 9),
        marker("Санкт-Петербург", 59.94, 30.31, 4),
        marker("تهران", 35.69, 51.42, 3),
        marker("القاهرة", 30.04, 31.24, 2),
        marker("Zürich", 47.37, 8.54, 1),
        marker("Ελλάδα", 37.98, 23.73, 1),
    ];
    let linked = [CountryLink {
        cc: "RU".into(),
        href: "ru/".into(),
        label: "Россия".into(),
    }];
    for (lang, rtl) in [("ru", false), ("ar", true)] {
        let svg = world_map(&labelled, &linked, &map_opts(lang, rtl));
        maps.push((format!("world {lang}"), svg, 960));
    }
    maps
}

/// The decoded PNG against the pixmap it was made from: mean and largest difference of a
/// channel (RGBA, not premultiplied).
fn error(pixmap: &tiny_skia::Pixmap, png: &[u8]) -> (f64, u8) {
    let decoded = image::load_from_memory(png).expect("decodes").to_rgba8();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (pixmap.width(), pixmap.height())
    );
    let (mut sum, mut max) = (0u64, 0u8);
    for (p, q) in pixmap.pixels().iter().zip(decoded.pixels()) {
        let c = p.demultiply();
        let want = [c.red(), c.green(), c.blue(), c.alpha()];
        for (k, &w) in want.iter().enumerate() {
            // A fully transparent pixel has no colour to keep.
            if k < 3 && want[3] == 0 {
                continue;
            }
            let d = w.abs_diff(q.0[k]);
            sum += u64::from(d);
            max = max.max(d);
        }
    }
    (sum as f64 / (decoded.len() as f64), max)
}

/// The palette's number of entries, read from the PLTE chunk.
fn palette_len(png: &[u8]) -> usize {
    let at = png
        .windows(4)
        .position(|w| w == b"PLTE")
        .expect("a PLTE chunk");
    let len = u32::from_be_bytes([png[at - 4], png[at - 3], png[at - 2], png[at - 1]]);
    len as usize / 3
}

#[test]
fn map_png_is_indexed_with_only_the_chunks_an_image_needs() {
    for (what, svg, width) in sample_maps() {
        let png = svg_to_png(&svg, width).expect("png");
        assert_eq!(chunks(&png), ["IHDR", "PLTE", "IDAT", "IEND"], "{what}");
        assert_eq!(png[25], 3, "{what}: colour type 3, indexed");
        assert_eq!(png[24], 8, "{what}: 8 bits an index");
        let n = palette_len(&png);
        assert!((2..=256).contains(&n), "{what}: {n} palette entries");
    }
}

#[test]
fn a_map_whose_height_rounds_up_has_no_translucent_last_row() {
    // Tønsberg's locator is 320 x 540.6 pixels at one scale: its last row was half sea, half
    // nothing, and the whole PNG carried an alpha channel for it.
    for (what, svg, width) in sample_maps() {
        let pixmap = render(&svg, width, None).expect("renders");
        let clear = pixmap.pixels().iter().filter(|p| p.alpha() < 255).count();
        assert_eq!(clear, 0, "{what}: {clear} pixels not opaque");
    }
}

#[test]
fn indexed_map_is_close_to_the_full_colour_render() {
    for (what, svg, width) in sample_maps() {
        let pixmap = render(&svg, width, None).expect("renders");
        let png = encode(&pixmap).expect("png");
        let (mean, max) = error(&pixmap, &png);
        // Measured here: mean 0.000 to 0.009, largest 0 to 4; on the bench site's world map
        // with hundreds of labels, mean 0.07 and largest 7.
        assert!(mean < 0.1 && max <= 12, "{what}: mean {mean:.3}, max {max}");
    }
}

#[test]
fn same_svg_gives_the_same_bytes() {
    for (what, svg, width) in sample_maps().into_iter().step_by(3) {
        let a = svg_to_png(&svg, width).expect("png");
        // Another thread: another hash seed for the colour counts.
        let b = std::thread::spawn(move || svg_to_png(&svg, width).expect("png"))
            .join()
            .expect("thread");
        assert!(a == b, "{what}: two runs, two files");
    }
}

#[test]
fn palette_rows_are_up_filtered() {
    let (_, svg, width) = &sample_maps()[0];
    let png = svg_to_png(svg, *width).expect("png");
    let (w, h) = (
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]) as usize,
        u32::from_be_bytes([png[20], png[21], png[22], png[23]]) as usize,
    );
    let mut idat = Vec::new();
    let mut i = 8;
    while i + 8 <= png.len() {
        let len = u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]) as usize;
        if &png[i + 4..i + 8] == b"IDAT" {
            idat.extend_from_slice(&png[i + 8..i + 8 + len]);
        }
        i += 12 + len;
    }
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&idat[..]), &mut raw)
        .expect("inflates");
    assert_eq!(raw.len(), h * (w + 1));
    assert!(
        raw.chunks(w + 1).all(|row| row[0] == 2),
        "every row has filter type 2 (Up): fdeflate packs the zeros of flat areas"
    );
}

/// An SVG with far more than 256 colours: two gradients under antialiased text and a small
/// red dot, the kind of rare colour a quantizer drops.
const GRADIENTS: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">
<defs><linearGradient id="a"><stop offset="0" stop-color="#0b3d91"/><stop offset="0.5" stop-color="#f5e663"/><stop offset="1" stop-color="#2a9d3f"/></linearGradient>
<radialGradient id="b"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#7a1fa2"/></radialGradient></defs>
<rect width="400" height="100" fill="url(#a)"/><rect y="100" width="400" height="100" fill="url(#b)"/>
<text x="20" y="60" font-size="30" fill="#1f1f1f" stroke="#fff" stroke-width="3" paint-order="stroke">Москва تهران Zürich</text>
<circle cx="300" cy="150" r="2" fill="#e8001c"/></svg>"##;

#[test]
fn picture_of_many_colours_stays_within_bounds() {
    let pixmap = render(GRADIENTS, 400, None).expect("renders");
    let colours: std::collections::BTreeSet<_> = pixmap
        .pixels()
        .iter()
        .map(|p| (p.red(), p.green(), p.blue()))
        .collect();
    assert!(colours.len() > 1000, "{} colours", colours.len());
    let png = encode(&pixmap).expect("png");
    assert!(palette_len(&png) <= 256);
    let (mean, max) = error(&pixmap, &png);
    // Measured: mean 0.94, largest 11.
    assert!(mean < 1.5 && max <= 16, "mean {mean:.3}, max {max}");
    // The red dot's centre is still red, not the purple around it.
    let decoded = image::load_from_memory(&png).expect("decodes").to_rgb8();
    let red = decoded.get_pixel(300, 150).0;
    assert!(red[0] > 200 && red[1] < 40 && red[2] < 60, "{red:?}");
}

#[test]
fn transparent_picture_keeps_its_alpha() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><circle cx="25" cy="25" r="20" fill="#b3261e" fill-opacity="0.5"/><text x="50" y="32" font-size="20">Москва مسکو</text></svg>"##;
    let pixmap = render(svg, 200, None).expect("renders");
    let png = encode(&pixmap).expect("png");
    assert_eq!(chunks(&png), ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
    let (mean, max) = error(&pixmap, &png);
    assert!(mean < 0.5 && max <= 16, "mean {mean:.3}, max {max}");
    let decoded = image::load_from_memory(&png).expect("decodes").to_rgba8();
    assert_eq!(decoded.get_pixel(0, 0).0[3], 0, "the corner stays clear");
    let half = decoded.get_pixel(25, 25).0[3];
    assert!((126..=129).contains(&half), "the circle half clear: {half}");
}

#[test]
fn pixels_that_do_not_fill_the_size_are_an_error() {
    assert!(indexed::encode(3, 3, &[0; 8]).is_err());
    assert!(indexed::encode(0, 0, &[]).is_err());
    assert!(indexed::encode(1, 1, &[0xff00_00ff]).is_ok());
}
