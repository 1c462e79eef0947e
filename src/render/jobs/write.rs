//! Writing a job's files: every file goes through the run's writer (which refuses one the plan
//! does not hold) from the thread that made it; an HTML page has its URLs finished for the
//! run's URL form and, for `check`, its links and loads from other hosts collected.

use super::context::Ctx;
use crate::error::Error;
use crate::output::urls;
use crate::render::plan::out_path;

/// What a job wrote, for the stats: its (last) file, the language of a page, and what `check`
/// collects.
pub(super) struct Out {
    pub(super) rel: String,
    pub(super) lang: Option<String>,
    pub(super) links: Vec<(String, String)>,
    pub(super) loads: Vec<(String, String, &'static str)>,
}

/// The HTML page at the site path `url` (a folder address), into its `index.html`; `lang`
/// counts it among that language's pages.
pub(super) fn write_page(ctx: &Ctx, url: &str, html: String, lang: &str) -> Result<Out, Error> {
    let rel = &out_path(url);
    let (links, loads) = if ctx.settings.collect_links {
        let loads = crate::privacy::loads_in_html(&html)
            .into_iter()
            .map(|(_, u, w)| (rel.to_string(), u, w))
            .collect();
        (collect_links(&html, rel), loads)
    } else {
        (Vec::new(), Vec::new())
    };
    let html = urls::finish(&html, url, &ctx.settings.mode);
    let mut out = write(ctx, rel, html.as_bytes())?;
    out.lang = Some(lang.to_string());
    out.links = links;
    out.loads = loads;
    Ok(out)
}

/// The bytes of a file into `rel`, a path inside the output the plan holds.
pub(super) fn write(ctx: &Ctx, rel: &str, bytes: &[u8]) -> Result<Out, Error> {
    ctx.writer
        .write(rel, bytes)
        .map_err(|e| if e.path.is_none() { e.at(rel) } else { e })?;
    Ok(Out {
        rel: rel.to_string(),
        lang: None,
        links: Vec::new(),
        loads: Vec::new(),
    })
}

/// Root-relative URLs in the attributes of a page, before URL finishing (for `check`).
fn collect_links(html: &str, rel: &str) -> Vec<(String, String)> {
    urls::attr_values(html)
        .into_iter()
        .map(|(a, b)| &html[a..b])
        .filter(|v| v.starts_with('/'))
        .map(|v| (rel.to_string(), v.to_string()))
        .collect()
}
