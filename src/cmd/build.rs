//! `samizdat build` and `samizdat check`.

use crate::build::{BuildOptions, build as run_build};
use crate::error::Errors;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The switches of `samizdat build`.
pub struct Flags {
    pub drafts: bool,
    pub strict: bool,
    /// No progress bar or summary.
    pub quiet: bool,
    /// Print the wall time of each stage after the build (`--timings`).
    pub timings: bool,
    /// Build even when the output is up to date.
    pub force: bool,
}

pub fn build(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    flags: Flags,
) -> Result<(), Errors> {
    let Flags {
        drafts,
        strict,
        quiet,
        timings,
        force,
    } = flags;
    if drafts && !quiet {
        eprintln!("note: --drafts builds drafts and embargoed pages; do not publish this output");
    }
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output,
        base_url,
        drafts,
        strict,
        progress: !quiet && std::io::stderr().is_terminal(),
        remember: true,
        force,
        ..BuildOptions::default()
    };
    let report = run_build(&opts)?;
    if !report.warnings.is_empty() {
        super::print_errors(&report.warnings, Some(root), false);
    }
    if !quiet {
        eprintln!("{}", report.summary("built"));
    }
    if timings {
        eprint!("{}", report.timings.report(rayon::current_num_threads()));
    }
    Ok(())
}

pub fn check(root: &Path, drafts: bool, strict: bool) -> Result<(), Errors> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        drafts,
        strict,
        check_only: true,
        ..BuildOptions::default()
    };
    let report = run_build(&opts)?;
    if !report.warnings.is_empty() {
        super::print_errors(&report.warnings, Some(root), false);
    }
    eprintln!("{}; nothing written", report.summary("checked"));
    Ok(())
}
