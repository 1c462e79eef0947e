//! Output: writing the site into a staging folder and swapping it in at the end.
//!
//! A build never writes into the live output folder: everything goes to a sibling staging folder,
//! and only when every page rendered does the staging folder replace the old output (two
//! renames). A failed build deletes its staging folder and leaves the last good output untouched.
//! A file whose bytes did not change is the previous output's file, linked into the staging
//! folder ([`reuse`]), so a rebuild changes the times of only the files that changed.
//! The output folder carries a marker file so that a build never replaces a folder it did not
//! make (`-o ~/Documents` is refused, not emptied); anything but a folder or a missing path
//! (a file, a link, a device, a pipe, a socket) is refused and never touched. The [`Writer`]
//! writes only the files of the output plan ([`crate::render::plan`]); what crashed builds left
//! next to the output is cleaned up ([`staging`]).
//!
//! Also here: the generated files that are not HTML pages (feeds, sitemap, robots.txt, .ics),
//! URL finishing for portable copies, and image metadata stripping.

pub mod copies;
pub mod feeds;
pub(crate) mod fingerprint;
pub mod ics;
pub mod images;
pub mod names;
mod reuse;
pub mod search;
mod staging;
pub mod urls;

use crate::error::{Error, Errors};
use crate::util::is_contained;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The name of the marker file in every output folder samizdat writes.
pub const MARKER: &str = ".samizdat-output";
const MARKER_TEXT: &str =
    "This folder is written by `samizdat build` and replaced by each build.\n";

/// Where rendered files go: a staging folder on disk, or nowhere (`check`).
#[derive(Debug)]
pub struct Writer {
    staging: Option<PathBuf>,
    target: PathBuf,
    /// Files written (or, for `check`, that would be).
    count: std::sync::atomic::AtomicUsize,
    /// The output being replaced, when samizdat wrote it: its unchanged files are kept ([`reuse`]).
    previous: Option<PathBuf>,
    /// Files kept from `previous`.
    reused: std::sync::atomic::AtomicUsize,
    /// The files of the output plan: a write of any other is refused.
    plan: RwLock<Option<Arc<BTreeSet<String>>>>,
    /// Marks this build's staging folder as in use, for other builds cleaning up after crashes.
    lock: Option<staging::Lock>,
}

impl Writer {
    /// Prepares a staging folder next to `target` after checking that `target` may be replaced.
    /// Also removes what crashed builds of the same output left beside it (see [`staging`]).
    pub fn new(root: &Path, target: &Path, marker: bool) -> Result<Writer, Errors> {
        check_target(root, target)?;
        // `-o out/.` is the folder `out`: name and parent come from the absolute path.
        let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Error::usage(format!(
                "{} cannot be an output folder: give a folder by its name",
                target.display()
            ))
            .into());
        };
        let name = name.to_string_lossy().into_owned();
        std::fs::create_dir_all(parent).map_err(|e| {
            Error::usage(format!(
                "cannot make the folder {} for the output: {e}",
                parent.display()
            ))
        })?;
        let lock = staging::Lock::take(parent, &name)?;
        staging::clean_leftovers(parent, &name, std::process::id());
        let staging = parent.join(format!(".{name}.samizdat-staging-{}", std::process::id()));
        std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, &e))?;
        // check_target let it through: a folder of samizdat's, empty or missing.
        let previous = target.join(MARKER).is_file().then(|| target.clone());
        let w = Writer {
            staging: Some(staging),
            target,
            count: Default::default(),
            previous,
            reused: Default::default(),
            plan: RwLock::new(None),
            lock: Some(lock),
        };
        if marker && let Some(s) = &w.staging {
            let dest = s.join(MARKER);
            reuse::put(
                w.previous.as_deref(),
                Path::new(MARKER),
                &dest,
                MARKER_TEXT.as_bytes(),
            )
            .map_err(|e| Error::io(&dest, &e))?;
        }
        Ok(w)
    }

    /// A writer that discards everything (`samizdat check`).
    pub fn discard() -> Writer {
        Writer {
            staging: None,
            target: PathBuf::new(),
            count: Default::default(),
            previous: None,
            reused: Default::default(),
            plan: RwLock::new(None),
            lock: None,
        }
    }

    /// From now on, writes only `files` (the output plan's): any other path is refused.
    pub fn follow(&self, files: Arc<BTreeSet<String>>) {
        if let Ok(mut p) = self.plan.write() {
            *p = Some(files);
        }
    }

    /// How many files were written.
    pub fn count(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many of them were the previous output's files, unchanged and kept as they were.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_discarding(&self) -> bool {
        self.staging.is_none()
    }

    /// The folder being written (the staging folder), if any.
    pub fn staging(&self) -> Option<&Path> {
        self.staging.as_deref()
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the output). Safe to call from many
    /// threads at once: every file is written by exactly one job.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let Some(path) = self.destination(rel)? else {
            return Ok(());
        };
        let rel_path = Path::new(rel.trim_start_matches('/'));
        let kept = reuse::put(self.previous.as_deref(), rel_path, &path, bytes)
            .map_err(|e| Error::io(&path, &e))?;
        if kept {
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    }

    /// Where the file `rel` of the plan goes in the staging folder, its folder made; `None` for
    /// `check`, which writes nothing. Counts the file.
    fn destination(&self, rel: &str) -> Result<Option<PathBuf>, Error> {
        let planned = match self.plan.read() {
            Ok(p) => p.as_ref().is_none_or(|files| files.contains(rel)),
            Err(_) => false,
        };
        if !planned {
            return Err(Error::input(format!(
                "internal error: samizdat tried to write {rel}, which is not in the output plan"
            ))
            .hint("nothing was written; please report this as a bug of samizdat"));
        }
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(staging) = &self.staging else {
            return Ok(None);
        };
        let rel_path = Path::new(rel.trim_start_matches('/'));
        if !is_contained(rel_path) || rel_path.as_os_str().is_empty() {
            return Err(Error::input(format!(
                "refusing to write `{rel}`: it is outside the output folder"
            )));
        }
        let path = staging.join(rel_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        Ok(Some(path))
    }

    /// Copies the file `src` to `rel` in pieces, never holding it whole in memory (a large video
    /// or PDF published as it is). Same rules as [`Writer::write`].
    pub fn copy_file(&self, rel: &str, src: &Path) -> Result<(), Error> {
        let Some(path) = self.destination(rel)? else {
            return Ok(());
        };
        let kept = reuse::put_file(
            self.previous.as_deref(),
            Path::new(rel.trim_start_matches('/')),
            &path,
            src,
        )
        .map_err(|e| Error::io(src, &e))?;
        if kept {
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    }

    /// Replaces the target folder with the staging folder.
    pub fn commit(self) -> Result<(), Error> {
        self.commit_then(|| {})
    }

    /// Replaces the target folder with the staging folder, then runs `after` while this build
    /// still holds its lock (the rebuild record is written there, [`fingerprint`]).
    pub fn commit_then(mut self, after: impl FnOnce()) -> Result<(), Error> {
        let Some(staging) = self.staging.take() else {
            return Ok(());
        };
        let target = &self.target;
        let old = target.with_file_name(format!(
            ".{}.samizdat-old-{}",
            target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        // Checked again: the path may have changed while the site was rendered.
        let had_old = match std::fs::symlink_metadata(target) {
            Ok(m) if m.is_dir() => true,
            Ok(_) => {
                return Err(Error::usage(format!(
                    "{} is no longer a folder; it was left as it is",
                    target.display()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(Error::io(target, &e)),
        };
        if had_old {
            std::fs::rename(target, &old).map_err(|e| Error::io(target, &e))?;
        }
        if let Err(e) = std::fs::rename(&staging, target) {
            // Put the old output back: a failed swap must not lose it.
            if had_old {
                let _ = std::fs::rename(&old, target);
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::io(target, &e));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        after();
        Ok(())
    }
}

impl Drop for Writer {
    /// A writer dropped without `commit` (a failed build) removes its staging folder; then the
    /// lock goes.
    fn drop(&mut self) {
        if let Some(s) = self.staging.take() {
            let _ = std::fs::remove_dir_all(s);
        }
        drop(self.lock.take());
    }
}

/// Removes what crashed builds of the output `target` left beside it (see [`staging`]), for a
/// build that found the output up to date and writes nothing.
pub(crate) fn clean_leftovers(target: &Path) {
    let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    if let (Some(parent), Some(name)) = (target.parent(), target.file_name()) {
        staging::clean_leftovers(parent, &name.to_string_lossy(), std::process::id());
    }
}

/// Refuses output folders whose replacement could lose someone's files, and anything at the
/// path that is not a folder (a file, a link, a device, a pipe, a socket): exit code 2.
pub(crate) fn check_target(root: &Path, target: &Path) -> Result<(), Error> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, target_abs) = (abs(root), abs(target));
    let hint = "choose an output folder of its own, such as public/";
    if root_abs.starts_with(&target_abs) {
        return Err(Error::usage(format!(
            "the output folder {} contains the site itself; building would replace it",
            target.display()
        ))
        .hint(hint));
    }
    for src in ["content", "static", "themes", "templates", "i18n", "data"] {
        if target_abs.starts_with(root_abs.join(src)) {
            return Err(Error::usage(format!(
                "the output folder {} is inside the site's {src}/",
                target.display()
            ))
            .hint(hint));
        }
    }
    // What is at the path itself, links not followed: only a folder (or nothing) may be replaced.
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Error::usage(format!(
                "cannot look at the output path {}: {e}",
                target.display()
            )));
        }
    };
    let what = kind_of(&meta.file_type());
    if let Some(what) = what {
        let hint = if meta.file_type().is_symlink() {
            "samizdat replaces the output folder as a whole, so it would replace the link: give \
             the folder the link points to, or another folder"
        } else {
            hint
        };
        return Err(Error::usage(format!(
            "the output path {} is {what}, not a folder; it was left as it is",
            target.display()
        ))
        .hint(hint));
    }
    if meta.is_dir() {
        let empty = std::fs::read_dir(target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !target.join(MARKER).is_file() {
            return Err(Error::usage(format!(
                "{} exists and was not written by samizdat; it will not be replaced",
                target.display()
            ))
            .hint("remove it yourself if it can go, or choose another folder with -o"));
        }
    }
    Ok(())
}

/// What a path that is not a folder is, for messages; `None` for a folder.
fn kind_of(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_dir() {
        return None;
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    if t.is_file() {
        return Some("a file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("something other than a folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_and_enclosing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(&root, &root).is_err());
        assert!(check_target(&root, dir.path()).is_err());
        assert!(check_target(&root, &root.join("content/out")).is_err());
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.odt"), "x").unwrap();
        assert!(check_target(&root, &foreign).is_err());
        assert!(check_target(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn failed_build_leaves_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = root.join("public");
        let w = Writer::new(&root, &out, true).unwrap();
        w.write("index.html", b"v1").unwrap();
        w.commit().unwrap();
        let w = Writer::new(&root, &out, true).unwrap();
        w.write("index.html", b"v2").unwrap();
        drop(w);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"v1");
        let leftovers: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        let w = Writer::new(&root, &out, true).unwrap();
        assert!(w.write("../escape.html", b"x").is_err());
    }

    #[test]
    fn writes_only_what_the_plan_holds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for w in [
            Writer::new(&root, &root.join("public"), true).unwrap(),
            Writer::discard(),
        ] {
            w.follow(Arc::new(BTreeSet::from(["index.html".to_string()])));
            assert!(w.write("index.html", b"ok").is_ok());
            let e = w.write("other.html", b"x").unwrap_err();
            assert!(
                e.message.contains("other.html") && e.message.contains("plan"),
                "{e}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_pipes_and_sockets_and_leaves_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        let sock = dir.path().join("sock");
        let _l = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        for (p, says) in [(&link, "symbolic link"), (&sock, "a socket")] {
            let e = Writer::new(&root, p, true).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains(says), "{e}");
        }
        assert!(link.is_symlink() && out.is_dir());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 4, "{names:?}");
    }
}
