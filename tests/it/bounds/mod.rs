//! Bounded inputs: no input hangs a build, exhausts memory or overflows a stack. Each limit of
//! `src/limits.rs` is shown from both sides (just over: an error naming file, line and limit;
//! at the limit: the site builds), and inputs that a quadratic algorithm would take minutes on
//! (50,000 equal headings, 100,000 links on one line) simply complete. Deep inputs (100,000
//! levels) run here, on a test thread's 2 MB stack, and through the real binary.

pub(super) use crate::harness::*;
pub(super) use samizdat::error::Errors;
pub(super) use std::path::Path;

mod files;
mod markdown;
mod scanning;
mod templates;
mod yaml;

pub(super) const DEEP: usize = 100_000;

pub(super) fn page(body: &str) -> String {
    format!("---\ntitle: Bounds\n---\n{body}")
}

/// The errors of a build, as `path:line: message` lines.
pub(super) fn errors(e: &Errors) -> String {
    e.iter()
        .filter(|e| !e.is_warning())
        .map(|e| {
            format!(
                "{}:{}: {}",
                e.path.as_deref().unwrap_or(Path::new("")).display(),
                e.line.unwrap_or(0),
                e.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds `s` through the library and returns its errors, which must include one at
/// `path:line` whose message contains `words`.
pub(super) fn fails_at(s: &Site, path: &str, line: usize, words: &str) -> Errors {
    let e = s.build_err();
    let all = errors(&e);
    assert!(
        all.lines()
            .any(|l| l.starts_with(&format!("{path}:{line}: ")) && l.contains(words)),
        "expected an error at {path}:{line} saying {words:?}, got:\n{all}"
    );
    e
}

/// Runs the real binary: exit code 1 and `words` on stderr, not an abort.
pub(super) fn binary_fails(s: &Site, words: &str) {
    let o = s.run(&["build", "-q"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(words), "{err}");
}
