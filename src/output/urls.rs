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

const ATTRS: [&str; 6] = ["href=", "src=", "data=", "action=", "poster=", "content="];

/// Rewrites the root-relative URLs in attributes of `html`, a page at site path `page`
/// (`/ru/news/x/` for a folder page, `/404.html` for a file).
pub fn finish(html: &str, page: &str, mode: &UrlMode) -> String {
    if let UrlMode::Absolute { base_path } = mode
        && base_path == "/"
    {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(i) = find_attr(rest) {
        let (attr_len, quote) = i.1;
        let start = i.0 + attr_len + 1;
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find(quote).unwrap_or(after.len());
        let value = &after[..end];
        let is_refresh = rest[i.0..].starts_with("content=");
        out.push_str(&rewrite_value(value, page, mode, is_refresh));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The next `attr="/…` (or `'/…`) that is not protocol-relative: (offset, (attr+quote len, quote)).
fn find_attr(s: &str) -> Option<(usize, (usize, char))> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(eq) = s[from..].find('=').map(|i| i + from) {
        let q = bytes.get(eq + 1).copied();
        if let Some(q @ (b'"' | b'\'')) = q {
            for a in ATTRS {
                let name = &a[..a.len() - 1];
                if eq >= name.len()
                    && &s[eq - name.len()..eq] == name
                    && (eq == name.len()
                        || matches!(bytes[eq - name.len() - 1], b' ' | b'\n' | b'\t' | b'\r'))
                {
                    let v = &s[eq + 2..];
                    let rootish = v.starts_with('/') && !v.starts_with("//");
                    let refresh = name == "content"
                        && v.contains("url=/")
                        && v.find("url=/") < v.find(q as char);
                    if rootish || refresh {
                        return Some((eq - name.len(), (name.len() + 1, q as char)));
                    }
                }
            }
        }
        from = eq + 1;
    }
    None
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
    fn refresh_is_relative_too() {
        let out = finish(
            r#"<meta http-equiv="refresh" content="0; url=/x/">"#,
            "/old/path/",
            &UrlMode::Relative,
        );
        assert!(out.contains(r#"content="0; url=../../x/""#), "{out}");
    }
}
