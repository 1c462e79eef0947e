//! Actions and maps as pages: the `event` view of an action page, the events index (upcoming
//! and past), the world, country and city maps, their PNG copies and the calendars.
//!
//! Every map is an SVG file next to its page (embedded with `<object>`, links `target=_top`),
//! a PNG copy inside the object for browsers that block SVG (Tor Browser at "Safest"), and an
//! HTML list beside it with the same content. SVGs carry labels in the page's language; PNGs
//! of country, city and action maps carry no labels and are shared by every language (the list
//! beside names every place), so 5,000 city pages cost 5,000 small PNGs, not 15,000.

use crate::config::Config;
use crate::content::{EntryId, Library};
use crate::error::Error;
use crate::geo::{self, CountryLink, MapOptions, Marker};
use crate::i18n::{self, Arg, Strings};
use crate::output::ics::{Calendar, Event as IcsEvent, When};
use crate::pickets::{CityKey, Picket, PicketRef, Pickets, country_name};
use crate::records::views::{DateView, LinkView, date_view};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Width of the PNG copies.
pub const WORLD_PNG: u32 = 960;
pub const COUNTRY_PNG: u32 = 640;
pub const CITY_PNG: u32 = 320;

#[derive(Serialize)]
pub struct MapView {
    pub svg_url: String,
    pub png_url: String,
    pub title: String,
    /// A shared background the SVG is laid over (the world's land), when it has one.
    pub base_url: Option<String>,
}

impl MapView {
    /// A map drawn as `map.svg` in `svg_dir` with its PNG copy `map.png` in `png_dir`.
    pub fn beside(svg_dir: &str, png_dir: &str, title: String) -> MapView {
        MapView {
            svg_url: format!("{svg_dir}map.svg"),
            png_url: format!("{png_dir}map.png"),
            title,
            base_url: None,
        }
    }
}

/// The world's land, shared by every map that lays its markers over it.
pub const WORLD_BASE: &str = "/map/world.svg";

/// The site path of a country's shared land in one frame ([`geo::country_land`]), in a folder
/// no country code can name: `/map/land/gb.svg`, `/map/land/gb-locator.svg`.
pub fn land_url(cc: &str, land: geo::Land) -> String {
    let cc = crate::geo::gazetteer::canonical_cc(cc).to_lowercase();
    match land {
        geo::Land::Country => format!("/map/land/{cc}.svg"),
        geo::Land::Locator => format!("/map/land/{cc}-locator.svg"),
    }
}

#[derive(Serialize)]
pub struct PicketView {
    pub date: DateView,
    pub time: Option<String>,
    pub time_iso: Option<String>,
    pub city: String,
    pub city_url: String,
    pub country: String,
    pub place: Option<String>,
    pub organiser: Option<String>,
    pub contact: Option<String>,
    pub report: Option<String>,
    /// The report as a link, when it is an http(s) address.
    pub report_url: Option<String>,
    /// The action (on city pages, where pickets of many actions meet).
    pub action: Option<LinkView>,
}

#[derive(Serialize)]
pub struct CityGroup {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub pickets: Vec<PicketView>,
}

#[derive(Serialize)]
pub struct CountryGroup {
    pub cc: String,
    pub name: String,
    pub url: String,
    pub count: usize,
    pub cities: Vec<CityGroup>,
}

#[derive(Serialize)]
pub struct EventView {
    pub start: Option<DateView>,
    pub end: Option<DateView>,
    pub upcoming: bool,
    pub pickets: usize,
    pub cities: usize,
    pub countries: usize,
    pub groups: Vec<CountryGroup>,
    pub map: Option<MapView>,
    pub calendar_url: Option<String>,
}

#[derive(Serialize)]
pub struct EventItem {
    pub title: String,
    pub url: String,
    pub start: Option<DateView>,
    pub end: Option<DateView>,
    pub pickets: usize,
    pub cities: usize,
    pub fallback: bool,
    pub text_lang: String,
}

#[derive(Serialize)]
pub struct EventsIndex {
    pub upcoming: Vec<EventItem>,
    pub past: Vec<EventItem>,
}

pub fn map_url(config: &Config, lang: &str) -> String {
    format!("{}map/", config.lang_prefix(lang))
}

pub fn country_url(config: &Config, lang: &str, cc: &str) -> String {
    format!("{}map/{}/", config.lang_prefix(lang), cc.to_lowercase())
}

pub fn city_url(config: &Config, lang: &str, key: &CityKey) -> String {
    format!(
        "{}map/{}/{}/",
        config.lang_prefix(lang),
        key.0.to_lowercase(),
        crate::content::encode_path(&key.1)
    )
}

/// The folder all languages share for a map's PNG: the default language's.
pub fn shared(config: &Config, url_in_lang: &str, lang: &str) -> String {
    let rest = url_in_lang
        .strip_prefix(&config.lang_prefix(lang))
        .unwrap_or(url_in_lang);
    format!("/{rest}")
}

fn action_dates(
    lib: &Library,
    id: EntryId,
) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    let fm = &lib.page_of(id).fm;
    (fm.start.map(|d| d.date()), fm.end.map(|d| d.date()))
}

/// Upcoming while its last day has not passed.
pub fn is_upcoming(lib: &Library, id: EntryId, today: chrono::NaiveDate) -> bool {
    let (s, e) = action_dates(lib, id);
    e.or(s).is_some_and(|d| d >= today)
}

pub fn picket_view(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    p: &Picket,
    lang: &str,
    action: Option<EntryId>,
) -> PicketView {
    let report_url = p
        .report
        .as_ref()
        .filter(|r| {
            (r.starts_with("https://") || r.starts_with("http://"))
                && !r.contains(char::is_whitespace)
        })
        .cloned();
    PicketView {
        date: date_view(p.date, lang),
        time: p.time.map(|t| i18n::format_time(t, lang)),
        time_iso: p.time.map(|t| format!("{}T{}", p.date, t.format("%H:%M"))),
        city: pk.city_name(&p.city, lang),
        city_url: city_url(config, lang, &p.city),
        country: country_name(&p.city.0, lang),
        place: p.place.clone(),
        organiser: p.organiser.clone(),
        contact: p.contact.clone(),
        report: p.report.clone(),
        report_url,
        action: action.map(|a| LinkView {
            title: lib.title(a),
            url: lib.entries[a].url.clone(),
        }),
    }
}

/// Pickets grouped by country then city (with or without the pickets themselves).
pub fn grouped_public(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    refs: &[PicketRef],
    lang: &str,
    with_pickets: bool,
) -> Vec<CountryGroup> {
    grouped(config, lib, pk, refs, lang, with_pickets)
}

/// Pickets grouped by country then city, countries and cities in name order.
fn grouped(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    refs: &[PicketRef],
    lang: &str,
    with_pickets: bool,
) -> Vec<CountryGroup> {
    let mut by: BTreeMap<String, BTreeMap<CityKey, Vec<PicketRef>>> = BTreeMap::new();
    for &r in refs {
        let p = pk.get(r);
        by.entry(p.city.0.clone())
            .or_default()
            .entry(p.city.clone())
            .or_default()
            .push(r);
    }
    let mut out: Vec<CountryGroup> = by
        .into_iter()
        .map(|(cc, cities)| {
            let mut cs: Vec<CityGroup> = cities
                .into_iter()
                .map(|(key, rs)| CityGroup {
                    name: pk.city_name(&key, lang),
                    url: city_url(config, lang, &key),
                    count: rs.len(),
                    pickets: if with_pickets {
                        rs.iter()
                            .map(|&r| picket_view(config, lib, pk, pk.get(r), lang, None))
                            .collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect();
            cs.sort_by(|a, b| a.name.cmp(&b.name));
            CountryGroup {
                name: country_name(&cc, lang),
                url: country_url(config, lang, &cc),
                count: cs.iter().map(|c| c.count).sum(),
                cc,
                cities: cs,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

pub fn event_view(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    today: chrono::NaiveDate,
    id: EntryId,
    strings: &Strings,
) -> EventView {
    let e = &lib.entries[id];
    let lang = e.lang.as_str();
    let (start, end) = action_dates(lib, id);
    let refs: &[PicketRef] = pk
        .langs
        .get(lang)
        .and_then(|l| l.by_action.get(&id))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let groups = grouped(config, lib, pk, refs, lang, true);
    let cities: BTreeSet<&CityKey> = refs.iter().map(|&r| &pk.get(r).city).collect();
    let map = (!refs.is_empty()).then(|| MapView {
        svg_url: format!("{}map.svg", e.url),
        png_url: format!("{}map.png", shared_action_folder(config, lib, id)),
        title: strings.t(lang, "map-png-alt", &[("place", Arg::Str(lib.title(id)))]),
        base_url: action_is_world(pk, lang, id).then(|| WORLD_BASE.to_string()),
    });
    EventView {
        start: start.map(|d| date_view(d, lang)),
        end: end
            .filter(|&d| Some(d) != start)
            .map(|d| date_view(d, lang)),
        upcoming: is_upcoming(lib, id, today),
        pickets: refs.len(),
        cities: cities.len(),
        countries: groups.len(),
        groups,
        map,
        calendar_url: (!refs.is_empty()).then(|| format!("{}calendar.ics", e.url)),
    }
}

/// The site path of the folder that holds an action's shared PNG.
pub fn shared_action_folder(config: &Config, lib: &Library, id: EntryId) -> String {
    let c = &lib.entries[id].canonical;
    let first = lib
        .entry(c, &config.default_language)
        .or_else(|| lib.translations(config, c).next())
        .unwrap_or(id);
    lib.entries[first].url.clone()
}

pub fn events_index(
    lib: &Library,
    pk: &Pickets,
    today: chrono::NaiveDate,
    lang: &str,
) -> EventsIndex {
    let ids: Vec<EntryId> = lib
        .sections
        .get("events")
        .and_then(|s| s.pages.get(lang))
        .cloned()
        .unwrap_or_default();
    let item = |id: EntryId| {
        let (s, e) = action_dates(lib, id);
        let refs = pk.langs.get(lang).and_then(|l| l.by_action.get(&id));
        let cities: BTreeSet<&CityKey> = refs
            .into_iter()
            .flatten()
            .map(|&r| &pk.get(r).city)
            .collect();
        EventItem {
            title: lib.title(id),
            url: lib.entries[id].url.clone(),
            start: s.map(|d| date_view(d, lang)),
            end: e.filter(|&d| Some(d) != s).map(|d| date_view(d, lang)),
            pickets: refs.map_or(0, Vec::len),
            cities: cities.len(),
            fallback: lib.entries[id].fallback,
            text_lang: lib.page_of(id).lang.clone(),
        }
    };
    let (mut up, mut past): (Vec<EntryId>, Vec<EntryId>) =
        ids.into_iter().partition(|&i| is_upcoming(lib, i, today));
    up.sort_by_key(|&i| (action_dates(lib, i).0, lib.entries[i].url.clone()));
    past.sort_by_key(|&i| std::cmp::Reverse((action_dates(lib, i).0, lib.entries[i].url.clone())));
    EventsIndex {
        upcoming: up.into_iter().map(item).collect(),
        past: past.into_iter().map(item).collect(),
    }
}

fn opts(
    strings: &Strings,
    config: &Config,
    lang: &str,
    title_key: &str,
    args: &[(&str, Arg)],
) -> MapOptions {
    MapOptions {
        title: strings.t(lang, title_key, args),
        lang: lang.to_string(),
        rtl: config
            .language(lang)
            .is_some_and(|l| l.dir == crate::config::Dir::Rtl),
    }
}

fn city_markers(
    config: &Config,
    pk: &Pickets,
    lang: &str,
    counts: &BTreeMap<&CityKey, u32>,
    labels: bool,
) -> Vec<Marker> {
    counts
        .iter()
        .filter_map(|(key, &count)| {
            let c = pk.cities.get(*key)?;
            Some(Marker {
                lat: c.lat,
                lon: c.lon,
                label: if labels {
                    pk.city_name(key, lang)
                } else {
                    String::new()
                },
                href: city_url(config, lang, key),
                count,
            })
        })
        .collect()
}

/// The world map of a language: every city with pickets, every country with pickets linked.
pub fn world_svg(
    config: &Config,
    pk: &Pickets,
    strings: &Strings,
    lang: &str,
    labels: bool,
) -> String {
    world_parts(config, pk, strings, lang, labels)
        .map(|(markers, countries, o)| geo::world_map(&markers, &countries, &o))
        .unwrap_or_default()
}

/// [`world_svg`] (with labels) as a PNG [`WORLD_PNG`] pixels wide.
pub fn world_png(
    config: &Config,
    pk: &Pickets,
    strings: &Strings,
    lang: &str,
) -> Result<Vec<u8>, Error> {
    match world_parts(config, pk, strings, lang, true) {
        Some((markers, countries, o)) => {
            geo::map::world_map_png(&markers, &countries, &o, WORLD_PNG)
        }
        None => geo::svg_to_png("", WORLD_PNG),
    }
}

/// What the world map of `lang` shows: its markers, linked countries and options; `None` for
/// a language without pickets.
fn world_parts(
    config: &Config,
    pk: &Pickets,
    strings: &Strings,
    lang: &str,
    labels: bool,
) -> Option<(Vec<Marker>, Vec<CountryLink>, MapOptions)> {
    let li = pk.langs.get(lang)?;
    let counts: BTreeMap<&CityKey, u32> = li
        .by_city
        .iter()
        .map(|(k, v)| (k, v.len() as u32))
        .collect();
    let countries: Vec<CountryLink> = li
        .by_country
        .keys()
        .map(|cc| CountryLink {
            cc: cc.clone(),
            href: country_url(config, lang, cc),
            label: country_name(cc, lang),
        })
        .collect();
    Some((
        city_markers(config, pk, lang, &counts, labels),
        countries,
        opts(strings, config, lang, "map-world", &[]),
    ))
}

pub fn country_svg(
    config: &Config,
    pk: &Pickets,
    strings: &Strings,
    lang: &str,
    cc: &str,
    labels: bool,
) -> Result<String, Error> {
    let li = pk.langs.get(lang);
    let counts: BTreeMap<&CityKey, u32> = li
        .and_then(|l| l.by_country.get(cc))
        .into_iter()
        .flatten()
        .map(|k| {
            (
                k,
                li.and_then(|l| l.by_city.get(k))
                    .map_or(0, |v| v.len() as u32),
            )
        })
        .collect();
    let o = opts(
        strings,
        config,
        lang,
        "map-title-country",
        &[("country", Arg::Str(country_name(cc, lang)))],
    );
    let markers = city_markers(config, pk, lang, &counts, labels);
    geo::country_map_over(cc, &markers, &o, Some(&land_url(cc, geo::Land::Country)))
}

pub fn city_svg(
    config: &Config,
    pk: &Pickets,
    strings: &Strings,
    lang: &str,
    key: &CityKey,
) -> Result<String, Error> {
    let c = pk
        .cities
        .get(key)
        .ok_or_else(|| Error::input(format!("no city {}/{}", key.0, key.1)))?;
    let name = pk.city_name(key, lang);
    let o = opts(
        strings,
        config,
        lang,
        "map-title-city",
        &[("city", Arg::Str(name.clone()))],
    );
    // The marker links to the country's map: the city page is where the reader already is.
    geo::city_map_over(
        &key.0,
        c.lat,
        c.lon,
        &name,
        &country_url(config, lang, &key.0),
        &o,
        Some(&land_url(&key.0, geo::Land::Locator)),
    )
}

/// A country map as PNG, shared by every language (no labels).
pub fn country_png(config: &Config, pk: &Pickets, lang: &str, cc: &str) -> Result<Vec<u8>, Error> {
    let li = pk.langs.get(lang);
    let counts: BTreeMap<&CityKey, u32> = li
        .and_then(|l| l.by_country.get(cc))
        .into_iter()
        .flatten()
        .map(|k| {
            (
                k,
                li.and_then(|l| l.by_city.get(k))
                    .map_or(0, |v| v.len() as u32),
            )
        })
        .collect();
    geo::country_png(
        cc,
        &city_markers(config, pk, lang, &counts, false),
        COUNTRY_PNG,
    )
}

pub fn city_png(
    config: &Config,
    pk: &Pickets,
    strings: &Strings,
    key: &CityKey,
) -> Result<Vec<u8>, Error> {
    let c = pk
        .cities
        .get(key)
        .ok_or_else(|| Error::input(format!("no city {}/{}", key.0, key.1)))?;
    let o = opts(
        strings,
        config,
        &config.default_language,
        "map-title-city",
        &[("city", Arg::Str(String::new()))],
    );
    geo::city_map_png(&key.0, c.lat, c.lon, "", &o, CITY_PNG)
}

/// Whether an action's pickets span several countries (its map is then the world's).
pub fn action_is_world(pk: &Pickets, lang: &str, id: EntryId) -> bool {
    let refs = pk
        .langs
        .get(lang)
        .and_then(|l| l.by_action.get(&id))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let ccs: BTreeSet<&str> = refs.iter().map(|&r| pk.get(r).city.0.as_str()).collect();
    ccs.len() > 1
}

/// An action's map as PNG (no labels; the list beside names the places).
pub fn action_png(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    id: EntryId,
) -> Result<Vec<u8>, Error> {
    let lang = lib.entries[id].lang.as_str();
    let refs = pk
        .langs
        .get(lang)
        .and_then(|l| l.by_action.get(&id))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut counts: BTreeMap<&CityKey, u32> = BTreeMap::new();
    for &r in refs {
        *counts.entry(&pk.get(r).city).or_default() += 1;
    }
    let markers = city_markers(config, pk, lang, &counts, false);
    let ccs: BTreeSet<&str> = counts.keys().map(|k| k.0.as_str()).collect();
    match ccs.iter().next() {
        Some(cc) if ccs.len() == 1 => geo::country_png(cc, &markers, COUNTRY_PNG),
        _ => geo::world_png(&markers, COUNTRY_PNG),
    }
}

/// An action's map: its country's when every picket is in one country, else its markers over
/// the shared world background ([`WORLD_BASE`]).
pub fn action_svg(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    strings: &Strings,
    id: EntryId,
    labels: bool,
) -> Result<String, Error> {
    let lang = lib.entries[id].lang.as_str();
    let refs = pk
        .langs
        .get(lang)
        .and_then(|l| l.by_action.get(&id))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut counts: BTreeMap<&CityKey, u32> = BTreeMap::new();
    for &r in refs {
        *counts.entry(&pk.get(r).city).or_default() += 1;
    }
    let markers = city_markers(config, pk, lang, &counts, labels);
    let ccs: BTreeSet<&str> = counts.keys().map(|k| k.0.as_str()).collect();
    let o = opts(
        strings,
        config,
        lang,
        "map-png-alt",
        &[("place", Arg::Str(lib.title(id)))],
    );
    match ccs.iter().next() {
        Some(cc) if ccs.len() == 1 => {
            geo::country_map_over(cc, &markers, &o, Some(&land_url(cc, geo::Land::Country)))
        }
        _ => Ok(geo::world_overlay(&markers, &o)),
    }
}

/// A calendar of pickets (an action's, a city's, the whole site's), in `lang`.
#[allow(clippy::too_many_arguments)]
pub fn calendar(
    config: &Config,
    lib: &Library,
    pk: &Pickets,
    strings: &Strings,
    lang: &str,
    name: &str,
    items: &[(EntryId, PicketRef)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, Error> {
    let host = config.host();
    let mut cal = Calendar::new("-//samizdat//pickets//EN", name, now);
    // What repeats across a calendar's pickets is worked out once: the field labels, each
    // city's and country's name, each action's title, address and UID stem (a site calendar
    // holds every picket of the language; a city's, hundreds).
    let labels = ["picket-organiser", "picket-contact", "picket-report"]
        .map(|key| strings.t(lang, key, &[]));
    let mut places: BTreeMap<&CityKey, (String, String)> = BTreeMap::new();
    let mut actions: BTreeMap<EntryId, (String, String, String)> = BTreeMap::new();
    for &(action, r) in items {
        let p = pk.get(r);
        let (city, country) = places
            .entry(&p.city)
            .or_insert_with(|| (pk.city_name(&p.city, lang), country_name(&p.city.0, lang)));
        let (title, url, slug) = actions.entry(action).or_insert_with(|| {
            let slug = lib.entries[action]
                .canonical
                .trim_start_matches("events/")
                .trim_end_matches(".md")
                .replace('/', "-");
            (
                lib.title(action),
                config.absolute(&lib.entries[action].url),
                slug,
            )
        });
        let start = match p.time {
            Some(t) => When::Local(p.date.and_time(t), p.tz),
            None => When::Date(p.date),
        };
        let mut desc = String::new();
        for (label, v) in labels.iter().zip([&p.organiser, &p.contact, &p.report]) {
            if let Some(v) = v {
                desc.push_str(label);
                desc.push_str(": ");
                desc.push_str(v);
                desc.push('\n');
            }
        }
        desc.push_str(url);
        let mut location = String::new();
        if let Some(place) = &p.place {
            location.push_str(place);
            location.push_str(", ");
        }
        location.push_str(city);
        location.push_str(", ");
        location.push_str(country);
        cal.push(IcsEvent {
            uid: format!("picket-{slug}-{}-{}-{lang}@{host}", r.0, r.1),
            start,
            end: None,
            summary: strings.t(
                lang,
                "picket-event",
                &[
                    ("event", Arg::Str(title.clone())),
                    ("city", Arg::Str(city.clone())),
                ],
            ),
            description: Some(desc),
            location: Some(location),
            url: Some(url.clone()),
            geo: Some((p.lat, p.lon)),
            yearly: false,
            categories: Vec::new(),
        })
        .map_err(|e| e.at(&lib.page_of(action).shown))?;
    }
    Ok(cal.render())
}
