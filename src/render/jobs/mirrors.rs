//! What tells readers and programs where else the site is: each language's page of mirrors,
//! `mirrors.json`, and the Onion-Location headers for hosts that read `.htaccess` or `_headers`.

use super::context::{Ctx, page_context};
use super::write::{Out, write, write_page};
use crate::error::Error;
use crate::render::plan::mirrors_url;
use crate::render::views;

/// The page of mirrors of `lang`, with the key that signs them.
pub(super) fn mirrors_page(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let config = ctx.config;
    let url = mirrors_url(config, lang);
    let mut c = page_context(ctx, lang, &url, None);
    c.insert("page_title", &ctx.r.strings.t(lang, "mirrors-title", &[]));
    c.insert("mirrors", &views::mirrors(config));
    c.insert("signing_key", &config.signing_key);
    c.insert("mirrors_json_url", "/mirrors.json");
    let html = ctx
        .r
        .render("mirrors.html", &c, &format!("the mirrors page {url}"))?;
    write_page(ctx, &url, html, lang)
}

/// `mirrors.json`, the list of mirrors for programs.
pub(super) fn mirrors_json(ctx: &Ctx) -> Result<Out, Error> {
    let json = views::mirrors_json(ctx.config);
    write(ctx, "mirrors.json", json.as_bytes())
}

/// `.htaccess` and `_headers`: Tor Browser offers each page's copy on the onion mirror.
pub(super) fn onion_headers(ctx: &Ctx) -> Result<Out, Error> {
    let onion = views::onion_base(ctx.config).unwrap_or_default();
    let onion = onion.trim_end_matches('/');
    let htaccess = format!(
        "# Written by samizdat: Tor Browser offers each page's copy on the onion mirror.\n\
         <IfModule mod_headers.c>\n\
         Header set Onion-Location \"{onion}%{{REQUEST_URI}}s\"\n\
         </IfModule>\n"
    );
    write(ctx, ".htaccess", htaccess.as_bytes())?;
    let headers = format!(
        "# Written by samizdat (Netlify, Cloudflare Pages): the onion mirror, for Tor Browser.\n/*\n  Onion-Location: {onion}/\n"
    );
    write(ctx, "_headers", headers.as_bytes())
}
