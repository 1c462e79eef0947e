//! The fixture harness: a site in a temp folder, built through the library or the binary.
#![allow(dead_code)]

use samizdat::build::{BuildOptions, BuildReport, build};
use samizdat::error::Errors;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SITE_YAML: &str = "title: {en: Free them all, ru: Свободу всем, fa: آزادی برای همه}
base_url: https://example.org/
default_language: en
languages:
  en: {name: English}
  ru: {name: Русский}
  fa: {name: فارسی, dir: rtl}
";

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site folder with only site.yaml.
    pub fn new(site_yaml: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let s = Site { dir };
        s.write("site.yaml", site_yaml);
        s
    }

    /// A small trilingual site: home, about (en+ru), one news post.
    pub fn small() -> Site {
        let s = Site::new(SITE_YAML);
        s.write(
            "content/_index.md",
            "---\ntitle: Free them all\n---\nThe campaign's home.\n",
        );
        s.write(
            "content/_index.ru.md",
            "---\ntitle: Свободу всем\n---\nГлавная страница кампании.\n",
        );
        s.write("content/about.md", "---\ntitle: About us\n---\nWe are a campaign. See [the news](news/first.md#details).\n");
        s.write(
            "content/about.ru.md",
            "---\ntitle: О нас\n---\nМы — кампания. Читайте [новости](news/first.md#details).\n",
        );
        s.write(
            "content/news/first.md",
            "---\ntitle: First news\ndate: 2014-02-24\ntags: [bolotnaya, verdict]\n---\nThe verdict came.\n\n## Details {#details}\n\nMore.\n",
        );
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove");
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }

    /// Builds through the library into ROOT/public.
    pub fn build(&self) -> Result<BuildReport, Errors> {
        build(&self.options())
    }

    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    pub fn build_err(&self) -> Errors {
        match self.build() {
            Ok(_) => panic!("build succeeded but should have failed"),
            Err(e) => e,
        }
    }

    /// A file of the output, as text.
    pub fn out(&self, rel: &str) -> String {
        let p = self.path("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Runs the real binary with `args` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        samizdat(args, self.root())
    }
}

pub fn samizdat(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env("NO_COLOR", "1")
        .output()
        .expect("run samizdat")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

/// The first error of a build as `path:line: message` for readable assertions.
pub fn first(errs: &Errors) -> samizdat::Error {
    errs.iter()
        .find(|e| !e.is_warning())
        .cloned()
        .expect("an error")
}
