//! Strings: parsing, fallbacks, plural rules, errors at their lines, the built-in theme's completeness.

use super::*;
use chrono::NaiveDate;

fn file(lang: &str, src: &str) -> (String, PathBuf, String) {
    let path = PathBuf::from(format!("i18n/{lang}.ftl"));
    (lang.to_string(), path, src.to_string())
}

fn langs(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

fn builtin(site_langs: &[&str]) -> Strings {
    let (s, errors) = Strings::new(&langs(site_langs), &Strings::builtin_theme_files(), &[]);
    assert!(errors.is_empty(), "built-in theme has problems: {errors:?}");
    s
}

fn count(n: i64) -> [(&'static str, Arg); 1] {
    [("count", Arg::Int(n))]
}

/// The counts whose Russian forms differ: 1 день, 2 дня, 5 дней, 21 день, 1302 дня...
const NUMBERS: [i64; 8] = [1, 2, 5, 21, 1302, 1311, 11, 0];

#[test]
fn theme_plurals_in_every_form() {
    let s = builtin(&["en", "ru", "uk", "fa", "fr"]);
    let ru = NUMBERS.map(|n| s.t("ru", "days-in-custody", &count(n)));
    assert_eq!(
        ru,
        [
            "1 день под стражей",
            "2 дня под стражей",
            "5 дней под стражей",
            "21 день под стражей",
            "1302 дня под стражей",
            "1311 дней под стражей",
            "11 дней под стражей",
            "0 дней под стражей",
        ]
    );
    let uk = NUMBERS.map(|n| s.t("uk", "days-in-custody", &count(n)));
    assert_eq!(
        uk,
        [
            "1 день під вартою",
            "2 дні під вартою",
            "5 днів під вартою",
            "21 день під вартою",
            "1302 дні під вартою",
            "1311 днів під вартою",
            "11 днів під вартою",
            "0 днів під вартою",
        ]
    );
    assert_eq!(s.t("en", "days-in-custody", &count(1)), "1 day in custody");
    assert_eq!(s.t("en", "days-in-custody", &count(0)), "0 days in custody");
    assert_eq!(
        s.t("en", "days-in-custody", &count(1302)),
        "1,302 days in custody"
    );
    assert_eq!(s.t("fr", "age-years", &count(0)), "0 an");
    assert_eq!(s.t("fr", "age-years", &count(2)), "2 ans");
    assert_eq!(s.t("fa", "days-in-custody", &count(5)), "۵ روز در بازداشت");
}

#[test]
fn numbers_in_messages_use_the_locale() {
    let s = builtin(&["en", "ru", "fa"]);
    assert_eq!(s.t("fa", "event-pickets", &count(1302)), "۱٬۳۰۲ تجمع");
    assert_eq!(
        s.t("ru", "event-pickets", &count(13020)),
        "13\u{a0}020 пикетов"
    );
    let page = [("n", Arg::Int(2)), ("total", Arg::Int(14))];
    assert_eq!(s.t("fa", "page-n-of-m", &page), "صفحه ۲ از ۱۴");
}

#[test]
fn dates_in_messages_use_the_message_language() {
    let s = builtin(&["en", "ru", "fa"]);
    let d = [(
        "date",
        Arg::Date(NaiveDate::from_ymd_opt(2015, 7, 29).unwrap_or_default()),
    )];
    assert_eq!(s.t("ru", "published", &d), "Опубликовано 29 июля 2015");
    assert_eq!(s.t("en", "published", &d), "Published 29 July 2015");
    assert_eq!(s.t("fa", "published", &d), "منتشرشده در ۷ مرداد ۱۳۹۴");
}

#[test]
fn no_bidi_isolation_marks() {
    let s = builtin(&["fa", "en"]);
    let out = s.t("fa", "map-png-alt", &[("place", Arg::from("London"))]);
    assert_eq!(out, "نقشه تجمع‌ها: London");
    assert!(!out.contains(['\u{2068}', '\u{2069}']));
}

#[test]
fn fallback_per_key() {
    let theme = [
        file(
            "en",
            "a = A in English\nb = B in English\nonly-en = Only English",
        ),
        file("ru", "a = А по-русски\nb = Б по-русски"),
        file("de", "a = A auf Deutsch"),
    ];
    let (s, errors) = Strings::new(&langs(&["ru", "de", "en"]), &theme, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(s.t("ru", "a", &[]), "А по-русски");
    assert_eq!(s.t("ru", "only-en", &[]), "Only English");
    assert_eq!(
        s.t("de", "b", &[]),
        "Б по-русски",
        "the default language comes before en"
    );
    assert_eq!(s.t("de", "only-en", &[]), "Only English");
    assert_eq!(s.t("ru", "nowhere", &[]), "[nowhere]");
    assert_eq!(
        s.t("xx", "a", &[]),
        "А по-русски",
        "an unknown language gets the default"
    );
    assert!(s.has("ru", "a") && !s.has("ru", "only-en") && !s.has("xx", "a"));
    assert_eq!(s.missing("de"), ["b", "only-en"]);
    assert_eq!(s.keys("ru"), ["a", "b"]);
}

#[test]
fn site_overrides_beat_the_theme() {
    let site = [file("ru", "nav-home = Начало\ncampaign-slogan = Свободу!")];
    let (s, errors) = Strings::new(
        &langs(&["ru", "en"]),
        &Strings::builtin_theme_files(),
        &site,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(s.t("ru", "nav-home", &[]), "Начало");
    assert_eq!(s.t("ru", "campaign-slogan", &[]), "Свободу!");
    assert_eq!(
        s.t("ru", "nav-news", &[]),
        "Новости",
        "the rest of the theme stays"
    );
    assert_eq!(s.t("en", "nav-home", &[]), "Home");
    assert_eq!(s.missing("en"), ["campaign-slogan"]);
}

#[test]
fn a_language_file_serves_its_regional_variants() {
    let theme = [
        file("en", "hi = Hello\nbye = Bye"),
        file("pt", "hi = Olá\nbye = Tchau"),
    ];
    let site = [file("pt-BR", "bye = Falou")];
    let (s, errors) = Strings::new(&langs(&["pt-BR", "en"]), &theme, &site);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(s.t("pt-BR", "hi", &[]), "Olá");
    assert_eq!(s.t("pt-BR", "bye", &[]), "Falou");
}

#[test]
fn broken_file_reports_file_line_and_column_and_keeps_the_rest() {
    let src = "ok = Fine\n# a comment\nbroken = { $count\nafter = Still here\n";
    let site = [file("ru", src)];
    let theme = [file(
        "en",
        "ok = Fine in English\nbroken = Broken in English",
    )];
    let (s, errors) = Strings::new(&langs(&["en", "ru"]), &theme, &site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.path.as_deref(), Some(Path::new("i18n/ru.ftl")));
    assert_eq!(
        (e.line, e.column),
        (Some(3), Some(18)),
        "just after `$count`"
    );
    assert!(!e.is_warning());
    assert!(e.to_string().starts_with("i18n/ru.ftl:3:"), "{e}");
    assert_eq!(s.t("ru", "ok", &[]), "Fine");
    assert_eq!(s.t("ru", "after", &[]), "Still here");
    assert_eq!(s.t("ru", "broken", &[]), "Broken in English");
}

#[test]
fn line_and_column_count_characters_not_bytes() {
    let src = "привет = мир\nключ = { $x ->\n    [one] x\n}\n";
    assert_eq!(line_col(src, src.find("ключ").unwrap_or(0)), (2, 1));
    assert_eq!(line_col(src, src.find("мир").unwrap_or(0)), (1, 10));
    assert_eq!(line_col(src, usize::MAX), (5, 1));
}

#[test]
fn warnings_for_duplicates_and_stray_languages() {
    let site = [
        file("ru", "a = one\nb = two\na = three"),
        file("de", "a = eins"),
    ];
    let (s, errors) = Strings::new(&langs(&["en", "ru"]), &[], &site);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e.is_warning()));
    assert!(
        errors
            .iter()
            .any(|e| e.line == Some(3) && e.message.contains("`a`"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.path.as_deref() == Some(Path::new("i18n/de.ftl")))
    );
    assert_eq!(s.t("ru", "a", &[]), "three");
}

#[test]
fn attributes_and_odd_input_never_panic() {
    let theme = [file("en", "link = Link\n    .title = Open the link\n")];
    let (s, _) = Strings::new(&langs(&["xx", "", "en"]), &theme, &[]);
    assert_eq!(s.t("en", "link.title", &[]), "Open the link");
    assert_eq!(s.t("xx", "link.nope", &[]), "[link.nope]");
    assert_eq!(s.t("", "link", &[("count", Arg::Num(f64::NAN))]), "Link");
    let (empty, errors) = Strings::new(&[], &[], &[]);
    assert!(errors.is_empty());
    assert_eq!(empty.t("en", "x", &[]), "[x]");
    assert!(empty.missing("ru").is_empty());
}

/// Every argument any theme message takes, so a typo in a variable shows as `{$typo}`.
fn all_args() -> Vec<(&'static str, Arg)> {
    let mut args: Vec<(&str, Arg)> = [
        "lang", "tag", "site", "url", "name", "langs", "event", "city", "country", "place",
    ]
    .iter()
    .map(|k| (*k, Arg::from("X")))
    .collect();
    args.extend([
        ("count", Arg::Int(3)),
        ("n", Arg::Int(1)),
        ("total", Arg::Int(2)),
    ]);
    args.push((
        "date",
        Arg::Date(NaiveDate::from_ymd_opt(2015, 7, 29).unwrap_or_default()),
    ));
    args
}

#[test]
fn builtin_theme_is_complete_and_consistent() {
    let s = builtin(&["en", "ru", "uk", "de", "fr", "es", "fa"]);
    let en = s.keys("en");
    assert!(en.len() > 100);
    assert_eq!(s.keys("ru"), en, "Russian is complete");
    assert_eq!(s.keys("uk"), en, "Ukrainian is complete");
    let args = all_args();
    for lang in ["en", "ru", "uk", "de", "fr", "es", "fa"] {
        for key in s.keys(lang) {
            assert!(
                en.contains(&key),
                "{lang} has `{key}`, which en lacks (a typo?)"
            );
            let out = s.t(lang, &key, &args);
            assert!(
                !out.contains('{') && !out.starts_with('['),
                "{lang} {key}: {out}"
            );
        }
    }
}
