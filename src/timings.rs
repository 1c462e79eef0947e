//! `samizdat build --timings`: where a build's time went, stage by stage.
//!
//! The build records the wall time of each stage as it ends ([`Timings::lap`]). Rendering runs
//! every kind of output at once on all threads, so its wall time cannot be cut into kinds;
//! instead each job's wall time is added up per kind of output ([`Work`]) and shown as a share
//! of all jobs' time. On a machine busier than it has cores, a job's time includes waiting for
//! one, so the shares hold but the sum is more than the threads' CPU time. Recording costs a clock read per stage and two per output file, so it
//! is always on; printing is the command's choice.

use crate::render::MapJob;
use crate::render::plan::JobKey;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// The kinds of output the rendering threads' time is split into, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    Pages,
    Lists,
    Maps,
    MapPngs,
    Search,
    Feeds,
    Files,
}

impl Work {
    /// The kind of output a job of the plan makes.
    pub fn of(key: JobKey<'_>) -> Work {
        match key {
            JobKey::Page(_)
            | JobKey::NotFound
            | JobKey::Alias(_)
            | JobKey::Mirrors(_)
            | JobKey::MirrorsJson => Work::Pages,
            JobKey::List { .. } | JobKey::TagIndex(_) | JobKey::Tag { .. } => Work::Lists,
            JobKey::Map(MapJob::CountryPng(_) | MapJob::CityPng(_) | MapJob::ActionPng(_)) => {
                Work::MapPngs
            }
            JobKey::Map(MapJob::SiteCalendar(_)) | JobKey::Birthdays(_) => Work::Feeds,
            JobKey::Map(_) => Work::Maps,
            JobKey::Search(_) => Work::Search,
            JobKey::Feed(_) | JobKey::Sitemap | JobKey::Robots | JobKey::OnionHeaders => {
                Work::Feeds
            }
            JobKey::Copy(_) | JobKey::Thumb(_) => Work::Files,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Work::Pages => "pages",
            Work::Lists => "lists, pagers and tag pages",
            Work::Maps => "map pages, SVG maps, their calendars",
            Work::MapPngs => "map PNGs",
            Work::Search => "search pages and indexes",
            Work::Feeds => "feeds, sitemap, site calendars",
            Work::Files => "static files and photos",
        }
    }
}

/// The wall time of each stage of one build, and the rendering jobs' time per [`Work`].
#[derive(Debug, Clone)]
pub struct Timings {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
    work: BTreeMap<Work, Duration>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings::start()
    }
}

impl Timings {
    /// Starts the clock of the first stage.
    pub fn start() -> Timings {
        Timings {
            last: Instant::now(),
            stages: Vec::new(),
            work: BTreeMap::new(),
        }
    }

    /// Ends the stage that ran since the last lap (or the start).
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    /// Takes the stages of a step timed on its own (loading content), which ran since the last
    /// lap; the next stage starts now.
    pub fn append(&mut self, step: Timings) {
        self.stages.extend(step.stages);
        for (w, d) in step.work {
            *self.work.entry(w).or_default() += d;
        }
        self.last = Instant::now();
    }

    /// Adds the rendering jobs' time per kind of output.
    pub fn add_work(&mut self, work: &BTreeMap<Work, Duration>) {
        for (w, d) in work {
            *self.work.entry(*w).or_default() += *d;
        }
    }

    /// The stages so far, in the order they ran.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    /// The wall time of all stages.
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    /// The table `build --timings` prints: each stage with its share of the wall time, then
    /// the rendering jobs' time by kind of output.
    pub fn report(&self, threads: usize) -> String {
        let mut s = String::new();
        let total = self.total();
        let _ = writeln!(
            s,
            "timings: {:.2} s wall in all, by stage:",
            total.as_secs_f64()
        );
        for (stage, d) in &self.stages {
            let _ = writeln!(s, "{}", row(stage, *d, total));
        }
        let busy: Duration = self.work.values().sum();
        if !busy.is_zero() {
            let _ = writeln!(
                s,
                "rendering and writing, by output ({:.2} s of job time summed over {threads} thread{}):",
                busy.as_secs_f64(),
                if threads == 1 { "" } else { "s" }
            );
            for (w, d) in &self.work {
                let _ = writeln!(s, "{}", row(w.label(), *d, busy));
            }
        }
        s
    }
}

fn row(label: &str, d: Duration, total: Duration) -> String {
    let share = if total.is_zero() {
        0.0
    } else {
        100.0 * d.as_secs_f64() / total.as_secs_f64()
    };
    format!("  {label:<38} {:>8.3} s {share:>5.1} %", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_every_stage_with_its_share() {
        let mut t = Timings::start();
        t.stages = vec![
            ("content", Duration::from_millis(750)),
            ("render and write", Duration::from_millis(250)),
        ];
        t.add_work(&BTreeMap::from([
            (Work::Pages, Duration::from_millis(300)),
            (Work::MapPngs, Duration::from_millis(100)),
        ]));
        let r = t.report(2);
        assert!(r.starts_with("timings: 1.00 s wall in all"), "{r}");
        assert!(
            r.contains("  content") && r.contains("0.750 s  75.0 %"),
            "{r}"
        );
        assert!(
            r.contains("(0.40 s of job time summed over 2 threads)"),
            "{r}"
        );
        assert!(
            r.contains("map PNGs") && r.contains("0.100 s  25.0 %"),
            "{r}"
        );
        assert!(
            !r.contains("search"),
            "kinds without output are left out: {r}"
        );
    }
}
