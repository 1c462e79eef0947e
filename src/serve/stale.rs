//! What an edit touched but the browser has not asked for yet.
//!
//! An edit of one page can touch thousands of files: a new title shows on every list and tag
//! page of the page, in the feeds, in each language's search index. Rendering them all takes
//! seconds on a large site, and the person editing looks at one page. So an update renders at
//! once what the edited files make themselves (their pages in every language) and what only the
//! plan can name (maps, copies), and keeps the other jobs it touched here, *pending*: their
//! files are marked out of date in the served folder ([`Served::set_stale`]), and a request for
//! one of them waits while the rebuilding thread renders its job ([`Pending::take_for`]). The
//! files served are therefore always those of the current content, as a clean build writes
//! them; what is never asked for costs nothing.
//!
//! Jobs are named by [`Key`], which stays the same across updates, so a job touched by several
//! edits is rendered once, with the content of the last.

use super::deps::{self, Key, Planned};
use super::served::Served;
use crate::build::Content;
use crate::config::Config;
use std::collections::{BTreeMap, BTreeSet};

/// The jobs waiting for a request, and the files they write.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    keys: BTreeSet<Key>,
    /// Each pending file (path inside the output) and the job that writes it.
    files: BTreeMap<String, Key>,
    /// Jobs added since the files were last marked: pages showing them reload.
    added: BTreeSet<Key>,
}

/// Whether the job of `key` may wait for a request: the pages, lists and indexes a browser asks
/// for by their address, whose files [`deps::files_of`] names exactly.
pub(crate) fn may_wait(key: &Key) -> bool {
    matches!(
        key,
        Key::Page(..)
            | Key::List(..)
            | Key::Tag(..)
            | Key::TagIndex(_)
            | Key::Feed(_)
            | Key::Search(_)
            | Key::Birthdays(_)
    )
}

impl Pending {
    /// Adds jobs that now wait.
    pub(crate) fn add(&mut self, keys: impl IntoIterator<Item = Key>) {
        for k in keys {
            self.added.insert(k.clone());
            self.keys.insert(k);
        }
    }

    /// Forgets jobs rendered meanwhile.
    pub(crate) fn done<'a>(&mut self, keys: impl IntoIterator<Item = &'a Key>) {
        for k in keys {
            self.keys.remove(k);
        }
    }

    /// Forgets everything (a full build rendered it all).
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
        self.files.clear();
        self.added.clear();
    }

    /// The pending jobs that write one of `rels` (paths inside the output), taken out of the
    /// pending set, each with its number of pages from `plan`.
    pub(crate) fn take_for(&mut self, rels: &[String], plan: &Planned) -> BTreeMap<Key, usize> {
        let mut out = BTreeMap::new();
        for rel in rels {
            if let Some(k) = self.files.get(rel)
                && self.keys.remove(k)
            {
                out.insert(k.clone(), plan.get(k).copied().unwrap_or(0));
            }
        }
        out
    }

    /// Every pending job, taken out of the pending set.
    #[cfg(test)]
    pub(crate) fn take_all(&mut self, plan: &Planned) -> BTreeMap<Key, usize> {
        let keys = std::mem::take(&mut self.keys);
        keys.into_iter()
            .map(|k| {
                let of = plan.get(&k).copied().unwrap_or(0);
                (k, of)
            })
            .collect()
    }

    /// Names the files of the pending jobs in `content` (jobs it no longer has are dropped) and
    /// marks them out of date in `out`. Returns the site paths of the files of the jobs added
    /// since, for the pages open in a browser to reload (and ask for them).
    pub(crate) fn publish(
        &mut self,
        config: &Config,
        content: &Content,
        plan: &Planned,
        out: &Served,
    ) -> Vec<String> {
        self.keys.retain(|k| plan.contains_key(k));
        let mut files = BTreeMap::new();
        for k in &self.keys {
            for f in deps::files_of(config, content, k) {
                files.insert(f, k.clone());
            }
        }
        let added = std::mem::take(&mut self.added);
        let fresh: Vec<String> = files
            .iter()
            .filter(|(_, k)| added.contains(*k))
            .map(|(f, _)| super::site::site_path(f))
            .collect();
        out.set_stale(files.keys().cloned().collect());
        self.files = files;
        fresh
    }
}
