//! CSS inside SVG (style sheets, `style` attributes, `url()` in attributes): comments and
//! drawing programs' own properties go (from attributes and from every rule of a sheet), pictures in `url(data:image/...)` are cleaned like any
//! picture. Not a CSS parser: a scan that respects strings and parentheses, which is all these
//! need.

use std::borrow::Cow;

use super::link;
use crate::error::Result;

/// `css` with each `url(data:image/...)` cleaned like any picture (or `none` when the data URL
/// cannot be read); other URLs (fonts, files of the site) as they are.
pub(super) fn clean_pictures(css: &str, depth: usize) -> Result<Cow<'_, str>> {
    // ASCII lowercase keeps every byte offset.
    let lower = css.to_ascii_lowercase();
    if !lower.contains("url(") {
        return Ok(Cow::Borrowed(css));
    }
    let mut out = String::with_capacity(css.len());
    let (mut last, mut from) = (0, 0);
    while let Some(at) = lower[from..].find("url(").map(|i| i + from) {
        let start = at + 4;
        let rest = &css[start..];
        let lead = rest.len() - rest.trim_start().len();
        let quoted = rest[lead..].starts_with(['"', '\'']);
        let (value, end) = if quoted {
            let q = &rest[lead..lead + 1];
            let Some(close) = rest[lead + 1..].find(q) else {
                break;
            };
            let after = lead + 1 + close + 1;
            let Some(paren) = rest[after..].find(')') else {
                break;
            };
            (&rest[lead + 1..lead + 1 + close], start + after + paren + 1)
        } else {
            let Some(paren) = rest.find(')') else {
                break;
            };
            (rest[..paren].trim(), start + paren + 1)
        };
        let picture = value
            .get(..11)
            .is_some_and(|h| h.eq_ignore_ascii_case("data:image/"));
        if picture {
            out.push_str(&css[last..at]);
            match link(value, depth)? {
                Some(v) => {
                    out.push_str("url(\"");
                    out.push_str(&v);
                    out.push_str("\")");
                }
                None => out.push_str("none"),
            }
            last = end;
        }
        from = end;
    }
    out.push_str(&css[last..]);
    Ok(Cow::Owned(out))
}

/// A style sheet cleaned like a style attribute ([`clean_style`]) in each of its rules, at any
/// depth (`@media`), comments gone.
pub(super) fn clean_sheet(sheet: &str) -> Cow<'_, str> {
    let css = strip_comments(sheet);
    let mut out = String::with_capacity(css.len());
    let (mut quote, mut escaped) = (None, false);
    // Just after the last `{` while no block has opened since: a rule's declarations.
    let mut open = None;
    let mut last = 0;
    for (i, c) in css.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => open = Some(i + 1),
            (None, '}') => {
                if let Some(start) = open.take() {
                    out.push_str(&css[last..start]);
                    out.push_str(&clean_style(&css[start..i]));
                    last = i;
                }
            }
            _ => {}
        }
    }
    out.push_str(&css[last..]);
    if out == css {
        return css;
    }
    Cow::Owned(out)
}

/// A style attribute without comments and without editors' own properties
/// (`-inkscape-font-specification`): no browser reads them, and they name the program and the
/// user's fonts. Browsers' prefixes (`-webkit-`, `-moz-`, `-ms-`, `-o-`) and custom properties
/// (`--accent`, which the drawing's author wrote) stay.
pub(super) fn clean_style(style: &str) -> Cow<'_, str> {
    let css = strip_comments(style);
    let editor = |decl: &str| {
        let prop = decl.split(':').next().unwrap_or_default().trim();
        prop.starts_with('-')
            && !prop.starts_with("--")
            && !["-webkit-", "-moz-", "-ms-", "-o-"].iter().any(|p| {
                prop.get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p))
            })
    };
    let decls = declarations(&css);
    if !decls.iter().any(|d| editor(d)) {
        return css;
    }
    let kept: Vec<&str> = decls.into_iter().filter(|d| !editor(d)).collect();
    Cow::Owned(kept.join(";"))
}

/// The declarations of a style attribute: split at `;` outside strings and parentheses.
fn declarations(css: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut depth, mut quote) = (0, 0usize, None);
    let mut escaped = false;
    for (i, c) in css.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ';') if depth == 0 => {
                out.push(&css[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&css[start..]);
    out
}

/// CSS without its comments (strings left alone).
fn strip_comments(css: &str) -> Cow<'_, str> {
    if !css.contains("/*") {
        return Cow::Borrowed(css);
    }
    let mut out = String::with_capacity(css.len());
    let mut quote = None;
    let mut chars = css.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == '\\' {
                    if let Some((_, n)) = chars.next() {
                        out.push(n);
                    }
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                out.push(c);
            }
            None if css[i..].starts_with("/*") => {
                let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}
