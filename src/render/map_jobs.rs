//! The jobs of the maps: world, country and city pages with their SVG and PNG files, the
//! action maps, and the calendars of pickets. Views come from [`super::maps`].

use super::jobs::{Ctx, Out, page_context_where, write, write_html};
use super::maps::{self, WORLD_PNG};
use super::plan::{Declared, Origin, Scope, file_in, out_path};
use crate::config::Config;
use crate::content::Library;
use crate::content::{EntryId, Kind};
use crate::error::Error;
use crate::geo;
use crate::i18n::Arg;
use crate::output::urls;
use crate::pickets::{CityKey, Pickets, country_name};
use serde::Serialize;
use std::collections::BTreeSet;
use tera::Context;

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
}

pub fn plan(config: &Config, lib: &Library, pk: &Pickets) -> Vec<MapJob> {
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
    jobs.extend(countries.into_iter().map(MapJob::CountryPng));
    jobs.extend(cities.into_iter().map(MapJob::CityPng));
    jobs
}

impl MapJob {
    /// The files of each kind of map job, and on whose behalf (see [`super::plan`]).
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
        }
    }
}

/// A country's label-free PNG, shared by every language.
fn country_png_file(cc: &str) -> String {
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

#[derive(Serialize)]
struct PlaceView {
    name: String,
    url: String,
    cc: String,
    country: String,
    country_url: String,
}

pub fn run(ctx: &Ctx, job: &MapJob) -> Result<Out, Error> {
    let (config, lib, pk) = (ctx.config, ctx.lib, ctx.pickets);
    let strings = &ctx.r.strings;
    match job {
        MapJob::World(lang) => {
            let url = maps::map_url(config, lang);
            let svg = maps::world_svg(config, pk, strings, lang, true);
            write_svg(ctx, &url, &svg)?;
            let png =
                geo::svg_to_png(&svg, WORLD_PNG).map_err(|e| e.at(format!("{url}map.png")))?;
            write(ctx, &file_in(&url, "map.png"), &png, None, Vec::new())?;
            let mut c = page_context_where(ctx, lang, &url, None, &|l| {
                pk.langs
                    .get(l)
                    .filter(|li| !li.by_action.is_empty())
                    .is_some()
            });
            let li = pk.langs.get(lang.as_str());
            let refs: Vec<_> = li
                .into_iter()
                .flat_map(|l| l.by_action.values().flatten().copied())
                .collect();
            c.insert("countries", &grouped_counts(ctx, lang, &refs));
            c.insert(
                "map",
                &maps::MapView::beside(&url, &url, strings.t(lang, "map-world", &[])),
            );
            c.insert("page_title", &strings.t(lang, "map-world", &[]));
            c.insert(
                "calendar_url",
                &format!("{}calendar.ics", config.lang_prefix(lang)),
            );
            let html = ctx
                .r
                .render("map/world.html", &c, &format!("the world map {url}"))?;
            write_html(ctx, &url, &out_path(&url), html, Some(lang))
        }
        MapJob::Country(lang, cc) => {
            let url = maps::country_url(config, lang, cc);
            let svg = maps::country_svg(config, pk, strings, lang, cc, true)
                .map_err(|e| e.at(format!("map of {cc}")))?;
            write_svg(ctx, &url, &svg)?;
            let mut c = page_context_where(ctx, lang, &url, None, &|l| {
                pk.langs
                    .get(l)
                    .filter(|li| !li.by_action.is_empty())
                    .is_some_and(|li| li.by_country.contains_key(cc))
            });
            let li = pk.langs.get(lang.as_str());
            let refs: Vec<_> = li
                .and_then(|l| l.by_country.get(cc))
                .into_iter()
                .flatten()
                .flat_map(|k| {
                    li.and_then(|l| l.by_city.get(k))
                        .into_iter()
                        .flatten()
                        .map(|x| x.1)
                })
                .collect();
            let groups = grouped_counts(ctx, lang, &refs);
            c.insert(
                "cities",
                &groups
                    .into_iter()
                    .next()
                    .map(|g| g.cities)
                    .unwrap_or_default(),
            );
            let name = country_name(cc, lang);
            c.insert(
                "country",
                &PlaceView {
                    name: name.clone(),
                    url: url.clone(),
                    cc: cc.to_lowercase(),
                    country: name.clone(),
                    country_url: url.clone(),
                },
            );
            let title = strings.t(lang, "map-title-country", &[("country", Arg::Str(name))]);
            let shared = maps::shared(config, &url, lang);
            c.insert("map", &maps::MapView::beside(&url, &shared, title.clone()));
            c.insert("page_title", &title);
            c.insert("world_url", &maps::map_url(config, lang));
            let html = ctx
                .r
                .render("map/country.html", &c, &format!("the map {url}"))?;
            write_html(ctx, &url, &out_path(&url), html, Some(lang))
        }
        MapJob::City(lang, key) => {
            let url = maps::city_url(config, lang, key);
            let items = pk
                .langs
                .get(lang.as_str())
                .and_then(|l| l.by_city.get(key))
                .cloned()
                .unwrap_or_default();
            let cal_name = format!(
                "{} · {}",
                config.title.get(lang, &config.default_language),
                pk.city_name(key, lang)
            );
            let ics = maps::calendar(
                config,
                lib,
                pk,
                strings,
                lang,
                &cal_name,
                &items,
                ctx.records.now,
            )?;
            write(
                ctx,
                &file_in(&url, "calendar.ics"),
                ics.as_bytes(),
                None,
                Vec::new(),
            )?;
            let mut c = page_context_where(ctx, lang, &url, None, &|l| {
                pk.langs
                    .get(l)
                    .filter(|li| !li.by_action.is_empty())
                    .is_some_and(|li| li.by_city.contains_key(key))
            });
            let name = pk.city_name(key, lang);
            let country_url = maps::country_url(config, lang, &key.0);
            c.insert(
                "city",
                &PlaceView {
                    name: name.clone(),
                    url: url.clone(),
                    cc: key.0.to_lowercase(),
                    country: country_name(&key.0, lang),
                    country_url,
                },
            );
            let views: Vec<_> = items
                .iter()
                .map(|&(a, r)| maps::picket_view(config, lib, pk, pk.get(r), lang, Some(a)))
                .collect();
            c.insert("pickets", &views);
            // The locator names the city in the page's language, so each language has its
            // own SVG; the label-free PNG is shared.
            let svg = maps::city_svg(config, pk, strings, lang, key)
                .map_err(|e| e.at(format!("map of {}", key.1)))?;
            write_svg(ctx, &url, &svg)?;
            let title = strings.t(lang, "map-title-city", &[("city", Arg::Str(name))]);
            let shared = maps::shared(config, &url, lang);
            c.insert("map", &maps::MapView::beside(&url, &shared, title.clone()));
            c.insert("page_title", &title);
            c.insert("calendar_url", &format!("{url}calendar.ics"));
            c.insert("world_url", &maps::map_url(config, lang));
            let html = ctx
                .r
                .render("map/city.html", &c, &format!("the city page {url}"))?;
            write_html(ctx, &url, &out_path(&url), html, Some(lang))
        }
        MapJob::Action(id) => {
            let e = &lib.entries[*id];
            let svg = maps::action_svg(config, lib, pk, strings, *id, true)
                .map_err(|x| x.at(&lib.page_of(*id).shown))?;
            write_svg(ctx, &e.url, &svg)?;
            let items: Vec<_> = pk
                .langs
                .get(&e.lang)
                .and_then(|l| l.by_action.get(id))
                .into_iter()
                .flatten()
                .map(|&r| (*id, r))
                .collect();
            let cal_name = format!(
                "{} · {}",
                config.title.get(&e.lang, &config.default_language),
                lib.title(*id)
            );
            let ics = maps::calendar(
                config,
                lib,
                pk,
                strings,
                &e.lang,
                &cal_name,
                &items,
                ctx.records.now,
            )?;
            write(
                ctx,
                &file_in(&e.url, "calendar.ics"),
                ics.as_bytes(),
                None,
                Vec::new(),
            )
        }
        MapJob::ActionPng(id) => {
            let png = maps::action_png(config, lib, pk, *id)
                .map_err(|x| x.at(&lib.page_of(*id).shown))?;
            let folder = maps::shared_action_folder(config, lib, *id);
            write(ctx, &file_in(&folder, "map.png"), &png, None, Vec::new())
        }
        MapJob::CountryPng(cc) => {
            let lang = pk
                .langs
                .keys()
                .find(|l| pk.langs[*l].by_country.contains_key(cc))
                .cloned()
                .unwrap_or_default();
            let png = maps::country_png(config, pk, &lang, cc)?;
            write(ctx, &country_png_file(cc), &png, None, Vec::new())
        }
        MapJob::CityPng(key) => {
            // A city's PNG has no label, so every language shares one, in the default
            // language's folder.
            let png = maps::city_png(config, pk, strings, key)?;
            let url = maps::city_url(config, &config.default_language, key);
            write(ctx, &file_in(&url, "map.png"), &png, None, Vec::new())
        }
        MapJob::WorldBase => {
            let svg = geo::world_base(&geo::MapOptions::default());
            write(
                ctx,
                maps::WORLD_BASE.trim_start_matches('/'),
                svg.as_bytes(),
                None,
                Vec::new(),
            )
        }
        MapJob::SiteCalendar(lang) => {
            let items: Vec<_> = pk
                .langs
                .get(lang)
                .into_iter()
                .flat_map(|l| {
                    l.by_action
                        .iter()
                        .flat_map(|(&a, rs)| rs.iter().map(move |&r| (a, r)))
                })
                .collect();
            let name = config.title.get(lang, &config.default_language).to_string();
            let ics = maps::calendar(
                config,
                lib,
                pk,
                strings,
                lang,
                &name,
                &items,
                ctx.records.now,
            )?;
            write(
                ctx,
                &file_in(&config.lang_prefix(lang), "calendar.ics"),
                ics.as_bytes(),
                None,
                Vec::new(),
            )
        }
    }
}

/// An SVG file next to the page at `page_url`, its links made relative like the page's.
fn write_svg(ctx: &Ctx, page_url: &str, svg: &str) -> Result<Out, Error> {
    let svg = urls::finish(svg, page_url, &ctx.settings.mode);
    write(
        ctx,
        &file_in(page_url, "map.svg"),
        svg.as_bytes(),
        None,
        Vec::new(),
    )
}

/// Countries and their cities with counts (no picket lists), for the lists beside maps.
fn grouped_counts(
    ctx: &Ctx,
    lang: &str,
    refs: &[crate::pickets::PicketRef],
) -> Vec<maps::CountryGroup> {
    maps::grouped_public(ctx.config, ctx.lib, ctx.pickets, refs, lang, false)
}

/// Adds the `event` view to an action page and the `action_map` to an appeal.
pub fn page_extras(ctx: &Ctx, id: EntryId, c: &mut Context) {
    let (config, lib, pk) = (ctx.config, ctx.lib, ctx.pickets);
    match lib.entries[id].kind {
        Kind::Events => c.insert(
            "event",
            &maps::event_view(config, lib, pk, ctx.records.today, id, &ctx.r.strings),
        ),
        Kind::Appeals => {
            let lang = &lib.entries[id].lang;
            let action = lib
                .page_of(id)
                .fm
                .action
                .as_ref()
                .and_then(|a| lib.entry(&format!("events/{a}.md"), lang));
            let map = action
                .filter(|a| {
                    pk.langs
                        .get(lang.as_str())
                        .is_some_and(|l| l.by_action.contains_key(a))
                })
                .map(|a| maps::MapView {
                    svg_url: format!("{}map.svg", lib.entries[a].url),
                    png_url: format!("{}map.png", maps::shared_action_folder(config, lib, a)),
                    title: ctx.r.strings.t(
                        lang,
                        "map-png-alt",
                        &[("place", Arg::Str(lib.title(a)))],
                    ),
                    base_url: maps::action_is_world(pk, lang, a)
                        .then(|| maps::WORLD_BASE.to_string()),
                });
            c.insert("action_map", &map);
        }
        _ => {}
    }
}

/// Adds the events index (upcoming and past) to the list page of events/.
pub fn list_extras(ctx: &Ctx, section: &str, lang: &str, c: &mut Context) {
    if section == "events" {
        c.insert(
            "events",
            &maps::events_index(ctx.lib, ctx.pickets, ctx.records.today, lang),
        );
    }
}
