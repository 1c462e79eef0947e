//! Every file of the built site as a job: pages, section lists and their pagers, tag pages,
//! 404, redirects, feeds, sitemap, static files. Which jobs there are and which files each
//! writes is the [plan](super::plan)'s; here they run, on rayon threads over the read-only
//! library. Each job renders and writes its own files, so nothing is shared but `&Library`.

use super::Renderer;
use super::campaign;
use super::map_jobs;
use super::plan::{
    self, Plan, Scope, file_in, list_url, mirrors_url, out_path, paged, search_url, tag_url,
    tags_url,
};
use super::views::{self, NavItem};
use crate::config::Config;
use crate::content::{EntryId, Kind, Library};
use crate::error::{Error, Errors};
use crate::output::feeds::{self, FeedEntry, SitemapUrl};
use crate::output::urls::{self, UrlMode};
use crate::output::{Writer, search};
use crate::pickets::Pickets;
use crate::records::Records;
use crate::theme::{Source, Theme};
use rayon::prelude::*;
use std::collections::BTreeMap;
use tera::{Context, Value};

/// How this run renders: URL form, live reload (serve), link collection (check).
#[derive(Debug, Clone)]
pub struct RenderSettings {
    pub mode: UrlMode,
    pub live_reload: bool,
    /// Collect the internal links of every page, for `check`.
    pub collect_links: bool,
    /// Write the marker-free offline form (bundle).
    pub offline: bool,
    /// Draw a progress bar on stderr (for sites big enough to take more than a moment).
    pub progress: bool,
}

#[derive(Debug, Default)]
pub struct Stats {
    /// HTML pages written per language.
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    /// Every output path (for `check`).
    pub outputs: Vec<String>,
    /// (page output path, site path it links to), for `check`.
    pub links: Vec<(String, String)>,
    /// (page output path, URL, what) of loads from other hosts, for `check`.
    pub loads: Vec<(String, String, &'static str)>,
    /// Warnings found while planning (files published as they are, for one).
    pub warnings: Errors,
    /// The jobs' wall time summed per kind of output (`build --timings`).
    pub busy: BTreeMap<crate::timings::Work, std::time::Duration>,
}

/// One job of the build: it renders and writes its files. Which files each kind writes, and on
/// whose behalf, is said in one place, [`Job::declare`] (in [`super::plan`]).
pub(super) enum Job {
    Page(EntryId),
    List {
        section: String,
        lang: String,
        page_no: usize,
        of: usize,
    },
    TagIndex(String),
    Tag {
        lang: String,
        slug: String,
        page_no: usize,
        of: usize,
    },
    NotFound,
    Alias(usize),
    Feed(String),
    Sitemap,
    Robots,
    Copy {
        rel: String,
        src: Source,
        shown: String,
    },
    Thumb {
        rel: String,
        src: std::path::PathBuf,
        shown: String,
    },
    Birthdays(String),
    Map(map_jobs::MapJob),
    Mirrors(String),
    Search(String),
    MirrorsJson,
    /// `.htaccess` and `_headers`: the Onion-Location header, for hosts that read those files.
    OnionHeaders,
}

/// Which file a job makes, for running a subset of the jobs ([`render_selected`]): `serve`
/// re-renders only what an edit touches. Borrowed from the plan, so it costs nothing to make.
#[derive(Debug, Clone, Copy)]
pub enum JobKey<'a> {
    /// The page of an entry (not an `_index.md`: those are list pages).
    Page(EntryId),
    /// Page `page_no` of `of` of a section's list in `lang` (`section` empty: the home page).
    List {
        section: &'a str,
        lang: &'a str,
        page_no: usize,
        of: usize,
    },
    TagIndex(&'a str),
    Tag {
        lang: &'a str,
        slug: &'a str,
        page_no: usize,
        of: usize,
    },
    NotFound,
    /// The redirect page of `Library::aliases[i]`.
    Alias(usize),
    Feed(&'a str),
    Sitemap,
    Robots,
    /// A file copied as it is (theme static, static/, content asset): its path in the output.
    Copy(&'a str),
    /// The list copy of a profile photo: its path in the output.
    Thumb(&'a str),
    Birthdays(&'a str),
    Map(&'a map_jobs::MapJob),
    Mirrors(&'a str),
    MirrorsJson,
    /// The search page and index of a language.
    Search(&'a str),
    /// `.htaccess` and `_headers` with the Onion-Location header.
    OnionHeaders,
}

impl Job {
    fn key(&self) -> JobKey<'_> {
        match self {
            Job::Page(e) => JobKey::Page(*e),
            Job::List {
                section,
                lang,
                page_no,
                of,
            } => JobKey::List {
                section,
                lang,
                page_no: *page_no,
                of: *of,
            },
            Job::TagIndex(l) => JobKey::TagIndex(l),
            Job::Tag {
                lang,
                slug,
                page_no,
                of,
            } => JobKey::Tag {
                lang,
                slug,
                page_no: *page_no,
                of: *of,
            },
            Job::NotFound => JobKey::NotFound,
            Job::Alias(i) => JobKey::Alias(*i),
            Job::Feed(l) => JobKey::Feed(l),
            Job::Sitemap => JobKey::Sitemap,
            Job::Robots => JobKey::Robots,
            Job::Copy { rel, .. } => JobKey::Copy(rel),
            Job::Thumb { rel, .. } => JobKey::Thumb(rel),
            Job::Birthdays(l) => JobKey::Birthdays(l),
            Job::Map(m) => JobKey::Map(m),
            Job::Mirrors(l) => JobKey::Mirrors(l),
            Job::MirrorsJson => JobKey::MirrorsJson,
            Job::Search(l) => JobKey::Search(l),
            Job::OnionHeaders => JobKey::OnionHeaders,
        }
    }
}

pub(super) struct Out {
    rel: String,
    lang: Option<String>,
    links: Vec<(String, String)>,
    loads: Vec<(String, String, &'static str)>,
}

/// Shared, read-only inputs of every job.
pub(super) struct Ctx<'a> {
    pub(super) config: &'a Config,
    pub(super) lib: &'a Library,
    pub(super) r: &'a Renderer,
    /// List items by entry, made on first use: a run of a few jobs needs only a few.
    pub(super) items: Vec<std::sync::OnceLock<Value>>,
    pub(super) base: BTreeMap<String, Context>,
    pub(super) nav: BTreeMap<String, Vec<NavItem>>,
    pub(super) settings: &'a RenderSettings,
    pub(super) writer: &'a Writer,
    pub(super) records: &'a Records,
    pub(super) pickets: &'a Pickets,
}

/// Renders every job of `plan` (see [`Plan::make`]) into `writer`, which refuses any file the
/// plan does not hold.
#[allow(clippy::too_many_arguments)]
pub fn render_plan(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    r: &Renderer,
    writer: &Writer,
    settings: &RenderSettings,
    plan: Plan,
) -> Result<Stats, Errors> {
    run_jobs(config, lib, records, pickets, r, writer, settings, plan)
}

/// Calls `f` with the key of every job of the site, in plan order, without running any.
pub fn visit_jobs(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    theme: &Theme,
    f: &mut dyn FnMut(JobKey<'_>),
) {
    let mut errs = Errors::new();
    let jobs = plan::jobs_of_site(config, lib, records, pickets, theme, &mut errs);
    for j in &jobs {
        f(j.key());
    }
}

/// The whole site's plan and checks, rendering only the jobs `select` keeps (`serve`
/// re-renders what an edit touches into the live output).
#[allow(clippy::too_many_arguments)]
pub fn render_selected(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    theme: &Theme,
    r: &Renderer,
    writer: &Writer,
    settings: &RenderSettings,
    select: &dyn Fn(JobKey<'_>) -> bool,
) -> Result<Stats, Errors> {
    let mut plan = Plan::make(config, lib, records, pickets, theme)?;
    plan.jobs.retain(|j| select(j.key()));
    run_jobs(config, lib, records, pickets, r, writer, settings, plan)
}

/// Renders the jobs named by `keys` without planning the rest of the site (`serve`'s shortcut
/// for an edit of one page's text, whose addresses the edit does not change). Keys of copied
/// files, photo copies and maps need the plan and are left out here: render them with
/// [`render_selected`].
#[allow(clippy::too_many_arguments)]
pub fn render_keys(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    r: &Renderer,
    writer: &Writer,
    settings: &RenderSettings,
    keys: &[JobKey<'_>],
) -> Result<Stats, Errors> {
    let jobs = keys.iter().filter_map(JobKey::job).collect();
    let scope = Scope {
        config,
        lib,
        pickets,
    };
    let plan = Plan::of_jobs(&scope, jobs);
    run_jobs(config, lib, records, pickets, r, writer, settings, plan)
}

impl JobKey<'_> {
    /// The job of a key that names all it needs (not copies, photo copies and maps).
    fn job(&self) -> Option<Job> {
        Some(match *self {
            JobKey::Page(e) => Job::Page(e),
            JobKey::List {
                section,
                lang,
                page_no,
                of,
            } => Job::List {
                section: section.to_string(),
                lang: lang.to_string(),
                page_no,
                of,
            },
            JobKey::TagIndex(l) => Job::TagIndex(l.to_string()),
            JobKey::Tag {
                lang,
                slug,
                page_no,
                of,
            } => Job::Tag {
                lang: lang.to_string(),
                slug: slug.to_string(),
                page_no,
                of,
            },
            JobKey::NotFound => Job::NotFound,
            JobKey::Alias(i) => Job::Alias(i),
            JobKey::Feed(l) => Job::Feed(l.to_string()),
            JobKey::Sitemap => Job::Sitemap,
            JobKey::Robots => Job::Robots,
            JobKey::Birthdays(l) => Job::Birthdays(l.to_string()),
            JobKey::Mirrors(l) => Job::Mirrors(l.to_string()),
            JobKey::MirrorsJson => Job::MirrorsJson,
            JobKey::Search(l) => Job::Search(l.to_string()),
            JobKey::OnionHeaders => Job::OnionHeaders,
            JobKey::Copy(_) | JobKey::Thumb(_) | JobKey::Map(_) => return None,
        })
    }
}

/// Runs the jobs of a plan on rayon threads; the plan's warnings come with the stats.
#[allow(clippy::too_many_arguments)]
fn run_jobs(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    r: &Renderer,
    writer: &Writer,
    settings: &RenderSettings,
    plan: Plan,
) -> Result<Stats, Errors> {
    writer.follow(plan.shared_files());
    let Plan {
        jobs,
        warnings: mut errs,
        ..
    } = plan;
    let ctx = Ctx {
        config,
        lib,
        r,
        items: (0..lib.entries.len())
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        records,
        pickets,
        base: config
            .codes()
            .map(|l| (l.to_string(), base_context(config, lib, l, settings)))
            .collect(),
        nav: config
            .codes()
            .map(|l| (l.to_string(), nav(config, lib, pickets, l)))
            .collect(),
        settings,
        writer,
    };
    let bar = if settings.progress && jobs.len() >= 2000 {
        let b = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} rendering {pos}/{len} files {wide_bar} {eta}",
        ) {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let results: Vec<(
        Result<Out, Error>,
        crate::timings::Work,
        std::time::Duration,
    )> = jobs
        .par_iter()
        .map(|job| {
            let started = std::time::Instant::now();
            let out = run(&ctx, job);
            bar.inc(1);
            (out, crate::timings::Work::of(job.key()), started.elapsed())
        })
        .collect();
    bar.finish_and_clear();
    let mut stats = Stats::default();
    for (res, work, took) in results {
        *stats.busy.entry(work).or_default() += took;
        match res {
            Ok(out) => {
                if let Some(l) = out.lang {
                    *stats.pages.entry(l).or_default() += 1;
                }
                stats.files += 1;
                stats.links.extend(out.links);
                stats.loads.extend(out.loads);
                stats.outputs.push(out.rel);
            }
            Err(e) => errs.push(e),
        }
    }
    if errs.has_errors() {
        Err(collapse_repeats(errs).sorted())
    } else {
        stats.warnings = errs;
        Ok(stats)
    }
}

/// A broken template breaks every page it renders: report it once, saying how many pages.
fn collapse_repeats(errs: Errors) -> Errors {
    type Place = (
        Option<std::path::PathBuf>,
        Option<usize>,
        Option<usize>,
        String,
    );
    let mut seen: BTreeMap<Place, (Error, usize)> = BTreeMap::new();
    for e in errs {
        let key = (e.path.clone(), e.line, e.column, e.message.clone());
        seen.entry(key).or_insert_with(|| (e.clone(), 0)).1 += 1;
    }
    seen.into_values()
        .map(|(mut e, n)| {
            if n > 1 {
                let h = e.hint.take().unwrap_or_default();
                e.hint = Some(
                    format!("{h} (and {} other pages)", n - 1)
                        .trim()
                        .to_string(),
                );
            }
            e
        })
        .collect::<Vec<_>>()
        .into()
}

fn base_context(config: &Config, lib: &Library, lang: &str, s: &RenderSettings) -> Context {
    let mut c = Context::new();
    let prefix = config.lang_prefix(lang);
    c.insert("lang", lang);
    c.insert("dir", views::dir_of(config, lang));
    // The page language's own name, for "not yet translated into {lang}".
    c.insert(
        "lang_name",
        &crate::i18n::language_name(lang, lang)
            .map(str::to_string)
            .unwrap_or_else(|| lang.to_string()),
    );
    c.insert("site", &views::site_view(config, lang));
    c.insert("home_url", &prefix);
    c.insert("feed_url", &format!("{prefix}atom.xml"));
    c.insert("tags_url", &tags_url(config, lang));
    c.insert(
        "has_tags",
        &lib.tags.get(lang).is_some_and(|t| !t.is_empty()),
    );
    c.insert("mirrors_url", &mirrors_url(config, lang));
    c.insert("search_url", &search_url(config, lang));
    c.insert("csp", &views::csp(config));
    c.insert("site_contact", &crate::records::views::site_contact(config));
    c.insert("stylesheet", "/style.css");
    c.insert("live_reload", &s.live_reload);
    c.insert("noindex", &false);
    c.insert(
        "description",
        &config
            .description
            .as_ref()
            .map(|d| d.get(lang, &config.default_language).to_string()),
    );
    c.insert("canonical", &Value::none());
    c.insert("alternates", &Vec::<views::Alternate>::new());
    c.insert("pager", &Value::none());
    c.insert("items", &Vec::<Value>::new());
    c
}

/// Top-level sections (campaign sections first, in a fixed order) and top-level pages.
fn nav(config: &Config, lib: &Library, pickets: &Pickets, lang: &str) -> Vec<NavItem> {
    let order = |p: &str| match Kind::of_section(p) {
        Kind::Prisoners => 0,
        Kind::Cases => 1,
        Kind::Events => 2,
        Kind::Appeals => 3,
        Kind::News => 4,
        Kind::Plain => 5,
    };
    let mut tops: Vec<&String> = lib
        .sections
        .keys()
        .filter(|p| !p.is_empty() && !p.contains('/'))
        .collect();
    tops.sort_by_key(|p| (order(p), (*p).clone()));
    let mut items: Vec<NavItem> = tops
        .into_iter()
        .filter(|p| lib.sections.get(*p).is_some_and(|s| s.listed_in(lang)))
        .map(|p| {
            let (title, text_lang) = section_title(lib, p, lang);
            NavItem {
                title,
                url: format!("{}{p}/", config.lang_prefix(lang)),
                current: false,
                text_lang,
            }
        })
        .collect();
    if pickets
        .langs
        .get(lang)
        .is_some_and(|l| !l.by_action.is_empty())
    {
        items.push(NavItem {
            title: "@nav-map".into(),
            url: super::maps::map_url(config, lang),
            current: false,
            text_lang: None,
        });
    }
    if let Some(root) = lib.sections.get("") {
        for &e in root.pages.get(lang).into_iter().flatten() {
            let text_lang = lib.entries[e].fallback.then(|| lib.page_of(e).lang.clone());
            items.push(NavItem {
                title: lib.title(e),
                url: lib.entries[e].url.clone(),
                current: false,
                text_lang,
            });
        }
    }
    items
}

/// A section's title in `lang`: its translated `_index.md` title; for a campaign section the
/// interface string (`@nav-prisoners`, resolved by the caller); else the untranslated title or
/// the folder's name.
/// Returns the title and, when it is in another language than `lang`, that language.
fn section_title(lib: &Library, path: &str, lang: &str) -> (String, Option<String>) {
    let index = lib
        .sections
        .get(path)
        .and_then(|s| s.index.get(lang))
        .copied();
    let titled = index.filter(|&e| lib.page_of(e).fm.title.is_some());
    if let Some(e) = titled.filter(|&e| !lib.entries[e].fallback) {
        return (lib.title(e), None);
    }
    if !path.contains('/')
        && let Some(f) = Kind::of_section(path).folder()
    {
        return (format!("@nav-{f}"), None);
    }
    match titled {
        Some(e) => (lib.title(e), Some(lib.page_of(e).lang.clone())),
        None => (
            path.rsplit('/').next().unwrap_or(path).replace('-', " "),
            None,
        ),
    }
}

fn resolve_title(ctx: &Ctx, title: String, lang: &str) -> String {
    match title.strip_prefix('@') {
        Some(key) => ctx.r.strings.t(lang, key, &[]),
        None => title,
    }
}

fn nav_for(ctx: &Ctx, lang: &str, current_url: &str) -> Vec<NavItem> {
    let mut items = ctx.nav.get(lang).cloned().unwrap_or_default();
    for it in &mut items {
        it.title = resolve_title(ctx, std::mem::take(&mut it.title), lang);
        it.current = current_url.starts_with(&it.url);
    }
    items
}

impl Ctx<'_> {
    /// The list item of an entry (made once, on first use).
    pub(super) fn item(&self, id: EntryId) -> Value {
        match self.items.get(id) {
            Some(cell) => cell
                .get_or_init(|| {
                    Value::from_serializable(&views::item(self.config, self.lib, self.records, id))
                })
                .clone(),
            None => Value::none(),
        }
    }
}

fn run(ctx: &Ctx, job: &Job) -> Result<Out, Error> {
    let (config, lib) = (ctx.config, ctx.lib);
    match job {
        Job::Page(id) => {
            let e = &lib.entries[*id];
            let mut c = page_context(ctx, &e.lang, &e.url, Some(&e.canonical));
            let view = views::page_view(config, lib, *id);
            c.insert("page_title", &view.title);
            if let Some(s) = &view.summary {
                c.insert("description", &plain(s));
            }
            c.insert("page", &view);
            campaign::page_extras(config, lib, ctx.records, *id, &mut c);
            map_jobs::page_extras(ctx, *id, &mut c);
            let folder = e.kind.folder().unwrap_or("");
            let specific = format!("{folder}/page.html");
            let tpl = ctx
                .r
                .pick(&[specific.as_str(), "page.html"])
                .unwrap_or("page.html");
            let html = ctx
                .r
                .render(tpl, &c, &lib.page_of(*id).shown.display().to_string())?;
            write_html(ctx, &e.url, &out_path(&e.url), html, Some(&e.lang))
        }
        Job::List {
            section,
            lang,
            page_no,
            of,
        } => {
            let s = &lib.sections[section];
            let url = list_url(config, section, lang);
            let page_url = paged(&url, *page_no);
            let index = s.index.get(lang).copied();
            // The same rule as the plan's: a language lists a section it has pages or an
            // _index.md in (the home page always), as many pages as its own entries fill.
            let exists = |l: &str| {
                let n = s.pages.get(l).map_or(0, Vec::len);
                let shown = s.listed_in(l);
                let pages = if section == "prisoners" || section == "events" {
                    1
                } else {
                    n.div_ceil(config.paginate.max(1)).max(1)
                };
                shown && *page_no <= pages
            };
            let mut c = page_context_where(
                ctx,
                lang,
                &page_url,
                index.map(|i| lib.entries[i].canonical.as_str()),
                &exists,
            );
            let all = s.pages.get(lang).map(Vec::as_slice).unwrap_or(&[]);
            let per = config.paginate.max(1);
            let chunk = all.iter().skip((page_no - 1) * per).take(per);
            c.insert("items", &chunk.map(|&i| ctx.item(i)).collect::<Vec<_>>());
            c.insert("pager", &pager(&url, *page_no, *of));
            let (title, title_lang) = if section.is_empty() {
                match index {
                    Some(i) if !lib.entries[i].fallback && lib.page_of(i).fm.title.is_some() => {
                        (lib.title(i), None)
                    }
                    _ => (
                        config.title.get(lang, &config.default_language).to_string(),
                        None,
                    ),
                }
            } else {
                let (t, l) = section_title(lib, section, lang);
                (resolve_title(ctx, t, lang), l)
            };
            let sv = SectionView {
                title: title.clone(),
                title_dir: title_lang.as_deref().map(|l| views::dir_of(config, l)),
                title_lang,
                url: url.clone(),
                content: index
                    .map(|i| {
                        crate::markdown::substitute(
                            &lib.page_of(i).body.html,
                            &lib.entries[i].link_urls,
                        )
                    })
                    .filter(|h| !h.trim().is_empty()),
                fallback: index.is_some_and(|i| lib.entries[i].fallback),
                text_lang: index
                    .map(|i| lib.page_of(i).lang.clone())
                    .unwrap_or_else(|| lang.clone()),
                text_dir: index
                    .map(|i| views::dir_of(config, &lib.page_of(i).lang))
                    .unwrap_or(views::dir_of(config, lang)),
                draft: false,
                embargoed: false,
                outdated: index.is_some_and(|i| lib.entries[i].outdated),
                original: index
                    .filter(|&i| lib.entries[i].outdated)
                    .and_then(|i| lib.entry(&lib.entries[i].canonical, &config.default_language))
                    .map(|o| views::OriginalView {
                        url: lib.entries[o].url.clone(),
                        title: lib.title(o),
                        lang: config.default_language.clone(),
                    }),
                path: section.clone(),
                subsections: s
                    .subsections
                    .iter()
                    .filter_map(|sub| {
                        // A sub-section with no list page in this language is not linked.
                        let ss = lib.sections.get(sub).filter(|ss| ss.listed_in(lang))?;
                        let t = ss
                            .index
                            .get(lang)
                            .map(|&i| lib.title(i))
                            .unwrap_or_else(|| sub.rsplit('/').next().unwrap_or("").to_string());
                        Some(views::TagLink {
                            name: t,
                            url: list_url(config, sub, lang),
                        })
                    })
                    .map(|t| SubView {
                        title: t.name,
                        url: t.url,
                    })
                    .collect(),
            };
            c.insert("page_title", &title);
            c.insert("section", &sv);
            campaign::list_extras(config, lib, ctx.records, section, lang, &mut c);
            map_jobs::list_extras(ctx, section, lang, &mut c);
            if let Some(i) = index
                && let Some(sm) = &lib.entries[i].summary
            {
                c.insert("description", &plain(sm));
            }
            let tpl = if section.is_empty() {
                c.insert("home_sections", &home_sections(ctx, lang));
                "index.html".to_string()
            } else {
                let folder = Kind::of_section(section).folder().unwrap_or("");
                let specific = format!("{folder}/section.html");
                ctx.r
                    .pick(&[specific.as_str(), "section.html"])
                    .unwrap_or("section.html")
                    .to_string()
            };
            let what = index
                .map(|i| lib.page_of(i).shown.display().to_string())
                .unwrap_or_else(|| format!("the list page {page_url}"));
            let html = ctx.r.render(&tpl, &c, &what)?;
            write_html(ctx, &page_url, &out_path(&page_url), html, Some(lang))
        }
        Job::TagIndex(lang) => {
            let url = tags_url(config, lang);
            let mut c = page_context_where(ctx, lang, &url, None, &|l| lib.tags.contains_key(l));
            let tags: Vec<_> = lib
                .tags
                .get(lang)
                .into_iter()
                .flat_map(|t| t.values())
                .map(|t| TagView {
                    name: t.name.clone(),
                    url: tag_url(config, lang, &t.slug),
                    count: t.entries.len(),
                })
                .collect();
            c.insert("tags", &tags);
            c.insert("page_title", &ctx.r.strings.t(lang, "tags", &[]));
            let html = ctx
                .r
                .render("tags.html", &c, &format!("the tag list {url}"))?;
            write_html(ctx, &url, &out_path(&url), html, Some(lang))
        }
        Job::Tag {
            lang,
            slug,
            page_no,
            of,
        } => {
            let t = &lib.tags[lang][slug];
            let url = tag_url(config, lang, slug);
            let page_url = paged(&url, *page_no);
            let per = config.paginate.max(1);
            let exists = |l: &str| {
                lib.tags
                    .get(l)
                    .and_then(|ts| ts.get(slug))
                    .is_some_and(|t| *page_no <= t.entries.len().div_ceil(per).max(1))
            };
            let mut c = page_context_where(ctx, lang, &page_url, None, &exists);
            c.insert(
                "items",
                &t.entries
                    .iter()
                    .skip((page_no - 1) * per)
                    .take(per)
                    .map(|&i| ctx.item(i))
                    .collect::<Vec<_>>(),
            );
            c.insert("pager", &pager(&url, *page_no, *of));
            c.insert(
                "tag",
                &TagView {
                    name: t.name.clone(),
                    url: url.clone(),
                    count: t.entries.len(),
                },
            );
            c.insert("page_title", &t.name);
            let html = ctx
                .r
                .render("tag.html", &c, &format!("the tag page {page_url}"))?;
            write_html(ctx, &page_url, &out_path(&page_url), html, Some(lang))
        }
        Job::NotFound => {
            let lang = config.default_language.as_str();
            let mut c = page_context(ctx, lang, "/404.html", None);
            // The other languages have no 404 page of their own: the switcher leads home.
            c.insert("switcher", &views::switcher(config, lib, None, lang, None));
            c.insert("alternates", &Vec::<views::Alternate>::new());
            c.insert("page_title", &ctx.r.strings.t(lang, "not-found-title", &[]));
            c.insert("noindex", &true);
            let html = ctx.r.render("404.html", &c, "404.html")?;
            // A server shows 404.html at any address: its links must not be relative.
            let html = urls::finish(
                &html,
                "/404.html",
                &UrlMode::Absolute {
                    base_path: config.base_path().to_string(),
                },
            );
            write(ctx, "404.html", html.as_bytes(), None, Vec::new())
        }
        Job::Alias(i) => {
            let a = &lib.aliases[*i];
            let e = &lib.entries[a.to];
            let site_path = format!("/{}", a.file.trim_end_matches("index.html"));
            let mut c = ctx.base.get(&e.lang).cloned().unwrap_or_default();
            c.insert("target_url", &e.url);
            c.insert("target_title", &lib.title(a.to));
            c.insert("canonical", &config.absolute(&e.url));
            let html = ctx
                .r
                .render("alias.html", &c, &format!("the redirect {site_path}"))?;
            let html = urls::finish(&html, &site_path, &ctx.settings.mode);
            write(ctx, &a.file, html.as_bytes(), None, Vec::new())
        }
        Job::Feed(lang) => {
            let xml = feed(ctx, lang);
            let rel = file_in(&config.lang_prefix(lang), "atom.xml");
            write(ctx, &rel, xml.as_bytes(), None, Vec::new())
        }
        Job::Map(m) => map_jobs::run(ctx, m),
        Job::Mirrors(lang) => {
            let url = mirrors_url(config, lang);
            let mut c = page_context(ctx, lang, &url, None);
            c.insert("page_title", &ctx.r.strings.t(lang, "mirrors-title", &[]));
            c.insert("mirrors", &views::mirrors(config));
            c.insert("signing_key", &config.signing_key);
            c.insert("mirrors_json_url", "/mirrors.json");
            let html = ctx
                .r
                .render("mirrors.html", &c, &format!("the mirrors page {url}"))?;
            write_html(ctx, &url, &out_path(&url), html, Some(lang))
        }
        Job::Search(lang) => {
            let url = search_url(config, lang);
            let docs: Vec<search::Doc> = lib
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.lang == *lang && !e.is_index)
                .map(|(i, e)| {
                    let p = lib.page_of(i);
                    let summary = e.summary.as_deref().map(plain).unwrap_or_default();
                    search::Doc {
                        url: urls::url_for(&e.url, &url, &ctx.settings.mode),
                        title: lib.title(i),
                        text: format!("{summary} {}", p.body.text),
                        snippet: search::snippet(
                            if summary.is_empty() {
                                &p.body.text
                            } else {
                                &summary
                            },
                            160,
                        ),
                    }
                })
                .collect();
            let js = search::index_script(lang, &docs);
            write(
                ctx,
                &file_in(&url, "index.js"),
                js.as_bytes(),
                None,
                Vec::new(),
            )?;
            let mut c = page_context(ctx, lang, &url, None);
            c.insert("page_title", &ctx.r.strings.t(lang, "search", &[]));
            c.insert("search_url", &url);
            c.insert("search_index_url", &format!("{url}index.js"));
            c.insert("noindex", &true);
            let html = ctx
                .r
                .render("search.html", &c, &format!("the search page {url}"))?;
            write_html(ctx, &url, &out_path(&url), html, Some(lang))
        }
        Job::OnionHeaders => {
            let onion = views::onion_base(config).unwrap_or_default();
            let onion = onion.trim_end_matches('/');
            let htaccess = format!(
                "# Written by samizdat: Tor Browser offers each page's copy on the onion mirror.\n\
                 <IfModule mod_headers.c>\n\
                 Header set Onion-Location \"{onion}%{{REQUEST_URI}}s\"\n\
                 </IfModule>\n"
            );
            write(ctx, ".htaccess", htaccess.as_bytes(), None, Vec::new())?;
            let headers = format!(
                "# Written by samizdat (Netlify, Cloudflare Pages): the onion mirror, for Tor Browser.\n/*\n  Onion-Location: {onion}/\n"
            );
            write(ctx, "_headers", headers.as_bytes(), None, Vec::new())
        }
        Job::MirrorsJson => {
            let json = views::mirrors_json(config);
            write(ctx, "mirrors.json", json.as_bytes(), None, Vec::new())
        }
        Job::Birthdays(lang) => {
            let ics = campaign::birthdays(config, lib, ctx.records, &ctx.r.strings, lang)?;
            let rel = file_in(&config.lang_prefix(lang), "prisoners/birthdays.ics");
            write(ctx, &rel, ics.as_bytes(), None, Vec::new())
        }
        Job::Thumb { rel, src, shown } => {
            let bytes = std::fs::read(src).map_err(|e| Error::io(shown, &e))?;
            match campaign::thumbnail(&bytes).map_err(|e| e.at(shown))? {
                Some(thumb) => write(ctx, rel, &thumb, None, Vec::new()),
                // The photo's own job fails, and the build with it: one error, not two.
                None => Ok(Out {
                    rel: rel.clone(),
                    lang: None,
                    links: Vec::new(),
                    loads: Vec::new(),
                }),
            }
        }
        Job::Sitemap => write(
            ctx,
            "sitemap.xml",
            sitemap(ctx).as_bytes(),
            None,
            Vec::new(),
        ),
        Job::Robots => write(
            ctx,
            "robots.txt",
            feeds::robots(&config.absolute("/sitemap.xml")).as_bytes(),
            None,
            Vec::new(),
        ),
        Job::Copy { rel, src, shown } => {
            // Pictures cleaned (or withheld), large files copied in pieces.
            crate::output::copies::publish(ctx.writer, rel, src, shown)
                .map_err(|e| if e.path.is_none() { e.at(rel) } else { e })?;
            Ok(Out {
                rel: rel.to_string(),
                lang: None,
                links: Vec::new(),
                loads: Vec::new(),
            })
        }
    }
}

#[derive(serde::Serialize)]
struct SectionView {
    title: String,
    /// The language of `title` when it is not the page's (an untranslated section's own title).
    title_lang: Option<String>,
    title_dir: Option<&'static str>,
    url: String,
    path: String,
    content: Option<String>,
    fallback: bool,
    text_lang: String,
    text_dir: &'static str,
    draft: bool,
    embargoed: bool,
    outdated: bool,
    original: Option<views::OriginalView>,
    subsections: Vec<SubView>,
}

#[derive(serde::Serialize)]
struct SubView {
    title: String,
    url: String,
}

#[derive(serde::Serialize)]
struct TagView {
    name: String,
    url: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

fn pager(url: &str, n: usize, of: usize) -> Pager {
    Pager {
        current: n,
        total: of,
        prev_url: (n > 1).then(|| paged(url, n - 1)),
        next_url: (n < of).then(|| paged(url, n + 1)),
    }
}

#[derive(serde::Serialize)]
struct HomeBlock {
    id: String,
    title: String,
    url: String,
    items: Vec<Value>,
}

/// The newest pages of each top-level section, for the home page.
fn home_sections(ctx: &Ctx, lang: &str) -> Vec<HomeBlock> {
    nav_for(ctx, lang, "")
        .into_iter()
        .filter_map(|n| {
            let path = n
                .url
                .trim_start_matches(&ctx.config.lang_prefix(lang))
                .trim_end_matches('/')
                .to_string();
            let s = ctx.lib.sections.get(&path)?;
            let items: Vec<Value> = s
                .pages
                .get(lang)?
                .iter()
                .take(5)
                .map(|&i| ctx.item(i))
                .collect();
            Some(HomeBlock {
                id: crate::util::slugify(&path),
                title: n.title,
                url: n.url,
                items,
            })
        })
        .collect()
}

/// A page's context: the language's base plus switcher, alternates, canonical, navigation.
pub(super) fn page_context(ctx: &Ctx, lang: &str, url: &str, canonical: Option<&str>) -> Context {
    page_context_where(ctx, lang, url, canonical, &|_| true)
}

/// [`page_context`] of a generated page that only some languages have: `exists(l)` says whether
/// language `l` has it, so the switcher and the alternates link only to pages that exist.
pub(super) fn page_context_where(
    ctx: &Ctx,
    lang: &str,
    url: &str,
    canonical: Option<&str>,
    exists: &dyn Fn(&str) -> bool,
) -> Context {
    let (config, lib) = (ctx.config, ctx.lib);
    let mut c = ctx.base.get(lang).cloned().unwrap_or_default();
    let prefix = config.lang_prefix(lang);
    let rest = url.strip_prefix(&prefix).unwrap_or("").to_string();
    let same_path =
        move |l: &str| (l == lang || exists(l)).then(|| format!("{}{rest}", config.lang_prefix(l)));
    let generated = canonical.is_none();
    let f: &dyn Fn(&str) -> Option<String> = &same_path;
    c.insert(
        "switcher",
        &views::switcher(
            config,
            lib,
            canonical,
            lang,
            if generated { Some(f) } else { None },
        ),
    );
    c.insert("nav", &nav_for(ctx, lang, url));
    c.insert("current_path", url);
    match canonical {
        Some(cn) => {
            c.insert("alternates", &views::alternates(config, lib, cn));
            let e = lib.entry(cn, lang);
            let canon_url = match e {
                // A fallback copy points search engines at the text's own language version.
                Some(e) if lib.entries[e].fallback => lib
                    .entry(cn, &lib.page_of(e).lang)
                    .map(|o| config.absolute(&lib.entries[o].url))
                    .unwrap_or_else(|| config.absolute(url)),
                _ => config.absolute(url),
            };
            c.insert("canonical", &canon_url);
        }
        None => {
            let alts: Vec<views::Alternate> = config
                .codes()
                .filter_map(|l| {
                    Some(views::Alternate {
                        lang: l.to_string(),
                        url: config.absolute(&same_path(l)?),
                    })
                })
                .collect();
            c.insert(
                "alternates",
                &if alts.len() > 1 { alts } else { Vec::new() },
            );
            c.insert("canonical", &config.absolute(url));
        }
    }
    c
}

fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

pub(super) fn write_html(
    ctx: &Ctx,
    site_path: &str,
    rel: &str,
    html: String,
    lang: Option<&str>,
) -> Result<Out, Error> {
    let (links, loads) = if ctx.settings.collect_links {
        let loads = crate::privacy::loads_in_html(&html)
            .into_iter()
            .map(|(_, u, w)| (rel.to_string(), u, w))
            .collect();
        (collect_links(&html, rel), loads)
    } else {
        (Vec::new(), Vec::new())
    };
    let html = urls::finish(&html, site_path, &ctx.settings.mode);
    let mut out = write(ctx, rel, html.as_bytes(), lang, links)?;
    out.loads = loads;
    Ok(out)
}

pub(super) fn write(
    ctx: &Ctx,
    rel: &str,
    bytes: &[u8],
    lang: Option<&str>,
    links: Vec<(String, String)>,
) -> Result<Out, Error> {
    ctx.writer
        .write(rel, bytes)
        .map_err(|e| if e.path.is_none() { e.at(rel) } else { e })?;
    Ok(Out {
        rel: rel.to_string(),
        lang: lang.map(str::to_string),
        links,
        loads: Vec::new(),
    })
}

/// Root-relative URLs in the attributes of a page, before URL finishing (for `check`).
fn collect_links(html: &str, rel: &str) -> Vec<(String, String)> {
    urls::attr_values(html)
        .into_iter()
        .map(|(a, b)| &html[a..b])
        .filter(|v| v.starts_with('/'))
        .map(|v| (rel.to_string(), v.to_string()))
        .collect()
}

fn feed(ctx: &Ctx, lang: &str) -> String {
    let (config, lib) = (ctx.config, ctx.lib);
    let mut ids: Vec<EntryId> = lib
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.lang == lang && !e.fallback && !e.is_index && !e.draft && !e.embargoed)
        .filter(|(i, _)| lib.date(*i).is_some())
        .map(|(i, _)| i)
        .collect();
    // The 30 newest without sorting them all (`order` is total: the same 30 as a full sort).
    if ids.len() > 30 {
        ids.select_nth_unstable_by(29, |&a, &b| lib.order(a, b));
        ids.truncate(30);
    }
    ids.sort_by(|&a, &b| lib.order(a, b));
    let full = UrlMode::Full {
        base_url: config.base_url.clone(),
    };
    let entries: Vec<FeedEntry> = ids
        .iter()
        .map(|&i| {
            let e = &lib.entries[i];
            let p = lib.page_of(i);
            let published = p.fm.date.map(|d| d.rfc3339(config.timezone));
            let updated =
                p.fm.updated
                    .map(|d| d.rfc3339(config.timezone))
                    .or_else(|| published.clone())
                    .unwrap_or_default();
            FeedEntry {
                title: lib.title(i),
                url: config.absolute(&e.url),
                published,
                updated,
                summary_html: e.summary.as_ref().map(|s| urls::finish(s, &e.url, &full)),
                content_html: urls::finish(
                    &crate::markdown::substitute(&p.body.html, &e.link_urls),
                    &e.url,
                    &full,
                ),
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let prefix = config.lang_prefix(lang);
    let title = config.title.get(lang, &config.default_language);
    let subtitle = config
        .description
        .as_ref()
        .map(|d| d.get(lang, &config.default_language));
    feeds::atom(&feeds::Feed {
        title,
        subtitle,
        lang,
        self_url: &config.absolute(&format!("{prefix}atom.xml")),
        home_url: &config.absolute(&prefix),
        updated: &updated,
        entries: &entries,
    })
}

fn sitemap(ctx: &Ctx) -> String {
    let (config, lib) = (ctx.config, ctx.lib);
    let mut urls: Vec<SitemapUrl> = Vec::new();
    for (i, e) in lib.entries.iter().enumerate() {
        if e.fallback || e.draft || e.embargoed {
            continue;
        }
        let p = lib.page_of(i);
        let alternates = views::alternates(config, lib, &e.canonical)
            .into_iter()
            .map(|a| (a.lang, a.url))
            .collect();
        urls.push(SitemapUrl {
            loc: config.absolute(&e.url),
            lastmod: p.fm.updated.or(p.fm.date).map(|d| d.date().to_string()),
            alternates,
        });
    }
    for (path, s) in &lib.sections {
        for lang in config.codes() {
            if s.index.contains_key(lang) || (!s.pages.contains_key(lang) && !path.is_empty()) {
                continue;
            }
            let url = if path.is_empty() {
                config.lang_prefix(lang)
            } else {
                format!("{}{path}/", config.lang_prefix(lang))
            };
            urls.push(SitemapUrl {
                loc: config.absolute(&url),
                lastmod: None,
                alternates: Vec::new(),
            });
        }
    }
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    urls.dedup_by(|a, b| a.loc == b.loc);
    feeds::sitemap(&urls)
}
