//! Markdown to HTML, once per file, as a pure function of the text.
//!
//! pulldown-cmark with CommonMark plus tables, footnotes, strikethrough, task lists, heading
//! attributes and smart punctuation. Every heading gets an id ([`heading_id`]). Links and images
//! that point inside the site are not resolved here (that needs the whole library): each becomes
//! a placeholder `samizdat-link:N` and is listed in [`Rendered::links`] with its line, so the
//! library can check and rewrite them later with [`substitute`] without parsing again.
//! HTML comments are removed before anything else reads the events ([`comments`]).

use crate::util::{LineIndex, slugify};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Quotes, lists and emphasis inside each other at most this deep.
pub const MARKDOWN_DEPTH: usize = crate::limits::MARKDOWN_DEPTH;

/// A heading's id and its entry in a table of contents come from its first this many characters.
pub const HEADING_CHARS: usize = crate::limits::HEADING_CHARS;

/// A summary taken from the first paragraph stops after this many characters.
pub const SUMMARY_CHARS: usize = crate::limits::SUMMARY_CHARS;

mod comments;

/// The prefix of link placeholders in rendered HTML.
pub const PLACEHOLDER: &str = "samizdat-link:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Something the page loads from another host (an image, an iframe in raw HTML…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLoad {
    pub url: String,
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
}

/// A link or image inside the site, as written, with its place in the Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub line: usize,
    pub column: usize,
    pub image: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML, internal links as placeholders.
    pub html: String,
    /// The first top-level paragraph as HTML (placeholders included), for lists and feeds.
    pub summary_html: Option<String>,
    pub headings: Vec<Heading>,
    /// Every id a link may point at: headings and footnotes.
    pub anchors: BTreeSet<String>,
    /// Internal links; placeholder N is `links[N]`.
    pub links: Vec<Link>,
    /// The text without markup, as rendered; the library keeps only what search needs of it
    /// (the three fields below, see `content::page`), and leaves this empty.
    pub text: String,
    /// The distinct search words of the text, folded and sorted, separated by spaces.
    pub words: String,
    /// The start of the text, for a search result without a summary.
    pub snippet: String,
    /// How many words the text has.
    pub word_count: usize,
    /// What the page would load from other hosts (for privacy warnings).
    pub loads: Vec<ExternalLoad>,
    /// Where the body first nests deeper than [`MARKDOWN_DEPTH`] (line, column): the HTML is
    /// flattened there, and the page is an error.
    pub too_deep: Option<(usize, usize)>,
    /// Where (line, column in the file) a `<!--` opens a comment that is never closed: it would
    /// be published as text, or hide the rest of an HTML block while staying in the page.
    pub unclosed_comments: Vec<(usize, usize)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// True for `https:`, `mailto:`, `//host`: links that leave the site and are left alone.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme_end = dest.find(':');
    match scheme_end {
        Some(i) if i > 0 => {
            let s = &dest[..i];
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        _ => false,
    }
}

/// What a footnote's id starts with (`[^1]` -> `#fn-1`).
pub const FOOTNOTE_PREFIX: &str = "fn-";

/// Renders a Markdown body. `first_line` is the line of the file the body starts on, so link
/// positions point into the file.
///
/// The events stream from pulldown-cmark into the HTML writer; only a heading's events wait
/// (its id depends on its text, up to [`HEADING_CHARS`]) and a copy of the summary's. So memory
/// is the text and the HTML, not a list of every event (a page of 4 million `>` would need
/// 850 MB).
pub fn render(body: &str, first_line: usize) -> Rendered {
    let mut out = Rendered::default();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let mut stream = Stream {
        parser: Parser::new_ext(body, options()).into_offset_iter(),
        lines: LineIndex::new(body),
        first_line,
        out: &mut out,
        comments: comments::Comments::new(body),
        blanked: None,
        ids: Ids::default(),
        heading: None,
        depth: 0,
        summary: Summary::Waiting,
        ready: Vec::new().into_iter(),
    };
    html::push_html(&mut html, &mut stream);
    let Stream {
        comments, lines, ..
    } = stream;
    // Offsets in order, so the line index answers each from the last (linear on one long line).
    out.unclosed_comments = comments
        .unclosed()
        .into_iter()
        .map(|at| {
            let (line, column) = lines.position(at);
            (line + first_line - 1, column)
        })
        .collect();
    out.html = html;
    out
}

/// The first top-level paragraph, copied as it goes by.
enum Summary<'a> {
    /// Not met yet.
    Waiting,
    /// Inside it: its events so far, their characters, the tags open in it.
    Reading {
        events: Vec<Event<'a>>,
        chars: usize,
        open: Vec<TagEnd>,
    },
    Done,
}

/// A heading on its way: its events wait until its id is known.
struct HeadingState<'a> {
    events: Vec<Event<'a>>,
    explicit: Option<String>,
    /// Its text so far, at most [`HEADING_CHARS`] characters of it.
    text: String,
    chars: usize,
    level: HeadingLevel,
    /// Its id is given (the heading was longer than [`HEADING_CHARS`]): the rest goes by.
    settled: bool,
}

/// The events of one body, rewritten (link placeholders, heading ids, footnote ids) and noted
/// (links, loads, headings, text, summary) on their way to the HTML writer.
struct Stream<'a, 'o> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    lines: LineIndex<'a>,
    first_line: usize,
    out: &'o mut Rendered,
    /// HTML comments on their way out ([`comments`]).
    comments: comments::Comments<'a>,
    /// The raw HTML of the current event with its comments blanked out, when it had any.
    blanked: Option<String>,
    ids: Ids,
    heading: Option<HeadingState<'a>>,
    depth: usize,
    summary: Summary<'a>,
    /// Events ready to go (a heading whose id is known).
    ready: std::vec::IntoIter<Event<'a>>,
}

impl<'a> Iterator for Stream<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(ev) = self.ready.next() {
                return Some(ev);
            }
            let Some((ev, range)) = self.parser.next() else {
                // Only an unfinished heading can be left (pulldown-cmark always closes them).
                let mut h = self.heading.take()?;
                self.ready = std::mem::take(&mut h.events).into_iter();
                continue;
            };
            let Some(ev) = self.comments.filter(ev, &range, &mut self.blanked) else {
                continue;
            };
            // Deeper than the limit, elements are left out (their text stays): the page is an
            // error, and its HTML stays as small as its text.
            let too_deep = match &ev {
                Event::Start(_) => self.depth >= MARKDOWN_DEPTH,
                Event::End(_) => self.depth > MARKDOWN_DEPTH,
                _ => false,
            };
            if too_deep && self.out.too_deep.is_none() {
                let (line, column) = self.lines.position(range.start);
                self.out.too_deep = Some((line + self.first_line - 1, column));
            }
            let ev = self.note(ev, range);
            if too_deep {
                continue;
            }
            if let Event::Start(Tag::Heading { level, id, .. }) = &ev
                && self.heading.is_none()
            {
                self.heading = Some(HeadingState {
                    events: Vec::new(),
                    explicit: id.as_ref().map(|s| s.to_string()),
                    text: String::new(),
                    chars: 0,
                    level: *level,
                    settled: false,
                });
            }
            let Some(h) = self.heading.as_mut() else {
                return Some(ev);
            };
            let end = matches!(ev, Event::End(TagEnd::Heading(_)));
            if h.settled {
                if end {
                    self.heading = None;
                }
                return Some(ev);
            }
            h.events.push(ev);
            // A heading longer than HEADING_CHARS (a setext heading can be a whole paragraph)
            // gets its id from its start, and the rest of it goes by without waiting.
            if end || h.chars > HEADING_CHARS || h.events.len() > 4 * HEADING_CHARS {
                self.settle();
                if end {
                    self.heading = None;
                }
            }
        }
    }
}

impl<'a> Stream<'a, '_> {
    /// Gives the heading being read its id, and lets its events go.
    fn settle(&mut self) {
        let Some(h) = self.heading.as_mut() else {
            return;
        };
        let base = h.explicit.clone().unwrap_or_else(|| heading_id(&h.text));
        let id = self.ids.unique(&base, h.explicit.is_some());
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = h.events.first_mut() {
            *slot = Some(CowStr::from(id.clone()));
        }
        self.out.anchors.insert(id.clone());
        self.out.headings.push(Heading {
            level: h.level as u8,
            id,
            text: h.text.trim().to_string(),
        });
        h.settled = true;
        self.ready = std::mem::take(&mut h.events).into_iter();
    }

    /// Rewrites one event and notes what it tells about the page.
    fn note(&mut self, ev: Event<'a>, range: std::ops::Range<usize>) -> Event<'a> {
        let (lines, first_line) = (&self.lines, self.first_line);
        let out = &mut *self.out;
        let ev = match ev {
            // Footnote ids get a prefix of their own: `[^1]` next to a heading `## 1` would
            // otherwise give two elements the id `1`.
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(CowStr::from(format!("{FOOTNOTE_PREFIX}{label}")))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                CowStr::from(format!("{FOOTNOTE_PREFIX}{label}")),
            )),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_external(&dest_url) => {
                let dest_url = placeholder(out, dest_url, lines, range.start, first_line, false);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_external(&dest_url) => {
                let dest_url = placeholder(out, dest_url, lines, range.start, first_line, true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        match &ev {
            Event::Start(Tag::Image { dest_url, .. })
                if crate::privacy::host_of(dest_url).is_some() =>
            {
                let (line, column) = lines.position(range.start);
                out.loads.push(ExternalLoad {
                    url: dest_url.to_string(),
                    what: "an image",
                    line: line + first_line - 1,
                    column,
                });
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // Offsets into the event's text as written, what a comment hides left out.
                let h = self.blanked.as_deref().unwrap_or(h);
                for (off, url, what) in crate::privacy::loads_in_html(h) {
                    let (line, column) = lines.position(range.start + off.min(range.len()));
                    out.loads.push(ExternalLoad {
                        url,
                        what,
                        line: line + first_line - 1,
                        column,
                    });
                }
            }
            _ => {}
        }
        match &ev {
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = self.heading.as_mut().filter(|h| !h.settled) {
                    let room = HEADING_CHARS.saturating_sub(h.chars);
                    h.text.extend(t.chars().take(room));
                    h.chars += t.chars().count();
                }
                if !out.text.is_empty() && !out.text.ends_with(' ') {
                    out.text.push(' ');
                }
                out.text.push_str(t.trim());
            }
            // A heading over two lines (setext) is two words, not one.
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = self.heading.as_mut().filter(|h| !h.settled) {
                    if h.chars < HEADING_CHARS {
                        h.text.push(' ');
                    }
                    h.chars += 1;
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.anchors.insert(label.to_string());
            }
            _ => {}
        }
        self.summarize(&ev);
        match &ev {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        ev
    }

    /// The summary is the first paragraph that is not inside a list, quote or footnote, cut
    /// after [`SUMMARY_CHARS`] characters: it is repeated in every list that shows the page.
    fn summarize(&mut self, ev: &Event<'a>) {
        if let (Summary::Waiting, Event::Start(Tag::Paragraph), 0) = (&self.summary, ev, self.depth)
        {
            self.summary = Summary::Reading {
                events: Vec::new(),
                chars: 0,
                open: Vec::new(),
            };
        }
        let Summary::Reading {
            events,
            chars,
            open,
        } = &mut self.summary
        else {
            return;
        };
        let len = match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                t.chars().count()
            }
            _ => 0,
        };
        let mut finished = false;
        if *chars + len > SUMMARY_CHARS {
            // Cut at the last space that fits, and close what is open.
            if let Event::Text(t) = ev {
                let fits: String = t.chars().take(SUMMARY_CHARS - *chars).collect();
                let cut = fits.rfind(' ').map_or(fits.as_str(), |i| &fits[..i]);
                events.push(Event::Text(CowStr::from(format!("{}…", cut.trim_end()))));
            } else {
                events.push(Event::Text(CowStr::from("…")));
            }
            events.extend(open.drain(..).rev().map(Event::End));
            finished = true;
        } else {
            *chars += len;
            events.push(ev.clone());
            match ev {
                Event::Start(t) => open.push(t.to_end()),
                Event::End(_) => {
                    open.pop();
                    finished = open.is_empty();
                }
                _ => {}
            }
        }
        if finished {
            let mut h = String::new();
            html::push_html(&mut h, events.drain(..));
            self.out.summary_html = Some(h.trim_end().to_string());
            self.summary = Summary::Done;
        }
    }
}

fn placeholder<'a>(
    out: &mut Rendered,
    dest: CowStr<'a>,
    lines: &LineIndex,
    offset: usize,
    first_line: usize,
    image: bool,
) -> CowStr<'a> {
    let (line, column) = lines.position(offset);
    out.links.push(Link {
        dest: dest.to_string(),
        line: line + first_line - 1,
        column,
        image,
    });
    CowStr::from(format!("{PLACEHOLDER}{}", out.links.len() - 1))
}

/// A heading's id from its text: lower-cased, spaces to hyphens, punctuation dropped, letters of
/// every script kept. `The march of 6 May` -> `the-march-of-6-may`.
pub fn heading_id(text: &str) -> String {
    let s = slugify(text);
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// The ids of one page's headings. Later headings with the same text get `-1`, `-2`, skipping
/// ids already taken (`## a-1` written by hand); an explicit `{#id}` is kept as given.
///
/// Linear in the number of headings: each base id remembers the next suffix to try, so 50,000
/// headings `## same` cost 50,000 tries, not 50,000² / 2, and every taken id is skipped at most
/// once (`base-N` is tried only for its own base).
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    fn unique(&mut self, base: &str, explicit: bool) -> String {
        if self.used.insert(base.to_string()) || explicit {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Replaces each placeholder `samizdat-link:N` in `html` by `urls[N]`, escaped for an attribute.
/// An index without a URL becomes `#` (the caller has reported the broken link).
pub fn substitute(html: &str, urls: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + urls.len() * 16);
    let mut rest = html;
    while let Some(i) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..i]);
        let after = &rest[i + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| urls.get(n))
        {
            Some(u) => out.push_str(&crate::util::escape_xml(u)),
            None => out.push('#'),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_in_every_script() {
        let r = render(
            "## The march of 6 May\n\n## Болотное дело\n\n## Help {#help}\n\n## The march of 6 May\n",
            1,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "the-march-of-6-may",
                "болотное-дело",
                "help",
                "the-march-of-6-may-1"
            ]
        );
        assert!(
            r.html.contains(r#"<h2 id="the-march-of-6-may">"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="help">Help</h2>"#), "{}", r.html);
    }

    #[test]
    fn internal_links_become_placeholders_with_lines() {
        let r = render(
            "Intro.\n\nSee [the case](../cases/bolotnaya.md#help) and [web](https://ovd.info).\n",
            5,
        );
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].dest, "../cases/bolotnaya.md#help");
        assert_eq!(r.links[0].line, 7);
        assert!(r.html.contains(r#"href="samizdat-link:0""#));
        assert!(r.html.contains(r#"href="https://ovd.info""#));
        let html = substitute(&r.html, &["/cases/bolotnaya/#help".into()]);
        assert!(html.contains(r#"href="/cases/bolotnaya/#help""#));
    }

    #[test]
    fn summary_is_first_top_level_paragraph() {
        let r = render(
            "> quoted\n\n- item\n\nFirst *real* paragraph.\n\nSecond.\n",
            1,
        );
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<p>First <em>real</em> paragraph.</p>")
        );
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ \"q\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
            1,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("\u{201c}q\u{201d}"));
        assert!(r.html.contains("checkbox"));
        assert!(r.anchors.contains("fn-1"));
    }

    #[test]
    fn footnote_ids_never_clash_with_heading_ids() {
        let r = render(
            "## 1

Note[^1].

[^1]: Foot.
",
            1,
        );
        assert!(r.html.contains(r#"<h2 id="1">"#), "{}", r.html);
        assert!(r.html.contains(r##"href="#fn-1""##), "{}", r.html);
        assert!(r.html.contains(r#"id="fn-1""#), "{}", r.html);
        assert_eq!(r.html.matches(r#"id="1""#).count(), 1, "{}", r.html);
    }

    #[test]
    fn external_detection() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("/cases/x.md#a:b"));
        assert!(!is_external("#help"));
    }
}
