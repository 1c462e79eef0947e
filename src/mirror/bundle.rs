//! The bundle: a built site with its `SHA256SUMS` (and signature) as one `.tar.gz` that a
//! volunteer can download, check and serve.
//!
//! The archive is reproducible: the same site and `mtime` give the same bytes on any machine
//! (sorted entries, fixed owner and modes, no name or time in the gzip header), so two people
//! can compare a bundle by its hash. One exception, inherited from minisign: a signature carries
//! fresh randomness, so two *signed* bundles differ in `SHA256SUMS.minisig` alone.

use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use flate2::{Compression, GzBuilder};
use sha2::{Digest, Sha256};

use super::keys::Signer;
use super::manifest::{self, Node, SUMS, SUMS_SIG};
use super::verify::{Names, Problem};
use crate::error::{Error, Result};

/// What [`bundle`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSummary {
    pub archive: PathBuf,
    /// Files in the archive, `SHA256SUMS` and its signature included.
    pub files: usize,
    /// Their total size, before compression.
    pub bytes: u64,
    pub archive_bytes: u64,
    /// SHA-256 of the archive, for announcing next to the download.
    pub archive_sha256: String,
    /// The key that signed `SHA256SUMS`, if any.
    pub key_id: Option<String>,
    /// Its public half, base64 as in a `.pub` file's second line and in site.yaml's
    /// `signing_key`.
    pub public_key: Option<String>,
}

impl fmt::Display for BundleSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} files, {} bytes ({} compressed)",
            self.archive.display(),
            self.files,
            self.bytes,
            self.archive_bytes
        )?;
        match &self.key_id {
            Some(id) => write!(f, ", signed with key ID {id}")?,
            None => write!(f, ", NOT signed")?,
        }
        write!(f, "\nsha256: {}", self.archive_sha256)
    }
}

/// Writes `SHA256SUMS` (and `SHA256SUMS.minisig` when `signer` gives a secret key and its
/// password, `None` to ask for it if the key is encrypted) into `site_dir`, then a deterministic
/// `.tar.gz` of the folder at `out`: every entry under the folder `top`, sorted by path, dated
/// `mtime` (seconds since 1970), owned by uid/gid 0 with no owner names, modes 0644 for files
/// and 0755 for folders, gzip header without name and with mtime 0. The archive is written to a
/// temporary file next to `out` and renamed, so a failure leaves no half archive.
///
/// An unsigned bundle removes a stale `SHA256SUMS.minisig` from `site_dir`, which would no
/// longer match.
pub fn bundle(
    site_dir: &Path,
    out: &Path,
    top: &str,
    mtime: u64,
    signer: Option<(&Path, Option<&str>)>,
    trusted_comment: &str,
) -> Result<BundleSummary> {
    check_top(top)?;
    check_out_is_outside(site_dir, out)?;
    // Unlock the key before writing anything: a wrong password must not leave a changed folder.
    let signer = match signer {
        Some((key, pw)) => Some(Signer::load(key, pw)?),
        None => None,
    };
    let nodes = manifest::scan(site_dir)?;
    if !nodes.iter().any(|n| !n.is_dir) {
        // `sha256sum -c` rejects an empty list, and an empty site is a build gone wrong.
        return Err(
            Error::usage(format!("{} holds no files to bundle", site_dir.display()))
                .at(site_dir)
                .hint("build the site first"),
        );
    }
    check_names(site_dir, &nodes)?;
    let mut sums = String::new();
    let mut hashes = Vec::new();
    for node in nodes.iter().filter(|n| !n.is_dir) {
        let h = manifest::hash_file(&node.abs)?;
        sums.push_str(&manifest::line(&h, &node.rel));
        hashes.push(h);
    }
    let sums_path = site_dir.join(SUMS);
    let sig_path = site_dir.join(SUMS_SIG);
    fs::write(&sums_path, &sums).map_err(|e| Error::io(&sums_path, &e))?;
    let sig = match &signer {
        Some(s) => {
            let sig = s.sign(sums.as_bytes(), trusted_comment)?;
            fs::write(&sig_path, &sig).map_err(|e| Error::io(&sig_path, &e))?;
            Some(sig)
        }
        None => {
            match fs::remove_file(&sig_path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(Error::io(&sig_path, &e));
                }
                _ => {}
            }
            None
        }
    };

    // The archive lists the two generated files among the rest, in the same byte order.
    let mut entries: Vec<Entry> = Vec::with_capacity(nodes.len() + 2);
    let mut hashes = hashes.into_iter();
    for node in &nodes {
        entries.push(if node.is_dir {
            Entry::Dir(node.rel.clone())
        } else {
            Entry::File(node, hashes.next().unwrap_or_default())
        });
    }
    entries.push(Entry::Bytes(SUMS, sums.into_bytes()));
    if let Some(sig) = sig {
        entries.push(Entry::Bytes(SUMS_SIG, sig.into_bytes()));
    }
    entries.sort_by(|a, b| a.rel().as_bytes().cmp(b.rel().as_bytes()));

    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle.tar.gz".into());
    let tmp = out.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let written = write_archive(&tmp, top, mtime, &entries);
    let (files, bytes, archive_bytes, archive_sha256) = match written {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if let Err(e) = fs::rename(&tmp, out) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(out, &e));
    }
    Ok(BundleSummary {
        archive: out.to_path_buf(),
        files,
        bytes,
        archive_bytes,
        archive_sha256,
        key_id: signer.as_ref().map(Signer::key_id),
        public_key: signer.as_ref().map(Signer::public_base64),
    })
}

enum Entry<'a> {
    Dir(String),
    /// A file of the site, with the hash `SHA256SUMS` gives it.
    File(&'a Node, String),
    /// A file made here (`SHA256SUMS`, its signature).
    Bytes(&'static str, Vec<u8>),
}

impl Entry<'_> {
    fn rel(&self) -> &str {
        match self {
            Entry::Dir(rel) => rel,
            Entry::File(node, _) => &node.rel,
            Entry::Bytes(rel, _) => rel,
        }
    }
}

/// The top folder is one plain name: it becomes the folder a mirror unpacks.
fn check_top(top: &str) -> Result<()> {
    let bad = top.is_empty()
        || top == "."
        || top == ".."
        || top.len() > 90
        || top.chars().any(|c| c == '/' || c == '\\' || c.is_control());
    if bad {
        return Err(
            Error::usage(format!("`{top}` cannot be the folder inside the archive"))
                .hint("use one plain name such as samizdat-site"),
        );
    }
    Ok(())
}

/// Two names that a mirror on Windows or macOS would unpack into one file (`Photo.jpg` and
/// `photo.jpg`, or `sha256sums` beside `SHA256SUMS`) make a bundle that `verify` refuses, so the
/// bundle is not made.
fn check_names(site_dir: &Path, nodes: &[Node]) -> Result<()> {
    let mut names = Names::default();
    let all = nodes
        .iter()
        .map(|n| (n.rel.as_str(), n.is_dir))
        .chain([(SUMS, false), (SUMS_SIG, false)]);
    for (rel, is_dir) in all {
        if let Some(Problem::Clash { first, second, why }) = names.add(rel, is_dir) {
            return Err(Error::input(format!(
                "{first} and {second} would be one file on some mirrors ({why})"
            ))
            .at(site_dir.join(second.trim_end_matches('/')))
            .hint("rename one of them in content/ or static/, so that every mirror gets both"));
        }
    }
    Ok(())
}

/// Writing the archive inside the folder being archived would put a half-written copy of the
/// archive into itself.
fn check_out_is_outside(site_dir: &Path, out: &Path) -> Result<()> {
    let site = fs::canonicalize(site_dir).map_err(|e| Error::io(site_dir, &e))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let parent = fs::canonicalize(parent).map_err(|e| Error::io(parent, &e))?;
    if parent.starts_with(&site) {
        return Err(Error::usage(format!(
            "the archive {} would be written inside the folder it archives",
            out.display()
        ))
        .at(out)
        .hint("write the archive somewhere outside the built site"));
    }
    Ok(())
}

/// A writer that counts and hashes what passes through, so the archive is read once.
struct HashingWriter<W> {
    inner: W,
    hash: Sha256,
    len: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        let done = buf.get(..n).unwrap_or_default();
        self.hash.update(done);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A reader that hashes what it yields, to catch a file changed between listing and archiving.
struct HashingReader<R> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

fn header(kind: tar::EntryType, size: u64, mode: u32, mtime: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_size(size);
    h.set_mode(mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(mtime);
    h
}

/// Writes the archive to `tmp`; returns (files, bytes, archive bytes, archive SHA-256).
fn write_archive(
    tmp: &Path,
    top: &str,
    mtime: u64,
    entries: &[Entry],
) -> Result<(usize, u64, u64, String)> {
    let io_err = |e: io::Error| Error::io(tmp, &e);
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(io_err)?;
    let sink = HashingWriter {
        inner: BufWriter::new(file),
        hash: Sha256::new(),
        len: 0,
    };
    let gz = GzBuilder::new()
        .mtime(0)
        .write(sink, Compression::default());
    let mut tar = tar::Builder::new(gz);
    let (mut files, mut bytes) = (0usize, 0u64);

    let mut h = header(tar::EntryType::Directory, 0, 0o755, mtime);
    tar.append_data(&mut h, format!("{top}/"), io::empty())
        .map_err(io_err)?;
    for entry in entries {
        let path = format!("{top}/{}", entry.rel());
        match entry {
            Entry::Dir(_) => {
                let mut h = header(tar::EntryType::Directory, 0, 0o755, mtime);
                tar.append_data(&mut h, format!("{path}/"), io::empty())
                    .map_err(io_err)?;
            }
            Entry::Bytes(_, data) => {
                let mut h = header(tar::EntryType::Regular, data.len() as u64, 0o644, mtime);
                tar.append_data(&mut h, &path, data.as_slice())
                    .map_err(io_err)?;
                files += 1;
                bytes += data.len() as u64;
            }
            Entry::File(node, listed_hash) => {
                let f = fs::File::open(&node.abs).map_err(|e| Error::io(&node.abs, &e))?;
                let size = f.metadata().map_err(|e| Error::io(&node.abs, &e))?.len();
                let mut reader = HashingReader {
                    inner: f.take(size),
                    hash: Sha256::new(),
                };
                let mut h = header(tar::EntryType::Regular, size, 0o644, mtime);
                tar.append_data(&mut h, &path, &mut reader)
                    .map_err(|e| Error::io(&node.abs, &e))?;
                if manifest::hex(&reader.hash.finalize()) != *listed_hash {
                    return Err(
                        Error::input("this file changed while the bundle was being made")
                            .at(&node.abs)
                            .hint(
                                "run the bundle again once nothing is writing into the site folder",
                            ),
                    );
                }
                files += 1;
                bytes += size;
            }
        }
    }
    let gz = tar.into_inner().map_err(io_err)?;
    let sink = gz.finish().map_err(io_err)?;
    let HashingWriter { inner, hash, len } = sink;
    let file = inner.into_inner().map_err(|e| io_err(e.into_error()))?;
    file.sync_all().map_err(io_err)?;
    Ok((files, bytes, len, manifest::hex(&hash.finalize())))
}
