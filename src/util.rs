//! Small pure helpers shared by the stages: slugs, line numbers from byte offsets, the build's
//! notion of "today", and safe relative paths. Nothing here touches the disk.

use chrono::{DateTime, Utc};
use std::path::{Component, Path};

/// A URL slug that keeps letters and digits of every script, lower-cased; spaces, hyphens and
/// underscores become single hyphens; other punctuation is dropped.
/// `The march of 6 May` -> `the-march-of-6-may`; `Болотное дело` -> `болотное-дело`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() || is_mark(c) {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '\u{2013}' || c == '\u{2014}' {
            pending_hyphen = true;
        }
    }
    out
}

/// Combining marks (vowel signs of Indic and Arabic scripts) belong to the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963 | 0x200C)
}

/// Maps byte offsets of a text to 1-based line and column (columns count characters).
///
/// Offsets asked for in increasing order on one line (every link of a long line) are counted
/// from the previous answer, not from the line's start, so a line of 100,000 links costs its
/// length once rather than 100,000 times.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last answer: (offset, column).
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// (line, column), both 1-based.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let (last, last_col) = self.last.get();
        let (from, col) = if (start..=offset).contains(&last) && self.text.is_char_boundary(last) {
            (last, last_col)
        } else {
            (start, 1)
        };
        let col = col
            + self
                .text
                .get(from..offset)
                .map(|s| s.chars().count())
                .unwrap_or(0);
        self.last.set((offset, col));
        (line, col)
    }
}

/// The build's "today": `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
pub fn build_time() -> Result<DateTime<Utc>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds"))?;
            DateTime::from_timestamp(secs, 0)
                .ok_or_else(|| format!("SOURCE_DATE_EPOCH={v:?} is out of range"))
        }
        Err(_) => Ok(Utc::now()),
    }
}

/// True when `p` is relative and stays inside the folder it is joined to: no `..`, no root,
/// no drive prefix.
pub fn is_contained(p: &Path) -> bool {
    p.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `path` with `/` separators, for messages and URLs on every platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Escapes text for XML and HTML content and attribute values.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_every_script() {
        assert_eq!(slugify("The march of 6 May"), "the-march-of-6-may");
        assert_eq!(slugify("Болотное дело"), "болотное-дело");
        assert_eq!(slugify("Free them all!"), "free-them-all");
        assert_eq!(slugify("  a -- b__c "), "a-b-c");
        assert_eq!(slugify("زندانیان سیاسی"), "زندانیان-سیاسی");
    }

    #[test]
    fn line_index_counts_characters() {
        let t = "ab\nпри\nx";
        let li = LineIndex::new(t);
        assert_eq!(li.position(0), (1, 1));
        assert_eq!(li.position(3), (2, 1));
        assert_eq!(li.position(t.find('и').unwrap_or(0)), (2, 3));
        assert_eq!(li.position(t.len()), (3, 2));
        // Asked backwards and again forwards, on one line: the same answers.
        let li = LineIndex::new(t);
        assert_eq!(li.position(7), (2, 3));
        assert_eq!(li.position(5), (2, 2));
        assert_eq!(li.position(9), (2, 4));
        assert_eq!(li.position(1), (1, 2));
    }

    #[test]
    fn containment() {
        assert!(is_contained(Path::new("a/b")));
        assert!(!is_contained(Path::new("../a")));
        assert!(!is_contained(Path::new("/etc")));
    }
}
