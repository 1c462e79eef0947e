//! The whole pipeline, from a site folder to a finished output folder:
//! `Config -> Theme + Strings -> Library -> Renderer -> rendered files -> swap`.
//!
//! `build`, `check` and `bundle` come through [`build`]; they differ only in [`BuildOptions`]
//! (where to write, which URL form, drafts, live reload). `serve` runs the same stages one at a
//! time ([`load_frame`], [`load_content`]) to keep them between edits. `samizdat build` keeps a
//! record of each good build beside its output and skips the next one when it proves that
//! nothing changed ([`crate::output::fingerprint`]).

use crate::config::Config;
use crate::content::{Library, Settings};
use crate::error::{Error, Errors};
use crate::output::{Writer, fingerprint, urls::UrlMode};
use crate::render::jobs::{self, RenderSettings, Stats};
use crate::render::plan::Plan;
use crate::timings::Timings;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod stages;
pub use stages::{Content, Frame, load_content, load_frame};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `ROOT/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// `check`: render everything, write nothing, verify internal links.
    pub check_only: bool,
    /// The bundle's form: relative links that name `index.html`.
    pub offline: bool,
    pub live_reload: bool,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// "Today" for this build; default `SOURCE_DATE_EPOCH` or the clock.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// `samizdat build`: keep a record of the build beside the output, and do nothing when the
    /// record proves the output is what this build would make ([`fingerprint`]).
    pub remember: bool,
    /// Build even when the record says the output is up to date (`build --force`).
    pub force: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub stats: Stats,
    pub warnings: Errors,
    pub elapsed: Duration,
    pub output: Option<PathBuf>,
    pub config: Config,
    /// The wall time of each stage (`build --timings`).
    pub timings: Timings,
    /// Nothing was built: the output is the one the last build (at this moment of the
    /// computer's clock) made from the same inputs. `warnings` are that build's.
    pub up_to_date: Option<chrono::DateTime<chrono::Utc>>,
}

impl BuildReport {
    /// `built 342 pages (en 120, ru 120, fa 102), 0 warnings, 1.23 s -> public/`
    pub fn summary(&self, verb: &str) -> String {
        if let Some(at) = self.up_to_date {
            let w = self.warnings.warning_count();
            let mut s = format!(
                "nothing changed since the last build at {} UTC; the output is up to date",
                at.format("%Y-%m-%d %H:%M:%S")
            );
            if w > 0 {
                s.push_str(&format!(
                    " ({w} warning{} of that build repeated above)",
                    if w == 1 { "" } else { "s" }
                ));
            }
            if let Some(o) = &self.output {
                s.push_str(&format!(" -> {}", o.display()));
            }
            return s;
        }
        let total: usize = self.stats.pages.values().sum();
        let per: Vec<String> = self
            .config
            .codes()
            .map(|l| format!("{l} {}", self.stats.pages.get(l).copied().unwrap_or(0)))
            .collect();
        let w = self.warnings.warning_count();
        let mut s = format!(
            "{verb} {total} pages ({}), {} file{}, {w} warning{}, in {:.2} s",
            per.join(", "),
            self.stats.files,
            if self.stats.files == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64()
        );
        if let Some(o) = &self.output {
            s.push_str(&format!(" -> {}", o.display()));
        }
        s
    }
}

/// Runs the pipeline. Errors of every stage that could run are reported together.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Errors> {
    let started = Instant::now();
    let mut timings = Timings::start();
    let now = match opts.now {
        Some(n) => n,
        None => crate::util::build_time().map_err(|m| Errors::from(Error::usage(m)))?,
    };
    let settings = Settings {
        now,
        drafts: opts.drafts,
    };
    let out_dir = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    // A wrong `-o` is said first, whatever the site holds (and checked again before the swap).
    if !opts.check_only {
        crate::output::check_target(&opts.root, &out_dir)?;
    }
    // The inputs are hashed before the build reads them: an edit made during the build is
    // then seen by the next one.
    let remember = opts.remember && !opts.check_only && !opts.offline && !opts.live_reload;
    let key = if remember {
        fingerprint::inputs(&opts.root, &output_options(opts, &out_dir))
    } else {
        None
    };
    if let Some(key) = &key
        && !opts.force
        && let Some(record) = fingerprint::load(&out_dir)
        && record.still_holds(key, now, &out_dir)
        && let Some(report) = unchanged(opts, &record, &out_dir, started, &mut timings)
    {
        return report;
    }
    if key.is_some() {
        timings.lap("compare with the last build: files, program, options, time, output");
    }
    // The theme and the content are read even when the other fails: every error at once.
    let frame = load_frame(opts);
    let config = match &frame {
        Ok(f) => f.config.clone(),
        Err(e) => match Config::load(&opts.root) {
            Ok(mut c) => {
                if let Some(u) = &opts.base_url {
                    let _ = c.set_base_url(u);
                }
                c
            }
            Err(_) => return Err(e.clone().sorted()),
        },
    };
    timings.lap("config, theme, strings, templates");
    let library = Library::load(&config, &settings);
    timings.lap("content: read, front matter, Markdown");
    let (frame, (library, lib_warnings)) = match (frame, library) {
        (Ok(f), Ok(l)) => (f, l),
        (f, l) => {
            let mut all = Errors::new();
            all.extend(f.err().into_iter().flatten());
            all.extend(l.err().into_iter().flatten());
            return Err(all.sorted());
        }
    };
    let Frame {
        config,
        theme,
        renderer,
        warnings: frame_warnings,
    } = frame;
    let content = match load_content(&config, library, lib_warnings, now) {
        Ok(c) => c,
        Err(e) => {
            let mut all = frame_warnings;
            all.extend(e);
            return Err(all.sorted());
        }
    };
    let Content {
        library,
        records,
        pickets,
        warnings,
        timings: content_timings,
    } = content;
    timings.append(content_timings);
    // The moments around `now` that would make this same output (embargoes of every page,
    // drafts too: a draft may come back without its `draft:`).
    let stretch = fingerprint::stretch(
        config.timezone,
        library
            .pages
            .iter()
            .filter_map(|p| p.fm.publish_after)
            .map(|t| t.instant(config.timezone)),
        now,
    );
    let mut diags = frame_warnings;
    diags.extend(warnings);
    if diags.fails(opts.strict) {
        return Err(diags.sorted());
    }

    // Every file of the output with its source, checked before anything is written: `check`
    // runs the same plan, so it fails exactly when `build` would.
    let plan = Plan::make(&config, &library, &records, &pickets, &theme).map_err(|e| {
        let mut all = diags.clone();
        all.extend(e);
        all.sorted()
    })?;
    // Links the content writes as paths of the site (`/leaflet.pdf`) are checked against the
    // plan's files, at their line; `check` also checks every link of every page.
    let site_links = crate::content::site_path_links(&library);
    let outputs: Vec<String> = if opts.check_only || !site_links.is_empty() {
        plan.files().iter().cloned().collect()
    } else {
        Vec::new()
    };
    timings.lap("output plan");
    let writer = if opts.check_only {
        Writer::discard()
    } else {
        Writer::new(&opts.root, &out_dir, !opts.offline)?
    };
    timings.lap("staging folder");
    let mode = if opts.offline {
        UrlMode::Offline
    } else if config.relative_urls {
        UrlMode::Relative
    } else {
        UrlMode::Absolute {
            base_path: config.base_path().to_string(),
        }
    };
    let rs = RenderSettings {
        mode,
        live_reload: opts.live_reload,
        collect_links: opts.check_only,
        offline: opts.offline,
        progress: opts.progress,
    };
    let mut stats = jobs::render_plan(
        &config, &library, &records, &pickets, &renderer, &writer, &rs, plan,
    )
    .map_err(|e| {
        let mut all = diags.clone();
        all.extend(e);
        all.sorted()
    })?;
    timings.lap("render and write");
    timings.add_work(&stats.busy);
    stats.files = writer.count() + usize::from(!opts.offline && !opts.check_only);
    diags.extend(std::mem::take(&mut stats.warnings));
    let content_link_errors = check_site_links(&site_links, &outputs);
    let reported: BTreeSet<String> = site_links
        .iter()
        .map(|(_, _, _, dest)| dest.clone())
        .collect();
    diags.extend(content_link_errors);
    if opts.check_only {
        stats.outputs = outputs;
        // A content link is reported once, at its line, not again on every page that shows it.
        let others = check_links(&stats).into_vec().into_iter().filter(|e| {
            !reported.iter().any(|d| {
                e.message
                    .ends_with(&format!(" links to {d}, which the site does not have"))
            })
        });
        diags.extend(others);
        diags.extend(check_template_loads(&config, &stats, &diags));
    }
    let diags = diags.sorted();
    if diags.fails(opts.strict) {
        return Err(diags);
    }
    timings.lap("link checks");
    // The inputs again, now that everything is read: a file saved during the build means that
    // this output may not be what the inputs make, and no record is kept.
    let key = key.filter(|k| {
        fingerprint::inputs(&opts.root, &output_options(opts, &out_dir)).as_ref() == Some(k)
    });
    if remember {
        timings.lap("hash the site's files again for the record");
    }
    let output = if opts.check_only {
        None
    } else {
        writer
            .commit_then(|| remember_build(opts, &out_dir, key, stretch, &diags))
            .map_err(Errors::from)?;
        timings.lap("swap in, remove the old output");
        Some(out_dir)
    };
    Ok(BuildReport {
        stats,
        warnings: diags,
        elapsed: started.elapsed(),
        output,
        config,
        timings,
        up_to_date: None,
    })
}

/// What of the options changes the output (besides the inputs and time).
fn output_options(opts: &BuildOptions, out_dir: &Path) -> String {
    let out = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
    format!(
        "output {}\nbase-url {:?}\ndrafts {}",
        out.display(),
        opts.base_url,
        opts.drafts
    )
}

/// The report of a build that found its output up to date: the last build's warnings again
/// (`--strict` fails on them, as that build would have). `None` when site.yaml cannot be read
/// after all: then the build runs and says why.
fn unchanged(
    opts: &BuildOptions,
    record: &fingerprint::Record,
    out_dir: &Path,
    started: Instant,
    timings: &mut Timings,
) -> Option<Result<BuildReport, Errors>> {
    let mut config = Config::load(&opts.root).ok()?;
    if let Some(u) = &opts.base_url {
        config.set_base_url(u).ok()?;
    }
    let warnings = record.warnings().sorted();
    // What crashed builds left beside the output goes, as after any build.
    crate::output::clean_leftovers(out_dir);
    timings.lap("compare with the last build: files, program, options, time, output");
    if warnings.fails(opts.strict) {
        return Some(Err(warnings));
    }
    Some(Ok(BuildReport {
        stats: Stats::default(),
        warnings,
        elapsed: started.elapsed(),
        output: Some(out_dir.to_path_buf()),
        config,
        timings: std::mem::take(timings),
        up_to_date: Some(record.built_at),
    }))
}

/// After the swap: the record of this build, when its inputs did not change while it ran
/// (`key` is `None` then); else no record, and the next build runs.
fn remember_build(
    opts: &BuildOptions,
    out_dir: &Path,
    key: Option<String>,
    stretch: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
    warnings: &Errors,
) {
    if !opts.remember || opts.check_only || opts.offline || opts.live_reload {
        return;
    }
    let digest = fingerprint::output_digest(out_dir);
    match (key, digest) {
        (Some(key), Some(digest)) => {
            let record = fingerprint::Record::new(key, stretch, digest, warnings);
            // A record that cannot be written only costs the next build its shortcut.
            if fingerprint::save(out_dir, &record).is_err() {
                fingerprint::forget(out_dir);
            }
        }
        _ => fingerprint::forget(out_dir),
    }
}

/// `data/*.yaml`: values for templates as `data.NAME` (SPEC §1).
fn load_data(
    config: &Config,
) -> Result<std::collections::BTreeMap<String, serde_yaml::Value>, Errors> {
    let dir = config.root.join("data");
    let mut out = std::collections::BTreeMap::new();
    let mut errs = Errors::new();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    let mut files: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| {
        !p.file_name()
            .is_some_and(|n| crate::content::ignored::is_ignored(&n.to_string_lossy()))
    });
    files.sort();
    for p in files {
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            continue;
        };
        let shown = Path::new("data").join(name);
        if stem.is_empty() || !stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            errs.push(
                Error::input(format!(
                    "`{stem}` cannot be a name in templates (data.{stem})"
                ))
                .at(&shown)
                .hint("name data files with letters, digits and _, e.g. data/groups.yaml"),
            );
            continue;
        }
        match crate::limits::read_text(&p, &shown, &crate::limits::YAML) {
            Ok(text) => match crate::yaml::parse::<serde_yaml::Value>(&text, &shown, 0) {
                Ok(v) => {
                    out.insert(stem.to_string(), v);
                }
                Err(e) => errs.push(e),
            },
            Err(e) => errs.push(e),
        }
    }
    if errs.has_errors() {
        Err(errs)
    } else {
        Ok(out)
    }
}

/// The site's own `i18n/LANG.ftl` files.
pub fn site_strings(config: &Config, errs: &mut Errors) -> Vec<(String, PathBuf, String)> {
    let dir = config.root.join("i18n");
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| {
        !p.file_name()
            .is_some_and(|n| crate::content::ignored::is_ignored(&n.to_string_lossy()))
    });
    files.sort();
    for p in files {
        let Some(lang) = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".ftl"))
        else {
            continue;
        };
        let shown = Path::new("i18n").join(format!("{lang}.ftl"));
        match crate::limits::read(&p, &shown, &crate::limits::STRINGS).map(String::from_utf8) {
            Ok(Ok(text)) => out.push((lang.to_string(), shown, text)),
            Ok(Err(_)) => errs.push(
                Error::input("the strings file is not valid UTF-8")
                    .at(&shown)
                    .hint("re-save it as UTF-8"),
            ),
            Err(e) => errs.push(e),
        }
    }
    out
}

/// Loads from other hosts that the content did not ask for: they come from templates (or an
/// HTML include). One warning per host, naming the first page.
fn check_template_loads(config: &Config, stats: &Stats, known: &Errors) -> Errors {
    let mut errs = Errors::new();
    let mut seen = BTreeSet::new();
    for (page, url, what) in &stats.loads {
        let Some(host) = crate::privacy::host_of(url) else {
            continue;
        };
        let already = known
            .iter()
            .any(|e| e.message.contains(&format!(" from {host}:")));
        if already || crate::privacy::allowed(config, &host) || !seen.insert(host.clone()) {
            continue;
        }
        errs.push(crate::privacy::warning(&host, what).at(format!("public/{page}")).hint(
            "the page's template (or an HTML file it includes) loads it; serve the file from static/ instead",
        ));
    }
    errs
}

/// Whether a root-relative link reaches a file of the output (`outputs`: paths from its root).
fn reaches(files: &BTreeSet<&str>, target: &str) -> bool {
    let path = target
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_start_matches('/');
    match crate::content::page::alias_path(path).ok() {
        None => files.contains("index.html"),
        Some(p) => files.contains(p.as_str()) || files.contains(p.trim_end_matches("/index.html")),
    }
}

/// The content's links to paths of the site that the output does not have, at their line.
fn check_site_links(
    links: &[(std::path::PathBuf, usize, usize, String)],
    outputs: &[String],
) -> Errors {
    let files: BTreeSet<&str> = outputs.iter().map(String::as_str).collect();
    let mut errs = Errors::new();
    for (shown, line, col, dest) in links {
        let decoded = dest.replace("%20", " ");
        if !reaches(&files, dest) && !reaches(&files, &decoded) {
            errs.push(
                Error::input(format!("links to {dest}, which the site does not have"))
                    .at(shown)
                    .line(*line)
                    .col(*col)
                    .hint("a link to a page points at its Markdown file (../prisoners/x.md); a file of static/ is linked as /NAME"),
            );
        }
    }
    errs
}

/// Every root-relative link of every rendered page must reach a file of the output.
fn check_links(stats: &Stats) -> Errors {
    let files: BTreeSet<&str> = stats.outputs.iter().map(String::as_str).collect();
    let mut errs = Errors::new();
    let mut seen = BTreeSet::new();
    for (page, target) in &stats.links {
        let path = target
            .split(['#', '?'])
            .next()
            .unwrap_or("")
            .trim_start_matches('/');
        let path = crate::content::page::alias_path(path).ok();
        let ok = match &path {
            None => files.contains("index.html"),
            Some(p) => {
                files.contains(p.as_str()) || files.contains(p.trim_end_matches("/index.html"))
            }
        };
        if !ok && seen.insert((page.clone(), target.clone())) {
            errs.push(
                Error::input(format!(
                    "the page /{page} links to {target}, which the site does not have"
                ))
                .at(format!("public/{page}"))
                .hint("fix the link in the content or template that writes it"),
            );
        }
    }
    errs
}
