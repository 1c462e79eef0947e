//! Archives built by hand, byte by byte, to make what `verify` checks differ from what a
//! mirror's `tar` unpacks: every one must be refused, with a line that says why.

use std::fs;

use super::*;

/// A tar stream written header by header, so that any field can be set to anything.
#[derive(Default)]
struct Raw(Vec<u8>);

impl Raw {
    /// An entry with a GNU header like the bundle's (mode 0644, root, fixed time), after
    /// `tweak` has changed what it wants. The checksum is set last.
    fn entry(&mut self, name: &[u8], kind: u8, data: &[u8], tweak: impl FnOnce(&mut tar::Header)) {
        let mut h = tar::Header::new_gnu();
        let slot = &mut h.as_old_mut().name;
        let n = name.len().min(slot.len());
        if let (Some(dst), Some(src)) = (slot.get_mut(..n), name.get(..n)) {
            dst.copy_from_slice(src);
        }
        h.set_entry_type(tar::EntryType::new(kind));
        h.set_size(data.len() as u64);
        h.set_mode(if kind == b'5' { 0o755 } else { 0o644 });
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(MTIME);
        tweak(&mut h);
        h.set_cksum();
        self.0.extend_from_slice(h.as_bytes());
        self.0.extend_from_slice(data);
        let pad = (512 - data.len() % 512) % 512;
        self.0.extend(std::iter::repeat_n(0u8, pad));
    }

    fn file(&mut self, name: &str, data: &[u8]) {
        self.entry(name.as_bytes(), b'0', data, |_| {});
    }

    /// A PAX extended header with these records, each `LEN key=value\n` with the right length.
    fn pax(&mut self, kind: u8, records: &[(&str, &str)]) {
        let mut data = Vec::new();
        for (k, v) in records {
            let body = format!(" {k}={v}\n");
            let mut len = body.len() + 1;
            while format!("{len}").len() + body.len() != len {
                len += 1;
            }
            data.extend_from_slice(format!("{len}{body}").as_bytes());
        }
        self.entry(b"././@PaxHeader", kind, &data, |_| {});
    }

    fn end(mut self) -> Vec<u8> {
        self.0.extend(std::iter::repeat_n(0u8, 1024));
        self.0
    }
}

fn gzip(tar: &[u8]) -> std::result::Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(tar)?;
    Ok(gz.finish()?)
}

/// The signed bundle's entries, rewritten by [`Raw`] (same names, modes and contents).
fn good(f: &Fixture) -> std::result::Result<Raw, Box<dyn std::error::Error>> {
    let mut raw = Raw::default();
    for (path, h, data) in entries(&f.archive)? {
        let kind = h.entry_type().as_byte();
        raw.entry(path.as_bytes(), kind, &data, |_| {});
    }
    Ok(raw)
}

/// Verifies `tar` (gzipped) and returns the report's text; it must not be authentic.
fn refused(
    f: &Fixture,
    name: &str,
    tar: &[u8],
) -> std::result::Result<String, Box<dyn std::error::Error>> {
    let path = f.root.join(format!("{name}.tar.gz"));
    fs::write(&path, gzip(tar)?)?;
    let r = verify(&path, &f.public)?;
    assert!(!r.is_authentic(), "{name}: accepted\n{r}");
    Ok(text(&r))
}

#[test]
fn a_bundle_rewritten_header_by_header_is_still_authentic() -> T {
    let f = signed_bundle()?;
    let path = f.root.join("same.tar.gz");
    fs::write(&path, gzip(&good(&f)?.end())?)?;
    let r = verify(&path, &f.public)?;
    assert!(r.is_authentic(), "{r}");
    // Zero padding after the end blocks is what tar tools write (records of 10 KiB): accepted.
    let mut padded = good(&f)?.end();
    padded.extend(std::iter::repeat_n(0u8, 20 * 512));
    fs::write(&path, gzip(&padded)?)?;
    assert!(verify(&path, &f.public)?.is_authentic());
    Ok(())
}

type Variant = (&'static str, fn(&mut Raw), &'static str);

/// Each variant adds to a good bundle what a mirror's `tar` would unpack differently from a
/// plain reading, and the words the report must say about it.
const VARIANTS: &[Variant] = &[
    (
        "duplicate_file",
        |r| r.file("samizdat-site/index.html", b"<script>steal()</script>"),
        "duplicate in archive: samizdat-site/index.html",
    ),
    (
        "case_twin",
        |r| r.file("samizdat-site/INDEX.html", b"<script>steal()</script>"),
        "names clash in archive: samizdat-site/index.html and samizdat-site/INDEX.html (names that differ only in case",
    ),
    (
        "unicode_twin",
        // `ё` decomposed: `е` and a combining diaeresis; macOS stores both as one name.
        |r| r.file("samizdat-site/заключе\u{308}нные/a b.txt", b"forged"),
        "names clash in archive: samizdat-site/заключённые and samizdat-site/заключе\u{308}нные",
    ),
    (
        "trailing_dot_twin",
        |r| r.file("samizdat-site/index.html.", b"forged"),
        "names clash in archive: samizdat-site/index.html and samizdat-site/index.html.",
    ),
    (
        "folder_under_a_file",
        |r| r.file("samizdat-site/index.html/x", b"x"),
        "names clash in archive: samizdat-site/index.html and samizdat-site/index.html/ (a file and a folder",
    ),
    (
        "folder_entry_over_a_file",
        |r| r.entry(b"samizdat-site/index.html/", b'5', b"", |_| {}),
        "names clash in archive: samizdat-site/index.html and samizdat-site/index.html/",
    ),
    (
        "file_over_a_folder",
        |r| r.file("samizdat-site/css", b"x"),
        "names clash in archive: samizdat-site/css/ and samizdat-site/css (a folder and a file",
    ),
    (
        "pax_path_renames",
        |r| {
            r.pax(b'x', &[("path", "samizdat-site/index.html")]);
            r.file("samizdat-site/harmless.txt", b"<script>steal()</script>");
        },
        "duplicate in archive: samizdat-site/index.html",
    ),
    (
        "gnu_long_name_renames",
        |r| {
            r.entry(
                b"././@LongLink",
                b'L',
                b"samizdat-site/index.html\0",
                |_| {},
            );
            r.file("samizdat-site/harmless.txt", b"<script>steal()</script>");
        },
        "duplicate in archive: samizdat-site/index.html",
    ),
    (
        "long_name_and_pax_path",
        |r| {
            r.entry(b"././@LongLink", b'L', b"samizdat-site/a.txt", |_| {});
            r.pax(b'x', &[("path", "samizdat-site/b.txt")]);
            r.file("samizdat-site/c.txt", b"x");
        },
        "both a GNU long name and a PAX path",
    ),
    (
        "two_long_names",
        |r| {
            r.entry(b"././@LongLink", b'L', b"samizdat-site/a.txt", |_| {});
            r.entry(b"././@LongLink", b'L', b"samizdat-site/b.txt", |_| {});
            r.file("samizdat-site/c.txt", b"x");
        },
        "two GNU long names for one entry",
    ),
    (
        "long_name_with_a_nul",
        |r| {
            r.entry(
                b"././@LongLink",
                b'L',
                b"samizdat-site/a.txt\0../../etc/x",
                |_| {},
            );
            r.file("samizdat-site/c.txt", b"x");
        },
        "a backslash or NUL in the name",
    ),
    (
        "pax_xattr",
        |r| {
            r.pax(b'x', &[("SCHILY.xattr.security.capability", "x")]);
            r.file("samizdat-site/tool", b"x");
        },
        "a PAX header that sets `SCHILY.xattr.security.capability`",
    ),
    (
        "pax_size",
        |r| {
            r.pax(b'x', &[("size", "0")]);
            r.file("samizdat-site/x.txt", b"hidden headers");
        },
        "a PAX header that sets `size`",
    ),
    (
        "pax_owner",
        |r| {
            r.pax(b'x', &[("uname", "www-data")]);
            r.file("samizdat-site/x.txt", b"x");
        },
        "a PAX header that sets `uname`",
    ),
    (
        "pax_sparse_rename",
        |r| {
            r.pax(b'x', &[("GNU.sparse.name", "samizdat-site/index.html")]);
            r.file("samizdat-site/GNUSparseFile.0/x", b"x");
        },
        "a PAX header that sets `GNU.sparse.name`",
    ),
    (
        "pax_twice",
        |r| {
            r.pax(
                b'x',
                &[
                    ("path", "samizdat-site/a.txt"),
                    ("path", "samizdat-site/b.txt"),
                ],
            );
            r.file("samizdat-site/c.txt", b"x");
        },
        "gives `path` twice",
    ),
    (
        "pax_malformed_length",
        |r| {
            // Read by lines, this says path=a; read by its lengths, as tar does, it is broken.
            r.entry(
                b"././@PaxHeader",
                b'x',
                b"99 path=samizdat-site/a.txt\n",
                |_| {},
            );
            r.file("samizdat-site/c.txt", b"x");
        },
        "a malformed PAX header",
    ),
    (
        "pax_global",
        |r| r.pax(b'g', &[("path", "samizdat-site/index.html")]),
        "a PAX global header",
    ),
    (
        "extension_at_the_end",
        |r| r.entry(b"././@LongLink", b'L', b"samizdat-site/a.txt", |_| {}),
        "a long name or PAX header with no file after it",
    ),
    (
        "symlink",
        |r| {
            r.entry(b"samizdat-site/passwd", b'2', b"", |h| {
                let _ = h.set_link_name("/etc/passwd");
            })
        },
        "unsafe entry in archive: samizdat-site/passwd (a symbolic link to /etc/passwd",
    ),
    (
        "hard_link",
        |r| {
            r.entry(b"samizdat-site/shadow", b'1', b"", |h| {
                let _ = h.set_link_name("/etc/shadow");
            })
        },
        "(a hard link to /etc/shadow",
    ),
    (
        "char_device",
        |r| r.entry(b"samizdat-site/null", b'3', b"", |_| {}),
        "(a device file",
    ),
    (
        "block_device",
        |r| r.entry(b"samizdat-site/sda", b'4', b"", |_| {}),
        "(a device file",
    ),
    (
        "fifo",
        |r| r.entry(b"samizdat-site/pipe", b'6', b"", |_| {}),
        "(a named pipe",
    ),
    (
        "contiguous",
        |r| r.entry(b"samizdat-site/c.txt", b'7', b"x", |_| {}),
        "an entry of type `7`",
    ),
    (
        "sparse",
        |r| r.entry(b"samizdat-site/s.txt", b'S', b"", |_| {}),
        "(a sparse file",
    ),
    (
        "volume_label",
        |r| r.entry(b"samizdat-site/v", b'V', b"", |_| {}),
        "an entry of type `V`",
    ),
    (
        "old_gnu_names",
        |r| r.entry(b"samizdat-site/n", b'N', b"", |_| {}),
        "an entry of type `N`",
    ),
    (
        "setuid_file",
        |r| r.entry(b"samizdat-site/x.txt", b'0', b"x", |h| h.set_mode(0o4755)),
        "permissions 4755",
    ),
    (
        "executable_file",
        |r| r.entry(b"samizdat-site/x.html", b'0', b"x", |h| h.set_mode(0o755)),
        "permissions 0755",
    ),
    (
        "world_writable_file",
        |r| r.entry(b"samizdat-site/x.html", b'0', b"x", |h| h.set_mode(0o666)),
        "permissions 0666",
    ),
    (
        "sticky_world_writable_folder",
        |r| r.entry(b"samizdat-site/tmp/", b'5', b"", |h| h.set_mode(0o1777)),
        "permissions 1777",
    ),
    (
        "other_owner",
        |r| {
            r.entry(b"samizdat-site/x.txt", b'0', b"x", |h| {
                h.set_uid(33);
                let _ = h.set_username("www-data");
            })
        },
        "owned by user 33 (www-data), group 0:",
    ),
    (
        "other_group",
        |r| r.entry(b"samizdat-site/x.txt", b'0', b"x", |h| h.set_gid(33)),
        "owned by user 0, group 33:",
    ),
    (
        "folder_with_data",
        |r| r.entry(b"samizdat-site/d/", b'5', &[1u8; 1024], |_| {}),
        "a folder entry that carries data",
    ),
    (
        "dot_slash",
        |r| r.file("./samizdat-site/x.txt", b"x"),
        "not a plain path",
    ),
    (
        "double_slash",
        |r| r.file("samizdat-site//x.txt", b"x"),
        "not a plain path",
    ),
    (
        "file_with_slash",
        |r| r.file("samizdat-site/x.txt/", b"x"),
        "not a plain path",
    ),
    (
        "dot_dot",
        |r| r.file("samizdat-site/../x.txt", b"x"),
        "leads outside the folder",
    ),
    (
        "absolute",
        |r| r.file("/etc/cron.d/x", b"x"),
        "an absolute path",
    ),
    (
        "backslash",
        |r| r.file("samizdat-site\\..\\x", b"x"),
        "a backslash",
    ),
    (
        "not_utf8",
        |r| r.entry(b"samizdat-site/\xff.txt", b'0', b"x", |_| {}),
        "not valid UTF-8",
    ),
];

#[test]
fn every_entry_tar_could_unpack_differently_is_refused() -> T {
    let f = signed_bundle()?;
    for (name, add, says) in VARIANTS {
        let mut raw = good(&f)?;
        add(&mut raw);
        let shown = refused(&f, name, &raw.end())?;
        assert!(
            shown.contains(says),
            "{name}: expected {says:?} in\n{shown}"
        );
        assert!(shown.contains("NOT AUTHENTIC"), "{name}\n{shown}");
    }
    // Nothing was unpacked anywhere.
    assert!(!f.root.join("etc").exists() && !Path::new("/etc/cron.d/x").exists());
    Ok(())
}

#[test]
fn a_second_archive_after_the_end_blocks_is_refused() -> T {
    let f = signed_bundle()?;
    // Another tar after the end: `tar --ignore-zeros` unpacks it.
    let mut two = good(&f)?.end();
    let mut evil = Raw::default();
    evil.file("samizdat-site/evil.js", b"steal()");
    two.extend(evil.end());
    let shown = refused(&f, "two_tars", &two)?;
    assert!(
        shown.contains("not one archive: the archive has data after its end-of-archive marker"),
        "{shown}"
    );
    assert!(shown.contains("do not unpack it"), "{shown}");
    // One zero block, then more entries (GNU tar stops with "A lone zero block"; -i goes on).
    let mut lone = good(&f)?;
    lone.0.extend(std::iter::repeat_n(0u8, 512));
    lone.file("samizdat-site/evil.js", b"steal()");
    let shown = refused(&f, "lone_zero_block", &lone.end())?;
    assert!(
        shown.contains("data after its end-of-archive marker"),
        "{shown}"
    );
    // Stray bytes after the end blocks.
    let mut stray = good(&f)?.end();
    stray.extend_from_slice(b"x");
    assert!(refused(&f, "stray", &stray)?.contains("data after its end-of-archive marker"));
    Ok(())
}

#[test]
fn an_archive_without_its_end_blocks_is_incomplete() -> T {
    let f = signed_bundle()?;
    for (name, zeros) in [("no_end", 0usize), ("one_end_block", 512)] {
        let mut tar = good(&f)?.0;
        tar.extend(std::iter::repeat_n(0u8, zeros));
        let path = f.root.join(format!("{name}.tar.gz"));
        fs::write(&path, gzip(&tar)?)?;
        let err = verify(&path, &f.public)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("end-of-archive marker is missing"),
            "{name}: {err}"
        );
    }
    Ok(())
}

#[test]
fn gzip_framing_must_be_exactly_one_member_with_its_checksum() -> T {
    let f = signed_bundle()?;
    let bytes = fs::read(&f.archive)?;
    let check =
        |name: &str, data: &[u8]| -> std::result::Result<String, Box<dyn std::error::Error>> {
            let path = f.root.join(format!("{name}.tar.gz"));
            fs::write(&path, data)?;
            Ok(match verify(&path, &f.public) {
                Ok(r) => {
                    assert!(!r.is_authentic(), "{name}: accepted\n{r}");
                    text(&r)
                }
                Err(e) => e.to_string(),
            })
        };
    let n = bytes.len();
    let body = bytes.get(..n - 8).ok_or("short")?;
    for (name, data, says) in [
        ("no_trailer", body.to_vec(), "ends too early"),
        (
            "half_trailer",
            bytes.get(..n - 3).ok_or("short")?.to_vec(),
            "ends too early",
        ),
        ("bad_crc", flip(&bytes, n - 8), "checksum does not match"),
        ("bad_size", flip(&bytes, n - 1), "checksum does not match"),
        (
            "second_member",
            [bytes.clone(), gzip(b"evil")?].concat(),
            "a second compressed archive",
        ),
        (
            "one_zero",
            [bytes.as_slice(), &[0]].concat(),
            "1 zero byte after its end",
        ),
        (
            "zeros",
            [bytes.as_slice(), &[0; 512]].concat(),
            "512 zero bytes after its end",
        ),
        (
            "newline",
            [bytes.as_slice(), b"\n"].concat(),
            "1 byte of extra data after its end",
        ),
        (
            "garbage",
            [bytes.as_slice(), b"PK\x03\x04 hidden zip"].concat(),
            "bytes of extra data",
        ),
    ] {
        let shown = check(name, &data)?;
        assert!(
            shown.contains(says),
            "{name}: expected {says:?} in\n{shown}"
        );
    }
    Ok(())
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut v = bytes.to_vec();
    if let Some(b) = v.get_mut(at) {
        *b ^= 0x55;
    }
    v
}

#[test]
fn bundle_refuses_names_one_file_system_would_merge() -> T {
    let tmp = tempfile::tempdir()?;
    let site = site(tmp.path())?;
    write(&site.join("Index.html"), b"other")?;
    let err = bundle(&site, &tmp.path().join("a.tar.gz"), "s", MTIME, None, "")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("Index.html and index.html would be one file"),
        "{err}"
    );
    assert!(!tmp.path().join("a.tar.gz").exists() && !site.join("SHA256SUMS").exists());
    fs::remove_file(site.join("Index.html"))?;
    // A file that a case-insensitive disk would mix up with the file list itself.
    write(&site.join("sha256sums"), b"forged list")?;
    let err = bundle(&site, &tmp.path().join("a.tar.gz"), "s", MTIME, None, "")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("SHA256SUMS"), "{err}");
    Ok(())
}

#[test]
fn long_names_the_bundle_writes_as_gnu_long_names_are_accepted() -> T {
    let tmp = tempfile::tempdir()?;
    let site = site(tmp.path())?;
    let long = format!("{}/{}.html", "папка".repeat(12), "страница".repeat(10));
    write(&site.join(&long), b"deep")?;
    keygen(&tmp.path().join("k"), None)?;
    let archive = tmp.path().join("long.tar.gz");
    bundle(
        &site,
        &archive,
        "samizdat-site",
        MTIME,
        Some((&tmp.path().join("k.key"), None)),
        COMMENT,
    )?;
    // The name does not fit a tar header: the archive carries it in a GNU long-name entry.
    let raw = flate2::read::GzDecoder::new(fs::File::open(&archive)?);
    let mut ar = tar::Archive::new(raw);
    let kinds: Vec<u8> = ar
        .entries()?
        .raw(true)
        .filter_map(|e| e.ok().map(|e| e.header().entry_type().as_byte()))
        .collect();
    assert!(kinds.contains(&b'L'), "{kinds:?}");
    let r = verify(&archive, &tmp.path().join("k.pub"))?;
    assert!(r.is_authentic(), "{r}");
    assert_eq!(r.listed, 6);
    Ok(())
}
