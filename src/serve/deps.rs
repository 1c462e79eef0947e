//! What an edit touches: the jobs to render again after the library was assembled anew, found by
//! comparing the old state with the new one, and the files that no longer belong to the site.
//!
//! The rules follow what each page's template context holds (see `render::jobs`, `views`,
//! `records::views`, `maps`): a page shows its own entry, its translations (switcher,
//! alternates), the pages it links to (their URLs), and through the records its case, its
//! prisoners, its action or its appeals; a list shows a slice of its section; a tag page a slice
//! of its tag; maps show pickets and their actions; every page shows the navigation. A page
//! that shows something new without being edited (a link to a page that moved) counts as edited
//! for every page that shows it. When the navigation changes, everything is rendered again. The
//! tests of `site_tests.rs` check these rules against clean builds.

use crate::build::Content;
use crate::config::Config;
use crate::content::{Entry, EntryId, Kind, Library};
use crate::render::MapJob;
use crate::render::maps;
use crate::render::plan::JobKey;
use std::collections::{BTreeMap, BTreeSet};

/// A job of the plan, named by what stays the same across rebuilds (entry ids do not).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    Page(String, String),
    List(String, String, usize),
    TagIndex(String),
    Tag(String, String, usize),
    NotFound,
    Alias(String),
    Feed(String),
    Sitemap,
    Robots,
    Copy(String),
    Thumb(String),
    Birthdays(String),
    Map(String),
    Mirrors(String),
    MirrorsJson,
    Search(String),
    OnionHeaders,
}

fn entry_key(lib: &Library, e: EntryId) -> (String, String) {
    lib.entries
        .get(e)
        .map(|e| (e.canonical.clone(), e.lang.clone()))
        .unwrap_or_default()
}

pub(crate) fn key_of(k: JobKey<'_>, lib: &Library) -> Key {
    match k {
        JobKey::Page(e) => {
            let (c, l) = entry_key(lib, e);
            Key::Page(c, l)
        }
        JobKey::List {
            section,
            lang,
            page_no,
            ..
        } => Key::List(section.into(), lang.into(), page_no),
        JobKey::TagIndex(l) => Key::TagIndex(l.into()),
        JobKey::Tag {
            lang,
            slug,
            page_no,
            ..
        } => Key::Tag(lang.into(), slug.into(), page_no),
        JobKey::NotFound => Key::NotFound,
        JobKey::Alias(i) => Key::Alias(
            lib.aliases
                .get(i)
                .map(|a| a.file.clone())
                .unwrap_or_default(),
        ),
        JobKey::Feed(l) => Key::Feed(l.into()),
        JobKey::Sitemap => Key::Sitemap,
        JobKey::Robots => Key::Robots,
        JobKey::Copy(r) => Key::Copy(r.into()),
        JobKey::Thumb(r) => Key::Thumb(r.into()),
        JobKey::Birthdays(l) => Key::Birthdays(l.into()),
        JobKey::Map(m) => Key::Map(map_key(m, lib)),
        JobKey::Mirrors(l) => Key::Mirrors(l.into()),
        JobKey::MirrorsJson => Key::MirrorsJson,
        JobKey::Search(l) => Key::Search(l.into()),
        JobKey::OnionHeaders => Key::OnionHeaders,
    }
}

fn map_key(m: &MapJob, lib: &Library) -> String {
    match m {
        MapJob::World(l) => format!("world {l}"),
        MapJob::Country(l, cc) => format!("country {l} {cc}"),
        MapJob::City(l, (cc, city)) => format!("city {l} {cc} {city}"),
        MapJob::Action(e) => {
            let (c, l) = entry_key(lib, *e);
            format!("action {l} {c}")
        }
        MapJob::CountryPng(cc) => format!("countrypng {cc}"),
        MapJob::CityPng((cc, city)) => format!("citypng {cc} {city}"),
        MapJob::ActionPng(e) => {
            let (c, l) = entry_key(lib, *e);
            format!("actionpng {l} {c}")
        }
        MapJob::SiteCalendar(l) => format!("calendar {l}"),
        MapJob::WorldBase => "worldbase".into(),
        MapJob::Land(cc, land) => format!("land {cc} {land:?}"),
    }
}

/// Every job of a state, by key, with the number of pages of its list for a list or a tag page
/// (0 for the others): what [`job_key`] needs to name the job again.
pub(crate) type Planned = BTreeMap<Key, usize>;

/// Every job of a state.
pub(crate) fn plan_keys(config: &Config, c: &Content, theme: &crate::theme::Theme) -> Planned {
    let mut keys = BTreeMap::new();
    crate::render::jobs::visit_jobs(
        config,
        &c.library,
        &c.records,
        &c.pickets,
        theme,
        &mut |k| {
            let of = match k {
                JobKey::List { of, .. } | JobKey::Tag { of, .. } => of,
                _ => 0,
            };
            keys.insert(key_of(k, &c.library), of);
        },
    );
    keys
}

/// The job of `key` in the library `lib`, named without planning the site; None for the jobs
/// only the plan can name (copied files, photo copies, maps) and for a key `lib` does not have.
pub(crate) fn job_key<'a>(key: &'a Key, of: usize, lib: &Library) -> Option<JobKey<'a>> {
    Some(match key {
        Key::Page(c, l) => JobKey::Page(lib.entry(c, l)?),
        Key::List(section, lang, page_no) => JobKey::List {
            section,
            lang,
            page_no: *page_no,
            of,
        },
        Key::TagIndex(l) => JobKey::TagIndex(l),
        Key::Tag(lang, slug, page_no) => JobKey::Tag {
            lang,
            slug,
            page_no: *page_no,
            of,
        },
        Key::NotFound => JobKey::NotFound,
        Key::Alias(file) => JobKey::Alias(lib.aliases.iter().position(|a| a.file == *file)?),
        Key::Feed(l) => JobKey::Feed(l),
        Key::Sitemap => JobKey::Sitemap,
        Key::Robots => JobKey::Robots,
        Key::Birthdays(l) => JobKey::Birthdays(l),
        Key::Mirrors(l) => JobKey::Mirrors(l),
        Key::MirrorsJson => JobKey::MirrorsJson,
        Key::Search(l) => JobKey::Search(l),
        Key::OnionHeaders => JobKey::OnionHeaders,
        Key::Copy(_) | Key::Thumb(_) | Key::Map(_) => return None,
    })
}

/// What to render and delete after an edit.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    /// The navigation (or something else every page shows) changed: render everything.
    pub(crate) all: bool,
    pub(crate) keys: BTreeSet<Key>,
    /// Files of the output (paths inside it) that the new state no longer makes.
    pub(crate) remove: BTreeSet<String>,
    /// Every job of the new state (empty when `all`).
    pub(crate) plan: Planned,
}

/// The jobs that `changed` (canonical names of edited pages and actions whose picket tables
/// changed) and `assets` (edited files of content/ that are copied) touch, from `old` (whose
/// jobs are `old_keys`) to `new`.
pub(crate) fn select(
    config: &Config,
    theme: &crate::theme::Theme,
    old: &Content,
    old_keys: &Planned,
    new: &Content,
    changed: &BTreeSet<String>,
    assets: &BTreeSet<String>,
) -> Selection {
    let (o, n) = (&old.library, &new.library);
    let mut sel = Selection::default();
    if nav_print(config, old) != nav_print(config, new) {
        sel.all = true;
        return sel;
    }
    let new_keys = plan_keys(config, new, theme);
    for gone in old_keys.keys().filter(|k| !new_keys.contains_key(*k)) {
        sel.remove.extend(files_of(config, old, gone));
    }
    sel.keys.extend(
        new_keys
            .keys()
            .filter(|k| !old_keys.contains_key(*k))
            .cloned(),
    );

    // Pages whose file did not change can still show something new: links to a page that moved
    // (its new slug), a summary that names it. Whatever shows them (lists, tags, the home page,
    // their case or action) must follow, as if they had been edited.
    let shown_anew: BTreeSet<String> = n
        .entries
        .iter()
        .filter(|e| {
            o.entry(&e.canonical, &e.lang)
                .is_some_and(|b| !same_view(&o.entries[b], e))
        })
        .map(|e| e.canonical.clone())
        .collect();
    let mut touched: BTreeSet<String> = changed.clone();
    touched.extend(shown_anew.iter().cloned());
    for c in changed.iter().chain(&shown_anew) {
        touched.extend(related(o, old, c));
        touched.extend(related(n, new, c));
    }
    let langs: Vec<String> = config.codes().map(str::to_string).collect();

    // Pages.
    for e in &n.entries {
        if e.is_index {
            continue;
        }
        let before = o.entry(&e.canonical, &e.lang).map(|i| &o.entries[i]);
        let same = before.is_some_and(|b| same_view(b, e));
        if !same || touched.contains(&e.canonical) {
            sel.keys
                .insert(Key::Page(e.canonical.clone(), e.lang.clone()));
        }
        // A page that moved leaves its old address (a new page there is rendered after).
        if let Some(b) = before.filter(|b| b.url != e.url) {
            let k = Key::Page(b.canonical.clone(), b.lang.clone());
            sel.remove.extend(files_of(config, old, &k));
        }
    }
    let page_keys: BTreeSet<(String, String)> = sel
        .keys
        .iter()
        .filter_map(|k| match k {
            Key::Page(c, l) => Some((c.clone(), l.clone())),
            _ => None,
        })
        .collect();
    for a in &n.aliases {
        if page_keys.contains(&entry_key(n, a.to)) {
            sel.keys.insert(Key::Alias(a.file.clone()));
        }
    }

    // Lists and tags: the slices that changed or show a touched page.
    let per = config.paginate.max(1);
    let mut sections = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for lib in [o, n] {
        for e in lib
            .entries
            .iter()
            .filter(|e| touched.contains(&e.canonical))
        {
            sections.insert(e.section.clone());
            kinds.insert(e.kind);
            for t in lib.pages[e.page].fm.tags.iter().flatten() {
                tags.insert((e.lang.clone(), crate::util::slugify(t)));
            }
        }
    }
    for s in &sections {
        // A section's index (its title, its text above the list) changed or links anew.
        let index_touched = touched.iter().any(|c| is_index_of(c, s));
        for lang in &langs {
            let before = section_list(o, s, lang);
            let after = section_list(n, s, lang);
            let whole = s == "prisoners" || s == "events";
            let pages = if whole {
                1
            } else {
                after.len().div_ceil(per).max(1)
            };
            for page_no in 1..=pages {
                let (a, b) = (
                    list_page(&before, page_no, per),
                    list_page(&after, page_no, per),
                );
                if whole || index_touched || a != b || b.iter().any(|c| touched.contains(c)) {
                    sel.keys.insert(Key::List(s.clone(), lang.clone(), page_no));
                }
            }
            if index_touched && let Some(parent) = parent_of(s) {
                let n_parent = section_list(n, &parent, lang).len().div_ceil(per).max(1);
                for page_no in 1..=n_parent {
                    sel.keys
                        .insert(Key::List(parent.clone(), lang.clone(), page_no));
                }
            }
        }
    }
    for lang in &langs {
        // The home page shows the newest pages of each section and the prisoners' counts.
        sel.keys.insert(Key::List(String::new(), lang.clone(), 1));
        sel.keys.insert(Key::Feed(lang.clone()));
        sel.keys.insert(Key::Search(lang.clone()));
        if kinds.contains(&Kind::Cases) || kinds.contains(&Kind::Prisoners) {
            sel.keys
                .insert(Key::List("prisoners".into(), lang.clone(), 1));
        }
        if kinds.contains(&Kind::Prisoners) {
            sel.keys.insert(Key::Birthdays(lang.clone()));
        }
        if kinds.contains(&Kind::Events) || kinds.contains(&Kind::Appeals) {
            sel.keys.insert(Key::List("events".into(), lang.clone(), 1));
        }
    }
    sel.keys.insert(Key::Sitemap);
    for (lang, slug) in &tags {
        sel.keys.insert(Key::TagIndex(lang.clone()));
        let before = tag_list(o, lang, slug);
        let after = tag_list(n, lang, slug);
        for page_no in 1..=after.len().div_ceil(per).max(1) {
            let b = list_page(&after, page_no, per);
            if list_page(&before, page_no, per) != b || b.iter().any(|c| touched.contains(c)) {
                sel.keys
                    .insert(Key::Tag(lang.clone(), slug.clone(), page_no));
            }
        }
    }

    // Maps: the places of the touched actions' pickets, before and after.
    let mut places = BTreeSet::new();
    let mut maps_changed = false;
    for c in changed.iter().filter(|c| c.starts_with("events/")) {
        for lang in &langs {
            let a = action_print(old, c, lang, &mut places);
            let b = action_print(new, c, lang, &mut places);
            maps_changed |= a != b;
            if let Some(e) = n.entry(c, lang) {
                let (c, l) = entry_key(n, e);
                sel.keys.insert(Key::Map(format!("action {l} {c}")));
                if a != b {
                    sel.keys.insert(Key::Map(format!("actionpng {l} {c}")));
                }
            }
        }
    }
    if maps_changed {
        for lang in &langs {
            sel.keys.insert(Key::Map(format!("world {lang}")));
            sel.keys.insert(Key::Map(format!("calendar {lang}")));
            for (cc, city) in &places {
                sel.keys.insert(Key::Map(format!("country {lang} {cc}")));
                sel.keys
                    .insert(Key::Map(format!("city {lang} {cc} {city}")));
            }
        }
        for (cc, city) in &places {
            sel.keys.insert(Key::Map(format!("countrypng {cc}")));
            sel.keys.insert(Key::Map(format!("citypng {cc} {city}")));
        }
    }

    // Files of content/ copied as they are, and the list copies of photos.
    for a in assets {
        sel.keys.insert(Key::Copy(a.clone()));
        if let Some(t) = new.records.thumbs.get(a) {
            sel.keys.insert(Key::Thumb(t.clone()));
        }
    }
    // Only what the new plan has can be rendered.
    sel.keys.retain(|k| new_keys.contains_key(k));
    sel.plan = new_keys;
    sel
}

/// Whether an entry shows the same in both states, as far as other pages can tell: its address,
/// the addresses its text links to, its summary and its marks.
fn same_view(before: &Entry, after: &Entry) -> bool {
    before.url == after.url
        && before.link_urls == after.link_urls
        && before.summary == after.summary
        && before.fallback == after.fallback
        && before.draft == after.draft
        && before.embargoed == after.embargoed
        && before.outdated == after.outdated
}

/// Pages whose own page shows something of page `c`: its case and the case's prisoners, its
/// action and the action's appeals.
fn related(lib: &Library, content: &Content, c: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(e) = lib.entries.iter().position(|e| e.canonical == c) else {
        return out;
    };
    let fm = &lib.page_of(e).fm;
    let name = c
        .rsplit('/')
        .next()
        .unwrap_or(c)
        .trim_end_matches(".md")
        .to_string();
    match lib.entries[e].kind {
        Kind::Prisoners => out.extend(fm.case.as_ref().map(|k| format!("cases/{k}.md"))),
        Kind::Cases => out.extend(
            content
                .records
                .case_members
                .get(c)
                .into_iter()
                .flatten()
                .cloned(),
        ),
        Kind::Appeals => out.extend(fm.action.as_ref().map(|a| format!("events/{a}.md"))),
        Kind::Events => out.extend(
            lib.pages
                .iter()
                .filter(|p| {
                    p.kind == Kind::Appeals && p.fm.action.as_deref() == Some(name.as_str())
                })
                .map(|p| p.canonical.clone()),
        ),
        _ => {}
    }
    out
}

fn is_index_of(canonical: &str, section: &str) -> bool {
    if section.is_empty() {
        canonical == "_index.md"
    } else {
        canonical == format!("{section}/_index.md")
    }
}

/// The entries on page `page_no` (from 1) of a list of `per` entries a page.
fn list_page(v: &[String], page_no: usize, per: usize) -> &[String] {
    let start = (page_no.saturating_sub(1) * per).min(v.len());
    &v[start..(start + per).min(v.len())]
}

fn parent_of(section: &str) -> Option<String> {
    if section.is_empty() {
        return None;
    }
    Some(
        section
            .rfind('/')
            .map(|i| section[..i].to_string())
            .unwrap_or_default(),
    )
}

fn section_list(lib: &Library, section: &str, lang: &str) -> Vec<String> {
    lib.sections
        .get(section)
        .and_then(|s| s.pages.get(lang))
        .into_iter()
        .flatten()
        .map(|&e| lib.entries[e].canonical.clone())
        .collect()
}

fn tag_list(lib: &Library, lang: &str, slug: &str) -> Vec<String> {
    lib.tags
        .get(lang)
        .and_then(|t| t.get(slug))
        .into_iter()
        .flat_map(|t| t.entries.iter())
        .map(|&e| lib.entries[e].canonical.clone())
        .collect()
}

/// What the maps show of action `c` in `lang`: its title, URL, dates and pickets. Adds the
/// places of its pickets to `places`.
fn action_print(
    content: &Content,
    c: &str,
    lang: &str,
    places: &mut BTreeSet<(String, String)>,
) -> String {
    let lib = &content.library;
    let Some(e) = lib.entry(c, lang) else {
        return String::new();
    };
    let fm = &lib.page_of(e).fm;
    let mut s = format!(
        "{}|{}|{:?}|{:?}",
        lib.title(e),
        lib.entries[e].url,
        fm.start,
        fm.end
    );
    let refs = content
        .pickets
        .langs
        .get(lang)
        .and_then(|l| l.by_action.get(&e))
        .cloned()
        .unwrap_or_default();
    for r in refs {
        let p = content.pickets.get(r);
        places.insert(p.city.clone());
        s.push_str(&format!("|{p:?}"));
    }
    s
}

/// What every page shows of the site's content: the navigation (top sections with their titles,
/// top-level pages), whether there are tags and maps.
fn nav_print(config: &Config, c: &Content) -> Vec<String> {
    let lib = &c.library;
    let mut out = Vec::new();
    for lang in config.codes() {
        out.push(format!(
            "{lang} tags:{} map:{}",
            lib.tags.get(lang).is_some_and(|t| !t.is_empty()),
            c.pickets
                .langs
                .get(lang)
                .is_some_and(|l| !l.by_action.is_empty())
        ));
        for (path, s) in &lib.sections {
            if path.is_empty() || path.contains('/') {
                continue;
            }
            let index = s.index.get(lang).map(|&i| {
                (
                    lib.page_of(i).fm.title.clone(),
                    lib.entries[i].fallback,
                    lib.page_of(i).lang.clone(),
                )
            });
            out.push(format!(
                "{lang} section {path} {} {index:?}",
                s.pages.contains_key(lang)
            ));
        }
        if let Some(root) = lib.sections.get("") {
            for &e in root.pages.get(lang).into_iter().flatten() {
                out.push(format!(
                    "{lang} page {} {} {}",
                    lib.title(e),
                    lib.entries[e].url,
                    lib.entries[e].fallback
                ));
            }
        }
    }
    out
}

/// The files a job of the old state wrote, for deleting them when the job is gone.
pub(crate) fn files_of(config: &Config, old: &Content, key: &Key) -> Vec<String> {
    let lib = &old.library;
    let folder = |url: &str| -> Vec<String> {
        let base = url.trim_start_matches('/');
        ["index.html", "map.svg", "map.png", "calendar.ics"]
            .iter()
            .map(|f| format!("{base}{f}"))
            .collect()
    };
    let paged = |url: String, page_no: usize| {
        if page_no == 1 {
            url
        } else {
            format!("{url}page/{page_no}/")
        }
    };
    match key {
        Key::Page(c, l) => lib
            .entry(c, l)
            .map(|e| folder(&lib.entries[e].url))
            .unwrap_or_default(),
        Key::List(s, l, p) => {
            let url = if s.is_empty() {
                config.lang_prefix(l)
            } else {
                format!("{}{s}/", config.lang_prefix(l))
            };
            vec![format!(
                "{}index.html",
                paged(url, *p).trim_start_matches('/')
            )]
        }
        Key::Tag(l, slug, p) => {
            let url = format!("{}tags/{slug}/", config.lang_prefix(l));
            vec![format!(
                "{}index.html",
                paged(url, *p).trim_start_matches('/')
            )]
        }
        Key::TagIndex(l) => vec![format!(
            "{}tags/index.html",
            config.lang_prefix(l).trim_start_matches('/')
        )],
        Key::Alias(file) | Key::Copy(file) | Key::Thumb(file) => vec![file.clone()],
        Key::Feed(l) => vec![format!(
            "{}atom.xml",
            config.lang_prefix(l).trim_start_matches('/')
        )],
        Key::Birthdays(l) => vec![format!(
            "{}prisoners/birthdays.ics",
            config.lang_prefix(l).trim_start_matches('/')
        )],
        Key::Map(m) => {
            let parts: Vec<&str> = m.split(' ').collect();
            match parts.as_slice() {
                ["world", l] => folder(&maps::map_url(config, l)),
                ["country", l, cc] => folder(&maps::country_url(config, l, cc)),
                ["city", l, cc, city] => folder(&maps::city_url(
                    config,
                    l,
                    &(cc.to_string(), city.to_string()),
                )),
                ["calendar", l] => vec![format!(
                    "{}calendar.ics",
                    config.lang_prefix(l).trim_start_matches('/')
                )],
                ["worldbase"] => vec![maps::WORLD_BASE.trim_start_matches('/').to_string()],
                _ => Vec::new(),
            }
        }
        Key::Search(l) => {
            let p = config.lang_prefix(l);
            let p = p.trim_start_matches('/');
            vec![
                format!("{p}search/index.html"),
                format!("{p}search/index.js"),
            ]
        }
        Key::OnionHeaders => vec![".htaccess".into(), "_headers".into()],
        Key::NotFound | Key::Sitemap | Key::Robots | Key::Mirrors(_) | Key::MirrorsJson => {
            Vec::new()
        }
    }
}
