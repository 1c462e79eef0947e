//! The command line as a user meets it: init, new, build, check, exit codes.

use crate::harness::*;

#[test]
fn init_then_build_works_and_init_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = samizdat(&["init", "my-campaign"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("my-campaign");
    assert!(site.join("site.yaml").is_file());
    let b = samizdat(&["build", "--root", "my-campaign"], dir.path());
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(site.join("public/index.html").is_file());
    // The built site and the record of the last build stay out of the site's repository.
    assert!(site.join(".public.samizdat.state").is_file());
    let ignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    assert!(
        ignore.lines().any(|l| l == "/public/") && ignore.lines().any(|l| l == ".*.samizdat.state"),
        "{ignore}"
    );
    let again = samizdat(&["init", "my-campaign"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("is not empty"));
}

#[test]
fn new_creates_a_draft_and_never_overwrites() {
    let s = Site::small();
    let out = s.run(&["new", "prisoner", "Ivan \"Vanya\" Petrov"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = s.path("content/prisoners/ivan-vanya-petrov.md");
    let text = std::fs::read_to_string(&path).expect("created");
    assert!(
        text.contains("title: \"Ivan \\\"Vanya\\\" Petrov\""),
        "{text}"
    );
    assert!(text.contains("status: detained"));
    assert!(text.contains("draft: true"));
    // The new page parses (it is a draft, so the site still builds without it).
    let b = s.run(&["build"]);
    assert!(b.status.success(), "{}", stderr(&b));
    std::fs::write(&path, "edited").expect("edit");
    let again = s.run(&["new", "prisoner", "Ivan \"Vanya\" Petrov"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "edited");
    let ru = s.run(&["new", "news", "Новость", "--lang", "ru"]);
    assert!(ru.status.success(), "{}", stderr(&ru));
    let text = std::fs::read_to_string(s.path("content/news/новость.ru.md")).expect("ru news");
    assert!(
        text.contains("# удалите эту строку, чтобы опубликовать") && text.ends_with("Новость.\n"),
        "a Russian page gets Russian guidance: {text}"
    );
    let bad = s.run(&["new", "news", "X", "--lang", "de"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn every_kind_of_new_page_builds_once_published() {
    let s = Site::small();
    for kind in ["prisoner", "event", "appeal", "case", "news", "page"] {
        let out = s.run(&["new", kind, &format!("A new {kind}")]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    let out = s.run(&["build", "--drafts", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_writes_nothing_and_finds_broken_template_links() {
    let s = Site::small();
    let out = s.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!s.path("public").exists());
    s.write(
        "templates/partials/footer.html",
        "<footer><a href=\"/nowhere/\">x</a></footer>",
    );
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("links to /nowhere/"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_codes() {
    let s = Site::small();
    assert_eq!(s.run(&["build", "-q"]).status.code(), Some(0));
    s.write("content/news/bad.md", "---\ntitle: [\n");
    assert_eq!(s.run(&["build", "-q"]).status.code(), Some(1));
    assert_eq!(s.run(&["build", "--no-such-flag"]).status.code(), Some(2));
    let dir = tempfile::tempdir().expect("tmp");
    let none = samizdat(&["build"], dir.path());
    assert_eq!(none.status.code(), Some(2), "no site.yaml is misuse");
    assert!(stderr(&none).contains("no site.yaml"));
}

#[test]
fn summary_names_pages_per_language() {
    let s = Site::small();
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(err.contains("built "), "{err}");
    assert!(err.contains("(en "), "{err}");
    assert!(err.contains("ru "), "{err}");
}

#[test]
fn output_folder_not_made_by_samizdat_is_never_replaced() {
    let s = Site::small();
    s.write("docs/thesis.odt", "years of work");
    let out = s.run(&["build", "-o", "docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(s.path("docs/thesis.odt")).expect("kept"),
        "years of work"
    );
    let out = s.run(&["build", "-o", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(s.path("site.yaml").is_file());
}

#[test]
fn a_new_site_checks_clean() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(samizdat(&["init", "site"], dir.path()).status.success());
    let out = samizdat(&["check", "--strict", "--root", "site"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn build_timings_prints_every_stage_after_the_summary_and_only_when_asked() {
    let s = Site::small();
    let plain = s.run(&["build"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert!(!stderr(&plain).contains("timings:"), "{}", stderr(&plain));
    // --force: nothing changed, and a skipped build has only the comparison to time.
    let out = s.run(&["build", "--timings", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let summary = err.find("built ").expect("the summary line");
    let table = err.find("timings: ").expect("the timings");
    assert!(summary < table, "the timings come after the summary: {err}");
    for stage in [
        "config, theme, strings, templates",
        "content: read, front matter, Markdown",
        "privacy checks",
        "records: prisoners, cases, appeals",
        "pickets and geocoding",
        "output plan",
        "staging folder",
        "render and write",
        "link checks",
        "swap in, remove the old output",
        "rendering and writing",
        "  pages ",
        "  lists, pagers and tag pages ",
    ] {
        assert!(err.contains(stage), "no `{stage}` in:\n{err}");
    }
    assert!(
        out.stdout.is_empty(),
        "timings go to stderr, stdout stays clean"
    );
}
