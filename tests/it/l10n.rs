//! Translators: `l10n status`, `stub`, `add`, outdated notices, and search in every language.

use crate::harness::*;

#[test]
fn status_shows_translated_missing_and_outdated() {
    let s = Site::small();
    // Translate the news post with the hash of its current text.
    let out = s.run(&["l10n", "stub", "ru"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stub_path = s.path("content/news/first.ru.md");
    let stub = std::fs::read_to_string(&stub_path).expect("stub written");
    assert!(stub.contains("source_hash: \""), "{stub}");
    assert!(stub.contains("draft: true"));
    assert!(
        stub.contains("title: First news"),
        "the original text to translate\n{stub}"
    );
    assert!(
        stub.contains("The verdict came."),
        "the body to translate\n{stub}"
    );
    assert!(!s.path("content/about.ru.md.bak").exists());
    let status = stdout(&s.run(&["l10n", "status", "ru"]));
    assert!(status.contains("in progress"), "{status}");
    // The translator finishes: removes draft, translates.
    std::fs::write(
        &stub_path,
        stub.replace("draft: true\n", "")
            .replace("title: First news", "title: Первая новость"),
    )
    .expect("write");
    let status = stdout(&s.run(&["l10n", "status", "ru"]));
    assert!(
        status.contains(
            "ru (Русский): 3 of 3 pages translated, 0 outdated, 0 missing, 2 without source_hash"
        ),
        "{status}"
    );
    assert!(
        status.contains("content/about.ru.md"),
        "about.ru.md has no source_hash\n{status}"
    );
    // The campaigner edits the original: the translation is now outdated.
    s.write("content/news/first.md", "---\ntitle: First news\ndate: 2014-02-24\ntags: [bolotnaya, verdict]\n---\nThe verdict came, and it was harsh.\n\n## Details {#details}\n\nMore.\n");
    let status = stdout(&s.run(&["l10n", "status", "ru"]));
    assert!(status.contains("1 outdated"), "{status}");
    assert!(status.contains("content/news/first.ru.md"), "{status}");
    // Whitespace alone does not make a translation stale.
    let json = stdout(&s.run(&["l10n", "status", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v[0]["lang"], "ru");
    assert_eq!(v[0]["outdated"], 1);
    assert!(v[1]["strings_missing"].as_array().is_some());
    // Readers see it too, with a link to the original.
    s.build_ok();
    let h = s.out("ru/news/first/index.html");
    assert!(h.contains("Этот перевод мог устареть"), "{h}");
    assert!(
        h.contains("href=\"../../../news/first/\" hreflang=\"en\""),
        "{h}"
    );
}

#[test]
fn reflowing_the_original_does_not_make_translations_stale() {
    let s = Site::small();
    assert!(s.run(&["l10n", "stub", "ru"]).status.success());
    let p = s.path("content/news/first.ru.md");
    let t = std::fs::read_to_string(&p)
        .expect("stub")
        .replace("draft: true\n", "");
    std::fs::write(&p, t).expect("write");
    s.write("content/news/first.md", "---\ntitle:   First news\ndate: 2014-02-24\ntags: [bolotnaya, verdict]\n---\nThe   verdict\ncame.\n\n## Details {#details}\n\nMore.\n");
    let status = stdout(&s.run(&["l10n", "status", "ru"]));
    assert!(status.contains("0 outdated"), "{status}");
}

#[test]
fn stub_never_overwrites() {
    let s = Site::small();
    assert!(s.run(&["l10n", "stub", "fa"]).status.success());
    std::fs::write(
        s.path("content/news/first.fa.md"),
        "---\ntitle: mine\n---\n",
    )
    .expect("write");
    let again = s.run(&["l10n", "stub", "fa"]);
    assert!(
        again.status.success(),
        "nothing missing, nothing written: {}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(s.path("content/news/first.fa.md")).expect("read"),
        "---\ntitle: mine\n---\n"
    );
    assert_eq!(
        s.run(&["l10n", "stub", "de"]).status.code(),
        Some(2),
        "not a site language"
    );
}

#[test]
fn add_starts_a_new_locale() {
    let s = Site::small();
    let out = s.run(&["l10n", "add", "be"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("be: {name: Беларуская}"),
        "{}",
        stdout(&out)
    );
    let ftl = std::fs::read_to_string(s.path("i18n/be.ftl")).expect("ftl written");
    assert!(ftl.contains("# skip-to-content = "), "{ftl}");
    assert!(
        ftl.contains("one, few, many, other"),
        "CLDR plural categories of Belarusian\n{ftl}"
    );
    // The site with the new language builds, and status counts every string as missing.
    s.write(
        "site.yaml",
        &SITE_YAML.replace(
            "  fa: {name: فارسی, dir: rtl}\n",
            "  fa: {name: فارسی, dir: rtl}\n  be: {name: Беларуская}\n",
        ),
    );
    s.build_ok();
    let status = stdout(&s.run(&["l10n", "status", "be"]));
    assert!(status.contains("interface strings missing"), "{status}");
    // Uncommenting one message makes it count.
    std::fs::write(
        s.path("i18n/be.ftl"),
        "skip-to-content = Перайсці да зместу\n",
    )
    .expect("write");
    s.build_ok();
    assert!(s.out("be/index.html").contains("Перайсці да зместу"));
    assert_eq!(
        s.run(&["l10n", "add", "be"]).status.code(),
        Some(2),
        "never overwrites i18n/be.ftl"
    );
    // An RTL language gets dir: rtl.
    assert!(stdout(&s.run(&["l10n", "add", "ar"])).contains("dir: rtl"));
}

#[test]
fn search_index_finds_a_cyrillic_name() {
    let s = Site::small();
    s.write(
        "content/news/gaskarov.ru.md",
        "---\ntitle: Алексей Гаскаров на свободе\n---\nАнтифашист из Жуковского.\n",
    );
    s.build_ok();
    let js = s.out("ru/search/index.js");
    assert!(js.contains("\"гаскаров\":["), "{js}");
    assert!(js.contains("\"жуковского\":["));
    let page = s.out("ru/search/index.html");
    assert!(
        page.contains("<script src=\"index.js\" defer></script>"),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"../../search.js\" defer></script>"),
        "{page}"
    );
    assert!(
        page.contains("id=\"search-nojs\""),
        "the page says what to do without JavaScript"
    );
    assert!(s.exists("search.js"));
    assert!(
        !s.out("index.html").contains("<script"),
        "no script on other pages"
    );
}

#[test]
fn status_gives_the_hash_an_updated_translation_needs() {
    let s = Site::small();
    let json = stdout(&s.run(&["l10n", "status", "ru", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let about = v[0]["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .find(|p| p["page"] == "about.md")
        .expect("about")
        .clone();
    let hash = about["source_hash"].as_str().expect("hash").to_string();
    assert_eq!(hash.len(), 64);
    // Writing that hash into the translation makes it current.
    let p = s.path("content/about.ru.md");
    let t = std::fs::read_to_string(&p).expect("read").replacen(
        "---\n",
        &format!("---\nsource_hash: \"{hash}\"\n"),
        1,
    );
    std::fs::write(&p, t).expect("write");
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&s.run(&["l10n", "status", "ru", "--json"]))).expect("json");
    let about = v[0]["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .find(|p| p["page"] == "about.md")
        .expect("about")
        .clone();
    assert_eq!(about["state"], "up_to_date");
}

#[test]
fn an_outdated_section_text_says_so() {
    let s = Site::small();
    s.write(
        "content/news/_index.md",
        "---\ntitle: News\n---\nAll our news.\n",
    );
    s.write(
        "content/news/_index.ru.md",
        "---\ntitle: Новости\nsource_hash: \"0000\"\n---\nВсе новости.\n",
    );
    s.build_ok();
    assert!(
        s.out("ru/news/index.html")
            .contains("Этот перевод мог устареть")
    );
}
