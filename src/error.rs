//! The one error type of the library, and the collection a build reports.
//!
//! Every problem a user can cause is an [`Error`] that carries the file, the line and column
//! where known (1-based), what was expected and, where we can tell, what to do (`hint`).
//! Stages collect errors instead of stopping at the first one; [`Errors`] sorts them by file
//! and line so a campaigner sees them in the order of their files. Warnings use the same type
//! with [`Severity::Warning`]; they fail a build only under `--strict`.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong decides the exit code: input problems exit 1, misuse of the command exits 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// Something in the site (a file, a value, a link) is wrong. Exit code 1.
    Input,
    /// Reading or writing a file failed. Exit code 1.
    Io,
    /// The command was used wrongly (bad flag value, a folder that must be empty is not). Exit 2.
    Usage,
}

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem with a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    pub kind: ErrorKind,
    pub severity: Severity,
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem in the site's input.
    pub fn input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Input, message)
    }

    /// A misuse of the command line (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// A failed read or write of `path`.
    pub fn io(path: impl AsRef<Path>, err: &std::io::Error) -> Self {
        let mut e = Self::new(ErrorKind::Io, err.to_string()).at(path);
        e.hint = match err.kind() {
            std::io::ErrorKind::PermissionDenied => Some("check the file's permissions".into()),
            std::io::ErrorKind::NotFound => Some("check that the path exists".into()),
            _ => None,
        };
        e
    }

    /// A warning: reported, but fails the build only under `--strict`.
    pub fn warning(message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Input, message);
        e.severity = Severity::Warning;
        e
    }

    pub fn at(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn col(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    /// Sets line and column when known (either may be `None`).
    pub fn pos(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line.or(self.line);
        self.column = column.or(self.column);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Shifts the line by `offset` lines: front matter is parsed alone, but errors must point
    /// into the Markdown file that holds it.
    pub fn shift_lines(mut self, offset: usize) -> Self {
        if let Some(l) = self.line.as_mut() {
            *l += offset;
        }
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    fn sort_key(&self) -> (Option<&Path>, usize, usize, Severity, &str) {
        (
            self.path.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Error {
    /// `path:line:col: error: message` then an indented hint: the shape editors and terminals
    /// turn into clickable locations.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}", p.display())?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
                if let Some(c) = self.column {
                    write!(f, ":{c}")?;
                }
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, errors and warnings, kept sorted by file and line.
#[derive(Debug, Default, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Errors {
    items: Vec<Error>,
}

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: Error) {
        self.items.push(e);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Error>) {
        self.items.extend(other);
    }

    /// True when at least one diagnostic is an error (or a warning under `strict`).
    pub fn fails(&self, strict: bool) -> bool {
        self.items.iter().any(|e| strict || !e.is_warning())
    }

    pub fn has_errors(&self) -> bool {
        self.fails(false)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|e| !e.is_warning()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|e| e.is_warning()).count()
    }

    /// Sorted by file, line, column; duplicates (the same problem found twice) dropped, and one
    /// problem repeated all over a file shown [`REPEATED_ERRORS`] times, the last of them saying
    /// how many more there are: a page of 500,000 unclosed comments gives ten errors, not a
    /// hundred megabytes of them.
    ///
    /// [`REPEATED_ERRORS`]: crate::limits::REPEATED_ERRORS
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items = fold_repeats(self.items, crate::limits::REPEATED_ERRORS);
        self
    }

    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        self.items.iter()
    }

    pub fn into_vec(self) -> Vec<Error> {
        self.items
    }

    /// The exit code these diagnostics call for: 2 when any is a usage error, else 1.
    pub fn exit_code(&self) -> i32 {
        if self.items.iter().any(|e| e.kind == ErrorKind::Usage) {
            2
        } else {
            1
        }
    }
}

/// `items` with at most `shown` of each message per file and severity; the last one shown of a
/// message repeated more often says how many more there are, and the line of the last.
fn fold_repeats(items: Vec<Error>, shown: usize) -> Vec<Error> {
    use std::collections::HashMap;
    // Each item's group (its file, message and severity) and rank in it; per group, how many
    // items and the line of the last.
    let mut groups: HashMap<(Option<&Path>, &str, bool), usize> = HashMap::new();
    let mut stats: Vec<(usize, Option<usize>)> = Vec::new();
    let mut places: Vec<(usize, usize)> = Vec::with_capacity(items.len());
    for e in &items {
        let next = stats.len();
        let g = *groups
            .entry((e.path.as_deref(), e.message.as_str(), e.is_warning()))
            .or_insert(next);
        if g == stats.len() {
            stats.push((0, None));
        }
        stats[g].0 += 1;
        stats[g].1 = e.line.or(stats[g].1);
        places.push((g, stats[g].0));
    }
    drop(groups);
    if stats.iter().all(|&(n, _)| n <= shown) {
        return items;
    }
    let mut out = Vec::with_capacity(items.len().min(stats.len() * shown));
    for (mut e, (g, rank)) in items.into_iter().zip(places) {
        let (total, last) = stats[g];
        if rank > shown {
            continue;
        }
        if rank == shown && total > shown {
            let more = total - shown;
            let at = last
                .map(|l| format!(", the last at line {l}"))
                .unwrap_or_default();
            let h = e.hint.take().unwrap_or_default();
            let both = if h.is_empty() { "" } else { "; " };
            e.hint = Some(format!(
                "{h}{both}the same problem is in this file {more} more time{}{at}, not shown",
                if more == 1 { "" } else { "s" }
            ));
        }
        out.push(e);
    }
    out
}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors { items: vec![e] }
    }
}

impl From<Vec<Error>> for Errors {
    fn from(items: Vec<Error>) -> Self {
        Errors { items }
    }
}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// The edit-distance-nearest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 2).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_and_hint() {
        let e = Error::input("unknown key `titel`")
            .at("content/a.md")
            .line(3)
            .col(1)
            .hint("did you mean `title`?");
        assert_eq!(
            e.to_string(),
            "content/a.md:3:1: error: unknown key `titel`\n  hint: did you mean `title`?"
        );
    }

    #[test]
    fn errors_sort_by_file_then_line() {
        let mut es = Errors::new();
        es.push(Error::input("b").at("b.md").line(1));
        es.push(Error::input("a2").at("a.md").line(9));
        es.push(Error::input("a1").at("a.md").line(2));
        let msgs: Vec<_> = es.sorted().iter().map(|e| e.message.clone()).collect();
        assert_eq!(msgs, ["a1", "a2", "b"]);
    }

    #[test]
    fn a_problem_repeated_all_over_a_file_is_shown_ten_times() {
        let mut es = Errors::new();
        for line in 1..=1000 {
            es.push(Error::input("same").at("a.md").line(line).hint("fix it"));
        }
        es.push(Error::input("other").at("a.md").line(500));
        es.push(Error::input("same").at("b.md").line(1));
        let es = es.sorted();
        let shown: Vec<_> = es
            .iter()
            .map(|e| (e.path.clone(), e.line, e.message.as_str()))
            .collect();
        assert_eq!(shown.len(), 12, "{es}");
        assert_eq!(es.error_count(), 12);
        let tenth = es.iter().nth(9).and_then(|e| e.hint.clone());
        assert_eq!(
            tenth.as_deref(),
            Some(
                "fix it; the same problem is in this file 990 more times, the last at line 1000, not shown"
            )
        );
        assert_eq!(es.iter().nth(10).map(|e| e.message.as_str()), Some("other"));
    }

    #[test]
    fn nearest_finds_typos_only() {
        let keys = ["title", "date", "summary", "publish_after"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("publish_afer", keys), Some("publish_after"));
        assert_eq!(nearest("zzzzzzzz", keys), None);
    }
}
