//! The output plan: every file a build writes, known before any is written, each with the source
//! that asks for it.
//!
//! [`Plan::make`] lists the jobs of the site ([`jobs_of_site`]) and asks each which files it
//! writes and on whose behalf ([`Job::declare`], [`MapJob::declare`](map_jobs::MapJob::declare): the one place per kind of
//! output that says where it goes). Then, before anything is written, the [`Ledger`] finds:
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
use crate::theme::{Source as Bytes, Theme};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

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
            d.source.unwrap_or_else(|| Source::made("a file"))
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
    source: Option<Source>,
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
    pub(crate) fn source(&mut self, f: impl FnOnce() -> Source) {
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

/// Where a file claimed in the plan comes from, for messages: the file (and line) to change, or
/// what samizdat makes by itself.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The file to change, from the site root.
    path: Option<PathBuf>,
    /// Line and column of the key that makes the claim (`slug:`, an alias, a tag).
    pos: Option<(usize, usize)>,
    /// What in the file makes the claim (`slug `x``), or what samizdat makes.
    what: String,
    /// How to give up the claim.
    fix: &'static str,
}

impl Source {
    /// Something samizdat makes by itself: `the ru world map`.
    pub(crate) fn made(what: impl Into<String>) -> Source {
        Source {
            path: None,
            pos: None,
            what: what.into(),
            fix: "",
        }
    }

    /// A file of the site (`static/map/index.html`), and what about it claims the path.
    pub(crate) fn file(
        path: impl Into<PathBuf>,
        what: impl Into<String>,
        fix: &'static str,
    ) -> Source {
        Source {
            path: Some(path.into()),
            pos: None,
            what: what.into(),
            fix,
        }
    }

    /// The same, at the line and column of a key.
    pub(crate) fn at(mut self, pos: Option<(usize, usize)>) -> Source {
        self.pos = pos;
        self
    }

    /// `content/x.md line 3 (slug `index.html`)`, `static/map/index.html`, `the world map (made
    /// by samizdat)`.
    fn describe(&self) -> String {
        let what = if self.what.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.what)
        };
        match (&self.path, self.pos) {
            (Some(p), Some((l, _))) => format!("{} line {l}{what}", p.display()),
            (Some(p), None) => format!("{}{what}", p.display()),
            (None, _) => format!("{} (made by samizdat)", self.what),
        }
    }

    /// How precisely it points at what to change: a line, a file, nothing.
    fn rank(&self) -> u8 {
        match (&self.path, self.pos) {
            (Some(_), Some(_)) => 2,
            (Some(_), None) => 1,
            (None, _) => 0,
        }
    }

    /// An error with `message`, at this source.
    fn error(&self, message: String) -> Error {
        let mut e = Error::input(message);
        if let Some(p) = &self.path {
            e = e.at(p).pos(self.pos.map(|p| p.0), self.pos.map(|p| p.1));
        }
        if !self.fix.is_empty() {
            e = e.hint(self.fix);
        }
        e
    }
}

/// The source of a page's address: its `slug:` line (its own or, for a translation that keeps
/// the original's slug, the original's), else its file.
pub(crate) fn page_source(config: &Config, lib: &Library, id: EntryId) -> Source {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    let copy = if e.fallback {
        format!(", shown in {} too", e.lang)
    } else {
        String::new()
    };
    match (&p.fm.slug, key_at(config, lib, e.page, "slug")) {
        (Some(slug), Some((file, pos))) => Source::file(
            file,
            format!("slug `{slug}`{copy}"),
            "give the page another `slug:`",
        )
        .at(Some(pos)),
        _ => Source::file(
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
                d.source(|| Source::made(format!("the {lang} list of tags")));
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
                d.source(|| Source::made("the page-not-found page"));
            }
            Job::Alias(i) => {
                d.file(lib.aliases[*i].file.clone());
                d.source(|| alias_source(lib, *i));
            }
            Job::Feed(lang) => {
                d.file_in(&config.lang_prefix(lang), "atom.xml");
                d.source(|| Source::made(format!("the {lang} feed")));
            }
            Job::Sitemap => {
                d.file("sitemap.xml".into());
                d.source(|| Source::made("the sitemap"));
            }
            Job::Robots => {
                d.file("robots.txt".into());
                d.source(|| Source::made("robots.txt"));
            }
            Job::Copy { rel, shown, .. } => {
                d.file(rel.clone());
                d.source(|| match shown.strip_prefix("theme ") {
                    Some(_) => Source::made(format!("the theme's {rel}")),
                    None => Source::file(shown, "", "rename or move the file"),
                });
            }
            Job::Thumb { rel, shown, .. } => {
                d.file(rel.clone());
                d.source(|| {
                    Source::file(
                        shown,
                        format!("its copy for lists, {rel}"),
                        "rename the photo or the other file",
                    )
                });
            }
            Job::Birthdays(lang) => {
                d.file_in(&config.lang_prefix(lang), "prisoners/birthdays.ics");
                d.source(|| Source::made(format!("the {lang} calendar of birthdays")));
            }
            Job::Map(m) => m.declare(s, d),
            Job::Mirrors(lang) => {
                d.file(out_path(&mirrors_url(config, lang)));
                d.source(|| Source::made(format!("the {lang} page of mirrors")));
            }
            Job::Search(lang) => {
                let url = search_url(config, lang);
                d.file_in(&url, "index.js");
                d.file(out_path(&url));
                d.source(|| Source::made(format!("the {lang} search page and index")));
            }
            Job::MirrorsJson => {
                d.file("mirrors.json".into());
                d.source(|| Source::made("the list of mirrors for programs"));
            }
            Job::OnionHeaders => {
                d.file(".htaccess".into());
                d.file("_headers".into());
                d.source(|| Source::made("the Onion-Location headers of the onion mirror"));
            }
        }
    }
}

/// A list page: the section's `_index.md`, or its folder; the home page is samizdat's.
fn list_source(lib: &Library, section: &str, lang: &str, page_no: usize) -> Source {
    let page = if page_no > 1 {
        format!(", page {page_no}")
    } else {
        String::new()
    };
    if section.is_empty() {
        return Source::made(format!("the {lang} home page{page}"));
    }
    let index = lib
        .sections
        .get(section)
        .and_then(|s| s.index.get(lang))
        .map(|&i| lib.page_of(i).shown.clone());
    Source::file(
        index.unwrap_or_else(|| PathBuf::from(format!("content/{section}/"))),
        format!("the {lang} list of the folder's pages{page}"),
        "rename the folder",
    )
}

/// A tag page: the line of the first page that gives the tag.
fn tag_source(config: &Config, lib: &Library, lang: &str, slug: &str, page_no: usize) -> Source {
    let page = if page_no > 1 {
        format!(", page {page_no}")
    } else {
        String::new()
    };
    let Some(t) = lib.tags.get(lang).and_then(|ts| ts.get(slug)) else {
        return Source::made(format!("the {lang} tag page {slug}"));
    };
    let what = format!("tag `{}` in {lang}{page}", t.name);
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
            return Source::file(file, what, "rename the tag").at(Some(pos));
        }
        return Source::file(&p.shown, what, "rename the tag");
    }
    Source::made(what)
}

fn alias_source(lib: &Library, i: usize) -> Source {
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
    Source::file(
        &p.shown,
        format!("alias `{written}`"),
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
    let mut copies: BTreeMap<String, (Bytes, String)> = BTreeMap::new();
    for (rel, src) in &theme.statics {
        copies.insert(rel.clone(), (src.clone(), format!("theme static/{rel}")));
    }
    let static_dir = config.root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir)
            .sort_by_file_name()
            .follow_links(false)
        {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = crate::util::slash_path(
                        e.path().strip_prefix(&static_dir).unwrap_or(e.path()),
                    );
                    copies.insert(
                        rel.clone(),
                        (Bytes::Disk(e.path().to_path_buf()), format!("static/{rel}")),
                    );
                }
                Ok(e) if e.file_type().is_symlink() => errs.push(
                    Error::warning(
                        "symbolic link skipped: only real files under static/ are published",
                    )
                    .at(e.path()),
                ),
                Ok(_) => {}
                Err(e) => errs.push(Error::input(format!("cannot read: {e}")).at(&static_dir)),
            }
        }
    }
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
            (Bytes::Disk(a.path.clone()), a.shown.display().to_string()),
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

/// Every claimed path, and the conflicts between claims.
#[derive(Default)]
struct Ledger {
    /// The path as a case-insensitive disk sees it -> the path as claimed, and the job.
    by_fold: BTreeMap<String, (String, usize)>,
    conflicts: Vec<Conflict>,
}

enum Conflict {
    /// One path claimed twice (or two that differ only in case or Unicode form): the first
    /// claim and the second, each (path, job).
    Twice((String, usize), (String, usize)),
    /// `file` is claimed as a file; `inner` would make it a folder.
    Folder {
        file: (String, usize),
        inner: (String, usize),
    },
    /// A name no common disk can hold.
    Name(String, usize, String),
}

impl Ledger {
    fn claim(&mut self, rel: String, job: usize) {
        if let Err(why) = names::check(&rel) {
            self.conflicts.push(Conflict::Name(rel, job, why));
            return;
        }
        match self.by_fold.entry(names::fold(&rel)) {
            std::collections::btree_map::Entry::Occupied(o) => {
                let (first, by) = o.get();
                if *by != job || *first != rel {
                    self.conflicts
                        .push(Conflict::Twice((first.clone(), *by), (rel, job)));
                }
            }
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert((rel, job));
            }
        }
    }

    /// Files that another claim would make a folder of: each path's folders must not be files.
    fn find_folders(&mut self) {
        for (fold, (rel, job)) in &self.by_fold {
            for (i, _) in fold.match_indices('/') {
                if let Some((file, by)) = self.by_fold.get(&fold[..i]) {
                    self.conflicts.push(Conflict::Folder {
                        file: (file.clone(), *by),
                        inner: (rel.clone(), *job),
                    });
                }
            }
        }
    }

    /// One error per pair of sources in conflict (two jobs may collide on several files).
    fn errors(&self, source: &dyn Fn(usize) -> Source) -> Errors {
        let mut errs = Errors::new();
        let mut seen = BTreeSet::new();
        for c in &self.conflicts {
            let key = match c {
                Conflict::Twice(a, b) => (0, a.1, b.1),
                Conflict::Folder { file, inner } => (1, file.1, inner.1),
                Conflict::Name(_, job, _) => (2, *job, *job),
            };
            if seen.insert(key) {
                errs.push(conflict_error(c, source));
            }
        }
        errs
    }

    fn into_files(self) -> BTreeSet<String> {
        self.by_fold.into_values().map(|(rel, _)| rel).collect()
    }
}

/// The message of a conflict, at the source that points most precisely at what to change (the
/// later one when both do).
fn conflict_error(c: &Conflict, source: &dyn Fn(usize) -> Source) -> Error {
    let at_better = |a: &Source, b: &Source| {
        if a.rank() > b.rank() {
            a.clone()
        } else {
            b.clone()
        }
    };
    match c {
        Conflict::Twice((p1, j1), (p2, j2)) => {
            let (a, b) = (source(*j1), source(*j2));
            let (da, db) = (a.describe(), b.describe());
            let message = if p1 != p2 {
                format!(
                    "{} and {} differ only in capital letters or accents written another way: \
                     macOS and Windows see one file, so a mirror there would lose one of them: \
                     {da} and {db}",
                    site_path(p1),
                    site_path(p2)
                )
            } else if p1.ends_with("index.html") {
                format!("two pages claim the URL {}: {da} and {db}", site_path(p1))
            } else {
                format!(
                    "two files would be written at {}: {da} and {db}",
                    site_path(p1)
                )
            };
            at_better(&a, &b).error(message)
        }
        Conflict::Folder {
            file: (fp, fj),
            inner: (ip, ij),
        } => {
            let (f, i) = (source(*fj), source(*ij));
            let message = format!(
                "{} would make /{fp} a folder (for /{ip}), but {} writes the file /{fp}",
                i.describe(),
                f.describe()
            );
            at_better(&f, &i).error(message)
        }
        Conflict::Name(rel, job, why) => {
            let s = source(*job);
            s.error(format!("{why} (in /{rel}, from {})", s.describe()))
        }
    }
}

/// `ru/news/x/index.html` -> `/ru/news/x/`; other files keep their name.
fn site_path(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{rel}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(claims: &[(&str, usize)]) -> Vec<String> {
        let mut l = Ledger::default();
        for (p, j) in claims {
            l.claim(p.to_string(), *j);
        }
        l.find_folders();
        l.errors(&|j| Source::made(format!("job {j}")))
            .iter()
            .map(|e| e.message.clone())
            .collect()
    }

    #[test]
    fn one_claim_per_path() {
        assert!(ledger(&[("a/index.html", 0), ("b/index.html", 1)]).is_empty());
        let e = ledger(&[("a/index.html", 0), ("a/index.html", 1)]);
        assert_eq!(e.len(), 1);
        assert!(e[0].contains("two pages claim the URL /a/"), "{e:?}");
        assert!(e[0].contains("job 0") && e[0].contains("job 1"), "{e:?}");
        let e = ledger(&[("style.css", 0), ("style.css", 3)]);
        assert!(
            e[0].contains("two files would be written at /style.css"),
            "{e:?}"
        );
    }

    #[test]
    fn a_file_cannot_also_be_a_folder() {
        let e = ledger(&[("index.html", 0), ("index.html/index.html", 1)]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("would make /index.html a folder"), "{e:?}");
        let e = ledger(&[("news/a/index.html", 0), ("news/a", 1)]);
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn case_and_unicode_form_collide() {
        let e = ledger(&[("About/index.html", 0), ("about/index.html", 1)]);
        assert!(e[0].contains("differ only in capital letters"), "{e:?}");
        let e = ledger(&[("caf\u{e9}/index.html", 0), ("cafe\u{301}/index.html", 1)]);
        assert_eq!(e.len(), 1, "{e:?}");
        let e = ledger(&[("About/index.html", 0), ("about/x/index.html", 1)]);
        assert!(e.is_empty(), "{e:?}");
        let e = ledger(&[("About", 0), ("about/x/index.html", 1)]);
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn many_files_of_two_jobs_are_one_error() {
        let e = ledger(&[
            ("map/map.svg", 0),
            ("map/index.html", 0),
            ("map/map.svg", 1),
            ("map/index.html", 1),
        ]);
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn names_are_checked() {
        let e = ledger(&[("news/con/index.html", 0)]);
        assert!(e[0].contains("Windows"), "{e:?}");
        assert!(e[0].contains("/news/con/index.html"), "{e:?}");
    }
}
