//! Interface strings: the theme's Fluent files, the site's overrides, and the fallback from a
//! language that lacks a key to the default language, then English, then the key in brackets.
//!
//! Built once per build and then only read, from every rendering thread: the bundles are
//! `fluent_bundle::concurrent` ones, whose only interior state is the memoizer behind a mutex.
//!
//! Two choices readers see:
//! - **No bidi isolation marks.** Fluent by default wraps every placeable in U+2068/U+2069.
//!   Those invisible characters end up inside `alt`, `title`, `aria-label` and `placeholder`
//!   attributes, in `<title>`, feeds, calendar files and search indexes, where they break
//!   copying, searching and exact matching and show as boxes in some readers. We turn them off;
//!   a template that puts a value of the other direction into running text (a Latin city name
//!   in a Farsi sentence) wraps it in `<bdi>`, which isolates in HTML without stray characters.
//! - **Numbers in the locale.** A number passed to a message is formatted with ICU4X for the
//!   message's language (`13 020` in Russian, `۱٬۳۰۲` in Farsi), and plural variants are chosen
//!   by that language's CLDR rules (`[one]`, `[few]`, `[many]`): see `message.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use super::languages::primary_subtag;
use super::message::{self, Arg};
use crate::error::Error;

mod depth;

use depth::too_deep;

type Bundle = FluentBundle<Arc<FluentResource>>;

/// One language's strings: its bundle and the ids of the messages it defines itself.
struct LangStrings {
    bundle: Bundle,
    keys: BTreeSet<String>,
}

/// The interface strings of every language of a site; immutable once built.
pub struct Strings {
    default_lang: String,
    langs: BTreeMap<String, LangStrings>,
}

impl std::fmt::Debug for Strings {
    /// The languages and how many messages each defines; the bundles themselves are opaque.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts: BTreeMap<&str, usize> = self
            .langs
            .iter()
            .map(|(lang, s)| (lang.as_str(), s.keys.len()))
            .collect();
        f.debug_struct("Strings")
            .field("default_lang", &self.default_lang)
            .field("messages", &counts)
            .finish()
    }
}

// Shared across rayon threads while rendering.
const _: () = {
    const fn shared_across_threads<T: Send + Sync>() {}
    shared_across_threads::<Strings>();
};

/// A parsed .ftl file: its language and its entries (broken ones dropped).
struct Parsed<'a> {
    lang: &'a str,
    path: &'a Path,
    resource: Arc<FluentResource>,
}

impl Strings {
    /// Builds the strings of `langs` (the site's languages, default first) from the theme's
    /// files and the site's `i18n/LANG.ftl` overrides, each `(lang, path, source)`. A site file
    /// replaces the theme's message of the same id and may add new ones; a file for `pt` also
    /// serves `pt-BR`. Syntax errors come back with file, line and column; the entries around
    /// a broken one still load, so the result is always usable.
    pub fn new(
        langs: &[String],
        theme: &[(String, PathBuf, String)],
        site: &[(String, PathBuf, String)],
    ) -> (Strings, Vec<Error>) {
        let mut errors = Vec::new();
        let theme: Vec<Parsed> = theme.iter().map(|f| parse(f, &mut errors)).collect();
        let site: Vec<Parsed> = site.iter().map(|f| parse(f, &mut errors)).collect();
        for file in &site {
            if file.lang != "en" && !langs.iter().any(|l| l == file.lang) {
                errors.push(
                    Error::warning(format!(
                        "`{}` is not one of the site's languages, so no page shows these strings",
                        file.lang
                    ))
                    .at(file.path)
                    .hint("add the language under `languages` in site.yaml, or rename the file"),
                );
            }
        }

        let default_lang = langs.first().cloned().unwrap_or_else(|| "en".to_string());
        let mut wanted: BTreeSet<String> = langs.iter().cloned().collect();
        wanted.insert("en".to_string());
        wanted.extend(theme.iter().chain(&site).map(|p| p.lang.to_string()));
        let langs = wanted
            .into_iter()
            .map(|lang| {
                let strings = build_lang(&lang, &theme, &site);
                (lang, strings)
            })
            .collect();
        let strings = Strings {
            default_lang,
            langs,
        };
        (strings, errors)
    }

    /// The default theme's .ftl files, built into the binary.
    pub fn builtin_theme_files() -> Vec<(String, PathBuf, String)> {
        BUILTIN
            .iter()
            .map(|(lang, src)| {
                let path = PathBuf::from(format!("themes/default/i18n/{lang}.ftl"));
                (lang.to_string(), path, src.to_string())
            })
            .collect()
    }

    /// Message `key` (or `key.attribute`) in `lang` with named arguments. A key `lang` lacks
    /// comes from the default language, then English; a key nobody has gives `[key]`, so a
    /// page still builds and the gap is visible.
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, Arg)]) -> String {
        let (id, attr) = match key.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (key, None),
        };
        for candidate in self.chain(lang) {
            let Some(strings) = self.langs.get(candidate) else {
                continue;
            };
            let bundle = &strings.bundle;
            let Some(msg) = bundle.get_message(id) else {
                continue;
            };
            let pattern = match attr {
                Some(a) => msg.get_attribute(a).map(|a| a.value()),
                None => msg.value(),
            };
            let Some(pattern) = pattern else {
                continue;
            };
            return message::format_message(bundle, candidate, pattern, args);
        }
        format!("[{key}]")
    }

    /// Whether `lang`'s own strings (theme and site, without fallback) define `key`.
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.langs.get(lang).is_some_and(|s| s.keys.contains(key))
    }

    /// Keys the default language or English has but `lang` lacks (theme and site together),
    /// sorted: what a translator still has to do.
    pub fn missing(&self, lang: &str) -> Vec<String> {
        let mut reference: BTreeSet<&String> = BTreeSet::new();
        for l in [self.default_lang.as_str(), "en"] {
            if let Some(s) = self.langs.get(l) {
                reference.extend(&s.keys);
            }
        }
        let own = self.langs.get(lang).map(|s| &s.keys);
        reference
            .into_iter()
            .filter(|k| !own.is_some_and(|o| o.contains(*k)))
            .cloned()
            .collect()
    }

    /// The ids of the messages `lang` defines itself, sorted.
    pub fn keys(&self, lang: &str) -> Vec<String> {
        self.langs
            .get(lang)
            .map(|s| s.keys.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// `lang`, its language subtag (`pt` for `pt-BR`), the default language, then English,
    /// each once.
    fn chain<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a str> {
        let primary = lang.split('-').next().unwrap_or(lang);
        let mut seen: Vec<&str> = Vec::with_capacity(4);
        for l in [lang, primary, self.default_lang.as_str(), "en"] {
            if !seen.contains(&l) {
                seen.push(l);
            }
        }
        seen.into_iter()
    }
}

const BUILTIN: [(&str, &str); 7] = [
    ("en", include_str!("../../themes/default/i18n/en.ftl")),
    ("ru", include_str!("../../themes/default/i18n/ru.ftl")),
    ("uk", include_str!("../../themes/default/i18n/uk.ftl")),
    ("de", include_str!("../../themes/default/i18n/de.ftl")),
    ("fr", include_str!("../../themes/default/i18n/fr.ftl")),
    ("es", include_str!("../../themes/default/i18n/es.ftl")),
    ("fa", include_str!("../../themes/default/i18n/fa.ftl")),
];

/// Parses one file, turning Fluent's byte offsets into line and column for the errors.
fn parse<'a>(
    (lang, path, source): &'a (String, PathBuf, String),
    errors: &mut Vec<Error>,
) -> Parsed<'a> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // fluent-syntax reads nesting by recursion: a file nested too deeply is not given to it.
    if let Some(offset) = too_deep(source) {
        let (line, col) = line_col(source, offset);
        errors.push(
            Error::input(format!(
                "this message is nested more than {} levels deep (`{{` or `(` inside each other)",
                crate::limits::STRINGS_DEPTH
            ))
            .at(path)
            .line(line)
            .col(col)
            .hint("look for a `{` that is never closed; the file is left out until it is fixed"),
        );
        return Parsed {
            lang,
            path,
            resource: Arc::new(FluentResource::try_new(String::new()).unwrap_or_else(|(r, _)| r)),
        };
    }
    let lines = crate::util::LineIndex::new(source);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, errs)) => {
            for e in errs {
                let (line, col) = position(&lines, source, error_offset(source, e.pos.start));
                errors.push(
                    Error::input(format!("invalid Fluent syntax: {}", e.kind))
                        .at(path)
                        .line(line)
                        .col(col)
                        .hint(
                            "fix this entry: a message is `key = text`, a plural \
                             `{ $count -> [one] … *[other] … }` with one default variant",
                        ),
                );
            }
            r
        }
    };
    duplicates(source, path, errors);
    Parsed {
        lang,
        path,
        resource: Arc::new(resource),
    }
}

/// Where to point for a parse error Fluent found at byte `offset`. When only blank space lies
/// between the last text and the offset (a `}` missing at the end of a line, noticed only on
/// the next entry), the problem is at the end of that text, not on the following line.
fn error_offset(src: &str, offset: usize) -> usize {
    let Some(before) = src.get(..offset) else {
        return offset;
    };
    let content_end = before.trim_end().len();
    if before
        .get(content_end..)
        .is_some_and(|gap| gap.contains('\n'))
    {
        content_end
    } else {
        offset
    }
}

/// [`line_col`] from an index of the file's lines (many errors in one file).
fn position(lines: &crate::util::LineIndex, src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    lines.position(offset)
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = src.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// Warns about a message id defined twice in one file: the later one silently wins otherwise.
fn duplicates(src: &str, path: &Path, errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, line) in src.lines().enumerate() {
        let Some(id) = message_id(line) else {
            continue;
        };
        if let Some(first) = seen.insert(id, i + 1) {
            errors.push(
                Error::warning(format!(
                    "message `{id}` is defined twice (first on line {first}); the later one wins"
                ))
                .at(path)
                .line(i + 1)
                .col(1)
                .hint("remove one of the two"),
            );
        }
    }
}

/// The id of a line that starts a message (`key = ...`), if it does.
fn message_id(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    let (id, rest) = line.split_at(end);
    rest.trim_start().starts_with('=').then_some(id)
}

/// The bundle of `lang`: theme files, then site files; within each, the file of the language
/// subtag (`pt`) before the one of the full tag (`pt-BR`). Later files override earlier ones.
fn build_lang(lang: &str, theme: &[Parsed], site: &[Parsed]) -> LangStrings {
    // A tag unic-langid cannot read gets English plural rules and number formats.
    let id: LanguageIdentifier = lang.parse().or_else(|_| "en".parse()).unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(message::format_value));
    // NUMBER() lets a translator ask for fraction digits; it can only fail on a name clash.
    let _ = bundle.add_builtins();

    let primary = primary_subtag(lang).filter(|p| p != lang);
    let mut keys = BTreeSet::new();
    for files in [theme, site] {
        let general = files.iter().filter(|f| Some(f.lang) == primary.as_deref());
        let exact = files.iter().filter(|f| f.lang == lang);
        for file in general.chain(exact) {
            for entry in file.resource.entries() {
                if let ast::Entry::Message(m) = entry
                    && m.value.is_some()
                {
                    keys.insert(m.id.name.to_string());
                }
            }
            bundle.add_resource_overriding(Arc::clone(&file.resource));
        }
    }
    LangStrings { bundle, keys }
}

#[cfg(test)]
mod tests;
