//! The title and file name rules of `samizdat new`, without a site on disk: every template of the
//! default theme, filled with hostile titles, parses as a build parses it and gives the title
//! back exactly.

use super::names::{clean_title, file_slug, is_windows_device};
use super::*;

/// Titles a careless editor or a hostile paste could give, each with something YAML, Markdown,
/// the shell or a file system reads specially.
pub(crate) const NASTY: &[&str] = &[
    "Free them: all",
    "# not a comment",
    "Day #3 of the hunger strike",
    "\"Quoted\" and 'single'",
    "'single at start",
    "\"double at start",
    "- leading dash",
    "* star",
    "& anchor",
    "! tag",
    "% directive",
    "@ at",
    "` backtick",
    "--- fence",
    "... end",
    "{flow: map}",
    "[flow, seq]",
    "| literal",
    "> folded",
    "? key",
    "yes",
    "null",
    "~",
    "0x1F",
    "12:30",
    "2024-01-01",
    "back\\slash \\n \\u0041",
    "tab\there",
    "line\nbreak\r\nand more",
    "bell\u{7} and escape\u{1b}[31m red",
    "del\u{7f} and c1\u{85}\u{9b}",
    "evil\u{202e}txt.exe",
    "isolate \u{2066}x\u{2069} mark \u{200f}",
    "zero\u{200b}width \u{feff}bom \u{2060}joiner",
    "Hangul\u{3164}filler",
    "Свобода политзаключённым",
    "آزادی برای زندانیان سیاسی",
    "می‌خواهم",
    "👩‍👩‍👧 family ❤️ flag 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
    "{title} and {date}",
    "\u{fffe}nonchar\u{ffff}",
    "trailing spaces   ",
    "a   b",
];

fn template(name: &str) -> &'static str {
    match name {
        "page" => include_str!("../../../themes/default/new/page.md"),
        "prisoner" => include_str!("../../../themes/default/new/prisoner.md"),
        "event" => include_str!("../../../themes/default/new/event.md"),
        "appeal" => include_str!("../../../themes/default/new/appeal.md"),
        "case" => include_str!("../../../themes/default/new/case.md"),
        _ => include_str!("../../../themes/default/new/news.ru.md"),
    }
}

#[test]
fn every_default_template_holds_every_nasty_title() {
    let kinds = [
        ("page", ""),
        ("prisoner", "prisoners/"),
        ("event", "events/"),
        ("appeal", "appeals/"),
        ("case", "cases/"),
        ("news", "news/"),
    ];
    for title in NASTY {
        let clean = clean_title(title);
        assert!(!clean.text.is_empty(), "{title:?}");
        for (kind, folder) in kinds {
            let filled = template(kind)
                .replace("{date}", "2026-01-01")
                .replace("{slug}", "x");
            let text = fill(&filled, &clean.text);
            let rel = format!("{folder}x.md");
            let page = Page::parse(
                text.as_bytes(),
                Path::new(&rel),
                &rel,
                &rel,
                if kind == "news" { "ru" } else { "en" },
                false,
            );
            match page {
                Ok(p) => assert_eq!(
                    p.fm.title.as_deref(),
                    Some(clean.text.as_str()),
                    "{kind}: {title:?}\n{text}"
                ),
                Err(e) => panic!("{kind}: {title:?}\n{text}\n{e}"),
            }
        }
    }
}

#[test]
fn control_bidi_and_invisible_characters_leave_the_title_and_are_counted() {
    let c = clean_title("Free\u{7} them\u{202e} all\u{200b}\u{feff}");
    assert_eq!(c.text, "Free them all");
    let notes = c.notes().join("\n");
    assert!(
        notes.contains("removed 4 control or invisible characters from the title (U+0007, U+202E, U+200B, U+FEFF)"),
        "{notes}"
    );
    let c = clean_title("line\none\r\ntwo\tthree");
    assert_eq!(c.text, "line one two three");
    assert!(
        c.notes()
            .join("\n")
            .contains("replaced 4 line breaks or tabs")
    );
    // What a reader sees stays: joiners in words and emoji, variation selectors, flag tags.
    for kept in [
        "می‌خواهم",
        "👩‍👩‍👧",
        "❤️",
        "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
        "Libérez-les\u{a0}!",
    ] {
        let c = clean_title(kept);
        assert_eq!(c.text, kept);
        assert!(c.notes().is_empty(), "{kept:?}");
    }
    for bidi in [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
    ] {
        assert_eq!(clean_title(&format!("a{bidi}b")).text, "ab", "{bidi:?}");
    }
    assert_eq!(clean_title("\u{7}\u{202e}\u{200b}").text, "");
}

#[test]
fn ordinary_titles_keep_the_slug_they_always_had() {
    for title in [
        "The march of 6 May",
        "Болотное дело",
        "Free them all!",
        "زندانیان سیاسی",
        "می‌خواهم",
        "Café 'Résistance' — 2024",
    ] {
        let named = file_slug(&clean_title(title).text, SLUG_MAX);
        assert_eq!(named.slug, crate::util::slugify(title), "{title}");
        assert_eq!((named.dropped, named.shortened), (0, false), "{title}");
    }
}

#[test]
fn file_names_lose_stray_joiners_and_marks() {
    let named = file_slug("\u{200c}a \u{200c} b\u{200c} \u{301}c", SLUG_MAX);
    assert_eq!(named.slug, "a-b-c");
    assert_eq!(named.dropped, 4);
    assert_eq!(file_slug("\u{301}\u{200c}", SLUG_MAX).slug, "");
}

#[test]
fn long_file_names_are_cut_at_a_word_within_the_byte_limit() {
    let title = "word ".repeat(2000);
    let named = file_slug(&title, SLUG_MAX);
    assert!(named.shortened);
    assert!(named.slug.len() <= SLUG_MAX, "{}", named.slug.len());
    assert!(named.slug.ends_with("word") && named.slug.len() > SLUG_MAX - 6);
    // Two bytes a letter: the limit counts bytes, and no letter is cut in half.
    let named = file_slug(&"свобода ".repeat(100), SLUG_MAX);
    assert!(named.slug.len() <= SLUG_MAX && named.slug.ends_with("свобода"));
    // One long word (Chinese has no spaces): cut between characters as a reader sees them.
    let named = file_slug(&"自由".repeat(200), SLUG_MAX);
    assert!(named.slug.len() <= SLUG_MAX && named.slug.len() >= SLUG_MAX - 3);
    let named = file_slug(&"é".repeat(300), SLUG_MAX);
    assert!(named.slug.chars().all(|c| c == 'é') && named.slug.len() <= SLUG_MAX);
    let decomposed = "e\u{301}".repeat(300);
    let named = file_slug(&decomposed, SLUG_MAX);
    assert!(named.slug.len() <= SLUG_MAX && named.slug.ends_with('\u{301}'));
}

#[test]
fn windows_device_names_are_known() {
    for name in ["con", "nul", "aux", "prn", "com1", "lpt9"] {
        assert!(is_windows_device(name), "{name}");
    }
    for name in ["console", "null", "com", "com10", "lpt", "news"] {
        assert!(!is_windows_device(name), "{name}");
    }
}

#[test]
fn the_title_is_quoted_to_suit_where_the_template_puts_it() {
    let t = "a \"b\" 'c' # d: e \\";
    let tpl =
        "---\ntitle: {title}\nname: \"{title}\"\nalt: 'about {title}'\n# {title}\n---\n{title}\n";
    let out = fill(tpl, t);
    assert_eq!(
        out,
        "---\ntitle: \"a \\\"b\\\" 'c' # d: e \\\\\"\nname: \"a \\\"b\\\" 'c' # d: e \\\\\"\n\
         alt: 'about a \"b\" ''c'' # d: e \\'\n# a \"b\" 'c' # d: e \\\n---\na \"b\" 'c' # d: e \\\n"
    ); // A quote inside a plain value opens nothing.
    assert_eq!(
        fill("---\nnote: don't {title}\n---\n", "x"),
        "---\nnote: don't \"x\"\n---\n"
    );
    assert_eq!(
        fill("---\nlist: [\"{title}\", '{title}']\n---\n", "it's"),
        "---\nlist: [\"it's\", 'it''s']\n---\n"
    );
}

#[test]
fn titles_longer_than_a_build_accepts_are_cut_at_a_word() {
    assert_eq!(shorten_title("one two three", 20), None);
    assert_eq!(shorten_title("one two three", 13), None);
    assert_eq!(
        shorten_title("one two three", 9).as_deref(),
        Some("one two")
    );
    assert_eq!(
        shorten_title("one two three", 7).as_deref(),
        Some("one two")
    );
    // No space to cut at: cut at the limit, on a character boundary.
    assert_eq!(shorten_title("жжжжж", 3).as_deref(), Some("жжж"));
}
