//! Figures for the report, not timed assertions. Run in release:
//! `CARGO_TARGET_DIR=/work/target cargo test --release --lib geo::bench -- --ignored --nocapture`.
//! With `SAMIZDAT_MAP_DIR=/some/dir` set it also writes sample maps there to look at.

use std::time::Instant;

use super::*;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn per(t: Instant, n: usize) -> String {
    let total = t.elapsed().as_secs_f64();
    format!(
        "{:.3} ms each, {:.2} s for {n}",
        total * 1000.0 / n as f64,
        total
    )
}

fn save(name: &str, svg: &str, png: &[u8]) {
    if let Some(d) = std::env::var_os("SAMIZDAT_MAP_DIR").map(std::path::PathBuf::from) {
        let _ = std::fs::write(d.join(format!("{name}.svg")), svg);
        let _ = std::fs::write(d.join(format!("{name}.png")), png);
    }
}

#[test]
#[ignore = "prints timings; run in release"]
fn figures() {
    let t = Instant::now();
    let g = Gazetteer::load().expect("load");
    println!("gazetteer load: {:.1} ms", ms(t));

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
    let found = (0..100_000)
        .filter(|i| {
            let (n, cc) = names[i % names.len()];
            g.find(n, cc).is_some()
        })
        .count();
    println!("100,000 lookups: {:.1} ms ({found} found)", ms(t));
    let t = Instant::now();
    let s = (
        g.suggest("Londn", "GB", 3),
        g.suggest("Sprngfield", "US", 3),
    );
    println!("2 suggestions (GB, US): {:.1} ms {s:?}", ms(t));

    // A large campaign: markers on the 1,000 largest cities, every country linked.
    let mut cities: Vec<&City> = g.cities().iter().collect();
    cities.sort_by(|a, b| b.population.cmp(&a.population).then(a.id.cmp(&b.id)));
    let marker = |i: usize, c: &City| Marker {
        lat: c.lat,
        lon: c.lon,
        label: c.en.clone(),
        href: format!("{}/{}/", c.cc.to_lowercase(), c.slug),
        count: (i % 17) as u32 + 1,
    };
    let markers: Vec<Marker> = cities
        .iter()
        .take(1000)
        .enumerate()
        .map(|(i, c)| marker(i, c))
        .collect();
    let mut ccs: Vec<&str> = cities.iter().take(1000).map(|c| c.cc.as_str()).collect();
    ccs.sort_unstable();
    ccs.dedup();
    let links: Vec<CountryLink> = ccs
        .iter()
        .map(|cc| CountryLink {
            cc: cc.to_string(),
            href: format!("{}/", cc.to_lowercase()),
            label: country_name(cc, "en").unwrap_or(cc).to_string(),
        })
        .collect();
    let opts = MapOptions {
        title: "Pickets".into(),
        lang: "en".into(),
        rtl: false,
    };

    let t = Instant::now();
    let _ = world_map(&[], &[], &opts);
    println!("world outlines, first use: {:.1} ms", ms(t));
    let (t, n) = (Instant::now(), 5);
    let svg = (0..n)
        .map(|_| world_map(&markers, &links, &opts))
        .next_back()
        .unwrap_or_default();
    println!(
        "world SVG, 1,000 markers: {} ({} KB)",
        per(t, n),
        svg.len() / 1024
    );
    let t = Instant::now();
    let png = (0..n)
        .map(|_| svg_to_png(&svg, 960).expect("png"))
        .next_back()
        .unwrap_or_default();
    println!("world PNG 960 px: {} ({} KB)", per(t, n), png.len() / 1024);
    save("world", &svg, &png);

    let sample = [
        "RU", "US", "FR", "DE", "GB", "FJ", "NO", "CL", "CY", "IR", "ID", "MC",
    ];
    let t = Instant::now();
    for cc in sample {
        let _ = country_map(cc, &[], &opts);
    }
    println!("country outlines, first use: {}", per(t, sample.len()));
    let t = Instant::now();
    let svgs: Vec<(&str, String)> = sample
        .iter()
        .map(|&cc| {
            let ms: Vec<Marker> = cities
                .iter()
                .take(1000)
                .enumerate()
                .filter(|(_, c)| c.cc == cc)
                .map(|(i, c)| marker(i, c))
                .collect();
            (cc, country_map(cc, &ms, &opts).expect("country map"))
        })
        .collect();
    let kb = svgs.iter().map(|(_, s)| s.len()).sum::<usize>() / sample.len() / 1024;
    println!(
        "country SVG with its markers: {} (avg {kb} KB)",
        per(t, sample.len())
    );
    let t = Instant::now();
    let pngs: Vec<Vec<u8>> = svgs
        .iter()
        .map(|(_, s)| svg_to_png(s, 800).expect("png"))
        .collect();
    println!("country PNG 800 px: {}", per(t, sample.len()));
    for ((cc, svg), png) in svgs.iter().zip(&pngs) {
        save(&format!("country-{cc}"), svg, png);
    }

    // City pages: a locator for each of the 5,000 largest cities.
    let five: Vec<&City> = cities.iter().take(5000).copied().collect();
    let mut countries: Vec<&str> = five.iter().map(|c| c.cc.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    let t = Instant::now();
    let bytes: usize = five
        .iter()
        .map(|c| {
            city_map(&c.cc, c.lat, c.lon, &c.en, "", &opts)
                .expect("svg")
                .len()
        })
        .sum();
    println!(
        "city SVG, 5,000 cities in {} countries, first use of their outlines included: {} (avg {} KB)",
        countries.len(),
        per(t, five.len()),
        bytes / five.len() / 1024
    );
    let t = Instant::now();
    let bytes: usize = five
        .iter()
        .map(|c| {
            city_map_png(&c.cc, c.lat, c.lon, &c.en, &opts, 320)
                .expect("png")
                .len()
        })
        .sum();
    println!(
        "city PNG 320 px (city_map_png), first use of backgrounds included: {} (avg {} KB)",
        per(t, five.len()),
        bytes / five.len() / 1024
    );
    let t = Instant::now();
    for c in &five {
        let _ = city_map(&c.cc, c.lat, c.lon, &c.en, "", &opts).expect("svg");
        let _ = city_map_png(&c.cc, c.lat, c.lon, &c.en, &opts, 320).expect("png");
    }
    println!("city SVG + PNG, warm: {}", per(t, five.len()));
    let (t, k) = (Instant::now(), 200);
    for c in five.iter().take(k) {
        let svg = city_map(&c.cc, c.lat, c.lon, &c.en, "", &opts).expect("svg");
        let _ = svg_to_png(&svg, 320).expect("png");
    }
    println!(
        "city SVG + svg_to_png (whole map drawn each time): {}",
        per(t, k)
    );

    for (name, cc) in [
        ("Vienna", "AT"),
        ("Moscow", "RU"),
        ("Honolulu", "US"),
        ("Suva", "FJ"),
    ] {
        if let Some(c) = g.find(name, cc) {
            let svg = city_map(&c.cc, c.lat, c.lon, &c.en, "", &opts).expect("city");
            save(
                &format!("city-{}", c.slug),
                &svg,
                &svg_to_png(&svg, 320).expect("png"),
            );
        }
    }
    let fa = MapOptions {
        title: "ایران".into(),
        lang: "fa".into(),
        rtl: true,
    };
    let ms = [
        ("تهران", 35.69, 51.42, 5),
        ("شیراز", 29.61, 52.53, 2),
        ("東京", 38.08, 46.29, 1),
    ];
    let ms: Vec<Marker> = ms
        .iter()
        .map(|&(l, lat, lon, count)| Marker {
            lat,
            lon,
            label: l.into(),
            href: "x/".into(),
            count,
        })
        .collect();
    let svg = country_map("IR", &ms, &fa).expect("IR");
    save("rtl-IR", &svg, &svg_to_png(&svg, 800).expect("png"));
}
/// Loading alone, five times: the first pays for page faults on the embedded data.
#[test]
#[ignore = "prints timings; run in release"]
fn gazetteer_loads() {
    let times: Vec<String> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ = Gazetteer::load();
            format!("{:.0}", ms(t))
        })
        .collect();
    println!("gazetteer load, 5 times (ms): {}", times.join(" "));
}

/// How many city locators fall outside their country's usual frame (drawn uncached).
#[test]
#[ignore = "prints counts"]
fn locators_outside_frames() {
    let g = Gazetteer::load().expect("load");
    let mut cities: Vec<&City> = g.cities().iter().collect();
    cities.sort_by(|a, b| b.population.cmp(&a.population).then(a.id.cmp(&b.id)));
    let mut out = std::collections::BTreeMap::new();
    for c in cities.iter().take(5000) {
        let cc = super::gazetteer::canonical_cc(&c.cc);
        let cached = super::outlines::country(&cc, super::outlines::Detail::Locator)
            .is_some_and(|v| super::map::inside(v, c.lon, c.lat));
        if !cached {
            *out.entry(cc).or_insert(0) += 1;
        }
    }
    println!(
        "{} of 5000 outside their country's frame: {out:?}",
        out.values().sum::<i32>()
    );
}
