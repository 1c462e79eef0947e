//! `SHA256SUMS`: the list of every file of a built site with its SHA-256, in exactly the format
//! `sha256sum` writes, so that `sha256sum -c SHA256SUMS` checks a copy without samizdat.
//!
//! The walk refuses what a list of regular files cannot vouch for (links, devices, names that
//! `sha256sum` would have to escape), so what is listed is what a mirror receives.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The file list and its signature, at the top of a bundle.
pub(crate) const SUMS: &str = "SHA256SUMS";
pub(crate) const SUMS_SIG: &str = "SHA256SUMS.minisig";

/// A file or folder below the site folder.
pub(crate) struct Node {
    /// Relative to the site folder, `/`-separated.
    pub(crate) rel: String,
    pub(crate) abs: PathBuf,
    pub(crate) is_dir: bool,
}

/// Every file and folder below `dir`, sorted by path bytes, without the top-level `SHA256SUMS`
/// and `SHA256SUMS.minisig`. Links, special files and names that are not plain UTF-8 are
/// errors naming the file.
pub(crate) fn scan(dir: &Path) -> Result<Vec<Node>> {
    let meta = fs::metadata(dir).map_err(|e| Error::io(dir, &e))?;
    if !meta.is_dir() {
        return Err(Error::usage(format!("{} is not a folder", dir.display())).at(dir));
    }
    let mut nodes = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            match e.io_error() {
                Some(io) => Error::io(&path, io),
                None => Error::input(e.to_string()).at(&path),
            }
        })?;
        let abs = entry.path();
        let rel_path = abs.strip_prefix(dir).unwrap_or(abs);
        let mut parts = Vec::new();
        for c in rel_path.components() {
            let Some(s) = c.as_os_str().to_str() else {
                return Err(Error::input("this file name is not valid UTF-8")
                    .at(abs)
                    .hint("rename it: a mirror must be able to list and check every file"));
            };
            parts.push(s);
        }
        let rel = parts.join("/");
        if rel.contains(['\\', '\n', '\r']) {
            return Err(Error::input(
                "this file name holds a backslash or a line break, which SHA256SUMS cannot list plainly",
            )
            .at(abs)
            .hint("rename the file"));
        }
        if rel == SUMS || rel == SUMS_SIG {
            continue;
        }
        let ft = entry.file_type();
        if ft.is_symlink() {
            return Err(Error::input(
                "this is a symbolic link; a bundle holds only files and folders",
            )
            .at(abs)
            .hint("put a copy of the file in place of the link, so that mirrors can check it"));
        }
        if !ft.is_dir() && !ft.is_file() {
            return Err(
                Error::input("this is not a regular file (a device, socket or pipe)")
                    .at(abs)
                    .hint("remove it from the site folder"),
            );
        }
        nodes.push(Node {
            rel,
            abs: abs.to_path_buf(),
            is_dir: ft.is_dir(),
        });
    }
    nodes.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    Ok(nodes)
}

/// Lower-case hex, as `sha256sum` prints.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of everything `r` yields, read in blocks so that large files need little memory.
pub(crate) fn hash_reader(mut r: impl Read) -> std::io::Result<(String, u64)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(buf.get(..n).unwrap_or_default());
        total += n as u64;
    }
    Ok((hex(&h.finalize()), total))
}

pub(crate) fn hash_file(path: &Path) -> Result<String> {
    let f = fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    hash_reader(f)
        .map(|(h, _)| h)
        .map_err(|e| Error::io(path, &e))
}

/// One `sha256sum` line: hash, two spaces (text mode), the path.
pub(crate) fn line(hash: &str, rel: &str) -> String {
    format!("{hash}  {rel}\n")
}

/// The `SHA256SUMS` text for every regular file under `dir`, recursively, sorted by path bytes,
/// `/`-separated and relative to `dir`: `sha256sum -c SHA256SUMS` run inside `dir` passes.
/// `SHA256SUMS` and `SHA256SUMS.minisig` at the top are left out. Links, special files and
/// non-UTF-8 names are an error (the first one found).
pub fn manifest(dir: &Path) -> Result<String> {
    let mut out = String::new();
    for node in scan(dir)?.iter().filter(|n| !n.is_dir) {
        out.push_str(&line(&hash_file(&node.abs)?, &node.rel));
    }
    Ok(out)
}

/// A line of a `SHA256SUMS` file.
pub(crate) struct Listed {
    pub(crate) path: String,
    pub(crate) hash: String,
}

/// Reads `SHA256SUMS` text: the listed files, and for each line that cannot be one (a bad hash,
/// an escaped or unsafe name, a duplicate) its line number and what is wrong with it.
pub(crate) fn parse(text: &str) -> (Vec<Listed>, Vec<(usize, String)>) {
    let mut listed: Vec<Listed> = Vec::new();
    let mut bad = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let (hash, rest) = raw.split_at_checked(64).unwrap_or((raw, ""));
        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) || hash.len() != 64 {
            bad.push((
                n,
                "expected 64 hex digits, two spaces and a file name".into(),
            ));
            continue;
        }
        let Some(path) = rest.strip_prefix("  ").or_else(|| rest.strip_prefix(" *")) else {
            bad.push((n, "expected two spaces after the hash".into()));
            continue;
        };
        if let Err(why) = safe_relative(path) {
            bad.push((n, format!("{path}: {why}")));
            continue;
        }
        if path == SUMS || path == SUMS_SIG {
            bad.push((n, format!("{path} cannot list itself")));
            continue;
        }
        if !seen.insert(path.to_string()) {
            bad.push((n, format!("{path} is listed twice")));
            continue;
        }
        listed.push(Listed {
            path: path.to_string(),
            hash: hash.to_ascii_lowercase(),
        });
    }
    (listed, bad)
}

/// Whether `path` is a plain relative path that stays inside its folder, as every name in
/// `SHA256SUMS` and in a bundle must be.
pub(crate) fn safe_relative(path: &str) -> std::result::Result<(), &'static str> {
    if path.is_empty() {
        return Err("the name is empty");
    }
    if path.starts_with('/') {
        return Err("an absolute path");
    }
    if path.contains(['\\', '\0']) {
        return Err("a backslash or NUL in the name");
    }
    for part in path.split('/') {
        match part {
            ".." => return Err("leads outside the folder (..)"),
            "" | "." => return Err("not a plain path (empty or . part)"),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_is_sha256sum_format_sorted_by_bytes() -> Result<()> {
        let t = tempfile::tempdir().map_err(|e| Error::io("tmp", &e))?;
        let d = t.path();
        let w = |p: &str, s: &str| -> Result<()> {
            let path = d.join(p);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
            }
            fs::write(&path, s).map_err(|e| Error::io(&path, &e))
        };
        w("b.txt", "")?;
        w("a/x.html", "abc")?;
        w("a-b/y.html", "")?;
        w("Ω/z", "")?;
        w("SHA256SUMS", "old")?;
        w("sub/SHA256SUMS", "kept")?;
        let m = manifest(d)?;
        let names: Vec<&str> = m.lines().filter_map(|l| l.get(66..)).collect();
        assert_eq!(
            names,
            ["a-b/y.html", "a/x.html", "b.txt", "sub/SHA256SUMS", "Ω/z"]
        );
        assert!(m.contains(
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a/x.html\n"
        ));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn manifest_refuses_links() -> Result<()> {
        let t = tempfile::tempdir().map_err(|e| Error::io("tmp", &e))?;
        let d = t.path();
        fs::write(d.join("a"), "x").map_err(|e| Error::io("a", &e))?;
        std::os::unix::fs::symlink("/etc/passwd", d.join("link"))
            .map_err(|e| Error::io("l", &e))?;
        let err = manifest(d).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            err.contains("link") && err.contains("symbolic link"),
            "{err}"
        );
        Ok(())
    }

    #[test]
    fn parse_flags_unsafe_and_malformed_lines() {
        let h = "a".repeat(64);
        let text =
            format!("{h}  ok.html\n{h}  ../up\n{h}  /abs\nnot a line\n{h}  ok.html\n{h} *bin\n");
        let (listed, bad) = parse(&text);
        let names: Vec<&str> = listed.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(names, ["ok.html", "bin"]);
        let lines: Vec<usize> = bad.iter().map(|b| b.0).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
    }
}
