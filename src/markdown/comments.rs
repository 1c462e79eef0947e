//! HTML comments in Markdown (`<!-- editor's note -->`): removed from what is rendered, so an
//! editor's note never reaches a page, a feed, a summary or the search index.
//!
//! The parser hands raw HTML over in pieces: an inline comment is one event, a comment in an HTML
//! block comes one line at a time, possibly after a tag on the same line. [`Comments`] follows
//! them through the event stream, keeping what is outside a comment. A `<!--` that the parser did
//! not read as the start of a comment (one never closed by `-->`, or one that spans an empty line
//! inside a paragraph) would be published as text, or hide the rest of an HTML block from readers
//! while it stays in the file: each is reported (see [`Comments::unclosed`]) and the page is an
//! error. A `<!--` in code (`` `<!--` ``, a fenced block) is text and stays; so does `\<!--`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";

/// The state of one body's comments while its events are read.
pub(super) struct Comments<'s> {
    src: &'s str,
    /// Offsets of every `<!--` of the source, and whether the parser read each as HTML or code.
    openings: Vec<(usize, bool)>,
    /// Inside an HTML block: where the comment still open began.
    open_since: Option<usize>,
    /// Offsets of comments that are never closed.
    unclosed: Vec<usize>,
}

/// What a comment leaves of a piece of raw HTML.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Stripped {
    /// The text outside comments.
    pub kept: String,
    /// The text with every comment's characters turned into spaces (line breaks kept), so that
    /// offsets into it are offsets into the original.
    pub blanked: String,
}

impl<'s> Comments<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        Comments {
            src,
            openings: src.match_indices(OPEN).map(|(i, _)| (i, false)).collect(),
            open_since: None,
            unclosed: Vec::new(),
        }
    }

    /// The event without its comments; `None` when nothing of it is left. `blanked` receives
    /// the raw HTML with comments blanked out, when the event had any.
    pub(super) fn filter<'e>(
        &mut self,
        ev: Event<'e>,
        range: &Range<usize>,
        blanked: &mut Option<String>,
    ) -> Option<Event<'e>> {
        *blanked = None;
        if self.openings.is_empty() && self.open_since.is_none() {
            return Some(ev);
        }
        match ev {
            Event::Html(h) => {
                self.cover(range);
                let open = self.open_since.is_some();
                if !open && !h.contains(OPEN) {
                    return Some(Event::Html(h));
                }
                let (s, still_open) = strip(&h, open);
                self.open_since = match (still_open, self.open_since) {
                    (None, _) => None,
                    (Some(_), Some(since)) => Some(since),
                    (Some(at), None) => Some((range.start + at).min(range.end)),
                };
                *blanked = Some(s.blanked);
                (!s.kept.is_empty()).then(|| Event::Html(CowStr::from(s.kept)))
            }
            // The parser makes an inline comment one event, and only a closed one.
            Event::InlineHtml(h) => {
                self.cover(range);
                if h.starts_with(OPEN) {
                    None
                } else {
                    Some(Event::InlineHtml(h))
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(since) = self.open_since.take() {
                    self.unclosed.push(since);
                }
                Some(ev)
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => {
                self.cover(range);
                Some(ev)
            }
            other => Some(other),
        }
    }

    /// Marks the `<!--` inside `range` as read by the parser as HTML or code.
    fn cover(&mut self, range: &Range<usize>) {
        let from = self.openings.partition_point(|&(i, _)| i < range.start);
        for o in self.openings[from..].iter_mut() {
            if o.0 + OPEN.len() > range.end {
                break;
            }
            o.1 = true;
        }
    }

    /// Offsets (in the source) of every `<!--` that starts a comment never closed: left open at
    /// the end of an HTML block, or read as text (not escaped as `\<!--`).
    pub(super) fn unclosed(mut self) -> Vec<usize> {
        if let Some(since) = self.open_since.take() {
            self.unclosed.push(since);
        }
        let src = self.src.as_bytes();
        let as_text = self
            .openings
            .iter()
            .filter(|&&(i, covered)| !covered && !escaped(src, i))
            .map(|&(i, _)| i);
        let mut all: Vec<usize> = self.unclosed.into_iter().chain(as_text).collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// True when the byte at `i` is escaped by an odd number of backslashes.
fn escaped(src: &[u8], i: usize) -> bool {
    src[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// `text` without its comments. `open`: a comment is open at its start. Also returns where (in
/// `text`) the comment still open at its end began, if one is.
pub(super) fn strip(text: &str, open: bool) -> (Stripped, Option<usize>) {
    let mut kept = String::with_capacity(text.len());
    let mut blanked = String::with_capacity(text.len());
    let blank = |out: &mut String, s: &str| {
        for c in s.chars() {
            match c {
                '\n' | '\r' => out.push(c),
                _ => (0..c.len_utf8()).for_each(|_| out.push(' ')),
            }
        }
    };
    let mut open_at = open.then_some(0);
    let mut rest = text;
    let mut at = 0;
    loop {
        if open_at.is_some() {
            match rest.find(CLOSE) {
                Some(j) => {
                    let end = j + CLOSE.len();
                    blank(&mut blanked, &rest[..end]);
                    rest = &rest[end..];
                    at += end;
                    open_at = None;
                }
                None => {
                    blank(&mut blanked, rest);
                    break;
                }
            }
        } else {
            match rest.find(OPEN) {
                Some(j) => {
                    kept.push_str(&rest[..j]);
                    blanked.push_str(&rest[..j]);
                    let after = &rest[j + OPEN.len()..];
                    // `<!-->` and `<!--->` are whole (empty) comments in HTML and CommonMark.
                    let empty = [">", "->"].into_iter().find(|e| after.starts_with(e));
                    let skip = j + OPEN.len() + empty.map_or(0, str::len);
                    blank(&mut blanked, &rest[j..skip]);
                    if empty.is_none() {
                        open_at = Some(at + j);
                    }
                    rest = &rest[skip..];
                    at += skip;
                }
                None => {
                    kept.push_str(rest);
                    blanked.push_str(rest);
                    break;
                }
            }
        }
    }
    (Stripped { kept, blanked }, open_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_keeps_what_is_outside_comments() {
        let (s, open) = strip("<p>a<!-- secret -->b</p>\n", false);
        assert_eq!(s.kept, "<p>ab</p>\n");
        assert_eq!(s.blanked.len(), "<p>a<!-- secret -->b</p>\n".len());
        assert!(!s.blanked.contains("secret"));
        assert_eq!(open, None);
        let (s, open) = strip("<div> <!-- note\n", false);
        assert_eq!((s.kept.as_str(), open), ("<div> ", Some(6)));
        let (s, open) = strip("still a note --> </div>\n", true);
        assert_eq!((s.kept.as_str(), open), (" </div>\n", None));
        let (s, open) = strip("x<!-->y<!--->z", false);
        assert_eq!((s.kept.as_str(), open), ("xyz", None));
        let (s, _) = strip("é<!-- ж -->ü", false);
        assert_eq!(s.blanked.len(), "é<!-- ж -->ü".len());
    }

    /// The body rendered; panics if any of `secrets` is in any part of it a reader could see.
    fn clean(src: &str, secrets: &[&str]) -> crate::markdown::Rendered {
        let r = crate::markdown::render(src, 1);
        for s in secrets {
            let summary = r.summary_html.as_deref().unwrap_or("");
            let headings: String = r.headings.iter().map(|h| h.text.as_str()).collect();
            for (what, text) in [
                ("html", &r.html),
                ("summary", &summary.to_string()),
                ("text", &r.text),
                ("headings", &headings),
            ] {
                assert!(!text.contains(s), "{s} in the {what} of {src:?}: {text}");
            }
        }
        r
    }

    #[test]
    fn comments_never_reach_the_page_summary_or_search_text() {
        let cases = [
            "Para <!-- NOTE1 --> after.\n",
            "Para <!-- NOTE1\nspans\nNOTE2 --> after.\n",
            "<!-- NOTE1 -->\n\nText.\n",
            "<!--\nNOTE1\n\nNOTE2\n-->\n\nText.\n",
            "<!-- NOTE1 --> kept\n\nText.\n",
            "- item <!-- NOTE1 -->\n- item\n  <!-- NOTE2\n  NOTE1 -->\n",
            "> quote\n> <!-- NOTE1\n> NOTE2 -->\n> after\n",
            "<div>\n<!-- NOTE1 --> <b>kept</b> <!-- NOTE2\nNOTE1 -->\n</div>\n",
            "## Title <!-- NOTE1 -->\n\nText.\n",
            "| a | b |\n|---|---|\n| <!-- NOTE1 --> | x |\n",
            "Note[^1].\n\n[^1]: Foot <!-- NOTE1 -->.\n",
            "*em <!-- NOTE1* -->*\n",
            "x <!--> y <!---> z <!---NOTE1--->\n",
        ];
        for src in cases {
            let r = clean(src, &["NOTE1", "NOTE2", "<!--", "-->"]);
            assert!(r.unclosed_comments.is_empty(), "{src:?}");
        }
        let r = clean("<!-- NOTE1 --> kept\n\nText.\n", &["NOTE1"]);
        assert!(r.html.contains("kept"), "{}", r.html);
        let r = clean("First <!-- NOTE1 -->paragraph.\n", &["NOTE1"]);
        assert_eq!(r.summary_html.as_deref(), Some("<p>First paragraph.</p>"));
    }

    #[test]
    fn a_comment_in_code_is_text() {
        for src in [
            "```html\n<!-- shown -->\n```\n",
            "~~~\n<!-- shown\n~~~\n",
            "    <!-- shown -->\n",
            "Write `<!-- shown -->` to hide a note.\n",
            "- list\n\n  ```\n  <!-- shown\n  ```\n",
        ] {
            let r = crate::markdown::render(src, 1);
            assert!(r.html.contains("&lt;!-- shown"), "{src:?}: {}", r.html);
            assert!(r.unclosed_comments.is_empty(), "{src:?}");
        }
        let r = crate::markdown::render("Write \\<!-- to start a comment.\n", 1);
        assert!(r.unclosed_comments.is_empty());
        assert!(r.html.contains("&lt;!"), "{}", r.html);
    }

    #[test]
    fn a_comment_never_closed_is_reported_at_its_line() {
        for (src, at) in [
            ("Text <!-- NOTE1\n\nmore NOTE2\n", (1, 6)),
            ("Intro.\n\n<!-- NOTE1\n\nthe rest NOTE2\n", (3, 1)),
            ("Intro.\n\npara <!-- NOTE1\n\nNOTE2 --> after\n", (3, 6)),
            ("<div>\n<!-- NOTE1\n\n</div>\nNOTE2 -->\n", (2, 1)),
            ("- a\n- b <!-- NOTE1\n", (2, 5)),
        ] {
            let r = crate::markdown::render(src, 1);
            assert_eq!(r.unclosed_comments.first(), Some(&at), "{src:?}");
        }
        // Positions count from the body's first line in the file.
        let r = crate::markdown::render("x <!-- y\n", 5);
        assert_eq!(r.unclosed_comments, [(5, 3)]);
    }

    #[test]
    fn commented_out_loads_are_not_loads() {
        let r = crate::markdown::render(
            "<!-- <img src=\"https://a.example/x.png\"> -->\n\n<p><!-- x --><img src=\"https://b.example/y.png\"></p>\n",
            1,
        );
        let urls: Vec<&str> = r.loads.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://b.example/y.png"]);
        // At the same place as without the comment.
        let plain = crate::markdown::render(
            "\n\n<p>          <img src=\"https://b.example/y.png\"></p>\n",
            1,
        );
        assert_eq!(
            (r.loads[0].line, r.loads[0].column),
            (plain.loads[0].line, plain.loads[0].column)
        );
    }

    #[test]
    fn escaped_openings_are_text() {
        assert!(escaped(br"a \<!--", 3));
        assert!(!escaped(br"a \\<!--", 4));
        assert!(!escaped(b"<!--", 0));
    }
}
