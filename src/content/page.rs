//! One Markdown file: front matter and body, parsed as a pure function of its bytes.
//!
//! [`Page::parse`] does everything that needs only the file itself: UTF-8, the front matter's
//! syntax and types, which section-specific keys are allowed here, the slug and aliases, and the
//! Markdown rendering (once). What needs the other files (translations, links, cases) is the
//! library's job.

use super::frontmatter::{self, FrontMatter, Kind};
use crate::error::{Error, Errors};
use crate::markdown::{self, Rendered};
use crate::yaml::{self, Positions};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Page {
    /// From the site root, for messages: `content/prisoners/x.ru.md`.
    pub shown: PathBuf,
    /// Inside content/: `prisoners/x.ru.md`.
    pub rel: String,
    /// The name translations share: `prisoners/x.md`.
    pub canonical: String,
    pub lang: String,
    /// `_index.md`: a section's own text.
    pub is_index: bool,
    /// The folder inside content/ (`prisoners`, `about/team`, `` for the root).
    pub section: String,
    pub kind: Kind,
    /// After the library links translations: completed with the original's keys.
    pub fm: FrontMatter,
    /// The section keys this file gives itself (a translation inherits the others).
    pub own_keys: Vec<&'static str>,
    /// The front matter as written, kept to find the line of a key in later checks.
    yaml: String,
    yaml_line: usize,
    /// Where each key of `yaml` is, found on the first error or warning that asks (once: a
    /// page of 10,000 pickets with a mistake in each must not read its YAML 10,000 times).
    positions: std::sync::OnceLock<Positions>,
    pub body: Rendered,
    /// SHA-256 (hex) of what a translator translates in this file: the body and the text keys
    /// of the front matter, whitespace-insensitive. A translation's `source_hash` is compared
    /// with its original's `text_hash` to tell an outdated translation.
    pub text_hash: String,
}

/// A rendered body as the library keeps it for the whole build: the plain text (needed only
/// by search and word counts) becomes the page's distinct search words, its first line and its
/// word count, and buffers lose their spare capacity. At 3 x 20,000 pages the text alone
/// would hold a few hundred megabytes for nothing.
fn compact(mut body: markdown::Rendered) -> markdown::Rendered {
    let text = std::mem::take(&mut body.text);
    body.word_count = text.split_whitespace().count();
    body.snippet = crate::output::search::snippet(&text, crate::output::search::SNIPPET_CHARS);
    body.words = crate::output::search::distinct_words(&text);
    body.html.shrink_to_fit();
    if let Some(s) = body.summary_html.as_mut() {
        s.shrink_to_fit();
    }
    body.links.shrink_to_fit();
    body.headings.shrink_to_fit();
    body
}

impl Page {
    /// Parses a file. `canonical`, `lang`, `is_index` come from its name (see `walk::classify`).
    pub fn parse(
        bytes: &[u8],
        shown: &Path,
        rel: &str,
        canonical: &str,
        lang: &str,
        is_index: bool,
    ) -> Result<Page, Errors> {
        if bytes.len() as u64 > crate::limits::PAGE.bytes {
            return Err(
                crate::limits::too_large(shown, &crate::limits::PAGE, bytes.len() as u64).into(),
            );
        }
        let src = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                let col = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                return Err(Error::input("the file is not valid UTF-8 text")
                    .at(shown)
                    .line(line)
                    .col(col)
                    .hint("re-save the file with UTF-8 encoding")
                    .into());
            }
        };
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let split = frontmatter::split(src).map_err(|e| e.at(shown))?;
        let mut fm: FrontMatter = yaml::parse_all(split.yaml, shown, split.yaml_line - 1)?;
        // `title: ""` (as `samizdat new` leaves a key to fill) means "not given".
        fm.title = fm.title.filter(|t| !t.trim().is_empty());
        fm.summary = fm.summary.filter(|t| !t.trim().is_empty());
        let section = match canonical.rfind('/') {
            Some(i) => canonical[..i].to_string(),
            None => String::new(),
        };
        let kind = Kind::of_section(section.split('/').next().unwrap_or(""));
        // A profile with only a name and a status is a whole page: the name is its title.
        if kind == Kind::Prisoners && fm.title.is_none() {
            fm.title = fm.name.clone().filter(|n| !n.trim().is_empty());
        }
        let page = Page {
            shown: shown.to_path_buf(),
            rel: rel.to_string(),
            canonical: canonical.to_string(),
            lang: lang.to_string(),
            is_index,
            section,
            kind,
            own_keys: fm.given_kind_keys(),
            yaml: split.yaml.to_string(),
            yaml_line: split.yaml_line,
            positions: std::sync::OnceLock::new(),
            text_hash: crate::l10n::text_hash(&fm, split.body),
            fm,
            body: compact(markdown::render(split.body, split.body_line)),
        };
        let mut errs = page.check_own();
        errs.extend(page.check_limits());
        if errs.has_errors() {
            Err(errs)
        } else {
            Ok(page)
        }
    }

    /// An error at the line of front matter key `path` (`pickets.3.city`), or at line 1.
    /// Where front matter key `key_path` is written in the file (line, column), if it is.
    pub fn key_pos(&self, key_path: &str) -> Option<(usize, usize)> {
        self.positions()
            .get(key_path)
            .map(|(l, c)| (l + self.yaml_line - 1, c))
    }

    pub fn error_at(&self, key_path: &str, message: impl Into<String>) -> Error {
        let e = Error::input(message).at(&self.shown);
        match self.positions().get(key_path) {
            Some((l, c)) => e.line(l + self.yaml_line - 1).col(c),
            None => e.line(1),
        }
    }

    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| Positions::of(&self.yaml))
    }

    /// A warning at the line of front matter key `key_path`.
    pub fn warning_at(&self, key_path: &str, message: impl Into<String>) -> Error {
        let mut e = self.error_at(key_path, message);
        e.severity = crate::error::Severity::Warning;
        e
    }

    /// The front matter text of a top-level key as written (`letters:` and its indented lines),
    /// for `l10n stub`.
    pub fn raw_key(&self, key: &str) -> Option<String> {
        crate::l10n::raw_block(&self.yaml, key)
    }

    /// Whether this file itself gives the section key `key` (not inherited).
    pub fn owns(&self, key: &str) -> bool {
        self.own_keys.contains(&key)
    }

    /// The slug: `slug:` or the file name.
    pub fn slug(&self) -> String {
        self.fm.slug.clone().unwrap_or_else(|| {
            let name = self.canonical.rsplit('/').next().unwrap_or(&self.canonical);
            name.strip_suffix(".md").unwrap_or(name).to_string()
        })
    }

    /// The folder of the file inside content/, with a trailing `/` (or empty).
    pub fn dir(&self) -> &str {
        match self.rel.rfind('/') {
            Some(i) => &self.rel[..=i],
            None => "",
        }
    }

    /// The bounds of [`crate::limits`] a page's own text must keep: what lists repeat (title,
    /// summary, once per tag) and how deeply its Markdown nests.
    fn check_limits(&self) -> Errors {
        use crate::limits::{MARKDOWN_DEPTH, SUMMARY_CHARS, TAGS_PER_PAGE, TITLE_CHARS};
        let mut errs = Errors::new();
        if let Some((line, col)) = self.body.too_deep {
            errs.push(
                Error::input(format!(
                    "the text here is nested more than {MARKDOWN_DEPTH} levels deep (quotes, lists or emphasis inside each other)"
                ))
                .at(&self.shown)
                .line(line)
                .col(col)
                .hint("browsers cannot show so many levels; look for a line that starts with many `>` or `-`"),
            );
        }
        let chars = |s: &Option<String>| s.as_deref().map_or(0, |s| s.chars().count());
        // Which of the two keys gave the title is looked up only for a message: finding key
        // positions reads the YAML again, which every page must not pay for.
        let title_key = || {
            if self.positions().get("title").is_some() {
                "title"
            } else {
                "name"
            }
        };
        for (key, n, limit, why) in [
            ("", chars(&self.fm.title), TITLE_CHARS, "a title"),
            (
                "summary",
                chars(&self.fm.summary),
                SUMMARY_CHARS,
                "a summary",
            ),
        ] {
            if n > limit {
                let key = if key.is_empty() { title_key() } else { key };
                errs.push(
                    self.error_at(
                        key,
                        format!("`{key}` is {n} characters long, more than {why} may be ({limit})"),
                    )
                    .hint("shorten it: every list that shows the page repeats it, once per tag"),
                );
            }
        }
        let tags = self.fm.tags.as_ref().map_or(0, Vec::len);
        if tags > TAGS_PER_PAGE {
            errs.push(
                self.error_at(
                    &format!("tags.{TAGS_PER_PAGE}"),
                    format!(
                        "this page has {tags} tags, more than a page may have ({TAGS_PER_PAGE})"
                    ),
                )
                .hint("keep the tags readers will look for; each one is a page listing its pages"),
            );
        }
        errs
    }

    /// Checks that need this file only.
    fn check_own(&self) -> Errors {
        let mut errs = Errors::new();
        for key in self.fm.given_kind_keys() {
            let owner = Kind::owner_of(key);
            if self.is_index {
                errs.push(
                    self.error_at(
                        key,
                        format!("`{key}` belongs on a page, not in a section's _index.md"),
                    )
                    .hint("move it to the page it describes"),
                );
            } else if owner != Some(self.kind) {
                let folder = owner.and_then(Kind::folder).unwrap_or("?");
                let here = if self.section.is_empty() {
                    "content/".to_string()
                } else {
                    format!("{}/", self.section)
                };
                errs.push(
                    self.error_at(
                        key,
                        format!(
                            "`{key}` is a key of pages in {folder}/, and this page is in {here}"
                        ),
                    )
                    .hint(format!("move the page to {folder}/ or remove `{key}`")),
                );
            }
        }
        if let Some(slug) = &self.fm.slug
            && let Err(why) = check_slug(slug)
        {
            errs.push(
                self.error_at("slug", format!("slug `{slug}` {why}"))
                    .hint("use a plain name such as `andrei-pivovarov`"),
            );
        }
        for (i, a) in self.fm.aliases.iter().flatten().enumerate() {
            if let Err(why) = alias_path(a) {
                errs.push(
                    self.error_at(&format!("aliases.{i}"), format!("alias `{a}` {why}"))
                        .hint("write a path of this site such as /old/path/"),
                );
            }
        }
        for (i, t) in self.fm.tags.iter().flatten().enumerate() {
            if crate::util::slugify(t).is_empty() {
                errs.push(self.error_at(
                    &format!("tags.{i}"),
                    format!("tag `{t}` has no letters or digits"),
                ));
            }
        }
        for &(line, col) in &self.body.unclosed_comments {
            errs.push(
                Error::input("this HTML comment `<!--` is never closed: the note after it would be published")
                    .at(&self.shown)
                    .line(line)
                    .col(col)
                    .hint("end the note with `-->` before the next empty line, or write `\\<!--` to show these characters as text"),
            );
        }
        if self.is_index && self.fm.slug.is_some() {
            errs.push(
                self.error_at(
                    "slug",
                    "a section's _index.md cannot set a slug: the folder name is the URL",
                )
                .hint("rename the folder instead"),
            );
        }
        errs
    }
}

/// A slug is one path segment: no slashes, no `..`, nothing hidden, no control characters.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.trim().is_empty() {
        return Err("is empty");
    }
    if slug.contains(['/', '\\']) {
        return Err(
            "contains a slash: a slug is one name, and could otherwise write outside its folder",
        );
    }
    if slug == "." || slug == ".." || slug.starts_with('.') {
        return Err("starts with a dot: it would be hidden or escape the output folder");
    }
    if slug
        .chars()
        .any(|c| c.is_control() || matches!(c, '?' | '#' | '%' | '"' | '<' | '>' | ':' | '*' | '|'))
    {
        return Err("contains a character that is not allowed in a URL or file name");
    }
    Ok(())
}

/// The output file an alias writes, from its path: `/old/path/` -> `old/path/index.html`,
/// `/old.html` -> `old.html`. Refuses anything that could leave the output folder.
pub fn alias_path(alias: &str) -> Result<String, &'static str> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        return Err("is an address of another site; aliases are paths of this site");
    }
    if a.contains('\\') || a.chars().any(char::is_control) {
        return Err("contains characters that are not allowed in a path");
    }
    let a = a.split(['#', '?']).next().unwrap_or("");
    let segments: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Err("is the site's root: it would replace the home page");
    }
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.starts_with('.'))
    {
        return Err("contains `..` or a hidden name: it would write outside the output folder");
    }
    let joined = segments.join("/");
    Ok(
        if !a.ends_with('/') && (joined.ends_with(".html") || joined.ends_with(".htm")) {
            joined
        } else {
            format!("{joined}/index.html")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str, rel: &str) -> Result<Page, Errors> {
        Page::parse(
            src.as_bytes(),
            Path::new(rel),
            rel,
            rel,
            "en",
            rel.ends_with("_index.md"),
        )
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let e = Page::parse(
            b"---\ntitle: a\n---\nok\nbad \xff here\n",
            Path::new("x.md"),
            "x.md",
            "x.md",
            "en",
            false,
        )
        .unwrap_err();
        let e = e.iter().next().cloned().unwrap();
        assert_eq!((e.line, e.column), (Some(5), Some(5)));
    }

    #[test]
    fn front_matter_error_points_into_the_file() {
        let e = parse("---\ntitle: a\ndate: nope\n---\n", "news/x.md").unwrap_err();
        let e = e.iter().next().cloned().unwrap();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn section_keys_only_in_their_section() {
        let e = parse("---\ntitle: a\n\nstatus: detained\n---\n", "news/x.md").unwrap_err();
        let e = e.iter().next().cloned().unwrap();
        assert!(e.message.contains("prisoners/"), "{}", e.message);
        assert_eq!(e.line, Some(4));
        assert!(parse("---\ntitle: a\nstatus: detained\n---\n", "prisoners/x.md").is_ok());
    }

    #[test]
    fn slugs_and_aliases_cannot_escape() {
        assert!(check_slug("../../etc").is_err());
        assert!(check_slug("/abs").is_err());
        assert!(check_slug("андрей-пивоваров").is_ok());
        assert_eq!(alias_path("/old/path/").unwrap(), "old/path/index.html");
        assert_eq!(alias_path("old.html").unwrap(), "old.html");
        assert!(alias_path("/../x/").is_err());
        assert!(alias_path("/").is_err());
        assert!(alias_path("https://evil.example/").is_err());
        let e = parse("---\ntitle: a\nslug: ../../x\n---\n", "x.md").unwrap_err();
        assert!(e.to_string().contains("slug"));
    }
}
