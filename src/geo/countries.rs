//! Country codes and their names in every language the site may use (Unicode CLDR).
//!
//! `geodata/country-names.tsv` is embedded and parsed once, on first use, into immutable
//! tables: read-only reference data, never build state. Codes are ISO 3166-1 alpha-2 plus
//! `XK` (Kosovo), which CLDR and the outlines both use; CLDR's other regions (`EU`, `UN`,
//! `ZZ`, `IC`, ...) are not countries a picket can be in.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const NAMES_TSV: &str = include_str!("../../geodata/country-names.tsv");

/// CLDR regions that are not ISO 3166-1 countries (XK stays: it is a country here).
const NOT_COUNTRIES: [&str; 14] = [
    "AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ",
];

struct Table {
    /// Language columns, e.g. `en`, `ru`.
    langs: Vec<&'static str>,
    /// Code -> a name per language column (empty when CLDR has none).
    names: BTreeMap<&'static str, Vec<&'static str>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut lines = NAMES_TSV.lines();
        let langs: Vec<&str> = lines
            .next()
            .map(|h| h.split('\t').skip(1).collect())
            .unwrap_or_default();
        let names = lines
            .filter_map(|l| {
                let mut f = l.split('\t');
                let cc = f.next()?;
                (!NOT_COUNTRIES.contains(&cc)).then(|| (cc, f.collect()))
            })
            .collect();
        Table { langs, names }
    })
}

/// Whether `cc` is an ISO 3166-1 alpha-2 code (or `XK`), in upper case as written in pickets.
pub fn is_country(cc: &str) -> bool {
    table().names.contains_key(cc)
}

/// The country's name in `lang` (`pt-BR` falls back to `pt`), else in English.
pub fn country_name(cc: &str, lang: &str) -> Option<&'static str> {
    let t = table();
    let row = t.names.get(cc)?;
    let base = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let col = |l: &str| {
        t.langs
            .iter()
            .position(|x| *x == l)
            .and_then(|i| row.get(i))
            .copied()
            .filter(|s| !s.is_empty())
    };
    col(&base).or_else(|| col("en"))
}

/// Every country code, sorted.
pub fn country_codes() -> impl Iterator<Item = &'static str> {
    table().names.keys().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_iso_plus_kosovo() {
        assert!(is_country("DE") && is_country("XK") && is_country("RU"));
        assert!(!is_country("EU") && !is_country("ZZ") && !is_country("de") && !is_country("XC"));
        assert_eq!(country_codes().count(), 250);
    }

    #[test]
    fn names_in_languages_fall_back_to_english() {
        assert_eq!(country_name("DE", "ru"), Some("Германия"));
        assert_eq!(country_name("DE", "de-AT"), Some("Deutschland"));
        assert_eq!(country_name("DE", "sw"), Some("Germany"));
        assert_eq!(country_name("QQ", "en"), None);
    }
}
