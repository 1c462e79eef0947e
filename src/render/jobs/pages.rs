//! The pages of entries, with the views their kind adds (a prisoner, a case, an appeal, an
//! action and its map), and the two pages that stand for others: 404 and the redirects of
//! `aliases:`.

use super::context::{Ctx, page_context, plain};
use super::maps;
use super::write::{Out, write, write_page};
use crate::content::EntryId;
use crate::error::Error;
use crate::output::urls::{self, UrlMode};
use crate::render::{campaign, views};

/// The page of an entry, in the template of its section (`prisoners/page.html`) if the theme
/// has one.
pub(super) fn page(ctx: &Ctx, id: EntryId) -> Result<Out, Error> {
    let (config, lib) = (ctx.config, ctx.lib);
    let e = &lib.entries[id];
    let mut c = page_context(ctx, &e.lang, &e.url, Some(&e.canonical));
    let view = views::page_view(config, lib, id);
    c.insert("page_title", &view.title);
    if let Some(s) = &view.summary {
        c.insert("description", &plain(s));
    }
    c.insert("page", &view);
    campaign::page_extras(config, lib, ctx.records, id, &mut c);
    maps::page_extras(ctx, id, &mut c);
    let folder = e.kind.folder().unwrap_or("");
    let specific = format!("{folder}/page.html");
    let tpl = ctx
        .r
        .pick(&[specific.as_str(), "page.html"])
        .unwrap_or("page.html");
    let html = ctx
        .r
        .render(tpl, &c, &lib.page_of(id).shown.display().to_string())?;
    write_page(ctx, &e.url, html, &e.lang)
}

/// `404.html`, in the default language, its links absolute: a server shows it at any address.
pub(super) fn not_found(ctx: &Ctx) -> Result<Out, Error> {
    let config = ctx.config;
    let lang = config.default_language.as_str();
    let mut c = page_context(ctx, lang, "/404.html", None);
    // The other languages have no 404 page of their own: the switcher leads home.
    c.insert(
        "switcher",
        &views::switcher(config, ctx.lib, None, lang, None),
    );
    c.insert("alternates", &Vec::<views::Alternate>::new());
    c.insert("page_title", &ctx.r.strings.t(lang, "not-found-title", &[]));
    c.insert("noindex", &true);
    let html = ctx.r.render("404.html", &c, "404.html")?;
    // A server shows 404.html at any address: its links must not be relative.
    let html = urls::finish(
        &html,
        "/404.html",
        &UrlMode::Absolute {
            base_path: config.base_path().to_string(),
        },
    );
    write(ctx, "404.html", html.as_bytes())
}

/// The redirect page of `Library::aliases[i]`, at the old address.
pub(super) fn alias(ctx: &Ctx, i: usize) -> Result<Out, Error> {
    let (config, lib) = (ctx.config, ctx.lib);
    let a = &lib.aliases[i];
    let e = &lib.entries[a.to];
    let site_path = format!("/{}", a.file.trim_end_matches("index.html"));
    let mut c = ctx.base.get(&e.lang).cloned().unwrap_or_default();
    c.insert("target_url", &e.url);
    c.insert("target_title", &lib.title(a.to));
    c.insert("canonical", &config.absolute(&e.url));
    let html = ctx
        .r
        .render("alias.html", &c, &format!("the redirect {site_path}"))?;
    let html = urls::finish(&html, &site_path, &ctx.settings.mode);
    write(ctx, &a.file, html.as_bytes())
}
