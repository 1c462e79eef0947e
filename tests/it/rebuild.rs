//! Rebuilds keep unchanged files as they were (same inode, same modification time), so a mirror
//! that syncs the output with rsync moves only what changed; what changed is new.

use crate::harness::{Site, snapshot};
use samizdat::build::{BuildOptions, build};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every file of the output: (inode, modification time in ns).
fn identities(out: &Path) -> BTreeMap<String, (u64, i128)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(out).unwrap().display().to_string();
            let t = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
            (rel, (m.ino(), t))
        })
        .collect()
}

fn example(out: &Path) -> BuildOptions {
    BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        output: Some(out.to_path_buf()),
        now: Some("2026-09-21T12:00:00Z".parse().unwrap()),
        ..Default::default()
    }
}

#[test]
fn a_rebuild_without_changes_touches_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&example(&out)).unwrap_or_else(|e| panic!("{e}"));
    let first = identities(&out);
    let bytes = snapshot(&out);
    // The maps, calendars, pictures, feeds and search files of the example site, all kept.
    assert!(first.keys().any(|k| k.ends_with(".png")) && first.keys().any(|k| k.ends_with(".ics")));
    build(&example(&out)).unwrap_or_else(|e| panic!("{e}"));
    let changed: Vec<_> = identities(&out)
        .into_iter()
        .filter(|(k, v)| first.get(k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        changed.is_empty(),
        "rewritten without a change: {changed:?}"
    );
    assert_eq!(snapshot(&out), bytes);
    // Nothing left beside the output: the old folder went, its files live on in the new one.
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "{beside:?}");
}

#[test]
fn an_edit_rewrites_what_shows_it_and_nothing_else() {
    let s = Site::small();
    s.build_ok();
    let out = s.path("public");
    let first = identities(&out);
    s.write(
        "content/about.md",
        "---\ntitle: About us\n---\nWe are a campaign, and more. See [the news](news/first.md#details).\n",
    );
    s.build_ok();
    let after = identities(&out);
    let changed: Vec<&str> = after
        .iter()
        .filter(|(k, v)| first.get(*k) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect();
    assert!(changed.contains(&"about/index.html"), "{changed:?}");
    assert!(s.out("about/index.html").contains("and more"));
    for kept in ["news/first/index.html", "ru/about/index.html", "style.css"] {
        assert!(!changed.contains(&kept), "{kept} rewritten: {changed:?}");
    }
    // A file of the output edited by hand, even keeping its size, is written afresh.
    let news = out.join("news/first/index.html");
    let mut bytes = std::fs::read(&news).unwrap();
    bytes[0] = b'X';
    std::fs::write(&news, &bytes).unwrap();
    s.build_ok();
    assert!(s.out("news/first/index.html").starts_with('<'));
}

#[test]
fn a_link_planted_in_the_output_is_not_followed_by_the_rebuild() {
    let s = Site::small();
    s.build_ok();
    let out = s.path("public");
    let css = s.out("style.css");
    let outside = s.path("elsewhere.css");
    std::fs::write(&outside, &css).unwrap();
    std::fs::remove_file(out.join("style.css")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("style.css")).unwrap();
    s.build_ok();
    let m = std::fs::symlink_metadata(out.join("style.css")).unwrap();
    assert!(m.is_file(), "the output holds a link");
    assert_ne!(m.ino(), std::fs::metadata(&outside).unwrap().ino());
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), css);
}
