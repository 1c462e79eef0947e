//! The Library: every page of the site, owned in one arena and indexed, built once and then
//! shared read-only by the rendering threads.
//!
//! `pages` are the Markdown files as parsed. `entries` are what the site publishes: one per page
//! and language (`prisoners/x.md` in `ru` is the translation, or the original shown as a
//! fallback). Side indexes (`sections`, `tags`, translations by canonical name) hold ids, not
//! references, so the library has no lifetimes and no locks.
//!
//! This file holds the arena's types and what reading it asks; it looks at no other stage.
//! Building it is `assemble`'s ([`Library::load`]); links are resolved by `links`; `serve`'s
//! steps are in [`incremental`](super::incremental).

use super::frontmatter::{DateValue, Kind};
use super::page::Page;
use crate::config::Config;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub type PageId = usize;
pub type EntryId = usize;

/// What the build knows before reading content: "today" and whether drafts are shown.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub now: DateTime<Utc>,
    /// `serve --drafts`: drafts and embargoed pages are built, and marked.
    pub drafts: bool,
}

/// A page as published in one language.
#[derive(Debug, Clone)]
pub struct Entry {
    pub canonical: String,
    pub lang: String,
    /// The file whose text is shown.
    pub page: PageId,
    /// True when `page` is in another language than `lang` (no translation yet).
    pub fallback: bool,
    /// Site path: `/ru/prisoners/andrei/`.
    pub url: String,
    pub is_index: bool,
    pub section: String,
    pub kind: Kind,
    pub draft: bool,
    pub embargoed: bool,
    /// A translation whose `source_hash` no longer matches its original's text.
    pub outdated: bool,
    /// Resolved URL of each internal link of the page's Markdown (placeholder N -> N).
    pub link_urls: Vec<String>,
    /// Summary as HTML: front matter `summary` (escaped) or the first paragraph.
    pub summary: Option<String>,
}

/// A folder of content/ and its list pages.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// `prisoners`, `about/team`, `` for the home page.
    pub path: String,
    pub kind: Option<Kind>,
    pub parent: Option<String>,
    pub subsections: Vec<String>,
    /// The `_index.md` entry of each language, if any.
    pub index: BTreeMap<String, EntryId>,
    /// Entries directly in the folder, per language, newest first.
    pub pages: BTreeMap<String, Vec<EntryId>>,
}

impl Section {
    /// Whether language `lang` has this section's list page: the home page always, another
    /// section when it has pages or an `_index.md` in that language. The plan, the list's
    /// language switcher and every link to a section ask this one rule.
    pub fn listed_in(&self, lang: &str) -> bool {
        self.path.is_empty()
            || self.index.contains_key(lang)
            || self.pages.get(lang).is_some_and(|v| !v.is_empty())
    }
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub entries: Vec<EntryId>,
}

#[derive(Debug, Clone)]
pub struct Alias {
    /// Output file, e.g. `old/path/index.html`.
    pub file: String,
    pub to: EntryId,
    /// Its place in the page's `aliases:` list (for the line of errors).
    pub index: usize,
}

#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub entries: Vec<Entry>,
    pub sections: BTreeMap<String, Section>,
    /// lang -> tag slug -> tag.
    pub tags: BTreeMap<String, BTreeMap<String, Tag>>,
    pub aliases: Vec<Alias>,
    /// Files copied as they are (co-located images, PDFs).
    pub assets: Vec<SourceFile>,
    /// `events/NAME.pickets.csv` by the canonical name of its action.
    pub picket_files: BTreeMap<String, PathBuf>,
    /// canonical -> lang -> entry (nested, so a lookup by `&str` allocates nothing).
    pub(super) by_key: BTreeMap<String, BTreeMap<String, EntryId>>,
    /// canonical -> lang -> page: every file, published or not.
    pub(super) files: BTreeMap<String, BTreeMap<String, PageId>>,
    /// Canonical names of files that did not parse (their errors are reported already).
    pub(crate) broken: BTreeSet<String>,
    /// Canonical names of pages that exist but are not published (draft or embargoed).
    pub(crate) unpublished: BTreeSet<String>,
    pub(crate) asset_set: BTreeSet<String>,
    /// Every folder of content/ that holds a page (for links to folders).
    pub(crate) folders: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A Markdown page or section text.
    Page {
        canonical: String,
        lang: String,
        is_index: bool,
    },
    /// `NAME.pickets.csv`: pickets for the action `canonical`.
    Pickets { canonical: String },
    /// Copied to the output at the same path.
    Asset,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path inside `content/`, with `/` separators.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
    /// Path from the site root, for messages (`content/prisoners/x.md`).
    pub shown: PathBuf,
    pub kind: FileKind,
}

impl Library {
    /// Newest first; undated pages after dated ones, by title.
    pub fn order(&self, a: EntryId, b: EntryId) -> std::cmp::Ordering {
        let (ea, eb) = (&self.entries[a], &self.entries[b]);
        let (pa, pb) = (&self.pages[ea.page], &self.pages[eb.page]);
        let da = pa.fm.date.map(|d| d.date());
        let db = pb.fm.date.map(|d| d.date());
        db.cmp(&da)
            .then_with(|| pa.fm.title.cmp(&pb.fm.title))
            .then_with(|| ea.url.cmp(&eb.url))
    }

    /// The file of `canonical` in `lang`, published or not.
    pub fn file(&self, canonical: &str, lang: &str) -> Option<PageId> {
        self.files.get(canonical).and_then(|g| g.get(lang)).copied()
    }

    pub fn entry(&self, canonical: &str, lang: &str) -> Option<EntryId> {
        self.by_key
            .get(canonical)
            .and_then(|g| g.get(lang))
            .copied()
    }

    /// The entries of `canonical` in every language that has one, in the site's language order.
    pub fn translations<'a>(
        &'a self,
        config: &'a Config,
        canonical: &'a str,
    ) -> impl Iterator<Item = EntryId> + 'a {
        config.codes().filter_map(move |l| self.entry(canonical, l))
    }

    /// The page shown by an entry.
    pub fn page_of(&self, e: EntryId) -> &Page {
        &self.pages[self.entries[e].page]
    }

    /// Title of an entry (index pages without a title get their folder's name).
    pub fn title(&self, e: EntryId) -> String {
        let p = self.page_of(e);
        p.fm.title.clone().unwrap_or_else(|| {
            let name = p.section.rsplit('/').next().unwrap_or("");
            let mut c = name.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c)
                    .collect::<String>()
                    .replace('-', " "),
                None => String::new(),
            }
        })
    }

    pub fn date(&self, e: EntryId) -> Option<DateValue> {
        self.page_of(e).fm.date
    }
}
