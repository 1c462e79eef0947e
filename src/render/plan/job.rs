//! What a build does, as values: one [`Job`] per file or group of files, the [`JobKey`] that
//! names one without owning it (`serve` picks the jobs an edit touches by key, `--timings` sorts
//! them by kind), and the site's jobs in plan order ([`jobs_of_site`]). Where each job's files
//! go is said by [`Job::declare`]; what it renders, by [`crate::render::jobs`].

use super::maps::{self, MapJob};
use crate::config::Config;
use crate::content::{EntryId, Library};
use crate::error::{Error, Errors};
use crate::pickets::Pickets;
use crate::records::Records;
use crate::render::{campaign, views};
use crate::theme::{Source, Theme};

/// One job of the build: it renders and writes its files. Which files each kind writes, and on
/// whose behalf, is said in one place, [`Job::declare`] (in `plan/declare.rs`).
pub(crate) enum Job {
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
    Map(MapJob),
    Mirrors(String),
    Search(String),
    MirrorsJson,
    /// `.htaccess` and `_headers`: the Onion-Location header, for hosts that read those files.
    OnionHeaders,
}

/// Which file a job makes, for running a subset of the jobs
/// ([`render_selected`](crate::render::jobs::render_selected)): `serve`
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
    Map(&'a MapJob),
    Mirrors(&'a str),
    MirrorsJson,
    /// The search page and index of a language.
    Search(&'a str),
    /// `.htaccess` and `_headers` with the Onion-Location header.
    OnionHeaders,
}

impl Job {
    pub(crate) fn key(&self) -> JobKey<'_> {
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

impl JobKey<'_> {
    /// The job of a key that names all it needs (not copies, photo copies and maps).
    pub(crate) fn job(&self) -> Option<Job> {
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

/// Every job of the site in plan order: pages, lists and tags, the site's other files, copies,
/// then maps. Listing the static files may find problems (`errs`).
pub(crate) fn jobs_of_site(
    config: &Config,
    lib: &Library,
    records: &Records,
    pickets: &Pickets,
    theme: &Theme,
    errs: &mut Errors,
) -> Vec<Job> {
    let mut jobs = content_jobs(config, lib);
    site_jobs(config, lib, records, &mut jobs);
    copy_jobs(config, lib, theme, &mut jobs, errs);
    jobs.extend(maps::jobs(config, lib, pickets).into_iter().map(Job::Map));
    jobs
}

/// How many pages the list of `section` takes for `n` entries. The prisoners index groups
/// everyone on one page (by status, by case), and the events index its upcoming and past.
pub(crate) fn list_pages(config: &Config, section: &str, n: usize) -> usize {
    if section == "prisoners" || section == "events" {
        1
    } else {
        pages_of(config, n)
    }
}

/// How many pages a list of `n` entries takes (a tag's, a section's), at least one.
pub(crate) fn pages_of(config: &Config, n: usize) -> usize {
    n.div_ceil(config.paginate.max(1)).max(1)
}

/// The page of every entry, the lists of every section and the tag pages, each with its pager.
fn content_jobs(config: &Config, lib: &Library) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..lib.entries.len())
        .filter(|&id| !lib.entries[id].is_index)
        .map(Job::Page)
        .collect();
    for (path, s) in &lib.sections {
        for lang in config.codes() {
            if !s.listed_in(lang) {
                continue;
            }
            let n = s.pages.get(lang).map_or(0, Vec::len);
            let of = list_pages(config, path, n);
            jobs.extend((1..=of).map(|page_no| Job::List {
                section: path.clone(),
                lang: lang.to_string(),
                page_no,
                of,
            }));
        }
    }
    for (lang, tags) in &lib.tags {
        jobs.push(Job::TagIndex(lang.clone()));
        for (slug, t) in tags {
            let of = pages_of(config, t.entries.len());
            jobs.extend((1..=of).map(|page_no| Job::Tag {
                lang: lang.clone(),
                slug: slug.clone(),
                page_no,
                of,
            }));
        }
    }
    jobs
}

/// The site's other files: 404, redirects, feeds, birthday calendars, photo copies, the mirrors
/// and search pages, the onion headers, the sitemap and robots.txt.
fn site_jobs(config: &Config, lib: &Library, records: &Records, jobs: &mut Vec<Job>) {
    jobs.push(Job::NotFound);
    jobs.extend((0..lib.aliases.len()).map(Job::Alias));
    jobs.extend(config.codes().map(|l| Job::Feed(l.to_string())));
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
}

/// Static files: the theme's, then the site's static/ (which may replace them), then assets.
fn copy_jobs(
    config: &Config,
    lib: &Library,
    theme: &Theme,
    jobs: &mut Vec<Job>,
    errs: &mut Errors,
) {
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
    // What would replace a generated file is found with every other conflict, by the ledger.
    for (rel, (src, shown)) in copies {
        jobs.push(Job::Copy { rel, src, shown });
    }
}
