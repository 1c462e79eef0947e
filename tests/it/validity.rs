//! HTML validity of what ships: the example site and the handbook, built through the library
//! and checked with the Nu HTML Checker (`vnu.jar`, the engine of the W3C validator).
//!
//! Invalid markup is what screen readers, text browsers and old phones trip over first, and a
//! template mistake repeats on every page, so the whole output is checked, not one page. The
//! checker needs Java and a jar that no developer has by default: without `VNU_JAR` (or without
//! `java`) these tests print a `SKIP:` note and pass, unless `SAMIZDAT_REQUIRE_VNU=1`, which
//! `.ci/run` sets after installing both, so that CI cannot skip them silently.

use samizdat::build::{BuildOptions, build};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the checker said.
struct Checked {
    /// The files it checked (`--verbose` lists them on stdout).
    files: BTreeSet<PathBuf>,
    /// Its `Error:` messages with their location lines, paths relative to the checked folder.
    errors: Vec<String>,
    /// Everything it printed, for failure messages.
    output: String,
    success: bool,
}

fn required() -> bool {
    std::env::var_os("SAMIZDAT_REQUIRE_VNU").is_some_and(|v| !v.is_empty() && v != "0")
}

/// `java -jar $VNU_JAR`, or `None` after a SKIP note on stderr when the checker is missing
/// (a failure instead when `SAMIZDAT_REQUIRE_VNU=1`).
fn checker(test: &str) -> Option<Command> {
    let missing = |why: String| {
        let hint = "install it with `npm install --ignore-scripts --prefix DIR vnu-jar` and set \
                    VNU_JAR=DIR/node_modules/vnu-jar/build/dist/vnu.jar (Java 17+ needed); \
                    `.ci/run` does both";
        assert!(
            !required(),
            "{test}: SAMIZDAT_REQUIRE_VNU=1 but {why}; {hint}"
        );
        eprintln!("SKIP: {test}: {why}; {hint}");
        None
    };
    let jar = match std::env::var_os("VNU_JAR") {
        Some(j) if !j.is_empty() => PathBuf::from(j),
        _ => return missing("VNU_JAR is not set".into()),
    };
    if !jar.is_file() {
        return missing(format!("VNU_JAR={} is not a file", jar.display()));
    }
    let java_runs = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !java_runs {
        return missing(
            "`java -version` does not run (apt-get install default-jre-headless)".into(),
        );
    }
    let mut cmd = Command::new("java");
    cmd.arg("-jar").arg(jar);
    Some(cmd)
}

/// Runs the checker on every `.html` file under `dir` (SVG, XML, feeds and calendars are not
/// HTML and are left out).
fn check_dir(mut cmd: Command, dir: &Path) -> Checked {
    let out = cmd
        .args([
            "--errors-only",
            "--format",
            "text",
            "--skip-non-html",
            "--verbose",
        ])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the Nu checker: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let prefix = format!("file:{}/", dir.display());
    let relative = |s: &str| {
        s.replace(&prefix, "")
            .replace(&format!("{}/", dir.display()), "")
    };
    let files = stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect();
    // Each message is a line `Error: what` followed by a line `From line L, column C; ... in
    // resource file:PATH`; keep the pair together.
    let mut errors = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(l) = lines.next() {
        if l.starts_with("Error") || l.starts_with("Fatal") || l.starts_with("IO error") {
            let mut e = relative(l);
            if let Some(at) =
                lines.next_if(|n| n.starts_with("From line") || n.starts_with("At line"))
            {
                e.push('\n');
                e.push_str(&place(&relative(at)));
            }
            errors.push(e);
        }
    }
    Checked {
        files,
        errors,
        output: relative(&format!("{stdout}{stderr}")),
        success: out.status.success(),
    }
}

/// `From line 15, column 7; to line 15, column 10 in resource PATH` as `PATH:15:7`, the form
/// editors and terminals jump to.
fn place(at: &str) -> String {
    let Some((span, path)) = at.split_once(" in resource ") else {
        return at.to_string();
    };
    let numbers: Vec<&str> = span
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .take(2)
        .collect();
    match numbers.as_slice() {
        [line, col] => format!("{path}:{line}:{col}"),
        _ => at.to_string(),
    }
}

/// Every `.html` file under `dir`, sorted.
fn html_files(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Builds the site at `root` through the library into `output`, panicking with every error.
fn build_into(root: &Path, output: &Path, offline: bool) {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        offline,
        ..BuildOptions::default()
    };
    if let Err(e) = build(&opts) {
        panic!("building {} failed:\n{e}", root.display());
    }
}

/// The checker finds what it should: without this, a checker that silently checked nothing (a
/// changed flag, a wrong folder) would pass every site.
#[test]
fn nu_checker_reports_an_invalid_page() {
    let Some(cmd) = checker("nu_checker_reports_an_invalid_page") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let page = dir.path().join("broken/index.html");
    std::fs::create_dir_all(dir.path().join("broken")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    // A list item outside any list, and an image without alt text: what a template slip makes.
    std::fs::write(
        &page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>\n\
         <body><li>stray</li><img src=\"x.png\"></body></html>\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    std::fs::write(dir.path().join("feed.xml"), "<not html").unwrap_or_else(|e| panic!("{e}"));
    let c = check_dir(cmd, dir.path());
    assert!(
        !c.success,
        "the checker passed an invalid page:\n{}",
        c.output
    );
    assert_eq!(c.files, BTreeSet::from([page]), "{}", c.output);
    assert!(
        c.errors
            .iter()
            .any(|e| e.contains("“li”") && e.contains("broken/index.html")),
        "{}",
        c.output
    );
    assert!(c.errors.iter().any(|e| e.contains("“alt”")), "{}", c.output);
}

/// Every HTML page of the example site (as served and as bundled for offline use) and of the
/// handbook passes the Nu checker with no error.
#[test]
fn example_site_and_handbook_are_valid_html() {
    let Some(cmd) = checker("example_site_and_handbook_are_valid_html") else {
        return;
    };
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    build_into(&repo("example-site"), &out.path().join("example"), false);
    build_into(
        &repo("example-site"),
        &out.path().join("example-bundle"),
        true,
    );
    let handbook = repo("content");
    if handbook.join("site.yaml").is_file() {
        build_into(&handbook, &out.path().join("handbook"), false);
    } else {
        eprintln!(
            "SKIP: the handbook is not checked: {} is missing",
            handbook.join("site.yaml").display()
        );
    }
    let built = html_files(out.path());
    assert!(
        built.len() > 50,
        "the example site should give dozens of HTML pages, got {}",
        built.len()
    );
    let c = check_dir(cmd, out.path());
    let unchecked: Vec<_> = built.difference(&c.files).collect();
    assert!(
        unchecked.is_empty(),
        "the checker did not check {unchecked:?}:\n{}",
        c.output
    );
    assert!(
        c.errors.is_empty() && c.success,
        "{} HTML errors in {} pages (paths under the build's output; fix the templates in \
         themes/default/templates/):\n\n{}\n",
        c.errors.len(),
        built.len(),
        if c.errors.is_empty() {
            c.output.clone()
        } else {
            grouped(&c.errors)
        }
    );
}

/// The errors grouped by message, most frequent first, with a few of their places: a template
/// slip repeats on every page, and a hundred copies of one message hide the second one.
fn grouped(errors: &[String]) -> String {
    let mut by_message: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in errors {
        let (message, at) = e.split_once('\n').unwrap_or((e, ""));
        by_message.entry(message).or_default().push(at.trim());
    }
    let mut groups: Vec<_> = by_message.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (message, mut places) in groups {
        places.sort_unstable();
        out.push_str(&format!("{} × {message}\n", places.len()));
        for p in places.iter().take(3) {
            out.push_str(&format!("    {p}\n"));
        }
        if places.len() > 3 {
            out.push_str(&format!("    … and {} more\n", places.len() - 3));
        }
    }
    out
}
