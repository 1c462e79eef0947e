//! `l10n stub LANG`: a translation file for every page missing in a language, and
//! `l10n add LANG`: what a translator needs to start a new locale. Neither ever overwrites.
//!
//! A stub holds the original's text (body and text keys, as written) to translate in place,
//! its `source_hash`, and `draft: true`: until the translator removes that line, readers keep
//! seeing the original with the "not yet translated" notice, never an untranslated page that
//! claims to be in their language.

use super::TEXT_KEYS;
use crate::config::Config;
use crate::content::Library;
use crate::content::frontmatter;
use crate::error::{Error, Errors};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes stubs; returns the files written (paths from the site's folder).
pub fn stubs(config: &Config, lib: &Library, lang: &str) -> Result<Vec<PathBuf>, Errors> {
    if lang == config.default_language {
        return Err(Error::usage(format!(
            "`{lang}` is the default language: its files are the originals"
        ))
        .into());
    }
    if !config.is_language(lang) {
        return Err(Error::usage(format!("`{lang}` is not a language of this site"))
            .hint(format!("start it with `samizdat l10n add {lang}`, then add the lines it prints to site.yaml"))
            .into());
    }
    let have: BTreeSet<&str> = lib
        .pages
        .iter()
        .filter(|p| p.lang == lang)
        .map(|p| p.canonical.as_str())
        .collect();
    let mut written = Vec::new();
    let mut errs = Errors::new();
    for p in lib
        .pages
        .iter()
        .filter(|p| p.lang == config.default_language && !have.contains(p.canonical.as_str()))
    {
        let stem = p.rel.strip_suffix(".md").unwrap_or(&p.rel);
        let rel = PathBuf::from("content").join(format!("{stem}.{lang}.md"));
        let original = match crate::limits::read_text(
            &config.root.join(&p.shown),
            &p.shown,
            &crate::limits::PAGE,
        ) {
            Ok(t) => t,
            Err(e) => {
                errs.push(e);
                continue;
            }
        };
        let original = original.strip_prefix('\u{feff}').unwrap_or(&original);
        let body = frontmatter::split(original).map(|s| s.body).unwrap_or("");
        let mut text = String::from("---\n");
        text.push_str(&format!(
            "# Translation into `{lang}` of {}. Translate the text below and the values of the keys;\n\
             # keep the keys. Remove `draft: true` when the translation is done: until then readers\n\
             # see the original. `source_hash` records which version of the original this translates.\n",
            p.shown.display()
        ));
        text.push_str(&format!("source_hash: \"{}\"\n", p.text_hash));
        text.push_str("draft: true\n");
        for key in TEXT_KEYS {
            if let Some(block) = p.raw_key(key) {
                if key == "letters" {
                    text.push_str(&without_address(&block));
                } else {
                    text.push_str(&block);
                }
            }
        }
        text.push_str("---\n");
        text.push_str(body);
        match create_new(&config.root.join(&rel), &text) {
            Ok(()) => written.push(rel),
            Err(e) => errs.push(e.at(&rel)),
        }
    }
    if errs.has_errors() {
        Err(errs)
    } else {
        Ok(written)
    }
}

/// A `letters:` block without its `address:` (and the address's lines): a translation always
/// shows the original's address, so a translator has nothing to keep up to date there.
fn without_address(block: &str) -> String {
    let mut out = String::new();
    let mut skip_deeper_than: Option<usize> = None;
    for line in block.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if let Some(d) = skip_deeper_than {
            if line.trim().is_empty() || indent > d {
                continue;
            }
            skip_deeper_than = None;
        }
        if indent > 0 && line.trim_start().starts_with("address:") {
            skip_deeper_than = Some(indent);
            out.push_str(&" ".repeat(indent));
            out.push_str("# address: the original's is shown in every language\n");
            continue;
        }
        out.push_str(line);
    }
    out
}

fn create_new(path: &Path, text: &str) -> Result<(), Error> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::usage("already exists; samizdat never overwrites a translation")
            } else {
                Error::io(path, &e)
            }
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, &e))
}

/// What `l10n add` produced.
pub struct NewLocale {
    /// The lines to add under `languages:` in site.yaml.
    pub site_yaml: String,
    /// The .ftl written, if any strings are missing in that language.
    pub ftl: Option<PathBuf>,
    pub strings_to_translate: usize,
}

/// Starts a locale: the site.yaml lines and `i18n/LANG.ftl` with every missing interface
/// string, in the default language (or English), commented out, to translate.
pub fn add(
    config: &Config,
    strings: &crate::i18n::Strings,
    theme_files: &[(String, PathBuf, String)],
    lang: &str,
) -> Result<NewLocale, Errors> {
    if !crate::i18n::is_language_code(lang) {
        return Err(
            Error::usage(format!("`{lang}` is not a language code known to CLDR"))
                .hint("use a BCP 47 code such as uk, be, kk, fa or pt-BR")
                .into(),
        );
    }
    let name = crate::i18n::autonym(lang)
        .map(capitalize)
        .unwrap_or_else(|| lang.to_string());
    let dir = if crate::i18n::is_rtl(lang) {
        ", dir: rtl"
    } else {
        ""
    };
    let site_yaml = format!("languages:\n  {lang}: {{name: {name}{dir}}}\n");
    let missing: Vec<String> = if strings.keys(lang).is_empty() {
        strings
            .keys(&config.default_language)
            .into_iter()
            .chain(strings.keys("en"))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    } else {
        strings.missing(lang)
    };
    if missing.is_empty() {
        return Ok(NewLocale {
            site_yaml,
            ftl: None,
            strings_to_translate: 0,
        });
    }
    let rel = PathBuf::from("i18n").join(format!("{lang}.ftl"));
    let source_lang = if theme_files
        .iter()
        .any(|(l, _, _)| *l == config.default_language)
    {
        config.default_language.as_str()
    } else {
        "en"
    };
    let source: String = theme_files
        .iter()
        .filter(|(l, _, _)| l == source_lang)
        .map(|(_, _, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let site_ftl = PathBuf::from("i18n").join(format!("{source_lang}.ftl"));
    let site_src = if config.root.join(&site_ftl).is_file() {
        crate::limits::read_text(
            &config.root.join(&site_ftl),
            &site_ftl,
            &crate::limits::STRINGS,
        )?
    } else {
        String::new()
    };
    let mut text = format!(
        "# Interface strings in `{lang}` ({name}), started by `samizdat l10n add {lang}`.\n\
         # Each message is in `{source_lang}`, commented out. To translate one, remove the \"# \" at the\n\
         # start of its lines and replace the words; keep the id before `=` and every {{ $variable }}.\n\
         # Plural forms of {lang} (CLDR): {}. A message with a number looks like:\n\
         #   days-in-custody = {{ $count ->\n\
         #       [one] ...\n\
         #      *[other] ...\n\
         #   }}\n\
         # `samizdat l10n status {lang}` lists what is still missing.\n\n",
        plural_categories(lang).join(", ")
    );
    for key in &missing {
        let entry = ftl_entry(&site_src, key)
            .or_else(|| ftl_entry(&source, key))
            .unwrap_or_else(|| format!("{key} = \n"));
        for line in entry.lines() {
            text.push_str("# ");
            text.push_str(line);
            text.push('\n');
        }
        text.push('\n');
    }
    std::fs::create_dir_all(config.root.join("i18n"))
        .map_err(|e| Errors::from(Error::io("i18n", &e)))?;
    create_new(&config.root.join(&rel), &text).map_err(|e| {
        Errors::from(
            e.at(&rel)
                .hint("edit the existing file; `samizdat l10n status` lists what it lacks"),
        )
    })?;
    Ok(NewLocale {
        site_yaml,
        ftl: Some(rel),
        strings_to_translate: missing.len(),
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The CLDR plural categories a language uses, in the usual order.
fn plural_categories(lang: &str) -> Vec<&'static str> {
    // `other` exists in every language (for fractions at least), whole numbers show the rest.
    let mut found: BTreeSet<&str> = (0..1000)
        .chain([1_000_000])
        .map(|n| crate::i18n::plural_category(lang, n))
        .collect();
    found.insert("other");
    ["zero", "one", "two", "few", "many", "other"]
        .into_iter()
        .filter(|c| found.contains(c))
        .collect()
}

/// The text of message `key` in an .ftl source, with its indented continuation lines.
fn ftl_entry(src: &str, key: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for line in src.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if starts_entry {
            if inside {
                break;
            }
            inside = line.split('=').next().is_some_and(|k| k.trim() == key);
        } else if inside
            && !(line.starts_with(' ') || line.starts_with('\t') || line.trim().is_empty())
        {
            break;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    (!out.is_empty()).then(|| out.trim_end().to_string() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_variants() {
        let src = "a = A\ndays =\n    { $count ->\n        [one] day\n       *[other] days\n    }\nb = B\n";
        assert_eq!(
            ftl_entry(src, "days").as_deref(),
            Some("days =\n    { $count ->\n        [one] day\n       *[other] days\n    }\n")
        );
        assert_eq!(ftl_entry(src, "b").as_deref(), Some("b = B\n"));
    }

    #[test]
    fn categories() {
        assert_eq!(plural_categories("ru"), ["one", "few", "many", "other"]);
        assert_eq!(plural_categories("en"), ["one", "other"]);
    }
}
