//! Name normalization shared by the gazetteer's index and every lookup, and city slugs.
//!
//! A picket's city may be typed in any case, with or without diacritics, with hyphens or
//! spaces (`Zürich`, `ZURICH`, `Nizhniy-Novgorod`, `Орёл`). Both sides of a lookup must fold
//! the same way, so the table lives in the data (`geodata/fold.tsv`, made by
//! `geodata/prepare.py`, which also folds the index keys with it): Rust and Python apply the
//! same per-character lower-casing and then the same table, and the tests check that every
//! name of the gazetteer folds to a key of the prepared index.

use std::sync::OnceLock;

const FOLD_TSV: &str = include_str!("../../geodata/fold.tsv");

/// Sorted, non-overlapping ranges of code points and what they fold to.
struct Table {
    ranges: Vec<(u32, u32, Box<str>)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(FOLD_TSV))
}

/// Parses the embedded table. Malformed lines are skipped: the file is ours and a test
/// checks that it parses completely.
fn parse_table(text: &str) -> Table {
    let mut ranges = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let Some((range, rep)) = line.split_once('\t') else {
            continue;
        };
        let (a, b) = range.split_once('-').unwrap_or((range, range));
        let (Ok(a), Ok(b)) = (u32::from_str_radix(a, 16), u32::from_str_radix(b, 16)) else {
            continue;
        };
        let rep: Option<String> = rep
            .split_whitespace()
            .map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
            .collect();
        if let Some(rep) = rep {
            ranges.push((a, b, rep.into_boxed_str()));
        }
    }
    ranges.sort_by_key(|r| r.0);
    Table { ranges }
}

impl Table {
    fn get(&self, c: char) -> Option<&str> {
        let cp = c as u32;
        let i = self.ranges.partition_point(|r| r.1 < cp);
        match self.ranges.get(i) {
            Some((a, _, rep)) if *a <= cp => Some(rep),
            _ => None,
        }
    }
}

/// The lookup key of a name: lower-cased, diacritics of Latin, Greek and Cyrillic letters
/// folded, apostrophes dropped, punctuation and runs of spaces turned into one space.
pub(crate) fn normalize(s: &str) -> String {
    if s.is_ascii() {
        return normalize_ascii(s);
    }
    let t = table();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let push = |out: &mut String, c: char, space: &mut bool| {
        if c == ' ' {
            *space = !out.is_empty();
        } else {
            if *space {
                out.push(' ');
                *space = false;
            }
            out.push(c);
        }
    };
    for ch in s.chars() {
        for low in ch.to_lowercase() {
            if low.is_ascii_alphanumeric() {
                push(&mut out, low, &mut space);
            } else if let Some(rep) = t.get(low) {
                for r in rep.chars() {
                    push(&mut out, r, &mut space);
                }
            } else {
                push(&mut out, low, &mut space);
            }
        }
    }
    out
}

/// The same as the table does for ASCII (letters and digits kept, `'` and `` ` `` dropped,
/// the rest a space), without looking anything up: most names are plain ASCII.
fn normalize_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' && b != b'`' {
            space = true;
        }
    }
    out
}

/// A URL slug: the normalized name with everything but ASCII letters and digits turned into
/// single hyphens (`Zürich` -> `zurich`, `Frankfurt (Oder)` -> `frankfurt-oder`). Empty when
/// the name has no Latin letter or digit at all.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut hyphen = false;
    for c in normalize(s).chars() {
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else {
            hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_shortcut_agrees_with_the_table() {
        let all: String = (0u8..128).map(char::from).collect();
        for s in [all.as_str(), " A-b'c`d  e.f ", "Ust'-Kamenogorsk", "x\ty"] {
            let mut slow = String::new();
            for c in s.chars() {
                match table().get(c) {
                    Some(rep) => slow.push_str(rep),
                    None => slow.push(c.to_ascii_lowercase()),
                }
            }
            let slow = slow.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(normalize_ascii(s), slow, "{s:?}");
        }
    }

    #[test]
    fn table_parses_completely() {
        let lines = FOLD_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        assert_eq!(table().ranges.len(), lines);
    }

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(normalize("  ZÜRICH "), "zurich");
        assert_eq!(normalize("Kraków"), "krakow");
        assert_eq!(normalize("Nizhniy-Novgorod"), "nizhniy novgorod");
        assert_eq!(normalize("Ust'-Kamenogorsk"), "ust kamenogorsk");
        assert_eq!(normalize("St. Petersburg"), "st petersburg");
        assert_eq!(normalize("Орёл"), "орел");
        assert_eq!(normalize("ΑΘΉΝΑ"), "αθηνα");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("東京"), "東京");
    }

    #[test]
    fn slugs_are_ascii_with_hyphens() {
        assert_eq!(slugify("Zürich"), "zurich");
        assert_eq!(slugify("New York"), "new-york");
        assert_eq!(slugify("Frankfurt (Oder)"), "frankfurt-oder");
        assert_eq!(slugify("東京"), "");
    }
}
