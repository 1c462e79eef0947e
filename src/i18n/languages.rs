//! Which language codes exist and what languages are called: autonyms for the language switcher,
//! names of a language in another (for "this page in {$lang}"), and writing direction.
//!
//! Names come from Unicode CLDR 48 through `languages.tsv` beside this file (made by
//! `make_languages.py`, which also copies the CLDR licence into the file's header). The table
//! is embedded in the binary and parsed once on first use: it is read-only data, like ICU4X's
//! compiled data, so sharing it across threads needs no lock. Direction comes from ICU4X (the
//! likely script of the language, then that script's direction), so `az-Arab` is right-to-left
//! while `az` is not.

use std::sync::LazyLock;

use icu::locale::{LanguageIdentifier, LocaleDirectionality};

const TABLE_TSV: &str = include_str!("languages.tsv");

/// The parsed table: one row per CLDR language code, sorted by code.
struct Table {
    /// The languages names are given in (`en`, `ru`, ...), in column order.
    columns: Vec<&'static str>,
    rows: Vec<Row>,
}

struct Row {
    code: &'static str,
    autonym: &'static str,
    /// Names in the languages of `Table::columns`, same order; empty where CLDR has none.
    names: Vec<&'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| parse_table(TABLE_TSV));

fn parse_table(src: &'static str) -> Table {
    let mut lines = src.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
    let columns: Vec<&str> = lines
        .next()
        .map(|h| h.split('\t').skip(2).collect())
        .unwrap_or_default();
    let mut rows: Vec<Row> = lines
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let code = cells.next()?;
            let autonym = cells.next().unwrap_or("");
            Some(Row {
                code,
                autonym,
                names: cells.collect(),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.code.cmp(b.code));
    Table { columns, rows }
}

impl Table {
    fn row(&self, primary: &str) -> Option<&Row> {
        self.rows
            .binary_search_by(|r| r.code.cmp(primary))
            .ok()
            .and_then(|i| self.rows.get(i))
    }
}

/// Every language code in the table, in order.
pub(crate) fn all_codes() -> impl Iterator<Item = &'static str> {
    TABLE.rows.iter().map(|r| r.code)
}

/// The language subtag of a BCP 47 tag, lower-cased (`pt-BR` -> `pt`, `RU` -> `ru`); `None`
/// when `code` is not a well-formed tag.
pub(crate) fn primary_subtag(code: &str) -> Option<String> {
    let id: LanguageIdentifier = code.parse().ok()?;
    Some(id.language.as_str().to_string())
}

/// A language's name in itself, first letter capitalised as a language switcher shows it:
/// `ru` -> "Русский", `uk` -> "Українська", `fa` -> "فارسی", `de` -> "Deutsch". A tag with a
/// region or script gets its language's autonym (`pt-BR` -> "Português"). `None` for codes CLDR
/// has no data in the language itself for (`dv`), and for unknown codes.
pub fn autonym(code: &str) -> Option<&'static str> {
    let primary = primary_subtag(code)?;
    let row = TABLE.row(&primary)?;
    (!row.autonym.is_empty()).then_some(row.autonym)
}

/// The name of language `code` in language `in_lang`, as CLDR writes it inside a sentence
/// (`language_name("de", "ru")` -> "немецкий", `("ru", "en")` -> "Russian"). Names exist in
/// 31 languages (en ru uk be de fr es it pl fa ar he tr ka hy kk ky uz az pt nl cs lt lv et ro
/// sr bg zh ja ko); `None` for others and for unknown codes: callers show the [`autonym`].
pub fn language_name(code: &str, in_lang: &str) -> Option<&'static str> {
    let table = &*TABLE;
    let row = table.row(&primary_subtag(code)?)?;
    let in_primary = primary_subtag(in_lang)?;
    let col = table.columns.iter().position(|c| *c == in_primary)?;
    row.names.get(col).copied().filter(|n| !n.is_empty())
}

/// True for languages written right to left: `ar`, `fa`, `he`, `ur`, `ps`, `yi`, `dv`, `ckb`,
/// `sd`, `ug`..., and any tag whose script is (`az-Arab`, `pa-Arab`). Unknown codes are `false`.
pub fn is_rtl(code: &str) -> bool {
    code.parse::<LanguageIdentifier>()
        .map(|id| LocaleDirectionality::new_extended().is_right_to_left(&id))
        .unwrap_or(false)
}

/// True when `code` is a well-formed BCP 47 language tag (language, optional script, region and
/// variants, any case) whose language subtag CLDR knows: `ru`, `uk`, `fa`, `pt-BR`, `sr-Latn`,
/// `ckb`. False for `xx`, `draft`, `jpg`, `und`, `en_GB`. Beware that some English words are
/// language codes (`new` is Newari, `min` Minangkabau): a caller splitting `name.LANG.md`
/// should prefer the site's own languages.
pub fn is_language_code(code: &str) -> bool {
    match primary_subtag(code) {
        Some(p) => TABLE.row(&p).is_some(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autonyms_are_capitalised_for_the_switcher() {
        assert_eq!(autonym("ru"), Some("Русский"));
        assert_eq!(autonym("uk"), Some("Українська"));
        assert_eq!(autonym("fa"), Some("فارسی"));
        assert_eq!(autonym("de"), Some("Deutsch"));
        assert_eq!(autonym("fr"), Some("Français"));
        assert_eq!(autonym("ka"), Some("ქართული"));
        assert_eq!(autonym("pt-BR"), Some("Português"));
        assert_eq!(autonym("RU"), Some("Русский"));
        assert_eq!(autonym("xx"), None);
        assert_eq!(autonym(""), None);
        assert_eq!(autonym("dv"), None, "CLDR has no Divehi locale data");
    }

    #[test]
    fn names_in_other_languages_are_as_in_running_text() {
        assert_eq!(language_name("de", "ru"), Some("немецкий"));
        assert_eq!(language_name("ru", "en"), Some("Russian"));
        assert_eq!(language_name("ru", "ru"), Some("русский"));
        assert_eq!(language_name("uk", "de"), Some("Ukrainisch"));
        assert_eq!(language_name("fa", "fr"), Some("persan"));
        assert_eq!(language_name("hu", "ru"), Some("венгерский"));
        assert_eq!(language_name("ru", "pt-BR"), Some("russo"));
        assert_eq!(language_name("ru", "hu"), None, "no Hungarian column");
        assert_eq!(language_name("xx", "en"), None);
    }

    #[test]
    fn right_to_left_languages() {
        for code in [
            "ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "az-Arab",
        ] {
            assert!(is_rtl(code), "{code} is written right to left");
        }
        for code in ["en", "ru", "uk", "az", "ku", "tr", "xx", "", "not a tag"] {
            assert!(!is_rtl(code), "{code} is not right to left");
        }
    }

    #[test]
    fn language_codes_known_to_cldr() {
        for code in [
            "ru", "uk", "fa", "pt-BR", "sr-Latn", "zh-Hant", "ckb", "be", "EN",
        ] {
            assert!(is_language_code(code), "{code} is a language code");
        }
        for code in [
            "xx", "draft", "jpg", "png", "md", "und", "en_GB", "", "ru-", "-ru",
        ] {
            assert!(!is_language_code(code), "{code} is not a language code");
        }
    }

    #[test]
    fn table_is_whole() {
        let t = &*TABLE;
        assert_eq!(t.columns.len(), 31);
        assert!(t.rows.len() > 600);
        assert!(
            t.rows.iter().all(|r| r.names.len() == t.columns.len()),
            "ragged row"
        );
    }
}
