//! TopoJSON decoding and ring geometry in longitude/latitude: quantized, delta-encoded arcs
//! shared between neighbours; rings assembled from arcs; simplification per arc (so shared
//! borders stay identical on both sides and no gaps open between countries); and cutting rings
//! at the 180° meridian so Russia, Fiji and Antarctica do not streak across a world map.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Result};

const WORLD_110M: &[u8] = include_bytes!("../../geodata/world-110m.topo.json.gz");
const WORLD_50M: &[u8] = include_bytes!("../../geodata/world-50m.topo.json.gz");

pub(crate) type Pt = (f64, f64);

/// A country (or the data's placeholder unit) and its rings as lists of signed arc indexes.
pub(crate) struct Feature {
    /// The code pickets use: the data's `a2`, with XC filed under CY and XS under SO.
    pub(crate) cc: String,
    rings: Vec<Vec<i32>>,
    /// A spherical cap holding every point: its centre (unit vector) and radius (radians),
    /// so a map can skip the countries it cannot see without projecting them.
    cap: ([f64; 3], f64),
}

/// Decoded arcs in degrees, and the features that reference them.
pub(crate) struct Topology {
    arcs: Vec<Vec<Pt>>,
    pub(crate) features: Vec<Feature>,
}

#[derive(Deserialize)]
struct RawTopology {
    transform: Option<RawTransform>,
    objects: std::collections::BTreeMap<String, RawCollection>,
    arcs: Vec<Vec<Vec<f64>>>,
}

#[derive(Deserialize)]
struct RawTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct RawCollection {
    #[serde(default)]
    geometries: Vec<RawGeometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum RawGeometry {
    Polygon {
        arcs: Vec<Vec<i32>>,
        #[serde(default)]
        properties: RawProps,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i32>>>,
        #[serde(default)]
        properties: RawProps,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
struct RawProps {
    #[serde(default)]
    a2: String,
}

impl Topology {
    pub(crate) fn parse(json: &str) -> Result<Topology> {
        let raw: RawTopology = serde_json::from_str(json)
            .map_err(|e| Error::input(format!("the embedded country outlines are damaged: {e}")))?;
        let arcs = raw
            .arcs
            .iter()
            .map(|arc| {
                let (mut x, mut y) = (0.0, 0.0);
                arc.iter()
                    .filter(|p| p.len() >= 2)
                    .map(|p| match &raw.transform {
                        Some(t) => {
                            x += p[0];
                            y += p[1];
                            (
                                x * t.scale[0] + t.translate[0],
                                y * t.scale[1] + t.translate[1],
                            )
                        }
                        None => (p[0], p[1]),
                    })
                    .collect()
            })
            .collect();
        let arcs: Vec<Vec<Pt>> = arcs;
        let mut features = Vec::new();
        if let Some(countries) = raw.objects.get("countries") {
            for g in &countries.geometries {
                let (rings, props) = match g {
                    RawGeometry::Polygon { arcs, properties } => (arcs.clone(), properties),
                    RawGeometry::MultiPolygon { arcs, properties } => {
                        (arcs.iter().flatten().cloned().collect(), properties)
                    }
                    RawGeometry::Other => continue,
                };
                let cc = match props.a2.as_str() {
                    "XC" => "CY".to_string(),
                    "XS" => "SO".to_string(),
                    a2 => a2.to_string(),
                };
                let cap = cap_of(&rings, &arcs);
                features.push(Feature { cc, rings, cap });
            }
        }
        Ok(Topology { arcs, features })
    }

    /// Every arc simplified with Douglas-Peucker at `tol` degrees (0: unchanged).
    pub(crate) fn simplified_arcs(&self, tol: f64) -> Vec<Vec<Pt>> {
        self.arcs.iter().map(|a| simplify(a, tol)).collect()
    }

    /// The arcs of `features` simplified at `tol` degrees; the others left empty.
    pub(crate) fn simplified_arcs_of<'a>(
        &self,
        tol: f64,
        features: impl Iterator<Item = &'a Feature>,
    ) -> Vec<Vec<Pt>> {
        let mut out = vec![Vec::new(); self.arcs.len()];
        for f in features {
            for &i in f.rings.iter().flatten() {
                let idx = if i >= 0 { i as usize } else { !i as usize };
                if let (Some(slot), Some(arc)) = (out.get_mut(idx), self.arcs.get(idx))
                    && slot.is_empty()
                {
                    *slot = simplify(arc, tol);
                }
            }
        }
        out
    }

    /// The feature's rings assembled from `arcs` (this topology's arcs, possibly simplified);
    /// rings of fewer than 4 points (degenerate after quantization or simplification) skipped.
    pub(crate) fn rings(&self, f: &Feature, arcs: &[Vec<Pt>]) -> Vec<Vec<Pt>> {
        let mut out = Vec::with_capacity(f.rings.len());
        for ring in &f.rings {
            let mut pts: Vec<Pt> = Vec::new();
            for &i in ring {
                let (idx, rev) = if i >= 0 {
                    (i as usize, false)
                } else {
                    (!i as usize, true)
                };
                let Some(arc) = arcs.get(idx) else { continue };
                let skip = usize::from(!pts.is_empty());
                if rev {
                    pts.extend(arc.iter().rev().skip(skip));
                } else {
                    pts.extend(arc.iter().skip(skip));
                }
            }
            if pts.len() >= 4 {
                out.push(pts);
            }
        }
        out
    }

    /// Full-resolution arcs.
    pub(crate) fn arcs(&self) -> &[Vec<Pt>] {
        &self.arcs
    }
}

fn unit((lon, lat): Pt) -> [f64; 3] {
    let (l, p) = (lon.to_radians(), lat.to_radians());
    [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()]
}

/// The angle between two unit vectors, in radians.
pub(crate) fn angle(a: [f64; 3], b: [f64; 3]) -> f64 {
    (a[0] * b[0] + a[1] * b[1] + a[2] * b[2])
        .clamp(-1.0, 1.0)
        .acos()
}

fn cap_of(rings: &[Vec<i32>], arcs: &[Vec<Pt>]) -> ([f64; 3], f64) {
    let pts = || {
        rings.iter().flatten().filter_map(|&i| {
            let idx = if i >= 0 { i as usize } else { !i as usize };
            arcs.get(idx)
        })
    };
    let mut sum = [0.0; 3];
    for p in pts().flatten() {
        let u = unit(*p);
        sum = [sum[0] + u[0], sum[1] + u[1], sum[2] + u[2]];
    }
    let n = (sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]).sqrt();
    if n < 1e-9 {
        return ([0.0, 0.0, 1.0], std::f64::consts::PI);
    }
    let c = [sum[0] / n, sum[1] / n, sum[2] / n];
    let r = pts()
        .flatten()
        .map(|p| angle(c, unit(*p)))
        .fold(0.0, f64::max);
    (c, r)
}

impl Feature {
    /// Whether any part of the feature can lie within `radius` radians of (`lon`, `lat`).
    pub(crate) fn near(&self, lon: f64, lat: f64, radius: f64) -> bool {
        angle(self.cap.0, unit((lon, lat))) - self.cap.1 <= radius
    }
}

fn load(bytes: &[u8]) -> Topology {
    let mut json = String::new();
    let ok = std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut json);
    match ok
        .map_err(|e| Error::input(e.to_string()))
        .and_then(|_| Topology::parse(&json))
    {
        Ok(t) => t,
        // Embedded data; a test checks that both files decode. An empty map beats a panic.
        Err(_) => Topology {
            arcs: Vec::new(),
            features: Vec::new(),
        },
    }
}

/// Natural Earth 1:110m, for the world map.
pub(crate) fn world_110m() -> &'static Topology {
    static T: OnceLock<Topology> = OnceLock::new();
    T.get_or_init(|| load(WORLD_110M))
}

/// Natural Earth 1:50m, for country and city maps.
pub(crate) fn world_50m() -> &'static Topology {
    static T: OnceLock<Topology> = OnceLock::new();
    T.get_or_init(|| load(WORLD_50M))
}

/// Douglas-Peucker, keeping both ends so that arcs still meet their neighbours.
pub(crate) fn simplify(pts: &[Pt], tol: f64) -> Vec<Pt> {
    let n = pts.len();
    if n <= 2 || tol <= 0.0 {
        return pts.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((a, b)) = stack.pop() {
        let (pa, pb) = (pts[a], pts[b]);
        let (dx, dy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len2 = dx * dx + dy * dy;
        let mut best = (0.0, 0);
        for (i, p) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = if len2 == 0.0 {
                (p.0 - pa.0).hypot(p.1 - pa.1)
            } else {
                ((p.0 - pa.0) * dy - (p.1 - pa.1) * dx).abs() / len2.sqrt()
            };
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tol {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    pts.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Area of a ring in square degrees, longitudes unwrapped and shrunk by the cosine of the
/// latitude: good enough to tell which ring of a country is its main body.
pub(crate) fn approx_area(ring: &[Pt]) -> f64 {
    let u = unwrap(ring);
    let lat0 = u.iter().map(|p| p.1).sum::<f64>() / u.len().max(1) as f64;
    let k = lat0.to_radians().cos();
    let mut a = 0.0;
    for w in u.windows(2) {
        a += (w[0].0 * k) * w[1].1 - (w[1].0 * k) * w[0].1;
    }
    (a / 2.0).abs()
}

/// The ring with longitudes made continuous (a step of more than 180° is the same point
/// across the antimeridian).
pub(crate) fn unwrap(ring: &[Pt]) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(ring.len());
    for &(lon, lat) in ring {
        let lon = match out.last() {
            Some(&(prev, _)) => lon + 360.0 * ((prev - lon) / 360.0).round(),
            None => lon,
        };
        out.push((lon, lat));
    }
    out
}

/// Cuts a closed ring where it crosses the 180° meridian and closes each piece along the
/// meridian (or, for a ring around a pole, along the pole line), densified every degree so
/// the closing edge follows the map's curved outline. A ring that does not cross comes back
/// as it is.
pub(crate) fn cut_antimeridian(ring: &[Pt]) -> Vec<Vec<Pt>> {
    let crosses = |a: Pt, b: Pt| (a.0 - b.0).abs() > 180.0;
    if !ring.windows(2).any(|w| crosses(w[0], w[1])) {
        return vec![ring.to_vec()];
    }
    let edge = |lon: f64| if lon >= 0.0 { 180.0 } else { -180.0 };
    let mut pieces: Vec<Vec<Pt>> = vec![Vec::new()];
    for (i, &p) in ring.iter().enumerate() {
        if let Some(&q) = i.checked_sub(1).and_then(|j| ring.get(j))
            && crosses(q, p)
        {
            let e = edge(q.0);
            let p_lon = p.0 + if e > 0.0 { 360.0 } else { -360.0 };
            let t = if (p_lon - q.0).abs() < 1e-12 {
                0.0
            } else {
                (e - q.0) / (p_lon - q.0)
            };
            let lat = q.1 + t * (p.1 - q.1);
            if let Some(last) = pieces.last_mut() {
                last.push((e, lat));
            }
            pieces.push(vec![(-e, lat)]);
        }
        if let Some(last) = pieces.last_mut() {
            last.push(p);
        }
    }
    // The ring is closed: its last piece continues into its first.
    if pieces.len() > 1 {
        let first = pieces.remove(0);
        if let Some(last) = pieces.last_mut() {
            last.extend(first.into_iter().skip(1));
        }
    }
    let mean_lat = ring.iter().map(|p| p.1).sum::<f64>() / ring.len().max(1) as f64;
    let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
    pieces
        .into_iter()
        .filter(|p| p.len() >= 2)
        .map(|mut piece| {
            let (Some(&start), Some(&end)) = (piece.first(), piece.last()) else {
                return piece;
            };
            if edge(start.0) == edge(end.0) {
                meridian(&mut piece, edge(end.0), end.1, start.1);
            } else {
                meridian(&mut piece, edge(end.0), end.1, pole);
                meridian(&mut piece, edge(start.0), pole, start.1);
            }
            piece.push(start);
            piece
        })
        .filter(|p| p.len() >= 4)
        .collect()
}

/// Appends points along meridian `lon` from `from` to `to` (exclusive), one a degree.
fn meridian(out: &mut Vec<Pt>, lon: f64, from: f64, to: f64) {
    let steps = (to - from).abs().ceil() as usize;
    for i in 0..=steps {
        let lat = if steps == 0 {
            to
        } else {
            from + (to - from) * i as f64 / steps as f64
        };
        out.push((lon, lat));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_outline_files_decode() {
        for (t, n) in [(world_110m(), 177), (world_50m(), 242)] {
            assert_eq!(t.features.len(), n);
            let ru = t.features.iter().find(|f| f.cc == "RU").expect("Russia");
            assert!(!t.rings(ru, t.arcs()).is_empty());
        }
    }

    #[test]
    fn antimeridian_cut_keeps_each_piece_on_one_side() {
        let t = world_110m();
        for cc in ["RU", "FJ", "AQ"] {
            let f = t.features.iter().find(|f| f.cc == cc).expect(cc);
            for ring in t.rings(f, t.arcs()) {
                for piece in cut_antimeridian(&ring) {
                    // Only the pole line of a ring around the pole (Antarctica) may span the map.
                    let along_pole = |w: &[Pt]| w[0].1.abs() == 90.0 && w[1].1 == w[0].1;
                    assert!(
                        piece
                            .windows(2)
                            .all(|w| (w[0].0 - w[1].0).abs() <= 180.0 || along_pole(w)),
                        "{cc}"
                    );
                    assert_eq!(piece.first(), piece.last(), "{cc} piece is closed");
                }
            }
        }
    }

    #[test]
    fn simplify_keeps_ends_and_drops_wiggles() {
        let line: Vec<Pt> = (0..=10)
            .map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 0.01 }))
            .collect();
        assert_eq!(simplify(&line, 0.1), vec![(0.0, 0.0), (10.0, 0.0)]);
        assert_eq!(simplify(&line, 0.0).len(), 11);
    }
}
