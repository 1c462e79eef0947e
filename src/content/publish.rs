//! What is published: the one place that decides whether a file of `content/`, `static/` or a
//! theme's `static/` reaches the output, and how.
//!
//! Publication is by allow-list. A file is published only as a page (a `.md` file of `content/`)
//! or as a file of a kind listed in [`KINDS`] (and in the handbook, reference/output.md
//! "What is published"). Anything else is left out with a warning that names it, so a file
//! nobody thought about (a `.yaml` of notes, a scan in a format no browser shows) stays private.
//! On top of the list:
//!
//! - anything that looks like a page is never copied as it is: a Markdown name in any case or
//!   spelling (`x.MD`, `x.mdx`, `x.markdown`, `x.md ` with a trailing space) is an error, and so is
//!   a file of any name whose text starts with front matter (`---`);
//! - copies of pages (`x.md.orig`, `.bak`) are left out with a warning;
//! - working files (office documents, spreadsheets, archives, and in `content/` text and data
//!   files) are published only when a published page links to them;
//! - `content/`, `static/` and the theme are read only as real folders of the site
//!   ([`site_folder`]): a symbolic link could lead anywhere on the computer.
//!
//! What belongs to an unpublished page (its files and folders of the same name) is decided with
//! [`Owners`], and withheld by `withhold`. `statics` walks `static/` and the theme's files.

use crate::error::Error;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

mod statics;
mod withhold;
pub(crate) use statics::{static_copies, static_files};

/// Where a file comes from: the rules differ a little between pages' folders and `static/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// `content/`: pages and the files next to them.
    Content,
    /// The site's `static/` and a theme's `static/`: the site's furniture.
    Static,
}

/// What becomes of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// `content/`: a page (`.md`) or a pickets table, read by samizdat and never copied.
    Source,
    /// Published as it is (after cleaning, for pictures).
    Copy,
    /// Published only when a published page links to it; the words say what it is.
    IfLinked(&'static str),
    /// Left out, with a warning: (message, hint).
    Withhold(String, String),
    /// Looks like a page but cannot be one: an error, (message, hint).
    Refuse(String, String),
}

/// Where a kind may be published from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Copy,
    IfLinked,
}

/// A kind of file samizdat publishes: its name in the handbook, its extensions (lower case; a
/// file's extension matches in any case), and its rule in `content/` and in `static/`.
pub(crate) struct FileKind {
    pub name: &'static str,
    pub exts: &'static [&'static str],
    content: Rule,
    statics: Rule,
}

/// The allow-list. Keep it in step with reference/output.md (a test checks it does).
pub(crate) const KINDS: &[FileKind] = &[
    FileKind {
        name: "pictures",
        exts: &["jpg", "jpeg", "png", "gif", "webp", "svg", "ico"],
        content: Rule::Copy,
        statics: Rule::Copy,
    },
    FileKind {
        name: "audio and video",
        exts: &[
            "mp3", "m4a", "aac", "oga", "ogg", "opus", "wav", "flac", "mp4", "m4v", "webm", "ogv",
            "mov", "vtt",
        ],
        content: Rule::Copy,
        statics: Rule::Copy,
    },
    FileKind {
        name: "PDF and e-books",
        exts: &["pdf", "epub"],
        content: Rule::Copy,
        statics: Rule::Copy,
    },
    FileKind {
        name: "fonts, style sheets and scripts",
        exts: &["css", "js", "mjs", "woff", "woff2", "ttf", "otf"],
        content: Rule::Copy,
        statics: Rule::Copy,
    },
    FileKind {
        name: "web and text files",
        exts: &[
            "html",
            "htm",
            "txt",
            "xml",
            "json",
            "webmanifest",
            "asc",
            "sig",
            "minisig",
        ],
        content: Rule::IfLinked,
        statics: Rule::Copy,
    },
    FileKind {
        name: "documents, spreadsheets and archives",
        exts: &[
            "odt", "ods", "odp", "odg", "doc", "docx", "xls", "xlsx", "xlsm", "ppt", "pptx", "rtf",
            "csv", "tsv", "numbers", "pages", "key", "zip", "7z", "tar", "gz", "tgz",
        ],
        content: Rule::IfLinked,
        statics: Rule::IfLinked,
    },
];

/// Files of `static/` published whatever their extension: what web hosts read at fixed names.
pub(crate) const HOST_FILES: &[&str] =
    &["CNAME", "_headers", "_redirects", ".nojekyll", ".domains"];

/// The folder of `static/` whose files are all published (`security.txt`, `openpgpkey/`, …).
pub(crate) const WELL_KNOWN: &str = ".well-known";

/// Extensions of Markdown files. A page must end in exactly `.md`; any other of these, in any
/// case, is an error rather than a file copied with its front matter.
const MARKDOWN: &[&str] = &[
    "md", "markdown", "mdown", "mdwn", "mkd", "mkdn", "mkdown", "mdx", "mdtxt", "mdtext", "rmd",
    "qmd", "livemd",
];

/// What becomes of the file at `rel` (inside `content/` or `static/`, `/`-separated), from its
/// name alone. `also` are the site's `also_publish` patterns. A file that is to be copied must
/// still pass [`check_text`].
pub(crate) fn judge(rel: &str, origin: Origin, also: &[String]) -> Verdict {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if origin == Origin::Content && (name.ends_with(".md") || name.ends_with(".pickets.csv")) {
        return Verdict::Source;
    }
    if let Some(v) = looks_like_a_page(name, origin) {
        return v;
    }
    if let Some((message, hint)) = copy_of_a_page(name) {
        return Verdict::Withhold(message, hint);
    }
    if also.iter().any(|p| matches_pattern(p, name)) {
        return Verdict::Copy;
    }
    if origin == Origin::Static
        && (rel.starts_with(&format!("{WELL_KNOWN}/")) || HOST_FILES.contains(&name))
    {
        return Verdict::Copy;
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if let Some(kind) = KINDS.iter().find(|k| k.exts.contains(&ext.as_str())) {
        let rule = match origin {
            Origin::Content => kind.content,
            Origin::Static => kind.statics,
        };
        return match rule {
            Rule::Copy => Verdict::Copy,
            Rule::IfLinked => Verdict::IfLinked(kind.name),
        };
    }
    if let Some(format) = crate::output::images::cannot_clean_by_name(&ext) {
        let e = crate::output::images::cannot_clean(format);
        return Verdict::Withhold(e.message, e.hint.unwrap_or_default());
    }
    let folded = fold(name);
    let shown_ext = if ext.is_empty() {
        "a file without an extension".to_string()
    } else {
        format!("`.{ext}`")
    };
    let (message, hint) = match folded.rsplit_once('.') {
        Some((_, e)) if folded != name.to_lowercase() && kind_of(e).is_some() => (
            "not published: the name ends with a space or a dot after its extension".to_string(),
            format!("rename it to end in `.{e}`"),
        ),
        _ => (
            format!(
                "not published: {shown_ext} is not a kind of file samizdat publishes (pictures, audio, video, PDF, fonts, …)"
            ),
            "if it belongs on the site, add its name or `*.EXTENSION` under `also_publish:` in site.yaml; if not, keep it outside the site's folder".to_string(),
        ),
    };
    Verdict::Withhold(message, hint)
}

fn kind_of(ext: &str) -> Option<&'static FileKind> {
    KINDS.iter().find(|k| k.exts.contains(&ext))
}

/// The name as a careless editor or another system may have meant it: trailing spaces and dots
/// gone (Windows drops them), full-width letters made plain, lower case.
fn fold(name: &str) -> String {
    name.trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '\u{feff}')
        .chars()
        .map(|c| match c {
            // Full-width forms of ASCII (`ｍｄ`).
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name that reads as a page's (any case or spelling of a Markdown extension, with spaces or
/// dots after it): an error, since copying it would publish its front matter.
fn looks_like_a_page(name: &str, origin: Origin) -> Option<Verdict> {
    let folded = fold(name);
    let (base, ext) = folded.rsplit_once('.')?;
    if !MARKDOWN.contains(&ext) {
        return None;
    }
    Some(match origin {
        Origin::Static => Verdict::Refuse(
            "a Markdown file in static/ is never published: pages belong in content/".into(),
            "move it to content/ to make it a page, or delete it".into(),
        ),
        Origin::Content => {
            let base = base.trim_end();
            Verdict::Refuse(
                "this looks like a page, but a page's file name must end in exactly `.md` (lower case, nothing after it); it is not published".into(),
                if base.is_empty() {
                    "rename it to end in .md".into()
                } else {
                    format!("rename it to {base}.md (or {base}.LANG.md for a translation)")
                },
            )
        }
    })
}

/// Why a file is left out although it is no page: a leftover copy of a page (a merge tool's
/// `.orig`, a `.bak`) that would publish its `private:` notes. Returns the warning and its hint.
pub(crate) fn copy_of_a_page(name: &str) -> Option<(String, String)> {
    let lower = fold(name);
    let (_, ext) = lower.rsplit_once('.')?;
    let leftover =
        matches!(ext, "orig" | "rej" | "bak" | "old" | "backup" | "sav") || lower.contains(".md.");
    leftover.then(|| {
        (
            "not published: a backup or leftover copy, which may hold a page's private notes"
                .to_string(),
            "delete it or move it out of the site (samizdat never publishes such copies)"
                .to_string(),
        )
    })
}

/// An `also_publish` pattern: `*.EXT` (any case) or a file name.
fn matches_pattern(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(ext) => name
            .rsplit_once('.')
            .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext)),
        None => pattern == name,
    }
}

/// Why an `also_publish` pattern cannot be used, if it cannot.
pub(crate) fn check_pattern(pattern: &str) -> Result<(), String> {
    let ext = pattern.strip_prefix("*.");
    let name = ext.unwrap_or(pattern);
    if name.is_empty() || name.contains(['/', '\\', '*', '?']) || name == "." || name == ".." {
        return Err(format!(
            "`{pattern}` is neither a file name nor `*.EXTENSION`"
        ));
    }
    if ext.is_some_and(|e| MARKDOWN.contains(&fold(e).as_str()))
        || (ext.is_none() && looks_like_a_page(name, Origin::Content).is_some())
    {
        return Err(format!(
            "`{pattern}` names Markdown files, which are pages and never published as they are"
        ));
    }
    Ok(())
}

/// Checks what a file to be copied starts with: text that opens with front matter (`---`) is a
/// page under another name, and an error rather than a file published with its front matter.
pub(crate) fn check_text(path: &Path, shown: &Path) -> Result<(), Error> {
    let mut head = Vec::with_capacity(256);
    std::fs::File::open(path)
        .and_then(|f| f.take(256).read_to_end(&mut head))
        .map_err(|e| Error::io(shown, &e))?;
    if starts_with_front_matter(&head) {
        return Err(Error::input(
            "this file starts with front matter (`---`) like a page, but its name is not a page's: it is not published",
        )
        .at(shown)
        .line(1)
        .hint("if it is a page, rename it to end in .md and move it to content/; if not, remove the `---` line at its top"));
    }
    Ok(())
}

/// True when `head` (a file's first bytes) opens with a line of dashes, as front matter does.
fn starts_with_front_matter(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let t = line.trim_ascii();
    t.len() >= 3 && t.iter().all(|&b| b == b'-')
}

/// `ROOT/rel` if it is a real folder of the site; `None` if there is none. A folder that is a
/// symbolic link, or is reached through one, is an error: the link could lead anywhere on the
/// computer (`content -> /`), and samizdat reads only what is inside the site.
pub(crate) fn site_folder(root: &Path, rel: &str) -> Result<Option<PathBuf>, Error> {
    let dir = root.join(rel);
    let shown = PathBuf::from(rel);
    match std::fs::symlink_metadata(&dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A link on the way (`themes -> …`) to nowhere is as good as no folder.
            return Ok(None);
        }
        Err(e) => return Err(Error::io(&shown, &e)),
        Ok(_) => {}
    }
    let real_root = root.canonicalize().map_err(|e| Error::io(root, &e))?;
    let expected = real_root.join(rel);
    let real = dir.canonicalize();
    if real.as_ref().is_ok_and(|r| *r == expected) {
        return Ok(dir.is_dir().then_some(dir));
    }
    let target = match (&real, std::fs::read_link(&dir)) {
        (Ok(r), _) => format!(" (it leads to {})", r.display()),
        (Err(_), Ok(t)) => format!(" (to {}, which does not exist)", t.display()),
        _ => String::new(),
    };
    Err(Error::input(format!(
        "{rel}/ is a symbolic link, or is reached through one{target}: samizdat reads only real folders inside the site, so that nothing from elsewhere on this computer is published"
    ))
    .at(shown)
    .hint(format!("replace the link by the folder itself: move or copy it to {rel}/")))
}

/// Which pages a file of `content/` belongs to by its name. A file belongs to a page when it, or
/// a folder on its way, is named like the page's file or slug, in any case: `ivan.jpg`,
/// `ivan/letter.pdf` and `Ivan/x.txt` belong to every language of `ivan.md`; `ivan.ru.pdf` and
/// `ivan.ru/` to its Russian file only (to every language when there is no Russian file).
#[derive(Debug, Default)]
pub(crate) struct Owners {
    /// (folder, name) -> pages, both folded (see [`fold`]).
    by_name: BTreeMap<(String, String), Vec<usize>>,
}

impl Owners {
    /// `pages`: (id, canonical `news/x.md`, language, slug) of every page file.
    pub(crate) fn new<'a>(pages: impl Iterator<Item = (usize, &'a str, &'a str, String)>) -> Self {
        let mut by_name: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (id, canonical, lang, slug) in pages {
            let (dir, file) = canonical.rsplit_once('/').unwrap_or(("", canonical));
            let dir = fold_path(dir);
            let stem = fold(file.strip_suffix(".md").unwrap_or(file));
            for name in [format!("{stem}.{}", lang.to_lowercase()), fold(&slug), stem] {
                let ids = by_name.entry((dir.clone(), name)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Owners { by_name }
    }

    /// For each folder on the way to `rel` and for the file itself, the pages it belongs to
    /// there (only levels where it belongs to some page). `folders_only`: leave out the last
    /// segment (for a page, which does not belong to itself).
    pub(crate) fn of(&self, rel: &str, folders_only: bool) -> Vec<&[usize]> {
        let segments: Vec<&str> = rel.split('/').collect();
        let mut out = Vec::new();
        let mut dir = String::new();
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            if last && folders_only {
                break;
            }
            let name = fold(seg);
            let found = if last {
                // The longest name before a dot that is a page's: `x.ru.pdf` -> `x.ru`, else `x`.
                std::iter::once(name.len())
                    .chain(name.match_indices('.').rev().map(|(at, _)| at))
                    .find_map(|at| self.by_name.get(&(dir.clone(), name[..at].to_string())))
            } else {
                self.by_name.get(&(dir.clone(), name.clone()))
            };
            if let Some(ids) = found {
                out.push(ids.as_slice());
            }
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(&name);
        }
        out
    }
}

fn fold_path(p: &str) -> String {
    p.split('/').map(fold).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests;

/// The `/`-separated path of a file of the site, or an error at `shown` when its name is not
/// valid UTF-8 (a name no address can hold). Shared by the walks of `content/` and `static/`.
pub(crate) fn site_rel(
    rel_path: &std::path::Path,
    shown: &std::path::Path,
    errs: &mut crate::error::Errors,
) -> Option<String> {
    if rel_path.to_str().is_none() {
        errs.push(
            crate::error::Error::input("the file name is not valid UTF-8")
                .at(shown)
                .hint("rename the file"),
        );
        return None;
    }
    Some(crate::util::slash_path(rel_path))
}
