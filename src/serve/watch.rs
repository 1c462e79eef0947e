//! Watching the site's folders and sorting what changed.
//!
//! notify-debouncer-full merges the events of a short moment per file, so an editor's atomic save
//! (write a temporary file, rename it over the original) arrives as one change of the original.
//! Only the folders a build reads are watched (site.yaml's folder itself not recursively): the
//! user's own `public/`, `.git/` and the preview's temporary folder make no events. Names no
//! build reads ([`crate::content::ignored`]: editors' swap, backup and lock files) are dropped
//! here, so they neither rebuild nor show an error.
//!
//! Links are never followed, neither by the watches (notify is told not to) nor when sorting
//! events: a link to an ancestor folder, to `/` or to itself adds no watch, so it can neither make
//! the preview watch the whole disk, nor report the site's files under a second name (after
//! which edits stopped showing), nor report the preview's own output (a rebuild loop). The
//! site's top folders are re-watched when they are replaced, and after notify lost events.

use super::site::Changes;
use crate::config::Config;
use crate::content::ignored::is_ignored;
use crate::error::{Error, Errors};
use crate::theme::Theme;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventHandler, DebounceEventResult, Debouncer, NoCache, new_debouncer_opt,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// How long a file must be quiet before its change is handled: long enough to merge an
/// editor's save (microseconds apart), short enough to feel immediate.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders of a site that a build reads.
const FOLDERS: [&str; 6] = ["content", "static", "themes", "templates", "i18n", "data"];

/// What a folder was when it was watched: a folder replaced by another of the same name (or
/// renamed away and back) must be watched again, or its events would carry stale names.
type Identity = (u64, u64);

pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, NoCache>,
    root: PathBuf,
    watched: BTreeMap<PathBuf, Identity>,
    /// Problems already told to the user (each is told once).
    told: BTreeSet<String>,
    /// Problems of watching found since the last [`Watcher::settle`].
    problems: Vec<String>,
}

/// The paths of a few debounced batches of events, and what they ask of the watcher.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub(crate) paths: Vec<PathBuf>,
    /// Something was created, deleted or renamed: folders may have come or gone.
    pub(crate) structural: bool,
    /// notify lost events (too many at once) or failed: everything is watched and built again.
    pub(crate) rescan: bool,
    /// What notify reported as failing (a limit of watches reached, say).
    pub(crate) problems: Vec<String>,
}

impl Batch {
    /// Adds one result of the debouncer.
    pub(crate) fn add(&mut self, r: DebounceEventResult) {
        let events = match r {
            Ok(events) => events,
            Err(errors) => {
                self.rescan = true;
                self.problems
                    .extend(errors.into_iter().map(|e| e.to_string()));
                return;
            }
        };
        for ev in events {
            // Reading a file (as every build does) is an event too; only writes count.
            match ev.kind {
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => continue,
                EventKind::Modify(ModifyKind::Data(_)) => {}
                _ => self.structural = true,
            }
            if ev.need_rescan() {
                self.rescan = true;
            }
            self.paths.extend(ev.event.paths.iter().cloned());
        }
    }
}

impl Watcher {
    /// Starts watching the site at `root` (absolute); batches of events go to `handler`.
    pub(crate) fn start(
        root: &Path,
        handler: impl DebounceEventHandler,
    ) -> Result<Watcher, Errors> {
        let config = notify::Config::default().with_follow_symlinks(false);
        let debouncer = new_debouncer_opt::<_, RecommendedWatcher, NoCache>(
            DEBOUNCE,
            Some(Duration::from_millis(5)),
            handler,
            NoCache::new(),
            config,
        )
        .map_err(|e| Error::usage(format!("cannot watch the site's files: {e}")))?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeMap::new(),
            told: BTreeSet::new(),
            problems: Vec::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::usage(format!("cannot watch {}: {e}", root.display())))?;
        w.refresh();
        Ok(w)
    }

    /// Brings the watches up to date after `batch`, before the build reads the files: every
    /// file the build is about to read is watched by then, so no later change can be missed.
    /// Returns the problems (of the batch, or of watching) not told before.
    pub(crate) fn settle(&mut self, batch: &Batch) -> Vec<String> {
        if batch.rescan {
            // Watches may carry stale names after lost events: start again from the disk.
            for dir in std::mem::take(&mut self.watched).into_keys() {
                let _ = self.debouncer.unwatch(&dir);
            }
        }
        self.refresh();
        // (Linux only: elsewhere the system watches whole trees itself, and asking again
        // would restart the watch.)
        if batch.structural && cfg!(any(target_os = "linux", target_os = "android")) {
            // notify watches a new folder itself, on its own thread, after reporting it. A
            // request to it is answered after that: when this returns, the new folders the
            // batch reported are watched, and the build that follows sees any file in them.
            let _ = self
                .debouncer
                .watch(&self.root, RecursiveMode::NonRecursive);
        }
        let mut problems = std::mem::take(&mut self.problems);
        problems.extend(batch.problems.iter().cloned());
        problems.retain(|p| self.told.insert(p.clone()));
        problems
    }

    /// Watches the site's folders that are real folders now (a folder created after the start
    /// is picked up; a link in their place is not followed).
    fn refresh(&mut self) {
        for f in FOLDERS {
            let dir = self.root.join(f);
            let now = real_dir(&dir);
            match (self.watched.get(&dir).copied(), now) {
                (Some(was), Some(is)) if was == is => {}
                (Some(_), _) => {
                    let _ = self.debouncer.unwatch(&dir);
                    self.watched.remove(&dir);
                }
                (None, _) => {}
            }
            if let Some(id) = now
                && !self.watched.contains_key(&dir)
            {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir, id);
                    }
                    // Tried again after the next change; said once.
                    Err(e) => self.problems.push(format!("cannot watch {f}/: {e}")),
                }
            }
        }
    }
}

/// The identity of `p` if it is a folder itself, not a link to one.
fn real_dir(p: &Path) -> Option<Identity> {
    let m = std::fs::symlink_metadata(p).ok()?;
    m.is_dir().then(|| identity(&m))
}

#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Identity {
    (0, 0)
}

/// Sorts the changed `paths` (absolute) of the site at `root` (absolute) by what they touch.
/// `out` is the served folder, whose files decide whether a vanished static path was a folder.
pub(crate) fn classify<'a>(
    root: &Path,
    paths: impl IntoIterator<Item = &'a Path>,
    config: Option<&Config>,
    theme: Option<&Theme>,
    out: Option<&Path>,
) -> Changes {
    let mut c = Changes::default();
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(first) = parts.first() else {
            continue;
        };
        if parts.iter().any(|s| is_ignored(s)) {
            continue;
        }
        let rest = parts[1..].join("/");
        match first.as_str() {
            "site.yaml" if parts.len() == 1 => c.everything = true,
            "content" if !rest.is_empty() => {
                c.content.insert(rest);
            }
            "content" => c.everything = true,
            "static" => {
                let was_folder = out.is_some_and(|o| o.join(&rest).is_dir());
                // A folder, or a link (which the build skips with a warning, shown again by
                // a full build): everything is built again.
                let link_or_dir = std::fs::symlink_metadata(p)
                    .is_ok_and(|m| m.is_dir() || m.file_type().is_symlink());
                if rest.is_empty() || link_or_dir || was_folder {
                    c.everything = true;
                } else {
                    c.statics.insert(rest);
                }
            }
            "themes" => {
                let theme_name = config.map(|c| c.theme.as_str()).unwrap_or("default");
                let name = parts.get(1).map(String::as_str).unwrap_or("");
                if name != theme_name && name != "default" {
                    continue;
                }
                // A theme's existing static file is copied again; anything else of the theme
                // (templates, strings, a new or deleted file) means a new build.
                let in_static = parts.get(2).is_some_and(|s| s == "static");
                let srel = parts.get(3..).map(|s| s.join("/")).unwrap_or_default();
                let is_file = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
                if in_static && is_file && theme.is_some_and(|t| t.statics.contains_key(&srel)) {
                    c.statics.insert(srel);
                } else {
                    c.everything = true;
                }
            }
            "templates" | "i18n" | "data" => c.everything = true,
            _ => {}
        }
    }
    c
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
