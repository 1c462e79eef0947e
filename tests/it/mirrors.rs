//! Mirrors and privacy: keys, signed bundles that stock tools accept, verification, the mirror
//! list, onion hints, and warnings about content that loads from other hosts.

use crate::harness::*;
use std::path::Path;
use std::process::Command;

fn has(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok()
        || Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("SAMIZDAT_REQUIRE_STOCK_TOOLS").is_none(),
            "{tool} is required"
        );
        eprintln!("SKIP: {tool} is not installed");
    }
    ok
}

fn keys(s: &Site) {
    let out = s.run(&["keygen", "-o", "camp", "--no-password"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(s.path("camp.key").is_file() && s.path("camp.pub").is_file());
}

#[test]
fn keygen_never_overwrites_a_key() {
    let s = Site::small();
    keys(&s);
    let before = std::fs::read(s.path("camp.key")).expect("key");
    let again = s.run(&["keygen", "-o", "camp", "--no-password"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert_eq!(std::fs::read(s.path("camp.key")).expect("key"), before);
}

#[test]
fn a_signed_bundle_verifies_and_one_changed_byte_is_named() {
    let s = Site::small();
    keys(&s);
    let out = s.run(&["bundle", "-o", "site.tar.gz", "--sign", "camp.key"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("site.yaml has no signing_key"),
        "{}",
        stderr(&out)
    );
    // Signing with a key other than the one site.yaml publishes is a mistake worth a warning.
    s.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}signing_key: RWSRbrX4++q+CAP4VbgSH1qkEsIwp6diY+/p8+apKVDsQ5YBTtNxROGc\n"
        ),
    );
    let other = s.run(&["bundle", "-o", "other.tar.gz", "--sign", "camp.key"]);
    assert!(other.status.success(), "{}", stderr(&other));
    assert!(
        stderr(&other).contains("but site.yaml's signing_key"),
        "{}",
        stderr(&other)
    );
    let ok = s.run(&["verify", "site.tar.gz", "--key", "camp.pub"]);
    assert!(ok.status.success(), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("AUTHENTIC"));
    // Unpack, change one byte, verify the folder.
    let dir = s.path("unpacked");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let tar = Command::new("tar")
        .args(["xzf", "../site.tar.gz"])
        .current_dir(&dir)
        .status()
        .expect("tar");
    assert!(tar.success());
    let top = dir.join("example.org");
    let page = top.join("about/index.html");
    let mut bytes = std::fs::read(&page).expect("page");
    bytes[100] ^= 1;
    std::fs::write(&page, bytes).expect("write");
    let bad = s.run(&["verify", "unpacked/example.org", "--key", "camp.pub"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).contains("about/index.html"),
        "{}",
        stdout(&bad)
    );
}

#[test]
fn stock_minisign_and_sha256sum_accept_a_bundle() {
    let s = Site::small();
    keys(&s);
    assert!(
        s.run(&["bundle", "-o", "site.tar.gz", "--sign", "camp.key"])
            .status
            .success()
    );
    let dir = s.path("x");
    std::fs::create_dir_all(&dir).expect("mkdir");
    assert!(
        Command::new("tar")
            .args(["xzf", "../site.tar.gz"])
            .current_dir(&dir)
            .status()
            .expect("tar")
            .success()
    );
    let top = dir.join("example.org");
    if has("sha256sum") {
        let c = Command::new("sha256sum")
            .args(["-c", "--quiet", "SHA256SUMS"])
            .current_dir(&top)
            .output()
            .expect("sha256sum");
        assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stdout));
    }
    if has("minisign") {
        let pubkey = s.path("camp.pub");
        let v = Command::new("minisign")
            .args(["-Vm", "SHA256SUMS", "-p"])
            .arg(&pubkey)
            .current_dir(&top)
            .output()
            .expect("minisign");
        assert!(
            v.status.success(),
            "{}{}",
            String::from_utf8_lossy(&v.stdout),
            String::from_utf8_lossy(&v.stderr)
        );
    }
}

#[test]
fn unsigned_bundles_of_the_same_site_are_byte_identical() {
    let s = Site::small();
    assert!(s.run(&["bundle", "-o", "a.tar.gz"]).status.success());
    assert!(s.run(&["bundle", "-o", "b.tar.gz"]).status.success());
    assert_eq!(
        std::fs::read(s.path("a.tar.gz")).expect("a"),
        std::fs::read(s.path("b.tar.gz")).expect("b")
    );
}

/// Every relative link of every page of an unpacked offline copy names a file that exists.
fn assert_links_resolve(top: &Path) {
    let mut checked = 0;
    for (rel, bytes) in snapshot(top) {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let page = top.join(&rel);
        let dir = page.parent().expect("dir");
        for (a, b) in samizdat::output::urls::attr_values_all(&html) {
            let v = &html[a..b];
            if v.starts_with('#') || v.contains("://") || v.starts_with("mailto:") || v.is_empty() {
                continue;
            }
            let path = v.split(['#', '?']).next().unwrap_or("");
            assert!(
                !path.ends_with('/'),
                "{rel}: {v} does not name a file (offline copies need index.html)"
            );
            let target = dir.join(path.replace("%20", " "));
            assert!(
                target.is_file(),
                "{rel}: {v} -> {} is missing",
                target.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn the_offline_form_works_from_a_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let out = samizdat(
        &[
            "bundle",
            "--root",
            root.to_str().expect("utf-8"),
            "-o",
            dir.path().join("b.tar.gz").to_str().expect("utf-8"),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        Command::new("tar")
            .args(["xzf", "b.tar.gz"])
            .current_dir(dir.path())
            .status()
            .expect("tar")
            .success()
    );
    assert_links_resolve(&dir.path().join("bolotnaya.example.org"));
}

#[test]
fn the_mirror_list_and_the_onion_hint() {
    let s = Site::small();
    s.write("site.yaml", &format!("{SITE_YAML}signing_key: RWSRbrX4++q+CAP4VbgSH1qkEsIwp6diY+/p8+apKVDsQ5YBTtNxROGc\nmirrors:\n  - {{url: https://mirror.example.net/, name: A volunteer}}\n  - {{url: \"http://exampleexampleexampleexampleexampleexampleexampleexamp.onion/\"}}\n"));
    s.build_ok();
    for lang in ["", "ru/", "fa/"] {
        let h = s.out(&format!("{lang}mirrors/index.html"));
        assert!(
            h.contains("https://mirror.example.net/") && h.contains("A volunteer"),
            "{h}"
        );
        assert!(h.contains("RWSRbrX4++q+"));
    }
    let json: serde_json::Value = serde_json::from_str(&s.out("mirrors.json")).expect("json");
    assert_eq!(json["mirrors"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["mirrors"][2]["onion"], serde_json::Value::Bool(true));
    // Tor Browser's Onion-Location is an HTTP header: written for the hosts that read these files.
    let htaccess = s.out(".htaccess");
    assert!(htaccess.contains("Header set Onion-Location \"http://exampleexampleexampleexampleexampleexampleexampleexamp.onion%{REQUEST_URI}s\""), "{htaccess}");
    assert!(s.out("_headers").contains(
        "Onion-Location: http://exampleexampleexampleexampleexampleexampleexampleexamp.onion/"
    ));
    let about = s.out("ru/about/index.html");
    assert!(
        about.contains("href=\"../mirrors/\""),
        "the footer links the mirrors"
    );
    // A volunteer's own build keeps the campaign's site first, and adds its own address.
    let out = s.run(&["build", "--base-url", "https://copy.example.com/campaign/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&s.out("mirrors.json")).expect("json");
    let urls: Vec<(&str, bool)> = json["mirrors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| (m["url"].as_str().unwrap_or(""), m["main"] == true))
        .collect();
    assert_eq!(urls.first().map(|u| u.1), Some(true), "{urls:?}");
    assert_ne!(urls[0].0, "https://copy.example.com/campaign/", "{urls:?}");
    assert_eq!(json["base_url"], urls[0].0, "{json}");
    assert!(
        urls.contains(&("https://copy.example.com/campaign/", false)),
        "{urls:?}"
    );
    assert_eq!(urls.len(), 4, "{urls:?}");
}

#[test]
fn check_warns_about_content_loading_from_other_hosts() {
    let s = Site::small();
    s.write("content/news/tracked.md", "---\ntitle: Tracked\n---\nText.\n\n![x](https://img.example.com/p.jpg)\n\n<iframe src=\"https://video.example.org/embed/1\"></iframe>\n");
    let out = s.run(&["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings do not fail: {err}");
    assert!(
        err.contains(
            "content/news/tracked.md:6:1: warning: this loads an image from img.example.com"
        ),
        "{err}"
    );
    assert!(err.contains("content/news/tracked.md:8:"), "{err}");
    assert!(err.contains("video.example.org"), "{err}");
    assert_eq!(s.run(&["check", "--strict"]).status.code(), Some(1));
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}privacy: {{allow: [img.example.com, video.example.org]}}\n"),
    );
    let out = s.run(&["check", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    s.build_ok();
    let csp = s.out("news/tracked/index.html");
    assert!(
        csp.contains("frame-src &#39;self&#39; https://img.example.com https://video.example.org;"),
        "{csp}"
    );
}

#[test]
fn check_warns_about_templates_that_load_from_other_hosts() {
    let s = Site::small();
    s.write(
        "templates/partials/footer.html",
        "<footer><script src=\"https://cdn.example.com/track.js\"></script></footer>",
    );
    let err = stderr(&s.run(&["check"]));
    assert!(
        err.contains("this loads a script from cdn.example.com"),
        "{err}"
    );
}

#[test]
fn every_page_sends_a_strict_content_security_policy() {
    let s = Site::small();
    s.build_ok();
    for (rel, bytes) in snapshot(&s.path("public")) {
        if rel.ends_with(".html") {
            let h = String::from_utf8_lossy(&bytes);
            assert!(
                h.contains(
                    "http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;"
                ),
                "{rel}"
            );
            assert!(
                h.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
                "{rel}"
            );
        }
    }
}

#[test]
fn copies_of_pages_and_working_files_are_never_published_by_accident() {
    let s = Site::small();
    let page = "---\ntitle: Public\nprivate: {source: CANARY-7731}\n---\nText.\n";
    s.write("content/news/public.md", page);
    // A merge tool's leftover, a backup, vim's probe file. (A page with the wrong extension is
    // an error: see publish.rs.)
    s.write("content/news/public.md.orig", page);
    s.write("content/news/public.md.bak", page);
    s.write("content/news/4913", "");
    // The spreadsheet the pickets came from, and a leaflet a page links to.
    s.write("content/news/contacts.ods", "phone numbers CANARY-7731");
    s.write("content/news/leaflet.docx", "leaflet");
    s.write(
        "content/news/linked.md",
        "---\ntitle: Leaflet\n---\n[Print the leaflet](leaflet.docx).\n",
    );
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for f in ["public.md.orig", "public.md.bak", "contacts.ods"] {
        assert!(!s.exists(&format!("news/{f}")), "{f} was published");
        assert!(
            err.contains(&format!("content/news/{f}: warning: not published")),
            "{f}: {err}"
        );
    }
    assert!(!s.exists("news/4913"));
    assert!(
        s.exists("news/leaflet.docx"),
        "a linked document is published"
    );
    for (name, bytes) in snapshot(&s.path("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("CANARY-7731"),
            "{name} leaks"
        );
    }
}

#[test]
fn check_warns_about_style_sheets_html_and_svg_files_that_load_from_other_hosts() {
    let s = Site::small();
    s.write(
        "static/extra.css",
        "body {\n  background: url(\"https://css.example.com/bg.png\");\n}\n@import \"https://imp.example.com/a.css\";\n",
    );
    s.write(
        "static/leaflet.html",
        "<!doctype html>\n<p>Print me</p>\n<img src=\"https://statichtml.example.com/x.png\" alt=\"\">\n",
    );
    s.write(
        "content/news/pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<image href=\"https://svg.example.com/i.png\"/>\n</svg>\n",
    );
    let out = s.run(&["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings do not fail: {err}");
    for expected in [
        "static/extra.css:2: warning: this loads a style (font, image or style sheet) from css.example.com",
        "static/extra.css:4: warning: this loads a style (font, image or style sheet) from imp.example.com",
        "static/leaflet.html:3: warning: this loads an image from statichtml.example.com",
        "content/news/pic.svg:2: warning: this loads an image from svg.example.com",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert_eq!(s.run(&["check", "--strict"]).status.code(), Some(1));
}
