//! Finding the files of `content/`, in sorted order, and telling what each one is.
//!
//! A Markdown file's name says its language (`x.ru.md`); `_index.md` is a section's own text;
//! `NAME.pickets.csv` holds pickets of `events/NAME.md`; any other file is an asset if
//! [`publish`](super::publish) allows its kind, and is left out with a warning if not. Hidden
//! files and editors' backups are left out, and so are symlinks (a symlink could reach outside
//! the site and publish what was never meant to be); `content/` itself must be a real folder of
//! the site.

use super::ignored::is_ignored;
pub use super::library::{FileKind, SourceFile};
use super::publish::{self, Origin, Verdict};
use crate::config::{Config, looks_like_language_code};
use crate::error::{Error, Errors};
use std::path::Path;

/// Every file under `ROOT/content`, sorted by path. Warnings for what is skipped.
pub fn walk(config: &Config) -> (Vec<SourceFile>, Errors) {
    let mut files = Vec::new();
    let mut errs = Errors::new();
    let root = match publish::site_folder(&config.root, "content") {
        Ok(Some(root)) => root,
        Ok(None) => {
            errs.push(
                Error::input("the site has no content/ folder")
                    .at(&config.root)
                    .hint("create content/_index.md with the home page text"),
            );
            return (files, errs);
        }
        Err(e) => {
            errs.push(e);
            return (files, errs);
        }
    };
    let walker = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.clone());
                errs.push(Error::input(format!("cannot read: {e}")).at(p));
                continue;
            }
        };
        let ft = entry.file_type();
        let rel_path = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let shown = Path::new("content").join(rel_path);
        if ft.is_symlink() {
            errs.push(
                Error::warning(
                    "symbolic link skipped: only real files under content/ are published",
                )
                .at(&shown)
                .hint("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        if !ft.is_file() {
            continue;
        }
        let Some(rel) = publish::site_rel(rel_path, &shown, &mut errs) else {
            continue;
        };
        let kind = match publish::judge(&rel, Origin::Content, &config.also_publish) {
            Verdict::Source => classify(&rel, config),
            Verdict::Copy | Verdict::IfLinked(_) => {
                publish::check_text(entry.path(), &shown).map(|()| FileKind::Asset)
            }
            Verdict::Withhold(message, hint) => {
                errs.push(Error::warning(message).at(&shown).hint(hint));
                continue;
            }
            Verdict::Refuse(message, hint) => Err(Error::input(message).hint(hint)),
        };
        match kind {
            Ok(kind) => files.push(SourceFile {
                rel,
                path: entry.path().to_path_buf(),
                shown,
                kind,
            }),
            Err(e) if e.path.is_some() => errs.push(e),
            Err(e) => errs.push(e.at(&shown)),
        }
    }
    (files, errs)
}

/// What a content file is, from its path alone.
pub fn classify(rel: &str, config: &Config) -> Result<FileKind, Error> {
    let (dir, name) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    if let Some(stem) = name.strip_suffix(".pickets.csv") {
        return Ok(FileKind::Pickets {
            canonical: format!("{dir}{stem}.md"),
        });
    }
    let Some(stem) = name.strip_suffix(".md") else {
        return Ok(FileKind::Asset);
    };
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, cand)) if config.is_language(cand) => (base, cand.to_string()),
        Some((base, cand)) if config.is_language(&cand.to_lowercase()) => {
            return Err(Error::input(format!(
                "the language in a file name is written in lower case: `{cand}` should be `{}`",
                cand.to_lowercase()
            ))
            .hint(format!(
                "rename the file to {base}.{}.md",
                cand.to_lowercase()
            )));
        }
        Some((_, cand))
            if looks_like_language_code(cand) && (cand.len() == 2 || cand.contains('-')) =>
        {
            let langs: Vec<&str> = config.codes().collect();
            return Err(Error::input(format!(
                "the file name says this is a translation into `{cand}`, which is not a language of the site"
            ))
            .hint(format!(
                "site languages: {}. Add `{cand}` under languages: in site.yaml, or rename the file",
                langs.join(", ")
            )));
        }
        _ => (stem, config.default_language.clone()),
    };
    if base.is_empty() {
        return Err(Error::input("a Markdown file needs a name before `.md`"));
    }
    Ok(FileKind::Page {
        canonical: format!("{dir}{base}.md"),
        lang,
        is_index: base == "_index",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "title: T\nbase_url: https://e.org/\nlanguages: {en: {}, ru: {}, fa: {dir: rtl}}\n",
            Path::new("."),
            Path::new("site.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn an_upper_case_language_code_is_an_error() {
        let e = classify("news/x.RU.md", &config()).unwrap_err();
        assert!(e.message.contains("`RU` should be `ru`"), "{}", e.message);
    }

    #[test]
    fn editors_files_are_ignored() {
        assert!(is_ignored("4913") && is_ignored("x.md.swo"));
    }

    #[test]
    fn names_say_language_and_role() {
        let c = config();
        assert_eq!(
            classify("prisoners/andrei.ru.md", &c).unwrap(),
            FileKind::Page {
                canonical: "prisoners/andrei.md".into(),
                lang: "ru".into(),
                is_index: false
            }
        );
        assert_eq!(
            classify("_index.md", &c).unwrap(),
            FileKind::Page {
                canonical: "_index.md".into(),
                lang: "en".into(),
                is_index: true
            }
        );
        assert_eq!(
            classify("events/days-2014.pickets.csv", &c).unwrap(),
            FileKind::Pickets {
                canonical: "events/days-2014.md".into()
            }
        );
        assert_eq!(classify("prisoners/a.jpg", &c).unwrap(), FileKind::Asset);
        // A dot in a name that is not a language stays in the name.
        assert_eq!(
            classify("news/v1.2026.md", &c).unwrap(),
            FileKind::Page {
                canonical: "news/v1.2026.md".into(),
                lang: "en".into(),
                is_index: false
            }
        );
    }

    #[test]
    fn unknown_language_code_is_an_error() {
        let e = classify("about.de.md", &config()).unwrap_err();
        assert!(e.message.contains("`de`"));
        assert!(e.hint.unwrap().contains("en, ru, fa"));
    }
}
