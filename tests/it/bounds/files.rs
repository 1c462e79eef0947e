//! Files over their size limit, spreadsheets over their rows, columns and cells, strings nested
//! too deeply, and the parts of a page that lists repeat.

use super::*;

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
