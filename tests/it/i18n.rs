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
