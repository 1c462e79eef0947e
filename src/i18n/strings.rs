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

/// Where a Fluent file first nests deeper than [`crate::limits::STRINGS_DEPTH`] (its byte
/// offset), read the way fluent-syntax reads it but without recursion: placeables `{ … }` and
/// call arguments `( … )` nest; inside an expression a string literal `"…"` is skipped; in text
/// (a message's value, a variant) only `{` and `}` count. A line that starts a new entry (a
/// letter, `-` or `#` in the first column) while in text starts again at the top, as
/// fluent-syntax does after an error.
fn too_deep(src: &str) -> Option<usize> {
    #[derive(PartialEq)]
    enum Ctx {
        Text,
        Expr,
        Call,
    }
    let mut stack: Vec<Ctx> = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        let in_text = matches!(stack.last(), None | Some(Ctx::Text));
        if line_start && in_text && (b.is_ascii_alphabetic() || b == b'-' || b == b'#') {
            stack.clear();
        }
        line_start = b == b'\n';
        match b {
            b'{' => stack.push(Ctx::Expr),
            b'}' => {
                // Closes the placeable, and the variants of a select inside it.
                while let Some(c) = stack.pop() {
                    if c == Ctx::Expr {
                        break;
                    }
                }
            }
            _ if in_text => {}
            b'(' => stack.push(Ctx::Call),
            b')' if stack.last() == Some(&Ctx::Call) => {
                stack.pop();
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if bytes.get(i) == Some(&b'\n') {
                    continue;
                }
            }
            // `->`: what follows are the variants of a select, text again.
            b'-' if bytes.get(i + 1) == Some(&b'>') => {
                stack.push(Ctx::Text);
                i += 1;
            }
            _ => {}
        }
        if stack.len() > crate::limits::STRINGS_DEPTH {
            return Some(i);
        }
        i += 1;
    }
    None
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
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn file(lang: &str, src: &str) -> (String, PathBuf, String) {
        let path = PathBuf::from(format!("i18n/{lang}.ftl"));
        (lang.to_string(), path, src.to_string())
    }

    fn langs(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    fn builtin(site_langs: &[&str]) -> Strings {
        let (s, errors) = Strings::new(&langs(site_langs), &Strings::builtin_theme_files(), &[]);
        assert!(errors.is_empty(), "built-in theme has problems: {errors:?}");
        s
    }

    fn count(n: i64) -> [(&'static str, Arg); 1] {
        [("count", Arg::Int(n))]
    }

    /// The counts whose Russian forms differ: 1 день, 2 дня, 5 дней, 21 день, 1302 дня...
    const NUMBERS: [i64; 8] = [1, 2, 5, 21, 1302, 1311, 11, 0];

    #[test]
    fn theme_plurals_in_every_form() {
        let s = builtin(&["en", "ru", "uk", "fa", "fr"]);
        let ru = NUMBERS.map(|n| s.t("ru", "days-in-custody", &count(n)));
        assert_eq!(
            ru,
            [
                "1 день под стражей",
                "2 дня под стражей",
                "5 дней под стражей",
                "21 день под стражей",
                "1302 дня под стражей",
                "1311 дней под стражей",
                "11 дней под стражей",
                "0 дней под стражей",
            ]
        );
        let uk = NUMBERS.map(|n| s.t("uk", "days-in-custody", &count(n)));
        assert_eq!(
            uk,
            [
                "1 день під вартою",
                "2 дні під вартою",
                "5 днів під вартою",
                "21 день під вартою",
                "1302 дні під вартою",
                "1311 днів під вартою",
                "11 днів під вартою",
                "0 днів під вартою",
            ]
        );
        assert_eq!(s.t("en", "days-in-custody", &count(1)), "1 day in custody");
        assert_eq!(s.t("en", "days-in-custody", &count(0)), "0 days in custody");
        assert_eq!(
            s.t("en", "days-in-custody", &count(1302)),
            "1,302 days in custody"
        );
        assert_eq!(s.t("fr", "age-years", &count(0)), "0 an");
        assert_eq!(s.t("fr", "age-years", &count(2)), "2 ans");
        assert_eq!(s.t("fa", "days-in-custody", &count(5)), "۵ روز در بازداشت");
    }

    #[test]
    fn numbers_in_messages_use_the_locale() {
        let s = builtin(&["en", "ru", "fa"]);
        assert_eq!(s.t("fa", "event-pickets", &count(1302)), "۱٬۳۰۲ تجمع");
        assert_eq!(
            s.t("ru", "event-pickets", &count(13020)),
            "13\u{a0}020 пикетов"
        );
        let page = [("n", Arg::Int(2)), ("total", Arg::Int(14))];
        assert_eq!(s.t("fa", "page-n-of-m", &page), "صفحه ۲ از ۱۴");
    }

    #[test]
    fn dates_in_messages_use_the_message_language() {
        let s = builtin(&["en", "ru", "fa"]);
        let d = [(
            "date",
            Arg::Date(NaiveDate::from_ymd_opt(2015, 7, 29).unwrap_or_default()),
        )];
        assert_eq!(s.t("ru", "published", &d), "Опубликовано 29 июля 2015");
        assert_eq!(s.t("en", "published", &d), "Published 29 July 2015");
        assert_eq!(s.t("fa", "published", &d), "منتشرشده در ۷ مرداد ۱۳۹۴");
    }

    #[test]
    fn no_bidi_isolation_marks() {
        let s = builtin(&["fa", "en"]);
        let out = s.t("fa", "map-png-alt", &[("place", Arg::from("London"))]);
        assert_eq!(out, "نقشه تجمع‌ها: London");
        assert!(!out.contains(['\u{2068}', '\u{2069}']));
    }

    #[test]
    fn fallback_per_key() {
        let theme = [
            file(
                "en",
                "a = A in English\nb = B in English\nonly-en = Only English",
            ),
            file("ru", "a = А по-русски\nb = Б по-русски"),
            file("de", "a = A auf Deutsch"),
        ];
        let (s, errors) = Strings::new(&langs(&["ru", "de", "en"]), &theme, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(s.t("ru", "a", &[]), "А по-русски");
        assert_eq!(s.t("ru", "only-en", &[]), "Only English");
        assert_eq!(
            s.t("de", "b", &[]),
            "Б по-русски",
            "the default language comes before en"
        );
        assert_eq!(s.t("de", "only-en", &[]), "Only English");
        assert_eq!(s.t("ru", "nowhere", &[]), "[nowhere]");
        assert_eq!(
            s.t("xx", "a", &[]),
            "А по-русски",
            "an unknown language gets the default"
        );
        assert!(s.has("ru", "a") && !s.has("ru", "only-en") && !s.has("xx", "a"));
        assert_eq!(s.missing("de"), ["b", "only-en"]);
        assert_eq!(s.keys("ru"), ["a", "b"]);
    }

    #[test]
    fn site_overrides_beat_the_theme() {
        let site = [file("ru", "nav-home = Начало\ncampaign-slogan = Свободу!")];
        let (s, errors) = Strings::new(
            &langs(&["ru", "en"]),
            &Strings::builtin_theme_files(),
            &site,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(s.t("ru", "nav-home", &[]), "Начало");
        assert_eq!(s.t("ru", "campaign-slogan", &[]), "Свободу!");
        assert_eq!(
            s.t("ru", "nav-news", &[]),
            "Новости",
            "the rest of the theme stays"
        );
        assert_eq!(s.t("en", "nav-home", &[]), "Home");
        assert_eq!(s.missing("en"), ["campaign-slogan"]);
    }

    #[test]
    fn a_language_file_serves_its_regional_variants() {
        let theme = [
            file("en", "hi = Hello\nbye = Bye"),
            file("pt", "hi = Olá\nbye = Tchau"),
        ];
        let site = [file("pt-BR", "bye = Falou")];
        let (s, errors) = Strings::new(&langs(&["pt-BR", "en"]), &theme, &site);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(s.t("pt-BR", "hi", &[]), "Olá");
        assert_eq!(s.t("pt-BR", "bye", &[]), "Falou");
    }

    #[test]
    fn broken_file_reports_file_line_and_column_and_keeps_the_rest() {
        let src = "ok = Fine\n# a comment\nbroken = { $count\nafter = Still here\n";
        let site = [file("ru", src)];
        let theme = [file(
            "en",
            "ok = Fine in English\nbroken = Broken in English",
        )];
        let (s, errors) = Strings::new(&langs(&["en", "ru"]), &theme, &site);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.path.as_deref(), Some(Path::new("i18n/ru.ftl")));
        assert_eq!(
            (e.line, e.column),
            (Some(3), Some(18)),
            "just after `$count`"
        );
        assert!(!e.is_warning());
        assert!(e.to_string().starts_with("i18n/ru.ftl:3:"), "{e}");
        assert_eq!(s.t("ru", "ok", &[]), "Fine");
        assert_eq!(s.t("ru", "after", &[]), "Still here");
        assert_eq!(s.t("ru", "broken", &[]), "Broken in English");
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let src = "привет = мир\nключ = { $x ->\n    [one] x\n}\n";
        assert_eq!(line_col(src, src.find("ключ").unwrap_or(0)), (2, 1));
        assert_eq!(line_col(src, src.find("мир").unwrap_or(0)), (1, 10));
        assert_eq!(line_col(src, usize::MAX), (5, 1));
    }

    #[test]
    fn warnings_for_duplicates_and_stray_languages() {
        let site = [
            file("ru", "a = one\nb = two\na = three"),
            file("de", "a = eins"),
        ];
        let (s, errors) = Strings::new(&langs(&["en", "ru"]), &[], &site);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.is_warning()));
        assert!(
            errors
                .iter()
                .any(|e| e.line == Some(3) && e.message.contains("`a`"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.path.as_deref() == Some(Path::new("i18n/de.ftl")))
        );
        assert_eq!(s.t("ru", "a", &[]), "three");
    }

    #[test]
    fn attributes_and_odd_input_never_panic() {
        let theme = [file("en", "link = Link\n    .title = Open the link\n")];
        let (s, _) = Strings::new(&langs(&["xx", "", "en"]), &theme, &[]);
        assert_eq!(s.t("en", "link.title", &[]), "Open the link");
        assert_eq!(s.t("xx", "link.nope", &[]), "[link.nope]");
        assert_eq!(s.t("", "link", &[("count", Arg::Num(f64::NAN))]), "Link");
        let (empty, errors) = Strings::new(&[], &[], &[]);
        assert!(errors.is_empty());
        assert_eq!(empty.t("en", "x", &[]), "[x]");
        assert!(empty.missing("ru").is_empty());
    }

    /// Every argument any theme message takes, so a typo in a variable shows as `{$typo}`.
    fn all_args() -> Vec<(&'static str, Arg)> {
        let mut args: Vec<(&str, Arg)> = [
            "lang", "tag", "site", "url", "name", "langs", "event", "city", "country", "place",
        ]
        .iter()
        .map(|k| (*k, Arg::from("X")))
        .collect();
        args.extend([
            ("count", Arg::Int(3)),
            ("n", Arg::Int(1)),
            ("total", Arg::Int(2)),
        ]);
        args.push((
            "date",
            Arg::Date(NaiveDate::from_ymd_opt(2015, 7, 29).unwrap_or_default()),
        ));
        args
    }

    #[test]
    fn builtin_theme_is_complete_and_consistent() {
        let s = builtin(&["en", "ru", "uk", "de", "fr", "es", "fa"]);
        let en = s.keys("en");
        assert!(en.len() > 100);
        assert_eq!(s.keys("ru"), en, "Russian is complete");
        assert_eq!(s.keys("uk"), en, "Ukrainian is complete");
        let args = all_args();
        for lang in ["en", "ru", "uk", "de", "fr", "es", "fa"] {
            for key in s.keys(lang) {
                assert!(
                    en.contains(&key),
                    "{lang} has `{key}`, which en lacks (a typo?)"
                );
                let out = s.t(lang, &key, &args);
                assert!(
                    !out.contains('{') && !out.starts_with('['),
                    "{lang} {key}: {out}"
                );
            }
        }
    }
}
