//! `samizdat new KIND "Title"`: a new page from its section's template. Never overwrites.

use crate::cli::NewKind;
use crate::config::Config;
use crate::error::{Error, Errors};
use crate::theme::Theme;
use std::path::Path;

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
    let slug = crate::util::slugify(title);
    if slug.is_empty() {
        return Err(Error::usage("the title needs at least one letter or digit").into());
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
    let rel = format!("content/{folder}{slug}{suffix}.md");
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::usage(format!(
            "{rel} already exists; samizdat new never overwrites a page"
        ))
        .hint("choose another title, or edit the existing file")
        .into());
    }
    // A theme may give a kind's template in the page's language (new/prisoner.ru.md).
    let in_lang = format!("{name}.{}", lang.unwrap_or(&config.default_language));
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
    let quoted = format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""));
    let text = template
        .replace("\"{title}\"", &quoted)
        .replace("{title}", title)
        .replace("{date}", &date)
        .replace("{slug}", &slug);
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
    eprintln!("created {rel} as a draft: fill it in, then remove `draft: true` to publish it");
    Ok(())
}
