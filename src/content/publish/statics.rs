//! The files of `static/` and of the theme's `static/` that are published, by the rules of
//! [`super`]: the walk of `static/` (without following links, hidden files and editors' files
//! left out, `.well-known/` kept), and the list of copies the output plan starts from.

use super::{HOST_FILES, Origin, Verdict, WELL_KNOWN, check_text, judge, matches_pattern};
use crate::config::Config;
use crate::content::Library;
use crate::error::{Error, Errors};
use crate::theme::{Source, Theme};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file of a `static/` folder that may be published.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Path in the output (and inside `static/`), with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    /// From the site root, for messages: `static/css/site.css`.
    pub shown: PathBuf,
    /// [`Verdict::Copy`] or [`Verdict::IfLinked`].
    pub verdict: Verdict,
}

/// The files of the site folder `dir` (`static`, `themes/NAME/static`) that may be published, in
/// path order. Warnings for what is left out, errors for what cannot be (a page in disguise, a
/// folder that is a symbolic link).
pub(crate) fn static_files(config: &Config, dir: &str, errs: &mut Errors) -> Vec<StaticFile> {
    let root = match super::site_folder(&config.root, dir) {
        Ok(Some(r)) => r,
        Ok(None) => return Vec::new(),
        Err(e) => {
            errs.push(e);
            return Vec::new();
        }
    };
    let also = &config.also_publish;
    let walker = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || (e.depth() == 1 && name == WELL_KNOWN && e.file_type().is_dir())
                || (e.file_type().is_file()
                    && (HOST_FILES.contains(&name.as_ref())
                        || also.iter().any(|p| matches_pattern(p, &name))))
                || !crate::content::ignored::is_ignored(&name)
        });
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                let shown = Path::new(dir).join(p.strip_prefix(&root).unwrap_or(&p));
                errs.push(Error::input(format!("cannot read: {e}")).at(shown));
                continue;
            }
        };
        let rel_path = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let shown = Path::new(dir).join(rel_path);
        let ft = entry.file_type();
        if ft.is_symlink() {
            errs.push(
                Error::warning(format!(
                    "symbolic link skipped: only real files under {dir}/ are published"
                ))
                .at(&shown)
                .hint(format!(
                    "copy the file into {dir}/ instead of linking to it"
                )),
            );
            continue;
        }
        if !ft.is_file() {
            continue;
        }
        let Some(rel) = super::site_rel(rel_path, &shown, errs) else {
            continue;
        };
        match judge(&rel, Origin::Static, also) {
            v @ (Verdict::Copy | Verdict::IfLinked(_)) => match check_text(entry.path(), &shown) {
                Ok(()) => files.push(StaticFile {
                    rel,
                    path: entry.path().to_path_buf(),
                    shown,
                    verdict: v,
                }),
                Err(e) => errs.push(e),
            },
            Verdict::Withhold(m, h) => errs.push(Error::warning(m).at(&shown).hint(h)),
            Verdict::Refuse(m, h) => errs.push(Error::input(m).at(&shown).hint(h)),
            Verdict::Source => {}
        }
    }
    files
}

/// What the output copies from the theme's `static/` and the site's `static/` (which may
/// replace the theme's files), by output path: the source and how messages name it. The
/// theme's files on disk and the site's go through the same rules; the built-in theme's are
/// samizdat's own.
pub(crate) fn static_copies(
    config: &Config,
    theme: &Theme,
    lib: &Library,
    errs: &mut Errors,
) -> BTreeMap<String, (Source, String)> {
    let linked = linked_site_paths(lib);
    let mut copies = BTreeMap::new();
    let keep = |rel: &str, verdict: &Verdict, shown: &Path, errs: &mut Errors| match verdict {
        Verdict::Copy => true,
        Verdict::IfLinked(_) if linked.contains(rel) => true,
        Verdict::IfLinked(what) => {
            errs.push(
                Error::warning(format!("not published: {what} are published only when a page links to them, and no page links to /{rel}"))
                    .at(shown)
                    .hint(format!("link to it from a page ([download](/{rel})) to publish it, or keep working files outside the site")),
            );
            false
        }
        Verdict::Withhold(m, h) => {
            errs.push(Error::warning(m.clone()).at(shown).hint(h.clone()));
            false
        }
        Verdict::Refuse(m, h) => {
            errs.push(Error::input(m.clone()).at(shown).hint(h.clone()));
            false
        }
        Verdict::Source => false,
    };
    for (rel, src) in &theme.statics {
        match src {
            Source::Builtin(_) => {
                copies.insert(rel.clone(), (src.clone(), format!("theme static/{rel}")));
            }
            Source::Disk(path) => {
                let shown = path.strip_prefix(&config.root).unwrap_or(path);
                let verdict = judge(rel, Origin::Static, &config.also_publish);
                let checked = match &verdict {
                    Verdict::Copy | Verdict::IfLinked(_) => check_text(path, shown),
                    _ => Ok(()),
                };
                match checked {
                    Err(e) => errs.push(e),
                    Ok(()) if keep(rel, &verdict, shown, errs) => {
                        copies.insert(rel.clone(), (src.clone(), shown.display().to_string()));
                    }
                    Ok(()) => {}
                }
            }
        }
    }
    for f in static_files(config, "static", errs) {
        if keep(&f.rel, &f.verdict, &f.shown, errs) {
            copies.insert(f.rel, (Source::Disk(f.path), f.shown.display().to_string()));
        }
    }
    copies
}

/// Paths of the site (without the leading `/`) that published pages link to.
fn linked_site_paths(lib: &Library) -> BTreeSet<String> {
    let pages: BTreeSet<usize> = lib.entries.iter().map(|e| e.page).collect();
    pages
        .into_iter()
        .filter_map(|id| lib.pages.get(id))
        .flat_map(|p| p.body.links.iter())
        .filter_map(|l| {
            let path = l.dest.split(['#', '?']).next().unwrap_or("");
            let decoded = crate::content::links::percent_decode(path);
            decoded
                .strip_prefix('/')
                .and_then(|abs| crate::content::normalize_link("", abs))
        })
        .collect()
}
