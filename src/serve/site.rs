//! The previewed site in memory, and how an edit reaches the served files.
//!
//! Three ways, cheapest first:
//! - **text only**: one Markdown file changed and its front matter did not. The file is parsed
//!   again and put in place in the library ([`Library::replace_body`]); its pages (every
//!   language that shows it) and its feed are rendered again; the search index and, when its
//!   summary changed, the list and tag pages that show it wait for a request ([`super::stale`]).
//! - **content**: any other change of content/ (front matter, new or deleted files, picket
//!   tables, assets). The library is assembled again from the pages it already holds (moved, not
//!   copied), with the changed files parsed again; [`deps::select`] compares old and new to find
//!   the pages to render and the files to delete. The edited files' pages and what only the plan
//!   can name (maps, copies) are rendered at once, the rest when a request asks for it.
//! - **everything**: site.yaml, templates, `i18n/`, `data/`, or a change of the navigation every
//!   page shows. A full build into a new folder, which then replaces the served one.
//!
//! A failed build changes nothing that is served: files are rendered into a staging folder and
//! moved into the served folder (one rename each, so a reader gets a whole file, old or new)
//! only when every job succeeded. A full build always goes into a new folder
//! ([`super::served`]); the served one is never replaced under a reader.

use super::deps::{self, Key, Planned};
use super::served::{Folders, Served};
use super::stale::{Pending, may_wait};
use crate::build::{BuildOptions, Content, Frame, load_content, load_frame};
use crate::content::incremental::read_page;
use crate::content::walk::{FileKind, SourceFile, classify, walk};
use crate::content::{BodyChange, FrontMatter, Library, Page, Settings};
use crate::error::{Error, Errors};
use crate::output::Writer;
use crate::output::urls::UrlMode;
use crate::render::jobs::{RenderSettings, render_keys, render_selected};
use crate::render::plan::{JobKey, list_pages};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// What changed on disk since the last update, sorted by what it touches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// site.yaml, a template, a theme's strings, `i18n/`, `data/`: everything is built again.
    pub(crate) everything: bool,
    /// Files of content/ (paths inside it, with `/`).
    pub(crate) content: BTreeSet<String>,
    /// Files copied as they are, by their path in the output (`static/a.css` -> `a.css`).
    pub(crate) statics: BTreeSet<String>,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        !self.everything && self.content.is_empty() && self.statics.is_empty()
    }
}

/// The result of an update.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Served files changed: pages at these site paths (`/ru/news/x/`), or every page.
    Rebuilt {
        paths: Vec<String>,
        all: bool,
        how: &'static str,
        warnings: Errors,
    },
    /// The build failed; the served files are the last good ones.
    Failed(Errors),
}

pub(crate) struct Site {
    opts: BuildOptions,
    now: chrono::DateTime<chrono::Utc>,
    frame: Frame,
    content: Content,
    /// The front matter of each translation as written: the library's copy has inherited the
    /// original's keys, and assembling again must start from what the file says.
    own_fm: BTreeMap<String, FrontMatter>,
    /// Files of content/ changed since `content` was made (an update that failed leaves them).
    dirty: BTreeSet<String>,
    /// The session's own folder (staging and served folders live in it).
    folders: Arc<Folders>,
    /// The folder being served.
    out: Arc<Served>,
    /// An update could not finish putting its files in place: only a full build can be trusted.
    broken: std::cell::Cell<bool>,
    /// Every job of `content`.
    plan: Planned,
    /// Jobs an edit touched that are rendered when the browser asks for one of their files.
    pending: Pending,
    /// The files of content/ as last listed, with what listing them found.
    walked: (Vec<SourceFile>, Errors),
}

fn render_settings(progress: bool) -> RenderSettings {
    RenderSettings {
        // Served at the root of its own address: absolute site paths work everywhere.
        mode: UrlMode::Absolute {
            base_path: "/".into(),
        },
        live_reload: true,
        collect_links: false,
        offline: false,
        progress,
    }
}

impl Site {
    /// A full build of the site into a new folder of the session.
    pub(crate) fn build(
        opts: &BuildOptions,
        folders: &Arc<Folders>,
    ) -> Result<(Site, usize), Errors> {
        let now = match opts.now {
            Some(n) => n,
            None => crate::util::build_time().map_err(|m| Errors::from(Error::usage(m)))?,
        };
        let frame = load_frame(opts)?;
        let config = &frame.config;
        let settings = Settings {
            now,
            drafts: opts.drafts,
        };
        let (files, errs) = walk(config);
        let walked = (files.clone(), errs.clone());
        let parsed: Vec<Result<Page, Errors>> = files.par_iter().filter_map(read_page).collect();
        let own_fm = parsed
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .filter(|p| p.lang != config.default_language)
            .map(|p| (p.rel.clone(), p.fm.clone()))
            .collect();
        let (library, mut errs) = Library::assemble_parsed(config, &settings, files, parsed, errs);
        errs.extend(frame.warnings.iter().cloned());
        if errs.has_errors() {
            return Err(errs.sorted());
        }
        let content = load_content(config, library, errs, now)?;
        let out = folders.fresh();
        let files = render_full(opts, &frame, &content, &out)?;
        let out = Arc::new(Served::new(out));
        let plan = deps::plan_keys(config, &content, &frame.theme);
        Ok((
            Site {
                opts: opts.clone(),
                now,
                frame,
                content,
                own_fm,
                dirty: BTreeSet::new(),
                folders: folders.clone(),
                out,
                broken: Default::default(),
                plan,
                pending: Pending::default(),
                walked,
            },
            files,
        ))
    }

    /// The folder being served.
    pub(crate) fn out(&self) -> &Path {
        self.out.dir()
    }

    /// False when the served folder can no longer be updated in place (deleted by hand, or an
    /// update failed halfway through putting files in place): the caller builds everything.
    pub(crate) fn is_whole(&self) -> bool {
        !self.broken.get() && self.out.is_intact()
    }

    /// The handle that keeps the served folder alive while the server points at it.
    pub(crate) fn served(&self) -> &Arc<Served> {
        &self.out
    }

    pub(crate) fn config(&self) -> &crate::config::Config {
        &self.frame.config
    }

    pub(crate) fn theme(&self) -> &crate::theme::Theme {
        &self.frame.theme
    }

    pub(crate) fn warnings(&self) -> &Errors {
        &self.content.warnings
    }

    /// Brings the served files up to date with `changes`. A full rebuild is the caller's job
    /// (`changes.everything`), so that it can go on serving the old folder meanwhile.
    pub(crate) fn update(&mut self, changes: &Changes) -> Outcome {
        let mut paths = BTreeSet::new();
        let mut warnings = Errors::new();
        let mut how = "static files";
        let mut all = false;
        if !changes.content.is_empty() {
            let fast = match changes.content.iter().collect::<Vec<_>>().as_slice() {
                [one] => self.text_only(one),
                _ => None,
            };
            let res = match fast {
                Some(r) => r,
                None => self.content_changed(&changes.content),
            };
            match res {
                Outcome::Rebuilt {
                    paths: p,
                    all: a,
                    how: h,
                    warnings: w,
                } => {
                    paths.extend(p);
                    all |= a;
                    how = h;
                    warnings.extend(w);
                }
                failed => return failed,
            }
        }
        if !changes.statics.is_empty() {
            match self.statics_changed(&changes.statics) {
                Ok(p) => paths.extend(p),
                Err(e) => return Outcome::Failed(e),
            }
        }
        Outcome::Rebuilt {
            paths: paths.into_iter().collect(),
            all,
            how,
            warnings,
        }
    }

    /// The shortcut for an edit of one page's text; None when it does not apply.
    fn text_only(&mut self, rel: &str) -> Option<Outcome> {
        if self.dirty.iter().any(|d| d != rel) {
            return None;
        }
        let config = &self.frame.config;
        let lib = &self.content.library;
        let pid = lib.page_by_rel(rel)?;
        let old = &lib.pages[pid];
        let file = SourceFile {
            rel: rel.to_string(),
            path: config.root.join("content").join(rel),
            shown: old.shown.clone(),
            kind: FileKind::Page {
                canonical: old.canonical.clone(),
                lang: old.lang.clone(),
                is_index: old.is_index,
            },
        };
        if !file.path.is_file() {
            return None;
        }
        let page = match read_page(&file)? {
            Ok(p) => p,
            Err(e) => {
                self.dirty.insert(rel.to_string());
                return Some(Outcome::Failed(e));
            }
        };
        let own = if page.lang == config.default_language {
            &old.fm
        } else {
            self.own_fm.get(rel)?
        };
        if *own != page.fm || old.is_index {
            return None;
        }
        let change = self.content.library.replace_body(config, pid, page);
        let (entries, summary_changed, mut warnings) = match change {
            BodyChange::Applied {
                entries,
                summary_changed,
                warnings,
            } => (entries, summary_changed, warnings),
            BodyChange::NeedsAssembly => return None,
            BodyChange::Failed(e) => {
                self.dirty.insert(rel.to_string());
                return Some(Outcome::Failed(e));
            }
        };
        let lib = &self.content.library;
        let shown = lib.pages[pid].shown.clone();
        warnings.extend(
            crate::privacy::content_warnings(config, lib)
                .into_iter()
                .filter(|w| w.path.as_deref() == Some(shown.as_path())),
        );
        // Which list and tag pages show these entries (by their place in the sorted lists):
        // they wait for the browser, as does each language's search index (which holds the
        // text).
        let per = config.paginate.max(1);
        let langs: BTreeSet<String> = entries
            .iter()
            .map(|&e| lib.entries[e].lang.clone())
            .collect();
        let mut later: BTreeSet<Key> = langs.iter().map(|l| Key::Search(l.clone())).collect();
        if summary_changed {
            for &e in &entries {
                let en = &lib.entries[e];
                let at = |v: &[usize]| v.iter().position(|&x| x == e).map(|i| i / per + 1);
                if let Some(list) = lib
                    .sections
                    .get(&en.section)
                    .and_then(|s| s.pages.get(&en.lang))
                {
                    let whole = list_pages(config, &en.section, list.len()) == 1;
                    if let Some(no) = at(list) {
                        let no = if whole { 1 } else { no };
                        later.insert(Key::List(en.section.clone(), en.lang.clone(), no));
                    }
                }
                later.insert(Key::List(String::new(), en.lang.clone(), 1));
                for (slug, t) in lib.tags.get(&en.lang).into_iter().flatten() {
                    if let Some(no) = at(&t.entries) {
                        later.insert(Key::Tag(en.lang.clone(), slug.clone(), no));
                    }
                }
            }
        }
        // Its pages and feeds now: named directly, without planning the whole site.
        let mut keys: Vec<JobKey<'_>> = entries.iter().map(|&e| JobKey::Page(e)).collect();
        keys.extend(langs.iter().map(|l| JobKey::Feed(l)));
        let done: Vec<Key> = keys.iter().map(|&k| deps::key_of(k, lib)).collect();
        let rendered = self.render_with(&BTreeSet::new(), |writer| {
            render_keys(
                config,
                lib,
                &self.content.records,
                &self.content.pickets,
                &self.frame.renderer,
                writer,
                &render_settings(false),
                &keys,
            )
            .map(|_| ())
        });
        let rendered = rendered.map(|mut paths| {
            self.pending.done(&done);
            self.pending.add(later);
            paths.extend(self.pending.publish(
                &self.frame.config,
                &self.content,
                &self.plan,
                &self.out,
            ));
            paths
        });
        match rendered {
            Ok(paths) => {
                self.dirty.clear();
                Some(Outcome::Rebuilt {
                    paths,
                    all: false,
                    how: "one page's text",
                    warnings,
                })
            }
            Err(e) => {
                self.dirty.insert(rel.to_string());
                Some(Outcome::Failed(e))
            }
        }
    }

    /// Any change of content/: the library assembled again, then what changed rendered.
    fn content_changed(&mut self, changed: &BTreeSet<String>) -> Outcome {
        self.dirty.extend(changed.iter().cloned());
        let config = &self.frame.config;
        let settings = Settings {
            now: self.now,
            drafts: self.opts.drafts,
        };
        // Files edited in place leave the list of files as it was: listed again only when a
        // changed name is new, gone, or no longer a plain file (created, deleted, renamed).
        let content_dir = config.root.join("content");
        let same_files = self.dirty.iter().all(|rel| {
            self.walked.0.iter().any(|f| f.rel == *rel)
                && std::fs::symlink_metadata(content_dir.join(rel)).is_ok_and(|m| m.is_file())
        });
        let walked = if same_files {
            self.walked.clone()
        } else {
            walk(config)
        };
        let (files, errs) = walked.clone();
        // Files not changed keep their parse: their pages are taken from the library as it
        // is, their bodies (the text, its HTML and links: most of a page) moved rather than
        // copied, so that an edit allocates no second copy of the site. Until the new library
        // is in place, the old one lends them: [`Site::give_back`] returns them on failure.
        let by_rel: BTreeMap<String, usize> = self
            .content
            .library
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.rel.clone(), i))
            .collect();
        let lent: BTreeMap<String, usize> = files
            .iter()
            .filter(|f| !self.dirty.contains(&f.rel) && matches!(f.kind, FileKind::Page { .. }))
            .filter_map(|f| Some((f.rel.clone(), *by_rel.get(&f.rel)?)))
            .collect();
        let old_pages = &mut self.content.library.pages;
        let mut bodies: BTreeMap<&str, crate::markdown::Rendered> = lent
            .iter()
            .map(|(rel, &pid)| (rel.as_str(), std::mem::take(&mut old_pages[pid].body)))
            .collect();
        let taken: Vec<Option<crate::markdown::Rendered>> = files
            .iter()
            .map(|f| bodies.remove(f.rel.as_str()))
            .collect();
        let (lib, own_fm) = (&self.content.library, &self.own_fm);
        let parsed: Vec<Result<Page, Errors>> = files
            .par_iter()
            .zip(taken.into_par_iter())
            .filter_map(|(f, body)| match (body, lent.get(&f.rel)) {
                (Some(body), Some(&pid)) => {
                    let mut p = lib.pages[pid].clone();
                    p.body = body;
                    if let Some(fm) = own_fm.get(&f.rel) {
                        p.fm = fm.clone();
                    }
                    Some(Ok(p))
                }
                _ => read_page(f),
            })
            .collect();
        let fresh_fm: Vec<(String, Option<FrontMatter>)> = self
            .dirty
            .iter()
            .map(|rel| {
                let fm = parsed
                    .iter()
                    .filter_map(|p| p.as_ref().ok())
                    .find(|p| &p.rel == rel && p.lang != config.default_language)
                    .map(|p| p.fm.clone());
                (rel.clone(), fm)
            })
            .collect();
        let (mut library, errs) = Library::assemble_parsed(config, &settings, files, parsed, errs);
        if errs.has_errors() {
            self.give_back(&lent, Some(&mut library.pages), &walked.0);
            return Outcome::Failed(errs);
        }
        let mut content = match load_content(config, library, errs, self.now) {
            Ok(c) => c,
            Err(e) => {
                self.give_back(&lent, None, &walked.0);
                return Outcome::Failed(e);
            }
        };
        let mut canonicals = BTreeSet::new();
        let mut assets = BTreeSet::new();
        for rel in &self.dirty {
            match classify(rel, config) {
                Ok(FileKind::Page { canonical, .. }) | Ok(FileKind::Pickets { canonical }) => {
                    canonicals.insert(canonical);
                }
                Ok(FileKind::Asset) => {
                    assets.insert(rel.clone());
                }
                Err(_) => {}
            }
        }
        let mut sel = deps::select(
            config,
            &self.frame.theme,
            &self.content,
            &self.plan,
            &content,
            &canonicals,
            &assets,
        );
        // The pages of the edited files now; what else the edit touched when asked for.
        let (now, later): (BTreeSet<Key>, BTreeSet<Key>) = std::mem::take(&mut sel.keys)
            .into_iter()
            .partition(|k| !may_wait(k) || matches!(k, Key::Page(c, _) if canonicals.contains(c)));
        let result = if sel.all {
            // Into a new folder: the served one stays whole until the server points at this
            // one, and is deleted when its last reader is done.
            let out = self.folders.fresh();
            render_full(&self.opts, &self.frame, &content, &out).map(|_| {
                self.out = Arc::new(Served::new(out));
                self.broken.set(false);
                self.pending.clear();
                sel.plan = deps::plan_keys(config, &content, &self.frame.theme);
                Vec::new()
            })
        } else {
            let now = now
                .into_iter()
                .map(|k| {
                    let of = sel.plan.get(&k).copied().unwrap_or(0);
                    (k, of)
                })
                .collect();
            let rendered = self.render_jobs(&content, &now, &sel.remove);
            if rendered.is_ok() {
                self.pending.done(now.keys());
                self.pending.add(later);
            }
            rendered
        };
        match result {
            Ok(paths) => {
                for (rel, fm) in fresh_fm {
                    match fm {
                        Some(fm) => self.own_fm.insert(rel, fm),
                        None => self.own_fm.remove(&rel),
                    };
                }
                // The old library goes on a thread of its own: freeing tens of thousands of
                // pages takes a while, and the edited page is waiting.
                drop_later(std::mem::replace(&mut self.content, content));
                self.plan = sel.plan;
                self.walked = walked;
                self.dirty.clear();
                let mut paths = paths;
                paths.extend(self.pending.publish(
                    &self.frame.config,
                    &self.content,
                    &self.plan,
                    &self.out,
                ));
                Outcome::Rebuilt {
                    paths,
                    all: sel.all,
                    how: if sel.all { "every page" } else { "content" },
                    warnings: self.content.warnings.clone(),
                }
            }
            Err(e) => {
                self.give_back(&lent, Some(&mut content.library.pages), &walked.0);
                Outcome::Failed(e)
            }
        }
    }

    /// After a failed update, returns the bodies the library lent (`lent`: file -> page) from
    /// the pages of the new library, or, when it is gone, parses those files again: they have not
    /// changed since (a change would be in `dirty`), so their parse is the one lent.
    fn give_back(
        &mut self,
        lent: &BTreeMap<String, usize>,
        new_pages: Option<&mut Vec<Page>>,
        files: &[SourceFile],
    ) {
        let pages = &mut self.content.library.pages;
        if let Some(new_pages) = new_pages {
            for p in new_pages.iter_mut() {
                if let Some(&pid) = lent.get(&p.rel)
                    && let Some(old) = pages.get_mut(pid)
                {
                    old.body = std::mem::take(&mut p.body);
                }
            }
            return;
        }
        let again: Vec<(usize, Option<Result<Page, Errors>>)> = files
            .par_iter()
            .filter_map(|f| Some((*lent.get(&f.rel)?, read_page(f))))
            .collect();
        for (pid, parsed) in again {
            match (parsed, pages.get_mut(pid)) {
                (Some(Ok(p)), Some(old)) => old.body = p.body,
                // Changed or gone meanwhile: read again with the next update.
                _ => {
                    if let Some(old) = pages.get(pid) {
                        self.dirty.insert(old.rel.clone());
                    }
                }
            }
        }
    }

    /// Files of static/ (or a theme's): copied again, or removed when no job makes them.
    fn statics_changed(&mut self, rels: &BTreeSet<String>) -> Result<Vec<String>, Errors> {
        let planned = deps::plan_keys(&self.frame.config, &self.content, &self.frame.theme);
        let remove: BTreeSet<String> = rels
            .iter()
            .filter(|r| !planned.contains_key(&Key::Copy((*r).clone())))
            .cloned()
            .collect();
        let select = |k: JobKey<'_>| matches!(k, JobKey::Copy(r) if rels.contains(r));
        self.render(&self.content, &select, &remove)
    }

    /// Renders the pending jobs that write one of `rels` (paths inside the served folder),
    /// for a request that asked for one.
    pub(crate) fn render_stale(&mut self, rels: &[String]) -> Result<(), Errors> {
        let keys = self.pending.take_for(rels, &self.plan);
        self.render_pending(keys)
    }

    /// Renders every pending job: the served folder is then what a clean build writes.
    #[cfg(test)]
    pub(crate) fn flush(&mut self) -> Result<(), Errors> {
        let keys = self.pending.take_all(&self.plan);
        self.render_pending(keys)
    }

    fn render_pending(&mut self, keys: BTreeMap<Key, usize>) -> Result<(), Errors> {
        if keys.is_empty() {
            return Ok(());
        }
        let result = self.render_jobs(&self.content, &keys, &BTreeSet::new());
        if result.is_err() {
            // Still out of date: asked for again, they are tried again.
            self.pending.add(keys.into_keys());
        }
        self.pending
            .publish(&self.frame.config, &self.content, &self.plan, &self.out);
        result.map(|_| ())
    }

    /// Renders the jobs `keys` (each with its number of pages) of `content`: named directly
    /// when they can be, through the plan of the whole site when one of them needs it.
    fn render_jobs(
        &self,
        content: &Content,
        keys: &BTreeMap<Key, usize>,
        remove: &BTreeSet<String>,
    ) -> Result<Vec<String>, Errors> {
        let lib = &content.library;
        let named: Option<Vec<JobKey<'_>>> = keys
            .iter()
            .map(|(k, &of)| deps::job_key(k, of, lib))
            .collect();
        match named {
            Some(jobs) => self.render_with(remove, |writer| {
                render_keys(
                    &self.frame.config,
                    lib,
                    &content.records,
                    &content.pickets,
                    &self.frame.renderer,
                    writer,
                    &render_settings(false),
                    &jobs,
                )
                .map(|_| ())
            }),
            None => {
                let select = |k: JobKey<'_>| keys.contains_key(&deps::key_of(k, lib));
                self.render(content, &select, remove)
            }
        }
    }

    /// Renders the jobs `select` keeps into a staging folder, deletes `remove` from the served
    /// folder, and moves the new files in. Returns the site paths that changed.
    fn render(
        &self,
        content: &Content,
        select: &dyn Fn(JobKey<'_>) -> bool,
        remove: &BTreeSet<String>,
    ) -> Result<Vec<String>, Errors> {
        self.render_with(remove, |writer| {
            render_selected(
                &self.frame.config,
                &content.library,
                &content.records,
                &content.pickets,
                &self.frame.theme,
                &self.frame.renderer,
                writer,
                &render_settings(false),
                select,
            )
            .map(|_| ())
        })
    }

    /// Runs `render` with a writer into a staging folder, then deletes `remove` from the served
    /// folder and moves the new files in. Returns the site paths that changed.
    fn render_with(
        &self,
        remove: &BTreeSet<String>,
        render: impl FnOnce(&Writer) -> Result<(), Errors>,
    ) -> Result<Vec<String>, Errors> {
        let stage = self.folders.dir().join("stage");
        let writer = Writer::new(&self.opts.root, &stage, false)?;
        render(&writer)?;
        let mut paths = Vec::new();
        // Only files the new version does not have: one it has again is replaced, never removed
        // first (a reader would find it missing meanwhile).
        let rewritten = |rel: &str| writer.staging().is_some_and(|s| s.join(rel).is_file());
        for rel in remove.iter().filter(|r| !rewritten(r)) {
            let p = self.out().join(rel);
            if std::fs::remove_file(&p).is_ok() {
                paths.push(site_path(rel));
                prune_empty(self.out(), p.parent());
            }
        }
        let Some(staging) = writer.staging() else {
            return Ok(paths);
        };
        if !self.out.is_intact() {
            self.broken.set(true);
            return Err(Error::usage("the preview's folder was deleted").into());
        }
        for entry in walkdir::WalkDir::new(staging).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(staging) else {
                continue;
            };
            // One rename each: a reader gets the old file or the new one, whole. A file that
            // cannot be put in place (a folder there now) leaves the served folder part old,
            // part new: the caller then builds everything into a new folder.
            let dest = self.out().join(rel);
            let moved = match dest.parent() {
                Some(d) => std::fs::create_dir_all(d).map_err(|e| Error::io(d, &e)),
                None => Ok(()),
            }
            .and_then(|()| std::fs::rename(entry.path(), &dest).map_err(|e| Error::io(&dest, &e)));
            if let Err(e) = moved {
                self.broken.set(true);
                return Err(e.into());
            }
            paths.push(site_path(&crate::util::slash_path(rel)));
        }
        Ok(paths)
    }
}

/// Drops `value` on a thread of its own (a thread that cannot be started drops it here).
fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("samizdat-cleanup".into())
        .spawn(move || drop(value));
}

/// A full render of `content` into the new folder `out` (a staging folder swapped in).
fn render_full(
    opts: &BuildOptions,
    frame: &Frame,
    content: &Content,
    out: &Path,
) -> Result<usize, Errors> {
    let writer = Writer::new(&opts.root, out, true)?;
    let stats = render_selected(
        &frame.config,
        &content.library,
        &content.records,
        &content.pickets,
        &frame.theme,
        &frame.renderer,
        &writer,
        &render_settings(opts.progress),
        &|_| true,
    )?;
    writer.commit()?;
    Ok(stats.files)
}

/// `ru/news/x/index.html` -> `/ru/news/x/`; other files keep their name.
pub(crate) fn site_path(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{rel}"),
    }
}

/// Removes folders left empty by a deletion, up to (not including) `root`.
fn prune_empty(root: &Path, mut dir: Option<&Path>) {
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            return;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
#[path = "site_tests.rs"]
mod tests;
