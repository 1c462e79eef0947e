//! Checking a copy: an archive or an unpacked folder against the campaign's public key.
//!
//! An archive is read as a stream and never unpacked: every file is hashed in memory, so a
//! hostile archive (`../x`, absolute paths, links, devices) cannot write anywhere; such entries
//! are reported instead, and so is everything a mirror's `tar` could read differently from this
//! check (see [`archive`]). A folder is walked without following links; links, devices and pipes
//! in it are reported with what they are.

mod archive;

pub(super) use archive::Names;

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Read};
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
    /// The file is not exactly one archive: something follows its end (a second gzip member,
    /// bytes after the gzip trailer, data after the tar end-of-archive blocks).
    NotOneArchive(String),
    /// The copy has no `SHA256SUMS`, so nothing in it can be checked.
    NoFileList(String),
    /// A line of `SHA256SUMS` that is not a valid entry.
    BadListLine { line: usize, why: String },
    /// An archive entry that would land outside the folder or is not a plain file or folder.
    UnsafeEntry { path: String, why: String },
    /// A name that appears twice in the archive (the second copy would replace the first).
    Duplicate(String),
    /// Two entries a mirror could unpack into one place: a file and a folder of one name, or
    /// names one file system stores as the same (case, Unicode form).
    Clash {
        first: String,
        second: String,
        why: String,
    },
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
            Problem::NotOneArchive(why) => write!(
                f,
                "not one archive: {why}: it is not the file that was signed; do not unpack it"
            ),
            Problem::NoFileList(why) => write!(f, "missing: {SUMS} ({why})"),
            Problem::BadListLine { line, why } => {
                write!(f, "bad line in {SUMS}: line {line}: {why}")
            }
            Problem::UnsafeEntry { path, why } => {
                write!(
                    f,
                    "unsafe entry in archive: {path} ({why}; do not unpack this archive)"
                )
            }
            Problem::Duplicate(p) => write!(
                f,
                "duplicate in archive: {p} (appears more than once; tar would keep the last copy, \
                 which is not the one checked)"
            ),
            Problem::Clash { first, second, why } => write!(
                f,
                "names clash in archive: {first} and {second} ({why}; one would replace the \
                 other when unpacked)"
            ),
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
        let found = archive::read_archive(path)?;
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
        if !ft.is_file() {
            found.others.insert(rel, not_a_file(dir, abs, ft));
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

/// What sits at `abs` instead of a regular file, in words: a link (and where it points), a
/// device, a pipe or a socket. A link is never followed, but a web server would follow it.
fn not_a_file(dir: &Path, abs: &Path, ft: fs::FileType) -> String {
    if ft.is_symlink() {
        let Ok(target) = fs::read_link(abs) else {
            return "a symbolic link".into();
        };
        let base = abs
            .parent()
            .unwrap_or(dir)
            .strip_prefix(dir)
            .unwrap_or(Path::new(""));
        let joined = base.join(&target);
        let inside = target.is_relative()
            && joined
                .components()
                .try_fold(0usize, |depth, c| match c {
                    std::path::Component::Normal(_) => Some(depth + 1),
                    std::path::Component::CurDir => Some(depth),
                    std::path::Component::ParentDir => depth.checked_sub(1),
                    _ => None,
                })
                .is_some();
        let shown = target.display();
        return if inside {
            format!("a symbolic link to {shown}")
        } else {
            format!(
                "a symbolic link to {shown}, outside this folder: a web server could serve \
                 whatever is there"
            )
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO), which blocks whoever reads it".into();
        }
        if ft.is_socket() {
            return "a socket".into();
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device file".into();
        }
    }
    "a special file, not a regular one".into()
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
