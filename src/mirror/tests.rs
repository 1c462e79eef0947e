//! Tests of the whole mirror workflow; compatibility with the stock tools is in `stock`.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::*;

mod hostile;
mod stock;

type T = std::result::Result<(), Box<dyn std::error::Error>>;

const MTIME: u64 = 1_400_000_000;
const COMMENT: &str = "samizdat bundle: Free the Bolotnaya prisoners";

/// The stock tool `name`, or a SKIP note on stderr and `None`. CI sets
/// `SAMIZDAT_REQUIRE_STOCK_TOOLS=1` so that a missing tool fails instead of skipping.
fn stock(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let package = match name {
            "sha256sum" => "coreutils",
            other => other,
        };
        let note = format!(
            "`{name}` is not on PATH, so compatibility with it is not checked \
             (Debian: `apt-get install -y {package}`)"
        );
        assert!(
            std::env::var_os("SAMIZDAT_REQUIRE_STOCK_TOOLS").is_none(),
            "{note}"
        );
        // Written to the stream itself, which the test harness does not capture, so that the
        // skip shows in a plain `cargo test`.
        let _ = writeln!(std::io::stderr(), "SKIP: {note}");
    }
    found
}

fn run(cmd: &mut Command, stdin: &str) -> std::result::Result<(bool, String), std::io::Error> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut i) = child.stdin.take() {
        i.write_all(stdin.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

fn write(path: &Path, data: &[u8]) -> T {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p)?;
    }
    fs::write(path, data)?;
    Ok(())
}

/// A small built site: nested folders, a space and Cyrillic in names, an empty folder.
fn site(root: &Path) -> std::result::Result<PathBuf, Box<dyn std::error::Error>> {
    let d = root.join("public");
    write(&d.join("index.html"), b"<h1>Free them</h1>\n")?;
    write(&d.join("map/index.html"), b"<svg>pickets</svg>\n")?;
    write(&d.join("css/site.css"), b"body{margin:0}\n")?;
    write(&d.join("ru/index.html"), "<h1>Свободу</h1>\n".as_bytes())?;
    write(&d.join("заключённые/a b.txt"), b"letters\n")?;
    fs::create_dir_all(d.join("empty"))?;
    Ok(d)
}

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    site: PathBuf,
    key: PathBuf,
    public: PathBuf,
    archive: PathBuf,
}

/// A site, an unencrypted key pair and a signed bundle of the site.
fn signed_bundle() -> std::result::Result<Fixture, Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().to_path_buf();
    let site = site(&root)?;
    keygen(&root.join("campaign"), None)?;
    let (key, public) = (root.join("campaign.key"), root.join("campaign.pub"));
    let archive = root.join("site.tar.gz");
    bundle(
        &site,
        &archive,
        "samizdat-site",
        MTIME,
        Some((&key, None)),
        COMMENT,
    )?;
    Ok(Fixture {
        _tmp: tmp,
        root,
        site,
        key,
        public,
        archive,
    })
}

/// Every entry of a .tar.gz: (path, header, content).
type Entries = Vec<(String, tar::Header, Vec<u8>)>;

fn entries(archive: &Path) -> std::result::Result<Entries, Box<dyn std::error::Error>> {
    let gz = flate2::read::GzDecoder::new(fs::File::open(archive)?);
    let mut ar = tar::Archive::new(gz);
    let mut out = Vec::new();
    for e in ar.entries()? {
        let mut e = e?;
        let path = String::from_utf8(e.path_bytes().into_owned())?;
        let header = e.header().clone();
        let mut data = Vec::new();
        e.read_to_end(&mut data)?;
        out.push((path, header, data));
    }
    Ok(out)
}

/// Writes `entries` as a .tar.gz with names set raw, the way a hostile archive would.
fn raw_archive(out: &Path, entries: &[(&str, tar::EntryType, &[u8])]) -> T {
    let gz = flate2::write::GzEncoder::new(fs::File::create(out)?, flate2::Compression::fast());
    let mut b = tar::Builder::new(gz);
    for (name, kind, data) in entries {
        let mut h = tar::Header::new_gnu();
        let slot = &mut h.as_old_mut().name;
        let n = name.len().min(slot.len());
        slot.get_mut(..n)
            .ok_or("name")?
            .copy_from_slice(name.as_bytes().get(..n).ok_or("name")?);
        h.set_entry_type(*kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_uid(0);
        h.set_gid(0);
        if *kind == tar::EntryType::Symlink {
            h.set_link_name("/etc/passwd")?;
        }
        h.set_cksum();
        b.append(&h, *data)?;
    }
    b.into_inner()?.finish()?;
    Ok(())
}

fn text(r: &VerifyReport) -> String {
    r.to_string()
}

#[test]
fn round_trip_archive_and_folder_are_authentic() -> T {
    let f = signed_bundle()?;
    let r = verify(&f.archive, &f.public)?;
    let id = r.key_id.clone();
    assert!(r.is_authentic(), "{r}");
    assert_eq!((r.listed, r.intact), (5, 5));
    let shown = text(&r);
    assert!(
        shown.contains(&format!("signature: good, signed by key ID {id}")),
        "{shown}"
    );
    assert!(shown.contains(COMMENT), "{shown}");
    assert!(shown.contains("result: AUTHENTIC"), "{shown}");
    // The site folder itself now carries SHA256SUMS and its signature.
    let r = verify(&f.site, &f.public)?;
    assert!(r.is_authentic(), "{r}");
    // The public key file is what `minisign -G` writes.
    let public = fs::read_to_string(&f.public)?;
    assert!(public.starts_with(&format!("untrusted comment: minisign public key {id}\nRW")));
    Ok(())
}

#[test]
fn one_changed_byte_names_the_file() -> T {
    let f = signed_bundle()?;
    let page = f.site.join("map/index.html");
    let mut data = fs::read(&page)?;
    if let Some(b) = data.get_mut(3) {
        *b ^= 1;
    }
    fs::write(&page, data)?;
    let r = verify(&f.site, &f.public)?;
    assert!(!r.is_authentic());
    assert_eq!(
        r.problems,
        [Problem::Altered {
            path: "map/index.html".into(),
            note: None
        }]
    );
    assert!(text(&r).contains("altered: map/index.html"), "{r}");
    assert!(text(&r).contains("NOT AUTHENTIC (1 problem)"), "{r}");
    Ok(())
}

#[test]
fn added_and_missing_files_are_reported_in_a_repacked_archive() -> T {
    let f = signed_bundle()?;
    // An attacker repacks the bundle with one page gone and a script added.
    let mut kept: Vec<(String, tar::EntryType, Vec<u8>)> = Vec::new();
    for (path, h, data) in entries(&f.archive)? {
        if path != "samizdat-site/css/site.css" {
            kept.push((path, h.entry_type(), data));
        }
    }
    kept.push((
        "samizdat-site/evil.js".into(),
        tar::EntryType::Regular,
        b"steal()".to_vec(),
    ));
    kept.push(("beside.html".into(), tar::EntryType::Regular, b"x".to_vec()));
    let forged = f.root.join("forged.tar.gz");
    let view: Vec<(&str, tar::EntryType, &[u8])> = kept
        .iter()
        .map(|(p, k, d)| (p.as_str(), *k, d.as_slice()))
        .collect();
    raw_archive(&forged, &view)?;
    let r = verify(&forged, &f.public)?;
    let shown = text(&r);
    assert!(
        matches!(r.signature, SignatureStatus::Good { .. }),
        "{shown}"
    );
    assert!(shown.contains("added: evil.js\n"), "{shown}");
    assert!(shown.contains("missing: css/site.css\n"), "{shown}");
    assert!(
        shown.contains("added: beside.html (outside the site's folder)\n"),
        "{shown}"
    );
    assert!(!r.is_authentic());
    Ok(())
}

#[test]
fn signature_by_another_key_fails() -> T {
    let f = signed_bundle()?;
    keygen(&f.root.join("other"), None)?;
    let r = verify(&f.archive, &f.root.join("other.pub"))?;
    let shown = text(&r);
    assert!(!r.is_authentic());
    assert!(
        shown.contains("signature: BAD: made with key ID"),
        "{shown}"
    );
    assert!(shown.contains(&format!(
        "not with the key you checked against ({})",
        r.key_id
    )));
    Ok(())
}

#[test]
fn tampered_file_list_fails_the_signature() -> T {
    let f = signed_bundle()?;
    // Change a page and its line in SHA256SUMS consistently: only the signature can tell.
    let page = f.site.join("index.html");
    fs::write(&page, "<h1>Forged</h1>\n")?;
    let forged = manifest(&f.site)?;
    fs::write(f.site.join("SHA256SUMS"), forged)?;
    let r = verify(&f.site, &f.public)?;
    assert!(r.problems.is_empty(), "{r}");
    assert!(
        matches!(&r.signature, SignatureStatus::Bad(why) if why.contains("changed after signing")),
        "{r}"
    );
    assert!(!r.is_authentic());
    Ok(())
}

#[test]
fn missing_signature_is_not_authentic() -> T {
    let f = signed_bundle()?;
    fs::remove_file(f.site.join("SHA256SUMS.minisig"))?;
    let r = verify(&f.site, &f.public)?;
    assert_eq!(r.signature, SignatureStatus::Missing);
    assert!(text(&r).contains("signature: MISSING"), "{r}");
    assert!(!r.is_authentic());
    Ok(())
}

#[test]
fn two_bundles_of_the_same_input_are_byte_identical() -> T {
    let tmp = tempfile::tempdir()?;
    let site = site(tmp.path())?;
    let (a, b) = (tmp.path().join("a.tar.gz"), tmp.path().join("b.tar.gz"));
    let sa = bundle(&site, &a, "samizdat-site", MTIME, None, "")?;
    let sb = bundle(&site, &b, "samizdat-site", MTIME, None, "")?;
    assert_eq!(fs::read(&a)?, fs::read(&b)?);
    assert_eq!(sa.archive_sha256, sb.archive_sha256);
    assert_eq!(sa.key_id, None);
    assert!(!site.join("SHA256SUMS.minisig").exists());

    let bytes = fs::read(&a)?;
    // gzip: no file name flag, mtime 0.
    assert_eq!(
        bytes.get(..8),
        Some([0x1f, 0x8b, 8, 0, 0, 0, 0, 0].as_slice())
    );
    let all = entries(&a)?;
    let names: Vec<&str> = all.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "samizdat-site/",
            "samizdat-site/SHA256SUMS",
            "samizdat-site/css/",
            "samizdat-site/css/site.css",
            "samizdat-site/empty/",
            "samizdat-site/index.html",
            "samizdat-site/map/",
            "samizdat-site/map/index.html",
            "samizdat-site/ru/",
            "samizdat-site/ru/index.html",
            "samizdat-site/заключённые/",
            "samizdat-site/заключённые/a b.txt",
        ]
    );
    for (path, h, _) in &all {
        let dir = path.ends_with('/');
        assert_eq!(h.mode()?, if dir { 0o755 } else { 0o644 }, "{path}");
        assert_eq!((h.uid()?, h.gid()?, h.mtime()?), (0, 0, MTIME), "{path}");
        assert_eq!(
            (h.username()?, h.groupname()?),
            (Some(""), Some("")),
            "{path}"
        );
    }
    // A different build time gives a different archive; the site itself is untouched.
    let c = tmp.path().join("c.tar.gz");
    bundle(&site, &c, "samizdat-site", MTIME + 1, None, "")?;
    assert_ne!(fs::read(&a)?, fs::read(&c)?);
    Ok(())
}

#[test]
fn signed_bundles_of_the_same_site_are_byte_identical() -> T {
    let f = signed_bundle()?;
    let again = f.root.join("again.tar.gz");
    bundle(
        &f.site,
        &again,
        "samizdat-site",
        MTIME,
        Some((&f.key, None)),
        COMMENT,
    )?;
    let (a, b) = (fs::read(&f.archive)?, fs::read(&again)?);
    assert!(a == b, "two signed bundles of the same site and key differ");
    assert!(verify(&again, &f.public)?.is_authentic());
    Ok(())
}

#[test]
fn hostile_archive_entries_are_reported_and_never_written() -> T {
    let f = signed_bundle()?;
    let mut good: Vec<(String, tar::EntryType, Vec<u8>)> = entries(&f.archive)?
        .into_iter()
        .map(|(p, h, d)| (p, h.entry_type(), d))
        .collect();
    good.push(("../x".into(), tar::EntryType::Regular, b"escaped".to_vec()));
    good.push((
        "samizdat-site/../../y".into(),
        tar::EntryType::Regular,
        b"escaped".to_vec(),
    ));
    good.push(("/tmp/abs".into(), tar::EntryType::Regular, b"abs".to_vec()));
    good.push((
        "samizdat-site/passwd".into(),
        tar::EntryType::Symlink,
        Vec::new(),
    ));
    good.push((
        "samizdat-site/index.html".into(),
        tar::EntryType::Regular,
        b"second".to_vec(),
    ));
    let hostile = f.root.join("sub/hostile.tar.gz");
    fs::create_dir_all(f.root.join("sub"))?;
    let view: Vec<(&str, tar::EntryType, &[u8])> = good
        .iter()
        .map(|(p, k, d)| (p.as_str(), *k, d.as_slice()))
        .collect();
    raw_archive(&hostile, &view)?;
    let r = verify(&hostile, &f.public)?;
    let shown = text(&r);
    for needle in [
        "unsafe entry in archive: ../x (leads outside the folder (..); do not unpack",
        "unsafe entry in archive: samizdat-site/../../y",
        "unsafe entry in archive: /tmp/abs (an absolute path",
        "unsafe entry in archive: samizdat-site/passwd (a symbolic link to /etc/passwd",
        "duplicate in archive: samizdat-site/index.html",
    ] {
        assert!(shown.contains(needle), "{needle}\n{shown}");
    }
    assert!(!r.is_authentic());
    assert!(!f.root.join("x").exists() && !f.root.join("sub/x").exists());
    assert!(!f.root.join("y").exists() && !Path::new("/tmp/abs").exists());
    Ok(())
}

#[test]
fn encrypted_key_needs_the_right_password() -> T {
    let tmp = tempfile::tempdir()?;
    let pw = "correct horse battery staple";
    let public = keygen(&tmp.path().join("k"), Some(pw))?;
    let key = tmp.path().join("k.key");
    assert!(fs::read_to_string(&key)?.contains("encrypted secret key"));
    let sig = sign(b"data", &key, Some(pw), "t")?;
    assert!(sig.contains("\ntrusted comment: t\n"), "{sig}");
    let err = sign(b"data", &key, Some("wrong"), "t")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("cannot unlock the secret key"), "{err}");
    assert!(err.contains("Wrong password"), "{err}");
    assert!(public.starts_with("untrusted comment: minisign public key "));

    // The signature made with the right password checks out.
    let d = tmp.path().join("d");
    write(&d.join("index.html"), b"x")?;
    let sums = manifest(&d)?;
    fs::write(d.join("SHA256SUMS"), &sums)?;
    fs::write(
        d.join("SHA256SUMS.minisig"),
        sign(sums.as_bytes(), &key, Some(pw), "t")?,
    )?;
    assert!(verify(&d, &tmp.path().join("k.pub"))?.is_authentic());
    Ok(())
}

#[test]
fn keygen_refuses_to_overwrite() -> T {
    let tmp = tempfile::tempdir()?;
    let stem = tmp.path().join("campaign");
    keygen(&stem, None)?;
    let before = fs::read(tmp.path().join("campaign.key"))?;
    let err = keygen(&tmp.path().join("campaign.key"), None)
        .err()
        .ok_or("second keygen succeeded")?;
    assert_eq!(err.kind, crate::error::ErrorKind::Usage);
    assert!(err.to_string().contains("already exists"), "{err}");
    assert!(err.hint.is_some());
    assert_eq!(fs::read(tmp.path().join("campaign.key"))?, before);
    // Only the public half left behind still blocks a new pair.
    fs::remove_file(tmp.path().join("campaign.key"))?;
    assert!(keygen(&stem, None).is_err());
    assert!(!tmp.path().join("campaign.key").exists());
    Ok(())
}

#[test]
fn bundle_refuses_to_archive_into_the_site_or_an_empty_site() -> T {
    let tmp = tempfile::tempdir()?;
    let site = site(tmp.path())?;
    let err = bundle(&site, &site.join("x.tar.gz"), "s", MTIME, None, "").err();
    assert!(
        err.map(|e| e.to_string())
            .unwrap_or_default()
            .contains("inside the folder")
    );
    assert!(!site.join("SHA256SUMS").exists());
    let empty = tmp.path().join("empty");
    fs::create_dir_all(empty.join("sub"))?;
    let err = bundle(&empty, &tmp.path().join("e.tar.gz"), "s", MTIME, None, "").err();
    assert!(
        err.map(|e| e.to_string())
            .unwrap_or_default()
            .contains("holds no files")
    );
    Ok(())
}

#[test]
fn damaged_archive_is_an_error_not_a_panic() -> T {
    let f = signed_bundle()?;
    let bytes = fs::read(&f.archive)?;
    let cut = f.root.join("cut.tar.gz");
    fs::write(&cut, bytes.get(..bytes.len() / 2).ok_or("short")?)?;
    let err = verify(&cut, &f.public)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("damaged or incomplete"), "{err}");
    let empty = f.root.join("empty.tar.gz");
    fs::write(&empty, "")?;
    let err = verify(&empty, &f.public)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("empty or not a tar archive"), "{err}");
    // Garbage where a signature should be.
    fs::write(
        f.site.join("SHA256SUMS.minisig"),
        "untrusted comment: x\nRWQ=\ntrusted comment: \nAA==\n",
    )?;
    let r = verify(&f.site, &f.public)?;
    assert!(matches!(r.signature, SignatureStatus::Bad(_)), "{r}");
    Ok(())
}

#[test]
fn public_key_may_be_its_base64_line_but_never_the_secret_key() -> T {
    let f = signed_bundle()?;
    let public = fs::read_to_string(&f.public)?;
    let bare = f.root.join("bare.pub");
    fs::write(&bare, public.lines().nth(1).ok_or("no key line")?)?;
    assert!(verify(&f.archive, &bare)?.is_authentic());
    let err = verify(&f.archive, &f.key)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("this is a SECRET key"), "{err}");
    Ok(())
}

#[test]
fn copy_without_a_file_list_says_nothing_can_be_checked() -> T {
    let f = signed_bundle()?;
    let bare = f.root.join("bare.tar.gz");
    raw_archive(
        &bare,
        &[("samizdat-site/index.html", tar::EntryType::Regular, b"x")],
    )?;
    let r = verify(&bare, &f.public)?;
    let shown = text(&r);
    assert!(
        shown.contains(
            "missing: SHA256SUMS (the copy has no list of its files, so none of the 1 files"
        ),
        "{shown}"
    );
    assert!(!shown.contains("added:"), "{shown}");
    assert!(!r.is_authentic());
    Ok(())
}
