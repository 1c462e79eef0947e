//! `samizdat build` and `samizdat check`.

use crate::build::{BuildOptions, build as run_build};
use crate::error::Errors;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// `timings`: print the wall time of each stage after the build (`--timings`).
pub fn build(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    strict: bool,
    quiet: bool,
    timings: bool,
) -> Result<(), Errors> {
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
