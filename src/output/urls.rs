//! Turning the site paths templates write (`/ru/prisoners/x/`) into the URLs a copy needs.
//!
//! Templates and the Markdown renderer write every internal URL from the site root. One pass
//! over each finished page then makes them relative (`relative_urls: true`: any domain, any
//! sub-folder), prefixes the base path (`relative_urls: false` with a base_url in a sub-folder),
//! or, for the offline bundle, relative and naming their file (`…/index.html`) so the copy works
//! from a folder or `file://`. One mechanism for templates, content and site overrides alike.

/// How internal URLs are written in a finished page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlMode {
    /// Relative to the page: works under any address.
    Relative,
    /// From the server root, with the site's base path (`/` or `/sub/`).
    Absolute { base_path: String },
    /// Relative, and every folder URL names its `index.html`.
    Offline,
    /// Absolute with scheme and host, for feeds: `https://example.org/sub/x/`.
    Full { base_url: String },
}

const ATTRS: [&str; 6] = ["href", "src", "data", "action", "poster", "content"];

/// Rewrites the root-relative URLs in attributes of `html`, a page at site path `page`
/// (`/ru/news/x/` for a folder page, `/404.html` for a file). Only attributes inside tags are
/// touched: text that merely shows `href="/x"` (a code sample) stays as written.
pub fn finish(html: &str, page: &str, mode: &UrlMode) -> String {
    if let UrlMode::Absolute { base_path } = mode
        && base_path == "/"
    {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut last = 0;
    for (start, end) in attr_values(html) {
        out.push_str(&html[last..start]);
        let value = &html[start..end];
        let refresh = html[..start].ends_with("content=\"") || html[..start].ends_with("content='");
        out.push_str(&rewrite_value(value, page, mode, refresh));
        last = end;
    }
    out.push_str(&html[last..]);
    out
}

/// Byte ranges of every URL attribute value inside tags, whatever it starts with (for checks of
/// finished pages).
pub fn attr_values_all(html: &str) -> Vec<(usize, usize)> {
    scan(html, true)
}

/// Byte ranges of the values of URL attributes (and of `content` of a refresh) that start with
/// `/` but not `//`, inside tags only. Comments, scripts' and styles' text are skipped.
pub fn attr_values(html: &str) -> Vec<(usize, usize)> {
    scan(html, false)
}

fn scan(html: &str, all: bool) -> Vec<(usize, usize)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |k| i + k + 3);
            continue;
        }
        let raw_text = ["<script", "<style"]
            .iter()
            .find(|t| {
                html.get(i..i + t.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(t))
            })
            .copied();
        // Inside a tag: name, then attributes until `>`.
        let mut j = i + 1;
        while j < b.len() && b[j] != b'>' {
            if b[j].is_ascii_alphabetic() && b[j - 1].is_ascii_whitespace() {
                let name_start = j;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':')
                {
                    j += 1;
                }
                let name = &html[name_start..j];
                if b.get(j) == Some(&b'=') && matches!(b.get(j + 1), Some(b'"' | b'\'')) {
                    let q = b[j + 1];
                    let vstart = j + 2;
                    let vend = b[vstart..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |k| vstart + k);
                    let v = &html[vstart..vend];
                    let lname = name.to_ascii_lowercase();
                    if ATTRS.contains(&lname.as_str()) {
                        let rootish = v.starts_with('/') && !v.starts_with("//");
                        let refresh = lname == "content" && v.contains("url=/");
                        if (lname != "content" && (rootish || all)) || refresh {
                            out.push((vstart, vend));
                        }
                    }
                    j = (vend + 1).min(b.len());
                    continue;
                }
                continue;
            }
            if b[j] == b'"' || b[j] == b'\'' {
                let q = b[j];
                j = b[j + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |k| j + 1 + k + 1);
                continue;
            }
            j += 1;
        }
        i = j + 1;
        if let Some(t) = raw_text {
            // Searched in place: a lower-cased copy of the rest of the page for each of 80,000
            // `<style>` tags took seconds.
            let close = format!("</{}", &t[1..]);
            let rest = b.get(i..).unwrap_or(&[]);
            i = rest
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                .map_or(b.len(), |k| i + k);
        }
    }
    out
}

fn rewrite_value(value: &str, page: &str, mode: &UrlMode, refresh: bool) -> String {
    if refresh {
        // `0; url=/x/`
        return match value.find("url=") {
            Some(i) => format!(
                "{}url={}",
                &value[..i],
                url_for(&value[i + 4..], page, mode)
            ),
            None => value.to_string(),
        };
    }
    url_for(value, page, mode)
}

/// One site path (`/x/y/#a`) as the mode wants it, seen from `page`.
pub fn url_for(target: &str, page: &str, mode: &UrlMode) -> String {
    if !target.starts_with('/') || target.starts_with("//") {
        return target.to_string();
    }
    let (path, suffix) = match target.find(['#', '?']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    match mode {
        UrlMode::Absolute { base_path } => {
            format!("{}{}{suffix}", base_path.trim_end_matches('/'), path)
        }
        UrlMode::Full { base_url } => format!("{}{}{suffix}", base_url.trim_end_matches('/'), path),
        UrlMode::Relative | UrlMode::Offline => {
            let mut rel = relative(page, path);
            if *mode == UrlMode::Offline && (rel.ends_with('/') || rel.is_empty()) {
                rel.push_str("index.html");
            }
            if rel.is_empty() {
                rel.push_str("./");
            }
            format!("{rel}{suffix}")
        }
    }
}

/// The relative path from the folder of `page` to `target` (both site paths).
fn relative(page: &str, target: &str) -> String {
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "/",
    };
    let from: Vec<&str> = page_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let target_is_dir = target.ends_with('/');
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    if target_is_dir && to.len() > common {
        out.push('/');
    }
    if out.is_empty() {
        return if target_is_dir {
            "./".into()
        } else {
            String::new()
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("/ru/prisoners/x/", "/ru/prisoners/y/"), "../y/");
        assert_eq!(
            relative("/ru/prisoners/x/", "/style.css"),
            "../../../style.css"
        );
        assert_eq!(relative("/", "/ru/"), "ru/");
        assert_eq!(relative("/a/", "/a/"), "./");
        assert_eq!(relative("/404.html", "/"), "./");
    }

    #[test]
    fn finish_rewrites_attributes_only() {
        let html = r#"<a href="/ru/">ru</a> <img src="/p/a.jpg"> <a href="https://x.org/">x</a> <a href="//cdn/">c</a> text href="/not-an-attr"#;
        let out = finish(html, "/news/x/", &UrlMode::Relative);
        assert!(out.contains(r#"href="../../ru/""#), "{out}");
        assert!(out.contains(r#"src="../../p/a.jpg""#), "{out}");
        assert!(out.contains(r#"href="https://x.org/""#));
        assert!(out.contains(r#"href="//cdn/""#));
    }

    #[test]
    fn offline_names_index_files() {
        let out = finish(
            r##"<a href="/">h</a><a href="/a/b/#top">b</a>"##,
            "/a/c/",
            &UrlMode::Offline,
        );
        assert!(out.contains(r#"href="../../index.html""#), "{out}");
        assert!(out.contains(r##"href="../b/index.html#top""##), "{out}");
    }

    #[test]
    fn absolute_mode_adds_base_path() {
        let out = finish(
            r#"<a href="/ru/">r</a><meta http-equiv="refresh" content="0; url=/x/">"#,
            "/a/",
            &UrlMode::Absolute {
                base_path: "/sub/".into(),
            },
        );
        assert!(out.contains(r#"href="/sub/ru/""#), "{out}");
        assert!(out.contains(r#"url=/sub/x/""#), "{out}");
    }

    #[test]
    fn text_that_looks_like_an_attribute_is_left_alone() {
        let html = "<pre><code>&lt;a href=\"/x/\"&gt; — «ж=\"/y\"</code></pre><p>ё href=\"/z\"</p><a class=\"x\" href=\"/w/\">w</a>";
        let out = finish(html, "/a/b/", &UrlMode::Relative);
        assert!(out.contains("href=\"/x/\""), "{out}");
        assert!(out.contains("ж=\"/y\""), "{out}");
        assert!(out.contains("ё href=\"/z\""), "{out}");
        assert!(out.contains("<a class=\"x\" href=\"../../w/\">"), "{out}");
    }

    #[test]
    fn non_ascii_before_an_equals_sign_does_not_panic() {
        let html = "<b a=\"…\" c=\"d\">`<b a=\"…\" c=\"d\">`</b><p title=\"Ёжик\" data=\"/x\">";
        let out = finish(html, "/a/", &UrlMode::Relative);
        assert!(out.contains("data=\"../x\""), "{out}");
    }

    #[test]
    fn refresh_is_relative_too() {
        let out = finish(
            r#"<meta http-equiv="refresh" content="0; url=/x/">"#,
            "/old/path/",
            &UrlMode::Relative,
        );
        assert!(out.contains(r#"content="0; url=../../x/""#), "{out}");
    }
}
