//! What `samizdat new` does to a title and its file name, as pure functions.
//!
//! A title keeps what a reader sees: letters of every script, punctuation, emoji with their
//! joiners and variation selectors. It loses control characters (C0, DEL, C1), direction
//! controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the other invisible
//! characters (Unicode's format and default-ignorable characters, noncharacters): they break
//! front matter, or make two names look alike. The file name, made by [`slugify`], also loses
//! a zero-width non-joiner that joins nothing and combining marks with no letter to sit on, and
//! is shortened at a word boundary to a number of bytes.
//!
//! [`slugify`]: crate::util::slugify

use icu::properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
use icu::properties::{CodePointMapData, CodePointSetData};
use unicode_segmentation::UnicodeSegmentation;

/// A title with its hidden characters removed, and what was changed.
pub(super) struct Cleaned {
    pub(super) text: String,
    removed: Vec<char>,
    spaced: usize,
}

impl Cleaned {
    /// What was changed, for stderr.
    pub(super) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let n = self.removed.len();
        if n > 0 {
            notes.push(format!(
                "removed {n} control or invisible character{} from the title ({})",
                plural(n),
                codes(&self.removed)
            ));
        }
        if self.spaced > 0 {
            notes.push(format!(
                "replaced {} line break{} or tab{} in the title with spaces",
                self.spaced,
                plural(self.spaced),
                plural(self.spaced)
            ));
        }
        notes
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `U+0007, U+202E`: the distinct characters, the first five.
fn codes(chars: &[char]) -> String {
    let mut distinct: Vec<char> = Vec::new();
    for c in chars {
        if !distinct.contains(c) {
            distinct.push(*c);
        }
    }
    let mut shown: Vec<String> = distinct
        .iter()
        .take(5)
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect();
    if distinct.len() > 5 {
        shown.push("…".into());
    }
    shown.join(", ")
}

/// The title without hidden characters; line breaks and tabs become spaces, runs of spaces one
/// space, and none is left at either end.
pub(super) fn clean_title(title: &str) -> Cleaned {
    let (mut removed, mut spaced) = (Vec::new(), 0);
    let mut text = String::with_capacity(title.len());
    for c in title.chars() {
        let c = if is_break(c) {
            spaced += 1;
            ' '
        } else if is_hidden(c) {
            removed.push(c);
            continue;
        } else {
            c
        };
        if c == ' ' && (text.is_empty() || text.ends_with(' ')) {
            continue;
        }
        text.push(c);
    }
    while text.ends_with(' ') {
        text.pop();
    }
    Cleaned {
        text,
        removed,
        spaced,
    }
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The direction controls: embeddings, overrides, isolates and marks.
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters a title never keeps: controls, direction controls, noncharacters, and the
/// invisible format characters, except those that change how visible text is drawn (joiners
/// in Persian and Indic words and emoji, variation selectors, the tags of flag emoji).
pub(super) fn is_hidden(c: char) -> bool {
    if c.is_control() || is_bidi_control(c) || is_noncharacter(c) {
        return true;
    }
    if shapes_text(c) {
        return false;
    }
    is_ignorable(c) || CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

/// Invisible characters that change how the visible ones around them are drawn.
fn shapes_text(c: char) -> bool {
    matches!(c,
        '\u{200C}' | '\u{200D}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{180B}'..='\u{180D}' | '\u{180F}'
        | '\u{E0020}'..='\u{E007F}')
}

fn is_ignorable(c: char) -> bool {
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// A file name (without extension) made from a cleaned title.
pub(super) struct Named {
    pub(super) slug: String,
    /// Invisible or stray characters the slug lost that the title kept.
    pub(super) dropped: usize,
    /// The slug was longer than allowed.
    pub(super) shortened: bool,
}

/// The title's slug, with only visible characters, at most `max` bytes long: cut at the last
/// hyphen that keeps at least half of it, else between two characters as a reader sees them.
pub(super) fn file_slug(title: &str, max: usize) -> Named {
    let raw = crate::util::slugify(title);
    let mut dropped = 0;
    let mut words = Vec::new();
    for word in raw.split('-') {
        let chars: Vec<char> = word.chars().collect();
        let mut w = String::with_capacity(word.len());
        for (i, &c) in chars.iter().enumerate() {
            let keep = if c == '\u{200C}' {
                // A non-joiner is part of a word only between two letters (Persian `می‌خواهم`).
                w.chars().last().is_some_and(|p| p != '\u{200C}')
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            } else if is_hidden(c) || is_ignorable(c) {
                false
            } else {
                // A combining mark sits on the letter before it.
                c.is_alphanumeric() || !w.is_empty()
            };
            if keep {
                w.push(c);
            } else {
                dropped += 1;
            }
        }
        if !w.is_empty() {
            words.push(w);
        }
    }
    let slug = words.join("-");
    let shortened = slug.len() > max;
    let slug = if shortened {
        shorten(&slug, max).to_string()
    } else {
        slug
    };
    Named {
        slug,
        dropped,
        shortened,
    }
}

fn shorten(slug: &str, max: usize) -> &str {
    let at_word = slug
        .char_indices()
        .rev()
        .find(|&(i, c)| c == '-' && i <= max && i >= max / 2)
        .map(|(i, _)| i);
    let cut = at_word.unwrap_or_else(|| {
        let mut end = 0;
        for (i, g) in slug.grapheme_indices(true) {
            if i + g.len() > max {
                break;
            }
            end = i + g.len();
        }
        if end == 0 {
            // One "character" longer than the limit (a letter under a pile of marks).
            end = slug
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .take_while(|&e| e <= max)
                .last()
                .unwrap_or(0);
        }
        end
    });
    slug.get(..cut)
        .unwrap_or_default()
        .trim_end_matches(['-', '\u{200C}'])
}

/// Names Windows keeps for devices, with any extension: a page named so cannot be opened there.
pub(super) fn is_windows_device(slug: &str) -> bool {
    let stem = slug.split('.').next().unwrap_or(slug);
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
}
