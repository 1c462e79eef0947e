//! Privacy: finding what would make a reader's browser contact another host.
//!
//! Readers may be at risk: a picture, a video, a font or a script loaded from another server
//! tells that server who reads the page. The default theme loads nothing from elsewhere and
//! sends a Content-Security-Policy; this module finds what the *content* (Markdown images, raw
//! HTML) or a site's own templates load from other hosts, so `build` and `check` can warn with
//! the file, the line and the host. Hosts listed under `privacy: allow:` in site.yaml are
//! accepted knowingly (and allowed by the CSP). Links (`<a href>`) are not loads: following one
//! is the reader's choice.

use crate::config::Config;
use crate::content::Library;
use crate::error::{Error, Errors};

/// Something in HTML that loads from another host: (byte offset, URL, what it is).
pub fn loads_in_html(html: &str) -> Vec<(usize, String, &'static str)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = lower[i..].find('<') {
        let start = i + k;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let what: Option<&'static str> = match name.as_str() {
            "img" | "picture" => Some("an image"),
            "iframe" | "frame" => Some("a frame (embedded page)"),
            "script" => Some("a script"),
            "video" | "audio" | "source" | "track" => Some("media"),
            "embed" | "object" => Some("an embedded object"),
            "link" if tag.contains("stylesheet") => Some("a stylesheet"),
            "link"
                if tag.contains("icon") || tag.contains("preload") || tag.contains("prefetch") =>
            {
                Some("a file")
            }
            "input" if tag.contains("type=\"image\"") => Some("an image"),
            // SVG: pictures and symbols drawn from another file
            "image" | "use" | "feimage" => Some("an image"),
            _ => None,
        };
        if let Some(what) = what {
            for attr in [
                "src=",
                "data=",
                "poster=",
                "href=",
                "xlink:href=",
                "srcset=",
            ] {
                if attr.ends_with("href=") && name == "a" {
                    continue;
                }
                let mut from = 0;
                while let Some(a) = tag[from..].find(attr) {
                    let pos = from + a;
                    let before_ok = pos == 0 || tag.as_bytes()[pos - 1].is_ascii_whitespace();
                    let v = value_at(&html[start..end], pos + attr.len());
                    if before_ok {
                        for url in v
                            .split(',')
                            .map(|s| s.split_whitespace().next().unwrap_or(""))
                        {
                            if host_of(url).is_some() {
                                out.push((start, url.to_string(), what));
                            }
                        }
                    }
                    from = pos + attr.len();
                }
            }
        }
        // url(…) in style attributes and <style> blocks: fonts and background images.
        if tag.contains("style") {
            for (_, url) in css_urls(&html[start..end]) {
                out.push((start, url, "a style (font or background image)"));
            }
        }
        i = end.max(start + 1);
        // A style block is text up to its end tag, not tags: read once, and skipped.
        if name == "style" {
            let close = lower[end..]
                .find("</style")
                .map_or(lower.len(), |c| end + c);
            for (at, url) in css_urls(&html[end..close]) {
                out.push((end + at, url, "a style (font or background image)"));
            }
            i = i.max(close);
        }
    }
    out
}

fn value_at(tag: &str, at: usize) -> &str {
    let rest = tag.get(at..).unwrap_or("");
    match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
        _ => rest
            .split(|c: char| c.is_whitespace() || c == '>')
            .next()
            .unwrap_or(""),
    }
}

/// Remote `url(…)` and `@import` of a style sheet: (byte offset, URL).
fn css_urls(css: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find("url(") {
        let s = from + k + 4;
        let e = lower[s..].find(')').map_or(lower.len(), |x| s + x);
        let url = css[s..e].trim().trim_matches(['"', '\'']).to_string();
        if host_of(&url).is_some() {
            out.push((from + k, url));
        }
        from = e;
    }
    let mut from = 0;
    while let Some(k) = lower[from..].find("@import") {
        let s = from + k + 7;
        let rest = css[s..].trim_start();
        if lower[s..].trim_start().starts_with("url(") {
            // Already found by the url(…) scan above.
            from = s;
            continue;
        }
        let quoted = rest.trim_start_matches(['"', '\'']);
        let len = quoted
            .find(['"', '\'', ')', ';', ' '])
            .unwrap_or(quoted.len());
        let url = &quoted[..len];
        if host_of(url).is_some() {
            out.push((from + k, url.to_string()));
        }
        // The next `@import` starts after this one's address.
        let quoted_at = css.len() - quoted.len();
        from = quoted_at + len;
    }
    out.sort();
    out
}

/// The host of an absolute (`https://h/…`) or protocol-relative (`//h/…`) URL.
pub fn host_of(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .or_else(|| u.strip_prefix("HTTPS://"))
        .or_else(|| u.strip_prefix("HTTP://"))
        .or_else(|| u.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// True when site.yaml's `privacy: allow:` accepts `host` (a listed host or any subdomain).
pub fn allowed(config: &Config, host: &str) -> bool {
    config.privacy.allow.iter().any(|a| {
        let a = a
            .trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_ascii_lowercase();
        host == a || host.ends_with(&format!(".{a}"))
    })
}

/// Warnings for every load from another host in the site's Markdown, at its line.
pub fn content_warnings(config: &Config, lib: &Library) -> Errors {
    let mut errs = Errors::new();
    for p in &lib.pages {
        for l in &p.body.loads {
            let Some(host) = host_of(&l.url) else {
                continue;
            };
            if allowed(config, &host) {
                continue;
            }
            errs.push(
                warning(&host, l.what)
                    .at(&p.shown)
                    .line(l.line)
                    .col(l.column),
            );
        }
    }
    errs
}

/// Warnings for loads from other hosts in the style sheets, HTML files and SVG pictures a site
/// publishes as they are: the files next to pages and those of `static/` (the site's and its
/// theme's). The default theme's own files load nothing from elsewhere.
pub fn file_warnings(config: &Config, lib: &Library) -> Errors {
    let mut files: Vec<(std::path::PathBuf, std::path::PathBuf)> = lib
        .assets
        .iter()
        .map(|a| (a.path.clone(), a.shown.clone()))
        .collect();
    // Read as the output plan reads them: real folders of the site, no links followed.
    let theme_static = format!("themes/{}/static", config.theme);
    for dir in ["static", theme_static.as_str()] {
        let files_of = crate::content::publish::static_files(config, dir, &mut Errors::new());
        files.extend(files_of.into_iter().map(|f| (f.path, f.shown)));
    }
    let mut errs = Errors::new();
    for (path, shown) in files {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let loads: Vec<(usize, String, &str)> = match ext.as_str() {
            "css" | "html" | "htm" | "xhtml" | "svg" => {
                // Published as they are whatever their size; read whole only when not huge.
                let limit = &crate::limits::SCANNED;
                if std::fs::metadata(&path).is_ok_and(|m| m.len() > limit.bytes) {
                    errs.push(
                        Error::warning(format!(
                            "this file is larger than {}: it is published without being checked \
                             for loads from other hosts",
                            crate::limits::human(limit.bytes)
                        ))
                        .at(&shown)
                        .hint(limit.hint),
                    );
                    continue;
                }
                let Ok(text) = crate::limits::read_text(&path, &shown, limit) else {
                    continue;
                };
                let found = if ext == "css" {
                    css_urls(&text)
                        .into_iter()
                        .map(|(at, u)| (at, u, "a style (font, image or style sheet)"))
                        .collect()
                } else {
                    loads_in_html(&text)
                };
                let lines = crate::util::LineIndex::new(&text);
                found
                    .into_iter()
                    .map(|(at, u, what)| (lines.position(at).0, u, what))
                    .collect()
            }
            _ => continue,
        };
        for (line, url, what) in loads {
            let Some(host) = host_of(&url) else { continue };
            if !allowed(config, &host) {
                errs.push(warning(&host, what).at(&shown).line(line));
            }
        }
    }
    errs
}

pub fn warning(host: &str, what: &str) -> Error {
    Error::warning(format!(
        "this loads {what} from {host}: every reader's browser will contact {host}, which learns who reads the page"
    ))
    .hint(format!(
        "put a copy of the file in content/ next to the page (or in static/), or, if you accept it, add `{host}` under `privacy: allow:` in site.yaml"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_loads_not_links() {
        let html = r#"<p><a href="https://ovd.info/">link</a><img src="https://img.example.com/a.jpg" alt="">
<iframe src="//video.example.org/embed/1"></iframe><link rel="stylesheet" href="https://fonts.example.net/css">
<div style="background: url('https://bg.example.com/x.png')"></div><img src="/local.jpg"><style>@import url("https://cdn.example.com/a.css");</style></p>"#;
        let hosts: Vec<String> = loads_in_html(html)
            .into_iter()
            .filter_map(|(_, u, _)| host_of(&u))
            .collect();
        assert_eq!(
            hosts,
            [
                "img.example.com",
                "video.example.org",
                "fonts.example.net",
                "bg.example.com",
                "cdn.example.com"
            ]
        );
    }

    #[test]
    fn svg_pictures_and_style_sheets() {
        let svg = r#"<svg><image xlink:href="https://svg.example.com/i.png"/><use href="/local.svg#a"/></svg>"#;
        let hosts: Vec<String> = loads_in_html(svg)
            .into_iter()
            .filter_map(|(_, u, _)| host_of(&u))
            .collect();
        assert_eq!(hosts, ["svg.example.com"]);
        let css = "body {\n  background: url(\"https://css.example.com/bg.png\");\n}\n@import \"https://imp.example.com/a.css\";\n";
        let found = css_urls(css);
        assert_eq!(found.len(), 2);
        let lines = crate::util::LineIndex::new(css);
        assert_eq!(lines.position(found[0].0).0, 2);
        assert_eq!(lines.position(found[1].0).0, 4);
    }

    #[test]
    fn unclosed_style_blocks_and_imports_are_read_once() {
        // Each `<style` would look for its end in all the text after it, each `@import` would
        // copy the rest: quadratic. Now one pass, and what follows is still found.
        let html = format!(
            "<div {}<img src=\"https://after.example/x.png\">",
            "<style>".repeat(50_000)
        );
        assert!(loads_in_html(&html).is_empty());
        let html = format!(
            "{}</style><img src=\"https://after.example/x.png\">",
            "<style>".repeat(50_000)
        );
        let hosts: Vec<_> = loads_in_html(&html)
            .into_iter()
            .map(|(_, u, _)| u)
            .collect();
        assert_eq!(hosts, ["https://after.example/x.png"]);
        let css = format!(
            "{} @import \"https://imp.example.com/a.css\";",
            "@import".repeat(50_000)
        );
        assert_eq!(css_urls(&css).len(), 1);
        let css = format!(
            "{}\n@import \"https://imp.example.com/a.css\";",
            "@import ;".repeat(50_000)
        );
        assert_eq!(css_urls(&css).len(), 1);
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://user@Img.Example.com:8080/x").as_deref(),
            Some("img.example.com")
        );
        assert_eq!(host_of("/local"), None);
        assert_eq!(host_of("mailto:a@b"), None);
    }
}
