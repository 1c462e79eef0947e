//! Rendering: tera set up with the theme's templates, and every output page rendered from
//! borrowed views of the read-only library.
//!
//! - this file: the tera instance, its functions and filters, template errors with file and line;
//! - [`budget`]: what rendering one file may cost (its size, the numbers its loops count);
//! - [`views`]: the values templates see (site, page, items, switcher), built once per entry;
//!   [`maps`] and `campaign` the views of actions, maps and campaign pages;
//! - [`plan`]: the jobs of the build and every file they write, known before any is written,
//!   each with its source; conflicts between two of them and names no disk can hold are errors;
//! - [`jobs`]: the plan's jobs rendered in parallel, each kind of output in a module of its own,
//!   each file written by the thread that made it.
//!
//! Each looks only downward: `jobs` uses `plan` and the views, `plan` the views, the views the
//! library.
//!
//! Templates reach interface strings through one function, `t(key=…, …arguments)`, in the
//! page's language (read from the context's `lang`), so every later section and every translator
//! works through the same door.

mod budget;
mod campaign;
pub mod jobs;
pub mod maps;
pub mod plan;
pub mod views;

pub use plan::MapJob;

use crate::error::{Error, Errors};
use crate::i18n::{self, Arg, Strings};
use crate::theme::Theme;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, Value};

pub struct Renderer {
    pub tera: Tera,
    /// Template name -> file shown in errors.
    shown: BTreeMap<String, PathBuf>,
    pub strings: Arc<Strings>,
}

impl Renderer {
    pub fn new(theme: &Theme, strings: Arc<Strings>) -> Result<Renderer, Errors> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        register(&mut tera, strings.clone());
        let shown: BTreeMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|(n, t)| (n.clone(), t.shown.clone()))
            .collect();
        let r = Renderer {
            tera: Tera::new(),
            shown,
            strings,
        };
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(n, t)| (n.as_str(), t.text.as_str())),
        )
        .map_err(|e| Errors::from(r.convert(&e, None)))?;
        Ok(Renderer { tera, ..r })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// The first of `names` the theme has.
    pub fn pick<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|n| self.has_template(n))
    }

    /// One file from `template`, within the [`budget`] of one file; `what` names the file in
    /// errors.
    pub fn render(&self, template: &str, ctx: &tera::Context, what: &str) -> Result<String, Error> {
        budget::reset();
        let mut out = budget::Bounded::default();
        if let Err(e) = self.tera.render_to(template, ctx, &mut out) {
            if out.over {
                return Err(Error::input(format!(
                    "this template made more than {} of text for one file",
                    crate::limits::human(crate::limits::RENDERED_BYTES as u64)
                ))
                .at(self.shown_of(template))
                .hint(format!(
                    "while rendering {what}; look for a loop inside a loop, or a loop over a \
                     `range` with a large `end`, in it or in the templates it uses"
                )));
            }
            let mut err = self.convert(&e, Some(what));
            // Errors tera gives without a place (components calling themselves too deep) are at
            // least in the template being rendered or one it uses.
            if err.path.is_none() {
                err = err.at(self.shown_of(template));
            }
            return Err(err);
        }
        String::from_utf8(out.bytes).map_err(|_| {
            Error::input("this template made text that is not UTF-8")
                .at(self.shown_of(template))
                .hint(format!("while rendering {what}"))
        })
    }

    /// The file a template comes from, as shown in messages.
    fn shown_of(&self, template: &str) -> PathBuf {
        self.shown
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(template))
    }

    /// A tera error as ours: the template's file and line, and the page being rendered.
    fn convert(&self, e: &tera::Error, rendering: Option<&str>) -> Error {
        use tera::ErrorKind as K;
        let (msg, file, line, col) = match e.kind() {
            K::SyntaxError(r) | K::RenderingError(r) => (
                r.message().to_string(),
                Some(r.filename().to_string()),
                Some(r.span().start_line),
                Some(r.span().start_col + 1),
            ),
            // Template-wide errors: at the template they name.
            K::CircularInclude { tpl, .. }
            | K::CircularExtend { tpl, .. }
            | K::MissingParent { current: tpl, .. } => {
                (e.to_string(), Some(tpl.clone()), None, None)
            }
            _ => {
                // Tera's message already holds its causes; keep each distinct line once.
                let mut parts: Vec<String> = Vec::new();
                let mut src: Option<&dyn std::error::Error> = Some(e);
                while let Some(s) = src {
                    let text = s.to_string();
                    let text = text.trim().trim_start_matches("error: ").to_string();
                    if !parts.iter().any(|p| p.contains(&text)) {
                        parts.push(text);
                    }
                    src = s.source();
                }
                (parts.join(": "), None, None, None)
            }
        };
        let mut err = Error::input(format!("template error: {msg}"));
        if let Some(f) = file {
            err = err.at(self
                .shown
                .get(&f)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(f)));
        }
        err = err.pos(line, col);
        if let Some(w) = rendering {
            err = err.hint(format!("while rendering {w}"));
        }
        err
    }
}

fn register(tera: &mut Tera, strings: Arc<Strings>) {
    // tera's own, counted against the budget of the file being rendered.
    tera.register_function("range", budget::range);
    // t(key="days-in-custody", count=5): the message in the page's language.
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang: String = state.get("lang")?.unwrap_or_else(|| "en".to_string());
            let lang: String = kwargs.get("lang_override")?.unwrap_or(lang);
            let mut args: Vec<(String, Arg)> = Vec::new();
            for (k, v) in kwargs.iter() {
                let k = k.to_string();
                if k == "key" || k == "lang_override" {
                    continue;
                }
                args.push((k, to_arg(v)));
            }
            let refs: Vec<(&str, Arg)> =
                args.iter().map(|(k, a)| (k.as_str(), a.clone())).collect();
            Ok(strings.t(&lang, &key, &refs))
        },
    );
    // "2015-07-29" | format_date(style="long"): a date in the page's language.
    tera.register_filter(
        "format_date",
        |v: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang: String = state.get("lang")?.unwrap_or_else(|| "en".to_string());
            let style = match kwargs.get::<String>("style")?.as_deref() {
                Some("short") => i18n::DateStyle::Short,
                Some("medium") => i18n::DateStyle::Medium,
                Some("month") => i18n::DateStyle::MonthYear,
                _ => i18n::DateStyle::Long,
            };
            match chrono::NaiveDate::parse_from_str(v.get(..10).unwrap_or(v), "%Y-%m-%d") {
                Ok(d) => Ok(i18n::format_date(d, &lang, style)),
                Err(_) => Err(tera::Error::message(format!(
                    "format_date: `{v}` is not a YYYY-MM-DD date"
                ))),
            }
        },
    );
    tera.register_filter(
        "format_number",
        |v: i64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang: String = state.get("lang")?.unwrap_or_else(|| "en".to_string());
            Ok(i18n::format_number(v, &lang))
        },
    );
    tera.register_filter("slugify", |v: &str, _: Kwargs, _: &State| {
        crate::util::slugify(v)
    });
}

fn to_arg(v: &Value) -> Arg {
    if let Some(n) = v.as_i64() {
        Arg::Int(n)
    } else if let Some(f) = v.as_f64() {
        Arg::Num(f)
    } else if let Some(s) = v.as_str() {
        Arg::Str(s.to_string())
    } else {
        Arg::Str(v.to_string())
    }
}
