//! Languages as readers meet them: translated interface strings, dates, right-to-left.

use crate::harness::*;

#[test]
fn interface_strings_and_dates_follow_the_page_language() {
    let s = Site::small();
    s.build_ok();
    let ru = s.out("ru/news/first/index.html");
    assert!(ru.contains("24 февраля 2014"), "{ru}");
    let fa = s.out("fa/news/first/index.html");
    assert!(
        fa.contains("۱۳۹۲"),
        "Persian calendar and digits in fa dates\n{fa}"
    );
    let en = s.out("news/first/index.html");
    assert!(en.contains("24 February 2014"), "{en}");
}

#[test]
fn a_site_can_override_interface_strings() {
    let s = Site::small();
    s.write("i18n/ru.ftl", "skip-to-content = К тексту\n");
    s.build_ok();
    assert!(s.out("ru/index.html").contains(">К тексту</a>"));
}

/// The language a reader's browser (or screen reader) gives the text at the first place `needle`
/// occurs: the `lang` of the nearest open element around it.
pub(crate) fn lang_at(html: &str, needle: &str) -> Option<String> {
    let end = html.find(needle)?;
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = &html[..end];
    let mut offset = 0;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..close];
        offset += i + 1 + close + 1;
        rest = &html[offset..end];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(at);
            }
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        const VOID: &[&str] = &[
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr",
        ];
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let lang = tag
            .split_once(" lang=\"")
            .and_then(|(_, v)| v.split('"').next())
            .map(str::to_string);
        stack.push((name, lang));
    }
    stack.iter().rev().find_map(|(_, l)| l.clone())
}

#[test]
fn lang_at_reads_the_nearest_lang() {
    let h = r#"<html lang="fa"><body><p lang="en">A <b>B</b></p><p>C<br>D</p></body></html>"#;
    assert_eq!(lang_at(h, "B").as_deref(), Some("en"));
    assert_eq!(lang_at(h, "D").as_deref(), Some("fa"));
}

/// A fallback page: the original's words are marked with its language, the interface around
/// them (the notice, labels, headings) with the page's.
#[test]
fn a_fallback_page_marks_only_the_originals_text_as_english() {
    let s = Site::small();
    s.write(
        "content/prisoners/_index.md",
        "---\ntitle: Prisoners\n---\nPeople in prison.\n",
    );
    s.write(
        "content/texts/_index.md",
        "---\ntitle: TEXTS-TITLE\n---\nOur texts.\n",
    );
    s.write(
        "content/prisoners/ivan.md",
        "---\ntitle: Ivan Petrov\nname: Ivan Petrov\nstatus: detained\narrested: 2012-05-06\n\
         charges: [MASS-RIOTS-CHARGE]\ncity: Moscow\n---\nIVAN-BODY-TEXT\n",
    );
    s.build_ok();
    let fa = s.out("fa/prisoners/ivan/index.html");
    assert!(fa.contains(r#"<html lang="fa" dir="rtl">"#));
    // The notice says so in the page's language, and is marked as such.
    assert_eq!(lang_at(&fa, r#"class="notice""#).as_deref(), Some("fa"));
    // The fact labels are Persian interface strings.
    assert_eq!(lang_at(&fa, "<dt>").as_deref(), Some("fa"), "{fa}");
    assert_eq!(
        lang_at(&fa, r#"id="letters-heading""#).as_deref(),
        Some("fa")
    );
    // The original's words are English, and said to be.
    assert_eq!(lang_at(&fa, "<p>IVAN-BODY-TEXT").as_deref(), Some("en"));
    assert_eq!(lang_at(&fa, "Ivan Petrov</h1>").as_deref(), Some("en"));
    // The section's list: its intro is the original's; its heading is the interface's word.
    let list = s.out("fa/prisoners/index.html");
    assert_eq!(lang_at(&list, "</h1>").as_deref(), Some("fa"), "{list}");
    assert_eq!(
        lang_at(&list, "<p>People in prison.").as_deref(),
        Some("en")
    );
    assert_eq!(lang_at(&list, r#"class="headline""#).as_deref(), Some("fa"));
    // A section of the site's own keeps its original title, marked.
    let news = s.out("fa/texts/index.html");
    assert_eq!(lang_at(&news, "TEXTS-TITLE</h1>").as_deref(), Some("en"));
    assert_eq!(lang_at(&news, r#"class="notice""#).as_deref(), Some("fa"));
    // The Russian copy of the plain page too.
    let ru = s.out("ru/news/first/index.html");
    assert_eq!(lang_at(&ru, r#"class="notice""#).as_deref(), Some("ru"));
    assert_eq!(lang_at(&ru, r#"class="meta""#).as_deref(), Some("ru"));
    assert_eq!(lang_at(&ru, "<p>The verdict came.").as_deref(), Some("en"));
}

/// A translation that leaves facts to its original shows them in the original's language, marked
/// and isolated so that a right-to-left page does not reorder their brackets.
#[test]
fn inherited_values_are_marked_with_the_originals_language() {
    let s = Site::small();
    s.write(
        "content/prisoners/ivan.md",
        "---\ntitle: Ivan Petrov\nname: Ivan Petrov\nstatus: detained\narrested: 2012-05-06\n\
         charges: [MASS-RIOTS (art. 212)]\nsentence: FOUR-YEARS\ncity: Moscow\n\
         timeline:\n  - {date: 2012-05-06, text: ARREST-TEXT}\n\
         letters:\n  address: PRISON-ADDRESS\n  note: LETTER-NOTE\n---\nBody.\n",
    );
    s.write(
        "content/prisoners/ivan.fa.md",
        "---\ntitle: ایوان پتروف\nsentence: چهار سال\n---\nمتن.\n",
    );
    s.write(
        "content/appeals/free.md",
        "---\ntitle: Free them\ndemands: [RELEASE-DEMAND]\nsignatories: [SIGNER-ONE]\n---\nText.\n",
    );
    s.write(
        "content/appeals/free.fa.md",
        "---\ntitle: آزادشان کنید\n---\nمتن.\n",
    );
    s.build_ok();
    let fa = s.out("fa/prisoners/ivan/index.html");
    for inherited in [
        "MASS-RIOTS (art. 212)",
        "Moscow",
        "ARREST-TEXT",
        "PRISON-ADDRESS",
        "LETTER-NOTE",
    ] {
        assert_eq!(
            lang_at(&fa, inherited).as_deref(),
            Some("en"),
            "{inherited}\n{fa}"
        );
    }
    // The translation's own words are its own.
    assert_eq!(lang_at(&fa, "چهار سال").as_deref(), Some("fa"));
    assert!(!fa.contains("FOUR-YEARS"));
    // The same facts on the original are not marked at all.
    let en = s.out("prisoners/ivan/index.html");
    assert_eq!(lang_at(&en, "MASS-RIOTS").as_deref(), Some("en"));
    assert!(!en.contains(r#"dir="ltr"><li>"#), "{en}");
    let appeal = s.out("fa/appeals/free/index.html");
    assert_eq!(lang_at(&appeal, "RELEASE-DEMAND").as_deref(), Some("en"));
    assert_eq!(lang_at(&appeal, "SIGNER-ONE").as_deref(), Some("en"));
    assert_eq!(
        lang_at(&appeal, r#"id="demands-heading""#).as_deref(),
        Some("fa")
    );
    // A fallback copy's facts are the original's too.
    let ru = s.out("ru/prisoners/ivan/index.html");
    assert_eq!(lang_at(&ru, "ARREST-TEXT").as_deref(), Some("en"));
    assert_eq!(lang_at(&ru, "<dt>").as_deref(), Some("ru"));
}

/// With `untranslated: skip`, a language without a profile's translation still counts the person:
/// how many are behind bars is a fact, the same in every language.
#[test]
fn skip_counts_every_prisoner_in_every_language() {
    let s = Site::small();
    s.write("site.yaml", &format!("{SITE_YAML}untranslated: skip\n"));
    s.write(
        "content/prisoners/ivan.md",
        "---\ntitle: Ivan\nstatus: detained\narrested: 2012-05-06\n---\nText.\n",
    );
    s.build_ok();
    let en = s.out("index.html");
    let fa = s.out("fa/index.html");
    assert!(en.contains(r#"id="home-headline""#), "{en}");
    assert!(fa.contains(r#"id="home-headline""#), "{fa}");
    assert!(fa.contains('۱'), "one person, in Persian digits\n{fa}");
    assert!(!fa.contains("۰ "), "{fa}");
    // No link to a prisoners page that this language does not have.
    if !s.exists("fa/prisoners/index.html") {
        assert!(!fa.contains(r#"href="prisoners/""#), "{fa}");
    }
}

/// With `untranslated: skip`, the language switcher and the hreflang alternates of every page
/// lead to pages that exist (tag pages are per language: `fa` has none of `en`'s tags).
#[test]
fn skip_switcher_and_alternates_lead_to_existing_pages() {
    let s = Site::small();
    s.write("site.yaml", &format!("{SITE_YAML}untranslated: skip\n"));
    s.build_ok();
    let public = s.path("public");
    let mut checked = 0;
    for (path, bytes) in snapshot(&public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let dir = std::path::Path::new(&path)
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        let switcher = html
            .split(r#"class="languages""#)
            .nth(1)
            .and_then(|r| r.split("</nav>").next())
            .unwrap_or("");
        let mut hrefs: Vec<String> = switcher
            .split(r#"href=""#)
            .skip(1)
            .filter_map(|h| h.split('"').next())
            .map(|h| match h.strip_prefix('/') {
                Some(abs) => public.join(abs),
                None => public.join(&dir).join(h),
            })
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        for link in html.split(r#"<link rel="alternate" hreflang=""#).skip(1) {
            if let Some(u) = link
                .split(r#"href="https://example.org/"#)
                .nth(1)
                .and_then(|r| r.split('"').next())
            {
                hrefs.push(public.join(u).to_string_lossy().into_owned());
            }
        }
        for h in hrefs {
            let target = std::path::PathBuf::from(&h);
            let file = if h.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(file.exists(), "{path} links to missing {h}");
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} links checked");
}
