//! Named regression tests for what the fuzz test (`fuzz.rs`) found beyond the reproductions
//! issue 11 lists: each is the minimal reproduction of one cause, with the seed that found it
//! (`SAMIZDAT_FUZZ_SEED=N cargo test --release --test it fuzz::fixed_seeds -- --nocapture`
//! replays the case). A test marked `#[ignore]` fails on the branch it was written on: the
//! mark goes with the fix.
//!
//! Inputs that crash the process (a stack overflow aborts it) are run through the real binary,
//! so that the crash fails one test instead of the whole test binary.

use crate::fuzz::images;
use crate::harness::*;

/// Every file of the output that contains `needle` (bytes or file name).
fn outputs_with(s: &Site, needle: &str) -> Vec<String> {
    snapshot(&s.path("public"))
        .into_iter()
        .filter(|(p, b)| {
            p.contains(needle) || b.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .map(|(p, _)| p)
        .collect()
}

/// Runs `samizdat check` and `samizdat build`: each must exit 1 with an error naming `file`,
/// never crash.
fn both_fail_naming(s: &Site, file: &str) {
    for cmd in ["check", "build"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{cmd}: exit code; stderr:\n{err}"
        );
        assert!(
            err.contains(file),
            "{cmd}: the error should name {file}:\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// `level`s of block mappings, each indented one more space, starting at `indent`.
fn indented_mappings(levels: usize, indent: usize) -> String {
    (0..levels)
        .map(|i| format!("{}a{i}:\n", " ".repeat(indent + i)))
        .collect()
}

/// Seeds 2000026, 2000168, 2000603 (`insert block mappings nested 10000 deep`): YAML nested by
/// indentation under `private:` overflowed the stack of the thread reading the page and aborted
/// the process (exit 134, no message): at about 3,000 levels on a worker thread, 10,000 on the
/// main one. The same depth written with brackets is read (slowly). A depth limit must be an
/// error at the file, whatever the form.
#[test]
fn front_matter_nested_by_indentation_is_an_error_not_a_stack_overflow() {
    let s = Site::small();
    s.write(
        "content/about.md",
        &format!(
            "---\ntitle: About us\nprivate:\n{}---\nWe are a campaign.\n",
            indented_mappings(20_000, 1)
        ),
    );
    both_fail_naming(&s, "content/about.md");
}

/// Seed 786937944 (`insert flow sequences nested 100000 deep` into a page's front matter,
/// `k: [[[…`, 100 KB): an error naming the page, but only after half a minute, for `check` and
/// again for `build` (the issue's "YAML nested 100,000 levels deep: over 60 s").
#[test]
fn front_matter_nested_in_brackets_is_an_error() {
    let s = Site::small();
    s.write(
        "content/about.md",
        &format!(
            "---\ntitle: About us\nk: {}\n---\nWe are a campaign.\n",
            "[".repeat(100_000)
        ),
    );
    both_fail_naming(&s, "content/about.md");
}

/// Found while checking the test above: list items nested on one line (`- - - … x`, 10 KB for
/// 5,000 levels) under any key of the front matter abort the process with a stack overflow.
/// serde_yaml stops at its recursion limit, but the error's key is then looked up by reading
/// the whole document again with yaml_rust2, which recurses once per level (`yaml::Positions`).
/// In site.yaml, read on the main thread, 10,000 levels take 17 s instead (5,000: 1.2 s).
#[test]
fn list_items_nested_on_one_line_are_an_error_not_a_stack_overflow() {
    for key in ["summary", "private", "unknown"] {
        let s = Site::small();
        s.write(
            "content/about.md",
            &format!(
                "---\ntitle: About us\n{key}:\n{}x\n---\nWe are a campaign.\n",
                "- ".repeat(5_000)
            ),
        );
        both_fail_naming(&s, "content/about.md");
    }
    let s = Site::small();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}description:\n{}x\n", "- ".repeat(100_000)),
    );
    both_fail_naming(&s, "site.yaml");
}

/// Seed 2000676: the same in `site.yaml`, 10,000 levels, overflowed the main thread's stack.
/// Under a key of fixed keys (`privacy:`) the first unknown key already ends the reading, so
/// the nesting goes where any key is read: under `description:`, a text per language. Both
/// are errors now, but only after reading the 50 MB of indentation for half a minute.
#[test]
fn site_yaml_nested_by_indentation_is_an_error_not_a_stack_overflow() {
    for key in ["description", "privacy"] {
        let s = Site::small();
        s.write(
            "site.yaml",
            &format!("{SITE_YAML}{key}:\n{}", indented_mappings(10_000, 1)),
        );
        both_fail_naming(&s, "site.yaml");
    }
}

/// Seed 2000711 (`copy site/content/about.md to "site/content/about.txt"`): a page saved under
/// another extension was copied as it is, front matter and `private:` notes included. A file
/// that starts with front matter is a page or an error, never an asset.
#[test]
fn a_page_saved_as_txt_is_never_published_raw() {
    let s = Site::small();
    s.write(
        "content/about.txt",
        "---\ntitle: About us\nprivate: the lawyer's phone zqkanarytxt\n---\nDraft text zqkanarytxt.\n",
    );
    let _ = s.build();
    assert_eq!(outputs_with(&s, "zqkanarytxt"), Vec::<String>::new());
}

/// Seed 1000056 (`insert "aliases: [/style.css]\n"`): an alias onto a file of the theme passed
/// `check` and failed `build` with an OS error at a staging path ("File exists"). Two claims on
/// one output path are one error, at the alias's line, in both.
#[test]
fn an_alias_onto_a_theme_file_is_an_error_at_its_line_in_check_and_build() {
    let s = Site::small();
    s.write(
        "content/about.md",
        "---\ntitle: About us\naliases: [/style.css]\n---\nWe are a campaign.\n",
    );
    both_fail_naming(&s, "content/about.md:3");
}

/// Seeds 2000201, 2000478, 2000606 (`insert "aliases: [/жжж…` 300 bytes): an alias whose name
/// is longer than a file system allows passed `check` and failed `build` with an OS error at a
/// staging path ("File name too long"), as a long slug does.
#[test]
fn a_long_alias_is_an_error_at_its_line_in_check_and_build() {
    let s = Site::small();
    s.write(
        "content/about.md",
        &format!(
            "---\ntitle: About us\naliases: [/{}/]\n---\nWe are a campaign.\n",
            "ж".repeat(150)
        ),
    );
    both_fail_naming(&s, "content/about.md:3");
}

/// Seed 4000492 (`copy site/content/events/days-2014.md to "site/content/events/days-2014"`): a
/// file named like a page's folder passed `check` and failed `build` with an OS error at a
/// staging path ("Is a directory"). Since publishing is by allow-list such a file is withheld
/// with a warning; published on purpose (`also_publish:`), the file and the page claim one
/// path: one error, naming both, in `check` too.
#[test]
fn a_file_named_like_a_page_folder_is_an_error_in_check_and_build() {
    let s = Site::small();
    s.write("content/about", "notes for the about page zqkanarynotes\n");
    for cmd in ["check", "build"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{cmd}:\n{err}");
        assert!(
            err.contains("content/about: warning: not published"),
            "{cmd}: the file should be withheld with a warning:\n{err}"
        );
    }
    assert!(s.exists("about/index.html"));
    assert_eq!(outputs_with(&s, "zqkanarynotes"), Vec::<String>::new());
    s.write("site.yaml", &format!("{SITE_YAML}also_publish: [about]\n"));
    both_fail_naming(&s, "content/about.md");
    both_fail_naming(&s, "content/about:");
}

/// Found in the seed site of the fuzz test (seed 0): besides EXIF and comments, GIF files carry
/// XMP (an application extension), WebP files an XMP chunk, SVG files comments and the
/// attributes their editor writes (`inkscape:export-filename`, with the author's home folder).
/// None of it may be published, next to pages or from static/.
#[test]
fn gif_xmp_webp_xmp_and_svg_editor_data_are_not_published() {
    let s = Site::small();
    s.write_bytes("static/img/banner.gif", &images::gif("zqkanarygif"));
    s.write_bytes("content/news/still.webp", &images::webp("zqkanarywebp"));
    s.write("static/logo.svg", &images::svg("zqkanarysvg"));
    s.write(
        "content/news/pictures.md",
        "---\ntitle: Pictures\n---\n![still](still.webp)\n",
    );
    // Cleaned and published, or refused with an error naming the file: never as they are.
    if let Err(errs) = s.build() {
        for e in errs.iter().filter(|e| !e.is_warning()) {
            let p = e
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            assert!(
                [".gif", ".webp", ".svg"].iter().any(|x| p.ends_with(x)),
                "an error that is not about the pictures: {e}"
            );
        }
    }
    for place in [
        "zqkanarygifxmp",
        "zqkanarywebpxmp",
        "zqkanarysvgcomment",
        "zqkanarysvginkscape",
    ] {
        assert_eq!(outputs_with(&s, place), Vec::<String>::new(), "{place}");
    }
}

/// Seeds 786938097 (`picture site/static/img/banner.gif: truncate to 33 bytes`) and 786938296
/// (`…/still.webp: truncate to 184 bytes`): a GIF or WebP file cut short inside its metadata
/// was published as it is, with the start of its comment or XMP. A picture that cannot be
/// read is refused with an error naming it, or withheld; never copied with its metadata.
#[test]
fn a_gif_or_webp_cut_short_is_not_published_with_its_metadata() {
    let cut_after = |b: Vec<u8>, needle: &str| -> Vec<u8> {
        let at = b
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .expect("the canary is in the picture");
        b[..at + needle.len()].to_vec()
    };
    let s = Site::small();
    s.write_bytes(
        "static/img/banner.gif",
        &cut_after(images::gif("zqkanarygif"), "zqkanarygif"),
    );
    s.write_bytes(
        "content/news/still.webp",
        &cut_after(images::webp("zqkanarywebp"), "zqkanarywebp"),
    );
    s.write(
        "content/news/pictures.md",
        "---\ntitle: Pictures\n---\n![still](still.webp)\n",
    );
    let _ = s.build();
    for place in ["zqkanarygif", "zqkanarywebp"] {
        assert_eq!(outputs_with(&s, place), Vec::<String>::new(), "{place}");
    }
}

/// Seed 3000091 (`add a folder named like …/zqkanarydraft.ru.md: …/zqkanarydraft/notes.txt`,
/// which also wrote `news/zqkanarydraft/_index.md`): with `untranslated: skip`, the Russian news
/// list linked to a sub-section that has no Russian page. `build` published the broken link;
/// `check` reported it, so the two disagreed. A list in a language shows only what exists in it.
#[test]
fn untranslated_skip_lists_no_subsection_missing_in_the_language() {
    let s = Site::new(&SITE_YAML.replace(
        "default_language: en\n",
        "default_language: en\nuntranslated: skip\n",
    ));
    s.write("content/_index.md", "---\ntitle: Home\n---\n");
    s.write("content/_index.ru.md", "---\ntitle: Главная\n---\n");
    s.write("content/news/_index.md", "---\ntitle: News\n---\n");
    s.write("content/news/_index.ru.md", "---\ntitle: Новости\n---\n");
    s.write("content/news/sub/_index.md", "---\ntitle: Sub\n---\n");
    let check = s.run(&["check"]);
    let build = s.run(&["build"]);
    assert_eq!(
        check.status.code(),
        build.status.code(),
        "check and build disagree:\ncheck: {}\nbuild: {}",
        stderr(&check),
        stderr(&build)
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(s.out("news/index.html").contains("href=\"sub/\""));
    assert!(!s.exists("ru/news/sub/index.html"));
    let list = s.out("ru/news/index.html");
    assert!(
        !list.contains("sub/"),
        "the Russian news list links to a page that does not exist:\n{list}"
    );
}

/// Seeds 941773827 and 941773883: a stray `---` (with a space, or CRLF) after the title cut the
/// front matter in two, and the `private:` line after it was published as text.
#[test]
fn a_stray_fence_that_cuts_the_front_matter_in_two_is_an_error() {
    for fence in ["---", "--- ", "---\r", "---   "] {
        let s = Site::small();
        s.write(
            "content/news/cut.md",
            &format!("---\ntitle: Cut\n{fence}\ndate: 2014-02-24\nprivate: {{source: zqkanarycut}}\n---\nBody.\n"),
        );
        let errs = s.build_err();
        let e = errs
            .iter()
            .find(|e| {
                e.path
                    .as_ref()
                    .is_some_and(|p| p.ends_with("content/news/cut.md"))
            })
            .unwrap_or_else(|| panic!("{fence:?}: {errs}"));
        assert_eq!(e.line, Some(3), "{fence:?}: {e}");
        assert!(
            !s.path("public").exists()
                || !crate::harness::snapshot(&s.path("public"))
                    .iter()
                    .any(|(_, b)| String::from_utf8_lossy(b).contains("zqkanarycut"))
        );
    }
}

/// Seed 520941312: a draft's translation renamed in other capitals (`ZQKANARYDRAFT.ru.md`
/// beside the draft `zqkanarydraft.md`) became a page of its own and was published.
#[test]
fn a_translation_named_in_other_capitals_is_an_error_not_a_page_of_its_own() {
    let s = Site::small();
    s.write(
        "content/news/secret.md",
        "---\ntitle: Secret\ndraft: true\n---\nSecret.\n",
    );
    s.write(
        "content/news/SECRET.ru.md",
        "---\ntitle: Тайна\n---\nТайна.\n",
    );
    let errs = s.build_err();
    assert!(
        errs.iter().any(|e| e
            .path
            .as_ref()
            .is_some_and(|p| p.ends_with("content/news/SECRET.ru.md"))
            && e.message.contains("capitals")),
        "{errs}"
    );
}
