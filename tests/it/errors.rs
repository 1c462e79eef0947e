//! Bad input: a clear error naming file and line, exit code 1, and the previous output intact.

use crate::harness::*;

/// Builds a good site with the binary, breaks it with `edit`, builds again: the second build
/// must fail with exit 1, print `expect` (file:line: and message parts), and leave the first
/// output byte for byte.
fn fails_cleanly(edit: impl FnOnce(&Site), expect: &[&str]) {
    let s = Site::small();
    let ok = s.run(&["build"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = snapshot(&s.path("public"));
    edit(&s);
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{err}");
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&s.path("public")),
        before,
        "the previous output changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("samizdat-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn invalid_utf8() {
    fails_cleanly(
        |s| {
            s.write_bytes(
                "content/news/bad.md",
                b"---\ntitle: ok\n---\nline\n\xd0 broken\n",
            )
        },
        &["content/news/bad.md:5:1: error: the file is not valid UTF-8"],
    );
}

#[test]
fn unclosed_front_matter() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Never closed\ndate: 2015-01-01\nBody text\n",
            )
        },
        &[
            "content/news/bad.md:1:1: error: the front matter opened by `---` on line 1 is never closed",
        ],
    );
}

#[test]
fn wrong_types() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\ntags: {a: b}\ndraft: maybe\n---\n",
            )
        },
        &["content/news/bad.md:3:", "tags: expected a list of texts"],
    );
}

#[test]
fn impossible_date() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\ndate: 2014-02-30\n---\n",
            )
        },
        &[
            "content/news/bad.md:3:",
            "`2014-02-30` is not a day that exists",
        ],
    );
}

#[test]
fn slug_that_escapes_the_output() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\nslug: ../../../etc/passwd\n---\n",
            )
        },
        &[
            "content/news/bad.md:3:",
            "slug `../../../etc/passwd` contains a slash",
        ],
    );
}

#[test]
fn absolute_slug_and_alias() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\nslug: /tmp/x\naliases: [/../../x/]\n---\n",
            )
        },
        &[
            "content/news/bad.md:3:",
            "content/news/bad.md:4:",
            "alias `/../../x/`",
        ],
    );
}

#[test]
fn unknown_language_in_file_name() {
    fails_cleanly(
        |s| s.write("content/about.de.md", "---\ntitle: Über uns\n---\n"),
        &[
            "content/about.de.md: error: the file name says this is a translation into `de`",
            "Add `de` under languages:",
        ],
    );
}

#[test]
fn two_pages_claiming_one_url() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/other.md",
                "---\ntitle: Other\nslug: first\n---\n",
            )
        },
        &[
            "content/news/other.md:3:1: error: two pages claim the URL /news/first/",
            "content/news/first.md",
        ],
    );
}

#[test]
fn unknown_front_matter_key_names_the_nearest() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\n\ntitel: typo\n---\n",
            )
        },
        &[
            "content/news/bad.md:4:1: error: unknown key `titel`",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn missing_link_target_and_anchor() {
    fails_cleanly(
        |s| {
            s.write("content/news/bad.md", "---\ntitle: Bad\n---\nIntro.\n\nSee [case](../cases/missing.md) and\n[x](first.md#nowhere).\n");
        },
        &[
            "content/news/bad.md:6:5: error: links to cases/missing.md, which does not exist",
            "content/news/bad.md:7:1: error: news/first.md has no heading with the id `nowhere`",
            "its headings have the ids: details",
        ],
    );
}

#[test]
fn link_to_a_draft() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/secret.md",
                "---\ntitle: Secret\ndraft: true\n---\n",
            );
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\n---\n[s](secret.md)\n",
            );
        },
        &["content/news/bad.md:4:1: error: links to news/secret.md, which is not published"],
    );
}

#[test]
fn section_keys_outside_their_section() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Bad\nstatus: detained\n---\n",
            )
        },
        &["content/news/bad.md:3:1: error: `status` is a key of pages in prisoners/"],
    );
}

#[test]
fn wrong_status_lists_the_choices() {
    fails_cleanly(
        |s| {
            s.write(
                "content/prisoners/x.md",
                "---\ntitle: X\nstatus: jailed\n---\n",
            )
        },
        &[
            "content/prisoners/x.md:3:",
            "`jailed` is not a valid value: expected one of detained, house_arrest, sentenced, released, exile, deceased",
        ],
    );
}

#[test]
fn missing_title_and_required_keys() {
    fails_cleanly(
        |s| {
            s.write("content/news/bad.md", "---\ndate: 2015-01-01\n---\n");
            s.write("content/events/e.md", "---\ntitle: E\n---\n");
        },
        &[
            "content/news/bad.md:1: error: missing required key `title`",
            "content/events/e.md:1: error: missing required key `start`",
        ],
    );
}

#[test]
fn site_yaml_unknown_key() {
    fails_cleanly(
        |s| s.write("site.yaml", &format!("{SITE_YAML}untranslatd: skip\n")),
        &[
            "site.yaml:8:1: error: unknown key `untranslatd`",
            "did you mean `untranslated`?",
        ],
    );
}

#[test]
fn every_wrong_key_of_one_file_is_reported_at_once() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/bad.md",
                "---\ntitle: Three mistakes\ndate: 2014-02-30\ntags:\n  - a\ndraft: maybe\ncolour: red\n---\nText\n",
            );
        },
        &[
            "content/news/bad.md:3:1: error: date: `2014-02-30` is not a day that exists",
            "content/news/bad.md:6:8: error: draft: wrong type",
            "content/news/bad.md:7:1: error: unknown key `colour`",
            "3 errors",
        ],
    );
    // site.yaml is read before any page (the languages decide how files are read): its
    // mistakes come first, all of them.
    fails_cleanly(
        |s| {
            s.write(
                "site.yaml",
                &format!("{SITE_YAML}untranslatd: skip\npaginat: 5\n"),
            )
        },
        &[
            "site.yaml:8:1: error: unknown key `untranslatd`",
            "site.yaml:9:1: error: unknown key `paginat`",
            "2 errors",
        ],
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    fails_cleanly(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope }}\n{% endblock main %}\n")
        },
        &["templates/page.html:3:", "template error"],
    );
}

#[test]
fn every_error_is_reported_sorted() {
    let s = Site::small();
    s.write("content/zz.md", "---\ntitle: Z\ndate: 2014-13-01\n---\n");
    s.write("content/aa.md", "---\ntitel: A\n---\n");
    let out = s.run(&["build"]);
    let err = stderr(&out);
    let a = err.find("content/aa.md").expect("aa reported");
    let z = err.find("content/zz.md").expect("zz reported");
    assert!(a < z, "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn garbage_never_panics() {
    let s = Site::small();
    let inputs: &[&[u8]] = &[
        b"---\n---\n",
        b"---\n: : :\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\ntitle: [\n---\n",
        b"---\ntitle: x\ndate: 99999999-01-01\n---\n",
        b"---\ntitle: x\ntags: [[[]]]\n---\n",
        b"---\ntitle: x\n---\n[a](../../../../etc/passwd.md) [b](#) [c](/) ![d](x.png)\n",
        b"\xef\xbb\xbf---\ntitle: bom\n---\n",
        b"---\ntitle: x\naliases: [/]\n---\n",
        b"---\ntitle: x\nslug: \"\"\n---\n",
        b"---\ntitle: !!binary aGVsbG8=\n---\n",
        b"---\ntitle: &a x\nsummary: *a\n---\n",
    ];
    for (i, bytes) in inputs.iter().enumerate() {
        s.write_bytes("content/news/g.md", bytes);
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "input {i} panicked:\n{err}");
        assert!(matches!(out.status.code(), Some(0 | 1)), "input {i}: {err}");
    }
}

#[test]
fn paths_are_shown_from_where_the_user_is() {
    let s = Site::small();
    s.write("content/news/bad.md", "---\ntitle: [\n");
    s.write("site.yaml", &format!("{SITE_YAML}paginate: -1\n"));
    let out = samizdat(
        &["build", "--root", s.root().to_str().expect("utf-8")],
        s.root().parent().expect("parent"),
    );
    let err = stderr(&out);
    let site_yaml = s.root().join("site.yaml");
    assert!(
        err.contains(&format!("{}:8:", site_yaml.display())),
        "{err}"
    );
    assert!(err.contains("expected a whole number"), "{err}");
}

#[test]
fn a_broken_template_is_reported_once() {
    let s = Site::small();
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.nope }}{% endblock main %}",
    );
    let err = stderr(&s.run(&["build"]));
    assert_eq!(err.matches("template error").count(), 1, "{err}");
    assert!(err.contains("other pages"), "{err}");
}

#[test]
fn a_broken_original_does_not_blame_its_translation() {
    let s = Site::small();
    s.write("content/events/e.md", "---\ntitle: E\nstart: 2026-01-01\npickets:\n  - {city: Berlin, country: DE, lat: abc}\n---\n");
    s.write("content/events/e.ru.md", "---\ntitle: Е\n---\n");
    let err = s.build_err().to_string();
    assert!(err.contains("content/events/e.md:5:"), "{err}");
    assert!(!err.contains("e.ru.md"), "{err}");
}

#[test]
fn every_row_of_a_pickets_spreadsheet_is_checked_at_once() {
    fails_cleanly(
        |s| {
            s.write(
                "content/events/day.md",
                "---\ntitle: Day of action\nstart: 2030-05-06\n---\n",
            );
            s.write(
                "content/events/day.pickets.csv",
                "city,country,date,time\nBerln,DE,2030-05-06,\nPraha,XX,2030-05-06,\nPraha,CZ,2030-02-30,\nWien,AT,2030-05-06,2:00 PM\nLondon,GB,,14:00\n",
            );
        },
        &[
            "content/events/day.pickets.csv:2: error: column `city`",
            "content/events/day.pickets.csv:3: error: column `country`",
            "content/events/day.pickets.csv:4:3: error: date:",
            "content/events/day.pickets.csv:5: error: column `time`",
            "4 errors",
        ],
    );
}

#[test]
fn a_pickets_time_is_local_to_its_city() {
    let s = Site::small();
    s.write(
        "content/events/day.md",
        "---\ntitle: Day of action\nstart: 2030-05-06\npickets:\n  - {city: Wien, country: AT, date: \"2030-05-06T10:30\"}\n---\n",
    );
    s.build_ok();
    let ics = s.out("events/day/calendar.ics");
    assert!(
        ics.contains("DTSTART;TZID=Europe/Vienna:20300506T103000"),
        "{ics}"
    );
    s.write(
        "content/events/day.md",
        "---\ntitle: Day of action\nstart: 2030-05-06\npickets:\n  - {city: Wien, country: AT, date: \"2030-05-06T10:00:00+02:00\"}\n---\n",
    );
    let e = first(&s.build_err());
    assert!(e.message.contains("local time of its city"), "{e}");
    assert_eq!(e.line, Some(5));
}

#[test]
fn a_broken_file_does_not_hide_broken_links_elsewhere() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/a.md",
                "---\ntitle: A\ndate: 2014-02-30\n---\nText.\n",
            );
            s.write(
                "content/news/b.md",
                "---\ntitle: B\n---\nSee [a](a.md) and [gone](nonexistent.md).\n",
            );
        },
        &[
            "content/news/a.md:3:1: error: date:",
            "content/news/b.md:4:",
            "nonexistent.md, which does not exist",
            "2 errors",
        ],
    );
}

#[test]
fn links_to_paths_of_the_site_are_checked_at_their_line() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/e.md",
                "---\ntitle: E\n---\nGet [the leaflet](/leaflet.pdf), see [the map](/nowhere/).\n\nAnd [feed](/atom.xml).\n",
            );
        },
        &[
            "content/news/e.md:4:5: error: links to /leaflet.pdf, which the site does not have",
            "content/news/e.md:4:",
            "links to /nowhere/, which the site does not have",
            "2 errors",
        ],
    );
    let s = Site::small();
    s.write_bytes("static/leaflet.pdf", b"%PDF-1.4\n");
    s.write(
        "content/news/e.md",
        "---\ntitle: E\n---\nGet [the leaflet](/leaflet.pdf) and [the feed](/atom.xml).\n",
    );
    s.build_ok();
    let out = s.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
