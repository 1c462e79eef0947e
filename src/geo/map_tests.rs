//! Tests of the maps as a reader, a browser and a mirror would see them.

use super::*;
use crate::geo::map::safe_href;

fn m(label: &str, lat: f64, lon: f64, href: &str, count: u32) -> Marker {
    Marker {
        lat,
        lon,
        label: label.into(),
        href: href.into(),
        count,
    }
}

fn opts(title: &str) -> MapOptions {
    MapOptions {
        title: title.into(),
        lang: "en".into(),
        rtl: false,
    }
}

fn sample() -> (Vec<Marker>, Vec<CountryLink>) {
    let markers = vec![
        m("London", 51.5085, -0.1257, "gb/london/", 12),
        m("Moscow", 55.752, 37.6178, "ru/moscow/", 3),
        m("Tokyo", 35.6895, 139.6917, "jp/tokyo/", 1),
        m("Wellington", -41.2866, 174.7756, "nz/wellington/", 1),
    ];
    let countries = vec![
        CountryLink {
            cc: "GB".into(),
            href: "gb/".into(),
            label: "United Kingdom".into(),
        },
        CountryLink {
            cc: "RU".into(),
            href: "ru/".into(),
            label: "Russia".into(),
        },
    ];
    (markers, countries)
}

/// Every `href="..."` value of a document.
fn hrefs(svg: &str) -> Vec<&str> {
    svg.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn world_map_links_markers_and_countries_to_the_top_page() {
    let (markers, countries) = sample();
    let svg = world_map(&markers, &countries, &opts("Pickets on 19 January"));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(r#"role="img" aria-label="Pickets on 19 January""#));
    assert!(svg.contains(r#"<a href="gb/london/" target="_top"><title>London</title><circle"#));
    assert!(svg.contains(">London</text>"), "visible label");
    assert!(svg.contains(r#"<a href="ru/" target="_top"><title>Russia</title><path"#));
    assert_eq!(
        hrefs(&svg),
        [
            "gb/",
            "ru/",
            "gb/london/",
            "ru/moscow/",
            "jp/tokyo/",
            "nz/wellington/"
        ]
    );
}

#[test]
fn no_external_url_script_or_style_sheet() {
    let (mut markers, mut countries) = sample();
    markers.push(m("Evil", 10.0, 10.0, "https://tracker.example/x", 1));
    markers.push(m("Evil2", 11.0, 11.0, "//tracker.example/x", 1));
    markers.push(m("Evil3", 12.0, 12.0, "javascript:alert(1)", 1));
    countries.push(CountryLink {
        cc: "FR".into(),
        href: "http://x.example/".into(),
        label: "France".into(),
    });
    let svg = world_map(&markers, &countries, &opts("t"));
    let without_ns = svg.replacen("http://www.w3.org/2000/svg", "", 1);
    assert!(!without_ns.contains("http"), "no URL but the namespace");
    assert!(!svg.contains("javascript") && !svg.contains("//tracker"));
    assert!(
        !svg.contains("<script")
            && !svg.contains("<style")
            && !svg.contains("@import")
            && !svg.contains("url(")
    );
    assert!(
        svg.contains("<title>Evil</title>"),
        "the marker is still drawn, unlinked"
    );
}

#[test]
fn text_is_escaped() {
    let markers = vec![m(
        "Tom & \"Jerry\" <b>",
        48.2,
        16.37,
        "at/vienna/?a=1&b=2",
        1,
    )];
    let svg = world_map(&markers, &[], &opts("A <map> & more"));
    assert!(svg.contains("Tom &amp; &quot;Jerry&quot; &lt;b&gt;"));
    assert!(svg.contains(r#"href="at/vienna/?a=1&amp;b=2""#));
    assert!(svg.contains("aria-label=\"A &lt;map&gt; &amp; more\""));
    assert!(!svg.contains("<b>"));
}

#[test]
fn renders_are_byte_identical() {
    let (markers, countries) = sample();
    let a = world_map(&markers, &countries, &opts("t"));
    let mut rev = markers.clone();
    rev.reverse();
    let b = world_map(&rev, &countries, &opts("t"));
    assert_eq!(a, b, "marker order in the input does not matter");
    let c1 = country_map("RU", &markers[1..2], &opts("Russia")).expect("RU map");
    let c2 = country_map("RU", &markers[1..2], &opts("Russia")).expect("RU map");
    assert_eq!(c1, c2);
    assert_eq!(
        svg_to_png(&c1, 400).expect("png"),
        svg_to_png(&c2, 400).expect("png")
    );
}

#[test]
fn smallest_markers_are_drawn_last() {
    let (markers, _) = sample();
    let svg = world_map(&markers, &[], &opts("t"));
    let pos = |l: &str| svg.find(&format!("<title>{l}</title>")).expect(l);
    assert!(pos("London") < pos("Moscow") && pos("Moscow") < pos("Tokyo"));
}

#[test]
fn circle_area_grows_with_count() {
    let markers = vec![m("A", 0.0, 0.0, "a/", 4), m("B", 40.0, 40.0, "b/", 1)];
    let svg = world_map(&markers, &[], &opts("t"));
    let r = |l: &str| -> f64 {
        let i = svg.find(&format!("<title>{l}</title>")).expect(l);
        let s = &svg[i..];
        let v = s
            .split(" r=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("r");
        v.parse().expect("number")
    };
    assert!(
        (r("A") / r("B") - 2.0).abs() < 0.05,
        "4x the count, 2x the radius"
    );
}

#[test]
fn russia_does_not_streak_across_the_world_map() {
    let svg = world_map(
        &[],
        &[CountryLink {
            cc: "RU".into(),
            href: "ru/".into(),
            label: "Russia".into(),
        }],
        &opts("t"),
    );
    let d = svg
        .split("<title>Russia</title><path d=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("path");
    let width = outlines::world().width;
    assert!(outlines::tests::widest_step(d) < width / 2.0);
}

#[test]
fn country_map_frames_markers_and_rejects_unknown_places() {
    let markers = vec![
        m("Honolulu", 21.31, -157.86, "honolulu/", 1),
        m("New York", 40.71, -74.0, "new-york/", 5),
    ];
    let svg = country_map("US", &markers, &opts("United States")).expect("US map");
    assert!(svg.contains(">Honolulu</text>") || svg.contains("<title>Honolulu</title>"));
    assert!(country_map("QQ", &[], &opts("x")).is_err());
    let gf = country_map(
        "GF",
        &[m("Cayenne", 4.93, -52.33, "cayenne/", 1)],
        &opts("French Guiana"),
    )
    .expect("GF");
    assert!(gf.contains("<title>Cayenne</title>"));
}

#[test]
fn right_to_left_labels_are_marked() {
    let markers = vec![m("تهران", 35.69, 51.42, "ir/tehran/", 2)];
    let svg = country_map(
        "IR",
        &markers,
        &MapOptions {
            title: "ایران".into(),
            lang: "fa".into(),
            rtl: true,
        },
    )
    .expect("IR");
    assert!(svg.contains(r#"direction="rtl" unicode-bidi="embed""#));
    assert!(svg.contains(r#"xml:lang="fa""#));
    // SVG takes its language from xml:lang; a bare `lang` is HTML's and invalid here (Nu).
    assert!(!svg.contains(r#" lang="#), "{svg}");
}

#[test]
fn city_locator_is_small_and_renders() {
    let svg = city_map("AT", 48.2085, 16.3721, "Wien", "/map/at/", &opts("Wien")).expect("locator");
    assert!(svg.contains(">Wien</text>"));
    assert!(svg.len() < 60_000, "{} bytes", svg.len());
    let png = svg_to_png(&svg, 320).expect("png");
    let img = image::load_from_memory(&png).expect("valid PNG");
    assert_eq!(img.width(), 320);
    assert!(city_map("AT", 95.0, 0.0, "x", "", &opts("x")).is_err());
}

#[test]
fn world_png_is_a_valid_image() {
    let (markers, countries) = sample();
    let png = svg_to_png(&world_map(&markers, &countries, &opts("t")), 960).expect("png");
    let img = image::load_from_memory(&png).expect("valid PNG").to_rgba8();
    assert_eq!(img.width(), 960);
    // Some pixel has the marker colour: the circles were drawn.
    assert!(
        img.pixels()
            .any(|p| p.0[0] > 150 && p.0[1] < 80 && p.0[2] < 80)
    );
}

#[test]
fn fast_locator_png_is_the_same_image() {
    let o = opts("x");
    for (cc, lat, lon, label) in [
        ("AT", 48.2085, 16.3721, "Wien"),
        ("AT", 47.07, 15.44, "Graz"),
        ("US", 21.31, -157.86, "Honolulu"),
    ] {
        let slow =
            svg_to_png(&city_map(cc, lat, lon, label, "", &o).expect("svg"), 320).expect("png");
        let fast = city_map_png(cc, lat, lon, label, &o, 320).expect("png");
        assert!(
            slow == fast,
            "{label}: the cached background changes nothing"
        );
        let kinds = crate::geo::png::tests::chunks(&fast);
        assert_eq!(kinds, ["IHDR", "PLTE", "IDAT", "IEND"], "no metadata");
    }
}

#[test]
fn locator_for_a_far_island_shows_the_island() {
    let svg = city_map("US", 21.31, -157.86, "Honolulu", "", &opts("Honolulu")).expect("locator");
    assert!(svg.contains(">Honolulu</text>"));
    // Framed on Hawaii, not on a continent-wide box: the dot is not squeezed into a corner.
    let cx: f64 = svg
        .split("<circle cx=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("cx");
    let w: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("width");
    assert!(cx > w * 0.2 && cx < w * 0.8, "{cx} of {w}");
}

#[test]
fn only_relative_or_same_origin_links() {
    for ok in ["gb/london/", "../ru/", "/map/gb/", "?p=2", "#top", "a/b:c"] {
        assert!(safe_href(ok), "{ok}");
    }
    for bad in [
        "https://x.example/",
        "//x.example/",
        "/\\x.example",
        "\\/x.example",
        "javascript:alert(1)",
        "mailto:a@b",
        "/\t/x.example",
        " //x.example",
    ] {
        assert!(!safe_href(bad), "{bad}");
    }
}

#[test]
fn odd_input_gives_a_map_or_an_error_never_a_panic() {
    let odd = vec![
        m("", f64::NAN, 0.0, "a/", 0),
        m("inf", f64::INFINITY, f64::NEG_INFINITY, "b/", u32::MAX),
        m("\u{0}\u{1b}ctl\u{ffff}", 90.0, 180.0, "c/", 1),
        m("south pole", -90.0, -180.0, "", 3),
        m("antipode of nothing", -41.0, 174.0, "d/", 2),
    ];
    let o = MapOptions {
        title: "\u{7}".into(),
        lang: "bad lang\"".into(),
        rtl: true,
    };
    let svg = world_map(
        &odd,
        &[CountryLink {
            cc: "xx".into(),
            href: "x/".into(),
            label: "".into(),
        }],
        &o,
    );
    assert!(!svg.contains('\u{0}') && !svg.contains('\u{1b}') && !svg.contains("bad lang"));
    assert!(svg_to_png(&svg, 100).is_ok());
    for cc in ["", "xx", "AQ", "RU", "KI", "XC", "xs"] {
        if let Ok(svg) = country_map(cc, &odd, &o) {
            assert!(svg_to_png(&svg, 200).is_ok(), "{cc}");
        }
    }
    assert!(country_map("", &[], &o).is_err());
    assert!(city_map("FR", f64::NAN, 2.0, "x", "", &o).is_err());
    assert!(
        city_map("ZZ", 10.0, 10.0, "x", "", &o).is_ok(),
        "framed on the point alone"
    );
    assert!(svg_to_png("not svg", 100).is_err());
    assert!(svg_to_png(&svg, 0).is_ok());
}

/// The review's case: a world map crowded in Central Europe, Vienna the biggest marker.
fn europe() -> Vec<Marker> {
    [
        ("Vienna", 48.21, 16.37, 4),
        ("Prague", 50.09, 14.42, 2),
        ("Berlin", 52.52, 13.40, 2),
        ("Munich", 48.14, 11.58, 2),
        ("Bratislava", 48.15, 17.11, 1),
        ("Budapest", 47.50, 19.04, 1),
        ("Graz", 47.07, 15.44, 1),
        ("Linz", 48.31, 14.29, 1),
        ("Salzburg", 47.80, 13.04, 1),
        ("Innsbruck", 47.26, 11.39, 1),
        ("Zurich", 47.37, 8.54, 1),
        ("Geneva", 46.20, 6.14, 1),
        ("Ljubljana", 46.05, 14.51, 1),
        ("Zagreb", 45.81, 15.98, 1),
        ("Brno", 49.19, 16.61, 1),
        ("Krakow", 50.06, 19.94, 1),
        ("Warsaw", 52.23, 21.01, 1),
        ("Dresden", 51.05, 13.74, 1),
        ("Leipzig", 51.34, 12.37, 1),
        ("Hamburg", 53.55, 9.99, 1),
        ("Frankfurt", 50.11, 8.68, 1),
        ("Cologne", 50.94, 6.96, 1),
        ("Stuttgart", 48.78, 9.18, 1),
        ("Nuremberg", 49.45, 11.08, 1),
        ("Paris", 48.85, 2.35, 1),
        ("Brussels", 50.85, 4.35, 1),
        ("Amsterdam", 52.37, 4.89, 1),
        ("London", 51.51, -0.13, 1),
        ("Milan", 45.46, 9.19, 1),
        ("Venice", 45.44, 12.33, 1),
        ("Copenhagen", 55.68, 12.57, 1),
        ("Riga", 56.95, 24.11, 1),
        ("Vilnius", 54.69, 25.28, 1),
        ("Kyiv", 50.45, 30.52, 1),
        ("Lviv", 49.84, 24.03, 1),
        ("Chisinau", 47.01, 28.86, 1),
        ("Belgrade", 44.80, 20.47, 1),
        ("Tbilisi", 41.69, 44.83, 1),
    ]
    .into_iter()
    .map(|(l, lat, lon, n)| m(l, lat, lon, &format!("{}/", l.to_lowercase()), n))
    .collect()
}

#[test]
fn every_marker_of_a_crowded_world_map_has_a_visible_label() {
    let markers = europe();
    let svg = world_map(&markers, &[], &opts("Pickets"));
    assert_eq!(svg.matches("<circle").count(), markers.len());
    assert_eq!(
        svg.matches("<text").count(),
        markers.len(),
        "one label per marker"
    );
    for mk in &markers {
        // The label sits inside the marker's own link.
        let link = format!(r#"<a href="{}" target="_top">"#, mk.href);
        let part = svg
            .split(&link)
            .nth(1)
            .and_then(|s| s.split("</a>").next())
            .unwrap_or_else(|| panic!("{} has no link", mk.label));
        assert!(
            part.contains(&format!(">{}</text>", mk.label)),
            "{} has no visible label",
            mk.label
        );
    }
    // The same for the country map and the action maps laid over the shared world.
    let at = country_map("AT", &markers[..10], &opts("Austria")).expect("map");
    assert_eq!(at.matches("<text").count(), 10);
    assert_eq!(
        world_overlay(&markers, &opts("x")).matches("<text").count(),
        markers.len()
    );
}

#[test]
fn crowded_labels_are_the_same_bytes_every_time() {
    let markers = europe();
    assert_eq!(
        world_map(&markers, &[], &opts("x")),
        world_map(&markers, &[], &opts("x"))
    );
}

#[test]
fn city_locator_marker_is_a_labelled_link() {
    let svg = city_map("AT", 48.2085, 16.3721, "Вена", "/ru/map/at/", &opts("x")).expect("map");
    let part = svg
        .split(r#"<a href="/ru/map/at/" target="_top"><title>Вена</title>"#)
        .nth(1)
        .expect("the marker is a link");
    let part = part.split("</a>").next().unwrap_or("");
    assert!(part.contains("<circle"), "the dot is inside the link");
    assert!(part.contains(">Вена</text>"), "and so is its label");
    let bare = city_map(
        "AT",
        48.2085,
        16.3721,
        "Wien",
        "https://evil.example/",
        &opts("x"),
    )
    .expect("map");
    assert!(!bare.contains("<a "), "no link off the site");
    assert!(bare.contains(">Wien</text>"));
}

#[test]
fn maps_over_shared_land_keep_only_their_markers_and_fall_back_when_out_of_frame() {
    let land = "/map/land/us-locator.svg";
    // A city in its country's usual frame: the document points at the land and draws no
    // outline, and it is the full map's markers exactly.
    let over =
        city_map_over("US", 40.71, -74.0, "New York", "", &opts("NY"), Some(land)).expect("over");
    let full = city_map("US", 40.71, -74.0, "New York", "", &opts("NY")).expect("full");
    assert!(
        over.contains(r#"<image href="/map/land/us-locator.svg" width="#),
        "{over}"
    );
    assert!(
        !over.contains("<path") && over.contains(">New York</text>"),
        "{over}"
    );
    let tail = |s: &str| s[s.find("<circle").expect("dot")..].to_string();
    assert_eq!(tail(&over), tail(&full));
    // The land itself: outlines only, hidden from screen readers, no text.
    let l = country_land("US", Land::Locator).expect("land");
    assert!(l.contains("aria-hidden=\"true\"") && l.contains("<path") && !l.contains("<text"));
    // A far island is framed on its own: drawn whole, without the land file.
    let far =
        city_map_over("US", 21.31, -157.86, "Honolulu", "", &opts("H"), Some(land)).expect("far");
    assert!(!far.contains("<image") && far.contains("<path"), "{far}");
    // A country map whose marker lies outside the usual frame is drawn whole too; an unsafe
    // land address is never written.
    let outside = [m("Honolulu", 21.31, -157.86, "", 1)];
    let c = country_map_over("US", &outside, &opts("US"), Some("/map/land/us.svg")).expect("us");
    assert!(!c.contains("<image"), "{c}");
    let bad =
        country_map_over("AT", &[], &opts("AT"), Some("https://evil.example/x.svg")).expect("at");
    assert!(!bad.contains("evil") && bad.contains("<path"), "{bad}");
    assert!(country_land("ZZ", Land::Country).is_none() && !has_land("ZZ", Land::Locator));
}

#[test]
fn world_page_png_over_kept_land_is_the_same_image() {
    // A crowded world (labels in Latin, Cyrillic and CJK, which the PNG leaves out), linked
    // countries in two different sets, each drawn twice: the second time over the kept land.
    let (mut markers, countries) = sample();
    for i in 0..400 {
        let (lat, lon) = (
            f64::from(i % 40) * 3.5 - 60.0,
            f64::from(i / 40) * 30.0 - 150.0,
        );
        let label = match i % 3 {
            0 => format!("Town {i}"),
            1 => format!("Город {i}"),
            _ => format!("東京 {i}"),
        };
        markers.push(m(&label, lat, lon, &format!("x/{i}/"), 1 + i % 7));
    }
    let fewer: Vec<CountryLink> = countries.iter().take(1).cloned().collect();
    for links in [&countries, &fewer, &countries] {
        for o in [opts("World"), opts("Мир")] {
            let whole = svg_to_png(&world_map(&markers, links, &o), 960).expect("png");
            let over = world_map_png(&markers, links, &o, 960).expect("png");
            assert!(whole == over, "the PNG over the kept land differs");
        }
    }
}
