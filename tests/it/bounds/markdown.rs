//! Markdown: headings, links, nesting, summaries and comments, in time and memory linear in the page.

use super::*;

#[test]
fn fifty_thousand_equal_headings_get_distinct_ids_in_linear_time() {
    let s = Site::small();
    // Ids written by hand take the suffixes first: `a-1` then `a` twice gives a-1, a, a-2.
    let mut body = String::from("## a-1\n\n## a\n\n## a\n\n");
    body.push_str(&"## same\n\n".repeat(50_000));
    s.write("content/many.md", &page(&body));
    s.build_ok();
    let html = s.out("many/index.html");
    for id in ["a-1", "a", "a-2", "same", "same-1", "same-49999"] {
        assert_eq!(
            html.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "id {id} should be there once"
        );
    }
    assert!(!html.contains("id=\"same-50000\""));
}

#[test]
fn a_line_of_a_hundred_thousand_links_and_footnotes_builds() {
    let s = Site::small();
    let mut body = String::new();
    for i in 0..100_000 {
        body.push_str(&format!("[l{i}](about.md) "));
    }
    body.push_str("\n\n");
    for i in 0..20_000 {
        body.push_str(&format!("n[^{i}] "));
    }
    body.push_str("\n\n");
    for i in 0..20_000 {
        body.push_str(&format!("[^{i}]: note {i}\n"));
    }
    s.write("content/links.md", &page(&body));
    s.build_ok();
    let html = s.out("links/index.html");
    assert_eq!(html.matches("href=\"../about/\">l").count(), 100_000);
    assert!(html.contains("id=\"fn-19999\""));
}

#[test]
fn markdown_nested_100000_levels_is_an_error_not_a_crash() {
    let bodies = [
        format!("{} quoted\n", ">".repeat(DEEP)),
        format!("{}item\n", "- ".repeat(DEEP)),
        format!("{}item\n", "1. ".repeat(DEEP)),
        format!("{}a{}\n", "*".repeat(DEEP), "*".repeat(DEEP)),
        format!("{}a{}\n", "> - ".repeat(DEEP / 2), ""),
    ];
    for body in &bodies {
        let s = Site::small();
        s.write("content/deep.md", &page(body));
        fails_at(&s, "content/deep.md", 4, "nested more than 100 levels");
    }
    let s = Site::small();
    s.write("content/deep.md", &page(&bodies[0]));
    binary_fails(&s, "nested more than 100 levels");
    // Deep brackets and HTML are text, not nesting: they build.
    let s = Site::small();
    s.write(
        "content/deep.md",
        &page(&format!(
            "{}a{}\n\nx {}\n",
            "[".repeat(DEEP),
            "]".repeat(DEEP),
            "<span>".repeat(DEEP)
        )),
    );
    s.build_ok();
}

#[test]
fn markdown_at_the_depth_limit_builds() {
    // Every element counts: 99 quotes and the paragraph inside them are 100 levels.
    let s = Site::small();
    s.write(
        "content/deep.md",
        &page(&format!("{} quoted\n", ">".repeat(99))),
    );
    s.build_ok();
    assert_eq!(s.out("deep/index.html").matches("<blockquote>").count(), 99);
    s.write(
        "content/deep.md",
        &page(&format!("{} quoted\n", ">".repeat(100))),
    );
    fails_at(&s, "content/deep.md", 4, "nested more than 100 levels");
}

#[test]
fn a_first_paragraph_summary_is_cut_with_its_tags_closed() {
    let s = Site::small();
    let words = "word ".repeat(1000);
    let words = words.trim_end();
    s.write(
        "content/news/long.md",
        &format!("---\ntitle: Long\ndate: 2030-01-01\n---\nStart *{words}* end.\n"),
    );
    s.build_ok();
    let list = s.out("news/index.html");
    let summary = list
        .split("<div class=\"summary\"")
        .nth(1)
        .and_then(|r| r.split("</div>").next())
        .expect("a summary in the news list");
    assert!(summary.contains("word word…</em></p>"), "{summary}");
    assert!(!summary.contains("end."), "{summary}");
    assert!(summary.len() < 2_200, "{}", summary.len());
    // The page itself keeps all of it.
    assert!(s.out("news/long/index.html").contains("</em> end.</p>"));
}

#[test]
fn a_setext_heading_of_a_whole_paragraph_gets_an_id_from_its_start() {
    let s = Site::small();
    let lines = "word\n".repeat(50_000);
    s.write(
        "content/long.md",
        &page(&format!("{lines}===\n\n## word\n")),
    );
    s.build_ok();
    let html = s.out("long/index.html");
    let id = html
        .split("<h1 id=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("an id");
    assert_eq!(id.chars().count(), "word-".len() * 200 - 1, "{}", id.len());
    assert!(html.contains("<h2 id=\"word\">"));
}

#[test]
fn a_hundred_thousand_unclosed_comments_are_ten_errors_and_a_count() {
    let s = Site::small();
    s.write("content/notes.md", &page(&"a <!--\n".repeat(DEEP)));
    let e = s.build_err();
    let shown: Vec<_> = e
        .iter()
        .filter(|e| e.message.contains("`<!--` is never closed"))
        .collect();
    assert_eq!(shown.len(), 10, "{}", errors(&e));
    let last = shown[9].hint.as_deref().unwrap_or("");
    assert!(
        last.contains("99990 more times, the last at line 100003"),
        "{last}"
    );
    // The binary prints them, not 100,000 of them.
    let o = s.run(&["build", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).lines().count() < 40, "{}", stderr(&o).len());
}

#[test]
fn comments_in_every_hostile_shape_finish_and_never_publish_a_note() {
    // Nested, stacked, escaped and unclosed comments: each page either builds without the
    // note, or is an error about the comment. None takes quadratic time.
    let bodies = [
        format!("{} NOTE\n", "<!--".repeat(DEEP)),
        format!(
            "{}NOTE{}\n",
            "<!-- ".repeat(DEEP / 2),
            "-->".repeat(DEEP / 2)
        ),
        format!("{}{} NOTE\n", "\\".repeat(DEEP), "<!--".repeat(DEEP / 2)),
        format!(
            "<div>\n{}NOTE\n</div>\n",
            "<!-- a --> <!--\n".repeat(DEEP / 10)
        ),
        format!("{}<!-- NOTE\n", "> ".repeat(90)),
        format!("<!--\n{}NOTE\n", "x\n".repeat(DEEP)),
        format!("{} NOTE\n", "<!-- -- >".repeat(DEEP / 10)),
        format!("{}\n\nNOTE -->\n", "`<!--".repeat(DEEP / 10)),
    ];
    for body in &bodies {
        let s = Site::small();
        s.write("content/notes.md", &page(body));
        match s.build() {
            Ok(_) => assert!(
                !s.out("notes/index.html").contains("NOTE"),
                "a note was published from {:?}",
                &body[..40]
            ),
            Err(e) => assert!(
                e.iter()
                    .any(|e| e.message.contains("`<!--` is never closed")),
                "{}",
                errors(&e)
            ),
        }
    }
}

#[test]
fn raw_html_with_unclosed_style_blocks_and_import_chains_builds() {
    // Looking for what a page loads from other hosts once read every unclosed `<style>` to the
    // end of the text, and copied the rest of a style for every `@import`.
    let s = Site::small();
    s.write(
        "content/styles.md",
        &page(&format!(
            "<div style=\"{}\">\n\n<div {}\n\n<img src=\"https://tracker.example/x.png\">\n",
            "@import".repeat(DEEP),
            "<style>".repeat(DEEP)
        )),
    );
    let report = s.build_ok();
    let warned = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("tracker.example"))
        .count();
    assert_eq!(warned, 1, "{:?}", report.warnings);
}
