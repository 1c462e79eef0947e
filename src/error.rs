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

    /// Sorted by file, line, column; duplicates (the same problem found twice) dropped.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
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
    fn nearest_finds_typos_only() {
        let keys = ["title", "date", "summary", "publish_after"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("publish_afer", keys), Some("publish_after"));
        assert_eq!(nearest("zzzzzzzz", keys), None);
    }
}
