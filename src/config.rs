//! `site.yaml`: the schema (SPEC §2), read with serde_yaml into typed values and validated.
//!
//! Unknown keys are errors naming the key, its line and the nearest valid key. Values that may
//! differ per language (`title: {en: …, ru: …}`) are [`Localized`]. Everything a later stage needs
//! to know about languages (order, direction, which is the default) is settled here.

use crate::error::{Error, Errors, nearest};
use crate::yaml::{self, Positions};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A text given once for every language, or per language.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Localized {
    One(String),
    PerLanguage(IndexMap<String, String>),
}

impl Localized {
    /// The text in `lang`, else in `default` language, else the first one given.
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> &'a str {
        match self {
            Localized::One(s) => s,
            Localized::PerLanguage(m) => m
                .get(lang)
                .or_else(|| m.get(default))
                .or_else(|| m.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    #[default]
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// What a language without a translation of a page gets.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// The default-language text, marked as such, with a notice in the page's language.
    #[default]
    Fallback,
    /// No page in that language.
    Skip,
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub email: Option<String>,
    pub telegram: Option<String>,
    pub signal: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.telegram.is_none() && self.signal.is_none()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mirror {
    pub url: String,
    pub name: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    #[serde(default)]
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageRaw {
    name: Option<String>,
    #[serde(default)]
    dir: Dir,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Localized,
    description: Option<Localized>,
    base_url: String,
    #[serde(default = "default_en")]
    default_language: String,
    #[serde(default)]
    languages: IndexMap<String, Option<LanguageRaw>>,
    #[serde(default)]
    untranslated: Untranslated,
    #[serde(default = "yes")]
    relative_urls: bool,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    contact: Contact,
    #[serde(default)]
    mirrors: Vec<Mirror>,
    timezone: Option<String>,
    signing_key: Option<String>,
    #[serde(default)]
    privacy: Privacy,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default)]
    also_publish: Vec<String>,
}

fn default_en() -> String {
    "en".into()
}
fn yes() -> bool {
    true
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate() -> usize {
    20
}

/// One site language, in the order of the language switcher.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub dir: Dir,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder.
    pub root: PathBuf,
    /// The site.yaml file, for messages.
    pub file: PathBuf,
    pub title: Localized,
    pub description: Option<Localized>,
    /// Always ends with `/`. A mirror's `--base-url` replaces it.
    pub base_url: String,
    /// The campaign's own address, base_url as site.yaml gives it (a mirror's copy still names
    /// the campaign's site first in its list of mirrors).
    pub campaign_url: String,
    pub default_language: String,
    /// In switcher order.
    pub languages: Vec<Language>,
    pub untranslated: Untranslated,
    pub relative_urls: bool,
    pub theme: String,
    pub contact: Contact,
    pub mirrors: Vec<Mirror>,
    pub timezone: Option<chrono_tz::Tz>,
    pub signing_key: Option<String>,
    pub privacy: Privacy,
    pub paginate: usize,
    /// File names and `*.EXT` patterns published besides the kinds samizdat publishes by itself.
    pub also_publish: Vec<String>,
}

impl Config {
    /// Reads `ROOT/site.yaml`.
    pub fn load(root: &Path) -> Result<Config, Errors> {
        let on_disk = root.join("site.yaml");
        // Messages name files from the site's folder (the command layer prefixes --root).
        let file = PathBuf::from("site.yaml");
        if let Err(e) = std::fs::metadata(&on_disk)
            && e.kind() == std::io::ErrorKind::NotFound
        {
            return Err(Error::usage(format!("no site.yaml in {}", root.display()))
                .hint("run samizdat in a site's folder, pass --root DIR, or create a site with `samizdat init DIR`")
                .into());
        }
        let src = crate::limits::read(&on_disk, &file, &crate::limits::YAML)?;
        let src = String::from_utf8(src).map_err(|e| {
            Error::input("site.yaml is not valid UTF-8")
                .at(&file)
                .hint(format!(
                    "re-save it as UTF-8 (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ))
        })?;
        Config::parse(&src, root, &file)
    }

    /// Parses the text of a site.yaml; `file` is used in messages only.
    pub fn parse(src: &str, root: &Path, file: &Path) -> Result<Config, Errors> {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let raw: Raw = yaml::parse_all(src, file, 0)?;
        let pos = Positions::of(src);
        let mut errs = Errors::new();
        let err = |key: &str, msg: String| {
            let (l, c) = pos.get(key).unzip();
            Error::input(msg).at(file).pos(l, c)
        };

        let default_language = raw.default_language.clone();
        let mut languages = Vec::new();
        if raw.languages.is_empty() {
            languages.push(Language {
                code: default_language.clone(),
                name: default_language.clone(),
                dir: Dir::Ltr,
            });
        }
        for (code, l) in &raw.languages {
            if !looks_like_language_code(code) {
                errs.push(
                    err(
                        &format!("languages.{code}"),
                        format!("`{code}` is not a language code"),
                    )
                    .hint("use a BCP 47 code such as en, ru, uk, fa or pt-BR"),
                );
            }
            let l = l.clone().unwrap_or(LanguageRaw {
                name: None,
                dir: Dir::Ltr,
            });
            languages.push(Language {
                code: code.clone(),
                name: l.name.unwrap_or_else(|| code.clone()),
                dir: l.dir,
            });
        }
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        if !codes.contains(&default_language.as_str()) {
            let mut e = err(
                "default_language",
                format!(
                    "default_language `{default_language}` is not one of the languages ({})",
                    codes.join(", ")
                ),
            );
            e = e.hint(match nearest(&default_language, codes.iter().copied()) {
                Some(n) => {
                    format!("did you mean `{n}`? Or add `{default_language}` under languages:")
                }
                None => format!("add `{default_language}` under languages:"),
            });
            errs.push(e);
        }

        let check_localized = |key: &str, v: &Localized, errs: &mut Errors| {
            if let Localized::PerLanguage(m) = v {
                for lang in m.keys() {
                    if !codes.contains(&lang.as_str()) {
                        errs.push(
                            err(
                                &format!("{key}.{lang}"),
                                format!(
                                    "`{key}` has a text for `{lang}`, which is not a site language"
                                ),
                            )
                            .hint(format!("site languages: {}", codes.join(", "))),
                        );
                    }
                }
                if !m.contains_key(&default_language) {
                    errs.push(err(
                        key,
                        format!(
                            "`{key}` has no text for the default language `{default_language}`"
                        ),
                    ));
                }
            }
        };
        check_localized("title", &raw.title, &mut errs);
        if let Some(d) = &raw.description {
            check_localized("description", d, &mut errs);
        }

        let base_url = normalize_base_url(&raw.base_url);
        if base_url.is_none() {
            errs.push(
                err("base_url", format!("base_url `{}` is not an http:// or https:// address", raw.base_url))
                    .hint("write the site's public address, e.g. https://example.org/ (mirrors set their own with --base-url)"),
            );
        }
        for (i, m) in raw.mirrors.iter().enumerate() {
            if normalize_base_url(&m.url).is_none() {
                errs.push(err(
                    &format!("mirrors.{i}.url"),
                    format!(
                        "mirror url `{}` is not an http:// or https:// address",
                        m.url
                    ),
                ));
            }
        }
        let timezone = match &raw.timezone {
            None => None,
            Some(tz) => match tz.parse::<chrono_tz::Tz>() {
                Ok(t) => Some(t),
                Err(_) => {
                    let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
                    let mut e = err("timezone", format!("`{tz}` is not an IANA time zone"));
                    e = e.hint(match nearest(tz, names) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "use a name like Europe/Moscow or America/New_York".into(),
                    });
                    errs.push(e);
                    None
                }
            },
        };
        for (i, p) in raw.also_publish.iter().enumerate() {
            if let Err(why) = crate::content::publish::check_pattern(p) {
                errs.push(
                    err(&format!("also_publish.{i}"), why)
                        .hint("write a file name (`CNAME`) or `*.` and an extension (`*.gpx`)"),
                );
            }
        }
        if raw.paginate == 0 {
            errs.push(err("paginate", "paginate must be at least 1".into()));
        }
        if raw.theme != "default" && !root.join("themes").join(&raw.theme).is_dir() {
            errs.push(
                err("theme", format!("theme `{}` not found", raw.theme)).hint(format!(
                    "create themes/{}/ in the site, or use `theme: default`",
                    raw.theme
                )),
            );
        }
        if !crate::util::is_contained(Path::new(&raw.theme)) || raw.theme.contains('/') {
            errs.push(err(
                "theme",
                "the theme is a folder name under themes/, without slashes".into(),
            ));
        }

        if errs.has_errors() {
            return Err(errs.sorted());
        }
        Ok(Config {
            root: root.to_path_buf(),
            file: file.to_path_buf(),
            title: raw.title,
            description: raw.description,
            campaign_url: base_url.clone().unwrap_or_default(),
            base_url: base_url.unwrap_or_default(),
            default_language,
            languages,
            untranslated: raw.untranslated,
            relative_urls: raw.relative_urls,
            theme: raw.theme,
            contact: raw.contact,
            mirrors: raw.mirrors,
            timezone,
            signing_key: raw.signing_key,
            privacy: raw.privacy,
            paginate: raw.paginate,
            also_publish: raw.also_publish,
        })
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// Languages in switcher order, as codes.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// The URL prefix of a language: `/` for the default language, `/ru/` for others.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            "/".into()
        } else {
            format!("/{lang}/")
        }
    }

    /// The path part of base_url (`/` or `/sub/`), for sites served from a sub-folder.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map(|x| x.1).unwrap_or("");
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }

    /// Replaces base_url (a mirror's own address, `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Error> {
        self.base_url = normalize_base_url(url).ok_or_else(|| {
            Error::usage(format!(
                "--base-url `{url}` is not an http:// or https:// address"
            ))
        })?;
        Ok(())
    }

    /// The host of base_url (`example.org`), for calendar UIDs and bundle names.
    pub fn host(&self) -> &str {
        let rest = self.base_url.split_once("://").map(|x| x.1).unwrap_or("");
        rest.split('/')
            .next()
            .filter(|h| !h.is_empty())
            .unwrap_or("samizdat")
    }

    /// An absolute URL for a site path such as `/ru/news/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// `https://example.org` -> `https://example.org/`; None when it is not http(s) with a host.
fn normalize_base_url(u: &str) -> Option<String> {
    let u = u.trim();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) || u.contains(['?', '#']) {
        return None;
    }
    Some(if u.ends_with('/') {
        u.to_string()
    } else {
        format!("{u}/")
    })
}

/// A BCP 47 shape: a 2–3 letter primary subtag, then optional subtags of 2–8 letters or digits.
pub fn looks_like_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config, Errors> {
        Config::parse(src, Path::new("."), Path::new("site.yaml"))
    }

    const MIN: &str = "title: T\nbase_url: https://example.org\n";

    #[test]
    fn minimal_site_has_one_language() {
        let c = parse(MIN).unwrap();
        assert_eq!(c.base_url, "https://example.org/");
        assert_eq!(c.codes().collect::<Vec<_>>(), ["en"]);
        assert!(c.relative_urls);
    }

    #[test]
    fn per_language_title_and_order() {
        let c = parse("title: {en: Free them, ru: Свободу}\nbase_url: https://e.org/sub/\ndefault_language: en\nlanguages:\n  en: {name: English}\n  ru: {name: Русский}\n  fa: {name: فارسی, dir: rtl}\n").unwrap();
        assert_eq!(c.title.get("ru", "en"), "Свободу");
        assert_eq!(c.title.get("fa", "en"), "Free them");
        assert_eq!(c.language("fa").map(|l| l.dir), Some(Dir::Rtl));
        assert_eq!(c.base_path(), "/sub/");
        assert_eq!(c.lang_prefix("ru"), "/ru/");
    }

    #[test]
    fn unknown_key_names_line_and_nearest() {
        let e = parse("title: T\nbase_url: https://e.org/\nlanguage:\n  en: {}\n").unwrap_err();
        let e = e.iter().next().cloned().unwrap();
        assert_eq!(e.line, Some(3));
        assert!(e.hint.unwrap().contains("`languages`"));
    }

    #[test]
    fn bad_values_are_all_reported() {
        let e = parse("title: {en: T, de: X}\nbase_url: example.org\ntimezone: Europe/Moskow\ndefault_language: ru\nlanguages: {en: {}}\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("`de`"), "{text}");
        assert!(text.contains("base_url"), "{text}");
        assert!(text.contains("Europe/Moscow"), "{text}");
        assert!(text.contains("default_language `ru`"), "{text}");
    }
}
