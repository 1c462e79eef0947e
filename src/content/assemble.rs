//! Building the [`Library`] from the files of `content/`: parse them (in parallel), link
//! translations, decide what is published, give every entry its address, resolve links, and
//! make the lists of sections and tags. [`Library::load`] does it all;
//! [`Library::assemble_parsed`] is its second half, over pages the caller parsed (`serve`).

use super::frontmatter::Kind;
use super::incremental::read_page;
use super::library::{
    Alias, Entry, EntryId, FileKind, Library, PageId, Section, Settings, SourceFile, Tag,
};
use super::page::{Page, alias_path};
use super::walk::walk;
use crate::config::{Config, Untranslated};
use crate::error::{Error, Errors};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

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
        // A translation named like an original in other capitals (`Ivan.ru.md` beside
        // `ivan.md`) would be a page of its own, published even when the original is a draft.
        let originals: BTreeMap<String, &String> = groups
            .iter()
            .filter(|(_, g)| g.contains_key(&config.default_language))
            .map(|(c, _)| (c.to_lowercase(), c))
            .collect();
        for (canonical, g) in &groups {
            if g.contains_key(&config.default_language) {
                continue;
            }
            let Some(&theirs) = originals.get(&canonical.to_lowercase()) else {
                continue;
            };
            for &id in g.values() {
                errs.push(
                    Error::input(format!(
                        "this translation's name differs from its original's ({theirs}) only in capitals: it would be a page of its own"
                    ))
                    .at(&self.pages[id].shown)
                    .hint("rename it to the original's name with the language before .md, in the same capitals"),
                );
            }
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
                let url = entry_url(config, p, lang);
                let (draft, embargoed) = hidden(p);
                let id = self.entries.len();
                self.by_key
                    .entry(canonical.clone())
                    .or_default()
                    .insert(lang.to_string(), id);
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
                    self.aliases.extend(aliases_of(p, id));
                }
            }
        }
        self.folders = folders_of(&self.entries);
    }

    /// Sections with their sorted pages, and tags.
    fn build_lists(&mut self, config: &Config) {
        let mut sections = section_tree(&self.folders);
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
}

/// The address of `p` shown in `lang`: `/ru/prisoners/andrei/`; a section's `_index.md` is its
/// folder's address.
fn entry_url(config: &Config, p: &Page, lang: &str) -> String {
    let prefix = config.lang_prefix(lang);
    if p.is_index {
        if p.section.is_empty() {
            prefix
        } else {
            format!("{prefix}{}/", p.section)
        }
    } else if p.section.is_empty() {
        format!("{prefix}{}/", p.slug())
    } else {
        format!("{prefix}{}/{}/", p.section, p.slug())
    }
}

/// The redirects of the `aliases:` of `p` to its entry `to` (a bad one is the page's error).
fn aliases_of(p: &Page, to: EntryId) -> impl Iterator<Item = Alias> + '_ {
    let written = p.fm.aliases.iter().flatten().enumerate();
    written.filter_map(move |(index, a)| alias_path(a).ok().map(|file| Alias { file, to, index }))
}

/// Every folder that holds a page is a section, and so is each of its ancestors.
fn folders_of(entries: &[Entry]) -> BTreeSet<String> {
    let mut folders = BTreeSet::from([String::new()]);
    for e in entries {
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
    folders
}

/// The sections of `folders`, each knowing its parent and sub-sections, with no pages yet.
fn section_tree(folders: &BTreeSet<String>) -> BTreeMap<String, Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for f in folders {
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
    sections
}
