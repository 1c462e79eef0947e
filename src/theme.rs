//! Themes: where templates, theme static files and interface strings come from.
//!
//! Three layers, later ones overriding earlier ones file by file:
//! 1. the default theme built into the binary (`themes/default/` of this repository);
//! 2. the site's theme folder `themes/NAME/` (`theme:` in site.yaml; a site may also keep a
//!    `themes/default/` to override parts of the built-in one);
//! 3. the site's own `templates/` folder, for overriding a template or two without a theme.
//!
//! So a site can change one template, or ship a whole theme, and whatever it leaves out still
//! comes from the default theme.

use crate::config::Config;
use crate::error::{Error, Errors};
use crate::util::slash_path;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The example site's files (for `samizdat init`): path inside the site, bytes.
pub fn example_site() -> &'static [(&'static str, &'static [u8])] {
    embedded::EXAMPLE_SITE
}

/// The built-in theme's files: path inside `themes/default/`, bytes.
pub fn builtin() -> &'static [(&'static str, &'static [u8])] {
    embedded::THEME
}

/// Bytes of a file, from the binary or from disk.
#[derive(Debug, Clone)]
pub enum Source {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}

impl Source {
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Source::Builtin(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Source::Disk(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }

    /// The bytes, refusing a file on disk larger than `limit` before reading it.
    pub fn read_within(
        &self,
        shown: &Path,
        limit: &crate::limits::FileLimit,
    ) -> Result<std::borrow::Cow<'static, [u8]>, Error> {
        match self {
            Source::Builtin(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Source::Disk(p) => crate::limits::read(p, shown, limit).map(std::borrow::Cow::Owned),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Template {
    /// Shown in errors: `themes/default/templates/page.html (built in)` or the site's file.
    pub shown: PathBuf,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`page.html`, `prisoners/page.html`) -> source.
    pub templates: BTreeMap<String, Template>,
    /// Files copied to the output root (`style.css`), before the site's `static/`.
    pub statics: BTreeMap<String, Source>,
    /// Interface strings: (lang, shown path, FTL text).
    pub strings: Vec<(String, PathBuf, String)>,
    /// Templates of new pages for `samizdat new KIND` (`prisoner` -> Markdown with `{title}`).
    pub new_pages: BTreeMap<String, String>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme, Errors> {
        let mut theme = Theme::default();
        let mut errs = Errors::new();
        for (rel, bytes) in builtin() {
            let shown = PathBuf::from(format!("(built-in theme) themes/default/{rel}"));
            theme.add(rel, Source::Builtin(bytes), shown, &mut errs);
        }
        let mut layers = vec![format!("themes/{}", config.theme)];
        if config.theme != "default" {
            layers.insert(0, "themes/default".to_string());
        }
        layers.push("templates".to_string());
        for layer in layers {
            // A real folder of the site only: a link could lead anywhere on the computer.
            match crate::content::publish::site_folder(&config.root, &layer) {
                Ok(Some(dir)) if layer == "templates" => {
                    theme.add_dir(&dir, &config.root, "templates/", &mut errs);
                }
                Ok(Some(dir)) => theme.add_dir(&dir, &config.root, "", &mut errs),
                Ok(None) => {}
                Err(e) => errs.push(e),
            }
        }
        if errs.has_errors() {
            Err(errs)
        } else {
            Ok(theme)
        }
    }

    fn add_dir(&mut self, dir: &Path, root: &Path, prefix: &str, errs: &mut Errors) {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(false)
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errs.push(Error::input(format!("cannot read: {e}")).at(dir));
                    continue;
                }
            };
            if !entry.file_type().is_file()
                || crate::content::ignored::is_ignored(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .map(slash_path)
                .unwrap_or_default();
            let shown = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            self.add(
                &format!("{prefix}{rel}"),
                Source::Disk(entry.path().to_path_buf()),
                shown,
                errs,
            );
        }
    }

    fn add(&mut self, rel: &str, src: Source, shown: PathBuf, errs: &mut Errors) {
        if let Some(name) = rel.strip_prefix("templates/") {
            let read = src.read_within(&shown, &crate::limits::TEMPLATE);
            match read.map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => {
                    self.templates
                        .insert(name.to_string(), Template { shown, text });
                }
                Ok(Err(_)) => errs.push(Error::input("the template is not valid UTF-8").at(shown)),
                Err(e) => errs.push(e),
            }
        } else if let Some(s) = rel.strip_prefix("static/") {
            self.statics.insert(s.to_string(), src);
        } else if let Some(f) = rel.strip_prefix("new/") {
            let Some(kind) = f.strip_suffix(".md") else {
                return;
            };
            let read = src.read_within(&shown, &crate::limits::TEMPLATE);
            if let Ok(Ok(text)) = read.map(|b| String::from_utf8(b.into_owned())) {
                self.new_pages.insert(kind.to_string(), text);
            }
        } else if let Some(f) = rel.strip_prefix("i18n/") {
            let Some(lang) = f.strip_suffix(".ftl") else {
                return;
            };
            let read = src.read_within(&shown, &crate::limits::STRINGS);
            match read.map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => {
                    // Later layers override earlier ones message by message (like the site's
                    // own i18n/ files), so a theme may translate a few strings only.
                    self.strings.push((lang.to_string(), shown, text));
                }
                Ok(Err(_)) => {
                    errs.push(Error::input("the strings file is not valid UTF-8").at(shown))
                }
                Err(e) => errs.push(e),
            }
        }
    }
}
