//! The library in steps, for `samizdat serve`: parse one file, assemble the library from pages
//! already parsed, and replace the text of one page in place.
//!
//! A full [`Library::load`] parses every file of `content/`; on an edit only the edited file needs
//! parsing again. [`Library::assemble_parsed`] is the second half of `load` over pages the caller
//! kept, and [`Library::replace_body`] is the shortcut for the most common edit, a change of a
//! page's text alone: the page's own entries get their links and summary resolved again, and
//! nothing else of the library changes.

use super::library::{EntryId, Library, PageId, Settings};
use super::page::Page;
use super::walk::{FileKind, SourceFile};
use crate::config::Config;
use crate::error::{Error, Errors};
use std::collections::BTreeSet;

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
    /// The library from `files` (as [`walk`](super::walk::walk) returns them) and the parse of
    /// each of their pages, in the same order. `errs` are the diagnostics so far (the walk's);
    /// the result holds them and every later one, sorted. The library is usable only when they
    /// hold no error.
    pub fn assemble_parsed(
        config: &Config,
        settings: &Settings,
        files: Vec<SourceFile>,
        parsed: Vec<Result<Page, Errors>>,
        mut errs: Errors,
    ) -> (Library, Errors) {
        let mut lib = Library::default();
        let canonicals: Vec<String> = files
            .iter()
            .filter_map(|f| match &f.kind {
                FileKind::Page { canonical, .. } => Some(canonical.clone()),
                _ => None,
            })
            .collect();
        for (p, canonical) in parsed.into_iter().zip(canonicals) {
            match p {
                Ok(p) => lib.pages.push(p),
                Err(e) => {
                    // Its translations hear nothing more: the error is reported here.
                    lib.broken.insert(canonical);
                    errs.extend(e);
                }
            }
        }
        for f in files {
            match &f.kind {
                FileKind::Asset => {
                    lib.asset_set.insert(f.rel.clone());
                    lib.assets.push(f);
                }
                FileKind::Pickets { canonical } => {
                    if !canonical.starts_with("events/") {
                        errs.push(
                            Error::input("a pickets file belongs next to an action in events/")
                                .at(&f.shown)
                                .hint("move it to content/events/ next to the action's .md file"),
                        );
                    }
                    lib.picket_files.insert(canonical.clone(), f.shown.clone());
                }
                FileKind::Page { .. } => {}
            }
        }
        lib.assemble(config, settings, &mut errs);
        (lib, errs.sorted())
    }

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

    /// The files of content/ a page uses (links, images, `photo:`): what `withhold_assets` keeps
    /// or withholds with the page.
    pub(super) fn assets_used(&self, p: &Page) -> BTreeSet<String> {
        p.body
            .links
            .iter()
            .map(|l| l.dest.split(['#', '?']).next().unwrap_or("").to_string())
            .chain(p.fm.photo.clone())
            .filter_map(|d| match d.strip_prefix('/') {
                Some(abs) => super::links::normalize("", abs),
                None => super::links::normalize(p.dir(), &d),
            })
            .filter(|r| self.asset_set.contains(r))
            .collect()
    }
}
