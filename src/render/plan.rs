//! The output plan: every file a build writes, known before any is written, each with the source
//! that asks for it.
//!
//! - this file: [`Plan`], what declaring a job needs ([`Scope`], [`Declared`]), and the addresses
//!   of generated pages, the one way jobs name their files in the plan and when they write;
//! - `job`: the kinds of job, their keys, and the site's jobs in plan order;
//! - `declare`: where each kind of job writes, and on whose behalf (`maps` for the maps);
//! - `ledger`: the claims on paths and the conflicts between them.
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

use crate::config::Config;
use crate::content::Library;
use crate::error::Errors;
use crate::pickets::Pickets;
use crate::records::Records;
use crate::theme::Theme;
use std::collections::BTreeSet;
use std::sync::Arc;

mod declare;
mod job;
mod ledger;
mod maps;
pub use job::JobKey;
pub(crate) use job::{Job, jobs_of_site, list_pages, pages_of};
use ledger::Ledger;
pub(crate) use ledger::Origin;
pub use maps::MapJob;
pub(crate) use maps::country_png_file;

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
