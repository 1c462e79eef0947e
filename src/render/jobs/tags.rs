//! The tag pages of a language: the list of its tags with their counts, and each tag's list of
//! pages with its pager.

use super::context::{Ctx, page_context_where};
use super::lists::{page_items, pager};
use super::write::{Out, write_page};
use crate::error::Error;
use crate::render::plan::{paged, pages_of, tag_url, tags_url};
use serde::Serialize;

#[derive(Serialize)]
struct TagView {
    name: String,
    url: String,
    count: usize,
}

/// The list of the tags of `lang`.
pub(super) fn tag_index(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let (config, lib) = (ctx.config, ctx.lib);
    let url = tags_url(config, lang);
    let mut c = page_context_where(ctx, lang, &url, None, &|l| lib.tags.contains_key(l));
    let tags: Vec<_> = lib
        .tags
        .get(lang)
        .into_iter()
        .flat_map(|t| t.values())
        .map(|t| TagView {
            name: t.name.clone(),
            url: tag_url(config, lang, &t.slug),
            count: t.entries.len(),
        })
        .collect();
    c.insert("tags", &tags);
    c.insert("page_title", &ctx.r.strings.t(lang, "tags", &[]));
    let html = ctx
        .r
        .render("tags.html", &c, &format!("the tag list {url}"))?;
    write_page(ctx, &url, html, lang)
}

/// Page `page_no` of `of` of the pages tagged `slug` in `lang`.
pub(super) fn tag(
    ctx: &Ctx,
    lang: &str,
    slug: &str,
    page_no: usize,
    of: usize,
) -> Result<Out, Error> {
    let (config, lib) = (ctx.config, ctx.lib);
    let t = &lib.tags[lang][slug];
    let url = tag_url(config, lang, slug);
    let page_url = paged(&url, page_no);
    let exists = |l: &str| {
        lib.tags
            .get(l)
            .and_then(|ts| ts.get(slug))
            .is_some_and(|t| page_no <= pages_of(config, t.entries.len()))
    };
    let mut c = page_context_where(ctx, lang, &page_url, None, &exists);
    c.insert("items", &page_items(ctx, &t.entries, page_no));
    c.insert("pager", &pager(&url, page_no, of));
    c.insert(
        "tag",
        &TagView {
            name: t.name.clone(),
            url: url.clone(),
            count: t.entries.len(),
        },
    );
    c.insert("page_title", &t.name);
    let html = ctx
        .r
        .render("tag.html", &c, &format!("the tag page {page_url}"))?;
    write_page(ctx, &page_url, html, lang)
}
