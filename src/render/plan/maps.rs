//! The map jobs of a build and their files: the world, country and city pages with their SVG
//! and PNG files, the action maps, and the calendars of pickets. What they render is in
//! `render/jobs/maps.rs`; the views and drawings, in [`crate::render::maps`].

use super::{Declared, Origin, Scope, out_path};
use crate::config::Config;
use crate::content::{EntryId, Library};
use crate::geo;
use crate::pickets::{CityKey, Pickets};
use crate::render::maps;
use std::collections::BTreeSet;

/// One map job: a page with its map (and calendar), a shared PNG, a calendar, the land.
#[derive(Debug)]
pub enum MapJob {
    World(String),
    Country(String, String),
    City(String, CityKey),
    /// An action's map (SVG) and calendar, per entry.
    Action(EntryId),
    /// Label-free PNGs shared by every language.
    CountryPng(String),
    CityPng(CityKey),
    ActionPng(EntryId),
    SiteCalendar(String),
    /// The world's land, shared by the world-wide action maps.
    WorldBase,
    /// A country's land in one frame, shared by its maps in every language.
    Land(String, geo::Land),
}

/// The map jobs of the site: per language with pickets its world map, calendar, country, city
/// and action maps; once for all languages the label-free PNGs and the world's land.
pub(super) fn jobs(config: &Config, lib: &Library, pk: &Pickets) -> Vec<MapJob> {
    let mut jobs = Vec::new();
    let mut countries = BTreeSet::new();
    let mut cities = BTreeSet::new();
    let mut png_actions = BTreeSet::new();
    for (lang, li) in &pk.langs {
        if li.by_action.is_empty() {
            continue;
        }
        jobs.push(MapJob::World(lang.clone()));
        jobs.push(MapJob::SiteCalendar(lang.clone()));
        for cc in li.by_country.keys() {
            jobs.push(MapJob::Country(lang.clone(), cc.clone()));
            countries.insert(cc.clone());
        }
        for key in li.by_city.keys() {
            jobs.push(MapJob::City(lang.clone(), key.clone()));
            cities.insert(key.clone());
        }
        for &a in li.by_action.keys() {
            jobs.push(MapJob::Action(a));
            let folder = maps::shared_action_folder(config, lib, a);
            if png_actions.insert(folder) {
                jobs.push(MapJob::ActionPng(a));
            }
        }
    }
    if !pk.is_empty() {
        jobs.push(MapJob::WorldBase);
    }
    let lands: BTreeSet<(String, geo::Land)> = countries
        .iter()
        .map(|cc| (cc.clone(), geo::Land::Country))
        .chain(cities.iter().map(|k| (k.0.clone(), geo::Land::Locator)))
        .map(|(cc, land)| (geo::gazetteer::canonical_cc(&cc), land))
        .filter(|(cc, land)| geo::has_land(cc, *land))
        .collect();
    jobs.extend(lands.into_iter().map(|(cc, land)| MapJob::Land(cc, land)));
    jobs.extend(countries.into_iter().map(MapJob::CountryPng));
    jobs.extend(cities.into_iter().map(MapJob::CityPng));
    jobs
}

impl MapJob {
    /// The files of each kind of map job, and on whose behalf: the maps' part of
    /// [`Job::declare`](super::Job::declare).
    pub(super) fn declare(&self, s: &Scope, d: &mut Declared) {
        let (config, lib, pk) = (s.config, s.lib, s.pickets);
        match self {
            MapJob::World(lang) => {
                let url = maps::map_url(config, lang);
                d.file_in(&url, "map.svg");
                d.file_in(&url, "map.png");
                d.file(out_path(&url));
                d.source(|| Origin::made(format!("the {lang} world map")));
            }
            MapJob::Country(lang, cc) => {
                let url = maps::country_url(config, lang, cc);
                d.file_in(&url, "map.svg");
                d.file(out_path(&url));
                d.source(|| Origin::made(format!("the {lang} map of {cc}")));
            }
            MapJob::City(lang, key) => {
                let url = maps::city_url(config, lang, key);
                d.file_in(&url, "calendar.ics");
                d.file_in(&url, "map.svg");
                d.file(out_path(&url));
                d.source(|| city_source(lib, pk, Some(lang), key));
            }
            MapJob::Action(id) => {
                let url = &lib.entries[*id].url;
                d.file_in(url, "map.svg");
                d.file_in(url, "calendar.ics");
                d.source(|| action_source(lib, *id));
            }
            MapJob::ActionPng(id) => {
                d.file_in(&maps::shared_action_folder(config, lib, *id), "map.png");
                d.source(|| action_source(lib, *id));
            }
            MapJob::CountryPng(cc) => {
                d.file(country_png_file(cc));
                d.source(|| Origin::made(format!("the map of {cc}")));
            }
            MapJob::CityPng(key) => {
                let url = maps::city_url(config, &config.default_language, key);
                d.file_in(&url, "map.png");
                d.source(|| city_source(lib, pk, None, key));
            }
            MapJob::SiteCalendar(lang) => {
                d.file_in(&config.lang_prefix(lang), "calendar.ics");
                d.source(|| Origin::made(format!("the {lang} calendar of every picket")));
            }
            MapJob::WorldBase => {
                d.file(maps::WORLD_BASE.trim_start_matches('/').to_string());
                d.source(|| Origin::made("the land of the world maps"));
            }
            MapJob::Land(cc, land) => {
                d.file(
                    maps::land_url(cc, *land)
                        .trim_start_matches('/')
                        .to_string(),
                );
                d.source(|| Origin::made(format!("the land of the maps of {cc}")));
            }
        }
    }
}

/// A country's label-free PNG, shared by every language.
pub(crate) fn country_png_file(cc: &str) -> String {
    format!("map/{}/map.png", cc.to_lowercase())
}

/// An action's map and calendar sit in its page's folder.
fn action_source(lib: &Library, id: EntryId) -> Origin {
    Origin::file(
        &lib.page_of(id).shown,
        "its map and calendar of pickets",
        "",
    )
}

/// A city's page on the maps: made for the pickets of the first action held there.
fn city_source(lib: &Library, pk: &Pickets, lang: Option<&str>, key: &CityKey) -> Origin {
    let first = pk
        .langs
        .iter()
        .filter(|(l, _)| lang.is_none_or(|x| x == l.as_str()))
        .find_map(|(_, li)| li.by_city.get(key).and_then(|v| v.first()));
    let what = format!(
        "the page of the city `{}` on the maps, for its pickets",
        key.1
    );
    match first {
        Some(&(action, _)) => Origin::file(
            &lib.page_of(action).shown,
            what,
            "write the city's name another way",
        ),
        None => Origin::made(what),
    }
}
