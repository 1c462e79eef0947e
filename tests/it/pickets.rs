//! Days of action: pickets from front matter and spreadsheets, maps per world, country and city,
//! calendars.

use crate::harness::*;
use crate::records::python_check;

fn at(rfc3339: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.to_utc())
}

/// 40 pickets from a spreadsheet, with city names in English, German and Russian.
fn spreadsheet() -> String {
    let cities = [
        ("London", "GB"),
        ("Wien", "AT"),
        ("Вена", "AT"),
        ("Praha", "CZ"),
        ("Киев", "UA"),
        ("Kyiv", "UA"),
        ("Berlin", "DE"),
        ("München", "DE"),
        ("Warszawa", "PL"),
        ("Париж", "FR"),
        ("Madrid", "ES"),
        ("Roma", "IT"),
        ("Lisboa", "PT"),
        ("Stockholm", "SE"),
        ("Oslo", "NO"),
        ("København", "DK"),
        ("Helsinki", "FI"),
        ("Tallinn", "EE"),
        ("Riga", "LV"),
        ("Vilnius", "LT"),
        ("Тбилиси", "GE"),
        ("Yerevan", "AM"),
        ("Colombo", "LK"),
        ("New York City", "US"),
        ("Toronto", "CA"),
        ("Melbourne", "AU"),
        ("Tokyo", "JP"),
        ("Seoul", "KR"),
        ("Istanbul", "TR"),
        ("Athína", "GR"),
        ("Bruxelles", "BE"),
        ("Amsterdam", "NL"),
        ("Zürich", "CH"),
        ("Dublin", "IE"),
        ("Budapest", "HU"),
        ("Bratislava", "SK"),
        ("Ljubljana", "SI"),
        ("Zagreb", "HR"),
        ("Beograd", "RS"),
        ("Chișinău", "MD"),
    ];
    let mut csv = String::from("\u{feff}city,country,date,time,place,organiser\r\n");
    for (i, (city, cc)) in cities.iter().enumerate() {
        csv.push_str(&format!(
            "{city},{cc},2026-02-{:02},{}:00,\"Russian Embassy, street {i}\",Group {i}\r\n",
            20 + i % 5,
            10 + i % 8
        ));
    }
    csv
}

fn site() -> Site {
    let s = Site::small();
    s.write("content/events/days.md", "---\ntitle: Days of solidarity\nstart: 2026-02-20\nend: 2026-02-24\npickets:\n  - {city: London, country: GB, date: 2026-02-21, time: \"14:00\", place: \"Russian Embassy, 6/7 Kensington Palace Gardens\", organiser: London group, report: \"https://report.example.org/london\"}\n---\nJoin us.\n");
    s.write(
        "content/events/days.ru.md",
        "---\ntitle: Дни солидарности\n---\nПрисоединяйтесь.\n",
    );
    s.write("content/events/days.pickets.csv", &spreadsheet());
    s.write("content/events/old.md", "---\ntitle: An old picket\nstart: 2014-01-19\npickets:\n  - {city: Лондон, country: GB, time: \"13:00\", place: Trafalgar Square}\n---\n");
    s
}

fn build_on(s: &Site, when: &str) {
    let mut o = s.options();
    o.now = at(when);
    samizdat::build::build(&o).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_spreadsheet_of_40_pickets_makes_every_map_in_every_language() {
    let s = site();
    build_on(&s, "2026-01-10T12:00:00Z");
    let action = s.out("events/days/index.html");
    assert!(
        action.contains("41 pickets"),
        "40 from the spreadsheet + 1 in front matter"
    );
    assert!(
        action.contains("Russian Embassy, street 3"),
        "quoted commas survive"
    );
    for lang in ["", "ru/", "fa/"] {
        for page in [
            "map/",
            "map/at/",
            "map/at/vienna/",
            "map/us/new-york/",
            "map/ua/kyiv/",
            "map/fr/paris/",
            "map/ch/zurich/",
            "map/md/chisinau/",
        ] {
            assert!(s.exists(&format!("{lang}{page}index.html")), "{lang}{page}");
            // Every map, a city's locator too, is drawn in the page's language beside it.
            let svg = format!("{lang}{page}map.svg");
            assert!(s.exists(&svg), "{svg}");
        }
        assert!(s.exists(&format!("{lang}events/days/map.svg")));
        assert!(s.exists(&format!("{lang}events/days/calendar.ics")));
    }
    // PNG copies for browsers that block SVG, shared by every language.
    for png in [
        "map/map.png",
        "ru/map/map.png",
        "map/at/map.png",
        "map/at/vienna/map.png",
        "events/days/map.png",
    ] {
        let b = std::fs::read(s.path("public").join(png)).expect(png);
        assert!(b.starts_with(b"\x89PNG"), "{png}");
    }
    // Wien and Вена are one city: two pickets on one page, named in the page's language.
    let vienna = s.out("ru/map/at/vienna/index.html");
    assert!(vienna.contains("<h1>Пикеты: Вена</h1>"), "{vienna}");
    assert_eq!(vienna.matches("class=\"picket\"").count(), 2);
    // Its map too: embedded from beside the page, titled, labelled and linked in Russian.
    assert!(
        vienna.contains("<object data=\"map.svg\" type=\"image/svg+xml\""),
        "{vienna}"
    );
    let locator = s.out("ru/map/at/vienna/map.svg");
    assert!(locator.contains("<title>Пикеты: Вена</title>"), "{locator}");
    assert!(
        locator.contains(r#"<a href="../" target="_top"><title>Вена</title><circle"#),
        "the dot links to the country's map: {locator}"
    );
    assert!(locator.contains(">Вена</text>"), "{locator}");
    let en = s.out("map/at/vienna/map.svg");
    assert!(
        en.contains(">Vienna</text>") && !en.contains("Вена"),
        "{en}"
    );
    // Every marker of the world map has a visible label, the crowded Central Europe too.
    for lang in ["", "ru/"] {
        let world = s.out(&format!("{lang}map/map.svg"));
        assert_eq!(
            world.matches("<text").count(),
            world.matches("<circle").count(),
            "{lang}map/map.svg"
        );
    }
    assert!(s.out("ru/map/map.svg").contains(">Вена</text>"));
    assert!(s.out("map/map.svg").contains(">Prague</text>"));
    let world = s.out("ru/map/index.html");
    assert!(
        world.contains(">Австрия</a>") && world.contains(">Вена</a>"),
        "the list beside the map"
    );
    // A world-wide action lays its markers over the one shared world background.
    assert!(s.exists("map/world.svg"));
    let action_svg = s.out("events/days/map.svg");
    assert!(
        action_svg.len() < 20_000,
        "markers only: {} bytes",
        action_svg.len()
    );
    let ru = s.out("ru/events/days/index.html");
    assert!(
        ru.contains("<img class=\"map-base\" src=\"../../../map/world.svg\" alt=\"\">"),
        "{ru}"
    );
}

/// The output path a relative `href` in the file `from` points at.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn maps_of_a_country_share_its_land_across_cities_and_languages() {
    let s = site();
    build_on(&s, "2026-01-10T12:00:00Z");
    // Every language's locator of Vienna (and any Austrian city) is drawn over one file of
    // Austria's land; the map files hold only the dot and the label in their language.
    let land = s.out("map/land/at-locator.svg");
    assert!(land.contains("<path") && !land.contains("<text"), "{land}");
    for (svg, name) in [
        ("map/at/vienna/map.svg", "Vienna"),
        ("ru/map/at/vienna/map.svg", "Вена"),
        ("fa/map/at/vienna/map.svg", "Vienna"),
    ] {
        let m = s.out(svg);
        let href = m
            .split("<image href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("{svg} draws over a land file: {m}"));
        assert_eq!(resolve(svg, href), "map/land/at-locator.svg", "{svg}");
        assert!(!m.contains("<path"), "no outlines of its own: {svg}");
        assert!(m.contains(&format!(">{name}</text>")), "{svg}: {m}");
    }
    // The country's own map likewise, over the larger frame.
    assert!(s.exists("map/land/at.svg"));
    let ru = s.out("ru/map/at/map.svg");
    assert!(
        ru.contains(r#"<image href="../../../map/land/at.svg""#) && ru.contains(">Вена</text>"),
        "{ru}"
    );
    assert_eq!(
        resolve("ru/map/at/map.svg", "../../../map/land/at.svg"),
        "map/land/at.svg"
    );
    // The PNG copies still carry the outlines themselves (a PNG cannot point at a file).
    let png = std::fs::read(s.path("public").join("map/at/vienna/map.png")).expect("png");
    assert!(png.len() > 2_000, "{} bytes", png.len());
}

#[test]
fn the_action_page_groups_pickets_by_country_and_city() {
    let s = site();
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("events/days/index.html");
    let austria = h.find(">Austria</a></h3>").expect("Austria");
    let vienna = h.find(">Vienna</a></h4>").expect("Vienna");
    let uk = h.find(">United Kingdom</a></h3>").expect("UK");
    assert!(
        austria < vienna && vienna < uk,
        "countries in name order, cities within"
    );
    assert!(h.contains(
        "<a href=\"https://report.example.org/london\">https://report.example.org/london</a>"
    ));
    // Pickets' own words are in whatever language their organisers wrote: isolated, so a
    // Latin place name keeps its order on a right-to-left page.
    let fa = s.out("fa/events/days/index.html");
    assert!(
        fa.contains("<dd dir=\"auto\">Russian Embassy, 6/7 Kensington Palace Gardens</dd>"),
        "{fa}"
    );
    assert!(
        h.contains("<object data=\"map.svg\" type=\"image/svg+xml\""),
        "{h}"
    );
    assert!(h.contains("Upcoming"));
    let idx = s.out("events/index.html");
    let up = idx.find("id=\"upcoming\"").expect("upcoming");
    let past = idx.find("id=\"past\"").expect("past");
    let days = idx.find("Days of solidarity").expect("listed");
    let old = idx.find("An old picket").expect("listed");
    assert!(up < days && days < past && past < old, "{idx}");
}

#[test]
fn a_city_page_lists_pickets_of_every_action() {
    let s = site();
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("map/gb/london/index.html");
    assert!(
        h.contains("Days of solidarity") && h.contains("An old picket"),
        "{h}"
    );
    assert!(h.contains("3 pickets"), "{h}");
    let ics = s.out("map/gb/london/calendar.ics");
    assert!(
        ics.contains("DTSTART;TZID=Europe/London:20140119T130000"),
        "{ics}"
    );
}

#[test]
fn maps_request_nothing_from_other_hosts() {
    let s = site();
    build_on(&s, "2026-01-10T12:00:00Z");
    for (path, bytes) in snapshot(&s.path("public")) {
        if !(path.ends_with(".html") || path.ends_with(".svg")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for attr in [
            "src=\"http",
            "data=\"http",
            "href=\"//",
            "src=\"//",
            "@import",
            "url(http",
        ] {
            assert!(
                !text.contains(attr),
                "{path} loads from another host: {attr}"
            );
        }
        if path.ends_with(".svg") {
            let without_ns = text.replace("http://www.w3.org/2000/svg", "");
            assert!(!without_ns.contains("http"), "{path} names another host");
            assert!(!text.contains("<script"), "{path} has a script");
        }
    }
}

#[test]
fn a_misspelt_city_gets_suggestions_with_file_and_row() {
    let s = site();
    s.write("content/events/bad.md", "---\ntitle: Bad\nstart: 2026-03-01\npickets:\n  - {city: London, country: GB}\n  - {city: Londno, country: GB}\n---\n");
    let e = s.build_err().to_string();
    assert!(e.contains("content/events/bad.md:6:"), "{e}");
    assert!(
        e.contains("unknown city `Londno` in United Kingdom (GB)"),
        "{e}"
    );
    assert!(e.contains("did you mean London"), "{e}");
    let s = site();
    s.write("content/events/days.pickets.csv", "city,country,date\r\nBerlin,DE,2026-02-21\r\nPrag,CZ,2026-02-21\r\nBerlin,XX,2026-02-21\r\nBerlin,DE,2026-02-30\r\n");
    let e = s.build_err().to_string();
    assert!(
        e.contains("content/events/days.pickets.csv:5:"),
        "impossible date, row 5\n{e}"
    );
    // A misspelt city in the spreadsheet names its row and the closest names.
    s.write(
        "content/events/days.pickets.csv",
        "city,country\nBerlin,DE\nBrelin,DE\nBerlin,XX\n",
    );
    let e = s.build_err().to_string();
    assert!(
        e.contains(
            "content/events/days.pickets.csv:3: error: column `city`: unknown city `Brelin` in Germany (DE)"
        ),
        "{e}"
    );
    assert!(e.contains("did you mean Berlin"), "{e}");
    // Three names of that country, the closest first, even when only one is a near miss.
    let hint = e
        .lines()
        .find(|l| l.contains("did you mean Berlin"))
        .and_then(|l| l.split("did you mean ").nth(1))
        .and_then(|l| l.split('?').next())
        .unwrap_or("");
    assert_eq!(hint.split(", ").count(), 3, "{e}");
    assert!(
        e.contains(
            "content/events/days.pickets.csv:4: error: column `country`: `XX` is not an ISO 3166 country code"
        ),
        "{e}"
    );
}

#[test]
fn bad_times_and_unknown_columns_are_errors() {
    let s = site();
    s.write("content/events/bad.md", "---\ntitle: Bad\nstart: 2026-03-01\npickets:\n  - {city: Berlin, country: DE, time: \"25:99\"}\n---\n");
    let e = s.build_err().to_string();
    assert!(
        e.contains("content/events/bad.md:5:") && e.contains("`25:99` is not a time of day"),
        "{e}"
    );
    let s = site();
    s.write(
        "content/events/days.pickets.csv",
        "city,country,organizer,plaec\nBerlin,DE,x,y\n",
    );
    let e = s.build_err().to_string();
    assert!(
        e.contains("unknown column `plaec`") && e.contains("did you mean `place`"),
        "{e}"
    );
}

#[test]
fn coordinates_place_a_picket_the_gazetteer_does_not_know() {
    let s = site();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}timezone: Europe/Moscow\n"),
    );
    s.write("content/events/village.md", "---\ntitle: Village\nstart: 2026-03-01\npickets:\n  - {city: Малые Вишеры Тест, country: RU, lat: \"58,84\", lon: 32.21, time: \"12:00\"}\n---\n");
    build_on(&s, "2026-01-10T12:00:00Z");
    assert!(s.exists("map/ru/малые-вишеры-тест/index.html"));
    assert!(
        s.out("events/village/calendar.ics")
            .contains("DTSTART;TZID=Europe/Moscow:20260301T120000")
    );
}

#[test]
fn calendars_parse_with_an_independent_parser() {
    let s = site();
    build_on(&s, "2026-01-10T12:00:00Z");
    let ics = s.out("events/days/calendar.ics");
    assert!(
        ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London"),
        "{ics}"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
    }
    let script = "import sys, icalendar\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\nev = list(cal.walk('VEVENT'))\nassert len(ev) == 41, len(ev)\nlondon = [e for e in ev if 'Kensington' in str(e.get('LOCATION'))][0]\nassert london['DTSTART'].dt.isoformat() == '2026-02-21T14:00:00+00:00', london['DTSTART'].dt.isoformat()\ntokyo = [e for e in ev if 'Tokyo' in str(e.get('LOCATION'))][0]\nassert str(tokyo['DTSTART'].dt.tzinfo).endswith('Tokyo'), tokyo['DTSTART'].dt.tzinfo\nprint('ok')\n";
    python_check(
        script,
        &s.path("public/events/days/calendar.ics"),
        "icalendar",
    );
    assert!(s.exists("calendar.ics") && s.exists("ru/calendar.ics"));
}

#[test]
fn the_appeal_that_names_an_action_shows_it_with_its_map() {
    let s = site();
    s.write(
        "content/appeals/a.md",
        "---\ntitle: Appeal\naction: days\n---\n",
    );
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("appeals/a/index.html");
    assert!(
        h.contains("<a href=\"../../events/days/\">Days of solidarity</a>"),
        "{h}"
    );
    assert!(
        h.contains("<object data=\"../../events/days/map.svg\""),
        "{h}"
    );
}
