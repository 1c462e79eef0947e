//! What the map jobs render: the world, country and city pages with their SVG maps and PNG
//! copies, the maps and calendars of actions, each language's calendar of every picket, and
//! what actions add to pages and lists (an action's `event`, an appeal's `action_map`, the
//! events index). The views and drawings are [`crate::render::maps`]'s.

use super::context::{Ctx, page_context_where};
use super::write::{Out, write, write_page};
use crate::content::{EntryId, Kind};
use crate::error::Error;
use crate::geo;
use crate::i18n::Arg;
use crate::output::urls;
use crate::pickets::{CityKey, PicketRef, country_name};
use crate::render::maps;
use crate::render::plan::{MapJob, country_png_file, file_in};
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct PlaceView {
    name: String,
    url: String,
    cc: String,
    country: String,
    country_url: String,
}

/// Runs one map job.
pub(super) fn run(ctx: &Ctx, job: &MapJob) -> Result<Out, Error> {
    match job {
        MapJob::World(lang) => world(ctx, lang),
        MapJob::Country(lang, cc) => country(ctx, lang, cc),
        MapJob::City(lang, key) => city(ctx, lang, key),
        MapJob::Action(id) => action(ctx, *id),
        MapJob::ActionPng(id) => {
            let (config, lib) = (ctx.config, ctx.lib);
            let png = maps::action_png(config, lib, ctx.pickets, *id)
                .map_err(|x| x.at(&lib.page_of(*id).shown))?;
            let folder = maps::shared_action_folder(config, lib, *id);
            write(ctx, &file_in(&folder, "map.png"), &png)
        }
        MapJob::CountryPng(cc) => {
            let pk = ctx.pickets;
            let lang = pk
                .langs
                .keys()
                .find(|l| pk.langs[*l].by_country.contains_key(cc))
                .cloned()
                .unwrap_or_default();
            let png = maps::country_png(ctx.config, pk, &lang, cc)?;
            write(ctx, &country_png_file(cc), &png)
        }
        MapJob::CityPng(key) => {
            // A city's PNG has no label, so every language shares one, in the default
            // language's folder.
            let config = ctx.config;
            let png = maps::city_png(config, ctx.pickets, &ctx.r.strings, key)?;
            let url = maps::city_url(config, &config.default_language, key);
            write(ctx, &file_in(&url, "map.png"), &png)
        }
        MapJob::WorldBase => {
            let svg = geo::world_base(&geo::MapOptions::default());
            write(
                ctx,
                maps::WORLD_BASE.trim_start_matches('/'),
                svg.as_bytes(),
            )
        }
        MapJob::Land(cc, land) => {
            let svg = geo::country_land(cc, *land).unwrap_or_default();
            write(
                ctx,
                maps::land_url(cc, *land).trim_start_matches('/'),
                svg.as_bytes(),
            )
        }
        MapJob::SiteCalendar(lang) => site_calendar(ctx, lang),
    }
}

/// The world map of `lang`: its page, SVG and PNG.
fn world(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let (config, pk) = (ctx.config, ctx.pickets);
    let strings = &ctx.r.strings;
    let url = maps::map_url(config, lang);
    let svg = maps::world_svg(config, pk, strings, lang, true);
    write_svg(ctx, &url, &svg)?;
    let png =
        maps::world_png(config, pk, strings, lang).map_err(|e| e.at(format!("{url}map.png")))?;
    write(ctx, &file_in(&url, "map.png"), &png)?;
    let mut c = page_context_where(ctx, lang, &url, None, &|l| {
        pk.langs
            .get(l)
            .filter(|li| !li.by_action.is_empty())
            .is_some()
    });
    let li = pk.langs.get(lang);
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
    write_page(ctx, &url, html, lang)
}

/// The map of country `cc` in `lang`: its page and SVG (the PNG is shared).
fn country(ctx: &Ctx, lang: &str, cc: &str) -> Result<Out, Error> {
    let (config, pk) = (ctx.config, ctx.pickets);
    let strings = &ctx.r.strings;
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
    let li = pk.langs.get(lang);
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
    write_page(ctx, &url, html, lang)
}

/// The page of a city in `lang`: its pickets, calendar and SVG (the PNG is shared).
fn city(ctx: &Ctx, lang: &str, key: &CityKey) -> Result<Out, Error> {
    let (config, lib, pk) = (ctx.config, ctx.lib, ctx.pickets);
    let strings = &ctx.r.strings;
    let url = maps::city_url(config, lang, key);
    let items: &[(EntryId, PicketRef)] = pk
        .langs
        .get(lang)
        .and_then(|l| l.by_city.get(key))
        .map_or(&[], Vec::as_slice);
    let cal_name = format!(
        "{} · {}",
        config.title.get(lang, &config.default_language),
        pk.city_name(key, lang)
    );
    write_calendar(ctx, &url, lang, &cal_name, items)?;
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
    // The locator names the city in the page's language, so each language has its own SVG;
    // the label-free PNG is shared.
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
    write_page(ctx, &url, html, lang)
}

/// An action's map (SVG) and calendar, in its page's folder.
fn action(ctx: &Ctx, id: EntryId) -> Result<Out, Error> {
    let (config, lib, pk) = (ctx.config, ctx.lib, ctx.pickets);
    let e = &lib.entries[id];
    let svg = maps::action_svg(config, lib, pk, &ctx.r.strings, id, true)
        .map_err(|x| x.at(&lib.page_of(id).shown))?;
    write_svg(ctx, &e.url, &svg)?;
    let items: Vec<_> = pk
        .langs
        .get(&e.lang)
        .and_then(|l| l.by_action.get(&id))
        .into_iter()
        .flatten()
        .map(|&r| (id, r))
        .collect();
    let cal_name = format!(
        "{} · {}",
        config.title.get(&e.lang, &config.default_language),
        lib.title(id)
    );
    write_calendar(ctx, &e.url, &e.lang, &cal_name, &items)
}

/// `calendar.ics` of a language: every picket of every action.
fn site_calendar(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let config = ctx.config;
    let items: Vec<_> = ctx
        .pickets
        .langs
        .get(lang)
        .into_iter()
        .flat_map(|l| {
            l.by_action
                .iter()
                .flat_map(|(&a, rs)| rs.iter().map(move |&r| (a, r)))
        })
        .collect();
    let name = config.title.get(lang, &config.default_language);
    write_calendar(ctx, &config.lang_prefix(lang), lang, name, &items)
}

/// The calendar `name` of the pickets `items`, as `calendar.ics` in the folder of `folder_url`.
fn write_calendar(
    ctx: &Ctx,
    folder_url: &str,
    lang: &str,
    name: &str,
    items: &[(EntryId, PicketRef)],
) -> Result<Out, Error> {
    let ics = maps::calendar(
        ctx.config,
        ctx.lib,
        ctx.pickets,
        &ctx.r.strings,
        lang,
        name,
        items,
        ctx.records.now,
    )?;
    write(ctx, &file_in(folder_url, "calendar.ics"), ics.as_bytes())
}

/// An SVG file next to the page at `page_url`, its links made relative like the page's.
fn write_svg(ctx: &Ctx, page_url: &str, svg: &str) -> Result<Out, Error> {
    let svg = urls::finish(svg, page_url, &ctx.settings.mode);
    write(ctx, &file_in(page_url, "map.svg"), svg.as_bytes())
}

/// Countries and their cities with counts (no picket lists), for the lists beside maps.
fn grouped_counts(ctx: &Ctx, lang: &str, refs: &[PicketRef]) -> Vec<maps::CountryGroup> {
    maps::grouped_public(ctx.config, ctx.lib, ctx.pickets, refs, lang, false)
}

/// Adds the `event` view to an action page and the `action_map` to an appeal.
pub(super) fn page_extras(ctx: &Ctx, id: EntryId, c: &mut Context) {
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
pub(super) fn list_extras(ctx: &Ctx, section: &str, lang: &str, c: &mut Context) {
    if section == "events" {
        c.insert(
            "events",
            &maps::events_index(ctx.lib, ctx.pickets, ctx.records.today, lang),
        );
    }
}
