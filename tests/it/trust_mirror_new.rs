//! Trust by construction, for mirrors and for `new`: `verify` accepts exactly one archive, and
//! refuses a copy whose unpacked form could differ from what it checked; `new` writes names and
//! front matter that always build, and says what it changed.

use crate::harness::*;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

fn signed_bundle(s: &Site) -> Vec<u8> {
    let keys = s.run(&["keygen", "-o", "camp", "--no-password"]);
    assert!(keys.status.success(), "{}", stderr(&keys));
    let out = s.run(&["bundle", "-o", "site.tar.gz", "--sign", "camp.key"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(s.path("site.tar.gz")).expect("bundle")
}

fn verify(s: &Site, name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    s.write_bytes(name, bytes);
    let out = s.run(&["verify", name, "--key", "camp.pub"]);
    (
        out.status.code(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data).expect("gzip");
    gz.finish().expect("gzip")
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("gunzip");
    out
}

/// A one-file tar archive that puts a script into the site's folder.
fn evil_tar() -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(7);
    h.set_mode(0o644);
    h.set_cksum();
    b.append_data(&mut h, "example.org/evil.js", &b"steal()"[..])
        .expect("tar");
    b.into_inner().expect("tar")
}

#[test]
fn verify_refuses_a_bundle_with_a_second_gzip_member_that_tar_ignore_zeros_unpacks() {
    let s = Site::small();
    let good = signed_bundle(&s);
    let two = [good.clone(), gzip(&evil_tar())].concat();
    let (code, out) = verify(&s, "two.tar.gz", &two);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("the archive has a second compressed archive appended after its end"),
        "{out}"
    );
    assert!(
        out.contains("it is not the file that was signed; do not unpack it"),
        "{out}"
    );
    assert!(out.contains("NOT AUTHENTIC"), "{out}");
    // The attack is real: GNU tar with --ignore-zeros unpacks the script.
    if Command::new("tar").arg("--version").output().is_ok() {
        let dir = s.path("unpacked");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let _ = Command::new("tar")
            .args(["-xzif", "../two.tar.gz"])
            .current_dir(&dir)
            .output();
        assert!(dir.join("example.org/evil.js").exists());
    }
}

#[test]
fn verify_refuses_a_missing_or_wrong_gzip_trailer() {
    let s = Site::small();
    let good = signed_bundle(&s);
    let n = good.len();
    let mut bad_crc = good.clone();
    bad_crc[n - 6] ^= 1;
    let mut bad_size = good.clone();
    bad_size[n - 2] ^= 1;
    for (name, bytes, says) in [
        ("cut8.tar.gz", good[..n - 8].to_vec(), "ends too early"),
        ("cut1.tar.gz", good[..n - 1].to_vec(), "ends too early"),
        ("crc.tar.gz", bad_crc, "checksum does not match"),
        ("size.tar.gz", bad_size, "checksum does not match"),
    ] {
        let (code, out) = verify(&s, name, &bytes);
        assert_eq!(code, Some(1), "{name}: {out}");
        assert!(
            out.contains("the archive is damaged or incomplete") && out.contains(says),
            "{name}: {out}"
        );
        assert!(!out.contains("AUTHENTIC: every file"), "{name}: {out}");
    }
}

#[test]
fn verify_refuses_any_byte_after_the_gzip_member_even_zeros() {
    let s = Site::small();
    let good = signed_bundle(&s);
    for (name, tail, says) in [
        ("z1.tar.gz", &b"\0"[..], "1 zero byte after its end"),
        (
            "z4k.tar.gz",
            &[0u8; 4096][..],
            "4096 zero bytes after its end",
        ),
        (
            "nl.tar.gz",
            &b"\n"[..],
            "1 byte of extra data after its end",
        ),
        (
            "zip.tar.gz",
            &b"PK\x03\x04hidden"[..],
            "10 bytes of extra data",
        ),
    ] {
        let (code, out) = verify(&s, name, &[good.as_slice(), tail].concat());
        assert_eq!(code, Some(1), "{name}: {out}");
        assert!(
            out.contains(says) && out.contains("do not unpack it"),
            "{name}: {out}"
        );
    }
}

#[test]
fn verify_refuses_data_after_the_tar_end_inside_the_gzip_member() {
    let s = Site::small();
    let tar = gunzip(&signed_bundle(&s));
    // A second tar archive after the end blocks, in the same gzip member.
    let (code, out) = verify(
        &s,
        "inner.tar.gz",
        &gzip(&[tar.clone(), evil_tar()].concat()),
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("the archive has data after its end-of-archive marker"),
        "{out}"
    );
    // Zero padding after the end blocks, as tar tools write in records, is fine.
    let padded = [tar.clone(), vec![0u8; 10240]].concat();
    let (code, out) = verify(&s, "padded.tar.gz", &gzip(&padded));
    assert_eq!(code, Some(0), "{out}");
    // So is a plain .tar of the same bundle; and the same rules hold for it.
    let (code, out) = verify(&s, "plain.tar", &tar);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = verify(&s, "plain2.tar", &[tar.clone(), b"x".to_vec()].concat());
    assert_eq!(code, Some(1), "{out}");
    // Without its end blocks, the archive is incomplete.
    let end = tar.len() - tar.iter().rev().take_while(|&&b| b == 0).count();
    let cut = tar[..end.div_ceil(512) * 512].to_vec();
    let (code, out) = verify(&s, "noend.tar.gz", &gzip(&cut));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("end-of-archive marker is missing"), "{out}");
}

#[test]
fn a_fresh_bundle_is_accepted_by_verify_and_by_stock_tar() {
    let s = Site::small();
    signed_bundle(&s);
    let ok = s.run(&["verify", "site.tar.gz", "--key", "camp.pub"]);
    assert!(ok.status.success(), "{}", stdout(&ok));
    if Command::new("tar").arg("--version").output().is_ok() {
        let dir = s.path("unpacked");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let tar = Command::new("tar")
            .args(["-xzf", "../site.tar.gz"])
            .current_dir(&dir)
            .output()
            .expect("tar");
        assert!(tar.status.success(), "{}", stderr(&tar));
        let folder = s.run(&["verify", "unpacked/example.org", "--key", "camp.pub"]);
        assert!(folder.status.success(), "{}", stdout(&folder));
    }
}

#[cfg(unix)]
#[test]
fn verify_of_a_folder_names_links_out_of_it_extra_files_and_pipes() {
    let s = Site::small();
    signed_bundle(&s);
    let dir = s.path("unpacked");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let tar = Command::new("tar")
        .args(["-xzf", "../site.tar.gz"])
        .current_dir(&dir)
        .status()
        .expect("tar");
    assert!(tar.success());
    let top = dir.join("example.org");
    std::os::unix::fs::symlink("/etc/passwd", top.join("passwd")).expect("link");
    std::os::unix::fs::symlink("../../camp.key", top.join("key.txt")).expect("link");
    std::os::unix::fs::symlink("index.html", top.join("home.html")).expect("link");
    // A listed page replaced by a link to itself elsewhere.
    std::fs::remove_file(top.join("about/index.html")).expect("rm");
    std::os::unix::fs::symlink("../index.html", top.join("about/index.html")).expect("link");
    std::fs::write(top.join("tracker.js"), "steal()").expect("write");
    let fifo = Command::new("mkfifo").arg(top.join("pipe")).status();
    let out = s.run(&["verify", "unpacked/example.org", "--key", "camp.pub"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for needle in [
        "added: passwd (a symbolic link to /etc/passwd, outside this folder",
        "added: key.txt (a symbolic link to ../../camp.key, outside this folder",
        "added: home.html (a symbolic link to index.html)",
        "altered: about/index.html (a symbolic link to ../index.html instead of a file)",
        "added: tracker.js",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    if fifo.is_ok_and(|f| f.success()) {
        assert!(text.contains("added: pipe (a named pipe (FIFO)"), "{text}");
    }
}

/// Titles a careless editor or a hostile paste could give.
const TITLES: &[&str] = &[
    "Free them: all",
    "# not a comment",
    "\"Quoted\" and 'single'",
    "- dash",
    "* star",
    "& anchor",
    "! tag",
    "% percent",
    "@ at",
    "` backtick",
    "--- fence",
    "... dots",
    "[seq] {map}",
    "| pipe > more",
    "yes",
    "back\\slash",
    "tab\there",
    "new\nline\r\nbreaks",
    "bell\u{7}\u{1b}[31m",
    "del\u{7f} c1\u{85}\u{9b}",
    "evil\u{202e}gpj.exe",
    "iso\u{2066}late\u{2069} \u{200f}mark",
    "zero\u{200b}width \u{feff}bom",
    "Hangul\u{3164}filler",
    "Свобода политзаключённым",
    "آزادی برای زندانیان سیاسی",
    "می‌خواهم",
    "家人 👩‍👩‍👧 ❤️",
    "{title} {date} {slug}",
    "\u{fffe}nonchar",
];

fn front_title(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("title line");
    line.to_string()
}

#[test]
fn new_then_check_passes_for_every_nasty_title_and_kind() {
    let s = Site::small();
    let kinds = ["page", "prisoner", "event", "appeal", "case", "news"];
    for (i, title) in TITLES.iter().enumerate() {
        let kind = kinds[i % kinds.len()];
        // A word of its own keeps every file name different.
        let title = format!("{title} n{i}");
        // `--`: a title may start with `-`.
        let out = s.run(&["new", kind, "--", &title]);
        assert!(out.status.success(), "{kind} {title:?}: {}", stderr(&out));
        let rel = stdout(&out).trim().to_string();
        assert!(
            !rel.chars().any(|c| c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'
                    | '\u{200e}' | '\u{200f}' | '\u{feff}' | '\u{3164}')),
            "{rel:?}"
        );
        assert!(s.path(&rel).is_file(), "{rel}");
        // Every page kind for one title too.
        if i == 0 {
            for k in kinds {
                let out = s.run(&["new", k, "--lang", "ru", "--", "- Colon: # \" end"]);
                assert!(out.status.success(), "{k}: {}", stderr(&out));
            }
        }
    }
    for args in [&["check"][..], &["check", "--drafts"][..]] {
        let out = s.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let out = s.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn new_strips_control_and_bidi_characters_and_says_what_it_removed() {
    let s = Site::small();
    let out = s.run(&["new", "page", "Free\u{7} the\u{202e} prisoners\nnow"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "note: removed 2 control or invisible characters from the title (U+0007, U+202E)"
        ),
        "{err}"
    );
    assert!(
        err.contains("note: replaced 1 line break or tab in the title with spaces"),
        "{err}"
    );
    assert_eq!(stdout(&out).trim(), "content/free-the-prisoners-now.md");
    let text = std::fs::read_to_string(s.path("content/free-the-prisoners-now.md")).expect("page");
    assert_eq!(front_title(&text), "title: \"Free the prisoners now\"");
    // A bidi override in the middle of a word never reaches a file or folder name.
    let out = s.run(&["new", "news", "report\u{202e}fdp.exe"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "content/news/reportfdpexe.md");
    // An ordinary title says nothing more than before.
    let out = s.run(&["new", "page", "Ivan Petrov"]);
    assert!(!stderr(&out).contains("note:"), "{}", stderr(&out));
}

#[test]
fn new_shortens_a_10_kb_title_at_a_word_and_the_page_builds() {
    let s = Site::small();
    let title = "Свобода политическим заключённым ".repeat(320);
    assert!(title.len() > 10_000);
    let out = s.run(&["new", "news", &title]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = stdout(&out).trim().to_string();
    let name = Path::new(&rel)
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    assert!(name.len() <= 103, "{} bytes: {name}", name.len());
    assert!(
        name.ends_with("заключённым.md")
            || name.ends_with("политическим.md")
            || name.ends_with("свобода.md"),
        "{name}"
    );
    assert!(
        stderr(&out).contains(&format!("note: shortened the file name to {name}")),
        "{}",
        stderr(&out)
    );
    // The title is cut at a word to the longest a build accepts (1,000 characters).
    let text = std::fs::read_to_string(s.path(&rel)).expect("page");
    let kept = front_title(&text);
    let kept = kept.trim_start_matches("title: \"").trim_end_matches('"');
    assert!(title.starts_with(&format!("{kept} ")), "{kept}");
    assert!((900..=1000).contains(&kept.chars().count()), "{kept}");
    assert!(
        stderr(&out).contains("note: shortened the title to"),
        "{}",
        stderr(&out)
    );
    let check = s.run(&["check", "--drafts"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn new_refuses_a_title_with_nothing_to_name_the_file_after() {
    let s = Site::small();
    for title in [
        "\u{202e}\u{200b}\u{7}",
        "   ",
        "---",
        "!!! ???",
        "\u{301}\u{200c}",
    ] {
        let out = s.run(&["new", "page", "--", title]);
        assert_eq!(out.status.code(), Some(2), "{title:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("the title is empty once control and invisible characters are removed")
                || err.contains("the title needs at least one letter or digit"),
            "{title:?}: {err}"
        );
    }
    let pages: Vec<_> = std::fs::read_dir(s.path("content"))
        .expect("content")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pages.len(), 5, "{pages:?}");
}

#[test]
fn new_does_not_take_an_address_the_site_already_uses() {
    let s = Site::small();
    s.write("static/docs/readme.txt", "x");
    for (title, file) in [
        ("Tags", "content/tags-page.md"),
        ("Map", "content/map-page.md"),
        ("RU", "content/ru-page.md"),
        ("News", "content/news-page.md"),
        ("Docs", "content/docs-page.md"),
        ("CON", "content/con-page.md"),
    ] {
        let out = s.run(&["new", "page", title]);
        assert!(out.status.success(), "{title}: {}", stderr(&out));
        assert_eq!(stdout(&out).trim(), file, "{title}");
        assert!(
            stderr(&out).contains("note: named the file"),
            "{}",
            stderr(&out)
        );
    }
    let out = s.run(&["new", "prisoner", "Aux"]);
    assert_eq!(stdout(&out).trim(), "content/prisoners/aux-prisoner.md");
    let check = s.run(&["check", "--drafts"]);
    assert!(check.status.success(), "{}", stderr(&check));
}
