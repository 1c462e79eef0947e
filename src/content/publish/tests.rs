//! Unit tests of the publication rules: names, front matter at the top of a file, folders.

use super::*;

fn verdict(rel: &str, origin: Origin) -> Verdict {
    judge(rel, origin, &[])
}

#[test]
fn pages_in_disguise_are_errors_in_every_spelling() {
    for name in [
        "x.MD",
        "x.Md",
        "x.mD",
        "x.mdx",
        "x.markdown",
        "x.MARKDOWN",
        "x.mkd",
        "x.mdown",
        "x.md ",
        "x.md.",
        "x.md. . ",
        "x.MD\u{a0}",
        "x.ｍｄ",
        "x.ＭＤ",
        "_index.MD",
        "x.ru.Md",
    ] {
        assert!(
            matches!(
                verdict(&format!("news/{name}"), Origin::Content),
                Verdict::Refuse(..)
            ),
            "{name:?}"
        );
        assert!(
            matches!(verdict(name, Origin::Static), Verdict::Refuse(..)),
            "{name:?}"
        );
    }
    // Exactly `.md` is a page in content/, and never a copy in static/.
    assert_eq!(verdict("news/x.md", Origin::Content), Verdict::Source);
    assert!(matches!(
        verdict("x.md", Origin::Static),
        Verdict::Refuse(..)
    ));
    assert_eq!(
        verdict("events/a.pickets.csv", Origin::Content),
        Verdict::Source
    );
}

#[test]
fn look_alike_extensions_are_not_published() {
    // Cyrillic `м`/`ԁ`, Greek and other look-alikes: not on the list, so left out.
    for name in ["x.мd", "x.mԁ", "x.jрg", "x.pdf\u{200b}", "photo.jpg "] {
        assert!(
            matches!(
                verdict(&format!("a/{name}"), Origin::Content),
                Verdict::Withhold(..)
            ),
            "{name:?}"
        );
    }
    let Verdict::Withhold(m, h) = verdict("photo.jpg ", Origin::Static) else {
        panic!()
    };
    assert!(m.contains("space or a dot"), "{m}");
    assert!(h.contains("`.jpg`"), "{h}");
}

#[test]
fn the_allow_list_by_origin() {
    for rel in [
        "a/b.jpg", "a/b.JPEG", "b.png", "b.svg", "b.pdf", "b.mp4", "b.woff2", "b.css",
    ] {
        assert_eq!(verdict(rel, Origin::Content), Verdict::Copy, "{rel}");
        assert_eq!(verdict(rel, Origin::Static), Verdict::Copy, "{rel}");
    }
    for rel in ["notes.txt", "data.json", "page.html"] {
        assert!(
            matches!(verdict(rel, Origin::Content), Verdict::IfLinked(_)),
            "{rel}"
        );
        assert_eq!(verdict(rel, Origin::Static), Verdict::Copy, "{rel}");
    }
    for rel in ["sheet.ods", "x.xlsx", "x.csv", "kit.zip", "a.docx"] {
        assert!(
            matches!(verdict(rel, Origin::Content), Verdict::IfLinked(_)),
            "{rel}"
        );
        assert!(
            matches!(verdict(rel, Origin::Static), Verdict::IfLinked(_)),
            "{rel}"
        );
    }
    for rel in [
        "notes.yaml",
        "x.heic",
        "x.tiff",
        "x.exe",
        "README",
        "x.sqlite",
        "key.pem",
    ] {
        assert!(
            matches!(verdict(rel, Origin::Content), Verdict::Withhold(..)),
            "{rel}"
        );
        assert!(
            matches!(verdict(rel, Origin::Static), Verdict::Withhold(..)),
            "{rel}"
        );
    }
    // What hosts read at fixed places, in static/ only.
    for rel in [
        ".well-known/security.txt",
        ".well-known/openpgpkey/hu/abc",
        "CNAME",
    ] {
        assert_eq!(verdict(rel, Origin::Static), Verdict::Copy, "{rel}");
    }
    assert!(matches!(
        verdict("CNAME", Origin::Content),
        Verdict::Withhold(..)
    ));
    // Leftover copies of pages, everywhere.
    for rel in [
        "a.md.orig",
        "a.md.bak",
        "days.pickets.csv.bak",
        "a.md.txt",
        "a.jpg.old",
    ] {
        assert!(
            matches!(verdict(rel, Origin::Content), Verdict::Withhold(..)),
            "{rel}"
        );
        assert!(
            matches!(verdict(rel, Origin::Static), Verdict::Withhold(..)),
            "{rel}"
        );
    }
    assert!(matches!(
        verdict(".well-known/x.md", Origin::Static),
        Verdict::Refuse(..)
    ));
}

#[test]
fn also_publish_adds_names_and_extensions_but_never_pages() {
    let also = vec!["*.gpx".to_string(), "robots-extra".to_string()];
    assert_eq!(judge("route.GPX", Origin::Content, &also), Verdict::Copy);
    assert_eq!(judge("robots-extra", Origin::Static, &also), Verdict::Copy);
    assert!(matches!(
        judge("x.MD", Origin::Static, &also),
        Verdict::Refuse(..)
    ));
    for bad in ["*.md", "*.MARKDOWN", "x.md", "*.", "a/b", "*", "", "*.x*"] {
        assert!(check_pattern(bad).is_err(), "{bad:?}");
    }
    for good in ["*.gpx", "CNAME", ".domains", "*.kml"] {
        assert!(check_pattern(good).is_ok(), "{good:?}");
    }
}

#[test]
fn front_matter_is_found_at_the_top_of_any_file() {
    for head in [
        &b"---\ntitle: x\n"[..],
        b"---\r\ntitle: x\r\n",
        b"\xef\xbb\xbf---\ntitle: x\n",
        b"---   \ntitle: x\n",
        b"---\t\r\n",
        b"----\ntitle: x\n",
        b"  ---\n",
        b"---",
    ] {
        assert!(starts_with_front_matter(head), "{head:?}");
    }
    for head in [
        &b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n"[..],
        b"\xff\xd8\xff\xe0",
        b"-- \n",
        b"--- title\n",
        b"text\n---\n",
        b"",
    ] {
        assert!(!starts_with_front_matter(head), "{head:?}");
    }
}

#[test]
fn files_belong_to_pages_by_name_and_folder() {
    let pages = [
        (0, "news/draft.md", "en", "draft".to_string()),
        (1, "news/draft.ru.md", "ru", "draft".to_string()),
        (2, "news/v1.2026.md", "en", "v1.2026".to_string()),
        (3, "news/x.md", "en", "secret-slug".to_string()),
    ];
    let owners = Owners::new(pages.iter().map(|(i, c, l, s)| (*i, *c, *l, s.clone())));
    let of = |rel: &str| -> Vec<Vec<usize>> {
        owners
            .of(rel, false)
            .into_iter()
            .map(<[usize]>::to_vec)
            .collect()
    };
    assert_eq!(of("news/draft.jpg"), [vec![0, 1]]);
    assert_eq!(of("news/draft.ru.pdf"), [vec![1]]);
    assert_eq!(of("news/draft.en.pdf"), [vec![0]]);
    assert_eq!(
        of("news/draft.fa.pdf"),
        [vec![0, 1]],
        "no fa file: the page's"
    );
    assert_eq!(of("news/draft/extra.txt"), [vec![0, 1]]);
    assert_eq!(of("News/DRAFT /deep/er/x.txt"), [vec![0, 1]]);
    assert_eq!(of("news/draft.ru/x.txt"), [vec![1]]);
    assert_eq!(of("news/draft"), [vec![0, 1]]);
    assert_eq!(of("news/v1.2026.pdf"), [vec![2]]);
    assert_eq!(of("news/secret-slug/x.jpg"), [vec![3]]);
    assert_eq!(of("news/secret-slug.jpg"), [vec![3]]);
    assert!(of("news/drafts.jpg").is_empty());
    assert!(of("news/other/draft.jpg").is_empty());
    assert!(of("draft.jpg").is_empty());
    // A page does not belong to itself, only to the folders on its way.
    assert!(owners.of("news/draft.md", true).is_empty());
    assert_eq!(owners.of("news/draft/more.md", true), [&[0, 1][..]]);
}

#[test]
fn the_handbook_lists_every_kind() {
    let doc = include_str!("../../../content/content/reference/output.md");
    let section = doc
        .split("{#published}")
        .nth(1)
        .expect("reference/output.md has a section {#published}");
    for kind in KINDS {
        for ext in kind.exts {
            assert!(
                section.contains(&format!("`.{ext}`")),
                ".{ext} is not in the handbook"
            );
        }
    }
    for name in HOST_FILES {
        assert!(
            section.contains(&format!("`{name}`")),
            "{name} is not in the handbook"
        );
    }
}
