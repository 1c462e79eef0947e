//! The maps of pickets as standalone SVG documents: the world map, a map per country and a
//! small locator per city page; and their PNG copies for browsers that block SVG.
//!
//! Each SVG is written as `map.svg` beside the page's `index.html` and embedded with
//! `<object type="image/svg+xml" data="map.svg">`, so links carry `target="_top"`. The maps make
//! no request to anyone: no script, no external style sheet, no web font, and only the hrefs
//! the caller gives, which must be relative or same-origin (anything with a scheme, or
//! starting with `//`, is drawn without its link). Styling is presentation attributes, which
//! a Content-Security-Policy does not block. Same input, same bytes: markers and countries are
//! drawn in a fixed order and every number has one decimal place.

use std::fmt::Write as _;

use super::label::{self, Circle, Placed};
use std::sync::OnceLock;

use resvg::tiny_skia::Pixmap;

use super::outlines::{self, Detail, Seed, View, num};
use crate::error::{Error, Result};

pub use super::png::svg_to_png;

/// A city (or any place) on a map: a circle whose area grows with `count`, with a label that
/// links to `href`.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub lat: f64,
    pub lon: f64,
    pub label: String,
    pub href: String,
    pub count: u32,
}

/// A country drawn highlighted on the world map, linking to its own map.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryLink {
    pub cc: String,
    pub href: String,
    pub label: String,
}

/// What the caller decides about a map besides its content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapOptions {
    /// The map's accessible name (`role="img"`, `aria-label`, `<title>`).
    pub title: String,
    /// The language of the labels (`xml:lang`), e.g. `ru`; empty leaves it unset.
    pub lang: String,
    /// The page's language is written right to left: labels without strong direction of
    /// their own are set right to left too.
    pub rtl: bool,
}

const SEA: &str = "#e3ecf3";
const LAND: &str = "#d8d8d2";
const LINKED: &str = "#eeb99c";
const HOME: &str = "#fbfaf6";
const DOT: &str = "#b3261e";
/// DejaVu Sans is what the PNG copies use; browsers fall back to their own sans-serif.
const FONTS: &str = "DejaVu Sans, Verdana, sans-serif";

/// The world map (Equal Earth, without Antarctica).
pub fn world_map(markers: &[Marker], countries: &[CountryLink], opts: &MapOptions) -> String {
    let view = outlines::world();
    let mut svg = world_land(view, &linked(view, countries), opts);
    draw_markers(&mut svg, view, markers, opts, (14.0, 11.0));
    svg.push_str("</svg>\n");
    svg
}

/// [`world_map`] as PNG, `width` pixels wide: the same pixels as [`svg_to_png`] of it. The
/// land with its linked countries is drawn once per width and set of linked countries and
/// kept (languages whose pickets are in the same countries share it), the markers and labels
/// drawn over it.
pub fn world_map_png(
    markers: &[Marker],
    countries: &[CountryLink],
    opts: &MapOptions,
    width: u32,
) -> Result<Vec<u8>> {
    let view = outlines::world();
    let linked = linked(view, countries);
    let key = linked
        .iter()
        .fold(format!("world {width}"), |mut k, (cc, _)| {
            k.push(' ');
            k.push_str(cc);
            k
        });
    let bg = background(key, || {
        let mut land = world_land(view, &linked, opts);
        land.push_str("</svg>\n");
        super::png::render(&land, width, None)
    })?;
    let mut over = head(view, opts);
    draw_markers(&mut over, view, markers, opts, (14.0, 11.0));
    over.push_str("</svg>\n");
    let pixmap = super::png::render(&over, width, Some(bg))?;
    super::png::encode(&pixmap)
}

/// The countries of `countries` the world map highlights and links: in the outlines, with a
/// safe link, one per country (canonical code), in code order.
fn linked<'a>(view: &View, countries: &'a [CountryLink]) -> Vec<(String, &'a CountryLink)> {
    let mut v: Vec<(String, &CountryLink)> = countries
        .iter()
        .map(|c| (super::gazetteer::canonical_cc(&c.cc), c))
        .filter(|(cc, c)| view.shapes.contains_key(cc.as_str()) && safe_href(&c.href))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.href.cmp(&b.1.href)));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// The world map up to its markers: the sea, the land, the `linked` countries.
fn world_land(view: &View, linked: &[(String, &CountryLink)], opts: &MapOptions) -> String {
    let mut svg = open(view, opts);
    let mut land = String::new();
    for (cc, d) in &view.shapes {
        if !linked.iter().any(|(c, _)| c == cc) {
            land.push_str(d);
        }
    }
    let _ = write!(
        svg,
        r##"<path fill="{LAND}" fill-rule="evenodd" stroke="#fff" stroke-width="0.4" d="{land}"/>"##
    );
    if !linked.is_empty() {
        let _ = write!(
            svg,
            r##"<g fill="{LINKED}" fill-rule="evenodd" stroke="#fff" stroke-width="0.4">"##
        );
        for (cc, c) in linked {
            if let Some(d) = view.shapes.get(cc.as_str()) {
                let _ = write!(
                    svg,
                    r#"<a href="{}" target="_top"><title>{}</title><path d="{d}"/></a>"#,
                    esc(&c.href),
                    esc(&c.label)
                );
            }
        }
        svg.push_str("</g>");
    }
    svg
}

/// The world's land alone, with no marker: one file that many maps share as their background
/// (see [`world_overlay`]), so a site with 1,500 actions does not carry 1,500 copies of the
/// world's outlines.
pub fn world_base(opts: &MapOptions) -> String {
    let view = outlines::world();
    let mut svg = open(view, opts);
    let mut land = String::new();
    for d in view.shapes.values() {
        land.push_str(d);
    }
    let _ = write!(
        svg,
        r##"<path fill="{LAND}" fill-rule="evenodd" stroke="#fff" stroke-width="0.4" d="{land}"/>"##
    );
    svg.push_str("</svg>\n");
    svg
}

/// Markers only, transparent, of the same size as [`world_base`]: laid over it.
pub fn world_overlay(markers: &[Marker], opts: &MapOptions) -> String {
    let view = outlines::world();
    let (w, h) = (num(view.width), num(view.height));
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}""#,
        esc(&opts.title)
    );
    if !opts.lang.is_empty() {
        let _ = write!(svg, r#" xml:lang="{0}""#, esc(&opts.lang));
    }
    let _ = write!(
        svg,
        r#" font-family="{FONTS}"><title>{}</title>"#,
        esc(&opts.title)
    );
    draw_markers(&mut svg, view, markers, opts, (14.0, 11.0));
    svg.push_str("</svg>\n");
    svg
}

/// The markers without their labels: PNG copies carry no text (the list beside names them).
fn unlabelled(markers: &[Marker]) -> Vec<Marker> {
    markers
        .iter()
        .map(|m| Marker {
            label: String::new(),
            ..m.clone()
        })
        .collect()
}

/// A world map as PNG: the land drawn once per width and kept, the markers (without labels)
/// drawn over it. The same pixels as rendering base and overlay together.
pub fn world_png(markers: &[Marker], width: u32) -> Result<Vec<u8>> {
    static BACKGROUND: OnceLock<std::sync::Mutex<Vec<(u32, Pixmap)>>> = OnceLock::new();
    let view = outlines::world();
    let bare = unlabelled(markers);
    let opts = MapOptions::default();
    let cache = BACKGROUND.get_or_init(|| std::sync::Mutex::new(Vec::new()));
    let bg = {
        let cached = cache
            .lock()
            .ok()
            .and_then(|c| c.iter().find(|(w, _)| *w == width).map(|(_, p)| p.clone()));
        match cached {
            Some(p) => p,
            None => {
                let p = super::png::render(&world_base(&opts), width, None)?;
                if let Ok(mut c) = cache.lock() {
                    c.push((width, p.clone()));
                }
                p
            }
        }
    };
    let mut over = open_bare(view);
    draw_markers(&mut over, view, &bare, &opts, (14.0, 11.0));
    over.push_str("</svg>\n");
    let pixmap = super::png::render(&over, width, Some(bg))?;
    super::png::encode(&pixmap)
}

/// A country's map (Lambert azimuthal equal-area centred on it), framed on the country and
/// on every marker; a country the outlines lack (French Guiana) is framed on its markers.
pub fn country_map(cc: &str, markers: &[Marker], opts: &MapOptions) -> Result<String> {
    country_map_over(cc, markers, opts, None)
}

/// [`country_map`] drawn over the country's shared land (`land`: the site path of
/// [`country_land`]`(cc, Land::Country)`) when the markers fit its frame: the file then holds
/// only the markers and labels. Otherwise (a marker far out, no outline) the whole map.
pub fn country_map_over(
    cc: &str,
    markers: &[Marker],
    opts: &MapOptions,
    land: Option<&str>,
) -> Result<String> {
    let cc = super::gazetteer::canonical_cc(cc);
    let pts: Vec<(f64, f64)> = markers
        .iter()
        .filter(|m| valid(m.lat, m.lon))
        .map(|m| (m.lon, m.lat))
        .collect();
    let view = local_view(&cc, Detail::Country, &pts)?;
    let mut svg = begin(&view, opts, land, &cc);
    draw_markers(&mut svg, view.as_ref(), markers, opts, (16.0, 12.0));
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The two frames a country is drawn in, each shared as one file by every map that uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Land {
    /// The country's own map (and actions held in it alone).
    Country,
    /// The small locator of its city pages.
    Locator,
}

/// The land of `cc` in one frame, with no marker and no label: the sea, its neighbours and the
/// country. Every language's country map, city locator or action map of that country that
/// fits the frame is drawn over this one file, so a country with 300 cities in three languages
/// has its outlines written once, not 900 times. `None` when the outlines lack the country.
pub fn country_land(cc: &str, land: Land) -> Option<String> {
    let cc = super::gazetteer::canonical_cc(cc);
    let v = outlines::country(&cc, detail_of(land))?;
    let (w, h) = (num(v.width), num(v.height));
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" aria-hidden="true"><rect width="{w}" height="{h}" fill="{SEA}"/>"#
    );
    draw_country(&mut svg, v, &cc);
    svg.push_str("</svg>\n");
    Some(svg)
}

/// Whether the outlines hold `cc` in that frame (so [`country_land`] draws it).
pub fn has_land(cc: &str, land: Land) -> bool {
    outlines::country(&super::gazetteer::canonical_cc(cc), detail_of(land)).is_some()
}

fn detail_of(land: Land) -> Detail {
    match land {
        Land::Country => Detail::Country,
        Land::Locator => Detail::Locator,
    }
}

/// The start of a map of `cc` up to its markers: over the shared `land` when the view is the
/// country's usual frame (the one [`country_land`] draws), else with the outlines inline.
fn begin(view: &CowView, opts: &MapOptions, land: Option<&str>, cc: &str) -> String {
    match (view, land) {
        (CowView::Cached(v), Some(href)) if safe_href(href) => {
            let mut svg = head(v, opts);
            let _ = write!(
                svg,
                r#"<image href="{}" width="{}" height="{}"/>"#,
                esc(href),
                num(v.width),
                num(v.height)
            );
            svg
        }
        _ => {
            let v = view.as_ref();
            let mut svg = open(v, opts);
            draw_country(&mut svg, v, cc);
            svg
        }
    }
}

/// A country map as PNG without labels: the country's outlines drawn once per country and
/// kept, the markers drawn over them (the same pixels as `svg_to_png` of an unlabelled map).
pub fn country_png(cc: &str, markers: &[Marker], width: u32) -> Result<Vec<u8>> {
    let cc = super::gazetteer::canonical_cc(cc);
    let bare = unlabelled(markers);
    let pts: Vec<(f64, f64)> = bare
        .iter()
        .filter(|m| valid(m.lat, m.lon))
        .map(|m| (m.lon, m.lat))
        .collect();
    let view = local_view(&cc, Detail::Country, &pts)?;
    let opts = MapOptions::default();
    let mut over = open_bare(view.as_ref());
    draw_markers(&mut over, view.as_ref(), &bare, &opts, (16.0, 12.0));
    over.push_str("</svg>\n");
    let CowView::Cached(v) = view else {
        let mut full = open(view.as_ref(), &opts);
        draw_country(&mut full, view.as_ref(), &cc);
        full.push_str(&over[open_bare(view.as_ref()).len()..]);
        return svg_to_png(&full, width);
    };
    let bg = background(format!("country {cc} {width}"), || {
        let mut head = open(v, &opts);
        draw_country(&mut head, v, &cc);
        head.push_str("</svg>");
        super::png::render(&head, width, None)
    })?;
    let pixmap = super::png::render(&over, width, Some(bg))?;
    super::png::encode(&pixmap)
}

/// The drawn land of a frame (`key`), made by `make` or taken from the few kept: the PNG jobs
/// of one country run one after the other (the plan orders them by country), so a handful of
/// backgrounds serve them all, and memory does not grow with the number of countries.
fn background(key: String, make: impl FnOnce() -> Result<Pixmap>) -> Result<Pixmap> {
    type Kept = std::sync::Mutex<std::collections::VecDeque<(String, Pixmap)>>;
    const KEEP: usize = 8;
    static KEPT: OnceLock<Kept> = OnceLock::new();
    let kept = KEPT.get_or_init(Kept::default);
    if let Some(p) = kept
        .lock()
        .ok()
        .and_then(|k| k.iter().find(|(k, _)| *k == key).map(|(_, p)| p.clone()))
    {
        return Ok(p);
    }
    let p = make()?;
    if let Ok(mut k) = kept.lock() {
        if k.len() >= KEEP {
            k.pop_front();
        }
        k.push_back((key, p.clone()));
    }
    Ok(p)
}

/// A small locator for a city page: the city's country with a dot and the city's name, the
/// two a link to `href` (empty: no link). `cc` is the picket's country, `lat`/`lon` the
/// city's (from the gazetteer or the picket). A city far from its country's main body
/// (Honolulu) gets a map of the parts around it.
pub fn city_map(
    cc: &str,
    lat: f64,
    lon: f64,
    label: &str,
    href: &str,
    opts: &MapOptions,
) -> Result<String> {
    city_map_over(cc, lat, lon, label, href, opts, None)
}

/// [`city_map`] drawn over the country's shared locator land (`land`: the site path of
/// [`country_land`]`(cc, Land::Locator)`) when the city lies in that frame.
pub fn city_map_over(
    cc: &str,
    lat: f64,
    lon: f64,
    label: &str,
    href: &str,
    opts: &MapOptions,
    land: Option<&str>,
) -> Result<String> {
    let (view, overlay) = locator(cc, lat, lon, label, href, opts)?;
    let mut svg = begin(&view, opts, land, &super::gazetteer::canonical_cc(cc));
    svg.push_str(&overlay);
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The same pixels as `svg_to_png(&city_map(..)?, width)`, made faster: the country's
/// outlines are drawn once per country and only the dot and label per city.
pub fn city_map_png(
    cc: &str,
    lat: f64,
    lon: f64,
    label: &str,
    opts: &MapOptions,
    width: u32,
) -> Result<Vec<u8>> {
    let (view, overlay) = locator(cc, lat, lon, label, "", opts)?;
    let cc = super::gazetteer::canonical_cc(cc);
    // The outlines are written out only when their drawing is not kept already.
    let head = || begin(&view, opts, None, &cc);
    if let CowView::Cached(v) = &view {
        let bg = background(format!("locator {cc} {width}"), || {
            super::png::render(&format!("{}</svg>", head()), width, None)
        })?;
        let over = format!("{}{overlay}</svg>\n", open_bare(v));
        let pixmap = super::png::render(&over, width, Some(bg))?;
        return super::png::encode(&pixmap);
    }
    svg_to_png(&format!("{}{overlay}</svg>\n", head()), width)
}

/// A locator's view, and the dot with its label.
fn locator(
    cc: &str,
    lat: f64,
    lon: f64,
    label: &str,
    href: &str,
    opts: &MapOptions,
) -> Result<(CowView, String)> {
    let cc = super::gazetteer::canonical_cc(cc);
    if !valid(lat, lon) {
        return Err(
            Error::input(format!("coordinates {lat}, {lon} are not on Earth"))
                .hint("lat is between -90 and 90, lon between -180 and 180"),
        );
    }
    let view = match outlines::country(&cc, Detail::Locator).filter(|v| inside(v, lon, lat)) {
        Some(v) => CowView::Cached(v),
        None => outlines::country_view(&cc, Detail::Locator, Seed::Around((lon, lat)))
            .map(CowView::Owned)
            .ok_or_else(|| Error::input(format!("no map for {cc} at {lat}, {lon}")))?,
    };
    let v = view.as_ref();
    let mut overlay = String::new();
    if let Some((x, y)) = v.px(lon, lat) {
        let dot = Circle { x, y, r: 4.0 };
        let link = !href.is_empty() && safe_href(href);
        if link {
            let _ = write!(
                overlay,
                r#"<a href="{}" target="_top"><title>{}</title>"#,
                esc(href),
                esc(label)
            );
        }
        let _ = write!(
            overlay,
            r##"<circle cx="{}" cy="{}" r="4" fill="{DOT}" stroke="#fff" stroke-width="1.2"/>"##,
            num(x),
            num(y)
        );
        let size = (v.width, v.height);
        if let Some(p) = label::place(label, &dot, 11.0, rtl_of(label, opts.rtl), size) {
            overlay.push_str(&text(&p, label, 11.0));
        }
        if link {
            overlay.push_str("</a>");
        }
    }
    Ok((view, overlay))
}

/// Whether a point falls well inside a view (not on its very edge).
pub(crate) fn inside(v: &View, lon: f64, lat: f64) -> bool {
    v.px(lon, lat)
        .is_some_and(|(x, y)| x >= 8.0 && y >= 8.0 && x <= v.width - 8.0 && y <= v.height - 8.0)
}

/// The cached view of a country when every point falls inside it, else a view framed anew.
fn local_view(cc: &str, detail: Detail, pts: &[(f64, f64)]) -> Result<CowView> {
    if let Some(v) = outlines::country(cc, detail)
        && pts.iter().all(|&(lon, lat)| inside(v, lon, lat))
    {
        return Ok(CowView::Cached(v));
    }
    outlines::country_view(cc, detail, Seed::Country(pts))
        .map(CowView::Owned)
        .ok_or_else(|| {
            Error::input(format!(
                "no outline for country {cc} and no picket with coordinates to frame its map"
            ))
            .hint("check the country code (ISO 3166 alpha-2, e.g. GB)")
        })
}

enum CowView {
    Cached(&'static View),
    Owned(View),
}

impl CowView {
    fn as_ref(&self) -> &View {
        match self {
            CowView::Cached(v) => v,
            CowView::Owned(v) => v,
        }
    }
}

fn valid(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// The document's opening: size, accessible name, background.
fn open(view: &View, opts: &MapOptions) -> String {
    let mut svg = head(view, opts);
    let (w, h) = (num(view.width), num(view.height));
    let _ = write!(svg, r#"<rect width="{w}" height="{h}" fill="{SEA}"/>"#);
    svg
}

/// The document's root element and title, nothing drawn yet.
fn head(view: &View, opts: &MapOptions) -> String {
    let (w, h) = (num(view.width), num(view.height));
    let mut svg = String::with_capacity(64 * 1024);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}""#,
        esc(&opts.title)
    );
    if !opts.lang.is_empty()
        && opts
            .lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        let _ = write!(svg, r#" xml:lang="{0}""#, opts.lang);
    }
    let _ = write!(
        svg,
        r#" font-family="{FONTS}"><title>{}</title>"#,
        esc(&opts.title)
    );
    svg
}

fn open_bare(view: &View) -> String {
    let (w, h) = (num(view.width), num(view.height));
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONTS}">"#
    )
}

fn draw_country(svg: &mut String, view: &View, cc: &str) {
    let mut land = String::new();
    for (code, d) in &view.shapes {
        if code != cc {
            land.push_str(d);
        }
    }
    let _ = write!(
        svg,
        r##"<path fill="{LAND}" fill-rule="evenodd" stroke="#fff" stroke-width="0.8" d="{land}"/>"##
    );
    if let Some(d) = view.shapes.get(cc) {
        let _ = write!(
            svg,
            r##"<path fill="{HOME}" fill-rule="evenodd" stroke="#8c8c84" stroke-width="0.8" d="{d}"/>"##
        );
    }
}

/// Circles largest first, so small ones stay on top and clickable; every marker labelled,
/// the labels placed by importance (see [`label`] for where a label goes when room is short).
fn draw_markers(
    svg: &mut String,
    view: &View,
    markers: &[Marker],
    opts: &MapOptions,
    (rmax, fs): (f64, f64),
) {
    let mut ms: Vec<(&Marker, Circle)> = markers
        .iter()
        .filter(|m| valid(m.lat, m.lon))
        .filter_map(|m| view.px(m.lon, m.lat).map(|(x, y)| (m, x, y)))
        .map(|(m, x, y)| (m, Circle { x, y, r: 0.0 }))
        .collect();
    // The largest circle shrinks as markers crowd the map (14 px alone, 6 px among 1,000).
    let rmax = rmax * (40.0 / ms.len().max(1) as f64).sqrt().clamp(0.4, 1.0);
    let cmax = ms.iter().map(|(m, _)| m.count.max(1)).max().unwrap_or(1);
    let k = (rmax / f64::from(cmax).sqrt()).min(4.0);
    for (m, c) in &mut ms {
        c.r = (k * f64::from(m.count.max(1)).sqrt()).max(2.5);
    }
    ms.sort_by(|a, b| {
        b.0.count
            .cmp(&a.0.count)
            .then_with(|| a.0.label.cmp(&b.0.label))
            .then_with(|| a.0.href.cmp(&b.0.href))
            .then_with(|| a.1.x.total_cmp(&b.1.x))
            .then_with(|| a.1.y.total_cmp(&b.1.y))
    });
    let circles: Vec<Circle> = ms.iter().map(|(_, c)| *c).collect();
    let labels = label::place_all(
        ms.iter()
            .map(|(m, c)| (m.label.as_str(), *c, rtl_of(&m.label, opts.rtl))),
        fs,
        (view.width, view.height),
        &circles,
    );
    svg.push_str(r#"<g stroke-linejoin="round">"#);
    for ((m, c), placed) in ms.iter().zip(&labels) {
        let link = safe_href(&m.href);
        if link {
            let _ = write!(svg, r#"<a href="{}" target="_top">"#, esc(&m.href));
        } else {
            svg.push_str("<g>");
        }
        let _ = write!(
            svg,
            r##"<title>{}</title><circle cx="{}" cy="{}" r="{}" fill="{DOT}" fill-opacity="0.85" stroke="#fff" stroke-width="1"/>"##,
            esc(&m.label),
            num(c.x),
            num(c.y),
            num(c.r)
        );
        if let Some(p) = placed {
            svg.push_str(&text(p, &m.label, fs));
        }
        svg.push_str(if link { "</a>" } else { "</g>" });
    }
    svg.push_str("</g>");
}

/// A label with a white halo, set right to left when it is, after its leader line if it
/// sits away from its circle.
fn text(p: &Placed, label: &str, fs: f64) -> String {
    let dir = if p.rtl {
        r#" direction="rtl" unicode-bidi="embed""#
    } else {
        ""
    };
    let leader = p.leader.map_or(String::new(), |[x0, y0, x1, y1]| {
        format!(
            r##"<path d="M{} {}L{} {}" stroke="#5a5a5a" stroke-width="0.6" fill="none"/>"##,
            num(x0),
            num(y0),
            num(x1),
            num(y1)
        )
    });
    format!(
        r##"{leader}<text x="{}" y="{}" font-size="{}" text-anchor="{}"{dir} fill="#1f1f1f" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
        num(p.x),
        num(p.y),
        num(fs),
        p.anchor,
        esc(label)
    )
}

/// Whether a label reads right to left: its first letter of strong direction decides;
/// without one, the page's direction.
fn rtl_of(s: &str, page_rtl: bool) -> bool {
    for c in s.chars() {
        let cp = c as u32;
        if (0x0590..=0x08FF).contains(&cp) || (0xFB1D..=0xFEFC).contains(&cp) {
            return true;
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    page_rtl
}

/// Relative or same-origin only: no scheme, no `//host`, no control characters.
pub(crate) fn safe_href(h: &str) -> bool {
    let h = h.trim();
    // Browsers read `\` as `/` and drop tabs and newlines: `/\host` and `/<TAB>/host` are
    // other sites.
    let starts_two_slashes = h.chars().take(2).all(|c| c == '/' || c == '\\') && h.len() >= 2;
    if starts_two_slashes || h.chars().any(|c| c.is_control()) {
        return false;
    }
    let head = h.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

/// Text and attribute escaping for XML; characters XML 1.0 forbids become spaces.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "map_tests.rs"]
mod tests;
