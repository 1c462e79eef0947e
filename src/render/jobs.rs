//! Running the plan: every job on a rayon thread over the read-only library, each writing its
//! own files, so nothing is shared but `&Library` and the run's read-only `Ctx`. Which
//! jobs there are and which files each writes is the [plan](super::plan)'s; this file holds the
//! entry points, the run and the dispatch to what each kind of output renders:
//!
//! - `context`: the inputs of a run, the base context and navigation of each language, and the
//!   context of a page (switcher, alternates, canonical address);
//! - `write`: writing a file or a page through the run's writer;
//! - `pages`: the pages of entries, 404, redirects;
//! - `lists`: section lists and the home page, with pagers;
//! - `tags`: the list of tags and the tag pages;
//! - `maps`: map pages, SVG and PNG maps, calendars of pickets;
//! - `feeds`: Atom feeds, calendars of birthdays, sitemap, robots.txt;
//! - `search`: the search page and index;
//! - `mirrors`: the page of mirrors, `mirrors.json`, the onion headers;
//! - `files`: static files, assets and photo copies.

mod context;
mod feeds;
mod files;
mod lists;
mod maps;
mod mirrors;
mod pages;
mod search;
mod tags;
mod write;

pub use context::RenderSettings;

use super::Renderer;
use super::plan::{self, Job, JobKey, Plan, Scope};
use crate::config::Config;
use crate::content::Library;
use crate::error::{Error, Errors};
use crate::output::Writer;
use crate::pickets::Pickets;
use crate::records::Records;
use crate::theme::Theme;
use crate::timings::Work;
use context::Ctx;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use write::Out;

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
    pub busy: BTreeMap<Work, Duration>,
}

/// Renders every job of `plan` (see [`Plan::make`]) into `writer`, which refuses any file the
/// plan does not hold, on rayon threads; the plan's warnings come with the stats.
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
    writer.follow(plan.shared_files());
    let Plan {
        jobs,
        warnings: errs,
        ..
    } = plan;
    let ctx = Ctx::new(config, lib, records, pickets, r, writer, settings);
    let bar = progress_bar(settings, jobs.len());
    let results: Vec<(Result<Out, Error>, Work, Duration)> = jobs
        .par_iter()
        .map(|job| {
            let started = Instant::now();
            let out = run(&ctx, job);
            bar.inc(1);
            (out, Work::of(job.key()), started.elapsed())
        })
        .collect();
    bar.finish_and_clear();
    gather(results, errs)
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
    render_plan(config, lib, records, pickets, r, writer, settings, plan)
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
    render_plan(config, lib, records, pickets, r, writer, settings, plan)
}

/// One job, by the module of its kind of output.
fn run(ctx: &Ctx, job: &Job) -> Result<Out, Error> {
    match job {
        Job::Page(id) => pages::page(ctx, *id),
        Job::List {
            section,
            lang,
            page_no,
            of,
        } => lists::list(ctx, section, lang, *page_no, *of),
        Job::TagIndex(lang) => tags::tag_index(ctx, lang),
        Job::Tag {
            lang,
            slug,
            page_no,
            of,
        } => tags::tag(ctx, lang, slug, *page_no, *of),
        Job::NotFound => pages::not_found(ctx),
        Job::Alias(i) => pages::alias(ctx, *i),
        Job::Feed(lang) => feeds::feed(ctx, lang),
        Job::Map(m) => maps::run(ctx, m),
        Job::Mirrors(lang) => mirrors::mirrors_page(ctx, lang),
        Job::Search(lang) => search::search(ctx, lang),
        Job::OnionHeaders => mirrors::onion_headers(ctx),
        Job::MirrorsJson => mirrors::mirrors_json(ctx),
        Job::Birthdays(lang) => feeds::birthdays(ctx, lang),
        Job::Thumb { rel, src, shown } => files::thumb(ctx, rel, src, shown),
        Job::Sitemap => feeds::sitemap(ctx),
        Job::Robots => feeds::robots(ctx),
        Job::Copy { rel, src, shown } => files::copy(ctx, rel, src, shown),
    }
}

/// A progress bar on stderr for a run long enough to want one (`build --progress`).
fn progress_bar(settings: &RenderSettings, jobs: usize) -> indicatif::ProgressBar {
    if !settings.progress || jobs < 2000 {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(jobs as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} rendering {pos}/{len} files {wide_bar} {eta}",
    ) {
        b.set_style(style);
    }
    b
}

/// The stats of a run from what each job did; `errs` holds the plan's warnings.
fn gather(
    results: Vec<(Result<Out, Error>, Work, Duration)>,
    mut errs: Errors,
) -> Result<Stats, Errors> {
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
        seen.entry(key).or_insert((e, 0)).1 += 1;
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
