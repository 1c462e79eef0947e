//! Incremental updates give the files a clean build gives: each edit below is applied to a copy
//! of the example site, the preview updates what it thinks the edit touches, and the served
//! folder is compared, file by file, with a full build of the edited site.

use super::*;
use std::path::PathBuf;

struct Fixture {
    site_dir: tempfile::TempDir,
    _tmp: tempfile::TempDir,
    opts: BuildOptions,
    site: Site,
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn fixture() -> Fixture {
    let site_dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    copy_dir(&example, site_dir.path());
    let _ = std::fs::remove_dir_all(site_dir.path().join("public"));
    // One page per list page, so that lists and tags have many pages to keep right.
    let yaml = std::fs::read_to_string(site_dir.path().join("site.yaml")).unwrap();
    std::fs::write(
        site_dir.path().join("site.yaml"),
        yaml.replace("paginate: 10", "paginate: 1"),
    )
    .unwrap();
    let opts = BuildOptions {
        root: site_dir.path().to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        live_reload: true,
        now: Some(chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap()),
        ..BuildOptions::default()
    };
    let tmp = tempfile::tempdir().unwrap();
    let (site, _) =
        Site::build(&opts, &Arc::new(Folders::new(tmp.path()))).unwrap_or_else(|e| panic!("{e}"));
    Fixture {
        site_dir,
        _tmp: tmp,
        opts,
        site,
    }
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                crate::util::slash_path(e.path().strip_prefix(dir).unwrap()),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

impl Fixture {
    fn write(&self, rel: &str, text: &str) {
        let p = self.site_dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let p = self.site_dir.path().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(p, f(text)).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.site_dir.path().join(rel)).unwrap();
    }

    /// The watcher's view of a change of these paths of the site.
    fn update(&mut self, rels: &[&str]) -> Outcome {
        let root = self.site_dir.path();
        let paths: Vec<PathBuf> = rels.iter().map(|r| root.join(r)).collect();
        let changes = crate::serve::watch::classify(
            root,
            paths.iter().map(PathBuf::as_path),
            Some(self.site.config()),
            Some(self.site.theme()),
            Some(self.site.out()),
        );
        assert!(!changes.everything, "{rels:?} should not need a full build");
        self.site.update(&changes)
    }

    /// Updates after an edit that does not touch the navigation: not everything is rendered.
    fn rebuilt(&mut self, rels: &[&str]) -> (Vec<String>, bool, &'static str) {
        let r = self.rebuilt_any(rels);
        assert!(!r.1, "{rels:?} rendered every page");
        r
    }

    fn rebuilt_any(&mut self, rels: &[&str]) -> (Vec<String>, bool, &'static str) {
        match self.update(rels) {
            Outcome::Rebuilt {
                paths, all, how, ..
            } => (paths, all, how),
            Outcome::Failed(e) => panic!("update failed:\n{e}"),
        }
    }

    /// What is served is exactly what a clean build of the site holds now: every file that
    /// differs from the clean build's (or is missing) is marked out of date, so that a request
    /// renders it first; rendered, they all equal the clean build's.
    fn assert_same_as_full(&mut self, what: &str) {
        let tmp = tempfile::tempdir().unwrap();
        let (full, _) = Site::build(&self.opts, &Arc::new(Folders::new(tmp.path())))
            .unwrap_or_else(|e| panic!("{e}"));
        let b = snapshot(full.out());
        for pass in ["before", "after"] {
            let a = snapshot(self.site.out());
            let served = self.site.served();
            let only_served: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
            let only_full: Vec<&String> = b
                .keys()
                .filter(|k| !a.contains_key(*k) && !served.is_stale(k))
                .collect();
            let differ: Vec<&String> = a
                .iter()
                .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v) && !served.is_stale(k))
                .map(|(k, _)| k)
                .collect();
            assert!(
                only_served.is_empty() && only_full.is_empty() && differ.is_empty(),
                "after {what} ({pass} rendering what waits): stale files {only_served:?}, \
                 missing files {only_full:?}, different files {differ:?}"
            );
            self.site.flush().unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn incremental_equals_full() {
    let mut f = fixture();
    let verdict = "content/news/2014-02-24-verdict.md";

    // The text of one page, its first paragraph (the summary lists show) included.
    f.edit(verdict, |t| {
        t.replace("A Moscow court", "A Moscow city court")
    });
    let (paths, _, how) = f.rebuilt(&[verdict]);
    assert_eq!(how, "one page's text");
    assert!(
        paths.contains(&"/news/2014-02-24-verdict/".to_string()),
        "{paths:?}"
    );
    // The Russian and Persian versions show their own text or the English one as a fallback.
    // The search index (seconds to rebuild on a big site) waits until it is asked for.
    f.assert_same_as_full("a change of text");

    f.edit(verdict, |t| {
        t.replace("title: Eight Bolotnaya", "title: Eight Bolotnaya Square")
    });
    assert_eq!(f.rebuilt(&[verdict]).2, "content");
    f.assert_same_as_full("a new title");

    f.edit(verdict, |t| {
        t.replace("date: 2014-02-24", "date: 2025-01-01")
    });
    f.rebuilt(&[verdict]);
    f.assert_same_as_full("a new date (the order of lists)");

    f.edit(verdict, |t| {
        t.replace("tags: [bolotnaya, verdicts]", "tags: [bolotnaya, courts]")
    });
    f.rebuilt(&[verdict]);
    f.assert_same_as_full("a tag replaced by another");

    let new = "content/news/2025-02-01-appeal.md";
    f.write(new, "---\ntitle: The appeal is heard\ndate: 2025-02-01\ntags: [courts]\n---\nThe [case](../cases/bolotnaya.md) goes on.\n");
    f.rebuilt(&[new]);
    f.assert_same_as_full("a new page");

    f.edit(new, |t| {
        t.replace(
            "tags: [courts]",
            "tags: [courts]\nslug: appeal-heard\naliases: [/old/appeal/]",
        )
    });
    f.rebuilt(&[new]);
    f.assert_same_as_full("a new slug and alias");

    f.write(
        "content/news/2025-02-01-appeal.ru.md",
        "---\ntitle: Апелляция\n---\nДело продолжается.\n",
    );
    f.rebuilt(&["content/news/2025-02-01-appeal.ru.md"]);
    f.assert_same_as_full("a new translation");

    f.edit(new, |t| {
        t.replace("tags: [courts]", "tags: [courts]\ndraft: true")
    });
    f.rebuilt(&[new]);
    f.assert_same_as_full("a page made a draft");

    f.remove(new);
    f.remove("content/news/2025-02-01-appeal.ru.md");
    f.rebuilt(&[new, "content/news/2025-02-01-appeal.ru.md"]);
    f.assert_same_as_full("pages deleted");

    let gaskarov = "content/prisoners/alexei-gaskarov.md";
    f.edit(gaskarov, |t| {
        t.replace("status: released", "status: sentenced")
    });
    f.rebuilt(&[gaskarov]);
    f.assert_same_as_full("a prisoner's status");

    f.edit("content/cases/bolotnaya.md", |t| {
        t.replacen("title: ", "title: The ", 1)
    });
    f.rebuilt(&["content/cases/bolotnaya.md"]);
    f.assert_same_as_full("a case's title");

    let action = "content/events/days-2014.md";
    f.edit(action, |t| {
        t.replace("{city: Berlin, country: DE", "{city: Hamburg, country: DE")
    });
    f.rebuilt(&[action]);
    f.assert_same_as_full("a picket moved to another city");

    f.edit(action, |t| {
        t.replace("title: International days", "title: Days")
    });
    f.rebuilt(&[action]);
    f.assert_same_as_full("an action's title");

    f.edit("content/events/days-2014.pickets.csv", |t| {
        t.replace("Oslo", "Bergen")
    });
    f.rebuilt(&["content/events/days-2014.pickets.csv"]);
    f.assert_same_as_full("a picket table");

    f.edit("content/news/_index.md", |t| {
        t.replace("title: News", "title: Latest news")
    });
    assert!(f.rebuilt_any(&["content/news/_index.md"]).1);
    f.assert_same_as_full("a section's title (in the navigation)");

    f.edit("content/about.md", |t| {
        t.replacen("title: ", "title: All ", 1)
    });
    let (_, all, _) = f.rebuilt_any(&["content/about.md"]);
    assert!(
        all,
        "a top-level page's title is in every page's navigation"
    );
    f.assert_same_as_full("a top-level page's title");

    let photo = "content/prisoners/nadezhda-example.jpg";
    let bytes = std::fs::read(f.site_dir.path().join(photo)).unwrap();
    std::fs::write(
        f.site_dir.path().join("content/prisoners/extra.pdf"),
        b"%PDF-1.4\n",
    )
    .unwrap();
    f.rebuilt(&["content/prisoners/extra.pdf"]);
    std::fs::write(f.site_dir.path().join(photo), &bytes).unwrap();
    f.rebuilt(&[photo]);
    f.assert_same_as_full("files of content/ added and changed");

    f.write("static/extra.css", "body { color: red }\n");
    let (paths, _, _) = f.rebuilt(&["static/extra.css"]);
    assert_eq!(paths, vec!["/extra.css".to_string()]);
    f.remove("static/extra.css");
    f.rebuilt(&["static/extra.css"]);
    f.assert_same_as_full("a static file added and removed");
}

#[test]
fn a_broken_file_changes_nothing_until_it_is_fixed() {
    let mut f = fixture();
    let rel = "content/prisoners/andrei-pivovarov.md";
    let before = snapshot(f.site.out());
    f.edit(rel, |t| t.replacen("status: ", "status: [", 1));
    match f.update(&[rel]) {
        Outcome::Failed(e) => {
            let e = e.iter().next().cloned().unwrap();
            assert_eq!(e.path.as_deref(), Some(Path::new(rel)));
            assert!(e.line.is_some(), "{e}");
        }
        Outcome::Rebuilt { .. } => panic!("a broken front matter was accepted"),
    }
    assert_eq!(
        snapshot(f.site.out()),
        before,
        "a failed update changed the served files"
    );
    // Another page edited meanwhile waits for the fix too, and both arrive together.
    f.edit("content/news/2024-08-01-exchange.md", |t| {
        t.replace("Hundreds", "Many hundreds")
    });
    assert!(matches!(
        f.update(&["content/news/2024-08-01-exchange.md"]),
        Outcome::Failed(_)
    ));
    f.edit(rel, |t| t.replacen("status: [", "status: ", 1));
    f.rebuilt(&[rel]);
    f.assert_same_as_full("a fixed front matter");

    // A broken link in the text alone is an error too, and its fix is a text change again.
    f.edit(rel, |t| {
        format!("{t}\nSee [the case](../casez/bolotnaya.md).\n")
    });
    assert!(matches!(f.update(&[rel]), Outcome::Failed(_)));
    f.edit(rel, |t| t.replace("](../casez/", "](../cases/"));
    assert_eq!(f.rebuilt(&[rel]).2, "one page's text");
    f.assert_same_as_full("a fixed link");
}

#[test]
fn a_new_slug_reaches_every_list_that_links_to_the_page() {
    let mut f = fixture();
    // The exchange news post's first paragraph links to this prisoner: the news lists, the home
    // page, the tag pages and the feeds show that paragraph in every language.
    let rel = "content/prisoners/andrei-pivovarov.md";
    // A section's own text (above its list, on each of its pages) links to him too.
    let index = "content/cases/_index.md";
    f.edit(index, |t| {
        format!("{t}\nAnd [Andrei Pivovarov](../prisoners/andrei-pivovarov.md), in no case.\n")
    });
    f.rebuilt(&[index]);
    f.assert_same_as_full("a section's text with a link");

    f.edit(rel, |t| {
        t.replacen("---\n", "---\nslug: pivovarov-renamed\n", 1)
    });
    f.rebuilt(&[rel]);
    f.assert_same_as_full("a new slug of a page that other pages' summaries link to");

    // And back: the lists follow the page to its old address again.
    f.edit(rel, |t| t.replacen("slug: pivovarov-renamed\n", "", 1));
    f.rebuilt(&[rel]);
    f.assert_same_as_full("the slug removed again");
}

/// The text of every page the library holds, by file.
fn bodies(site: &Site) -> BTreeMap<String, String> {
    site.content
        .library
        .pages
        .iter()
        .map(|p| (p.rel.clone(), p.body.html.clone()))
        .collect()
}

#[test]
fn a_failed_update_gives_back_every_page_it_borrowed() {
    let mut f = fixture();
    let before = bodies(&f.site);
    // An error the library finds (a date that is none): the pages lent to it come back.
    let news = "content/news/2014-02-24-verdict.md";
    let original = std::fs::read_to_string(f.site_dir.path().join(news)).unwrap();
    f.edit(news, |t| t.replace("date: 2014-02-24", "date: [broken"));
    assert!(matches!(f.update(&[news]), Outcome::Failed(_)));
    assert_eq!(bodies(&f.site), before, "after an error in a page");
    // An error found after the library is made (a city no gazetteer knows): the library is
    // gone with the error, and the pages lent to it are read again.
    let table = "content/events/days-2014.pickets.csv";
    f.write(news, &original);
    f.edit(table, |t| {
        format!("{t}Atlantis-under-the-sea,SE,2014-02-23,12:00,,\n")
    });
    assert!(matches!(f.update(&[news, table]), Outcome::Failed(_)));
    assert_eq!(bodies(&f.site), before, "after an error in a picket table");
    // Fixed, the site is what a clean build makes.
    f.edit(table, |t| {
        t.replace("Atlantis-under-the-sea,SE,2014-02-23,12:00,,\n", "")
    });
    f.rebuilt(&[table]);
    f.assert_same_as_full("errors fixed");
}
