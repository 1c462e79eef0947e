//! In a real browser (headless Chromium, when installed; CI installs it): the search script
//! finds a Cyrillic name in a file:// copy, and the page needs nothing from another host.

use crate::harness::*;
use std::process::Command;

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("SAMIZDAT_REQUIRE_STOCK_TOOLS").is_none(),
            "chromium is required"
        );
        eprintln!("SKIP: chromium is not installed");
    }
    found
}

/// The DOM after scripts ran, of a page opened from disk.
fn dump_dom(browser: &str, url: &str, profile: &std::path::Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn search_finds_a_cyrillic_name_in_an_offline_copy() {
    let Some(browser) = chromium() else { return };
    let s = Site::small();
    s.write(
        "content/news/gaskarov.ru.md",
        "---\ntitle: Алексей Гаскаров на свободе\n---\nАнтифашист из Жуковского.\n",
    );
    let out = s.run(&["bundle", "-o", "b.tar.gz"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        Command::new("tar")
            .args(["xzf", "b.tar.gz"])
            .current_dir(s.root())
            .status()
            .expect("tar")
            .success()
    );
    let page = s.path("example.org/ru/search/index.html");
    let profile = s.path("chromium-profile");
    let dom = dump_dom(
        browser,
        &format!(
            "file://{}?q=%D0%B3%D0%B0%D1%81%D0%BA%D0%B0%D1%80%D0%BE%D0%B2",
            page.display()
        ),
        &profile,
    );
    assert!(dom.contains("Алексей Гаскаров на свободе</a>"), "{dom}");
    assert!(
        dom.contains("href=\"../news/gaskarov/index.html\""),
        "results link to files in the offline copy\n{dom}"
    );
    assert!(
        dom.contains("id=\"search-nojs\" hidden"),
        "the no-JavaScript note hides when the script runs\n{dom}"
    );
}
