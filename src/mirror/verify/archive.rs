//! Reading an archive the way a mirror's `tar` would unpack it, and refusing every archive where
//! the two could differ.
//!
//! `verify` hashes what it reads; a mirror serves what `tar -xzf` (or `tar -xzif`, or bsdtar on
//! Windows and macOS) writes to disk. An attacker who can make the two differ can slip files past
//! a good signature. So the archive must be exactly one gzip member (with its checksum) holding
//! exactly one tar archive, followed by nothing but zero padding; and each entry must be a plain
//! file or folder with a plain name, given once, with the modes and owner a bundle has. Anything
//! else (a second archive appended, a link, a PAX header that renames or changes a file, two
//! names one file system would merge) is reported, never interpreted.
//!
//! The tar crate is used in raw mode: it splits the stream into headers and data, and the GNU
//! long names and PAX headers that rename entries are read here, strictly, so that the name
//! checked is the name `tar` would use.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::{Found, Problem, is_kept, limit_for, read_limited};
use crate::error::{Error, Errors};
use crate::mirror::manifest;

/// GNU long names and PAX headers larger than this are refused (names are at most 4 KiB).
const EXTENSION_MAX: u64 = 64 << 10;
const BLOCK: u64 = 512;

/// The decompressed stream: a gzip member, or the file itself for a plain `.tar`. Kept as an enum
/// so that what follows the gzip member can be read after the tar archive ends.
enum Stream {
    Gzip(Box<flate2::bufread::GzDecoder<BufReader<fs::File>>>),
    Plain(BufReader<fs::File>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Gzip(gz) => gz.read(buf),
            Stream::Plain(r) => r.read(buf),
        }
    }
}

/// Counts the bytes the tar reader consumed, to know where the tar archive ended.
struct Counted {
    inner: Stream,
    pos: u64,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// An error that stops the check: the archive cannot be read to its end.
fn damaged(path: &Path, e: &io::Error) -> Errors {
    let what = if e.kind() == io::ErrorKind::UnexpectedEof {
        "it ends too early: its last part (with the gzip checksum) is missing".to_string()
    } else if e.to_string().contains("checksum") {
        "its checksum does not match its content".to_string()
    } else {
        e.to_string()
    };
    Error::input(format!("the archive is damaged or incomplete: {what}"))
        .at(path)
        .hint("do not unpack it; download it again, and if it still fails, get it from another mirror")
        .into()
}

/// Reads an archive as a stream, hashing every file and unpacking nothing.
pub(super) fn read_archive(path: &Path) -> Result<Found, Errors> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut reader = BufReader::new(file);
    let gzipped = reader
        .fill_buf()
        .map_err(|e| damaged(path, &e))?
        .starts_with(&[0x1f, 0x8b]);
    let stream = if gzipped {
        Stream::Gzip(Box::new(flate2::bufread::GzDecoder::new(reader)))
    } else {
        Stream::Plain(reader)
    };
    let mut archive = tar::Archive::new(Counted {
        inner: stream,
        pos: 0,
    });
    let mut reading = Reading::default();
    {
        let entries = archive.entries().map_err(|e| damaged(path, &e))?.raw(true);
        for entry in entries {
            let entry = entry.map_err(|e| damaged(path, &e))?;
            reading.entry(entry).map_err(|e| damaged(path, &e))?;
        }
    }
    let Reading {
        mut found,
        pending,
        end,
        entries,
        ..
    } = reading;
    if pending.is_some() {
        found.problems.push(Problem::UnsafeEntry {
            path: "(end of the archive)".into(),
            why: "a long name or PAX header with no file after it".into(),
        });
    }
    if entries == 0 {
        return Err(Error::input("this file is empty or not a tar archive")
            .at(path)
            .hint("a bundle is the .tar.gz file the campaign publishes; download it again")
            .into());
    }
    let mut counted = archive.into_inner();
    // The tar reader stopped at its first zero block (end of archive) or at the end of the
    // stream. What follows the last entry must be zeros (at least the two end blocks), and the
    // stream must end with a valid gzip trailer.
    let consumed_after = counted.pos.saturating_sub(end);
    let (rest, nonzero) = drain(&mut counted.inner).map_err(|e| damaged(path, &e))?;
    if nonzero {
        found.problems.push(Problem::NotOneArchive(
            "the archive has data after its end-of-archive marker (another archive or hidden \
             files, which `tar --ignore-zeros` would unpack)"
                .into(),
        ));
    } else if consumed_after + rest < 2 * BLOCK {
        return Err(Error::input(
            "the archive is damaged or incomplete: its end-of-archive marker is missing",
        )
        .at(path)
        .hint("do not unpack it; download it again, and if it still fails, get it from another mirror")
        .into());
    }
    if let Stream::Gzip(gz) = counted.inner {
        let mut after = gz.into_inner();
        if let Some(why) = after_gzip(&mut after).map_err(|e| Error::io(path, &e))? {
            found.problems.push(Problem::NotOneArchive(why));
        }
    }
    Ok(found)
}

/// Reads `r` to its end: how many bytes, and whether any was not zero.
fn drain(r: &mut impl Read) -> io::Result<(u64, bool)> {
    let mut buf = vec![0u8; 64 * 1024];
    let (mut total, mut nonzero) = (0u64, false);
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok((total, nonzero)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n as u64;
        nonzero |= buf.get(..n).unwrap_or_default().iter().any(|&b| b != 0);
    }
}

/// What follows the gzip member, in words, or `None` when the file ends there.
fn after_gzip(r: &mut BufReader<fs::File>) -> io::Result<Option<String>> {
    let second = r.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let (n, nonzero) = drain(r)?;
    let why = if n == 0 {
        return Ok(None);
    } else if second {
        "the archive has a second compressed archive appended after its end (which \
         `tar --ignore-zeros` would unpack)"
            .to_string()
    } else if !nonzero {
        format!(
            "the archive has {n} zero byte{} after its end (gzip ignores them, but a bundle ends \
             exactly with its gzip checksum, so this file is not the one that was published)",
            if n == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "the archive has {n} byte{} of extra data after its end",
            if n == 1 { "" } else { "s" }
        )
    };
    Ok(Some(why))
}

/// The state of the walk over the raw entries.
#[derive(Default)]
struct Reading {
    found: Found,
    names: Names,
    /// A GNU long name or PAX header read, waiting for the entry it describes.
    pending: Option<Pending>,
    /// Where the data of the last entry ends in the tar stream, padded to a block.
    end: u64,
    entries: usize,
}

#[derive(Default)]
struct Pending {
    long_name: Option<Vec<u8>>,
    pax_path: Option<Vec<u8>>,
    /// Problems with the extension headers, reported with the entry they describe.
    why: Vec<String>,
}

impl Reading {
    fn entry<R: Read>(&mut self, mut entry: tar::Entry<'_, R>) -> io::Result<()> {
        self.entries += 1;
        let padded = entry
            .size()
            .checked_add(BLOCK - 1)
            .map(|s| s & !(BLOCK - 1))
            .and_then(|s| s.checked_add(entry.raw_file_position()))
            .ok_or_else(|| io::Error::other("an entry size out of range"))?;
        self.end = padded;
        let kind = entry.header().entry_type();
        if kind.is_gnu_longname() || kind.is_pax_local_extensions() {
            let pending = self.pending.get_or_insert_with(Pending::default);
            let mut data = Vec::new();
            (&mut entry)
                .take(EXTENSION_MAX + 1)
                .read_to_end(&mut data)?;
            if data.len() as u64 > EXTENSION_MAX {
                pending.why.push(format!(
                    "an extended header larger than {} KiB",
                    EXTENSION_MAX >> 10
                ));
                return Ok(());
            }
            if kind.is_gnu_longname() {
                if pending.long_name.is_some() {
                    pending.why.push("two GNU long names for one entry".into());
                }
                let mut name = data;
                while name.last() == Some(&0) {
                    name.pop();
                }
                pending.long_name = Some(name);
            } else {
                pax(&data, pending);
            }
            return Ok(());
        }
        let pending = self.pending.take().unwrap_or_default();
        let header_name = entry.header().path_bytes().into_owned();
        let raw = match (pending.long_name, pending.pax_path) {
            (Some(_), Some(_)) => {
                let mut why = pending.why;
                why.push("both a GNU long name and a PAX path, which tar tools choose between differently".into());
                return self.unsafe_entry(&header_name, why.join("; "));
            }
            (Some(n), None) | (None, Some(n)) => n,
            (None, None) => header_name,
        };
        if !pending.why.is_empty() {
            return self.unsafe_entry(&raw, pending.why.join("; "));
        }
        let kind_why = match kind {
            tar::EntryType::Regular | tar::EntryType::Directory => None,
            tar::EntryType::Symlink => Some(link("a symbolic link", entry.header())),
            tar::EntryType::Link => Some(link("a hard link", entry.header())),
            tar::EntryType::Char | tar::EntryType::Block => Some("a device file".into()),
            tar::EntryType::Fifo => Some("a named pipe (FIFO)".into()),
            tar::EntryType::XGlobalHeader => {
                Some("a PAX global header, which tar tools apply differently".into())
            }
            tar::EntryType::GNUSparse => Some("a sparse file".into()),
            tar::EntryType::GNULongLink => Some("a GNU long link name".into()),
            other => Some(format!(
                "an entry of type `{}`, which is not a plain file or folder",
                String::from_utf8_lossy(&[other.as_byte()])
            )),
        };
        if let Some(why) = kind_why {
            return self.unsafe_entry(&raw, why);
        }
        let is_dir = kind.is_dir();
        let rel = match normalize(&raw, is_dir) {
            Ok(rel) => rel,
            Err(why) => return self.unsafe_entry(&raw, why.to_string()),
        };
        if let Some(p) = self.names.add(&rel, is_dir) {
            self.found.problems.push(p);
            return Ok(());
        }
        if let Some(why) = header_problem(entry.header()) {
            let path = String::from_utf8_lossy(&raw).into_owned();
            self.found.problems.push(Problem::UnsafeEntry { path, why });
            return Ok(());
        }
        if is_dir {
            return Ok(());
        }
        let hash = if is_kept(&rel) {
            let data = read_limited(entry, limit_for(&rel))?;
            let (h, _) = manifest::hash_reader(data.as_slice())?;
            self.found.kept.insert(rel.clone(), data);
            h
        } else {
            manifest::hash_reader(entry)?.0
        };
        self.found.files.insert(rel, hash);
        Ok(())
    }

    fn unsafe_entry(&mut self, raw: &[u8], why: String) -> io::Result<()> {
        let path = String::from_utf8_lossy(raw).into_owned();
        // The name still counts: a refused entry can clash with a later one.
        if let Ok(rel) = normalize(raw, false)
            && let Some(p) = self.names.add(&rel, false)
        {
            self.found.problems.push(p);
        }
        self.found.problems.push(Problem::UnsafeEntry { path, why });
        Ok(())
    }
}

fn link(what: &str, h: &tar::Header) -> String {
    match h.link_name_bytes() {
        Some(to) => format!("{what} to {}", String::from_utf8_lossy(&to)),
        None => what.to_string(),
    }
}

/// What in a plain file's or folder's header could make the unpacked copy differ from the one
/// checked: data on a folder (read by some tools as headers), permissions that make a file a
/// program or let others change it, or an owner a mirror unpacking as root would hand it to.
fn header_problem(h: &tar::Header) -> Option<String> {
    let is_dir = h.entry_type().is_dir();
    if is_dir && h.entry_size().ok() != Some(0) {
        return Some("a folder entry that carries data, which tar tools read differently".into());
    }
    let Ok(mode) = h.mode() else {
        return Some("unreadable permissions".into());
    };
    let forbidden = if is_dir { 0o7022 } else { 0o7133 };
    if mode & forbidden != 0 {
        return Some(format!(
            "permissions {:04o} (set-user-ID, set-group-ID, sticky, writable by others{}); \
             bundles give files 0644 and folders 0755",
            mode & 0o7777,
            if is_dir { "" } else { " or executable" }
        ));
    }
    let names_ok =
        |n: Result<Option<&str>, std::str::Utf8Error>| matches!(n, Ok(None | Some("" | "root")));
    let ids_ok = matches!((h.uid(), h.gid()), (Ok(0), Ok(0)));
    if !ids_ok || !names_ok(h.username()) || !names_ok(h.groupname()) {
        let id = |n: io::Result<u64>| n.map(|u| u.to_string()).unwrap_or_else(|_| "?".into());
        let name = |n: Result<Option<&str>, std::str::Utf8Error>| match n {
            Ok(Some(n)) if !n.is_empty() => format!(" ({n})"),
            _ => String::new(),
        };
        return Some(format!(
            "owned by user {}{}, group {}{}: a mirror that unpacks as root would give the file \
             to them; bundles are owned by root (0)",
            id(h.uid()),
            name(h.username()),
            id(h.gid()),
            name(h.groupname())
        ));
    }
    None
}

/// Reads the records of a PAX header (`LENGTH key=value\n`, by length as the standard says)
/// into `pending`. Only a new name and times are accepted: every other key changes how the
/// next file is unpacked (size, owner, extended attributes, sparse maps that rename it).
fn pax(data: &[u8], pending: &mut Pending) {
    let mut rest = data;
    let mut seen = BTreeSet::new();
    while !rest.is_empty() {
        let Some((key, value, tail)) = pax_record(rest) else {
            pending.why.push("a malformed PAX header".into());
            return;
        };
        rest = tail;
        if !seen.insert(key.to_vec()) {
            pending.why.push(format!(
                "a PAX header that gives `{}` twice",
                String::from_utf8_lossy(key)
            ));
            continue;
        }
        match key {
            b"path" => pending.pax_path = Some(value.to_vec()),
            b"mtime" | b"atime" | b"ctime" | b"comment" => {}
            other => pending.why.push(format!(
                "a PAX header that sets `{}`, which changes the file when it is unpacked",
                String::from_utf8_lossy(other)
            )),
        }
    }
}

/// One PAX record: (key, value, the rest), or `None` when it is malformed.
fn pax_record(data: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let space = data.iter().position(|&b| b == b' ')?;
    let digits = data.get(..space)?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || digits.len() > 8 {
        return None;
    }
    let len: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
    let record = data.get(..len)?;
    let body = record.get(space + 1..)?.strip_suffix(b"\n")?;
    let eq = body.iter().position(|&b| b == b'=')?;
    let (key, value) = (body.get(..eq)?, body.get(eq + 1..)?);
    if key.is_empty() || value.contains(&b'\n') {
        return None;
    }
    Some((key, value, data.get(len..)?))
}

/// An archive path as the plain relative path every tool unpacks it to, or why it is refused:
/// absolute paths, `..`, `.` and empty parts (`./x`, `a//b`), backslashes, NUL, names that are
/// not UTF-8, and a trailing `/` on anything but a folder (old tools make that a folder).
fn normalize(raw: &[u8], is_dir: bool) -> Result<String, &'static str> {
    let s = std::str::from_utf8(raw).map_err(|_| "a name that is not valid UTF-8")?;
    if s.is_empty() {
        return Err("an entry with no name");
    }
    if s.starts_with('/') {
        return Err("an absolute path, which tar could write anywhere");
    }
    if s.contains(['\\', '\0']) {
        return Err("a backslash or NUL in the name, which tools read differently");
    }
    let s = if is_dir {
        s.strip_suffix('/').unwrap_or(s)
    } else {
        s
    };
    let mut parts = Vec::new();
    for part in s.split('/') {
        match part {
            ".." => return Err("leads outside the folder (..)"),
            "" | "." => return Err("not a plain path (a `.` or empty part, or a trailing /)"),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// The names of the archive so far, to refuse two entries that a mirror would unpack into one
/// place: the same name twice (tar keeps the last), a file and a folder of one name, or names
/// that differ only in case, Unicode form or trailing dots and spaces (one file on Windows and
/// macOS).
#[derive(Default)]
pub(in crate::mirror) struct Names {
    /// Every path seen, folder (`true`, given or implied by a file inside it) or file.
    kinds: BTreeMap<String, bool>,
    /// Folders given by their own entry.
    given_dirs: BTreeSet<String>,
    /// Clash key -> the first path with it.
    keys: BTreeMap<String, String>,
}

impl Names {
    /// Records `rel`, or says why it clashes with a name seen before.
    pub(in crate::mirror) fn add(&mut self, rel: &str, is_dir: bool) -> Option<Problem> {
        let mut parent = String::new();
        for part in rel.split('/') {
            if !parent.is_empty() {
                if let Some(p) = self.add_one(&parent, true, false) {
                    return Some(p);
                }
                parent.push('/');
            }
            parent.push_str(part);
        }
        self.add_one(rel, is_dir, true)
    }

    fn add_one(&mut self, path: &str, is_dir: bool, given: bool) -> Option<Problem> {
        match self.kinds.get(path) {
            Some(false) => {
                return Some(if given && !is_dir {
                    Problem::Duplicate(path.to_string())
                } else {
                    Problem::Clash {
                        first: path.to_string(),
                        second: format!("{path}/"),
                        why: "a file and a folder of the same name".into(),
                    }
                });
            }
            Some(true) if !is_dir => {
                return Some(Problem::Clash {
                    first: format!("{path}/"),
                    second: path.to_string(),
                    why: "a folder and a file of the same name".into(),
                });
            }
            Some(true) => {
                if given && !self.given_dirs.insert(path.to_string()) {
                    return Some(Problem::Duplicate(format!("{path}/")));
                }
                return None;
            }
            None => {}
        }
        let key = clash_key(path);
        if let Some(first) = self.keys.get(&key) {
            return Some(Problem::Clash {
                first: first.clone(),
                second: path.to_string(),
                why: "names that differ only in case, accents' Unicode form or trailing dots \
                      and spaces, which Windows and macOS store as one"
                    .into(),
            });
        }
        self.keys.insert(key, path.to_string());
        self.kinds.insert(path.to_string(), is_dir);
        if given && is_dir {
            self.given_dirs.insert(path.to_string());
        }
        None
    }
}

/// The name as a case-insensitive, normalizing file system sees it: case-folded, in Unicode
/// composed form, each part without trailing dots and spaces (which Windows drops).
fn clash_key(path: &str) -> String {
    let folded = icu::casemap::CaseMapper::new().fold_string(path);
    let nfc = icu::normalizer::ComposingNormalizer::new_nfc().normalize(&folded);
    nfc.split('/')
        .map(|p| p.trim_end_matches(['.', ' ']))
        .collect::<Vec<_>>()
        .join("/")
}
