//! The Library: every page of the site, owned in one arena and indexed, built once and then
//! shared read-only by the rendering threads.
//!
//! `pages` are the Markdown files as parsed. `entries` are what the site publishes: one per page
//! and language (`prisoners/x.md` in `ru` is the translation, or the original shown as a
//! fallback). Side indexes (`sections`, `tags`, translations by canonical name) hold ids, not
//! references, so the library has no lifetimes and no locks.

use super::frontmatter::{DateValue, Kind};
use super::incremental::read_page;
use super::page::{Page, alias_path};
use super::walk::{SourceFile, walk};
use crate::config::{Config, Untranslated};
use crate::error::{Error, Errors};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
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
    /// (canonical, lang) -> entry.
    by_key: BTreeMap<(String, String), EntryId>,
    /// canonical -> lang -> page: every file, published or not.
    files: BTreeMap<String, BTreeMap<String, PageId>>,
    /// Canonical names of files that did not parse (their errors are reported already).
    pub(crate) broken: BTreeSet<String>,
    /// Canonical names of pages that exist but are not published (draft or embargoed).
    pub(crate) unpublished: BTreeSet<String>,
    pub(crate) asset_set: BTreeSet<String>,
    /// Every folder of content/ that holds a page (for links to folders).
    pub(crate) folders: BTreeSet<String>,
}

impl Library {
    /// Walks content/, parses every file (in parallel), links translations, resolves links.
    /// On success, also returns the warnings.
    pub fn load(config: &Config, settings: &Settings) -> Result<(Library, Errors), Errors> {
        let (files, errs) = walk(config);
        let parsed: Vec<Result<Page, Errors>> = files.par_iter().filter_map(read_page).collect();
        let (lib, errs) = Library::assemble_parsed(config, settings, files, parsed, errs);
        if errs.has_errors() {
            Err(errs)
        } else {
            Ok((lib, errs))
        }
    }

    /// Everything after parsing: translations, publication, entries, URLs, links, lists.
    pub(super) fn assemble(&mut self, config: &Config, settings: &Settings, errs: &mut Errors) {
        let groups = self.link_translations(config, errs);
        self.files = groups.clone();
        let published = self.publication(config, settings, &groups, errs);
        self.withhold_assets(config, &published, errs);
        self.check_required(config, errs);
        self.make_entries(config, settings, &published);
        for (canonical, _) in self
            .picket_files
            .iter()
            .filter(|(c, _)| !groups.contains_key(*c))
        {
            errs.push(
                Error::input(format!(
                    "pickets file without an action: there is no {canonical}"
                ))
                .at(PathBuf::from("content").join(canonical.replace(".md", ".pickets.csv")))
                .hint("name the file after its action: events/NAME.md and events/NAME.pickets.csv"),
            );
        }
        // Links are checked even when other files have errors, so a build reports every
        // mistake at once; links to a file that did not parse are not reported again.
        let resolved = super::links::resolve_all(self, config);
        for (id, urls, summary, es) in resolved {
            if let Some(e) = self.entries.get_mut(id) {
                e.link_urls = urls;
                e.summary = summary;
            }
            errs.extend(es);
        }
        self.build_lists(config);
    }

    /// canonical -> lang -> page; translations completed with their original's keys.
    fn link_translations(
        &mut self,
        config: &Config,
        errs: &mut Errors,
    ) -> BTreeMap<String, BTreeMap<String, PageId>> {
        let mut groups: BTreeMap<String, BTreeMap<String, PageId>> = BTreeMap::new();
        for (id, p) in self.pages.iter().enumerate() {
            let g = groups.entry(p.canonical.clone()).or_default();
            if let Some(&other) = g.get(&p.lang) {
                errs.push(
                    Error::input(format!(
                        "two files are the `{}` version of {}: this one and {}",
                        p.lang,
                        p.canonical,
                        self.pages[other].shown.display()
                    ))
                    .at(&p.shown)
                    .hint("keep one: NAME.md is the default language, NAME.LANG.md a translation"),
                );
                continue;
            }
            g.insert(p.lang.clone(), id);
        }
        for g in groups.values() {
            let Some(&orig) = g.get(&config.default_language) else {
                continue;
            };
            let original = self.pages[orig].fm.clone();
            for (lang, &id) in g {
                if *lang != config.default_language {
                    let own = self.pages[id].fm.letters.as_ref();
                    let addr = |l: Option<&super::frontmatter::Letters>| {
                        l.and_then(|l| l.address.as_deref())
                            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                    };
                    let (mine, theirs) = (addr(own), addr(original.letters.as_ref()));
                    if mine.is_some() && theirs.is_some() && mine != theirs {
                        errs.push(self.pages[id].warning_at(
                            "letters.address",
                            "this translation's letters.address differs from the original's; \
                             the original's is published",
                        ).hint(format!(
                            "addresses are never translated, so a move to another prison reaches \
                             every language at once: remove `address:` from this file, or correct \
                             {}",
                            self.pages[orig].shown.display()
                        )));
                    }
                    let fm = std::mem::take(&mut self.pages[id].fm);
                    self.pages[id].fm = fm.inherit(&original);
                }
            }
        }
        groups
    }

    /// The published pages of each group; drafts and embargoed pages are left out (or, with
    /// `--drafts`, kept and marked).
    fn publication(
        &mut self,
        config: &Config,
        settings: &Settings,
        groups: &BTreeMap<String, BTreeMap<String, PageId>>,
        errs: &mut Errors,
    ) -> BTreeMap<String, BTreeMap<String, PageId>> {
        let hidden = |p: &Page| {
            p.fm.draft == Some(true)
                || p.fm
                    .publish_after
                    .is_some_and(|t| t.instant(config.timezone) > settings.now)
        };
        let mut out = BTreeMap::new();
        for (canonical, g) in groups {
            let original_hidden = g
                .get(&config.default_language)
                .is_some_and(|&o| hidden(&self.pages[o]));
            let kept: BTreeMap<String, PageId> = g
                .iter()
                .filter(|&(_, &id)| {
                    settings.drafts || !(original_hidden || hidden(&self.pages[id]))
                })
                .map(|(l, &id)| (l.clone(), id))
                .collect();
            if kept.len() < g.len() {
                self.unpublished.insert(canonical.clone());
            }
            if !kept.is_empty() {
                out.insert(canonical.clone(), kept);
            }
        }
        self.withhold_folders(&mut out, errs);
        out
    }

    /// `title` on every page, `status` on prisoners, `start` on actions (after inheritance).
    fn check_required(&self, config: &Config, errs: &mut Errors) {
        for p in &self.pages {
            // A translation inherits; only the file that should have the key hears about it.
            // A translation of a file that did not parse hears nothing more: the error is there.
            let has_original = p.lang != config.default_language;
            if has_original && self.broken.contains(&p.canonical) {
                continue;
            }
            if p.is_index
                || (has_original && self.file(&p.canonical, &config.default_language).is_some())
            {
                continue;
            }
            let mut required = vec!["title"];
            required.extend_from_slice(p.kind.required_keys());
            for key in required {
                if !p.fm.has_key(key) {
                    let what = match p.kind.folder() {
                        Some(f) if key != "title" => format!("a page in {f}/ needs `{key}`"),
                        _ => "a page needs a `title`".to_string(),
                    };
                    errs.push(
                        Error::input(format!("missing required key `{key}`: {what}"))
                            .at(&p.shown)
                            .line(1)
                            .hint(format!(
                                "add `{key}: …` to the front matter between the `---` lines"
                            )),
                    );
                }
            }
        }
    }

    /// An entry per published page and language, with its URL, and the aliases. Two of them
    /// at one address are found by the output plan (`render::plan`), with every other file.
    fn make_entries(
        &mut self,
        config: &Config,
        settings: &Settings,
        published: &BTreeMap<String, BTreeMap<String, PageId>>,
    ) {
        let hidden = |p: &Page| {
            (
                p.fm.draft == Some(true),
                p.fm.publish_after
                    .is_some_and(|t| t.instant(config.timezone) > settings.now),
            )
        };
        for (canonical, g) in published {
            let original = g
                .get(&config.default_language)
                .or_else(|| config.codes().find_map(|l| g.get(l)))
                .copied();
            let Some(original) = original else { continue };
            for lang in config.codes() {
                let (page_id, fallback) = match g.get(lang) {
                    Some(&id) => (id, false),
                    None if config.untranslated == Untranslated::Fallback => (original, true),
                    None => continue,
                };
                let p = &self.pages[page_id];
                let prefix = config.lang_prefix(lang);
                let url = if p.is_index {
                    if p.section.is_empty() {
                        prefix
                    } else {
                        format!("{prefix}{}/", p.section)
                    }
                } else if p.section.is_empty() {
                    format!("{prefix}{}/", p.slug())
                } else {
                    format!("{prefix}{}/{}/", p.section, p.slug())
                };
                let (draft, embargoed) = hidden(p);
                let id = self.entries.len();
                self.by_key
                    .insert((canonical.clone(), lang.to_string()), id);
                self.entries.push(Entry {
                    canonical: canonical.clone(),
                    lang: lang.to_string(),
                    page: page_id,
                    fallback,
                    url,
                    is_index: p.is_index,
                    section: p.section.clone(),
                    kind: p.kind,
                    draft,
                    embargoed,
                    outdated: !fallback
                        && p.lang != config.default_language
                        && p.fm.source_hash.as_ref().is_some_and(|h| {
                            g.get(&config.default_language)
                                .is_some_and(|&o| self.pages[o].text_hash != h.trim())
                        }),
                    link_urls: Vec::new(),
                    summary: None,
                });
                if !fallback {
                    for (index, a) in p.fm.aliases.iter().flatten().enumerate() {
                        if let Ok(file) = alias_path(a) {
                            self.aliases.push(Alias {
                                file,
                                to: id,
                                index,
                            });
                        }
                    }
                }
            }
        }
        // Every folder that holds a page is a section, and so is each of its ancestors.
        let mut folders = BTreeSet::from([String::new()]);
        for e in &self.entries {
            let mut s = e.section.as_str();
            loop {
                folders.insert(s.to_string());
                match s.rfind('/') {
                    Some(i) => s = &s[..i],
                    None if !s.is_empty() => s = "",
                    None => break,
                }
            }
        }
        self.folders = folders;
    }

    /// Sections with their sorted pages, and tags.
    fn build_lists(&mut self, config: &Config) {
        let mut sections: BTreeMap<String, Section> = BTreeMap::new();
        for f in &self.folders {
            let parent = if f.is_empty() {
                None
            } else {
                Some(f.rfind('/').map(|i| f[..i].to_string()).unwrap_or_default())
            };
            let top = f.split('/').next().unwrap_or("");
            sections.insert(
                f.clone(),
                Section {
                    path: f.clone(),
                    kind: if f.is_empty() {
                        None
                    } else {
                        Some(Kind::of_section(top))
                    },
                    parent,
                    ..Section::default()
                },
            );
        }
        let children: Vec<(String, String)> = sections
            .values()
            .filter_map(|s| s.parent.clone().map(|p| (p, s.path.clone())))
            .collect();
        for (parent, child) in children {
            if let Some(p) = sections.get_mut(&parent) {
                p.subsections.push(child);
            }
        }
        let mut tags: BTreeMap<String, BTreeMap<String, Tag>> = BTreeMap::new();
        for (id, e) in self.entries.iter().enumerate() {
            let Some(s) = sections.get_mut(&e.section) else {
                continue;
            };
            if e.is_index {
                s.index.insert(e.lang.clone(), id);
                continue;
            }
            s.pages.entry(e.lang.clone()).or_default().push(id);
            for t in self.pages[e.page].fm.tags.iter().flatten() {
                let slug = crate::util::slugify(t);
                tags.entry(e.lang.clone())
                    .or_default()
                    .entry(slug.clone())
                    .or_insert_with(|| Tag {
                        name: t.clone(),
                        slug,
                        entries: Vec::new(),
                    })
                    .entries
                    .push(id);
            }
        }
        for s in sections.values_mut() {
            for list in s.pages.values_mut() {
                list.sort_by(|&a, &b| self.order(a, b));
            }
        }
        for per_lang in tags.values_mut() {
            for t in per_lang.values_mut() {
                t.entries.sort_by(|&a, &b| self.order(a, b));
                t.entries.dedup();
            }
        }
        let _ = config;
        self.sections = sections;
        self.tags = tags;
    }

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
            .get(&(canonical.to_string(), lang.to_string()))
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
