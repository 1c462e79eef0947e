//! Pickets: the places and times of each action, read from front matter and from
//! `events/NAME.pickets.csv`, geocoded against the gazetteer and indexed per language by
//! action, city and country.
//!
//! Every picket is checked: a country that is no ISO 3166 code, a date that does not exist, a
//! time that is not HH:MM, a city the gazetteer does not know (without `lat`/`lon`) — each is an
//! error naming the file and the line (front matter) or row (CSV), with the closest city names
//! of that country. The gazetteer is loaded only when a site has pickets.
//!
//! A translation that gives its own `pickets:` replaces the original's in its language (SPEC
//! §1); pickets of a CSV file belong to the action in every language.

mod csv;

use crate::config::Config;
use crate::content::frontmatter::{DateValue, PicketRaw};
use crate::content::{EntryId, Kind, Library, PageId};
use crate::error::{Error, Errors};
use crate::geo::{self, Gazetteer};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet};

/// A city of the maps: `(country code, slug)`, e.g. `("AT", "vienna")`.
pub type CityKey = (String, String);

#[derive(Debug, Clone)]
pub struct Picket {
    /// The city's key on the maps.
    pub city: CityKey,
    /// The city as written (for messages and for cities the gazetteer lacks).
    pub city_written: String,
    pub lat: f64,
    pub lon: f64,
    pub tz: Tz,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub place: Option<String>,
    pub organiser: Option<String>,
    pub contact: Option<String>,
    pub report: Option<String>,
}

/// A city with pickets: where it is and what it is called.
#[derive(Debug, Clone)]
pub struct CityInfo {
    pub key: CityKey,
    /// The gazetteer's id, when the city is in it.
    pub id: Option<u32>,
    pub lat: f64,
    pub lon: f64,
    /// The name when the gazetteer does not know the city.
    pub written: String,
}

/// A picket of one set: (set index, picket index).
pub type PicketRef = (usize, usize);

/// The pickets shown in one language.
#[derive(Debug, Default)]
pub struct LangIndex {
    /// Action entry -> its pickets, by date, time and city.
    pub by_action: BTreeMap<EntryId, Vec<PicketRef>>,
    /// City -> (action entry, picket), by date.
    pub by_city: BTreeMap<CityKey, Vec<(EntryId, PicketRef)>>,
    /// Country -> its cities with pickets.
    pub by_country: BTreeMap<String, BTreeSet<CityKey>>,
}

#[derive(Default)]
pub struct Pickets {
    /// Parsed picket lists: one per file that gives pickets (a page or a CSV file).
    pub sets: Vec<Vec<Picket>>,
    pub cities: BTreeMap<CityKey, CityInfo>,
    pub langs: BTreeMap<String, LangIndex>,
    pub gazetteer: Option<&'static Gazetteer>,
}

/// The gazetteer, decompressed and indexed once a process: the data is embedded and never
/// changes, and `serve` builds the pickets again after every edit of content.
fn gazetteer() -> Result<&'static Gazetteer, Error> {
    static GAZETTEER: std::sync::OnceLock<Result<Gazetteer, Error>> = std::sync::OnceLock::new();
    GAZETTEER
        .get_or_init(Gazetteer::load)
        .as_ref()
        .map_err(Clone::clone)
}

impl Pickets {
    /// Reads, checks and indexes every picket of the site.
    pub fn build(config: &Config, lib: &Library) -> Result<(Pickets, Errors), Errors> {
        let mut errs = Errors::new();
        let owners: Vec<PageId> = (0..lib.pages.len())
            .filter(|&i| {
                let p = &lib.pages[i];
                p.kind == Kind::Events
                    && !p.is_index
                    && p.owns("pickets")
                    && p.fm.pickets.as_ref().is_some_and(|v| !v.is_empty())
            })
            .collect();
        let has_csv = !lib.picket_files.is_empty();
        let mut out = Pickets::default();
        if owners.is_empty() && !has_csv {
            return Ok((out, errs));
        }
        let gaz = gazetteer()?;
        // Suggesting a city compares the name with every city of its country (50 ms in the
        // United States): a spreadsheet of 10,000 misspelt cities gets suggestions for the first.
        let mut suggest = crate::limits::CITY_SUGGESTIONS;
        let mut page_sets: BTreeMap<PageId, usize> = BTreeMap::new();
        for &pid in &owners {
            let p = &lib.pages[pid];
            let default_date = p.fm.start.map(|d| d.date());
            let mut set = Vec::new();
            for (i, raw) in p.fm.pickets.iter().flatten().enumerate() {
                let here =
                    |field: &str, msg: String| p.error_at(&format!("pickets.{i}.{field}"), msg);
                match check(
                    raw,
                    default_date,
                    config,
                    gaz,
                    &mut out.cities,
                    &here,
                    &mut suggest,
                ) {
                    Ok(pk) => set.push(pk),
                    Err(e) => errs.push(e),
                }
            }
            page_sets.insert(pid, out.sets.len());
            out.sets.push(set);
        }
        let mut csv_sets: BTreeMap<String, usize> = BTreeMap::new();
        for (canonical, shown) in &lib.picket_files {
            let default_date = lib
                .file(canonical, &config.default_language)
                .map(|i| &lib.pages[i])
                .and_then(|p| p.fm.start.map(|d| d.date()));
            let path = config.root.join(shown);
            let rows = match csv::read(&path, shown) {
                Ok((rows, row_errors)) => {
                    errs.extend(row_errors);
                    rows
                }
                Err(e) => {
                    errs.extend(e);
                    continue;
                }
            };
            let mut set = Vec::new();
            for (line, raw) in rows {
                let here = |field: &str, msg: String| {
                    Error::input(format!("column `{field}`: {msg}"))
                        .at(shown)
                        .line(line)
                };
                match check(
                    &raw,
                    default_date,
                    config,
                    gaz,
                    &mut out.cities,
                    &here,
                    &mut suggest,
                ) {
                    Ok(pk) => set.push(pk),
                    Err(e) => errs.push(e),
                }
            }
            csv_sets.insert(canonical.clone(), out.sets.len());
            out.sets.push(set);
        }
        if errs.has_errors() {
            return Err(errs.sorted());
        }
        out.index(config, lib, &page_sets, &csv_sets);
        check_map_urls(config, lib, &mut errs);
        out.gazetteer = Some(gaz);
        if errs.has_errors() {
            Err(errs.sorted())
        } else {
            Ok((out, errs))
        }
    }

    fn index(
        &mut self,
        config: &Config,
        lib: &Library,
        page_sets: &BTreeMap<PageId, usize>,
        csv_sets: &BTreeMap<String, usize>,
    ) {
        for (eid, e) in lib.entries.iter().enumerate() {
            if e.kind != Kind::Events || e.is_index {
                continue;
            }
            // The pickets of the file shown, or (inherited) of the original's.
            let own = page_sets.get(&e.page).copied().or_else(|| {
                lib.file(&e.canonical, &config.default_language)
                    .and_then(|o| page_sets.get(&o).copied())
            });
            let mut refs: Vec<PicketRef> = Vec::new();
            for set in own.into_iter().chain(csv_sets.get(&e.canonical).copied()) {
                refs.extend((0..self.sets[set].len()).map(|i| (set, i)));
            }
            if refs.is_empty() {
                continue;
            }
            refs.sort_by(|a, b| {
                let (pa, pb) = (self.get(*a), self.get(*b));
                (pa.date, pa.time, &pa.city)
                    .cmp(&(pb.date, pb.time, &pb.city))
                    .then(a.cmp(b))
            });
            let li = self.langs.entry(e.lang.clone()).or_default();
            for &r in &refs {
                let city = self.sets[r.0][r.1].city.clone();
                li.by_country
                    .entry(city.0.clone())
                    .or_default()
                    .insert(city.clone());
                li.by_city.entry(city).or_default().push((eid, r));
            }
            li.by_action.insert(eid, refs);
        }
        for li in self.langs.values_mut() {
            for list in li.by_city.values_mut() {
                let sets = &self.sets;
                list.sort_by(|a, b| {
                    let (pa, pb) = (&sets[a.1.0][a.1.1], &sets[b.1.0][b.1.1]);
                    (pa.date, pa.time).cmp(&(pb.date, pb.time)).then(a.cmp(b))
                });
            }
        }
    }

    pub fn get(&self, r: PicketRef) -> &Picket {
        &self.sets[r.0][r.1]
    }

    pub fn is_empty(&self) -> bool {
        self.langs.values().all(|l| l.by_action.is_empty())
    }

    /// A city's name in `lang` (gazetteer names; the spelling written when it is not there).
    pub fn city_name(&self, key: &CityKey, lang: &str) -> String {
        let info = self.cities.get(key);
        match (info.and_then(|c| c.id), &self.gazetteer) {
            (Some(id), Some(g)) => g.by_id(id).map(|c| g.name_in(c, lang).to_string()),
            _ => None,
        }
        .or_else(|| info.map(|c| c.written.clone()))
        .unwrap_or_else(|| key.1.clone())
    }
}

/// A country's name in `lang`, CLDR, falling back to the code.
pub fn country_name(cc: &str, lang: &str) -> String {
    geo::country_name(cc, lang)
        .map(str::to_string)
        .unwrap_or_else(|| cc.to_string())
}

/// Checks one picket and finds its city. `here(field, message)` makes an error pointing at
/// the field's line (front matter) or the row (CSV).
fn check(
    raw: &PicketRaw,
    default_date: Option<NaiveDate>,
    config: &Config,
    gaz: &Gazetteer,
    cities: &mut BTreeMap<CityKey, CityInfo>,
    here: &dyn Fn(&str, String) -> Error,
    suggest: &mut usize,
) -> Result<Picket, Error> {
    let city_written = raw
        .city
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            here("city", "a picket needs a `city`".into())
                .hint("write the city's name in any language, e.g. city: London")
        })?;
    let cc = raw
        .country
        .as_deref()
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            here(
                "country",
                format!("the picket in {city_written} needs a `country`"),
            )
            .hint("an ISO 3166 code such as GB, DE, RU")
        })?;
    if !geo::is_country(&cc) {
        let mut e = here("country", format!("`{cc}` is not an ISO 3166 country code"));
        let codes: Vec<&str> = geo::country_codes().collect();
        if let Some(n) = crate::error::nearest(&cc, codes) {
            e = e.hint(format!("did you mean {n} ({})?", country_name(n, "en")));
        } else {
            e = e.hint("use the two-letter code: GB, DE, UA, RU, US…");
        }
        return Err(e);
    }
    let date = match (raw.date, default_date) {
        (Some(d), _) => d.date(),
        (None, Some(d)) => d,
        (None, None) => {
            return Err(here(
                "date",
                format!("the picket in {city_written} needs a `date` (the action has no `start`)"),
            ));
        }
    };
    // A picket's time is the time on the city's clocks: `2030-05-06T14:00` gives it, an offset
    // (`+02:00`) would contradict the city's own time zone.
    let time_in_date = match raw.date {
        Some(DateValue::Local(m)) => Some(m.time()),
        Some(DateValue::Moment(m)) => {
            return Err(here(
                "date",
                format!("`{m}`: a picket's time is the local time of its city, without an offset"),
            )
            .hint("write the day as date: 2030-05-06 and the local time as time: \"14:00\""));
        }
        _ => None,
    };
    let time = match raw.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => time_in_date,
        Some(t) => Some(parse_time(t).ok_or_else(|| {
            here("time", format!("`{t}` is not a time of day"))
                .hint("write 24-hour time as HH:MM, e.g. \"14:00\" (in quotes)")
        })?),
    };
    let coords = match (raw.lat, raw.lon) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            Some((lat, lon))
        }
        (Some(_), Some(_)) => {
            return Err(here(
                "lat",
                format!("the coordinates of {city_written} are out of range"),
            )
            .hint("lat is -90..90, lon -180..180"));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(here(
                "lat",
                format!("the picket in {city_written} has only one of `lat` and `lon`"),
            )
            .hint("give both, or neither"));
        }
        (None, None) => None,
    };
    let found = gaz.find(city_written, &cc);
    let (key, id, lat, lon, tz) = match (found, coords) {
        (Some(c), coords) => {
            let (lat, lon) = coords.unwrap_or((c.lat, c.lon));
            ((c.cc.clone(), c.slug.clone()), Some(c.id), lat, lon, c.tz)
        }
        (None, Some((lat, lon))) => {
            let slug = crate::util::slugify(city_written);
            let tz = config.timezone.unwrap_or(chrono_tz::UTC);
            ((geo_cc(&cc), slug), None, lat, lon, tz)
        }
        (None, None) => {
            let suggestions = if *suggest > 0 && city_written.chars().count() <= 100 {
                *suggest -= 1;
                gaz.suggest(city_written, &cc, 3)
            } else {
                Vec::new()
            };
            let mut e = here(
                "city",
                format!(
                    "unknown city `{city_written}` in {} ({cc})",
                    country_name(&cc, "en")
                ),
            );
            e = if suggestions.is_empty() {
                e.hint("check the spelling, or give the place's `lat` and `lon`")
            } else {
                e.hint(format!(
                    "did you mean {}? Or give the place's `lat` and `lon`",
                    suggestions.join(", ")
                ))
            };
            return Err(e);
        }
    };
    cities.entry(key.clone()).or_insert_with(|| CityInfo {
        key: key.clone(),
        id,
        lat,
        lon,
        written: city_written.to_string(),
    });
    let text = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Ok(Picket {
        city: key,
        city_written: city_written.to_string(),
        lat,
        lon,
        tz,
        date,
        time,
        place: text(&raw.place),
        organiser: text(&raw.organiser),
        contact: text(&raw.contact),
        report: text(&raw.report),
    })
}

/// XC (Northern Cyprus) and XS (Somaliland) are the map data's placeholders: CY and SO.
fn geo_cc(cc: &str) -> String {
    match cc {
        "XC" => "CY".into(),
        "XS" => "SO".into(),
        c => c.to_string(),
    }
}

/// `14:00`, `9:30`, `14.00`.
pub fn parse_time(t: &str) -> Option<NaiveTime> {
    let t = t.replace('.', ":");
    NaiveTime::parse_from_str(&t, "%H:%M")
        .ok()
        .or_else(|| NaiveTime::parse_from_str(&t, "%H:%M:%S").ok())
}

/// `/map/…` belongs to the maps: a content page there would be replaced.
fn check_map_urls(config: &Config, lib: &Library, errs: &mut Errors) {
    for e in &lib.entries {
        let rest = e
            .url
            .strip_prefix(&config.lang_prefix(&e.lang))
            .unwrap_or("");
        if rest == "map/" || rest.starts_with("map/") {
            // At the slug: line when the page has one (else line 1), like every other claim.
            errs.push(
                lib.pages[e.page]
                    .error_at(
                        "slug",
                        format!(
                            "this page would be published at {}, where the maps of pickets are",
                            e.url
                        ),
                    )
                    .hint("rename the page or its folder; /map/ is kept for the maps"),
            );
        }
    }
}
