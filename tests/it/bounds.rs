//! Bounded inputs: no input hangs a build, exhausts memory or overflows a stack. Each limit of
//! `src/limits.rs` is shown from both sides (just over: an error naming file, line and limit;
//! at the limit: the site builds), and inputs that a quadratic algorithm would take minutes on
//! (50,000 equal headings, 100,000 links on one line) simply complete. Deep inputs (100,000
//! levels) run here, on a test thread's 2 MB stack, and through the real binary.

use crate::harness::*;
use samizdat::error::Errors;
use std::path::Path;

const DEEP: usize = 100_000;

fn page(body: &str) -> String {
    format!("---\ntitle: Bounds\n---\n{body}")
}

/// The errors of a build, as `path:line: message` lines.
fn errors(e: &Errors) -> String {
    e.iter()
        .filter(|e| !e.is_warning())
        .map(|e| {
            format!(
                "{}:{}: {}",
                e.path.as_deref().unwrap_or(Path::new("")).display(),
                e.line.unwrap_or(0),
                e.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds `s` through the library and returns its errors, which must include one at
/// `path:line` whose message contains `words`.
fn fails_at(s: &Site, path: &str, line: usize, words: &str) -> Errors {
    let e = s.build_err();
    let all = errors(&e);
    assert!(
        all.lines()
            .any(|l| l.starts_with(&format!("{path}:{line}: ")) && l.contains(words)),
        "expected an error at {path}:{line} saying {words:?}, got:\n{all}"
    );
    e
}

/// Runs the real binary: exit code 1 and `words` on stderr, not an abort.
fn binary_fails(s: &Site, words: &str) {
    let o = s.run(&["build", "-q"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(words), "{err}");
}

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
fn yaml_nested_100000_levels_is_an_error_at_its_line_not_a_hang_or_a_crash() {
    let flow = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let maps = format!("{}x{}", "{a: ".repeat(DEEP), "}".repeat(DEEP));
    let block = format!("\n{}x", "- ".repeat(DEEP));
    for (i, value) in [flow, maps, block].iter().enumerate() {
        let s = Site::small();
        s.write(
            "content/deep.md",
            &format!("---\ntitle: Deep\nprivate: {value}\n---\nText.\n"),
        );
        let e = fails_at(
            &s,
            "content/deep.md",
            3 + usize::from(i == 2),
            "nested more than 64 levels",
        );
        assert_eq!(e.iter().filter(|e| !e.is_warning()).count(), 1, "{e}");
        if i == 0 {
            binary_fails(&s, "nested more than 64 levels");
        }
    }
    // site.yaml and data files too.
    let s = Site::small();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}privacy: {}\n", "[".repeat(DEEP)),
    );
    fails_at(&s, "site.yaml", 8, "nested more than 64 levels");
    binary_fails(&s, "nested more than 64 levels");
    let s = Site::small();
    s.write(
        "data/groups.yaml",
        &format!("a:\n  b: {}\n", "{c: ".repeat(DEEP)),
    );
    fails_at(&s, "data/groups.yaml", 2, "nested more than 64 levels");
}

#[test]
fn yaml_at_the_depth_limit_builds_and_one_level_more_is_an_error() {
    // The front matter is level 1, `private:`'s value level 2: 63 brackets reach 64.
    let at_limit = |n: usize| {
        format!(
            "---\ntitle: Deep\nprivate: {}{}\n---\nText.\n",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    let s = Site::small();
    s.write("content/deep.md", &at_limit(63));
    s.build_ok();
    s.write("content/deep.md", &at_limit(64));
    fails_at(&s, "content/deep.md", 3, "nested more than 64 levels");
}

#[test]
fn a_yaml_alias_bomb_is_refused_before_it_is_expanded() {
    // Nine levels of nine aliases: 387 million values once written out.
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let s = Site::small();
    s.write("data/bomb.yaml", &yaml);
    let e = s.build_err();
    let all = errors(&e);
    assert!(all.contains("data/bomb.yaml:"), "{all}");
    assert!(
        all.contains("aliases (`*name`) written out in full"),
        "{all}"
    );
    let s = Site::small();
    s.write(
        "content/bomb.md",
        &format!("---\ntitle: Bomb\nprivate:\n{}---\nText.\n", indent(&yaml)),
    );
    let all = errors(&s.build_err());
    assert!(all.contains("content/bomb.md:"), "{all}");
    assert!(all.contains("written out in full"), "{all}");
    // A few aliases are fine.
    let s = Site::small();
    s.write("data/ok.yaml", "a: &a [x, y]\nb: *a\nc: *a\n");
    s.build_ok();
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}

#[test]
fn files_over_their_size_limit_are_refused_before_they_are_read() {
    // Sparse files: the size is checked before anything is read, so none of these is written
    // to the disk in full.
    let sparse = |s: &Site, rel: &str, len: u64| {
        let p = s.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(len).unwrap();
    };
    let mb = 1024 * 1024;
    let cases: [(&str, u64, &str); 6] = [
        (
            "content/report.md",
            4 * mb + 1,
            "more than a Markdown page may be (4 MB)",
        ),
        ("data/big.yaml", 2 * mb + 1, "more than YAML may be (2 MB)"),
        (
            "templates/page.html",
            mb + 1,
            "more than a template may be (1 MB)",
        ),
        (
            "i18n/en.ftl",
            mb + 1,
            "more than a strings file may be (1 MB)",
        ),
        (
            "content/events/days.pickets.csv",
            16 * mb + 1,
            "more than a pickets spreadsheet may be (16 MB)",
        ),
        ("site.yaml", 2 * mb + 1, "more than YAML may be (2 MB)"),
    ];
    for (rel, len, words) in cases {
        let s = Site::small();
        s.write(
            "content/events/days.md",
            "---\ntitle: Days\nstart: 2030-05-01\n---\nJoin.\n",
        );
        sparse(&s, rel, len);
        let o = s.run(&["build", "-q"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{rel}: {err}");
        assert!(err.contains(rel), "{rel}: {err}");
        assert!(err.contains(words), "{rel}: {err}");
    }
}

#[test]
fn front_matter_over_the_yaml_limit_is_an_error_at_its_first_line() {
    let s = Site::small();
    let long = "x".repeat(2 * 1024 * 1024);
    s.write(
        "content/long.md",
        &format!("---\ntitle: Long\nprivate: {long}\n---\nText.\n"),
    );
    fails_at(&s, "content/long.md", 2, "more than the limit of 2 MB");
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
fn strings_nested_100000_levels_are_an_error_not_a_crash() {
    // The select nests two levels a line: the 33rd line passes 64.
    for (ftl, line) in [
        (
            format!("x = {}a{}\n", "{ ".repeat(DEEP), " }".repeat(DEEP)),
            2,
        ),
        (
            format!(
                "x = {{ {}1{} }}\n",
                "NUMBER(".repeat(DEEP),
                ")".repeat(DEEP)
            ),
            2,
        ),
        (
            format!("x = {}a\n", "{ $a ->\n *[o] ".repeat(DEEP / 10)),
            34,
        ),
    ] {
        let s = Site::small();
        s.write("i18n/en.ftl", &format!("ok = fine\n{ftl}"));
        fails_at(&s, "i18n/en.ftl", line, "nested more than 64 levels");
        binary_fails(&s, "nested more than 64 levels");
    }
    // Brackets in text and in string literals are not nesting.
    let s = Site::small();
    s.write(
        "i18n/en.ftl",
        &format!(
            "x = {} :) {{ \"{}\" }}\n",
            "(".repeat(1000),
            "{".repeat(1000)
        ),
    );
    s.build_ok();
}

#[test]
fn a_page_of_ten_thousand_wrong_keys_reports_twenty() {
    let s = Site::small();
    let keys: String = (0..10_000).map(|i| format!("colour{i}: red\n")).collect();
    s.write(
        "content/keys.md",
        &format!("---\ntitle: Keys\n{keys}---\nText.\n"),
    );
    let e = s.build_err();
    let wrong = e
        .iter()
        .filter(|e| e.message.starts_with("unknown key"))
        .count();
    assert_eq!(wrong, 20, "{e}");
    assert!(errors(&e).contains("content/keys.md:3: unknown key `colour0`"));
}

fn csv_site(csv: &str) -> Site {
    let s = Site::small();
    s.write(
        "content/events/days.md",
        "---\ntitle: Days\nstart: 2030-05-01\n---\nJoin.\n",
    );
    s.write("content/events/days.pickets.csv", csv);
    s
}

const CSV: &str = "content/events/days.pickets.csv";

#[test]
fn spreadsheet_rows_over_the_limit_are_an_error_at_the_first_row_too_many() {
    // Rows of empty cells still count.
    let mut csv = String::from("city,country\nLondon,GB\n");
    csv.push_str(&",\n".repeat(99_999));
    let s = csv_site(&csv);
    s.build_ok();
    csv.push_str(",\n");
    let s = csv_site(&csv);
    fails_at(&s, CSV, 100_002, "more than 100,000 rows");
}

#[test]
fn spreadsheet_columns_and_cells_over_the_limit_are_errors_at_their_row() {
    let pad = |n: usize| ",".repeat(n);
    // 100 columns (98 empty ones after city and country) are fine; 101 are not.
    let s = csv_site(&format!("city,country{}\nLondon,GB{}\n", pad(98), pad(98)));
    s.build_ok();
    let s = csv_site(&format!("city,country{}\nLondon,GB{}\n", pad(99), pad(99)));
    fails_at(&s, CSV, 1, "101 columns, more than the 100");
    let s = csv_site(&format!("city,country\nLondon,GB{}\n", pad(99)));
    fails_at(&s, CSV, 2, "101 columns");
    // A cell of 10,000 characters is fine, one more is not (an unclosed quote makes such cells).
    let cell = "é".repeat(10_000);
    let s = csv_site(&format!("city,country,place\nLondon,GB,{cell}\n"));
    s.build_ok();
    let s = csv_site(&format!(
        "city,country,place\nLondon,GB,{cell}x\nBerlin,DE,ok\n"
    ));
    fails_at(&s, CSV, 2, "more than 10,000 characters");
    let s = csv_site(&format!(
        "city,country,place\nLondon,GB,\"unclosed\n{}\n",
        "Berlin,DE,x\n".repeat(1000)
    ));
    fails_at(&s, CSV, 2, "more than 10,000 characters");
}

#[test]
fn titles_summaries_and_tags_that_lists_repeat_are_bounded() {
    let s = Site::small();
    let tags = |n: usize| {
        (0..n)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    s.write(
        "content/news/many.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\ntags: [{}]\n---\nText.\n",
            "T".repeat(1000),
            "s".repeat(2000),
            tags(100)
        ),
    );
    s.build_ok();
    assert!(s.exists("tags/t99/index.html"));
    s.write(
        "content/news/many.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\ntags: [{}]\n---\nText.\n",
            "T".repeat(1001),
            "s".repeat(2001),
            tags(101)
        ),
    );
    let e = s.build_err();
    let all = errors(&e);
    for want in [
        "content/news/many.md:2: `title` is 1001 characters long, more than a title may be (1000)",
        "content/news/many.md:3: `summary` is 2001 characters long",
        "content/news/many.md:4: this page has 101 tags, more than a page may have (100)",
    ] {
        assert!(all.contains(want), "{want}\n{all}");
    }
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
