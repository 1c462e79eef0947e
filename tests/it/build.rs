//! What a built site holds: pages per language, links, lists, feeds, publication control.

use crate::harness::*;

#[test]
fn every_language_gets_its_pages_with_lang_dir_and_alternates() {
    let s = Site::small();
    s.build_ok();
    let en = s.out("about/index.html");
    let ru = s.out("ru/about/index.html");
    let fa = s.out("fa/about/index.html");
    assert!(en.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(ru.contains(r#"<html lang="ru" dir="ltr">"#));
    assert!(fa.contains(r#"<html lang="fa" dir="rtl">"#));
    assert!(ru.contains("<h1>О нас</h1>"));
    // hreflang alternates name the real translations (fa is only a fallback copy).
    assert!(
        en.contains(r#"hreflang="ru" href="https://example.org/ru/about/""#),
        "{en}"
    );
    assert!(
        !en.contains(r#"<link rel="alternate" hreflang="fa""#),
        "{en}"
    );
    // The switcher leads to the same page in each language.
    assert!(ru.contains(r#"href="../../about/" hreflang="en""#), "{ru}");
    assert!(
        ru.contains(r#"href="../../fa/about/" hreflang="fa""#),
        "{ru}"
    );
}

#[test]
fn fallback_page_says_so_and_marks_its_text_language() {
    let s = Site::small();
    s.build_ok();
    let fa = s.out("fa/about/index.html");
    assert!(fa.contains(r#"class="notice""#), "{fa}");
    assert!(
        fa.contains(r#"<div class="body" lang="en" dir="ltr">"#),
        "{fa}"
    );
    assert!(fa.contains("We are a campaign."));
    // The notice is in the page's language, not in English.
    assert!(!fa.contains("has not been translated"), "{fa}");
    // Search engines are pointed at the original.
    assert!(
        fa.contains(r#"<link rel="canonical" href="https://example.org/about/">"#),
        "{fa}"
    );
}

#[test]
fn untranslated_skip_publishes_no_page() {
    let s = Site::small();
    s.write("site.yaml", &format!("{SITE_YAML}untranslated: skip\n"));
    s.build_ok();
    assert!(s.exists("ru/about/index.html"));
    assert!(!s.exists("fa/about/index.html"));
    assert!(!s.exists("fa/news/first/index.html"));
    assert!(
        s.exists("fa/index.html"),
        "every language keeps its home page"
    );
}

#[test]
fn links_to_sources_become_urls_in_the_linking_language() {
    let s = Site::small();
    s.write(
        "content/news/first.ru.md",
        "---\ntitle: Первая новость\n---\nПриговор.\n\n## Подробности {#details}\n",
    );
    s.build_ok();
    assert!(
        s.out("about/index.html")
            .contains(r#"<a href="../news/first/#details">the news</a>"#)
    );
    assert!(
        s.out("ru/about/index.html")
            .contains(r#"<a href="../news/first/#details">новости</a>"#)
    );
    // A fallback page links within its language too.
    assert!(
        s.out("fa/about/index.html")
            .contains(r#"href="../news/first/#details""#)
    );
}

#[test]
fn links_from_the_content_root_and_to_assets_and_sections() {
    let s = Site::small();
    s.write("content/news/second.md", "---\ntitle: Second\ndate: 2014-03-01\n---\n[root](/about.md) [leaflet](./leaflet%20v2.pdf) [all news](./) [photo](../pics/a.png)\n");
    s.write("content/news/leaflet v2.pdf", "%PDF-1.4");
    s.write_bytes("content/pics/a.png", &[]);
    s.write("content/pics/_index.md", "---\ntitle: Pictures\n---\n");
    s.build_ok();
    let h = s.out("news/second/index.html");
    assert!(h.contains(r#"href="../../about/">root"#), "{h}");
    assert!(h.contains(r#"href="../leaflet%20v2.pdf">leaflet"#), "{h}");
    assert!(h.contains(r#"href="../">all news"#), "{h}");
    assert!(s.exists("news/leaflet v2.pdf"));
}

#[test]
fn drafts_and_embargoes_are_not_published() {
    let s = Site::small();
    s.write(
        "content/news/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\nSECRET-DRAFT\n",
    );
    s.write(
        "content/news/later.md",
        "---\ntitle: Later\npublish_after: 2099-01-01T09:00:00+03:00\n---\nEMBARGOED-TEXT\n",
    );
    s.write(
        "content/news/past.md",
        "---\ntitle: Past\npublish_after: 2001-01-01\n---\nPAST-TEXT\n",
    );
    s.build_ok();
    assert!(!s.exists("news/draft/index.html"));
    assert!(!s.exists("news/later/index.html"));
    assert!(s.exists("news/past/index.html"));
    for (path, bytes) in snapshot(&s.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET-DRAFT") && !text.contains("EMBARGOED-TEXT"),
            "{path}"
        );
        assert!(
            !text.contains("news/draft/") && !text.contains("news/later/"),
            "listed in {path}"
        );
    }
    // --drafts builds them, marked.
    let mut o = s.options();
    o.drafts = true;
    samizdat::build::build(&o).expect("drafts build");
    assert!(s.out("news/draft/index.html").contains("badge-draft"));
    assert!(s.out("news/later/index.html").contains("badge-embargo"));
    // Lists say which is which: an embargoed page is not called a draft.
    let list = s.out("news/index.html");
    let item = |slug: &str| {
        list.split(r#"<li class="item">"#)
            .find(|li| li.contains(&format!("{slug}/\"")))
            .unwrap_or_else(|| panic!("{slug} not listed in\n{list}"))
            .to_string()
    };
    let later = item("later");
    assert!(later.contains("badge-embargo"), "{later}");
    assert!(!later.contains("badge-draft"), "{later}");
    let draft = item("draft");
    assert!(
        draft.contains("badge-draft") && !draft.contains("badge-embargo"),
        "{draft}"
    );
}

#[test]
fn embargo_ends_at_the_build_time() {
    let s = Site::small();
    s.write(
        "content/news/later.md",
        "---\ntitle: Later\npublish_after: 2026-12-01T09:00:00+03:00\n---\nx\n",
    );
    let mut o = s.options();
    o.now = chrono::DateTime::parse_from_rfc3339("2026-12-01T05:59:59Z")
        .ok()
        .map(|t| t.to_utc());
    samizdat::build::build(&o).expect("build");
    assert!(!s.exists("news/later/index.html"));
    o.now = chrono::DateTime::parse_from_rfc3339("2026-12-01T06:00:00Z")
        .ok()
        .map(|t| t.to_utc());
    samizdat::build::build(&o).expect("build");
    assert!(s.exists("news/later/index.html"));
}

#[test]
fn private_notes_never_reach_any_output_file() {
    let s = Site::small();
    s.write(
        "content/news/profile.md",
        "---\ntitle: Profile\ndate: 2015-01-01\nprivate:\n  source: CANARY-7f3a-PRIVATE\n  phone: CANARY-PHONE\n---\nPublic text.\n",
    );
    s.write(
        "content/news/profile.ru.md",
        "---\ntitle: Профиль\nprivate: {note: CANARY-RU}\n---\nТекст.\n",
    );
    s.build_ok();
    let files = snapshot(&s.path("public"));
    assert!(files.len() > 10);
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("CANARY"), "private text leaked into {path}");
    }
}

#[test]
fn aliases_write_redirect_pages() {
    let s = Site::small();
    s.write("content/news/first.md", "---\ntitle: First news\ndate: 2014-02-24\naliases: [/old/verdict/, /2014/verdict.html]\n---\nx\n\n## Details {#details}\n");
    s.build_ok();
    let r = s.out("old/verdict/index.html");
    assert!(r.contains(r#"content="0; url=../../news/first/""#), "{r}");
    assert!(r.contains(r#"<link rel="canonical" href="https://example.org/news/first/">"#));
    assert!(s.out("2014/verdict.html").contains("url=../news/first/"));
}

#[test]
fn lists_tags_feeds_sitemap_robots_404() {
    let s = Site::small();
    s.build_ok();
    let news = s.out("news/index.html");
    assert!(
        news.contains(r#"<a href="first/">First news</a>"#),
        "{news}"
    );
    assert!(s.out("tags/bolotnaya/index.html").contains("First news"));
    assert!(s.out("tags/index.html").contains(r#"href="verdict/""#));
    let atom = s.out("atom.xml");
    assert!(atom.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/news/first/\"/>"
    ));
    assert!(s.exists("ru/atom.xml") && s.exists("fa/atom.xml"));
    let sitemap = s.out("sitemap.xml");
    assert!(
        sitemap.contains(
            r#"<xhtml:link rel="alternate" hreflang="ru" href="https://example.org/ru/about/"/>"#
        ),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("https://example.org/fa/about/"),
        "fallback copies are not in the sitemap"
    );
    assert!(
        s.out("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
    let nf = s.out("404.html");
    assert!(
        nf.contains(r#"href="/style.css""#),
        "404 is served at any path: root links\n{nf}"
    );
}

#[test]
fn long_lists_are_paginated() {
    let s = Site::small();
    for i in 0..45 {
        s.write(
            &format!("content/news/n{i:02}.md"),
            &format!(
                "---\ntitle: News {i:02}\ndate: 2015-01-{:02}\n---\nx\n",
                1 + i % 28
            ),
        );
    }
    s.write("site.yaml", &format!("{SITE_YAML}paginate: 20\n"));
    s.build_ok();
    assert!(s.exists("news/page/2/index.html"));
    assert!(s.exists("news/page/3/index.html"));
    assert!(!s.exists("news/page/4/index.html"));
    let p2 = s.out("news/page/2/index.html");
    assert!(p2.contains(r#"rel="prev" href="../../""#), "{p2}");
    assert!(p2.contains(r#"rel="next" href="../3/""#), "{p2}");
}

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::small();
    s.write("static/leaflet.txt", "print me");
    s.build_ok();
    let first = snapshot(&s.path("public"));
    std::fs::remove_dir_all(s.path("public")).expect("rm");
    s.build_ok();
    let second = snapshot(&s.path("public"));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

#[test]
fn static_files_and_assets_are_copied_and_images_stripped() {
    let s = Site::small();
    s.write("static/files/leaflet.txt", "print me");
    let jpeg = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/images/progressive-gps.jpg"
    ))
    .expect("fixture");
    assert!(jpeg.windows(4).any(|w| w == b"Exif"));
    s.write_bytes("content/news/photo.jpg", &jpeg);
    s.write_bytes("static/img/photo.jpg", &jpeg);
    s.build_ok();
    assert_eq!(s.out("files/leaflet.txt"), "print me");
    for rel in ["news/photo.jpg", "img/photo.jpg"] {
        let out = std::fs::read(s.path("public").join(rel)).expect("image copied");
        assert!(
            !out.windows(4).any(|w| w == b"Exif"),
            "{rel} still has EXIF"
        );
        assert!(!out.windows(3).any(|w| w == b"GPS"), "{rel} still has GPS");
    }
}

#[test]
fn absolute_urls_with_a_sub_path() {
    let s = Site::small();
    s.write(
        "site.yaml",
        &SITE_YAML
            .replace("https://example.org/", "https://example.org/campaign/")
            .replace("languages:", "relative_urls: false\nlanguages:"),
    );
    s.build_ok();
    let h = s.out("ru/about/index.html");
    assert!(h.contains(r#"href="/campaign/style.css""#), "{h}");
    assert!(
        h.contains(r#"href="/campaign/ru/news/first/#details""#),
        "{h}"
    );
}

#[test]
fn a_site_template_overrides_the_theme() {
    let s = Site::small();
    s.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p>CUSTOM {{ page.title }}</p>{% endblock main %}");
    s.build_ok();
    assert!(s.out("about/index.html").contains("<p>CUSTOM About us</p>"));
    // Templates it does not override still come from the default theme.
    assert!(s.out("news/index.html").contains("First news"));
}

#[test]
fn the_example_site_builds() {
    let dir = tempfile::tempdir().expect("tmp");
    let opts = samizdat::build::BuildOptions {
        root: std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/example-site")),
        output: Some(dir.path().join("public")),
        ..Default::default()
    };
    let r = samizdat::build::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.warnings.is_empty(), "{}", r.warnings);
    for lang in ["en", "ru", "fa"] {
        assert!(r.stats.pages.get(lang).copied().unwrap_or(0) > 10, "{lang}");
    }
}

#[test]
fn files_of_a_draft_page_are_not_published() {
    let s = Site::small();
    s.write(
        "content/news/secret.md",
        "---\ntitle: Secret\ndraft: true\n---\n![x](./witness.png) [doc](statement.pdf)\n",
    );
    s.write_bytes("content/news/secret.jpg", b"not really a jpeg");
    s.write_bytes("content/news/witness.png", b"png");
    s.write_bytes("content/news/statement.pdf", b"%PDF");
    s.write_bytes("content/news/public.pdf", b"%PDF");
    s.build_ok();
    assert!(!s.exists("news/secret.jpg"), "shares the draft's name");
    assert!(!s.exists("news/witness.png"), "only the draft uses it");
    assert!(!s.exists("news/statement.pdf"));
    assert!(s.exists("news/public.pdf"), "nobody's draft");
    // Once a published page uses a file, it is published.
    s.write("content/news/first.md", "---\ntitle: First news\ndate: 2014-02-24\n---\n[doc](statement.pdf)\n\n## Details {#details}\n");
    s.build_ok();
    assert!(s.exists("news/statement.pdf"));
}

#[test]
fn data_files_reach_templates() {
    let s = Site::small();
    s.write(
        "data/groups.yaml",
        "- {name: London group, city: London}\n- {name: Berlin group}\n",
    );
    s.write(
        "templates/partials/footer.html",
        "<footer>{% for g in data.groups %}<span>{{ g.name }}</span>{% endfor %}</footer>",
    );
    s.build_ok();
    assert!(
        s.out("index.html")
            .contains("<span>London group</span><span>Berlin group</span>")
    );
    s.write("data/groups.yaml", "- {name: [\n");
    let e = s.build_err().to_string();
    assert!(e.contains("data/groups.yaml:"), "{e}");
}

#[test]
fn a_translation_without_a_summary_does_not_show_the_original_one() {
    let s = Site::small();
    s.write(
        "content/about.md",
        "---\ntitle: About us\nsummary: ENGLISH SUMMARY\n---\nWe are a campaign.\n",
    );
    s.build_ok();
    let ru = s.out("ru/about/index.html");
    assert!(!ru.contains("ENGLISH SUMMARY"), "{ru}");
    assert!(
        ru.contains("<meta name=\"description\" content=\"Мы — кампания."),
        "{ru}"
    );
}

#[test]
fn the_404_page_switches_to_language_homes() {
    let s = Site::small();
    s.build_ok();
    let nf = s.out("404.html");
    assert!(!nf.contains("404.html\" hreflang"), "{nf}");
    assert!(nf.contains("href=\"/ru/\" hreflang=\"ru\""), "{nf}");
}

#[test]
fn images_that_cannot_be_cleaned_are_named() {
    let s = Site::small();
    s.write_bytes("static/banner.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic");
    let r = s.build_ok();
    let w = r.warnings.to_string();
    assert!(
        w.contains("static/banner.heic") && w.contains("not published"),
        "{w}"
    );
    assert!(!s.exists("banner.heic"), "left out of the output");
    let mut o = s.options();
    o.strict = true;
    assert!(
        samizdat::build::build(&o).is_err(),
        "--strict makes it an error"
    );
}
