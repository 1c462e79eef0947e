//! The search of a language: its page, and its index as a script (`index.js`) of every page's
//! title, address, snippet and words, searched in the browser with no server.

use super::context::{Ctx, page_context, plain};
use super::write::{Out, write, write_page};
use crate::error::Error;
use crate::output::{search, urls};
use crate::render::plan::{file_in, search_url};

/// The search page of `lang` and its index.
pub(super) fn search(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let url = search_url(ctx.config, lang);
    let js = search::index_script(lang, &docs(ctx, lang, &url));
    write(ctx, &file_in(&url, "index.js"), js.as_bytes())?;
    let mut c = page_context(ctx, lang, &url, None);
    c.insert("page_title", &ctx.r.strings.t(lang, "search", &[]));
    c.insert("search_url", &url);
    c.insert("search_index_url", &format!("{url}index.js"));
    c.insert("noindex", &true);
    let html = ctx
        .r
        .render("search.html", &c, &format!("the search page {url}"))?;
    write_page(ctx, &url, html, lang)
}

/// A document per page of `lang` (not lists), its address as the search page at `url` links it.
fn docs(ctx: &Ctx, lang: &str, url: &str) -> Vec<search::Doc> {
    let lib = ctx.lib;
    lib.entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.lang == lang && !e.is_index)
        .map(|(i, e)| {
            let p = lib.page_of(i);
            let summary = e.summary.as_deref().map(plain).unwrap_or_default();
            search::Doc {
                url: urls::url_for(&e.url, url, &ctx.settings.mode),
                title: lib.title(i),
                text: format!("{summary} {}", p.body.words),
                snippet: if summary.is_empty() {
                    p.body.snippet.clone()
                } else {
                    search::snippet(&summary, search::SNIPPET_CHARS)
                },
            }
        })
        .collect()
}
