//! The library in steps, for `samizdat serve`: parse one file, and replace the text of one
//! page in place.
//!
//! A full [`Library::load`] parses every file of `content/`; on an edit only the edited file needs
//! parsing again ([`read_page`]), and [`Library::assemble_parsed`] assembles the library from
//! pages the caller kept. [`Library::replace_body`] is the shortcut for the most common edit, a
//! change of a page's text alone: the page's own entries get their links and summary resolved
//! again, and nothing else of the library changes.

use super::library::{EntryId, FileKind, Library, PageId, SourceFile};
use super::page::Page;
use crate::config::Config;
use crate::error::Errors;

/// Reads and parses one file of content/ if it is a Markdown page (`None` for assets and picket
/// tables).
pub fn read_page(f: &SourceFile) -> Option<Result<Page, Errors>> {
    let FileKind::Page {
        canonical,
        lang,
        is_index,
    } = &f.kind
    else {
        return None;
    };
    Some(
        crate::limits::read(&f.path, &f.shown, &crate::limits::PAGE)
            .map_err(Errors::from)
            .and_then(|b| Page::parse(&b, &f.shown, &f.rel, canonical, lang, *is_index)),
    )
}

/// What [`Library::replace_body`] did.
#[derive(Debug)]
pub enum BodyChange {
    /// The new text is in place. `entries` show the page (its own and fallback copies);
    /// `summary_changed` says whether lists that show those entries changed too.
    Applied {
        entries: Vec<EntryId>,
        summary_changed: bool,
        warnings: Errors,
    },
    /// The change reaches other pages (anchors, files the page uses, another file): assemble
    /// the library again.
    NeedsAssembly,
    /// The new text has errors (a broken link); the library is unchanged.
    Failed(Errors),
}

impl Library {
    /// The page parsed from the content file `rel` (`prisoners/x.ru.md`), if the library has it.
    pub fn page_by_rel(&self, rel: &str) -> Option<PageId> {
        self.pages.iter().position(|p| p.rel == rel)
    }

    /// Puts `page`, a new parse of the file of page `pid`, in its place when only its text
    /// changed. The caller has checked that its front matter is the one the library was
    /// assembled from (a translation's before inheritance); here the rest is checked: same file,
    /// same heading ids (other pages may link to them) and same files of content/ used (a draft's
    /// photo stays private).
    pub fn replace_body(&mut self, config: &Config, pid: PageId, mut page: Page) -> BodyChange {
        let Some(old) = self.pages.get(pid) else {
            return BodyChange::NeedsAssembly;
        };
        page.fm = old.fm.clone();
        if old.rel != page.rel
            || old.canonical != page.canonical
            || old.lang != page.lang
            || old.is_index != page.is_index
            || old.body.anchors != page.body.anchors
            || self.assets_used(old) != self.assets_used(&page)
        {
            return BodyChange::NeedsAssembly;
        }
        let old = std::mem::replace(&mut self.pages[pid], page);
        let entries: Vec<EntryId> = (0..self.entries.len())
            .filter(|&e| self.entries[e].page == pid)
            .collect();
        let resolved = super::links::resolve_page(self, config, pid, &entries);
        let mut errs = Errors::new();
        for (_, _, _, es) in &resolved {
            errs.extend(es.iter().cloned());
        }
        if errs.has_errors() {
            self.pages[pid] = old;
            return BodyChange::Failed(errs.sorted());
        }
        let mut summary_changed = false;
        for (id, urls, summary, _) in resolved {
            if let Some(e) = self.entries.get_mut(id) {
                summary_changed |= e.summary != summary;
                e.link_urls = urls;
                e.summary = summary;
            }
        }
        // A new text of an original makes its translations outdated (or current again): their
        // notices change, so their pages are rendered again too.
        let mut entries = entries;
        let new_hash = self.pages[pid].text_hash.clone();
        if new_hash != old.text_hash && self.pages[pid].lang == config.default_language {
            for e in 0..self.entries.len() {
                let en = &self.entries[e];
                if en.canonical != self.pages[pid].canonical || en.fallback || en.page == pid {
                    continue;
                }
                let outdated = self.pages[en.page]
                    .fm
                    .source_hash
                    .as_ref()
                    .is_some_and(|h| h.trim() != new_hash);
                if outdated != en.outdated {
                    self.entries[e].outdated = outdated;
                    entries.push(e);
                }
            }
        }
        BodyChange::Applied {
            entries,
            summary_changed,
            warnings: errs.sorted(),
        }
    }
}
