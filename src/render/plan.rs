//! The output plan: every file a build writes, known before any is written, each with the source
//! that asks for it.
//!
//! [`Plan::make`] lists the jobs of the site ([`jobs_of_site`]) and asks each which files it
//! writes and on whose behalf: [`Job::declare`] and `MapJob::declare` are the one place per kind
//! of output that says where it goes. Then, before anything is written, the [ledger](ledger)
//! finds:
//! - two claims on one path (an alias onto the world map, a slug onto another page, a file of
//!   `static/` onto a tag page);
//! - a path claimed as a file while another claim puts a folder there (`slug: index.html` makes
//!   `index.html/index.html`, but the home page is the file `index.html`);
//! - two paths that differ only in case or Unicode form, one file on macOS and Windows;
//! - names no common disk can hold ([`crate::output::names`]).
//!
//! Each is an error naming both sources with file and line (the `slug:` or `aliases:` line, the
//! static file, "the world map (made by samizdat)"). `check` and `build` run the same plan, so
//! `check` fails exactly when `build` would; the writer refuses any path not in the plan.

use super::jobs::Job;
use super::map_jobs;
use super::{campaign, views};
use crate::config::Config;
use crate::content::{EntryId, Library, PageId};
use crate::error::{Error, Errors};
use crate::output::names;
use crate::pickets::Pickets;
use crate::records::Records;
use crate::theme::{Source, Theme};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

mod ledger;
use ledger::Ledger;
pub(crate) use ledger::Origin;

/// The jobs of a build and every file they write.
pub struct Plan {
    pub(super) jobs: Vec<Job>,
    files: Arc<BTreeSet<String>>,
    /// Warnings found while planning (files published as they are, for one).
    pub(super) warnings: Errors,
}

/// What declaring a job needs to know.
pub(crate) struct Scope<'a> {
    pub(crate) config: &'a Config,
    pub(crate) lib: &'a Library,
    pub(crate) pickets: &'a Pickets,
}

impl Plan {
    /// Plans the whole site. Errors: every conflict between two files, every name a disk
    /// cannot hold, and what listing the static files found.
    pub fn make(
        config: &Config,
        lib: &Library,
        records: &Records,
        pickets: &Pickets,
        theme: &Theme,
    ) -> Result<Plan, Errors> {
        let mut errs = Errors::new();
        let jobs = jobs_of_site(config, lib, records, pickets, theme, &mut errs);
        let scope = Scope {
            config,
            lib,
            pickets,
        };
        let mut ledger = Ledger::default();
        let mut d = Declared::default();
        for (i, job) in jobs.iter().enumerate() {
            job.declare(&scope, &mut d);
            for f in d.files.drain(..) {
                ledger.claim(f, i);
            }
        }
        ledger.find_folders();
        errs.extend(ledger.errors(&|i| {
            let mut d = Declared {
                describe: true,
                ..Declared::default()
            };
            jobs[i].declare(&scope, &mut d);
            d.source.unwrap_or_else(|| Origin::made("a file"))
        }));
        if errs.has_errors() {
            return Err(errs);
        }
        Ok(Plan {
            jobs,
            files: Arc::new(ledger.into_files()),
            warnings: errs,
        })
    }

    /// A plan of these jobs alone, unchecked: for re-rendering a few files of a site whose whole
    /// plan was checked before (`serve`).
    pub(super) fn of_jobs(scope: &Scope, jobs: Vec<Job>) -> Plan {
        let mut files = BTreeSet::new();
        let mut d = Declared::default();
        for job in &jobs {
            job.declare(scope, &mut d);
            files.extend(d.files.drain(..));
        }
        Plan {
            jobs,
            files: Arc::new(files),
            warnings: Errors::new(),
        }
    }

    /// Every file of the plan, as paths inside the output with `/`.
    pub fn files(&self) -> &BTreeSet<String> {
        &self.files
    }

    /// The files, shared with the writer (which refuses any other).
    pub(super) fn shared_files(&self) -> Arc<BTreeSet<String>> {
        self.files.clone()
    }
}

/// What a job declares: the files it writes and, when asked, on whose behalf.
#[derive(Default)]
pub(crate) struct Declared {
    files: Vec<String>,
    /// Whether the source is wanted (for a message); it is made only then.
    describe: bool,
    source: Option<Origin>,
}

impl Declared {
    /// A file the job writes, as a path inside the output.
    pub(crate) fn file(&mut self, rel: String) {
        self.files.push(rel);
    }

    /// `name` in the folder of the site path `url` (`/map/` + `map.svg`).
    pub(crate) fn file_in(&mut self, url: &str, name: &str) {
        self.files.push(file_in(url, name));
    }

    /// Who asks for the files: made only when a message needs it.
    pub(crate) fn source(&mut self, f: impl FnOnce() -> Origin) {
        if self.describe {
            self.source = Some(f());
        }
    }
}

/// The file `name` in the folder of the site path `url`: `/ru/map/` + `map.svg` ->
/// `ru/map/map.svg`. The one way jobs name their files, in the plan and when they write.
pub(crate) fn file_in(url: &str, name: &str) -> String {
    format!("{}{name}", url.trim_start_matches('/'))
}

/// The page file of a folder URL: `/ru/news/` -> `ru/news/index.html`.
pub(crate) fn out_path(url: &str) -> String {
    file_in(url, "index.html")
}

/// Page `n` of a list at `url`: the list itself, then `url/page/N/`.
pub(crate) fn paged(url: &str, n: usize) -> String {
    if n <= 1 {
        url.to_string()
    } else {
        format!("{url}page/{n}/")
    }
}

/// The list of a section (`` is the home page) in `lang`.
pub(crate) fn list_url(config: &Config, section: &str, lang: &str) -> String {
    if section.is_empty() {
        config.lang_prefix(lang)
    } else {
        format!("{}{section}/", config.lang_prefix(lang))
    }
}

pub(crate) fn tags_url(config: &Config, lang: &str) -> String {
    format!("{}tags/", config.lang_prefix(lang))
}

pub(crate) fn tag_url(config: &Config, lang: &str, slug: &str) -> String {
    format!("{}tags/{slug}/", config.lang_prefix(lang))
}

pub(crate) fn mirrors_url(config: &Config, lang: &str) -> String {
    format!("{}mirrors/", config.lang_prefix(lang))
}

pub(crate) fn search_url(config: &Config, lang: &str) -> String {
    format!("{}search/", config.lang_prefix(lang))
}

/// The source of a page's address: its `slug:` line (its own or, for a translation that keeps
/// the original's slug, the original's), else its file.
pub(crate) fn page_source(config: &Config, lib: &Library, id: EntryId) -> Origin {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    let copy = if e.fallback {
        format!(", its copy in {}", e.lang)
    } else {
        String::new()
    };
    match (&p.fm.slug, key_at(config, lib, e.page, "slug")) {
        (Some(slug), Some((file, pos))) => Origin::file(
            file,
            format!("slug `{}`{copy}", names::abbreviate(slug)),
            "give the page another `slug:`",
        )
        .at(Some(pos)),
        _ => Origin::file(
            &p.shown,
            copy.trim_start_matches(", ").to_string(),
            "rename the file, or give the page a `slug:`",
        ),
    }
}

/// Where the front matter key `key` of a page is written: in the file itself or, inherited, in
/// its original.
fn key_at(
    config: &Config,
    lib: &Library,
    page: PageId,
    key: &str,
) -> Option<(PathBuf, (usize, usize))> {
    let p = &lib.pages[page];
    if let Some(pos) = p.key_pos(key) {
        return Some((p.shown.clone(), pos));
    }
    let o = lib.file(&p.canonical, &config.default_language)?;
    let op = &lib.pages[o];
    op.key_pos(key).map(|pos| (op.shown.clone(), pos))
}

impl Job {
    /// The files this job writes and on whose behalf: the one place that says where each kind
    /// of output goes. Jobs write with the same helpers ([`out_path`], [`file_in`]), and the
    /// writer refuses a file not declared here.
    pub(super) fn declare(&self, s: &Scope, d: &mut Declared) {
        let (config, lib) = (s.config, s.lib);
        match self {
            Job::Page(id) => {
                d.file(out_path(&lib.entries[*id].url));
                d.source(|| page_source(config, lib, *id));
            }
            Job::List {
                section,
                lang,
                page_no,
                ..
            } => {
                d.file(out_path(&paged(&list_url(config, section, lang), *page_no)));
                d.source(|| list_source(lib, section, lang, *page_no));
            }
            Job::TagIndex(lang) => {
                d.file(out_path(&tags_url(config, lang)));
                d.source(|| Origin::made(format!("the {lang} list of tags")));
            }
            Job::Tag {
                lang,
                slug,
                page_no,
                ..
            } => {
                d.file(out_path(&paged(&tag_url(config, lang, slug), *page_no)));
                d.source(|| tag_source(config, lib, lang, slug, *page_no));
            }
            Job::NotFound => {
                d.file("404.html".into());
                d.source(|| Origin::made("the page-not-found page"));
            }
            Job::Alias(i) => {
                d.file(lib.aliases[*i].file.clone());
                d.source(|| alias_source(lib, *i));
            }
            Job::Feed(lang) => {
                d.file_in(&config.lang_prefix(lang), "atom.xml");
                d.source(|| Origin::made(format!("the {lang} feed")));
            }
            Job::Sitemap => {
                d.file("sitemap.xml".into());
                d.source(|| Origin::made("the sitemap"));
            }
            Job::Robots => {
                d.file("robots.txt".into());
                d.source(|| Origin::made("robots.txt"));
            }
            Job::Copy { rel, shown, .. } => {
                d.file(rel.clone());
                d.source(|| match shown.strip_prefix("theme ") {
                    Some(_) => Origin::made(format!("the theme's {rel}")),
                    None => Origin::file(shown, "", "rename or move the file"),
                });
            }
            Job::Thumb { rel, shown, .. } => {
                d.file(rel.clone());
                d.source(|| {
                    Origin::file(
                        shown,
                        format!("its copy for lists, {rel}"),
                        "rename the photo or the other file",
                    )
                });
            }
            Job::Birthdays(lang) => {
                d.file_in(&config.lang_prefix(lang), "prisoners/birthdays.ics");
                d.source(|| Origin::made(format!("the {lang} calendar of birthdays")));
            }
            Job::Map(m) => m.declare(s, d),
            Job::Mirrors(lang) => {
                d.file(out_path(&mirrors_url(config, lang)));
                d.source(|| Origin::made(format!("the {lang} page of mirrors")));
            }
            Job::Search(lang) => {
                let url = search_url(config, lang);
                d.file_in(&url, "index.js");
                d.file(out_path(&url));
                d.source(|| Origin::made(format!("the {lang} search page and index")));
            }
            Job::MirrorsJson => {
                d.file("mirrors.json".into());
                d.source(|| Origin::made("the list of mirrors for programs"));
            }
            Job::OnionHeaders => {
                d.file(".htaccess".into());
                d.file("_headers".into());
                d.source(|| Origin::made("the Onion-Location headers of the onion mirror"));
            }
        }
    }
}

/// A list page: the section's `_index.md`, or its folder; the home page is samizdat's.
fn list_source(lib: &Library, section: &str, lang: &str, page_no: usize) -> Origin {
    let page = if page_no > 1 {
        format!(", page {page_no}")
    } else {
        String::new()
    };
    if section.is_empty() {
        return Origin::made(format!("the {lang} home page{page}"));
    }
    let index = lib
        .sections
        .get(section)
        .and_then(|s| s.index.get(lang))
        .map(|&i| lib.page_of(i).shown.clone());
    Origin::file(
        index.unwrap_or_else(|| PathBuf::from(format!("content/{section}/"))),
        format!("the {lang} list of the folder's pages{page}"),
        "rename the folder",
    )
}

/// A tag page: the line of the first page that gives the tag.
fn tag_source(config: &Config, lib: &Library, lang: &str, slug: &str, page_no: usize) -> Origin {
    let page = if page_no > 1 {
        format!(", page {page_no}")
    } else {
        String::new()
    };
    let Some(t) = lib.tags.get(lang).and_then(|ts| ts.get(slug)) else {
        return Origin::made(format!("the {lang} tag page {slug}"));
    };
    let what = format!("tag `{}` in {lang}{page}", names::abbreviate(&t.name));
    for &e in &t.entries {
        let p = lib.page_of(e);
        let Some(i) =
            p.fm.tags
                .iter()
                .flatten()
                .position(|x| crate::util::slugify(x) == slug)
        else {
            continue;
        };
        let at = key_at(config, lib, lib.entries[e].page, &format!("tags.{i}"));
        if let Some((file, pos)) = at {
            return Origin::file(file, what, "rename the tag").at(Some(pos));
        }
        return Origin::file(&p.shown, what, "rename the tag");
    }
    Origin::made(what)
}

fn alias_source(lib: &Library, i: usize) -> Origin {
    let a = &lib.aliases[i];
    let p = lib.page_of(a.to);
    let written =
        p.fm.aliases
            .as_ref()
            .and_then(|v| v.get(a.index))
            .cloned()
            .unwrap_or_default();
    let pos = p
        .key_pos(&format!("aliases.{}", a.index))
        .or_else(|| p.key_pos("aliases"));
    Origin::file(
        &p.shown,
        format!("alias `{}`", names::abbreviate(&written)),
        "change or remove the alias",
    )
    .at(pos)
}

/// Every job of the site in plan order: pages, lists and feeds, copies, then maps. Listing the
/// static files may find problems (`errs`).
pub(super) fn jobs_of_site(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    theme: &Theme,
    errs: &mut Errors,
) -> Vec<Job> {
    let mut jobs = plan(config, lib, records, theme, errs);
    jobs.extend(
        map_jobs::plan(config, lib, pickets)
            .into_iter()
            .map(Job::Map),
    );
    jobs
}

/// The list of jobs of everything but the maps.
fn plan(
    config: &Config,
    lib: &Library,
    records: &Records,
    theme: &Theme,
    errs: &mut Errors,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let per = config.paginate.max(1);
    for (id, e) in lib.entries.iter().enumerate() {
        if !e.is_index {
            jobs.push(Job::Page(id));
        }
    }
    for (path, s) in &lib.sections {
        for lang in config.codes() {
            let n = s.pages.get(lang).map_or(0, Vec::len);
            if n == 0 && !s.index.contains_key(lang) && !path.is_empty() {
                continue;
            }
            // The prisoners index groups everyone on one page (by status, by case).
            let of = if path == "prisoners" || path == "events" {
                1
            } else {
                n.div_ceil(per).max(1)
            };
            for page_no in 1..=of {
                jobs.push(Job::List {
                    section: path.clone(),
                    lang: lang.to_string(),
                    page_no,
                    of,
                });
            }
        }
    }
    for (lang, tags) in &lib.tags {
        jobs.push(Job::TagIndex(lang.clone()));
        for (slug, t) in tags {
            let of = t.entries.len().div_ceil(per).max(1);
            for page_no in 1..=of {
                jobs.push(Job::Tag {
                    lang: lang.clone(),
                    slug: slug.clone(),
                    page_no,
                    of,
                });
            }
        }
    }
    jobs.push(Job::NotFound);
    for i in 0..lib.aliases.len() {
        jobs.push(Job::Alias(i));
    }
    for lang in config.codes() {
        jobs.push(Job::Feed(lang.to_string()));
    }
    for lang in config.codes() {
        if campaign::has_birthdays(lib, lang) {
            jobs.push(Job::Birthdays(lang.to_string()));
        }
    }
    for (asset, thumb) in &records.thumbs {
        if let Some(a) = lib.assets.iter().find(|a| &a.rel == asset) {
            jobs.push(Job::Thumb {
                rel: thumb.clone(),
                src: a.path.clone(),
                shown: a.shown.display().to_string(),
            });
        }
    }
    for lang in config.codes() {
        jobs.push(Job::Mirrors(lang.to_string()));
        jobs.push(Job::Search(lang.to_string()));
    }
    jobs.push(Job::MirrorsJson);
    if views::onion_base(config).is_some() {
        jobs.push(Job::OnionHeaders);
    }
    jobs.push(Job::Sitemap);
    jobs.push(Job::Robots);

    // Static files: the theme's, then the site's static/ (which may replace them), then assets.
    let mut copies = crate::content::publish::static_copies(config, theme, lib, errs);
    for a in &lib.assets {
        if let Some((_, first)) = copies.get(&a.rel) {
            errs.push(
                Error::input(format!(
                    "{} and {first} would both be published as /{}",
                    a.shown.display(),
                    a.rel
                ))
                .at(&a.shown)
                .hint("rename one of them"),
            );
            continue;
        }
        copies.insert(
            a.rel.clone(),
            (Source::Disk(a.path.clone()), a.shown.display().to_string()),
        );
    }
    for (rel, (_, shown)) in &copies {
        let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if matches!(
            ext.as_str(),
            "webp" | "gif" | "tif" | "tiff" | "heic" | "heif" | "avif" | "bmp"
        ) {
            errs.push(
                Error::warning(format!(
                    "this image is published as it is: samizdat removes hidden data (camera, date, GPS) only from JPEG and PNG files, not from .{ext}"
                ))
                .at(shown)
                .hint("convert it to JPEG or PNG, or remove its metadata yourself (exiftool -all= FILE)"),
            );
        }
    }
    // What would replace a generated file is found with every other conflict, by the ledger.
    for (rel, (src, shown)) in copies {
        jobs.push(Job::Copy { rel, src, shown });
    }
    jobs
}
