//! Translators' tools: what is translated, missing or outdated in each language, stubs for
//! missing translations, and what a new locale needs.
//!
//! A translation records in `source_hash` the SHA-256 of what it translated ([`text_hash`]: the
//! body and the text keys of the original's front matter, with whitespace collapsed, so
//! re-wrapping a paragraph does not make every translation stale). When a campaigner edits the
//! original, its hash changes and the translation shows as outdated — in `samizdat l10n status`
//! and, for readers, as a notice with a link to the original.

pub mod stub;

use crate::config::Config;
use crate::content::Library;
use crate::content::frontmatter::FrontMatter;
use crate::i18n::Strings;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The front matter keys whose values are text to translate (besides the body).
pub const TEXT_KEYS: [&str; 11] = [
    "title",
    "summary",
    "name",
    "charges",
    "sentence",
    "city",
    "demands",
    "signatories",
    "recognized_by",
    "letters",
    "timeline",
];

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SHA-256 (hex) of the translatable text of a file: its text keys and its body.
pub fn text_hash(fm: &FrontMatter, body: &str) -> String {
    let mut h = Sha256::new();
    let mut field = |key: &str, value: &str| {
        h.update(key.as_bytes());
        h.update(b"\n");
        h.update(norm(value).as_bytes());
        h.update(b"\n");
    };
    let list = |v: &Option<Vec<String>>| v.as_ref().map(|l| l.join("\n")).unwrap_or_default();
    field("title", fm.title.as_deref().unwrap_or(""));
    field("summary", fm.summary.as_deref().unwrap_or(""));
    field("name", fm.name.as_deref().unwrap_or(""));
    field("charges", &list(&fm.charges));
    field("sentence", fm.sentence.as_deref().unwrap_or(""));
    field("city", fm.city.as_deref().unwrap_or(""));
    field("demands", &list(&fm.demands));
    field("signatories", &list(&fm.signatories));
    field("recognized_by", &list(&fm.recognized_by));
    field(
        "letters.note",
        fm.letters
            .as_ref()
            .and_then(|l| l.note.as_deref())
            .unwrap_or(""),
    );
    let timeline: Vec<String> = fm
        .timeline
        .iter()
        .flatten()
        .map(|t| format!("{} {}", t.date.date(), t.text))
        .collect();
    // A translation's timeline replaces the original's, dates included: a corrected date or a
    // new entry in the original makes the translation outdated.
    field("timeline", &timeline.join("\n"));
    field("body", body);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A top-level key of a YAML text with everything indented below it, as written.
pub fn raw_block(yaml: &str, key: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for line in yaml.split_inclusive('\n') {
        let top =
            !line.starts_with([' ', '\t']) && !line.trim().is_empty() && !line.starts_with('#');
        if top {
            if inside {
                break;
            }
            let k = line.split(':').next().unwrap_or("").trim();
            inside = k == key && line.contains(':');
        }
        if inside {
            out.push_str(line);
        }
    }
    if out.is_empty() {
        None
    } else {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Some(out)
    }
}

/// The state of one translatable page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Translated, and its `source_hash` matches the original.
    UpToDate,
    /// Translated from an older version of the original.
    Outdated,
    /// Translated, but without `source_hash`: nobody can tell whether it is current.
    Untracked,
    /// A translation file marked `draft: true` (a stub being worked on).
    InProgress,
    /// No translation file.
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageState {
    /// The original: `prisoners/ivan.md`.
    pub page: String,
    /// The translation's file, when there is one: `content/prisoners/ivan.ru.md`.
    pub file: Option<String>,
    pub state: State,
    /// The original's current hash: the `source_hash` an up-to-date translation carries.
    pub source_hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LangStatus {
    pub lang: String,
    pub name: String,
    pub total: usize,
    pub up_to_date: usize,
    pub outdated: usize,
    pub untracked: usize,
    pub in_progress: usize,
    pub missing: usize,
    /// Interface strings the theme and the site lack in this language.
    pub strings_missing: Vec<String>,
    pub pages: Vec<PageState>,
}

/// The status of every language but the default one (or of `only`).
pub fn status(
    config: &Config,
    lib: &Library,
    strings: &Strings,
    only: Option<&str>,
) -> Vec<LangStatus> {
    // Every original, published or not: a draft original is still worth translating.
    let mut originals: BTreeMap<&str, usize> = BTreeMap::new();
    let mut files: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, p) in lib.pages.iter().enumerate() {
        if p.lang == config.default_language {
            originals.insert(p.canonical.as_str(), i);
        } else {
            files.insert((p.canonical.as_str(), p.lang.as_str()), i);
        }
    }
    config
        .languages
        .iter()
        .filter(|l| l.code != config.default_language)
        .filter(|l| only.is_none_or(|o| o == l.code))
        .map(|l| {
            let pages: Vec<PageState> = originals
                .iter()
                .map(|(&canonical, &o)| {
                    let t = files
                        .get(&(canonical, l.code.as_str()))
                        .map(|&i| &lib.pages[i]);
                    let state = match t {
                        None => State::Missing,
                        Some(t) if t.fm.draft == Some(true) => State::InProgress,
                        Some(t) => match &t.fm.source_hash {
                            None => State::Untracked,
                            Some(h) if h.trim() == lib.pages[o].text_hash => State::UpToDate,
                            Some(_) => State::Outdated,
                        },
                    };
                    PageState {
                        page: canonical.to_string(),
                        file: t.map(|t| t.shown.display().to_string()),
                        state,
                        source_hash: lib.pages[o].text_hash.clone(),
                    }
                })
                .collect();
            let count = |s: State| pages.iter().filter(|p| p.state == s).count();
            LangStatus {
                lang: l.code.clone(),
                name: l.name.clone(),
                total: pages.len(),
                up_to_date: count(State::UpToDate),
                outdated: count(State::Outdated),
                untracked: count(State::Untracked),
                in_progress: count(State::InProgress),
                missing: count(State::Missing),
                strings_missing: strings.missing(&l.code),
                pages,
            }
        })
        .collect()
}

/// The status as a translator reads it in a terminal.
pub fn report(st: &[LangStatus]) -> String {
    let mut s = String::new();
    for l in st {
        let translated = l.up_to_date + l.outdated + l.untracked;
        s.push_str(&format!(
            "{} ({}): {translated} of {} pages translated, {} outdated, {} missing{}{}\n",
            l.lang,
            l.name,
            l.total,
            l.outdated,
            l.missing,
            if l.in_progress > 0 {
                format!(", {} in progress (draft)", l.in_progress)
            } else {
                String::new()
            },
            if l.untracked > 0 {
                format!(", {} without source_hash", l.untracked)
            } else {
                String::new()
            },
        ));
        for (state, label) in [
            (State::Outdated, "outdated (the original changed since)"),
            (State::Missing, "missing"),
            (State::InProgress, "in progress"),
            (
                State::Untracked,
                "without source_hash (cannot tell if current)",
            ),
        ] {
            let list: Vec<&PageState> = l.pages.iter().filter(|p| p.state == state).collect();
            if list.is_empty() {
                continue;
            }
            s.push_str(&format!("  {label}:\n"));
            for p in list {
                s.push_str(&format!(
                    "    {}\n",
                    p.file.as_deref().unwrap_or(&format!("content/{}", p.page))
                ));
                if matches!(p.state, State::Outdated | State::Untracked) {
                    s.push_str(&format!(
                        "      once it matches the original again: source_hash: \"{}\"\n",
                        p.source_hash
                    ));
                }
            }
        }
        if l.strings_missing.is_empty() {
            s.push_str("  interface strings: complete\n");
        } else {
            s.push_str(&format!(
                "  interface strings missing ({}): {}\n",
                l.strings_missing.len(),
                l.strings_missing.join(", ")
            ));
        }
    }
    if st.iter().any(|l| l.missing > 0) {
        s.push_str(
            "\nnext: `samizdat l10n stub LANG` writes a file for every missing translation.\n",
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_whitespace_but_not_words() {
        let fm = FrontMatter {
            title: Some("A  title".into()),
            ..FrontMatter::default()
        };
        let a = text_hash(&fm, "One paragraph\nwrapped here.\n");
        let b = text_hash(
            &FrontMatter {
                title: Some("A title".into()),
                ..FrontMatter::default()
            },
            "One paragraph wrapped   here.",
        );
        assert_eq!(a, b);
        let c = text_hash(&fm, "One paragraph wrapped there.");
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn raw_blocks_keep_indented_lines() {
        let y = "title: x\nletters:\n  address: |\n    a\n    b\n  note: n\ntags: [a]\n";
        assert_eq!(
            raw_block(y, "letters").as_deref(),
            Some("letters:\n  address: |\n    a\n    b\n  note: n\n")
        );
        assert_eq!(raw_block(y, "tags").as_deref(), Some("tags: [a]\n"));
        assert_eq!(raw_block(y, "nope"), None);
    }
}
