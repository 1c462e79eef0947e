//! `samizdat new KIND "Title"`: a new page from its section's template. Never overwrites.
//!
//! Whatever `new` writes builds. A title is text pasted from anywhere (a chat, a PDF, a
//! spreadsheet), so before it reaches the file it loses control characters, direction overrides
//! and other invisible characters that would break the YAML or disguise a name; line breaks and
//! tabs become spaces. The file name is the title's slug without invisible characters, short
//! enough for every file system, and not an address samizdat already uses. The page is parsed
//! as a build would before it is written, and `new` says on stderr what it changed.

use crate::cli::NewKind;
use crate::config::Config;
use crate::content::page::Page;
use crate::error::{Error, Errors};
use crate::theme::Theme;
use std::path::Path;

mod names;

use names::{clean_title, file_slug};

/// The longest slug, in bytes of UTF-8: with `.ru.md`, `.pickets.csv` or `.jpg` added, a name
/// stays under the 143 bytes of encrypted home folders (eCryptfs), far under the usual 255.
pub(crate) const SLUG_MAX: usize = 100;

/// The title cut at the last space within `max` characters (or at `max` characters if it has
/// no space there); `None` when it fits. A build refuses longer titles
/// ([`crate::limits::TITLE_CHARS`]).
fn shorten_title(title: &str, max: usize) -> Option<String> {
    let (end, _) = title.char_indices().nth(max)?;
    let head = &title[..end];
    let cut = if title[end..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |i| &head[..i])
    };
    Some(cut.trim_end().to_string())
}

/// Addresses samizdat makes at the top of a site, which a top-level page cannot take.
const GENERATED: [&str; 4] = ["tags", "map", "mirrors", "search"];

pub fn run(root: &Path, kind: NewKind, title: &str, lang: Option<&str>) -> Result<(), Errors> {
    let config = Config::load(root)?;
    let theme = Theme::load(&config)?;
    let (name, folder) = match kind {
        NewKind::Prisoner => ("prisoner", "prisoners/"),
        NewKind::Event => ("event", "events/"),
        NewKind::Appeal => ("appeal", "appeals/"),
        NewKind::Case => ("case", "cases/"),
        NewKind::News => ("news", "news/"),
        NewKind::Page => ("page", ""),
    };
    let clean = clean_title(title);
    if clean.text.is_empty() {
        return Err(Error::usage(
            "the title is empty once control and invisible characters are removed",
        )
        .hint("give the title in quotes, for example: samizdat new page \"Free them all\"")
        .into());
    }
    let mut notes = clean.notes();
    let mut clean = clean;
    if let Some(short) = shorten_title(&clean.text, crate::limits::TITLE_CHARS) {
        clean.text = short;
        notes.push(format!(
            "shortened the title to {} characters, at a word: a title may have at most {}",
            clean.text.chars().count(),
            crate::limits::TITLE_CHARS
        ));
    }
    let named = file_slug(&clean.text, SLUG_MAX);
    if named.slug.is_empty() {
        return Err(Error::usage(
            "the title needs at least one letter or digit: the file name is made of them",
        )
        .hint("give a title with words, for example: samizdat new page \"Free them all\"")
        .into());
    }
    if named.dropped > 0 {
        notes.push(format!(
            "removed {} invisible or misplaced character{} from the file name",
            named.dropped,
            if named.dropped == 1 { "" } else { "s" }
        ));
    }
    let mut slug = named.slug;
    let renamed = taken(root, &config, folder, &slug);
    if renamed.is_some() {
        slug = format!("{slug}-{name}");
    }
    let suffix = match lang {
        None => String::new(),
        Some(l) if l == config.default_language => String::new(),
        Some(l) if config.is_language(l) => format!(".{l}"),
        Some(l) => {
            return Err(
                Error::usage(format!("`{l}` is not a language of this site"))
                    .hint(format!(
                        "site languages: {}",
                        config.codes().collect::<Vec<_>>().join(", ")
                    ))
                    .into(),
            );
        }
    };
    let in_content = format!("{folder}{slug}{suffix}.md");
    let rel = format!("content/{in_content}");
    let path = root.join(&rel);
    if named.shortened {
        notes.push(format!(
            "shortened the file name to {}{suffix}.md: names are kept under {SLUG_MAX} bytes so \
             that every computer can hold them",
            slug
        ));
    }
    if let Some(why) = renamed {
        notes.push(format!("named the file {slug}{suffix}.md, because {why}"));
    }
    if path.exists() {
        return Err(Error::usage(format!(
            "{rel} already exists; samizdat new never overwrites a page"
        ))
        .hint("choose another title, or edit the existing file")
        .into());
    }
    // A theme may give a kind's template in the page's language (new/prisoner.ru.md).
    let page_lang = lang.unwrap_or(&config.default_language);
    let in_lang = format!("{name}.{page_lang}");
    let template = theme
        .new_pages
        .get(&in_lang)
        .or_else(|| theme.new_pages.get(name))
        .ok_or_else(|| {
            Error::input(format!(
                "the theme has no template for new {name} pages (new/{name}.md)"
            ))
        })?;
    let date = crate::util::build_time()
        .map_err(Error::usage)?
        .date_naive()
        .to_string();
    // The title last, so that a title that says `{date}` stays as it is.
    let text = fill(
        &template.replace("{date}", &date).replace("{slug}", &slug),
        &clean.text,
    );
    // What a build will read: a template that cannot hold this title is the theme's fault, and
    // is said before anything is written.
    let canonical = format!("{folder}{slug}.md");
    if let Err(errs) = Page::parse(
        text.as_bytes(),
        Path::new(&rel),
        &in_content,
        &canonical,
        page_lang,
        false,
    ) {
        let mut all = Errors::from(
            Error::input(format!(
                "the theme's template for new {name} pages does not make a valid page with this \
                 title; nothing was written"
            ))
            .hint(format!(
                "in the theme's new/{name}.md, write the title as \"{{title}}\" (in double quotes)"
            )),
        );
        all.extend(errs.into_vec());
        return Err(all);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    }
    // create_new: never replace a file that appeared in the meantime.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io(&rel, &e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| Error::io(&rel, &e))?;
    println!("{rel}");
    for n in notes {
        eprintln!("note: {n}");
    }
    eprintln!("created {rel} as a draft: fill it in, then remove `draft: true` to publish it");
    Ok(())
}

/// Why `slug` cannot be a page of `folder` (an address the site already uses), if it cannot.
fn taken(root: &Path, config: &Config, folder: &str, slug: &str) -> Option<String> {
    if names::is_windows_device(slug) {
        return Some(format!("Windows cannot open a file named `{slug}`"));
    }
    if folder.is_empty() {
        if config.is_language(slug) {
            return Some(format!(
                "/{slug}/ is the address of the site's `{slug}` pages"
            ));
        }
        if GENERATED.contains(&slug) {
            return Some(format!("/{slug}/ is an address samizdat makes itself"));
        }
    }
    for top in ["content", "static"] {
        let there = format!("{top}/{folder}{slug}");
        if root.join(&there).exists() {
            return Some(format!("{there} already has the address /{folder}{slug}/"));
        }
    }
    None
}

/// The template with the title put in: in front matter as YAML that reads back as exactly the
/// title (quoted to suit where `{title}` stands), in the body as it is.
fn fill(template: &str, title: &str) -> String {
    let mut out = String::with_capacity(template.len() + title.len());
    // 0: before the front matter, 1: inside it, 2: after it.
    let mut part = 0;
    for line in template.split_inclusive('\n') {
        let fence = line.trim_end() == "---";
        if part == 1 && !fence {
            out.push_str(&fill_yaml_line(line, title));
        } else {
            out.push_str(&line.replace("{title}", title));
        }
        if fence && part < 2 {
            part += 1;
        } else if part == 0 {
            part = 2;
        }
    }
    out
}

/// One front matter line with `{title}` as a double-quoted scalar where a value starts, escaped
/// inside a quoted string, and as it is in a comment (the title has no line breaks).
fn fill_yaml_line(line: &str, title: &str) -> String {
    #[derive(PartialEq, Clone, Copy)]
    enum In {
        Plain,
        Double,
        Single,
        Comment,
    }
    let mut state = In::Plain;
    let mut out = String::with_capacity(line.len() + title.len());
    let mut rest = line;
    let mut prev_space = true;
    // A quote opens a quoted string only where a value starts (after `:`, `-`, `[`, `{`, `,`,
    // `?` or at the start of the line), not inside a plain one (`don't`).
    let mut value_start = true;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{title}") {
            match state {
                In::Plain => {
                    out.push('"');
                    out.push_str(&escape_double(title));
                    out.push('"');
                }
                In::Double => out.push_str(&escape_double(title)),
                In::Single => out.push_str(&title.replace('\'', "''")),
                In::Comment => out.push_str(title),
            }
            rest = &rest["{title}".len()..];
            prev_space = false;
            value_start = false;
            continue;
        }
        let mut len = c.len_utf8();
        state = match (state, c) {
            (In::Plain, '"') if value_start => In::Double,
            (In::Plain, '\'') if value_start => In::Single,
            (In::Plain, '#') if prev_space => In::Comment,
            (In::Double, '\\') => {
                // An escape: the next character is part of it.
                len += rest[len..].chars().next().map_or(0, char::len_utf8);
                In::Double
            }
            (In::Double, '"') | (In::Single, '\'') => In::Plain,
            (s, _) => s,
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
        prev_space = c.is_whitespace();
        if !prev_space {
            value_start = state == In::Plain && matches!(c, ':' | '-' | '[' | '{' | ',' | '?');
        }
    }
    out
}

/// Text for inside a YAML double-quoted string: `\` and `"` escaped, and anything YAML does not
/// allow there as it is (none is left after [`clean_title`], but a template's text may pass).
fn escape_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if yaml_printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out
}

/// YAML's printable characters (without line breaks and tab, which a title does not keep).
fn yaml_printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..)
}

#[cfg(test)]
mod tests;
