//! `samizdat l10n status|stub|add`: the translators' commands.

use crate::build;
use crate::config::Config;
use crate::content::{Library, Settings};
use crate::error::{Error, Errors};
use crate::i18n::Strings;
use crate::l10n;
use crate::theme::Theme;
use std::path::Path;

/// Everything the translators' commands read: the site, its pages (drafts included) and strings.
fn load(root: &Path) -> Result<(Config, Library, Strings, Theme), Errors> {
    let config = Config::load(root)?;
    let theme = Theme::load(&config)?;
    let langs: Vec<String> = config.codes().map(str::to_string).collect();
    let mut errs = Errors::new();
    let site = build::site_strings(&config, &mut errs);
    let (strings, string_errs) = Strings::new(&langs, &theme.strings, &site);
    errs.extend(string_errs);
    let now = crate::util::build_time().map_err(Error::usage)?;
    let (lib, _) = Library::load(&config, &Settings { now, drafts: true })?;
    if errs.has_errors() {
        return Err(errs);
    }
    Ok((config, lib, strings, theme))
}

pub fn status(root: &Path, lang: Option<&str>, json: bool) -> Result<(), Errors> {
    let (config, lib, strings, _) = load(root)?;
    if let Some(l) = lang
        && (!config.is_language(l) || l == config.default_language)
    {
        return Err(
            Error::usage(format!("`{l}` is not a translated language of this site"))
                .hint(format!(
                    "languages: {}",
                    config.codes().collect::<Vec<_>>().join(", ")
                ))
                .into(),
        );
    }
    let st = l10n::status(&config, &lib, &strings, lang);
    if json {
        println!("{}", serde_json::to_string_pretty(&st).unwrap_or_default());
    } else {
        print!("{}", l10n::report(&st));
    }
    Ok(())
}

pub fn stub(root: &Path, lang: &str) -> Result<(), Errors> {
    let (config, lib, _, _) = load(root)?;
    let written = l10n::stub::stubs(&config, &lib, lang)?;
    for w in &written {
        println!("{}", root.join(w).display());
    }
    eprintln!(
        "wrote {} translation file{} as drafts: translate each, then remove `draft: true`",
        written.len(),
        if written.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

pub fn add(root: &Path, lang: &str) -> Result<(), Errors> {
    let (config, _, strings, theme) = load(root)?;
    let n = l10n::stub::add(&config, &strings, &theme.strings, lang)?;
    if config.is_language(lang) {
        eprintln!("`{lang}` is already a language of the site.");
    } else {
        println!("Add to site.yaml:\n\n{}", n.site_yaml);
    }
    match n.ftl {
        Some(f) => eprintln!(
            "wrote {} with {} interface strings to translate",
            root.join(f).display(),
            n.strings_to_translate
        ),
        None => eprintln!("the theme already has every interface string in `{lang}`"),
    }
    eprintln!(
        "next: `samizdat l10n stub {lang}` writes the pages to translate (after site.yaml lists the language)"
    );
    Ok(())
}
