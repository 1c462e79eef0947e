//! The ledger of the output plan: every claimed path with the job that claims it, and the
//! conflicts between claims (one path twice, a file where a folder must be, two paths one disk
//! sees as one, a name no disk holds), each turned into an error at the [`Origin`] that points
//! most precisely at what to change, naming the other source too.

use crate::error::{Error, Errors};
use crate::output::names;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Where a file claimed in the plan comes from, for messages: the file (and line) to change, or
/// what samizdat makes by itself.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// The file to change, from the site root.
    path: Option<PathBuf>,
    /// Line and column of the key that makes the claim (`slug:`, an alias, a tag).
    pos: Option<(usize, usize)>,
    /// What in the file makes the claim (`slug `x``), or what samizdat makes.
    what: String,
    /// How to give up the claim.
    fix: &'static str,
}

impl Origin {
    /// Something samizdat makes by itself: `the ru world map`.
    pub(crate) fn made(what: impl Into<String>) -> Origin {
        Origin {
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
    ) -> Origin {
        Origin {
            path: Some(path.into()),
            pos: None,
            what: what.into(),
            fix,
        }
    }

    /// The same, at the line and column of a key.
    pub(crate) fn at(mut self, pos: Option<(usize, usize)>) -> Origin {
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

/// Every claimed path, and the conflicts between claims.
#[derive(Default)]
pub(super) struct Ledger {
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

impl Conflict {
    /// The jobs in conflict, earlier first.
    fn jobs(&self) -> (usize, usize) {
        let (a, b) = match self {
            Conflict::Twice(a, b) => (a.1, b.1),
            Conflict::Folder { file, inner } => (file.1, inner.1),
            Conflict::Name(_, job, _) => (*job, *job),
        };
        (a.min(b), a.max(b))
    }
}

/// What makes two conflicts one: their kind, where the error points, and the other source.
type ConflictKey = (u8, Option<PathBuf>, Option<(usize, usize)>, String);

impl Ledger {
    /// `job` writes `rel`.
    pub(super) fn claim(&mut self, rel: String, job: usize) {
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
    pub(super) fn find_folders(&mut self) {
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

    /// One error per kind of conflict between two sources: two jobs may collide on several
    /// files, and one line (a slug) in every language; the first in plan order is reported.
    pub(super) fn errors(&mut self, source: &dyn Fn(usize) -> Origin) -> Errors {
        self.conflicts.sort_by_key(Conflict::jobs);
        let mut errs = Errors::new();
        let mut seen = BTreeSet::new();
        for c in &self.conflicts {
            let (e, key) = conflict_error(c, source);
            if seen.insert(key) {
                errs.push(e);
            }
        }
        errs
    }

    pub(super) fn into_files(self) -> BTreeSet<String> {
        self.by_fold.into_values().map(|(rel, _)| rel).collect()
    }
}

/// The message of a conflict, at the source that points most precisely at what to change (the
/// later one in plan order when both do), and its key.
fn conflict_error(c: &Conflict, source: &dyn Fn(usize) -> Origin) -> (Error, ConflictKey) {
    let key = |kind: u8, at: &Origin, other: &Origin| {
        let other = match &other.path {
            Some(p) => format!("{}:{:?}", p.display(), other.pos),
            None => String::new(),
        };
        (kind, at.path.clone(), at.pos, other)
    };
    let at_better = |kind: u8, (a, ja): (&Origin, usize), (b, jb): (&Origin, usize), message| {
        let (at, other) = if (a.rank(), ja) > (b.rank(), jb) {
            (a, b)
        } else {
            (b, a)
        };
        (at.error(message), key(kind, at, other))
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
            at_better(0, (&a, *j1), (&b, *j2), message)
        }
        Conflict::Folder {
            file: (fp, fj),
            inner: (ip, ij),
        } => {
            let (f, i) = (source(*fj), source(*ij));
            let message = format!(
                "{} would make /{} a folder (for /{}), but {} writes the file /{}",
                i.describe(),
                names::abbreviate(fp),
                names::abbreviate(ip),
                f.describe(),
                names::abbreviate(fp),
            );
            at_better(1, (&f, *fj), (&i, *ij), message)
        }
        Conflict::Name(rel, job, why) => {
            let s = source(*job);
            // With a file, the error points at the line itself.
            let from = match &s.path {
                Some(_) => String::new(),
                None => format!(", from {}", s.describe()),
            };
            let message = format!("{why} (in /{}{from})", names::abbreviate(rel));
            let k = key(2, &s, &s);
            (s.error(message), k)
        }
    }
}

/// `ru/news/x/index.html` -> `/ru/news/x/`; other files keep their name.
fn site_path(rel: &str) -> String {
    let rel = names::abbreviate(rel);
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
        l.errors(&|j| Origin::made(format!("job {j}")))
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
