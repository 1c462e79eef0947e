//! Checking a copy: an archive or an unpacked folder against the campaign's public key.
//!
//! An archive is read as a stream and never unpacked: every file is hashed in memory, so a
//! hostile archive (`../x`, absolute paths, links, devices) cannot write anywhere; such entries
//! are reported instead. A folder is walked without following links.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::keys::{SignatureStatus, Verifier};
use super::manifest::{self, SUMS, SUMS_SIG};
use crate::error::{Error, Errors};

/// Larger `SHA256SUMS` or signature files are not read into memory.
const SUMS_MAX: u64 = 256 << 20;
const SIG_MAX: u64 = 64 << 10;

/// One thing wrong with a copy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// The copy has no `SHA256SUMS`, so nothing in it can be checked.
    NoFileList(String),
    /// A line of `SHA256SUMS` that is not a valid entry.
    BadListLine { line: usize, why: String },
    /// An archive entry that would land outside the folder or is not a plain file or folder.
    UnsafeEntry { path: String, why: String },
    /// A name that appears twice in the archive (the second copy would replace the first).
    Duplicate(String),
    /// Listed, and not in the copy.
    Missing(String),
    /// Listed, and its content is different (or it is a link or device instead of a file).
    Altered { path: String, note: Option<String> },
    /// In the copy and not listed.
    Added { path: String, note: Option<String> },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let note = |n: &Option<String>| n.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
        match self {
            Problem::NoFileList(why) => write!(f, "missing: {SUMS} ({why})"),
            Problem::BadListLine { line, why } => {
                write!(f, "bad line in {SUMS}: line {line}: {why}")
            }
            Problem::UnsafeEntry { path, why } => {
                write!(f, "unsafe path in archive: {path} ({why}; not unpacked)")
            }
            Problem::Duplicate(p) => {
                write!(f, "duplicate in archive: {p} (appears more than once)")
            }
            Problem::Missing(p) => write!(f, "missing: {p}"),
            Problem::Altered { path, note: n } => write!(f, "altered: {path}{}", note(n)),
            Problem::Added { path, note: n } => write!(f, "added: {path}{}", note(n)),
        }
    }
}

/// What [`verify`] found. The copy is authentic when [`VerifyReport::is_authentic`] holds; its
/// `Display` is the text a volunteer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// The archive or folder checked.
    pub checked: PathBuf,
    /// The key checked against.
    pub key_id: String,
    pub signature: SignatureStatus,
    /// Files listed in `SHA256SUMS`.
    pub listed: usize,
    /// Listed files present with the right content.
    pub intact: usize,
    /// Every problem, sorted.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// A good signature by the key, and every file exactly as listed: nothing missing, altered
    /// or added.
    pub fn is_authentic(&self) -> bool {
        matches!(self.signature, SignatureStatus::Good { .. }) && self.problems.is_empty()
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "checked: {}", self.checked.display())?;
        match &self.signature {
            SignatureStatus::Good { trusted_comment } => {
                writeln!(f, "signature: good, signed by key ID {}", self.key_id)?;
                if !trusted_comment.is_empty() {
                    writeln!(f, "signed comment: {trusted_comment}")?;
                }
            }
            SignatureStatus::Missing => writeln!(
                f,
                "signature: MISSING: there is no {SUMS_SIG}, so nothing shows who made this copy"
            )?,
            SignatureStatus::Bad(why) => writeln!(f, "signature: BAD: {why}")?,
        }
        writeln!(
            f,
            "files: {} listed, {} present and unaltered",
            self.listed, self.intact
        )?;
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        if self.is_authentic() {
            write!(
                f,
                "result: AUTHENTIC: every file is exactly as signed by key ID {}, none added",
                self.key_id
            )
        } else {
            let n = self.problems.len()
                + usize::from(!matches!(self.signature, SignatureStatus::Good { .. }));
            write!(
                f,
                "result: NOT AUTHENTIC ({n} problem{}): do not serve this copy; \
                 get the bundle again from another source and tell the campaign",
                if n == 1 { "" } else { "s" }
            )
        }
    }
}

/// What a copy holds: each regular file's hash, what else sits where a file could, and the
/// bytes of the file list and its signature.
#[derive(Default)]
struct Found {
    files: BTreeMap<String, String>,
    /// Links, devices and the like, by path, with what they are.
    others: BTreeMap<String, String>,
    /// `SHA256SUMS` and `SHA256SUMS.minisig` at the top or one folder down, by path.
    kept: BTreeMap<String, Vec<u8>>,
    problems: Vec<Problem>,
}

/// Checks an archive (`.tar.gz`, or a plain `.tar`) or an unpacked folder against a public key
/// file: the signature of `SHA256SUMS` is good; every listed file is present with the right hash;
/// no file is present that is not listed. The archive is never unpacked to disk.
///
/// A copy that fails is still `Ok`: the report names each problem. `Err` means the check could
/// not run (no such file, not a key, an archive that is damaged or cut short).
pub fn verify(path: &Path, public_key: &Path) -> Result<VerifyReport, Errors> {
    let key = Verifier::load(public_key)?;
    let meta = fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    let (found, prefix) = if meta.is_dir() {
        let found = read_folder(path)?;
        if !found.kept.contains_key(SUMS) {
            let inner = found
                .kept
                .keys()
                .find_map(|k| k.strip_suffix(&format!("/{SUMS}")));
            let hint = match inner {
                Some(d) => format!("the site seems to be in {}", path.join(d).display()),
                None => "check the folder you unpacked the bundle into".to_string(),
            };
            return Err(Error::usage(format!("{} holds no {SUMS}", path.display()))
                .at(path)
                .hint(hint)
                .into());
        }
        (found, String::new())
    } else {
        let found = read_archive(path)?;
        let prefix = top_folder(&found);
        (found, prefix)
    };
    Ok(check(path, &key, found, &prefix))
}

/// The folder of the archive that holds `SHA256SUMS`: the top itself, or the one folder all of a
/// bundle's entries sit in.
fn top_folder(found: &Found) -> String {
    if found.kept.contains_key(SUMS) {
        return String::new();
    }
    let tops: Vec<&str> = found
        .kept
        .keys()
        .filter_map(|k| k.strip_suffix(&format!("/{SUMS}")))
        .collect();
    match tops.as_slice() {
        [one] => format!("{one}/"),
        _ => String::new(),
    }
}

fn check(path: &Path, key: &Verifier, found: Found, prefix: &str) -> VerifyReport {
    let Found {
        files,
        others,
        kept,
        mut problems,
    } = found;
    let mut report = VerifyReport {
        checked: path.to_path_buf(),
        key_id: key.key_id(),
        signature: SignatureStatus::Missing,
        listed: 0,
        intact: 0,
        problems: Vec::new(),
    };
    let sums_key = format!("{prefix}{SUMS}");
    let sig_key = format!("{prefix}{SUMS_SIG}");
    let sums = kept.get(&sums_key);
    if let (Some(sums), Some(sig)) = (sums, kept.get(&sig_key)) {
        report.signature = key.check(sums, sig);
    }
    // Everything in the copy but the list and its signature, by path relative to the site's
    // folder; what lies outside that folder keeps its full path behind a leading `/`.
    let relative = |p: &String| match p.strip_prefix(prefix) {
        Some(rel) => rel.to_string(),
        None => format!("/{p}"),
    };
    let mut present: BTreeMap<String, Result<&String, &String>> = files
        .iter()
        .filter(|(p, _)| **p != sums_key && **p != sig_key)
        .map(|(p, h)| (relative(p), Ok(h)))
        .chain(others.iter().map(|(p, what)| (relative(p), Err(what))))
        .collect();
    let unlisted = |why: &str, n: usize| {
        Problem::NoFileList(format!(
            "{why}, so none of the {n} files in this copy can be checked"
        ))
    };
    match sums.map(|s| std::str::from_utf8(s)) {
        None => {
            problems.push(unlisted("the copy has no list of its files", present.len()));
            present.clear();
        }
        Some(Err(_)) => {
            problems.push(unlisted("the list is not text", present.len()));
            present.clear();
        }
        Some(Ok(text)) => {
            let (listed, bad) = manifest::parse(text);
            report.listed = listed.len();
            for (line, why) in bad {
                problems.push(Problem::BadListLine { line, why });
            }
            for l in listed {
                match present.remove(&l.path) {
                    None => problems.push(Problem::Missing(l.path)),
                    Some(Ok(h)) if *h == l.hash => report.intact += 1,
                    Some(Ok(_)) => problems.push(Problem::Altered {
                        path: l.path,
                        note: None,
                    }),
                    Some(Err(what)) => problems.push(Problem::Altered {
                        path: l.path,
                        note: Some(format!("{what} instead of a file")),
                    }),
                }
            }
        }
    }
    for (p, v) in present {
        let (path, outside) = match p.strip_prefix('/') {
            Some(outer) => (outer.to_string(), true),
            None => (p, false),
        };
        let mut notes = Vec::new();
        if let Err(what) = v {
            notes.push(what.clone());
        }
        if outside {
            notes.push("outside the site's folder".to_string());
        }
        problems.push(Problem::Added {
            path,
            note: (!notes.is_empty()).then(|| notes.join(", ")),
        });
    }
    problems.sort();
    problems.dedup();
    report.problems = problems;
    report
}

/// Reads every regular file below `dir` (links are recorded, never followed).
fn read_folder(dir: &Path) -> Result<Found, Errors> {
    let mut found = Found::default();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let p = e.path().unwrap_or(dir).to_path_buf();
            match e.io_error() {
                Some(io) => Error::io(&p, io),
                None => Error::input(e.to_string()).at(&p),
            }
        })?;
        let abs = entry.path();
        let rel_path = abs.strip_prefix(dir).unwrap_or(abs);
        let Some(rel) = rel_path.to_str().map(|s| {
            if std::path::MAIN_SEPARATOR == '/' {
                s.to_string()
            } else {
                s.replace(std::path::MAIN_SEPARATOR, "/")
            }
        }) else {
            found.problems.push(Problem::Added {
                path: rel_path.to_string_lossy().into_owned(),
                note: Some("a name that is not valid UTF-8".into()),
            });
            continue;
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if ft.is_symlink() {
            found.others.insert(rel, "a symbolic link".into());
            continue;
        }
        if !ft.is_file() {
            found.others.insert(rel, "a special file".into());
            continue;
        }
        let file = fs::File::open(abs).map_err(|e| Error::io(abs, &e))?;
        let hash = if is_kept(&rel) {
            let data = read_limited(file, limit_for(&rel)).map_err(|e| Error::io(abs, &e))?;
            let (h, _) = manifest::hash_reader(data.as_slice()).map_err(|e| Error::io(abs, &e))?;
            found.kept.insert(rel.clone(), data);
            h
        } else {
            manifest::hash_reader(file)
                .map_err(|e| Error::io(abs, &e))?
                .0
        };
        found.files.insert(rel, hash);
    }
    Ok(found)
}

/// `SHA256SUMS` or its signature, at the top or one folder down.
fn is_kept(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    (name == SUMS || name == SUMS_SIG) && rel.matches('/').count() <= 1
}

fn limit_for(rel: &str) -> u64 {
    if rel.ends_with(SUMS_SIG) {
        SIG_MAX
    } else {
        SUMS_MAX
    }
}

fn read_limited(r: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut data = Vec::new();
    r.take(limit + 1).read_to_end(&mut data)?;
    if data.len() as u64 > limit {
        return Err(io::Error::other(format!("larger than {limit} bytes")));
    }
    Ok(data)
}

/// Reads an archive as a stream, hashing every file and unpacking nothing.
fn read_archive(path: &Path) -> Result<Found, Errors> {
    let damaged = |e: io::Error| -> Errors {
        Error::input(format!("the archive is damaged or incomplete: {e}"))
            .at(path)
            .hint("download it again; if it still fails, get it from another mirror")
            .into()
    };
    let file = fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut reader = BufReader::new(file);
    let gzipped = reader
        .fill_buf()
        .map_err(damaged)?
        .starts_with(&[0x1f, 0x8b]);
    let stream: Box<dyn Read> = if gzipped {
        Box::new(flate2::read::GzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    let mut archive = tar::Archive::new(stream);
    let mut found = Found::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut entries = 0usize;
    for entry in archive.entries().map_err(damaged)? {
        let entry = entry.map_err(damaged)?;
        entries += 1;
        let raw = entry.path_bytes().into_owned();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let kind = entry.header().entry_type();
        let rel = match normalize(&raw) {
            Ok(rel) => rel,
            Err(why) => {
                found.problems.push(Problem::UnsafeEntry {
                    path: shown,
                    why: why.into(),
                });
                continue;
            }
        };
        if kind.is_dir() {
            continue;
        }
        if rel.is_empty() {
            found.problems.push(Problem::UnsafeEntry {
                path: shown,
                why: "a file with no name".into(),
            });
            continue;
        }
        if !seen.insert(rel.clone()) {
            found.problems.push(Problem::Duplicate(rel));
            continue;
        }
        let why = match kind {
            tar::EntryType::Regular | tar::EntryType::Continuous => None,
            tar::EntryType::Symlink | tar::EntryType::Link => {
                Some("a link; links are not followed")
            }
            tar::EntryType::XGlobalHeader => {
                Some("a global header, which tar tools read differently")
            }
            _ => Some("a special file (device, pipe or sparse file)"),
        };
        if let Some(why) = why {
            found.problems.push(Problem::UnsafeEntry {
                path: shown,
                why: why.into(),
            });
            continue;
        }
        let hash = if is_kept(&rel) {
            let data = read_limited(entry, limit_for(&rel)).map_err(damaged)?;
            let (h, _) = manifest::hash_reader(data.as_slice()).map_err(damaged)?;
            found.kept.insert(rel.clone(), data);
            h
        } else {
            manifest::hash_reader(entry).map_err(damaged)?.0
        };
        found.files.insert(rel, hash);
    }
    if entries == 0 {
        return Err(Error::input("this file is empty or not a tar archive")
            .at(path)
            .hint("a bundle is the .tar.gz file the campaign publishes; download it again")
            .into());
    }
    Ok(found)
}

/// An archive path as a plain relative path: `./` parts and doubled or trailing slashes go;
/// absolute paths, `..`, backslashes and non-UTF-8 names are refused.
fn normalize(raw: &[u8]) -> Result<String, &'static str> {
    let s = std::str::from_utf8(raw).map_err(|_| "a name that is not valid UTF-8")?;
    if s.starts_with('/') {
        return Err("an absolute path");
    }
    if s.contains(['\\', '\0']) {
        return Err("a backslash or NUL in the name");
    }
    let mut parts = Vec::new();
    for part in s.split('/') {
        match part {
            ".." => return Err("leads outside the folder"),
            "" | "." => {}
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}
