//! The folders the preview serves, and why a request never finds one half gone.
//!
//! Every full build renders into a folder of its own, never used before ([`Folders::fresh`]). The
//! folder is held by a [`Served`] behind an `Arc`: the site being updated holds one, the server's
//! pointer to the current folder holds one, and so does every request being answered. The
//! folder is deleted when the last of them lets go, so a request that started on the old site
//! reads the old site to its end while the next request already gets the new one.
//!
//! Between full builds, updates go into the current folder, but only by renaming complete files
//! into place (one `rename` each, which replaces a file at once), and only files the new site no
//! longer has are deleted. A reader sees the old bytes or the new ones, never a file cut short,
//! and never a gap where a file of both versions should be.
//!
//! Some files of the folder may be out of date: pages an edit touched that are rendered only
//! when the browser asks for them (see [`super::site`]). The folder knows their names
//! ([`Served::is_stale`]); a request for one waits until it is rendered.

use crate::output::MARKER;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The session's folder and the names given out in it.
#[derive(Debug)]
pub(crate) struct Folders {
    dir: PathBuf,
    next: AtomicU64,
}

impl Folders {
    pub(crate) fn new(dir: &Path) -> Folders {
        Folders {
            dir: dir.to_path_buf(),
            next: AtomicU64::new(1),
        }
    }

    /// The session's own folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// A path in the session's folder that no build has used and nothing occupies: each full
    /// build writes a new folder, so that the one being served is never replaced under a reader.
    pub(crate) fn fresh(&self) -> PathBuf {
        loop {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            let p = self.dir.join(format!("site-{n}"));
            if std::fs::symlink_metadata(&p).is_err() {
                return p;
            }
        }
    }
}

/// A complete build of the site on disk. Dropping the last handle deletes the folder.
#[derive(Debug)]
pub(crate) struct Served {
    dir: PathBuf,
    /// Files of the folder (paths inside it, with `/`) that an edit made out of date, or that
    /// the site now has and the folder not yet: rendered when asked for.
    stale: Mutex<BTreeSet<String>>,
}

impl Served {
    /// Takes charge of `dir`, a folder a full build has just written.
    pub(crate) fn new(dir: PathBuf) -> Served {
        Served {
            dir,
            stale: Mutex::new(BTreeSet::new()),
        }
    }

    /// Whether the file `rel` (a path inside the folder) must be rendered before it is served.
    pub(crate) fn is_stale(&self, rel: &str) -> bool {
        self.stale.lock().is_ok_and(|s| s.contains(rel))
    }

    /// The files out of date, all of them (replaces the previous set).
    pub(crate) fn set_stale(&self, files: BTreeSet<String>) {
        if let Ok(mut s) = self.stale.lock() {
            *s = files;
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// False once the folder (or its marker file) is gone: deleted by hand, or by a program that
    /// cleans temporary folders. The preview then builds the site again.
    pub(crate) fn is_intact(&self) -> bool {
        self.dir.join(MARKER).is_file()
    }
}

impl Drop for Served {
    /// Deleting a large site takes a while: not on the thread of a request or a rebuild.
    fn drop(&mut self) {
        let dir = std::mem::take(&mut self.dir);
        if dir.as_os_str().is_empty() {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("samizdat-cleanup".into())
            .spawn({
                let dir = dir.clone();
                move || {
                    let _ = std::fs::remove_dir_all(dir);
                }
            });
        if spawned.is_err() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn fresh_names_are_never_reused() {
        let d = tempfile::tempdir().unwrap();
        let f = Folders::new(d.path());
        let a = f.fresh();
        std::fs::create_dir(&a).unwrap();
        let b = f.fresh();
        assert_ne!(a, b);
        // A folder left by an earlier session under the next name is skipped, not replaced.
        let taken = d.path().join("site-3");
        std::fs::create_dir(&taken).unwrap();
        assert_ne!(f.fresh(), taken);
    }

    #[test]
    fn a_folder_outlives_its_last_reader_only() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("site-1");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
        let served = Arc::new(Served::new(dir.clone()));
        let reader = served.clone();
        drop(served);
        assert!(reader.is_intact(), "a reader still holds it");
        drop(reader);
        // The deletion runs on its own thread: wait for it (a hang detector, not a timing).
        let started = std::time::Instant::now();
        while dir.exists() {
            assert!(started.elapsed() < std::time::Duration::from_secs(60));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}
