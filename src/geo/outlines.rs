//! Country outlines projected and framed for each kind of map, as SVG path data.
//!
//! The world view (Equal Earth, 1:110m, Antarctica left out, rings cut at the antimeridian) is
//! computed once per process. A country view (Lambert azimuthal equal-area centred on the
//! country's largest ring, 1:50m) is computed once per country and detail level and then reused
//! by every map of that country, in every language, and by every city locator in it. Both are
//! immutable once made, held in `OnceLock`s: reference data derived from the embedded files,
//! not build state. Paths are simplified to a fraction of a pixel, clipped to the frame, and
//! written with one decimal, so output is compact and byte-identical across runs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub(crate) use super::geom::num;
use super::geom::{Rect, clip, push_ring};
use super::project::{EqualEarth, Laea};
use super::topo::{self, Pt, Topology};

/// Earth's radius in km: projected units are radii, frames are reasoned about in km.
const R_KM: f64 = 6371.0;

/// Projected outlines for one map: its size, a projection into its pixels, and path data.
pub(crate) struct View {
    pub(crate) width: f64,
    pub(crate) height: f64,
    proj: Proj,
    /// Path data per country code, sorted by code.
    pub(crate) shapes: BTreeMap<String, String>,
}

#[derive(Clone, Copy)]
enum Proj {
    World {
        s: f64,
        x0: f64,
        y0: f64,
    },
    Local {
        laea: Laea,
        s: f64,
        x0: f64,
        y0: f64,
    },
}

impl Proj {
    fn px(&self, lon: f64, lat: f64) -> Option<Pt> {
        match *self {
            Proj::World { s, x0, y0 } => {
                let (x, y) = EqualEarth.project(lon, lat);
                Some(((x - x0) * s, (y - y0) * s))
            }
            Proj::Local { laea, s, x0, y0 } => laea
                .project(lon, lat, 170.0)
                .map(|(x, y)| ((x - x0) * s, (y - y0) * s)),
        }
    }
}

impl View {
    /// Pixel position of a point on this map (`None` on the far side of the globe).
    pub(crate) fn px(&self, lon: f64, lat: f64) -> Option<Pt> {
        self.proj.px(lon, lat)
    }
}

/// Map widths and how finely outlines are kept (in pixels) per kind of map.
const WORLD_WIDTH: f64 = 960.0;
const TOL_PX: f64 = 0.35;

/// The world map's outlines (computed on first use).
pub(crate) fn world() -> &'static View {
    static W: OnceLock<View> = OnceLock::new();
    W.get_or_init(build_world)
}

fn build_world() -> View {
    let t = topo::world_110m();
    let (xmin, _) = EqualEarth.project(-180.0, 0.0);
    let (xmax, _) = EqualEarth.project(180.0, 0.0);
    let s = WORLD_WIDTH / (xmax - xmin);
    // Simplify in degrees: at the equator a degree spans s * PI / 180 pixels.
    let arcs = t.simplified_arcs(TOL_PX / (s * std::f64::consts::PI / 180.0));
    let mut rings: Vec<(String, Vec<Pt>)> = Vec::new();
    for f in t.features.iter().filter(|f| f.cc != "AQ") {
        for ring in t.rings(f, &arcs) {
            for piece in topo::cut_antimeridian(&ring) {
                let p: Vec<Pt> = piece
                    .iter()
                    .map(|&(lon, lat)| EqualEarth.project(lon, lat))
                    .collect();
                rings.push((f.cc.clone(), p));
            }
        }
    }
    let mut b = Rect::empty();
    for (_, r) in &rings {
        b.union(&Rect::of(r));
    }
    let pad = 6.0 / s;
    let (y0, y1) = if b.is_empty() {
        (-1.4, 1.4)
    } else {
        (b.y0 - pad, b.y1 + pad)
    };
    let proj = Proj::World { s, x0: xmin, y0 };
    let mut shapes: BTreeMap<String, String> = BTreeMap::new();
    for (cc, r) in rings {
        let px: Vec<Pt> = r
            .iter()
            .map(|&(x, y)| ((x - xmin) * s, (y - y0) * s))
            .collect();
        push_ring(shapes.entry(cc).or_default(), &px);
    }
    shapes.retain(|_, d| !d.is_empty());
    View {
        width: WORLD_WIDTH,
        height: ((y1 - y0) * s).round(),
        proj,
        shapes,
    }
}

/// How much room a country view gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Detail {
    /// A country map: at most 800 x 600.
    Country,
    /// A city page's locator: at most 320 x 240, coarser outlines.
    Locator,
}

impl Detail {
    fn max(self) -> (f64, f64) {
        match self {
            Detail::Country => (800.0, 600.0),
            Detail::Locator => (320.0, 240.0),
        }
    }
    fn tol(self) -> f64 {
        match self {
            Detail::Country => TOL_PX,
            Detail::Locator => 0.5,
        }
    }
}

/// The country's view, framed on its main body and nearby parts (computed once per country
/// and detail level), or `None` when the outlines do not have the country.
pub(crate) fn country(cc: &str, detail: Detail) -> Option<&'static View> {
    type Cache = BTreeMap<String, [OnceLock<Option<View>>; 2]>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        topo::world_50m()
            .features
            .iter()
            .map(|f| (f.cc.clone(), [OnceLock::new(), OnceLock::new()]))
            .collect()
    });
    let slot = cache.get(cc)?.get(detail as usize)?;
    slot.get_or_init(|| country_view(cc, detail, Seed::Country(&[])))
        .as_ref()
}

/// What a country view is framed on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seed<'a> {
    /// The country's main body and the parts near it, plus these points (lon, lat): pickets
    /// outside the usual frame (Honolulu on a map of the US), or, for a country the outlines
    /// lack (French Guiana, GF), the pickets alone.
    Country(&'a [Pt]),
    /// The parts of the country around one point: a locator for Honolulu shows Hawaii.
    Around(Pt),
}

/// A country view framed on `seed`. Not cached: see [`country`] for the usual frame.
pub(crate) fn country_view(cc: &str, detail: Detail, seed: Seed) -> Option<View> {
    let t: &Topology = topo::world_50m();
    let members: Vec<Vec<Pt>> = t
        .features
        .iter()
        .filter(|f| f.cc == cc)
        .flat_map(|f| t.rings(f, t.arcs()))
        .collect();
    let largest = members
        .iter()
        .max_by(|a, b| topo::approx_area(a).total_cmp(&topo::approx_area(b)));
    let extra: &[Pt] = match seed {
        Seed::Country(pts) => pts,
        Seed::Around(ref p) => std::slice::from_ref(p),
    };
    let (lon0, lat0) = match (seed, largest) {
        (Seed::Country(_), Some(r)) => {
            let u = topo::unwrap(r);
            let b = Rect::of(&u);
            (wrap((b.x0 + b.x1) / 2.0), (b.y0 + b.y1) / 2.0)
        }
        _ => {
            let u = topo::unwrap(extra);
            let n = u.len();
            if n == 0 {
                return None;
            }
            let (sx, sy) = u.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
            (wrap(sx / n as f64), sy / n as f64)
        }
    };
    let laea = Laea::new(lon0, lat0);
    let project = |ring: &[Pt]| -> Option<Vec<Pt>> {
        ring.iter()
            .map(|&(lon, lat)| laea.project(lon, lat, 170.0))
            .collect()
    };
    // Frame (in Earth radii): the seed, with the country's other large parts (a quarter of
    // the main body or more: peninsular Malaysia beside Borneo), grown by every member ring
    // within reach, again and again: Corsica, Kaliningrad, the Indonesian islands join;
    // Alaska, Hawaii, Réunion and Svalbard, hundreds of kilometres out, do not.
    let main_area = largest.map_or(0.0, |r| topo::approx_area(r));
    let parts: Vec<(Rect, f64)> = members
        .iter()
        .filter_map(|r| project(r).map(|p| (Rect::of(&p), topo::approx_area(r))))
        .collect();
    let mut frame = Rect::empty();
    match seed {
        Seed::Country(_) => {
            for (b, area) in &parts {
                if *area >= 0.25 * main_area {
                    frame.union(b);
                }
            }
        }
        Seed::Around((lon, lat)) => {
            if let Some(p) = laea.project(lon, lat, 170.0) {
                frame.add(p);
            }
        }
    }
    let boxes: Vec<Rect> = parts.into_iter().map(|(b, _)| b).collect();
    if !frame.is_empty() {
        let mut taken = vec![false; boxes.len()];
        loop {
            let reach = (0.1 * frame.w().hypot(frame.h())).max(300.0 / R_KM);
            let mut grew = false;
            for (b, t) in boxes.iter().zip(taken.iter_mut()) {
                if !*t && frame.gap(b) <= reach {
                    frame.union(b);
                    *t = true;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
    }
    for &(lon, lat) in extra {
        if let Some(p) = laea.project(lon, lat, 170.0) {
            frame.add(p);
        }
    }
    if frame.is_empty() {
        return None;
    }
    // Room around the country, at least 300 km across so a city-state still shows its region.
    let min = 300.0 / R_KM;
    let (w, h) = (frame.w().max(min), frame.h().max(min));
    let (cx, cy) = ((frame.x0 + frame.x1) / 2.0, (frame.y0 + frame.y1) / 2.0);
    // Not too tall or too wide (Chile, Norway): widen the short side.
    let (w, h) = ((w * 1.12).max(h * 0.6), (h * 1.12).max(w * 0.5));
    let frame = Rect {
        x0: cx - w / 2.0,
        y0: cy - h / 2.0,
        x1: cx + w / 2.0,
        y1: cy + h / 2.0,
    };
    let (max_w, max_h) = detail.max();
    let s = (max_w / w).min(max_h / h);
    let (width, height) = ((w * s).round(), (h * s).round());
    let proj = Proj::Local {
        laea,
        s,
        x0: frame.x0,
        y0: frame.y0,
    };
    // Only the countries that can reach the frame: the LAEA distance rho of a corner is
    // 2 sin(c/2) for an arc c from the centre.
    let rho = [
        (frame.x0, frame.y0),
        (frame.x1, frame.y0),
        (frame.x0, frame.y1),
        (frame.x1, frame.y1),
    ]
    .iter()
    .map(|&(x, y)| x.hypot(y))
    .fold(0.0, f64::max);
    let reach = 2.0 * (rho / 2.0).min(1.0).asin() * 1.1 + 0.02;
    let seen: Vec<&topo::Feature> = t
        .features
        .iter()
        .filter(|f| f.near(lon0, lat0, reach))
        .collect();
    let arcs = t.simplified_arcs_of(
        detail.tol() / (s * std::f64::consts::PI / 180.0),
        seen.iter().copied(),
    );
    let view_rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: width,
        y1: height,
    };
    let clip_rect = view_rect.grow(4.0, 4.0);
    let mut shapes: BTreeMap<String, String> = BTreeMap::new();
    for f in seen {
        for ring in t.rings(f, &arcs) {
            let Some(px) = ring
                .iter()
                .map(|&(lon, lat)| proj.px(lon, lat))
                .collect::<Option<Vec<Pt>>>()
            else {
                continue;
            };
            if !Rect::of(&px).intersects(&view_rect) {
                continue;
            }
            push_ring(
                shapes.entry(f.cc.clone()).or_default(),
                &clip(&px, &clip_rect),
            );
        }
    }
    shapes.retain(|_, d| !d.is_empty());
    Some(View {
        width,
        height,
        proj,
        shapes,
    })
}

fn wrap(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The largest horizontal step inside one subpath of `d`, in pixels.
    pub(crate) fn widest_step(d: &str) -> f64 {
        let mut widest: f64 = 0.0;
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            let Some((_, rel)) = sub.split_once('l') else {
                continue;
            };
            let rel = rel.trim_end_matches('Z').replace('-', " -");
            let nums: Vec<f64> = rel
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            for dx in nums.iter().step_by(2) {
                widest = widest.max(dx.abs());
            }
        }
        widest
    }

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        assert_eq!(num(1.26), "1.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-12.0), "-12");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn russia_and_fiji_do_not_streak_across_the_world() {
        let w = world();
        for cc in ["RU", "FJ", "US"] {
            let d = w.shapes.get(cc).expect(cc);
            assert!(widest_step(d) < w.width / 2.0, "{cc}: {}", widest_step(d));
        }
        assert!(!w.shapes.contains_key("AQ"));
        assert!(w.height > 400.0 && w.height < 500.0, "{}", w.height);
    }

    #[test]
    fn country_frames_are_sensible() {
        for cc in ["RU", "US", "FJ", "FR", "NO", "CL", "MC", "MY", "ID"] {
            let v = country(cc, Detail::Country).expect(cc);
            assert!(
                v.width <= 800.0 && v.height <= 600.0 && v.width >= 300.0,
                "{cc} {}x{}",
                v.width,
                v.height
            );
            assert!(v.shapes.contains_key(cc), "{cc} drawn");
        }
        // France is framed on Europe, not stretched to French Guiana or Réunion.
        let fr = country("FR", Detail::Country).expect("FR");
        let (x, y) = fr.px(2.35, 48.86).expect("Paris");
        assert!(x > 0.0 && x < fr.width && y > 0.0 && y < fr.height);
        assert!(
            fr.px(-52.3, 4.9)
                .is_none_or(|p| p.0 < 0.0 || p.0 > fr.width || p.1 < 0.0 || p.1 > fr.height)
        );
        // Malaysia is both its peninsula and its part of Borneo.
        let my = country("MY", Detail::Country).expect("MY");
        for (lon, lat) in [(101.69, 3.139), (110.35, 1.55)] {
            let (x, y) = my.px(lon, lat).expect("in view");
            assert!(
                x > 0.0 && x < my.width && y > 0.0 && y < my.height,
                "{lon},{lat}"
            );
        }
        // Russia's frame holds both Kaliningrad and Chukotka, centred far from the 180th meridian.
        let ru = country("RU", Detail::Country).expect("RU");
        for (lon, lat) in [(20.5, 54.7), (-172.0, 65.0), (37.6, 55.75)] {
            let (x, y) = ru.px(lon, lat).expect("in view");
            assert!(
                x >= 0.0 && x <= ru.width && y >= 0.0 && y <= ru.height,
                "{lon},{lat}"
            );
        }
    }

    #[test]
    fn extra_points_widen_the_frame() {
        let us =
            country_view("US", Detail::Country, Seed::Country(&[(-157.86, 21.31)])).expect("US");
        let (x, y) = us.px(-157.86, 21.31).expect("Honolulu");
        assert!(x >= 0.0 && x <= us.width && y >= 0.0 && y <= us.height);
        let gf = country_view("GF", Detail::Country, Seed::Country(&[(-52.33, 4.93)]))
            .expect("GF from its pickets");
        assert!(gf.shapes.contains_key("FR") && gf.shapes.contains_key("BR"));
    }
}
