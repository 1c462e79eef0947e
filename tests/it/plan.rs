//! The output plan and the output folder: every file of the output has one source; a second
//! claim on a path, a file where a folder must be, two paths one disk sees as one, and names no
//! disk can hold are errors at their file and line, in `check` and `build` alike, with the
//! previous output intact; `-o` writes its folder and nothing else; crashed builds' leftovers go.

use crate::harness::*;
use samizdat::build::{BuildOptions, build};
use std::path::Path;

const SITE: &str = "title: Free them all
base_url: https://example.org/
default_language: en
languages:
  en: {name: English}
  ru: {name: Русский}
untranslated: fallback
paginate: 1
mirrors:
  - {url: \"http://exampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion/\", name: Onion}
";

/// Every kind of file a build writes but the maps', as [`site`] makes them.
const GENERATED: &[&str] = &[
    "index.html",
    "page/2/index.html",
    "about/index.html",
    "ru/about/index.html",
    "ru/contact/index.html",
    "ru/index.html",
    "news/index.html",
    "news/page/2/index.html",
    "news/a/index.html",
    "tags/index.html",
    "tags/vigil/index.html",
    "tags/vigil/page/2/index.html",
    "ru/tags/vigil/index.html",
    "404.html",
    "atom.xml",
    "ru/atom.xml",
    "sitemap.xml",
    "robots.txt",
    "prisoners/birthdays.ics",
    "prisoners/ivan.thumb.jpg",
    "prisoners/ivan.jpg",
    "search/index.html",
    "search/index.js",
    "ru/search/index.js",
    "mirrors/index.html",
    "ru/mirrors/index.html",
    "mirrors.json",
    "_headers",
    ".htaccess",
    "old/index.html",
    "leaflet.pdf",
    "style.css",
];

/// Every kind of file of the maps and calendars of pickets (pickets in London and Vienna).
const MAPS: &[&str] = &[
    "map/index.html",
    "map/map.png",
    "map/world.svg",
    "map/gb/map.svg",
    "map/gb/london/index.html",
    "map/gb/london/calendar.ics",
    "ru/map/at/vienna/index.html",
    "calendar.ics",
    "events/day/map.svg",
    "events/day/map.png",
];

/// A site that makes every kind of output file: pages, a translation and a fallback copy, lists
/// and pagers, tags and tag pagers, birthdays, a profile photo and its list copy, an alias, a
/// static file, the onion headers; with `pickets`, maps, city pages and calendars too.
fn site(pickets: bool) -> Site {
    let s = Site::new(SITE);
    s.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    s.write(
        "content/about.md",
        "---\ntitle: About\naliases: [/old/]\n---\nAbout.\n",
    );
    s.write("content/about.ru.md", "---\ntitle: О нас\n---\nО нас.\n");
    s.write("content/contact.md", "---\ntitle: Contact\n---\nWrite.\n");
    for (n, d) in [("a", "2024-01-02"), ("b", "2024-01-03")] {
        s.write(
            &format!("content/news/{n}.md"),
            &format!("---\ntitle: News {n}\ndate: {d}\ntags: [vigil]\n---\nText.\n"),
        );
    }
    s.write(
        "content/prisoners/ivan.md",
        "---\ntitle: Ivan Petrov\nstatus: detained\nborn: 1990-05-01\nphoto: ./ivan.jpg\n---\nFree Ivan.\n",
    );
    let jpeg = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/images/progressive-gps.jpg"
    ))
    .expect("fixture");
    s.write_bytes("content/prisoners/ivan.jpg", &jpeg);
    if pickets {
        s.write(
            "content/events/day.md",
            "---\ntitle: Day of action\nstart: 2024-03-01\npickets:\n  - {city: London, country: GB, date: 2024-03-01}\n  - {city: Wien, country: AT, date: 2024-03-01}\n---\nCome.\n",
        );
    }
    s.write("static/leaflet.pdf", "%PDF-1.4 leaflet");
    s
}

/// Every entry under the site's folder but the output, with the bytes of files: what a build
/// must not change.
fn outside_output(s: &Site) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(s.root())
        .into_iter()
        .filter_entry(|e| e.file_name() != "public")
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(s.root())
                .unwrap()
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

/// Writes `files` into the site; returns how to take them out again.
fn apply(s: &Site, files: &[(&str, &str)]) -> Vec<(String, Option<Vec<u8>>)> {
    files
        .iter()
        .map(|(rel, text)| {
            let old = std::fs::read(s.path(rel)).ok();
            s.write(rel, text);
            (rel.to_string(), old)
        })
        .collect()
}

fn undo(s: &Site, undo: Vec<(String, Option<Vec<u8>>)>) {
    for (rel, old) in undo.into_iter().rev() {
        match old {
            Some(bytes) => s.write_bytes(&rel, &bytes),
            None => {
                s.remove(&rel);
                let mut dir = s.path(&rel).parent().map(Path::to_path_buf);
                while let Some(d) = dir.filter(|d| d != s.root()) {
                    if std::fs::remove_dir(&d).is_err() {
                        break;
                    }
                    dir = d.parent().map(Path::to_path_buf);
                }
            }
        }
    }
}

/// Builds and checks `s` through the library: `Err` with the exit code, or `Ok` with the warnings.
fn run(s: &Site, check_only: bool) -> Result<samizdat::Errors, samizdat::Errors> {
    build(&BuildOptions {
        check_only,
        ..s.options()
    })
    .map(|r| r.warnings)
}

/// `s` with `files` added must fail in `build` and in `check` with exit code 1, with an error
/// that names `expect` (the file that makes the claim, or the other one) at the file and line
/// given; the previous output and everything outside it stay as they were.
fn refused(s: &Site, files: &[(&str, &str)], expect: &str, line: Option<usize>) {
    let before = snapshot(&s.path("public"));
    let outside = outside_output(s);
    let back = apply(s, files);
    let built = run(s, false);
    let checked = run(s, true);
    undo(s, back);
    let what = format!("{files:?}");
    // A file the publication rules leave out (a web page next to the pages, a calendar in
    // static/ that nothing links to) claims nothing: it is named as not published instead.
    if let (Ok(warned), Ok(_)) = (&built, &checked) {
        let withheld = warned.iter().any(|w| {
            w.message.contains("not published")
                && w.path
                    .as_ref()
                    .is_some_and(|p| p.display().to_string() == expect)
        });
        assert!(
            withheld,
            "build passed without naming {expect}: {what}\n{warned}"
        );
        for (rel, _) in files {
            let out = rel
                .trim_start_matches("content/")
                .trim_start_matches("static/");
            assert_ne!(
                std::fs::read_to_string(s.path("public").join(out))
                    .ok()
                    .as_deref(),
                Some("mine"),
                "{rel} was published: {what}"
            );
        }
        return;
    }
    let errs = built.expect_err(&format!("build passed: {what}"));
    let checked = checked.expect_err(&format!("check passed what build refuses: {what}"));
    assert_eq!(errs.exit_code(), 1, "{what}:\n{errs}");
    assert_eq!(checked.exit_code(), 1, "{what}:\n{checked}");
    let hit = errs.iter().filter(|e| !e.is_warning()).find(|e| {
        e.path
            .as_ref()
            .is_some_and(|p| p.display().to_string() == expect)
            || e.message.contains(expect)
    });
    let Some(hit) = hit else {
        panic!("no error names {expect} for {what}:\n{errs}");
    };
    assert!(hit.path.is_some(), "an error without a file: {hit}");
    if let Some(l) = line {
        let at_line = errs.iter().any(|e| {
            e.path
                .as_ref()
                .is_some_and(|p| p.display().to_string() == expect)
                && e.line == Some(l)
        });
        assert!(at_line, "no error at {expect}:{l} for {what}:\n{errs}");
    }
    assert!(!errs.to_string().contains("staging"), "{errs}");
    assert_eq!(
        snapshot(&s.path("public")),
        before,
        "the output changed: {what}"
    );
    assert_eq!(
        outside_output(s),
        outside,
        "something beside the output changed: {what}"
    );
}

/// [`refused`] for one file that names itself.
fn one(s: &Site, rel: &str, text: &str, line: Option<usize>) {
    refused(s, &[(rel, text)], rel, line);
}

/// [`site`] built once, with every file of `GENERATED` (and `MAPS`) checked to exist.
fn built(pickets: bool) -> Site {
    let s = site(pickets);
    s.build_ok();
    let maps = if pickets { MAPS } else { &[] };
    for f in GENERATED.iter().chain(maps) {
        assert!(s.exists(f), "the site does not make {f}");
    }
    s
}

/// A page claiming `rel` with an alias, at line 3.
fn alias_page(rel: &str) -> String {
    format!(
        "---\ntitle: Contact\naliases: [\"{}\"]\n---\nWrite.\n",
        alias_of(rel)
    )
}

/// The alias `aliases:` would write to reach `rel`.
fn alias_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

#[test]
fn an_alias_onto_any_generated_file_is_an_error_at_its_line() {
    let s = built(false);
    for f in GENERATED {
        let page = alias_page(f);
        one(&s, "content/contact.md", &page, Some(3));
    }
}

#[test]
fn two_aliases_of_two_pages_to_one_address_are_an_error() {
    let s = built(false);
    let page = "---\ntitle: Contact\naliases: [/elsewhere/, /old/]\n---\nWrite.\n";
    one(&s, "content/contact.md", page, Some(3));
    refused(
        &s,
        &[("content/contact.md", page)],
        "content/about.md line 3",
        None,
    );
}

#[test]
fn a_file_of_static_onto_any_generated_file_is_an_error() {
    let s = built(false);
    for f in GENERATED {
        // The site's own stylesheet replaces the theme's: that is allowed (tested below).
        if *f == "style.css" || *f == ".htaccess" || *f == "leaflet.pdf" {
            continue;
        }
        let rel = format!("static/{f}");
        one(&s, &rel, "mine", None);
    }
    // The same name in other capitals: one file on macOS and Windows.
    one(&s, "static/Style.css", "x", None);
    one(&s, "static/NEWS/index.html", "x", None);
    // A file where the output needs a folder, and a folder where it has a file.
    one(&s, "static/news", "x", None);
    one(&s, "static/atom.xml/x.txt", "x", None);
}

#[test]
fn a_file_next_to_the_pages_onto_any_generated_file_is_an_error() {
    let s = built(false);
    for f in GENERATED {
        if f.starts_with('.') || *f == "prisoners/ivan.jpg" {
            continue;
        }
        let rel = format!("content/{f}");
        // The list copy of a photo is reported at the photo: line.
        let expect = if *f == "prisoners/ivan.thumb.jpg" {
            "prisoners/ivan.thumb.jpg"
        } else {
            &rel
        };
        refused(&s, &[(&rel, "mine")], expect, None);
    }
    one(&s, "content/news/a", "x", None);
    one(&s, "content/leaflet.pdf", "x", None);
}

#[test]
fn a_slug_onto_any_generated_address_is_an_error_at_its_line() {
    let s = built(false);
    let generated = "index.html sitemap.xml robots.txt atom.xml 404.html style.css search.js \
        mirrors.json _headers leaflet.pdf tags search mirrors ru news prisoners about contact \
        About CONTACT";
    for slug in generated.split_whitespace() {
        let page = format!("---\ntitle: Z\nslug: \"{slug}\"\n---\nZ.\n");
        one(&s, "content/zz.md", &page, Some(3));
    }
    // In a section: the pager's address, and a tag's.
    let page = "---\ntitle: Z\nslug: \"2\"\n---\nZ.\n";
    one(&s, "content/page/zz.md", page, Some(3));
    one(&s, "content/news/page/zz.md", page, Some(3));
    // Two lines claim one address (the tag's, the alias'): either may be shown first.
    let page = "---\ntitle: Z\nslug: vigil\n---\nZ.\n";
    refused(
        &s,
        &[("content/tags/zz.md", page)],
        "content/tags/zz.md line 3",
        None,
    );
    let page = "---\ntitle: Z\nslug: old\n---\nZ.\n";
    refused(&s, &[("content/zz.md", page)], "content/zz.md line 3", None);
}

#[test]
fn a_translation_whose_slug_is_another_page_is_an_error_at_its_line() {
    let s = built(false);
    // news/b.md is shown in ru as its fallback copy at /ru/news/b/.
    let page = "---\ntitle: Новость\nslug: b\n---\nТекст.\n";
    one(&s, "content/news/a.ru.md", page, Some(3));
    // A translation's slug onto the translation of another page.
    let page = "---\ntitle: Контакты\nslug: about\n---\nПишите.\n";
    one(&s, "content/contact.ru.md", page, Some(3));
    // A translation keeps its original's slug: the error points at the original's line.
    let page = "---\ntitle: Z\nslug: q\n---\nZ.\n";
    let ru = "---\ntitle: Я\n---\nЯ.\n";
    refused(
        &s,
        &[
            ("content/news/zz.md", page),
            ("content/news/zz.ru.md", ru),
            ("static/ru/news/q/index.html", "x"),
        ],
        "content/news/zz.md",
        Some(3),
    );
}

#[test]
fn slugs_no_disk_can_hold_are_errors_at_their_line() {
    let s = built(false);
    let long_latin = "a".repeat(256);
    let long_cyrillic = "ж".repeat(128);
    let long_devanagari = "ह".repeat(86);
    for slug in [
        "..",
        "a/b",
        "con",
        "NUL.txt",
        "lpt1",
        "Aux",
        "com9.html",
        "x.",
        "x ",
        "what?",
        "a:b",
        "a\\u202Eb",
        "tab\\tname",
        long_latin.as_str(),
        long_cyrillic.as_str(),
        long_devanagari.as_str(),
    ] {
        let page = format!("---\ntitle: Z\nslug: \"{slug}\"\n---\nZ.\n");
        one(&s, "content/news/zz.md", &page, Some(3));
    }
    // File and folder names are checked like slugs.
    one(&s, "static/aux.txt", "x", None);
    one(&s, "static/a<b.txt", "x", None);
    let page = "---\ntitle: Z\n---\nZ.\n";
    refused(&s, &[("content/con/zz.md", page)], "content/con/", None);
}

#[test]
fn section_folders_named_like_generated_addresses_are_errors() {
    let s = built(false);
    let page = "---\ntitle: Z\n---\nZ.\n";
    for (file, expect) in [
        ("content/tags/zz.md", "content/tags/"),
        ("content/search/zz.md", "content/search/"),
        ("content/mirrors/zz.md", "content/mirrors/"),
        ("content/ru/zz.md", "content/ru/"),
        ("content/page/2.md", "content/page/2.md"),
        ("content/news/page/2.md", "content/news/page/2.md"),
        ("content/tags/vigil/zz.md", "content/tags/vigil/"),
        ("content/About/zz.md", "content/About/"),
        ("content/search/index.js/zz.md", "content/search/index.js/"),
    ] {
        refused(&s, &[(file, page)], expect, None);
    }
}

#[test]
fn any_source_onto_the_maps_and_calendars_is_an_error() {
    let s = built(true);
    // Every kind by an alias; files of static/ and content/ take turns (each build with
    // pickets reads the gazetteer, so the test does not try all three on each).
    for (i, f) in MAPS.iter().enumerate() {
        let page = alias_page(f);
        let contact = "content/contact.md";
        one(&s, contact, &page, Some(3));
        let rel = format!("{}/{f}", if i % 2 == 0 { "static" } else { "content" });
        one(&s, &rel, "mine", None);
    }
    let page = "---\ntitle: Z\nslug: calendar.ics\n---\nZ.\n";
    one(&s, "content/zz.md", page, Some(3));
    // /map/ is kept for the maps, whatever is there: that error names the page.
    let page = "---\ntitle: Z\nslug: map\n---\nZ.\n";
    one(&s, "content/zz.md", page, None);
    let page = "---\ntitle: Z\n---\nZ.\n";
    let london = "content/map/gb/london/zz.md";
    one(&s, london, page, None);
    let event = "---\ntitle: Z\nstart: 2024-03-01\n---\nZ.\n";
    let day = "content/events/day/zz.md";
    refused(&s, &[(day, event)], "content/events/day/", None);
}

#[test]
fn what_may_share_no_address_still_builds() {
    let s = built(false);
    // The site's own stylesheet replaces the theme's; names close to reserved ones are fine.
    s.write("static/style.css", "body { color: black }");
    s.write("content/console.md", "---\ntitle: Console\n---\nC.\n");
    s.write(
        "content/comic.md",
        "---\ntitle: Comic\nslug: com10\n---\nC.\n",
    );
    let edge = "a".repeat(255);
    s.write(
        "content/news/edge.md",
        &format!("---\ntitle: Edge\nslug: {edge}\n---\nE.\n"),
    );
    let indic = "ह".repeat(85);
    s.write(
        "content/news/indic.md",
        &format!("---\ntitle: Indic\nslug: {indic}\n---\nI.\n"),
    );
    s.build_ok();
    assert_eq!(s.out("style.css"), "body { color: black }");
    assert!(s.exists(&format!("news/{edge}/index.html")));
    assert!(s.exists(&format!("news/{indic}/index.html")));
    assert!(s.exists("com10/index.html"));
}

/// Every bad site of this file, and a few other mistakes: `check` and the real binary's `build`
/// give the same exit code.
#[test]
fn check_fails_exactly_when_build_does() {
    let s = built(false);
    let page = |fm: &str| format!("---\ntitle: Z\n{fm}\n---\nZ.\n");
    let cases: Vec<Vec<(String, String)>> = vec![
        vec![("content/zz.md".into(), page("slug: index.html"))],
        vec![("content/zz.md".into(), page("slug: sitemap.xml"))],
        vec![(
            "content/zz.md".into(),
            page(&format!("slug: {}", "b".repeat(300))),
        )],
        vec![("content/zz.md".into(), page("aliases: [/tags/]"))],
        vec![("content/zz.md".into(), page("aliases: [/tags/vigil/]"))],
        vec![("content/zz.md".into(), page("aliases: [/404.html]"))],
        vec![("content/zz.md".into(), page("aliases: [/atom.xml]"))],
        vec![("content/zz.md".into(), page("slug: con"))],
        vec![("static/search/index.html".into(), "x".into())],
        vec![("static/Style.css".into(), "x".into())],
        vec![("content/search/index.js".into(), "x".into())],
        vec![("content/search/zz.md".into(), page(""))],
        vec![("content/ru/zz.md".into(), page(""))],
        vec![("content/zz.md".into(), page("slug: [a"))],
        vec![("content/zz.md".into(), "---\ntitle: Z\n".into())],
        // Good ones: both pass.
        vec![("content/zz.md".into(), page("slug: console"))],
        vec![("static/style.css".into(), "body {}".into())],
    ];
    let mut failures = 0;
    for files in &cases {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let back = apply(&s, &refs);
        let checked = s.run(&["check"]);
        let built = s.run(&["build"]);
        undo(&s, back);
        assert_eq!(
            checked.status.code(),
            built.status.code(),
            "{files:?}\ncheck: {}\nbuild: {}",
            stderr(&checked),
            stderr(&built)
        );
        assert!(
            matches!(built.status.code(), Some(0 | 1)),
            "{}",
            stderr(&built)
        );
        failures += usize::from(built.status.code() == Some(1));
    }
    assert_eq!(failures, cases.len() - 2);
}

/// `-o` onto what is not a folder, and the leftovers of crashed builds.
#[cfg(unix)]
mod output_folder {
    use crate::harness::*;
    use std::os::unix::fs::{FileTypeExt, MetadataExt, symlink};
    use std::path::Path;

    /// Name, type, inode and (for links) target of every entry of `dir`.
    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                let m = std::fs::symlink_metadata(e.path()).unwrap();
                let t = m.file_type();
                let link = std::fs::read_link(e.path()).ok();
                format!(
                    "{} dir={} file={} fifo={} socket={} ino={} len={} link={link:?}",
                    e.path().display(),
                    t.is_dir(),
                    t.is_file(),
                    t.is_fifo(),
                    t.is_socket(),
                    m.ino(),
                    if t.is_file() { m.len() } else { 0 },
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn output_onto_a_pipe_socket_link_or_file_is_refused_and_left_as_it_was() {
        let s = Site::small();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let fifo = d.join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let _socket = std::os::unix::net::UnixListener::bind(d.join("socket")).unwrap();
        std::fs::write(d.join("file"), "keep me").unwrap();
        // A folder samizdat made, reached through a link: the link is refused too.
        let built = s.run(&["build", "-o", d.join("real").to_str().unwrap()]);
        assert!(built.status.success(), "{}", stderr(&built));
        symlink(d.join("real"), d.join("link-to-output")).unwrap();
        symlink("/dev/null", d.join("link-to-dev-null")).unwrap();
        symlink(&fifo, d.join("link-to-fifo")).unwrap();
        symlink(d.join("nowhere"), d.join("dangling")).unwrap();
        // A device like /dev/null (made here, never the real one), where the test may make one.
        let dev = std::process::Command::new("mknod")
            .args([d.join("null").to_str().unwrap(), "c", "1", "3"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let before = listing(d);
        let real = snapshot(&d.join("real"));
        let devices = if dev {
            &[("null", "a device")][..]
        } else {
            &[]
        };
        for &(name, says) in devices.iter().chain(&[
            ("fifo", "named pipe"),
            ("socket", "a socket"),
            ("file", "a file"),
            ("link-to-output", "symbolic link"),
            ("link-to-dev-null", "symbolic link"),
            ("link-to-fifo", "symbolic link"),
            ("dangling", "symbolic link"),
        ]) {
            let out = s.run(&["build", "-o", d.join(name).to_str().unwrap()]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "-o {name}: {err}");
            assert!(
                err.contains(says) && err.contains("left as it is"),
                "-o {name}: {err}"
            );
        }
        // Said first, even when the site has errors too.
        s.write("content/bad.md", "---\ntitle: [\n---\n");
        let out = s.run(&["build", "-o", fifo.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        s.remove("content/bad.md");
        assert_eq!(listing(d), before, "something beside the output changed");
        assert_eq!(snapshot(&d.join("real")), real);
        assert_eq!(std::fs::read_to_string(d.join("file")).unwrap(), "keep me");
        // A path where nothing is yet is fine.
        let out = s.run(&["build", "-o", d.join("new/site").to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn leftovers_of_crashed_builds_go_and_nothing_else() {
        let s = Site::small();
        assert!(s.run(&["build"]).status.success());
        // A build that crashed: its staging folder, the old output it had moved aside, its lock.
        s.write(".public.samizdat-staging-999999/news/x/index.html", "half");
        s.write(".public.samizdat-old-999998/index.html", "old");
        s.write(".public.samizdat-lock-999998", "");
        // A build still running: it holds its lock.
        s.write(".public.samizdat-staging-999997/index.html", "busy");
        s.write(".public.samizdat-lock-999997", "");
        let held = std::fs::File::options()
            .write(true)
            .open(s.path(".public.samizdat-lock-999997"))
            .unwrap();
        held.lock().unwrap();
        // Not leftovers of this output: other names, another output's, a link, a file.
        let keep = [
            ".public.samizdat-staging-abc/x",
            ".public.samizdat-staging-0999/x",
            ".public.samizdat-staging-/x",
            ".docs.samizdat-staging-999996/x",
            "public.samizdat-staging-999995/x",
            ".public.samizdat-old-999993",
            "elsewhere/precious.txt",
        ];
        for k in keep {
            s.write(k, "keep");
        }
        symlink(
            s.path("elsewhere"),
            s.path(".public.samizdat-staging-999994"),
        )
        .unwrap();
        let out = s.run(&["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let left = names(s.root());
        for gone in [
            ".public.samizdat-staging-999999",
            ".public.samizdat-old-999998",
            ".public.samizdat-lock-999998",
        ] {
            assert!(
                !left.iter().any(|n| n == gone),
                "{gone} is still there: {left:?}"
            );
        }
        for k in keep {
            assert_eq!(std::fs::read_to_string(s.path(k)).unwrap(), "keep", "{k}");
        }
        assert!(s.path(".public.samizdat-staging-999994").is_symlink());
        assert_eq!(
            s.out("../.public.samizdat-staging-999997/index.html"),
            "busy"
        );
        // Once that build is gone, its folder goes too.
        drop(held);
        assert!(s.run(&["build"]).status.success());
        let left = names(s.root());
        assert!(!left.iter().any(|n| n.ends_with("999997")), "{left:?}");
        assert!(
            !left.iter().any(|n| n.starts_with(".public.samizdat-lock")),
            "{left:?}"
        );
    }

    #[test]
    fn a_killed_build_leaves_folders_that_the_next_build_removes() {
        let s = Site::small();
        for i in 0..800 {
            s.write(
                &format!("content/bulk/n{i}.md"),
                &format!(
                    "---\ntitle: News {i}\ndate: 2020-01-01\ntags: [t{}]\n---\nText {i}.\n",
                    i % 50
                ),
            );
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_samizdat"))
            .arg("build")
            .current_dir(s.root())
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let staging = s.path(&format!(".public.samizdat-staging-{}", child.id()));
        let mut exited = None;
        while exited.is_none() && !staging.exists() {
            exited = child.try_wait().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        child.kill().unwrap_or(());
        let status = child.wait().unwrap();
        // The next build needs no more than a small site to clean up.
        std::fs::remove_dir_all(s.path("content/bulk")).unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "the build ended before it was killed"
        );
        // Killed halfway: its staging folder and lock file are left behind.
        let left = names(s.root());
        assert!(
            left.iter().any(|n| n.contains("samizdat-staging")),
            "{left:?}"
        );
        assert!(left.iter().any(|n| n.contains("samizdat-lock")), "{left:?}");
        let out = s.run(&["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let left = names(s.root());
        assert!(!left.iter().any(|n| n.contains("samizdat-")), "{left:?}");
    }
}
