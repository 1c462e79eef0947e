//! The pipeline's stages one at a time, for `samizdat serve`, which keeps them between edits:
//! a [`Frame`] (configuration, theme, interface strings, data, templates) lives until site.yaml,
//! a template, `i18n/` or `data/` changes; a [`Content`] (library, records, pickets) is made
//! again from the library after a content edit. Each stage checks what [`build`](super::build)
//! checks at that point; `build` itself is made of these stages.

use super::{BuildOptions, load_data, site_strings};
use crate::config::Config;
use crate::content::Library;
use crate::error::Errors;
use crate::i18n::Strings;
use crate::pickets::Pickets;
use crate::records::Records;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::timings::Timings;
use std::sync::Arc;

/// Everything a build knows before reading content/.
pub struct Frame {
    pub config: Config,
    pub theme: Theme,
    pub renderer: Renderer,
    /// Warnings of the interface strings.
    pub warnings: Errors,
}

/// Loads site.yaml (with `opts.base_url` in place of its own), the theme, the interface
/// strings, `data/` and the templates. Every error of these stages is reported together.
pub fn load_frame(opts: &BuildOptions) -> Result<Frame, Errors> {
    let mut config = Config::load(&opts.root)?;
    if let Some(u) = &opts.base_url {
        config.set_base_url(u)?;
    }
    let mut diags = Errors::new();
    let theme = Theme::load(&config);
    let (strings, string_errs) = match &theme {
        Ok(t) => {
            let langs: Vec<String> = config.codes().map(str::to_string).collect();
            let site = site_strings(&config, &mut diags);
            Strings::new(&langs, &t.strings, &site)
        }
        Err(_) => Strings::new(&[], &[], &[]),
    };
    diags.extend(string_errs);
    let data = load_data(&config);
    let renderer = theme.as_ref().ok().map(|t| {
        Renderer::new(t, Arc::new(strings)).map(|mut r| {
            if let Ok(d) = &data {
                r.tera.global_context().insert("data", d);
            }
            r
        })
    });
    if let Err(e) = data {
        diags.extend(e);
    }
    match (theme, renderer) {
        (Ok(theme), Some(Ok(renderer))) if !diags.has_errors() => Ok(Frame {
            config,
            theme,
            renderer,
            warnings: diags.sorted(),
        }),
        (t, r) => {
            diags.extend(t.err().into_iter().flatten());
            diags.extend(r.and_then(|r| r.err()).into_iter().flatten());
            Err(diags.sorted())
        }
    }
}

/// What the site's content makes: the library and the campaign indexes built over it.
pub struct Content {
    pub library: Library,
    pub records: Records,
    pub pickets: Pickets,
    /// Every warning of the content (the library's, privacy, records, pickets), sorted.
    pub warnings: Errors,
    /// How long the privacy checks, records and pickets took (`build --timings`).
    pub timings: Timings,
}

/// Records and pickets over an assembled library (whose warnings are `warnings`), and the
/// content's privacy warnings.
pub fn load_content(
    config: &Config,
    library: Library,
    mut warnings: Errors,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Content, Errors> {
    let mut timings = Timings::start();
    warnings.extend(crate::privacy::content_warnings(config, &library));
    warnings.extend(crate::privacy::file_warnings(config, &library));
    timings.lap("privacy checks");
    let records = match Records::build(config, &library, now) {
        Ok((r, w)) => {
            warnings.extend(w);
            r
        }
        Err(e) => {
            warnings.extend(e);
            return Err(warnings.sorted());
        }
    };
    timings.lap("records: prisoners, cases, appeals");
    let pickets = match Pickets::build(config, &library) {
        Ok((p, w)) => {
            warnings.extend(w);
            p
        }
        Err(e) => {
            warnings.extend(e);
            return Err(warnings.sorted());
        }
    };
    timings.lap("pickets and geocoding");
    Ok(Content {
        library,
        records,
        pickets,
        warnings: warnings.sorted(),
        timings,
    })
}
