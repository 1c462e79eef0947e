//! Unchanged files stay the same files: a rebuild hard-links every file whose bytes did not
//! change from the previous output into the staging folder, instead of writing a copy.
//!
//! So a rebuild that changes nothing leaves every file with its inode and modification time, and
//! a mirror that syncs with `rsync` (or anything that compares times and sizes) moves only what
//! changed, while the swap of the whole folder stays atomic: the staging folder still holds a
//! complete site, and the old output is removed only after the swap, which leaves the linked
//! files with their one remaining name.
//!
//! What is never reused: anything but a regular file of the previous output (links are not
//! followed), a file with another size or other bytes, and a file that has another name
//! somewhere (two links or more: someone linked it from elsewhere, and the new site must not
//! share its bytes with a file outside the output). Files are never written through: a new file
//! is always created, so a linked file is never changed in place.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

/// Puts `bytes` at `dest` (in the staging folder): a hard link to `previous/rel` when that file
/// holds exactly these bytes, else a new file. Returns whether the old file was reused.
pub(super) fn put(
    previous: Option<&Path>,
    rel: &Path,
    dest: &Path,
    bytes: &[u8],
) -> std::io::Result<bool> {
    if let Some(prev) = previous {
        let old = prev.join(rel);
        if holds(&old, bytes) && std::fs::hard_link(&old, dest).is_ok() {
            return Ok(true);
        }
    }
    let create = || OpenOptions::new().write(true).create_new(true).open(dest);
    let mut f = match create() {
        Ok(f) => f,
        // Only a name is removed, never the bytes of a file another name still shows.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(dest)?;
            create()?
        }
        Err(e) => return Err(e),
    };
    f.write_all(bytes)?;
    Ok(false)
}

/// Puts a copy of the file `src` at `dest`, never holding it whole in memory: a hard link to
/// `previous/rel` when that file holds the same bytes, else a new file. Returns whether the old
/// file was reused.
pub(super) fn put_file(
    previous: Option<&Path>,
    rel: &Path,
    dest: &Path,
    src: &Path,
) -> std::io::Result<bool> {
    let mut from = open_no_follow(src)?;
    let len = from.metadata()?.len();
    if let Some(prev) = previous {
        let old = prev.join(rel);
        if same_file_bytes(&old, src, len) && std::fs::hard_link(&old, dest).is_ok() {
            return Ok(true);
        }
    }
    match std::fs::remove_file(dest) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut to = OpenOptions::new().write(true).create_new(true).open(dest)?;
    std::io::copy(&mut from, &mut to)?;
    Ok(false)
}

/// Whether `old` is a regular file with one name holding the `len` bytes of the file `src`.
fn same_file_bytes(old: &Path, src: &Path, len: u64) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() || meta.len() != len || links(&meta) != 1 {
        return false;
    }
    let (Ok(mut a), Ok(mut b)) = (open_no_follow(old), open_no_follow(src)) else {
        return false;
    };
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = match read_full(&mut a, &mut x) {
            Ok(n) => n,
            Err(_) => return false,
        };
        match read_full(&mut b, &mut y) {
            Ok(m) if m == n && x[..n] == y[..n] => {}
            _ => return false,
        }
        if n < x.len() {
            return true;
        }
    }
}

/// Reads until `buf` is full or the file ends; how many bytes were read.
fn read_full(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut at = 0;
    while at < buf.len() {
        match f.read(&mut buf[at..]) {
            Ok(0) => break,
            Ok(n) => at += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(at)
}

/// Whether `old` is a regular file with one name that holds exactly `bytes`.
fn holds(old: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 || links(&meta) != 1 {
        return false;
    }
    let Ok(mut f) = open_no_follow(old) else {
        return false;
    };
    let mut buf = vec![0u8; 64 * 1024];
    let mut at = 0;
    loop {
        match f.read(&mut buf) {
            Ok(0) => return at == bytes.len(),
            Ok(n) => {
                if bytes.get(at..at + n) != Some(&buf[..n]) {
                    return false;
                }
                at += n;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn open_no_follow(p: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(p)
}

#[cfg(not(unix))]
fn open_no_follow(p: &Path) -> std::io::Result<File> {
    File::open(p)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn ino(p: &Path) -> u64 {
        std::fs::symlink_metadata(p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .ino()
    }

    #[test]
    fn the_same_bytes_keep_their_file_and_other_bytes_get_a_new_one() {
        let d = tempfile::tempdir().unwrap();
        let (prev, stage) = (d.path().join("prev"), d.path().join("stage"));
        std::fs::create_dir_all(&prev).unwrap();
        std::fs::create_dir_all(&stage).unwrap();
        std::fs::write(prev.join("a.html"), "same").unwrap();
        std::fs::write(prev.join("b.html"), "old!").unwrap();
        let p = Some(prev.as_path());
        assert!(put(p, Path::new("a.html"), &stage.join("a.html"), b"same").unwrap());
        assert!(!put(p, Path::new("b.html"), &stage.join("b.html"), b"new!").unwrap());
        assert!(!put(p, Path::new("c.html"), &stage.join("c.html"), b"c").unwrap());
        assert_eq!(ino(&prev.join("a.html")), ino(&stage.join("a.html")));
        assert_ne!(ino(&prev.join("b.html")), ino(&stage.join("b.html")));
        assert_eq!(std::fs::read(prev.join("b.html")).unwrap(), b"old!");
        assert_eq!(std::fs::read(stage.join("b.html")).unwrap(), b"new!");
        // Written again (never by a build): a new file, the linked one is left as it was.
        assert!(!put(p, Path::new("a.html"), &stage.join("a.html"), b"diff").unwrap());
        assert_eq!(std::fs::read(prev.join("a.html")).unwrap(), b"same");
    }

    #[test]
    fn a_large_file_is_copied_in_pieces_and_kept_when_unchanged() {
        let d = tempfile::tempdir().unwrap();
        let (prev, stage) = (d.path().join("prev"), d.path().join("stage"));
        std::fs::create_dir_all(&prev).unwrap();
        std::fs::create_dir_all(&stage).unwrap();
        let src = d.path().join("video.mp4");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&src, &bytes).unwrap();
        let p = Some(prev.as_path());
        let rel = Path::new("video.mp4");
        assert!(!put_file(p, rel, &stage.join("video.mp4"), &src).unwrap());
        assert_eq!(std::fs::read(stage.join("video.mp4")).unwrap(), bytes);
        std::fs::rename(stage.join("video.mp4"), prev.join("video.mp4")).unwrap();
        assert!(put_file(p, rel, &stage.join("video.mp4"), &src).unwrap());
        assert_eq!(ino(&prev.join("video.mp4")), ino(&stage.join("video.mp4")));
        // One byte changed at the end: a new file.
        std::fs::remove_file(stage.join("video.mp4")).unwrap();
        let mut other = bytes.clone();
        *other.last_mut().unwrap() ^= 1;
        std::fs::write(&src, &other).unwrap();
        assert!(!put_file(p, rel, &stage.join("video.mp4"), &src).unwrap());
        assert_eq!(std::fs::read(stage.join("video.mp4")).unwrap(), other);
        assert_eq!(std::fs::read(prev.join("video.mp4")).unwrap(), bytes);
    }

    #[test]
    fn links_and_files_with_other_names_are_never_reused() {
        let d = tempfile::tempdir().unwrap();
        let (prev, stage) = (d.path().join("prev"), d.path().join("stage"));
        std::fs::create_dir_all(&prev).unwrap();
        std::fs::create_dir_all(&stage).unwrap();
        let outside = d.path().join("secret.txt");
        std::fs::write(&outside, "secret").unwrap();
        std::os::unix::fs::symlink(&outside, prev.join("link.txt")).unwrap();
        std::fs::hard_link(&outside, prev.join("hard.txt")).unwrap();
        std::fs::create_dir(prev.join("dir.txt")).unwrap();
        let p = Some(prev.as_path());
        for name in ["link.txt", "hard.txt", "dir.txt"] {
            let dest = stage.join(name);
            assert!(
                !put(p, Path::new(name), &dest, b"secret").unwrap(),
                "{name}"
            );
            assert!(std::fs::symlink_metadata(&dest).unwrap().is_file());
            assert_ne!(ino(&dest), ino(&outside), "{name}");
        }
    }
}
