//! Withholding what belongs to unpublished pages: the library's half of the publication rules.
//!
//! The library decides which pages are published (drafts, embargoes, translations); here,
//! the pages in the folder of an unpublished page are taken out too, and the files of
//! `content/` that belong to unpublished pages (by name, by folder or by link) are dropped from
//! the assets, with the working files no published page links to.

use super::{Origin, Owners, Verdict, judge};
use crate::config::Config;
use crate::content::library::{Library, PageId};
use crate::error::{Error, Errors};
use std::collections::{BTreeMap, BTreeSet};

impl Library {
    /// Pages in a folder named like an unpublished page (`news/draft/more.md` next to the draft
    /// `news/draft.md`) are not published either: their addresses would reveal the draft's.
    pub(in crate::content) fn withhold_folders(
        &mut self,
        published: &mut BTreeMap<String, BTreeMap<String, PageId>>,
        errs: &mut Errors,
    ) {
        let owners = self.owners();
        let shown: BTreeSet<PageId> = published
            .values()
            .flat_map(|g| g.values().copied())
            .collect();
        let mut withheld = Vec::new();
        for canonical in published.keys() {
            let hidden_owner = owners
                .of(canonical, true)
                .into_iter()
                .find(|ids| !ids.iter().any(|id| shown.contains(id)))
                .and_then(|ids| ids.first().copied());
            if let Some(owner) = hidden_owner {
                withheld.push((canonical.clone(), owner));
            }
        }
        for (canonical, owner) in withheld {
            let Some(g) = published.remove(&canonical) else {
                continue;
            };
            self.unpublished.insert(canonical);
            let owner = self.pages[owner].shown.display().to_string();
            for id in g.into_values() {
                errs.push(
                    Error::warning(format!(
                        "not published: this page is in the folder of {owner}, which is not published"
                    ))
                    .at(&self.pages[id].shown)
                    .hint(format!(
                        "it is published with {owner}; to publish it before, move it out of that folder"
                    )),
                );
            }
        }
    }

    /// Which pages each file and folder of content/ belongs to by its name.
    fn owners(&self) -> Owners {
        Owners::new(
            self.pages
                .iter()
                .enumerate()
                .map(|(id, p)| (id, p.canonical.as_str(), p.lang.as_str(), p.slug())),
        )
    }

    /// Files that belong to unpublished pages are not published either: a photo next to a
    /// draft profile stays private until the profile is published. A file belongs to a page when
    /// the page links to it (or names it as `photo:`), or by its name (see
    /// [`Owners`]): `ivan.jpg`, `ivan/letter.pdf` next to `ivan.md`,
    /// `ivan.ru.pdf` to its Russian file. A file a published page uses is published; working
    /// files ([`Verdict::IfLinked`]) only then.
    pub(in crate::content) fn withhold_assets(
        &mut self,
        config: &Config,
        published: &BTreeMap<String, BTreeMap<String, PageId>>,
        errs: &mut Errors,
    ) {
        let shown: BTreeSet<PageId> = published
            .values()
            .flat_map(|g| g.values().copied())
            .collect();
        let mut used_by_published = BTreeSet::new();
        let mut used_by_hidden = BTreeSet::new();
        for (id, p) in self.pages.iter().enumerate() {
            let refs = self.assets_used(p);
            if shown.contains(&id) {
                used_by_published.extend(refs);
            } else {
                used_by_hidden.extend(refs);
            }
        }
        let owners = self.owners();
        let mut withheld = BTreeSet::new();
        for a in &self.assets {
            if used_by_published.contains(&a.rel) {
                continue;
            }
            let hidden_owner = owners
                .of(&a.rel, false)
                .iter()
                .any(|ids| !ids.iter().any(|id| shown.contains(id)));
            if hidden_owner || used_by_hidden.contains(&a.rel) {
                withheld.insert(a.rel.clone());
                continue;
            }
            // Working files next to a page (the sheet a pickets table was exported from, with its
            // notes column) are published only when a page links to them.
            if let Verdict::IfLinked(what) = judge(&a.rel, Origin::Content, &config.also_publish) {
                withheld.insert(a.rel.clone());
                errs.push(
                    Error::warning(format!(
                        "not published: {what} are published only when a page links to them, and no page links to this one"
                    ))
                    .at(&a.shown)
                    .hint("link to it from a page to publish it, or keep working files outside content/"),
                );
            }
        }
        self.assets.retain(|a| !withheld.contains(&a.rel));
        self.asset_set.retain(|a| !withheld.contains(a));
    }
}
