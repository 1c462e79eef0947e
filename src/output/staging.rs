//! The folders a build keeps next to its output, and what is left of them after a crash.
//!
//! A build of `public/` works in `.public.samizdat-staging-PID/`, moves the old output aside to
//! `.public.samizdat-old-PID/` for the swap, and holds a lock on the file
//! `.public.samizdat-lock-PID` the whole time (taken before the folders exist, released after
//! they are gone). A build that crashed or was killed leaves them behind; the next build removes
//! them, but only when no running build holds their lock, and only folders and files named
//! exactly so for the same output: nothing else next to the output is ever touched.

use crate::error::Error;
use std::fs::File;
use std::path::{Path, PathBuf};

/// This build's lock: the folders named with its PID are in use while it lives.
#[derive(Debug)]
pub(super) struct Lock {
    file: Option<File>,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock of `name`'s folders for this process, in `parent`.
    pub(super) fn take(parent: &Path, name: &str) -> Result<Lock, Error> {
        let path = parent.join(format!(".{name}.samizdat-lock-{}", std::process::id()));
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(Error::usage(format!(
                "{} is in the way of samizdat's lock file",
                path.display()
            ))
            .hint("remove it, or choose another output folder with -o"));
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, &e))?;
        if file.try_lock().is_err() {
            return Err(Error::usage(format!(
                "another build is writing {name} from this same process"
            ))
            .at(&path)
            .hint("wait for it to finish"));
        }
        Ok(Lock {
            file: Some(file),
            path,
        })
    }
}

impl Drop for Lock {
    /// Removes the lock file, then releases the lock.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

/// Removes what crashed builds of `name` left in `parent`: their staging and old folders and
/// their lock file, when no running build holds the lock. `own` is this build's PID: its old
/// folders are removed too (it holds their lock), its lock file is kept.
pub(super) fn clean_leftovers(parent: &Path, name: &str, own: u32) {
    let prefix = format!(".{name}.samizdat-");
    let Ok(dir) = std::fs::read_dir(parent) else {
        return;
    };
    let mut pids = std::collections::BTreeSet::new();
    for entry in dir.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if let Some((kind, pid)) = rest.rsplit_once('-')
            && matches!(kind, "staging" | "old" | "lock")
            && let Ok(pid) = pid.parse::<u32>()
            && pid.to_string() == rest[kind.len() + 1..]
        {
            pids.insert(pid);
        }
    }
    for pid in pids {
        let lock_path = parent.join(format!("{prefix}lock-{pid}"));
        let lock = if pid == own {
            None
        } else {
            match std::fs::symlink_metadata(&lock_path) {
                // Lock files of this version are plain files; anything else is not ours.
                Ok(m) if !m.is_file() => continue,
                Ok(_) => {
                    let Ok(f) = std::fs::OpenOptions::new().write(true).open(&lock_path) else {
                        continue;
                    };
                    if f.try_lock().is_err() {
                        // A running build: its folders are in use.
                        continue;
                    }
                    Some(f)
                }
                // No lock file: a build that crashed before it took one, or an older samizdat.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(_) => continue,
            }
        };
        for kind in ["staging", "old"] {
            let p = parent.join(format!("{prefix}{kind}-{pid}"));
            // Only real folders: a link of that name is removed as a link, never followed.
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.is_dir() => {
                    let _ = std::fs::remove_dir_all(&p);
                }
                _ => {}
            }
        }
        if lock.is_some() {
            let _ = std::fs::remove_file(&lock_path);
        }
    }
}
