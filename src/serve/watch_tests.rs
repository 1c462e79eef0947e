//! The watcher against a real folder: names are sorted by what they touch, links are never
//! followed, and a folder replaced or renamed is watched under its new name.

use super::*;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

fn paths(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
    rels.iter().map(|r| root.join(r)).collect()
}

#[test]
fn edits_are_sorted_by_what_they_touch() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let ps = paths(
        root,
        &[
            "content/news/a.md",
            "content/news/.a.md.swp",
            "content/news/a.md~",
            "content/news/.#a.md",
            "content/news/4913",
            "content/news/#a.md#",
            "content/news/a.md___jb_tmp___",
            "content/news/sedAbC123",
            "content/.git/index",
            "static/css/site.css",
            "static/css/.site.css.kate-swp",
            "static/leaflet.pdf.part",
            "public/index.html",
            "README.md",
            ".git/index",
        ],
    );
    let c = classify(root, ps.iter().map(PathBuf::as_path), None, None, None);
    assert!(!c.everything);
    assert_eq!(c.content, BTreeSet::from(["news/a.md".to_string()]));
    assert_eq!(c.statics, BTreeSet::from(["css/site.css".to_string()]));
    for r in [
        "site.yaml",
        "templates/page.html",
        "i18n/ru.ftl",
        "data/groups.yaml",
    ] {
        let p = root.join(r);
        let c = classify(root, [p.as_path()], None, None, None);
        assert!(c.everything, "{r}");
    }
    for r in [
        "themes/other/templates/page.html",
        "templates/page.html~",
        "i18n/.#ru.ftl",
        "data/.groups.yaml.swp",
    ] {
        let p = root.join(r);
        assert!(
            classify(root, [p.as_path()], None, None, None).is_empty(),
            "{r}"
        );
    }
}

/// A watcher on `root` and what it reports, driven as the preview's loop drives it.
struct Watching {
    w: Watcher,
    rx: Receiver<DebounceEventResult>,
    seen: Vec<PathBuf>,
}

impl Watching {
    fn start(root: &Path) -> Watching {
        let (tx, rx) = channel();
        Watching {
            w: Watcher::start(root, tx).unwrap(),
            rx,
            seen: Vec::new(),
        }
    }

    /// Takes batches (settling the watches after each, as the loop does) until `path` is among
    /// the paths reported. Everything reported on the way is kept in `seen`.
    fn until(&mut self, path: &Path) {
        let started = Instant::now();
        loop {
            // A hang detector only: the event comes within milliseconds.
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{} was never reported; seen: {:?}",
                path.display(),
                self.seen
            );
            let Ok(r) = self.rx.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let mut batch = Batch::default();
            batch.add(r);
            while let Ok(more) = self.rx.try_recv() {
                batch.add(more);
            }
            let _ = self.w.settle(&batch);
            let found = batch.paths.iter().any(|p| p == path);
            self.seen.extend(batch.paths);
            if found {
                return;
            }
        }
    }
}

/// Every kind of link a careless edit or an attacker can leave in a folder.
#[cfg(unix)]
fn links(dir: &Path, base: &Path, root: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::symlink;
    let made = [
        ("up", root.to_path_buf()),
        ("base", base.to_path_buf()),
        ("slash", PathBuf::from("/")),
        ("here", PathBuf::from(".")),
        ("loop-a", PathBuf::from("loop-b")),
        ("loop-b", PathBuf::from("loop-a")),
        ("self", PathBuf::from("self")),
        ("dangling", PathBuf::from("nowhere/at/all")),
    ];
    std::fs::create_dir_all(dir).unwrap();
    made.iter()
        .map(|(name, to)| {
            let p = dir.join(name);
            symlink(to, &p).unwrap();
            p
        })
        .collect()
}

/// Whether `p` goes through one of `links` (the link itself may be reported: it was made).
fn through(p: &Path, links: &[PathBuf]) -> bool {
    links.iter().any(|l| p.starts_with(l) && p != l)
}

#[cfg(unix)]
#[test]
fn links_in_watched_folders_are_never_followed() {
    let base = tempfile::tempdir().unwrap();
    let base_path = base.path().canonicalize().unwrap();
    let root = base_path.join("site");
    let outside = base_path.join("outside");
    for d in [
        "content/news",
        "static",
        "templates",
        "i18n",
        "themes/mine",
        "data",
    ] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::create_dir_all(&outside).unwrap();
    // Links there before the start, and links made while watching, in new folders too (notify
    // watches a new folder by walking it).
    let mut all = Vec::new();
    for d in ["content", "static/sub", "templates", "i18n", "themes/mine"] {
        all.extend(links(&root.join(d), &base_path, &root));
    }
    let mut w = Watching::start(&root);
    for d in [
        "content/news/new",
        "static",
        "static/new",
        "i18n/new",
        "data",
    ] {
        all.extend(links(&root.join(d), &base_path, &root));
    }
    let sentinel = root.join("content/news/first.md");
    std::fs::write(&sentinel, "one").unwrap();
    w.until(&sentinel);

    // Writes outside the site (where the preview keeps its own files) are never heard.
    std::fs::write(outside.join("written.txt"), "x").unwrap();
    std::fs::write(root.join("static/real.css"), "body{}").unwrap();
    w.until(&root.join("static/real.css"));
    let followed: Vec<&PathBuf> = w.seen.iter().filter(|p| through(p, &all)).collect();
    assert!(followed.is_empty(), "reported through a link: {followed:?}");
    assert!(
        !w.seen.iter().any(|p| p.starts_with(&outside)),
        "{:?}",
        w.seen
    );

    // Removed again, edits keep being reported under their own names.
    for l in &all {
        std::fs::remove_file(l).unwrap();
    }
    let edit = root.join("content/news/second.md");
    std::fs::write(&edit, "two").unwrap();
    w.until(&edit);
    std::fs::write(root.join("themes/mine/page.html"), "{{ x }}").unwrap();
    w.until(&root.join("themes/mine/page.html"));
    let followed: Vec<&PathBuf> = w.seen.iter().filter(|p| through(p, &all)).collect();
    assert!(followed.is_empty(), "reported through a link: {followed:?}");
}

#[test]
fn a_replaced_or_renamed_folder_is_watched_under_its_name() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("content/news")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    let mut w = Watching::start(&root);

    // content/ moved aside and made again (as a `git checkout` or a sync tool may do).
    std::fs::rename(root.join("content"), root.join("content-old")).unwrap();
    std::fs::create_dir_all(root.join("content/news")).unwrap();
    w.until(&root.join("content"));
    let page = root.join("content/news/x.md");
    std::fs::write(&page, "x").unwrap();
    w.until(&page);
    std::fs::write(root.join("content-old/news/gone.md"), "old").unwrap();

    // A folder inside renamed: its files are reported under the new name.
    std::fs::rename(root.join("content/news"), root.join("content/articles")).unwrap();
    w.until(&root.join("content/articles"));
    let moved = root.join("content/articles/y.md");
    std::fs::write(&moved, "y").unwrap();
    w.until(&moved);

    // A new folder with files made at once: the files are there when the build walks.
    std::fs::create_dir_all(root.join("static/css/deep")).unwrap();
    std::fs::write(root.join("static/css/deep/a.css"), "a").unwrap();
    w.until(&root.join("static/css"));
    let later = root.join("static/css/deep/b.css");
    std::fs::write(&later, "b").unwrap();
    w.until(&later);

    let stale: Vec<&PathBuf> = w
        .seen
        .iter()
        .filter(|p| p.ends_with("gone.md") || p.starts_with(root.join("content/news/y.md")))
        .collect();
    assert!(stale.is_empty(), "reported under an old name: {stale:?}");
}
