//! Markdown to HTML, once per file, as a pure function of the text.
//!
//! pulldown-cmark with CommonMark plus tables, footnotes, strikethrough, task lists, heading
//! attributes and smart punctuation. Every heading gets an id ([`heading_id`]). Links and images
//! that point inside the site are not resolved here (that needs the whole library): each becomes
//! a placeholder `samizdat-link:N` and is listed in [`Rendered::links`] with its line, so the
//! library can check and rewrite them later with [`substitute`] without parsing again.

use crate::util::{LineIndex, slugify};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{BTreeSet, HashMap, HashSet};

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
    /// The text without markup, for search and word counts.
    pub text: String,
    /// What the page would load from other hosts (for privacy warnings).
    pub loads: Vec<ExternalLoad>,
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
pub fn render(body: &str, first_line: usize) -> Rendered {
    let lines = LineIndex::new(body);
    let mut events: Vec<Event> = Vec::new();
    let mut out = Rendered::default();
    let mut ids = Ids::default();
    // The heading being read: index of its Start event, its explicit id, its text so far.
    let mut heading: Option<(usize, Option<String>, String, HeadingLevel)> = None;
    let mut depth = 0usize;
    let mut summary: Option<(usize, Option<usize>)> = None;

    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
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
                let dest_url =
                    placeholder(&mut out, dest_url, &lines, range.start, first_line, false);
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
                let dest_url =
                    placeholder(&mut out, dest_url, &lines, range.start, first_line, true);
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
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    events.len(),
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                    *level,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, explicit, text, level)) = heading.take() {
                    let base = explicit.clone().unwrap_or_else(|| heading_id(&text));
                    let id = ids.unique(&base, explicit.is_some());
                    if let Some(Event::Start(Tag::Heading { id: slot, .. })) = events.get_mut(start)
                    {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    out.anchors.insert(id.clone());
                    out.headings.push(Heading {
                        level: level as u8,
                        id,
                        text: text.trim().to_string(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = heading.as_mut() {
                    text.push_str(t);
                }
                if !out.text.is_empty() && !out.text.ends_with(' ') {
                    out.text.push(' ');
                }
                out.text.push_str(t.trim());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.anchors.insert(label.to_string());
            }
            _ => {}
        }
        // The summary is the first paragraph that is not inside a list, quote or footnote.
        match &ev {
            Event::Start(Tag::Paragraph) if depth == 0 && summary.is_none() => {
                summary = Some((events.len(), None));
            }
            Event::End(TagEnd::Paragraph) if depth == 1 => {
                if let Some((_, end @ None)) = summary.as_mut() {
                    *end = Some(events.len() + 1);
                }
            }
            _ => {}
        }
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        events.push(ev);
    }

    if let Some((s, Some(e))) = summary
        && let Some(slice) = events.get(s..e)
    {
        let mut h = String::new();
        html::push_html(&mut h, slice.iter().cloned());
        out.summary_html = Some(h.trim_end().to_string());
    }
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
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
