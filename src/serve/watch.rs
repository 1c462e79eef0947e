//! Watching the site's folders and sorting what changed.
//!
//! notify-debouncer-full merges the events of a short moment per file, pairs renames and emits
//! one event for a deleted folder, so an editor's atomic save (write a temporary file, rename it
//! over the original) arrives as one change of the original. Only the folders a build reads are
//! watched (site.yaml's folder itself not recursively): the user's own `public/`, `.git/` and
//! the preview's temporary folder make no events. Editors' swap and backup files are ignored.

use super::site::Changes;
use crate::config::Config;
use crate::error::{Error, Errors};
use crate::theme::Theme;
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long a file must be quiet before its change is handled: long enough to merge an
/// editor's save (microseconds apart), short enough to feel immediate.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders of a site that a build reads.
const FOLDERS: [&str; 6] = ["content", "static", "themes", "templates", "i18n", "data"];

pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root` (absolute); events go to `tx`.
    pub(crate) fn start(root: &Path, tx: Sender<DebounceEventResult>) -> Result<Watcher, Errors> {
        let debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(5)), tx)
            .map_err(|e| Error::usage(format!("cannot watch the site's files: {e}")))?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::usage(format!("cannot watch {}: {e}", root.display())))?;
        w.refresh();
        Ok(w)
    }

    /// Watches the site's folders that exist now (one created after the start is picked up).
    pub(crate) fn refresh(&mut self) {
        for f in FOLDERS {
            let dir = self.root.join(f);
            if dir.is_dir() && !self.watched.contains(&dir) {
                if self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !dir.is_dir() && self.watched.remove(&dir) {
                let _ = self.debouncer.unwatch(&dir);
            }
        }
    }
}

/// True for files no build reads: hidden files, editors' swap, backup and lock files, and the
/// file vim writes to test whether a folder is writable.
pub(crate) fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
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
        if parts.iter().any(|s| is_editor_noise(s)) {
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
                if rest.is_empty() || p.is_dir() || was_folder {
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
                if in_static && p.is_file() && theme.is_some_and(|t| t.statics.contains_key(&srel))
                {
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
mod tests {
    use super::*;

    fn paths(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
        rels.iter().map(|r| root.join(r)).collect()
    }

    #[test]
    fn edits_are_sorted_by_what_they_touch() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        let ps = paths(
            root,
            &[
                "content/news/a.md",
                "content/news/.a.md.swp",
                "content/news/a.md~",
                "content/news/.#a.md",
                "content/news/4913",
                "static/css/site.css",
                "public/index.html",
                "README.md",
                ".git/index",
            ],
        );
        let c = classify(root, ps.iter().map(PathBuf::as_path), None, None, None);
        assert!(!c.everything);
        assert_eq!(c.content, BTreeSet::from(["news/a.md".to_string()]));
        assert_eq!(c.statics, BTreeSet::from(["css/site.css".to_string()]));
        for r in [
            "site.yaml",
            "templates/page.html",
            "i18n/ru.ftl",
            "data/groups.yaml",
        ] {
            let p = root.join(r);
            let c = classify(root, [p.as_path()], None, None, None);
            assert!(c.everything, "{r}");
        }
        let other = root.join("themes/other/templates/page.html");
        assert!(classify(root, [other.as_path()], None, None, None).is_empty());
    }
}
