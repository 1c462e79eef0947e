//! Atom feeds, the sitemap and robots.txt: plain XML/text built from simple values, so this stage
//! knows nothing of the library. Every URL here is absolute (readers and crawlers need them).

use crate::util::escape_xml;
use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub published: Option<String>,
    pub updated: String,
    pub summary_html: Option<String>,
    pub content_html: String,
}

pub struct Feed<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub lang: &'a str,
    pub self_url: &'a str,
    pub home_url: &'a str,
    /// RFC 3339: the newest entry's time (not the clock: output is reproducible).
    pub updated: &'a str,
    pub entries: &'a [FeedEntry],
}

/// An Atom 1.0 feed (RFC 4287).
pub fn atom(f: &Feed) -> String {
    let mut s = String::with_capacity(
        4096 + f
            .entries
            .iter()
            .map(|e| e.content_html.len() * 11 / 10)
            .sum::<usize>(),
    );
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        s,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(f.lang)
    );
    let _ = writeln!(s, "  <title>{}</title>", escape_xml(f.title));
    if let Some(sub) = f.subtitle {
        let _ = writeln!(s, "  <subtitle>{}</subtitle>", escape_xml(sub));
    }
    let _ = writeln!(
        s,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(f.self_url)
    );
    let _ = writeln!(
        s,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(f.home_url)
    );
    let _ = writeln!(s, "  <id>{}</id>", escape_xml(f.home_url));
    let _ = writeln!(s, "  <updated>{}</updated>", escape_xml(f.updated));
    s.push_str("  <generator>samizdat</generator>\n");
    for e in f.entries {
        s.push_str("  <entry>\n");
        let _ = writeln!(s, "    <title>{}</title>", escape_xml(&e.title));
        let _ = writeln!(
            s,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_xml(&e.url)
        );
        let _ = writeln!(s, "    <id>{}</id>", escape_xml(&e.url));
        if let Some(p) = &e.published {
            let _ = writeln!(s, "    <published>{}</published>", escape_xml(p));
        }
        let _ = writeln!(s, "    <updated>{}</updated>", escape_xml(&e.updated));
        if let Some(sum) = &e.summary_html {
            let _ = writeln!(
                s,
                "    <summary type=\"html\">{}</summary>",
                escape_xml(sum)
            );
        }
        let _ = writeln!(
            s,
            "    <content type=\"html\">{}</content>",
            escape_xml(&e.content_html)
        );
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

#[derive(Debug, Clone)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
    /// (hreflang, absolute URL) of every language version, this one included.
    pub alternates: Vec<(String, String)>,
}

/// sitemap.xml with hreflang alternates (the `xhtml:link` form search engines read).
pub fn sitemap(urls: &[SitemapUrl]) -> String {
    let mut s = String::with_capacity(urls.len() * 200 + 256);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for u in urls {
        s.push_str("  <url>\n");
        let _ = writeln!(s, "    <loc>{}</loc>", escape_xml(&uri(&u.loc)));
        if let Some(m) = &u.lastmod {
            let _ = writeln!(s, "    <lastmod>{}</lastmod>", escape_xml(m));
        }
        if u.alternates.len() > 1 {
            for (lang, href) in &u.alternates {
                let _ = writeln!(
                    s,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_xml(lang),
                    escape_xml(&uri(href))
                );
            }
        }
        s.push_str("  </url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// A URL as the sitemap protocol wants it: every byte outside printable ASCII (a Cyrillic slug,
/// a space) percent-encoded, the rest as it is.
fn uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_urls_are_percent_encoded() {
        let m = sitemap(&[SitemapUrl {
            loc: "https://e.org/ru/новости/".into(),
            lastmod: None,
            alternates: vec![
                ("en".into(), "https://e.org/news/".into()),
                ("ru".into(), "https://e.org/ru/новости/".into()),
            ],
        }]);
        assert!(
            m.contains("<loc>https://e.org/ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/</loc>"),
            "{m}"
        );
        assert!(
            m.contains(r#"hreflang="en" href="https://e.org/news/""#),
            "{m}"
        );
        assert!(!m.contains("новости"), "{m}");
    }

    #[test]
    fn atom_escapes_and_is_well_formed() {
        let e = FeedEntry {
            title: "A & B <3".into(),
            url: "https://e.org/ru/news/x/".into(),
            published: Some("2015-01-01T00:00:00Z".into()),
            updated: "2015-01-02T00:00:00Z".into(),
            summary_html: Some("<p>sum</p>".into()),
            content_html: "<p>body</p>".into(),
        };
        let f = atom(&Feed {
            title: "Site",
            subtitle: None,
            lang: "ru",
            self_url: "https://e.org/ru/atom.xml",
            home_url: "https://e.org/ru/",
            updated: "2015-01-02T00:00:00Z",
            entries: &[e],
        });
        assert!(f.contains("<title>A &amp; B &lt;3</title>"));
        assert!(f.contains("&lt;p&gt;body&lt;/p&gt;"));
        assert!(f.contains("xml:lang=\"ru\""));
    }

    #[test]
    fn sitemap_lists_alternates() {
        let s = sitemap(&[SitemapUrl {
            loc: "https://e.org/".into(),
            lastmod: None,
            alternates: vec![
                ("en".into(), "https://e.org/".into()),
                ("ru".into(), "https://e.org/ru/".into()),
            ],
        }]);
        assert!(s.contains("hreflang=\"ru\" href=\"https://e.org/ru/\""));
    }
}
