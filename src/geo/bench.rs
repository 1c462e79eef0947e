//! Figures for the report, not timed assertions: run in release with
//! `cargo test --release --lib geo::bench -- --ignored --nocapture`.
//! With `SAMIZDAT_MAP_DIR=/some/dir` set, it also writes the sample maps there to look at.

use std::time::Instant;

use super::*;

fn per(start: Instant, n: usize) -> String {
    let total = start.elapsed().as_secs_f64();
    format!(
        "{:.3} ms each ({:.2} s for {n})",
        total * 1000.0 / n as f64,
        total
    )
}

#[test]
#[ignore = "prints timings; run in release"]
fn figures() {
    let t = Instant::now();
    let g = Gazetteer::load().expect("load");
    println!(
        "gazetteer load: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let names = [
        ("Wien", "AT"),
        ("Вена", "AT"),
        ("Moskau", "RU"),
        ("New York City", "US"),
        ("Киев", "UA"),
        ("Praha", "CZ"),
        ("London", "GB"),
        ("Springfield", "US"),
        ("São Paulo", "BR"),
        ("Zürich", "CH"),
    ];
    let t = Instant::now();
    let mut hits = 0;
    for i in 0..100_000 {
        let (n, cc) = names[i % names.len()];
        hits += usize::from(g.find(n, cc).is_some());
    }
    println!(
        "100,000 lookups: {:.1} ms ({hits} found)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let s = g.suggest("Londn", "GB", 3);
    let s2 = g.suggest("Sprngfield", "US", 3);
    println!(
        "2 suggestions: {:.1} ms ({s:?} {s2:?})",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // A large campaign: a marker for each of the 1,000 largest cities.
    let mut cities: Vec<&City> = g.cities().iter().collect();
    cities.sort_by(|a, b| b.population.cmp(&a.population).then(a.id.cmp(&b.id)));
    let markers: Vec<Marker> = cities
        .iter()
        .take(1000)
        .enumerate()
        .map(|(i, c)| Marker {
            lat: c.lat,
            lon: c.lon,
            label: c.en.clone(),
            href: format!("{}/{}/", c.cc.to_lowercase(), c.slug),
            count: (i % 17) as u32 + 1,
        })
        .collect();
    let mut ccs: Vec<String> = markers.iter().map(|m| m.href[..2].to_uppercase()).collect();
    ccs.sort();
    ccs.dedup();
    let links: Vec<CountryLink> = ccs
        .iter()
        .map(|cc| CountryLink {
            cc: cc.clone(),
            href: format!("{}/", cc.to_lowercase()),
            label: country_name(cc, "en").unwrap_or(cc).to_string(),
        })
        .collect();
    let opts = MapOptions {
        title: "Pickets".into(),
        lang: "en".into(),
        rtl: false,
    };
    let dir = std::env::var_os("SAMIZDAT_MAP_DIR").map(std::path::PathBuf::from);
    let save = |name: &str, svg: &str, png: &[u8]| {
        if let Some(d) = &dir {
            let _ = std::fs::write(d.join(format!("{name}.svg")), svg);
            let _ = std::fs::write(d.join(format!("{name}.png")), png);
        }
    };

    let t = Instant::now();
    let _ = world_map(&[], &[], &opts);
    println!(
        "world outlines, first use: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let n = 5;
    let mut svg = String::new();
    for _ in 0..n {
        svg = world_map(&markers, &links, &opts);
    }
    println!(
        "world SVG, 1,000 markers: {} ({} KB)",
        per(t, n),
        svg.len() / 1024
    );
    let t = Instant::now();
    let mut png = Vec::new();
    for _ in 0..n {
        png = svg_to_png(&svg, 960).expect("png");
    }
    println!("world PNG 960 px: {} ({} KB)", per(t, n), png.len() / 1024);
    save("world", &svg, &png);

    let sample = [
        "RU", "US", "FR", "DE", "GB", "FJ", "NO", "CL", "CY", "IR", "MC",
    ];
    let t = Instant::now();
    for cc in sample {
        let _ = country_map(cc, &[], &opts);
    }
    println!(
        "country outlines, first use: {} per country",
        per(t, sample.len())
    );
    let t = Instant::now();
    let mut total = 0;
    let mut svgs = Vec::new();
    for cc in sample {
        let ms: Vec<Marker> = markers
            .iter()
            .filter(|m| m.href[..2].eq_ignore_ascii_case(cc))
            .cloned()
            .collect();
        let svg = country_map(cc, &ms, &opts).expect("country map");
        total += svg.len();
        svgs.push((cc, svg));
    }
    println!(
        "country SVG (cached outlines): {} (avg {} KB)",
        per(t, sample.len()),
        total / sample.len() / 1024
    );
    let t = Instant::now();
    let mut pngs = Vec::new();
    for (_, svg) in &svgs {
        pngs.push(svg_to_png(svg, 800).expect("png"));
    }
    println!("country PNG 800 px: {}", per(t, sample.len()));
    for ((cc, svg), png) in svgs.iter().zip(&pngs) {
        save(&format!("country-{cc}"), svg, png);
    }

    let city_sample: Vec<&City> = cities.iter().take(5000).copied().collect();
    let t = Instant::now();
    let mut total = 0;
    let mut last = (String::new(), String::new());
    for c in &city_sample {
        let svg = city_map(&c.cc, c.lat, c.lon, &c.en, &opts).expect("city map");
        total += svg.len();
        last = (c.slug.clone(), svg);
    }
    println!(
        "city locator SVG, 5,000 largest cities (first use of ~{} countries included): {} (avg {} KB)",
        {
            let mut v: Vec<&str> = city_sample.iter().map(|c| c.cc.as_str()).collect();
            v.sort();
            v.dedup();
            v.len()
        },
        per(t, city_sample.len()),
        total / city_sample.len() / 1024
    );
    let t = Instant::now();
    let mut bytes = 0;
    for c in &city_sample {
        bytes += city_map_png(&c.cc, c.lat, c.lon, &c.en, &opts, 320)
            .expect("png")
            .len();
    }
    println!(
        "city locator PNG 320 px (city_map_png), 5,000 cities: {} (avg {} KB)",
        per(t, city_sample.len()),
        bytes / city_sample.len() / 1024
    );
    let t = Instant::now();
    for c in &city_sample {
        let _ = city_map(&c.cc, c.lat, c.lon, &c.en, &opts).expect("svg");
        let _ = city_map_png(&c.cc, c.lat, c.lon, &c.en, &opts, 320).expect("png");
    }
    println!(
        "city locator SVG + PNG again, caches warm, 5,000 cities: {}",
        per(t, city_sample.len())
    );
    let around = city_sample
        .iter()
        .filter(|c| {
            !matches!(
                c.cc.as_str(),
                "US" | "FR" | "ES" | "PT" | "NL" | "CL" | "EC" | "JP" | "NO" | "GB" | "DK"
            )
        })
        .count();
    println!("  ({around} of them in countries without far-flung parts)");
    let t = Instant::now();
    let k = 200;
    for c in city_sample.iter().take(k) {
        let svg = city_map(&c.cc, c.lat, c.lon, &c.en, &opts).expect("city map");
        let _ = svg_to_png(&svg, 320).expect("png");
    }
    println!(
        "city locator SVG + svg_to_png (no background cache), 200 cities: {}",
        per(t, k)
    );
    save(
        &format!("city-{}", last.0),
        &last.1,
        &svg_to_png(&last.1, 320).expect("png"),
    );
    for (name, cc) in [
        ("Vienna", "AT"),
        ("Moscow", "RU"),
        ("Honolulu", "US"),
        ("Suva", "FJ"),
    ] {
        if let Some(c) = g.find(name, cc) {
            let svg = city_map(&c.cc, c.lat, c.lon, &c.en, &opts).expect("city");
            save(
                &format!("city-{}", c.slug),
                &svg,
                &svg_to_png(&svg, 320).expect("png"),
            );
        }
    }
}

#[test]
#[ignore = "prints timings; run in release"]
fn png_parts() {
    let opts = MapOptions {
        title: "x".into(),
        lang: "en".into(),
        rtl: false,
    };
    let svg = city_map("AT", 48.2, 16.37, "Vienna", &opts).expect("svg");
    let _ = svg_to_png(&svg, 320);
    let no_text = svg.split("<text").next().unwrap_or("").to_string() + "</svg>";
    for (name, s) in [("with text", &svg), ("no text", &no_text)] {
        let t = Instant::now();
        for _ in 0..50 {
            let _ = svg_to_png(s, 320);
        }
        println!("{name}: {}", per(t, 50));
    }
    let t = Instant::now();
    for _ in 0..50 {
        let opt = resvg::usvg::Options::default();
        let _ = resvg::usvg::Tree::from_str(&no_text, &opt);
    }
    println!("parse only: {}", per(t, 50));
}

#[test]
#[ignore = "prints timings; run in release"]
fn png_encode() {
    use resvg::{tiny_skia, usvg};
    let opts = MapOptions {
        title: "x".into(),
        lang: "en".into(),
        rtl: false,
    };
    for (cc, lat, lon) in [
        ("AT", 48.2, 16.37),
        ("RU", 55.75, 37.62),
        ("CN", 31.2, 121.4),
    ] {
        let svg = city_map(cc, lat, lon, "X", &opts).expect("svg");
        let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("tree");
        let mut pm = tiny_skia::Pixmap::new(320, 240).expect("pm");
        let t = Instant::now();
        for _ in 0..50 {
            resvg::render(&tree, tiny_skia::Transform::identity(), &mut pm.as_mut());
        }
        let r = per(t, 50);
        let t = Instant::now();
        for _ in 0..50 {
            let _ = pm.encode_png();
        }
        println!(
            "{cc} ({} KB svg): render {r}, encode {}",
            svg.len() / 1024,
            per(t, 50)
        );
    }
}

#[test]
#[ignore = "prints timings; run in release"]
fn png_encoders() {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use resvg::{tiny_skia, usvg};
    let opts = MapOptions {
        title: "x".into(),
        lang: "en".into(),
        rtl: false,
    };
    let svg = city_map("RU", 55.75, 37.62, "X", &opts).expect("svg");
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("tree");
    let mut pm = tiny_skia::Pixmap::new(320, 240).expect("pm");
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pm.as_mut());
    let rgb: Vec<u8> = pm
        .data()
        .chunks(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    for (name, c, f) in [
        ("fast adaptive", CompressionType::Fast, FilterType::Adaptive),
        ("fast sub", CompressionType::Fast, FilterType::Sub),
        (
            "default adaptive",
            CompressionType::Default,
            FilterType::Adaptive,
        ),
        (
            "level 4 adaptive",
            CompressionType::Level(4),
            FilterType::Adaptive,
        ),
        (
            "level 6 adaptive",
            CompressionType::Level(6),
            FilterType::Adaptive,
        ),
    ] {
        let t = Instant::now();
        let mut out = Vec::new();
        for _ in 0..50 {
            out.clear();
            let _ = PngEncoder::new_with_quality(&mut out, c, f).write_image(
                &rgb,
                320,
                240,
                image::ExtendedColorType::Rgb8,
            );
        }
        println!("{name}: {} {} bytes", per(t, 50), out.len());
    }
}

#[test]
#[ignore = "prints timings; run in release"]
fn load_parts() {
    use std::io::Read;
    let t = Instant::now();
    let mut a = String::new();
    let _ = flate2::read::GzDecoder::new(&include_bytes!("../../geodata/cities.tsv.gz")[..])
        .read_to_string(&mut a);
    println!(
        "gunzip cities: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let mut b = String::new();
    let _ = flate2::read::GzDecoder::new(&include_bytes!("../../geodata/names.tsv.gz")[..])
        .read_to_string(&mut b);
    println!(
        "gunzip names: {:.1} ms ({} MB)",
        t.elapsed().as_secs_f64() * 1000.0,
        b.len() >> 20
    );
    let t = Instant::now();
    let n = b.lines().count();
    println!(
        "count lines: {:.1} ms {n}",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let s: usize = a
        .lines()
        .map(|l| super::fold::slugify(l.split('\t').nth(2).unwrap_or("")))
        .map(|s| s.len())
        .sum();
    println!("slugify: {:.1} ms {s}", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let g = Gazetteer::load().expect("load");
    println!(
        "total: {:.1} ms {}",
        t.elapsed().as_secs_f64() * 1000.0,
        g.cities().len()
    );
}

#[test]
#[ignore = "prints timings; run in release"]
fn locator_parts() {
    let opts = MapOptions {
        title: "x".into(),
        lang: "en".into(),
        rtl: false,
    };
    let _ = city_map_png("AT", 48.2, 16.37, "Vienna", &opts, 320);
    for label in ["Vienna", ""] {
        let t = Instant::now();
        for _ in 0..200 {
            let _ = city_map_png("AT", 48.2, 16.37, label, &opts, 320);
        }
        println!("label {label:?}: {}", per(t, 200));
    }
    let pm = super::png::render(
        &city_map("AT", 48.2, 16.37, "Vienna", &opts).expect("svg"),
        320,
        None,
    )
    .expect("pm");
    let t = Instant::now();
    for _ in 0..200 {
        let _ = super::png::encode(&pm);
    }
    println!("encode: {}", per(t, 200));
}

#[test]
#[ignore = "writes sample maps"]
fn rtl_sample() {
    let Some(dir) = std::env::var_os("SAMIZDAT_MAP_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let opts = MapOptions {
        title: "ایران".into(),
        lang: "fa".into(),
        rtl: true,
    };
    let ms = vec![
        Marker {
            lat: 35.69,
            lon: 51.42,
            label: "تهران".into(),
            href: "tehran/".into(),
            count: 5,
        },
        Marker {
            lat: 29.61,
            lon: 52.53,
            label: "شیراز".into(),
            href: "shiraz/".into(),
            count: 2,
        },
        Marker {
            lat: 36.3,
            lon: 59.6,
            label: "Mashhad (3)".into(),
            href: "mashhad/".into(),
            count: 3,
        },
        Marker {
            lat: 38.08,
            lon: 46.29,
            label: "東京".into(),
            href: "tabriz/".into(),
            count: 1,
        },
    ];
    let svg = country_map("IR", &ms, &opts).expect("svg");
    let _ = std::fs::write(dir.join("rtl.svg"), &svg);
    let _ = std::fs::write(dir.join("rtl.png"), svg_to_png(&svg, 800).expect("png"));
    let svg = city_map("RU", 55.75, 37.62, "Москва", &opts).expect("svg");
    let _ = std::fs::write(
        dir.join("moscow-ru.png"),
        city_map_png("RU", 55.75, 37.62, "Москва", &opts, 320).expect("png"),
    );
    let _ = std::fs::write(dir.join("moscow-ru.svg"), svg);
}
