//! What is published: pages and files of the listed kinds only; pages in disguise are errors;
//! what belongs to an unpublished page is withheld with it; folders are read without following
//! links out of the site; HTML comments never reach a reader.

use crate::harness::{Site, snapshot, stderr};
use std::path::Path;

const SECRET_PAGE: &str =
    "---\ntitle: Secret\ndraft: true\nprivate: {source: CANARY-PAGE}\n---\nCANARY-BODY\n";

/// Every file of the output (and of every bundle in the site's folder, unpacked) holding `needle`.
fn leaks(s: &Site, needle: &str) -> Vec<String> {
    let mut found: Vec<String> = snapshot(&s.path("public"))
        .into_iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(needle))
        .map(|(p, _)| p)
        .collect();
    for (name, bytes) in snapshot(s.root()) {
        if !name.ends_with(".tar.gz") || name.contains('/') {
            continue;
        }
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
        for entry in tar.entries().expect("a bundle") {
            let mut entry = entry.expect("an entry");
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut text).expect("read");
            if String::from_utf8_lossy(&text).contains(needle) {
                found.push(format!("{name}: {}", entry.path().expect("path").display()));
            }
        }
    }
    found
}

/// The error lines (`path: error: …`) of a failed command.
fn errors_of(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.contains(": error: ")).collect()
}

#[test]
fn a_draft_under_any_markdown_name_is_an_error_never_a_copy() {
    for name in [
        "x.MD",
        "x.Md",
        "x.mD",
        "x.mdx",
        "x.markdown",
        "x.mkd",
        "x.md ",
        "x.md.",
        "x.md  . ",
        "x.ｍｄ",
        "_index.MD",
        "x.ru.Md",
    ] {
        let s = Site::small();
        assert!(s.run(&["build"]).status.success());
        let before = snapshot(&s.path("public"));
        s.write(&format!("content/news/{name}"), SECRET_PAGE);
        for cmd in ["check", "build"] {
            let out = s.run(&[cmd]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{cmd} {name:?}: {err}");
            let errors = errors_of(&err);
            assert!(
                errors.iter().any(|l| l.starts_with(&format!(
                    "content/news/{name}: error: this looks like a page"
                ))),
                "{cmd} {name:?}: {err}"
            );
        }
        assert_eq!(
            snapshot(&s.path("public")),
            before,
            "{name:?}: output changed"
        );
    }
}

#[test]
fn a_markdown_file_in_static_or_a_theme_is_an_error() {
    for rel in [
        "static/notes.md",
        "static/notes.MD",
        "static/docs/x.markdown",
        "static/.well-known/x.md",
        "themes/mine/static/readme.Md",
    ] {
        let s = Site::new(&format!("{}theme: mine\n", crate::harness::SITE_YAML));
        s.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
        s.write("themes/mine/static/extra.css", "body {}\n");
        s.write(rel, SECRET_PAGE);
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{rel}: {err}");
        assert!(
            err.contains(&format!(
                "{rel}: error: a Markdown file in static/ is never published"
            )),
            "{rel}: {err}"
        );
        assert!(!s.exists("extra.css"));
    }
}

#[test]
fn a_file_of_any_name_that_starts_with_front_matter_is_an_error() {
    let variants: [(&str, &[u8]); 8] = [
        (
            "content/news/notes.txt",
            b"---\ntitle: x\nprivate: CANARY\n---\n",
        ),
        (
            "content/news/x.html",
            b"---\r\ntitle: x\r\ndraft: true\r\n---\r\n",
        ),
        (
            "content/news/photo.jpg",
            b"\xef\xbb\xbf---\ntitle: x\n---\n",
        ),
        ("content/news/x.pdf", b"---   \ntitle: x\n---\n"),
        ("content/news/x.css", b"----\ntitle: x\n----\n"),
        ("static/notes.txt", b"---\ntitle: x\n---\n"),
        ("static/.well-known/security.txt", b"---\ntitle: x\n---\n"),
        ("static/CNAME", b"---\n"),
    ];
    for (rel, bytes) in variants {
        let s = Site::small();
        s.write_bytes(rel, bytes);
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{rel}: {err}");
        assert!(
            err.contains(&format!(
                "{rel}:1: error: this file starts with front matter"
            )),
            "{rel}: {err}"
        );
        assert!(!s.path("public").exists(), "{rel}: something was written");
    }
    // Text that merely has a line of dashes later, or a PGP key, is published.
    let s = Site::small();
    s.write(
        "static/key.asc",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nabc\n",
    );
    s.write("static/notes.txt", "Notes\n---\nmore\n");
    s.build_ok();
    assert!(s.exists("key.asc") && s.exists("notes.txt"));
}

#[test]
fn a_dots_line_in_front_matter_is_an_error_not_the_end_of_it() {
    for (rel, text, line) in [
        (
            "content/news/x.md",
            "---\ntitle: X\n...\ndraft: true\nprivate: {a: CANARY}\n---\nText.\n",
            3,
        ),
        (
            "content/about.ru.md",
            "---\r\ntitle: О нас\r\n\r\n...   \r\ndraft: true\r\n---\r\nТекст.\r\n",
            4,
        ),
        (
            "content/_index.fa.md",
            "\u{feff}---\ntitle: x\nsummary: |\n  a\n...\n---\n",
            5,
        ),
    ] {
        let s = Site::small();
        s.write(rel, text);
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{rel}: {err}");
        assert!(
            err.contains(&format!(
                "{rel}:{line}:1: error: a line `...` inside the front matter"
            )),
            "{rel}: {err}"
        );
    }
    // A front matter closed by `--- ` (trailing spaces), after a BOM and with CRLF, is fine;
    // an indented `...` is text of a value.
    let s = Site::small();
    s.write(
        "content/news/y.md",
        "\u{feff}---  \r\ntitle: Y\r\nsummary: |\r\n  Wait\r\n  ...\r\n---\t\r\nBody of Y.\r\n",
    );
    s.build_ok();
    assert!(s.out("news/y/index.html").contains("Body of Y."));
    // A first line of four dashes is no front matter, and no text either.
    s.write(
        "content/_index.md",
        "----\ntitle: Home\ndraft: true\n----\nHome.\n",
    );
    let e = s.build_err();
    assert!(
        e.to_string()
            .contains("content/_index.md:1:1: error: the first line `----`"),
        "{e}"
    );
}

#[test]
fn what_belongs_to_an_unpublished_page_is_withheld_with_it() {
    let s = Site::new(&format!(
        "{}untranslated: skip\n",
        crate::harness::SITE_YAML
    ));
    s.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    // A draft, an embargoed page, and a published page whose Russian translation is a draft.
    s.write("content/news/draft.md", SECRET_PAGE);
    s.write(
        "content/news/later.md",
        "---\ntitle: Later\nslug: big-reveal\npublish_after: 2099-01-01\n---\nCANARY-LATER\n",
    );
    s.write(
        "content/news/open.md",
        "---\ntitle: Open\n---\n![p](open.jpg)\n",
    );
    s.write(
        "content/news/open.ru.md",
        "---\ntitle: Открыто\ndraft: true\n---\nCANARY-RU\n",
    );
    let files = [
        // (file, published)
        ("content/news/draft.jpg", false),
        ("content/news/draft.en.pdf", false),
        ("content/news/draft/extra.pdf", false),
        ("content/news/draft/sub/deeper/x.png", false),
        ("content/news/Draft/upper.pdf", false),
        ("content/news/DRAFT.PNG", false),
        ("content/news/later.pdf", false),
        ("content/news/big-reveal/photo.jpg", false),
        ("content/news/big-reveal.jpg", false),
        ("content/news/open.jpg", true),
        ("content/news/open/letter.pdf", true),
        ("content/news/open.ru.pdf", false),
        ("content/news/open.ru/scan.jpg", false),
        ("content/news/drafts.pdf", true),
        ("content/other/draft.pdf", true),
    ];
    for (f, _) in files {
        // Pictures must be pictures (a `.jpg` of text is an error, see images.rs).
        match f.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
            Some(e) if e == "jpg" || e == "png" => s.write_bytes(f, crate::images::TINY_GIF),
            _ => s.write(f, "bytes"),
        }
    }
    // A page in the draft's folder would reveal the draft's address: withheld, with a warning.
    s.write(
        "content/news/draft/more.md",
        "---\ntitle: More\n---\nCANARY-MORE\n",
    );
    s.write(
        "content/news/draft/sub/_index.md",
        "---\ntitle: Sub\n---\nCANARY-SUB\n",
    );
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for (f, published) in files {
        let rel = f.trim_start_matches("content/");
        assert_eq!(s.exists(rel), published, "{f}: {err}");
    }
    assert!(!s.exists("news/draft/more/index.html"));
    assert!(!s.exists("news/draft/index.html"));
    assert!(
        err.contains("content/news/draft/more.md: warning: not published: this page is in the folder of content/news/draft.md"),
        "{err}"
    );
    assert!(s.exists("news/open/index.html") && !s.exists("ru/news/open/index.html"));
    for needle in ["CANARY", "big-reveal", "news/draft", "news/Draft"] {
        assert_eq!(leaks(&s, needle), Vec::<String>::new(), "{needle}");
    }
    // --drafts shows everything. (The draft's folder would then hold a page at the draft's own
    // address, which is an error of its own: two pages claim /news/draft/.)
    s.remove("content/news/draft/more.md");
    s.remove("content/news/draft/sub/_index.md");
    let mut o = s.options();
    o.drafts = true;
    samizdat::build::build(&o).expect("drafts build");
    for (f, _) in files {
        assert!(
            s.exists(f.trim_start_matches("content/")),
            "{f} with --drafts"
        );
    }
    assert!(s.exists("news/draft/index.html"));
}

#[test]
fn only_listed_kinds_are_published_and_the_rest_is_named() {
    let s = Site::new(&format!(
        "{}also_publish: [\"*.gpx\", robots-extra]\n",
        crate::harness::SITE_YAML
    ));
    s.write(
        "content/_index.md",
        "---\ntitle: Home\n---\n[kit](/press/kit.zip) [notes](news/linked.txt)\n",
    );
    let published = [
        "static/Flyer.PDF",
        "static/leaflet.pdf",
        "static/fonts/a.woff2",
        "static/.well-known/security.txt",
        "static/.well-known/openpgpkey/hu/abcdef",
        "static/CNAME",
        "static/robots-extra",
        "static/site.webmanifest",
        "static/press/kit.zip",
        "content/news/route.gpx",
        "content/news/linked.txt",
        "content/news/Scan.PDF",
        "content/news/clip.mp4",
    ];
    let withheld = [
        (
            "static/notes.yaml",
            "warning: not published: `.yaml` is not a kind",
        ),
        ("static/db.sqlite", "warning: not published: `.sqlite`"),
        (
            "static/contacts.xlsx",
            "warning: not published: documents, spreadsheets and archives are published only when a page links to them",
        ),
        (
            "static/photo.jpg ",
            "warning: not published: the name ends with a space",
        ),
        (
            "static/old.md.orig",
            "warning: not published: a backup or leftover copy",
        ),
        (
            "content/news/notes.txt",
            "warning: not published: web and text files are published only when a page links to them",
        ),
        (
            "content/news/x.heic",
            "warning: not published: samizdat cannot remove the hidden data",
        ),
        (
            "content/news/README",
            "warning: not published: a file without an extension",
        ),
    ];
    let silent = [
        "static/.htaccess",
        "static/.git/config",
        "static/.DS_Store",
        "static/x.css~",
    ];
    for f in published
        .iter()
        .chain(withheld.iter().map(|(f, _)| f))
        .chain(&silent)
    {
        s.write(f, "CANARY-FILE");
    }
    s.write("content/news/a.md", "---\ntitle: A\n---\nA.\n");
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for f in published {
        let rel = f
            .trim_start_matches("static/")
            .trim_start_matches("content/");
        assert!(s.exists(rel), "{f} not published: {err}");
    }
    for (f, warning) in withheld {
        let rel = f
            .trim_start_matches("static/")
            .trim_start_matches("content/");
        assert!(!s.exists(rel), "{f} published");
        assert!(err.contains(&format!("{f}: {warning}")), "{f}: {err}");
    }
    for f in silent {
        let rel = f.trim_start_matches("static/");
        assert!(!s.exists(rel), "{f} published");
        assert!(!err.contains(f), "{f} named: {err}");
    }
}

#[cfg(unix)]
#[test]
fn folders_are_read_without_following_links_out_of_the_site() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.pdf"), "CANARY-OUTSIDE").expect("write");
    std::fs::write(
        outside.path().join("page.md"),
        "---\ntitle: Outside\n---\nCANARY-OUTSIDE\n",
    )
    .expect("write");
    std::fs::create_dir_all(outside.path().join("static")).expect("mkdir");
    std::fs::write(
        outside.path().join("static/style.css"),
        "/* CANARY-OUTSIDE */",
    )
    .expect("write");
    std::fs::create_dir_all(outside.path().join("templates")).expect("mkdir");
    // A linked folder: to the whole disk, to a folder elsewhere, to a folder inside the site.
    for (link, target, shown) in [
        ("content", Path::new("/").to_path_buf(), "content/"),
        ("content", outside.path().to_path_buf(), "content/"),
        ("static", outside.path().to_path_buf(), "static/"),
        ("static", Path::new("/").to_path_buf(), "static/"),
        ("themes/mine", outside.path().to_path_buf(), "themes/mine/"),
        ("themes", outside.path().to_path_buf(), "themes/mine/"),
        ("templates", outside.path().join("templates"), "templates/"),
        ("static", Path::new("content/news").to_path_buf(), "static/"),
    ] {
        let s = Site::new(&format!("{}theme: mine\n", crate::harness::SITE_YAML));
        if !link.starts_with("themes") {
            std::fs::create_dir_all(s.path("themes/mine")).expect("mkdir");
        }
        if link != "content" {
            s.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
            s.write("content/news/a.md", "---\ntitle: A\n---\nA.\n");
        }
        if link == "themes" {
            std::fs::create_dir_all(outside.path().join("mine")).expect("mkdir");
        }
        if link == "themes/mine" {
            std::fs::create_dir_all(s.path("themes")).expect("mkdir");
        }
        symlink(&target, s.path(link)).expect("symlink");
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{link} -> {}: {err}",
            target.display()
        );
        assert!(
            err.contains(&format!(
                "{shown} is a symbolic link, or is reached through one"
            )),
            "{link} -> {}: {err}",
            target.display()
        );
        assert!(!s.path("public").exists());
    }
    // Links inside the folders are skipped with a warning, whatever they point at.
    let s = Site::small();
    symlink(
        outside.path().join("secret.pdf"),
        s.path("content/news/secret.pdf"),
    )
    .expect("ln");
    symlink(outside.path(), s.path("content/news/elsewhere")).expect("ln");
    symlink(
        outside.path().join("page.md"),
        s.path("content/news/page.md"),
    )
    .expect("ln");
    s.write("static/real.css", "body {}\n");
    symlink(outside.path(), s.path("static/linked")).expect("ln");
    symlink(s.path("static/real.css"), s.path("static/again.css")).expect("ln");
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for f in [
        "content/news/secret.pdf",
        "content/news/elsewhere",
        "content/news/page.md",
        "static/linked",
        "static/again.css",
    ] {
        assert!(
            err.contains(&format!("{f}: warning: symbolic link skipped")),
            "{f}: {err}"
        );
    }
    assert!(s.exists("real.css") && !s.exists("again.css"));
    assert_eq!(leaks(&s, "CANARY"), Vec::<String>::new());
}

#[test]
fn html_comments_never_reach_pages_feeds_summaries_or_search() {
    let s = Site::small();
    s.write(
        "content/news/notes.md",
        "---\ntitle: Notes\ndate: 2015-01-01\n---\nFirst <!-- CANARY-1 --> paragraph <!-- CANARY-2\nspans lines --> ends.\n\n\
         <!--\nCANARY-3\n\nstill the note CANARY-4\n-->\n\n\
         - item <!-- CANARY-5 -->\n- item\n  <!-- CANARY-6\n  CANARY-7 -->\n\n\
         > quoted <!-- CANARY-8 -->\n> <!-- CANARY-9\n> CANARY-10 -->\n\n\
         <div>\n<!-- CANARY-11 --><b>kept</b><!-- CANARY-12\n-->\n</div>\n\n\
         ## Heading <!-- CANARY-13 -->\n\n\
         | a | b |\n|---|---|\n| <!-- CANARY-14 --> | c |\n\n\
         ```html\n<!-- shown in code -->\n```\n\nWrite `<!-- also shown -->`.\n",
    );
    s.build_ok();
    assert_eq!(leaks(&s, "CANARY"), Vec::<String>::new());
    let page = s.out("news/notes/index.html");
    assert!(page.contains("&lt;!-- shown in code --&gt;"), "{page}");
    assert!(page.contains("&lt;!-- also shown --&gt;"), "{page}");
    assert!(page.contains("<b>kept</b>"), "{page}");
    assert!(s.out("atom.xml").contains("paragraph  ends."));
    // A comment that is never closed is an error at its line, in every language.
    for (text, at) in [
        ("Text <!-- CANARY note\n\nmore CANARY\n", "5:6"),
        ("Text.\n\n<!-- CANARY note\n\nthe rest\n", "7:1"),
        ("- a\n- b <!-- CANARY\n", "6:5"),
    ] {
        s.write(
            "content/news/notes.ru.md",
            &format!("---\ntitle: Заметки\n---\n\n{text}"),
        );
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{text:?}: {err}");
        assert!(
            err.contains(&format!(
                "content/news/notes.ru.md:{at}: error: this HTML comment `<!--` is never closed"
            )),
            "{text:?}: {err}"
        );
    }
    assert_eq!(leaks(&s, "CANARY"), Vec::<String>::new());
}

#[test]
fn private_text_planted_everywhere_never_reaches_any_output_byte() {
    let s = Site::small();
    let canary = "CANARY-9d1e";
    let page = |extra: &str| {
        format!("---\ntitle: P\n{extra}private: {{note: {canary}}}\n---\nText {canary}\n")
    };
    // Pages that are not published, and everything that belongs to them.
    s.write("content/news/draft.md", &page("draft: true\n"));
    s.write(
        "content/news/later.md",
        &page("publish_after: 2099-01-01\n"),
    );
    s.write("content/about.fa.md", &page("draft: true\n"));
    for f in [
        "content/news/draft.jpg",
        "content/news/draft/a.pdf",
        "content/news/draft/deep/b.png",
        "content/news/later.pdf",
        "content/news/later/c.jpg",
        "content/about.fa.pdf",
        "content/news/only-drafts-link.pdf",
    ] {
        s.write(f, canary);
    }
    s.write(
        "content/news/draft/inner.md",
        &format!("---\ntitle: Inner\n---\n{canary}\n"),
    );
    s.write(
        "content/news/linker.md",
        &format!("---\ntitle: L\ndraft: true\n---\n[x](only-drafts-link.pdf) {canary}\n"),
    );
    // Leftovers, working files, unlisted kinds, hidden files.
    for f in [
        "content/news/first.md.orig",
        "content/news/first.md.bak",
        "content/news/contacts.ods",
        "content/news/sheet.csv",
        "content/news/notes.txt",
        "content/news/notes.yaml",
        "content/news/.hidden.pdf",
        "content/.git/config",
        "static/notes.yaml",
        "static/.env",
        "static/.git/HEAD",
        "static/contacts.xlsx",
        "static/backup.sql",
    ] {
        s.write(f, canary);
    }
    // Comments in a published page, and private notes in its front matter.
    s.write(
        "content/news/public.md",
        &format!(
            "---\ntitle: Public\ndate: 2015-01-01\nprivate: {{a: {canary}}}\n---\nText <!-- {canary} -->.\n\n<!--\n{canary}\n-->\n"
        ),
    );
    let out = s.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(s.exists("news/public/index.html"));
    let out = s.run(&["bundle", "-o", "site.tar.gz"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(leaks(&s, canary), Vec::<String>::new());
    assert_eq!(leaks(&s, "news/draft"), Vec::<String>::new());
}

#[test]
fn the_example_site_and_the_handbook_publish_every_file_they_hold() {
    for root in ["example-site", "content"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
        let out_dir = tempfile::tempdir().expect("temp");
        let out = crate::harness::samizdat(
            &[
                "build",
                "-o",
                &out_dir.path().join("o").display().to_string(),
            ],
            &root,
        );
        let err = stderr(&out);
        assert!(out.status.success(), "{}: {err}", root.display());
        assert!(!err.contains("not published"), "{}: {err}", root.display());
    }
}
