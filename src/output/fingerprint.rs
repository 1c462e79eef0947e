//! Skipping a build whose inputs are proven unchanged: the fingerprint of the last good build.
//!
//! After `samizdat build` swaps a new output in, it records what that output was made of: a
//! hash of every byte the build could read (`site.yaml` and the folders `content/`, `static/`,
//! `themes/`, `templates/`, `i18n/`, `data/`, with every file's name, kind and contents, so an
//! added, removed or renamed file counts and a `touch` does not), the program's identity (its
//! version and its executable's size, time and inode: every new build of samizdat is another
//! program), and the options that change the output (`-o`, `--base-url`, `--drafts`). Time is
//! an input too: the output depends on the build's day in the site's time zone (days in
//! custody, upcoming and past events, the calendars' stamp when a page is dated ahead) and on
//! embargoes lifting, so the record holds the stretch of time in which the build's moment would
//! have made the same output, from the last such event before it to the next (midnight, an
//! embargo's `publish_after`). `SOURCE_DATE_EPOCH` counts only through that moment: two
//! builds at different epochs of one stretch make the same bytes. The record also holds a
//! digest of the output as the build left it (every path with its kind, size, times, inode
//! and mode), so an output someone edited, added to, damaged or replaced is built again, and
//! the warnings the build printed, which a skipped build prints again (and `--strict` fails
//! on, as the build would have).
//!
//! When the next `build` finds the same record, the same output and a moment inside the
//! stretch, it touches nothing and says so; `--force` builds anyway. Contents are hashed
//! (SHA-256), never trusted by their times: a `git checkout` or `cp -p` keeps times and changes
//! bytes. The hash of the inputs is taken before the build reads them and again after it; when
//! they differ (someone saved a file during the build), no record is kept.
//!
//! Where the record lives: beside the output, like the staging folders ([`super::staging`]), as
//! `.NAME.samizdat.state` next to the output folder `NAME` (`.public.samizdat.state` in the
//! site's folder by default). Never inside it: the output is what is published, mirrored,
//! bundled and served, and the record (hashes of drafts and private notes, the site's paths)
//! must never be. Its name is apart from the staging family (`.NAME.samizdat-KIND-PID`): those
//! are working folders that a crashed build leaves and the next removes; the record is meant
//! to stay. `bundle` builds into a folder of its own and `serve` and `check` keep no
//! record, so none of them can pick it up. It is written after the swap, while the build still
//! holds its lock, into a temporary file that is then renamed over the old record, so a reader
//! sees the old record or the new one, never half of one. A record that cannot be read (from
//! another version, damaged, too large) means "build".

use crate::error::{Error, ErrorKind, Errors, Severity};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The folders of the site a build reads, besides `site.yaml` (as [`super::check_target`]
/// and the dev server's watcher know them).
pub(crate) const INPUT_FOLDERS: [&str; 6] =
    ["content", "static", "themes", "templates", "i18n", "data"];

/// Changes whenever the record's form or meaning changes: an older record is not trusted.
const FORMAT: u32 = 1;

/// A record larger than this is not read (it is never near it: warnings are short).
const MAX_RECORD: u64 = 64 * 1024 * 1024;

/// What the last good build of an output was made of.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    format: u32,
    /// The hash of the inputs, the program and the options ([`inputs`]).
    key: String,
    /// The output would be the same for any build moment in `[from, until)`.
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    /// When the build ran, by the computer's clock (for the message only).
    pub(crate) built_at: DateTime<Utc>,
    /// [`output_digest`] of the output after the swap.
    output: String,
    /// The warnings the build printed.
    warnings: Vec<Stored>,
}

/// A warning as the record keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    kind: String,
    warning: bool,
    path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    hint: Option<String>,
}

impl Record {
    pub(crate) fn new(
        key: String,
        (from, until): (DateTime<Utc>, DateTime<Utc>),
        output: String,
        warnings: &Errors,
    ) -> Record {
        Record {
            format: FORMAT,
            key,
            from,
            until,
            built_at: Utc::now(),
            output,
            warnings: warnings.iter().map(Stored::from).collect(),
        }
    }

    /// Whether an output made with `key` at `now` would be the one at `out`, untouched.
    pub(crate) fn still_holds(&self, key: &str, now: DateTime<Utc>, out: &Path) -> bool {
        self.format == FORMAT
            && self.key == key
            && self.from <= now
            && now < self.until
            && output_digest(out).is_some_and(|d| d == self.output)
    }

    /// The warnings of the build that made the output, as it printed them.
    pub(crate) fn warnings(&self) -> Errors {
        let mut errs = Errors::new();
        for w in &self.warnings {
            let kind = match w.kind.as_str() {
                "io" => ErrorKind::Io,
                "usage" => ErrorKind::Usage,
                _ => ErrorKind::Input,
            };
            errs.push(Error {
                kind,
                severity: if w.warning {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                path: w.path.as_ref().map(PathBuf::from),
                line: w.line,
                column: w.column,
                message: w.message.clone(),
                hint: w.hint.clone(),
            });
        }
        errs
    }
}

impl From<&Error> for Stored {
    fn from(e: &Error) -> Stored {
        Stored {
            kind: match e.kind {
                ErrorKind::Input => "input",
                ErrorKind::Io => "io",
                ErrorKind::Usage => "usage",
            }
            .into(),
            warning: e.is_warning(),
            path: e.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
            line: e.line,
            column: e.column,
            message: e.message.clone(),
            hint: e.hint.clone(),
        }
    }
}

/// Where the record of the output folder `out` is kept: beside it, never in it.
pub(crate) fn record_path(out: &Path) -> Option<PathBuf> {
    let out = std::path::absolute(out).ok()?;
    let (parent, name) = (out.parent()?, out.file_name()?);
    Some(parent.join(format!(".{}.samizdat.state", name.to_string_lossy())))
}

/// The record of the last good build of `out`, if there is one that can be read.
pub(crate) fn load(out: &Path) -> Option<Record> {
    let path = record_path(out)?;
    // A plain file only: a link of that name could lead anywhere.
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_RECORD {
        return None;
    }
    let mut text = Vec::new();
    std::fs::File::open(&path)
        .ok()?
        .take(MAX_RECORD)
        .read_to_end(&mut text)
        .ok()?;
    serde_json::from_slice(&text).ok()
}

/// Forgets the record of `out` (when a build could not vouch for its output).
pub(crate) fn forget(out: &Path) {
    if let Some(path) = record_path(out)
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
    {
        let _ = std::fs::remove_file(path);
    }
}

/// Writes the record of `out`: a temporary file beside it, renamed over the old record.
pub(crate) fn save(out: &Path, record: &Record) -> std::io::Result<()> {
    let path = record_path(out).ok_or_else(|| std::io::Error::other("no folder for the record"))?;
    let parent = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder for the record"))?;
    let json = serde_json::to_vec(record).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(
            "{}.",
            path.file_name().unwrap_or_default().to_string_lossy()
        ))
        .tempfile_in(parent)?;
    std::io::Write::write_all(&mut tmp, &json)?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// The hash of everything the output is made of, but time (see the module's text): the input
/// files, the program, `options` (what the caller's options that change the output say).
/// `None` when something cannot be read or the program cannot be told: then nothing is skipped.
pub(crate) fn inputs(root: &Path, options: &str) -> Option<String> {
    let mut h = Sha256::new();
    field(&mut h, b"samizdat build fingerprint");
    field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut h, program()?.as_bytes());
    field(&mut h, options.as_bytes());
    // site.yaml, whatever it is (missing, a folder, a link), then the folders.
    let mut entries = Vec::new();
    for top in std::iter::once("site.yaml").chain(INPUT_FOLDERS) {
        let p = root.join(top);
        match std::fs::symlink_metadata(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                entries.push((top.as_bytes().to_vec(), Kind::Missing, p));
            }
            Err(_) => return None,
            Ok(_) => {
                for e in walkdir::WalkDir::new(&p)
                    .follow_links(false)
                    .sort_by_file_name()
                {
                    let e = e.ok()?;
                    let rel = e.path().strip_prefix(root).ok()?;
                    let kind = if e.file_type().is_file() {
                        Kind::File
                    } else if e.file_type().is_dir() {
                        Kind::Dir
                    } else if e.file_type().is_symlink() {
                        Kind::Link
                    } else {
                        Kind::Other
                    };
                    entries.push((name_bytes(rel), kind, e.path().to_path_buf()));
                }
            }
        }
    }
    let hashes: Vec<Option<Vec<u8>>> = entries
        .par_iter()
        .map(|(_, kind, path)| match kind {
            Kind::File => hash_file(path),
            Kind::Link => std::fs::read_link(path)
                .ok()
                .map(|t| name_bytes(&t).to_vec()),
            _ => Some(Vec::new()),
        })
        .collect();
    for ((name, kind, _), content) in entries.iter().zip(hashes) {
        field(&mut h, name);
        field(&mut h, &[*kind as u8]);
        field(&mut h, &content?);
    }
    Some(hex(&h.finalize()))
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Missing,
    File,
    Dir,
    Link,
    Other,
}

/// A field of a hash, its length first, so no two lists of fields hash alike.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

fn hash_file(path: &Path) -> Option<Vec<u8>> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(h.finalize().to_vec())
}

/// A path's exact bytes (two names that differ only in bytes a lossy string would merge stay
/// two names).
fn name_bytes(p: &Path) -> Vec<u8> {
    p.as_os_str().as_encoded_bytes().to_vec()
}

/// This program: every build of samizdat gives another executable file, by size, time or inode.
fn program() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let m = std::fs::metadata(&exe).ok()?;
    Some(format!("{} {}", exe.display(), stat(&m)))
}

/// Size, times, inode and mode of a file, as far as the system tells them.
#[cfg(unix)]
fn stat(m: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "{} {}.{} {}.{} {}:{} {:o} {}",
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec(),
        m.dev(),
        m.ino(),
        m.mode(),
        m.nlink()
    )
}

#[cfg(not(unix))]
fn stat(m: &std::fs::Metadata) -> String {
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{} {t} {}", m.len(), m.permissions().readonly())
}

/// A digest of the output folder as it is on disk, read without opening a file: every path
/// with its kind, size, times, inode and mode. Any write, deletion, addition or replacement
/// changes it (a file's change time cannot be set back). `None` when it cannot be read.
pub(crate) fn output_digest(out: &Path) -> Option<String> {
    let mut h = Sha256::new();
    field(&mut h, b"samizdat output digest");
    std::fs::symlink_metadata(out)
        .ok()?
        .is_dir()
        .then_some(())?;
    for e in walkdir::WalkDir::new(out)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = e.ok()?;
        let rel = e.path().strip_prefix(out).ok()?;
        let m = e.metadata().ok()?;
        field(&mut h, &name_bytes(rel));
        field(&mut h, stat(&m).as_bytes());
    }
    Some(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The stretch of time around `now` in which a build makes the same output: from the start of
/// `now`'s day in the site's time zone `tz` (UTC when none) to the next, cut at the embargoes
/// (`publish_after` instants) that lift on that day, the one at `now` or before it included.
/// Empty (so nothing is skipped) when a day's start cannot be told.
pub(crate) fn stretch(
    tz: Option<chrono_tz::Tz>,
    embargoes: impl IntoIterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = match tz {
        Some(tz) => now.with_timezone(&tz).date_naive(),
        None => now.date_naive(),
    };
    let (Some(mut from), Some(mut until)) = (
        day_start(tz, today),
        today.succ_opt().and_then(|d| day_start(tz, d)),
    ) else {
        return (now, now);
    };
    for t in embargoes {
        if t <= now {
            from = from.max(t);
        } else {
            until = until.min(t);
        }
    }
    if !(from <= now && now < until) {
        return (now, now);
    }
    (from, until)
}

/// The first moment of the day `d` in `tz`: local midnight, or when a clock change skips
/// midnight, the first quarter hour that exists.
fn day_start(tz: Option<chrono_tz::Tz>, d: chrono::NaiveDate) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let midnight = d.and_time(chrono::NaiveTime::MIN);
    let Some(tz) = tz else {
        return Some(midnight.and_utc());
    };
    (0..96).find_map(|q| {
        let t = midnight + chrono::Duration::minutes(15 * q);
        (t.date() == d)
            .then(|| tz.from_local_datetime(&t).earliest())
            .flatten()
            .map(|t| t.with_timezone(&Utc))
    })
}

#[cfg(test)]
mod tests;
