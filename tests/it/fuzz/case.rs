//! One case, run inside a worker process: write the mutated site, run `check` and `build`
//! through the library (and, when asked, the real binary), and hold every run to the oracle.
//!
//! The oracle: no panic; every error names a file; no canary that the site may not publish in
//! any output byte or file name; nothing outside the output folder changes (the site, the folder
//! next to it); no staging folder left behind; a failed build leaves the previous output as it
//! was; `check` and `build` agree; the binary exits 0, 1 or 2, as the library says.

use super::mutate::Mutated;
use super::oracle;
use super::seed::Node;
use samizdat::build::{BuildOptions, build};
use samizdat::error::{ErrorKind, Errors};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// A problem the oracle found. `sig` groups findings of one cause; `detail` says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub sig: String,
    pub detail: String,
}

/// Where the worker writes what it does, line by line, so a crash or a hang still tells.
pub struct Report {
    path: PathBuf,
}

impl Report {
    pub fn new(path: PathBuf) -> Report {
        let _ = std::fs::write(&path, "");
        Report { path }
    }

    pub fn line(&self, kind: &str, text: &str) {
        if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&self.path) {
            let _ = writeln!(f, "{kind}\t{}", text.replace(['\n', '\t'], " "));
        }
    }

    pub fn finding(&self, sig: &str, detail: &str) {
        self.line("finding", &format!("{sig}\u{1F}{detail}"));
    }
}

/// The name of a path written in a tree (`\u{F8FF}` stands for the byte 0xFF).
fn os_path(root: &Path, p: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    for c in p.chars() {
        if c == '\u{F8FF}' {
            bytes.push(0xFF);
        } else {
            let mut buf = [0u8; 4];
            bytes.extend(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    root.join(std::ffi::OsStr::from_bytes(&bytes))
}

/// Writes the tree under `root`; returns what could not be written (a name clash).
pub fn write_tree(m: &Mutated, root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (p, node) in &m.tree.nodes {
        let path = os_path(root, p);
        if let Some(d) = path.parent()
            && let Err(e) = std::fs::create_dir_all(d)
        {
            problems.push(format!("{p}: {e}"));
            continue;
        }
        let r = match node {
            Node::File(b) => std::fs::write(&path, b),
            Node::Link(t) => std::os::unix::fs::symlink(t, &path),
            Node::Dir => std::fs::create_dir_all(&path),
        };
        if let Err(e) = r {
            problems.push(format!("{p}: {e}"));
        }
    }
    problems
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Snap {
    File(u64, u64),
    Link(PathBuf),
    Dir,
}

fn is_output(name: &str) -> bool {
    name == "public"
        || name == "public-bin"
        || name.starts_with(".public.samizdat-")
        || name.starts_with(".public-bin.samizdat-")
        // The record of the last build, kept beside its output (`output::fingerprint`).
        || name == ".public.samizdat.state"
        || name == ".public-bin.samizdat.state"
}

/// Every entry under `dir` (links not followed), with a hash of each file. Output folders and
/// their staging folders at the top of `site` are left out when `skip_output`.
fn snapshot(dir: &Path, site: &Path, skip_output: bool) -> BTreeMap<PathBuf, Snap> {
    let mut out = BTreeMap::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            !(skip_output
                && e.path().parent() == Some(site)
                && is_output(&e.file_name().to_string_lossy()))
        });
    for e in walker.filter_map(Result::ok) {
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
        let ft = e.file_type();
        let s = if ft.is_symlink() {
            Snap::Link(std::fs::read_link(e.path()).unwrap_or_default())
        } else if ft.is_dir() {
            Snap::Dir
        } else {
            let b = std::fs::read(e.path()).unwrap_or_default();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            Snap::File(b.len() as u64, h.finish())
        };
        out.insert(rel, s);
    }
    out
}

fn differences(a: &BTreeMap<PathBuf, Snap>, b: &BTreeMap<PathBuf, Snap>) -> Vec<String> {
    let mut d = Vec::new();
    for (p, s) in a {
        match b.get(p) {
            None => d.push(format!("{} removed", p.display())),
            Some(t) if t != s => d.push(format!("{} changed", p.display())),
            _ => {}
        }
    }
    for p in b.keys() {
        if !a.contains_key(p) {
            d.push(format!("{} created", p.display()));
        }
    }
    d
}

/// Panic messages of this process, caught by a hook the worker installs.
pub static PANICS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut p) = PANICS.lock() {
            p.push(format!("{loc}: {msg}"));
        }
    }));
}

enum Outcome {
    Ok(Errors),
    Err(Errors),
    Panic(String),
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDateTime::parse_from_str(oracle::NOW, "%Y-%m-%dT%H:%M:%S")
        .expect("NOW")
        .and_utc()
}

fn run(site: &Path, check_only: bool) -> Outcome {
    let opts = BuildOptions {
        root: site.to_path_buf(),
        check_only,
        now: Some(now()),
        ..BuildOptions::default()
    };
    if let Ok(mut p) = PANICS.lock() {
        p.clear();
    }
    // On a thread with the stack of a program's main thread (8 MiB), as the binary has: the
    // test harness's threads have 2 MiB, which would report stack overflows the binary has not.
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, || {
                std::panic::catch_unwind(AssertUnwindSafe(|| build(&opts)))
            })
            .expect("build thread")
            .join()
            .unwrap_or_else(Err)
    });
    match result {
        Ok(Ok(r)) => Outcome::Ok(r.warnings),
        Ok(Err(e)) => Outcome::Err(e),
        Err(_) => Outcome::Panic(PANICS.lock().map(|p| p.join(" | ")).unwrap_or_default()),
    }
}

/// Digits and quoted parts out, so one cause gives one signature.
fn generic(msg: &str) -> String {
    let mut s = String::new();
    let mut in_tick = false;
    for c in msg.chars() {
        match c {
            '`' => {
                in_tick = !in_tick;
                if in_tick {
                    s.push_str("`…`");
                }
            }
            _ if in_tick => {}
            '0'..='9' => {
                if !s.ends_with('#') {
                    s.push('#');
                }
            }
            _ => s.push(c),
        }
    }
    s.chars().take(90).collect()
}

fn check_errors(what: &str, errs: &Errors, rep: &Report) {
    for e in errs.iter() {
        if e.path.is_none() && e.kind != ErrorKind::Usage {
            let kind = if e.is_warning() { "warning" } else { "error" };
            rep.finding(
                &format!("{kind} without a path ({what}): {}", generic(&e.message)),
                &e.message,
            );
        }
    }
}

fn first_error(errs: &Errors) -> String {
    errs.iter()
        .find(|e| !e.is_warning())
        .map(|e| e.to_string())
        .unwrap_or_default()
}

/// The seed's case folder: `dir/site` is the site, `dir/outside` what it must never reach.
pub fn run_case(m: &Mutated, dir: &Path, binary: bool, rep: &Report) {
    for l in &m.log {
        rep.line("log", l);
    }
    let site = dir.join("site");
    for p in write_tree(m, dir) {
        rep.line("note", &format!("could not write {p}"));
    }
    // A previous output, as a build leaves it (marker included), unless a mutation put
    // something at its place.
    let public = site.join("public");
    if !m.tree.nodes.contains_key("site/public") {
        let _ = std::fs::create_dir_all(public.join("old"));
        let _ = std::fs::write(public.join(samizdat::output::MARKER), "previous\n");
        let _ = std::fs::write(public.join("index.html"), "<p>the previous build</p>\n");
        let _ = std::fs::write(public.join("old/page.html"), "<p>an old page</p>\n");
    }
    // On a thread with a large stack: the oracle parses YAML and Markdown that mutations nest
    // deeply (what it will not parse it leaves to samizdat, see `oracle::too_costly`).
    let allowed = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, || oracle::exposed(&m.tree, &m.raw))
            .expect("oracle thread")
            .join()
            .expect("the oracle")
    });
    let before = snapshot(dir, &site, false);

    rep.line("phase", "check");
    let checked = run(&site, true);
    rep.line("phase", "after check");
    let after_check = snapshot(dir, &site, false);
    for d in differences(&before, &after_check) {
        rep.finding("check changed a file", &d);
    }
    let check_ok = match &checked {
        Outcome::Panic(msg) => {
            rep.finding(&format!("panic (check) at {}", panic_place(msg)), msg);
            None
        }
        Outcome::Ok(w) => {
            check_errors("check", w, rep);
            Some(true)
        }
        Outcome::Err(e) => {
            check_errors("check", e, rep);
            Some(false)
        }
    };

    let outside_before = snapshot(dir, &site, true);
    let public_before = snapshot(&public, &site, false);
    rep.line("phase", "build");
    let built = run(&site, false);
    rep.line("phase", "after build");
    for d in differences(&outside_before, &snapshot(dir, &site, true)) {
        rep.finding("changed a file outside the output", &d);
    }
    leftovers(&site, rep);
    let build_ok = match &built {
        Outcome::Panic(msg) => {
            rep.finding(&format!("panic (build) at {}", panic_place(msg)), msg);
            None
        }
        Outcome::Ok(w) => {
            check_errors("build", w, rep);
            output_oracle(&public, "public", &allowed, rep);
            Some(true)
        }
        Outcome::Err(e) => {
            check_errors("build", e, rep);
            for d in differences(&public_before, &snapshot(&public, &site, false)) {
                rep.finding("a failed build changed the previous output", &d);
            }
            // Refusing the output folder (a mutation put a link or a foreign folder there) is
            // about the command, not the site: `check`, which writes nothing, cannot know it.
            if e.iter()
                .all(|e| e.is_warning() || e.kind == ErrorKind::Usage)
            {
                None
            } else {
                Some(false)
            }
        }
    };
    if let (Some(c), Some(b)) = (check_ok, build_ok)
        && c != b
    {
        let (first, which) = match (&checked, &built) {
            (Outcome::Err(e), _) => (first_error(e), "check fails, build succeeds"),
            (_, Outcome::Err(e)) => (first_error(e), "check passes, build fails"),
            _ => (String::new(), ""),
        };
        rep.finding(
            &format!("check and build disagree: {which}: {}", generic(&first)),
            &first,
        );
    }
    if binary {
        rep.line("phase", "binary");
        run_binary(&site, dir, build_ok, &allowed, rep);
    }
    rep.line("done", "");
}

/// `file:line` of the first panic, for the signature.
fn panic_place(msg: &str) -> String {
    msg.split(": ").next().unwrap_or("").to_string()
}

fn leftovers(site: &Path, rep: &Report) {
    if let Ok(rd) = std::fs::read_dir(site) {
        for e in rd.filter_map(Result::ok) {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.contains(".samizdat-") {
                rep.finding("a staging or old folder is left behind", &n);
            }
        }
    }
}

fn output_oracle(
    out: &Path,
    name: &str,
    allowed: &std::collections::BTreeSet<String>,
    rep: &Report,
) {
    for (id, at) in oracle::leaks(out, allowed) {
        rep.finding(&format!("leak: {id}"), &format!("{name}/{at}"));
    }
    for e in walkdir::WalkDir::new(out)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_symlink() {
            rep.finding(
                "a symbolic link in the output",
                &e.path().display().to_string(),
            );
        }
    }
}

fn run_binary(
    site: &Path,
    dir: &Path,
    lib_ok: Option<bool>,
    allowed: &std::collections::BTreeSet<String>,
    rep: &Report,
) {
    let before = snapshot(dir, site, true);
    for args in [&["check"][..], &["build", "-o", "public-bin"][..]] {
        // Under `timeout`, so a hanging binary dies with the case (the supervisor kills only
        // the worker).
        let secs = std::env::var("SAMIZDAT_FUZZ_TIMEOUT").unwrap_or_else(|_| "60".into());
        let out = std::process::Command::new("timeout")
            .args(["-s", "KILL", &secs, env!("CARGO_BIN_EXE_samizdat")])
            .args(args)
            .current_dir(site)
            .env("SOURCE_DATE_EPOCH", now().timestamp().to_string())
            .env("NO_COLOR", "1")
            .output();
        let Ok(out) = out else {
            rep.finding("the binary did not start", "");
            continue;
        };
        let err = String::from_utf8_lossy(&out.stderr);
        let what = args[0];
        match out.status.code() {
            Some(0..=2) => {}
            Some(137) => rep.finding(&format!("hang (binary {what}, killed after {secs} s)"), ""),
            Some(c) => rep.finding(
                &format!("binary {what} exits {c}"),
                &err.lines().take(3).collect::<Vec<_>>().join(" "),
            ),
            None => rep.finding(
                &format!("binary {what} killed by a signal"),
                &format!("{:?}", out.status),
            ),
        }
        if err.contains("panicked") {
            let place = err
                .split("panicked at ")
                .nth(1)
                .and_then(|s| s.split(':').take(2).collect::<Vec<_>>().join(":").into())
                .unwrap_or_default();
            rep.finding(&format!("panic (binary {what}) at {place}"), &err);
        }
        if what == "build"
            && let Some(lib) = lib_ok
            && out.status.code().is_some_and(|c| c <= 2)
            && lib != (out.status.code() == Some(0))
        {
            rep.finding(
                "binary build and library build disagree",
                err.lines().next().unwrap_or(""),
            );
        }
        if what == "build" && out.status.code() == Some(0) {
            output_oracle(&site.join("public-bin"), "public-bin", allowed, rep);
        }
    }
    for d in differences(&before, &snapshot(dir, site, true)) {
        rep.finding("the binary changed a file outside the output", &d);
    }
    leftovers(site, rep);
}
