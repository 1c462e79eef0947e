//! Plane geometry in map pixels and its SVG form: rectangles, clipping a ring to a frame, and
//! path data with one decimal place (relative steps in whole tenths of a pixel, so the same
//! outline always gives the same bytes and a path costs a few bytes a point).

use std::fmt::Write as _;

use super::topo::Pt;

/// A number with one decimal place, `-0.0` written as `0`, trailing `.0` dropped.
pub(crate) fn num(v: f64) -> String {
    tenths(round10(v))
}

fn round10(v: f64) -> i64 {
    if v.is_finite() {
        (v * 10.0).round() as i64
    } else {
        0
    }
}

fn tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    if a.is_multiple_of(10) {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// An axis-aligned rectangle in map pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x0: f64,
    pub(crate) y0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
}

impl Rect {
    pub(crate) fn empty() -> Rect {
        Rect {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        }
    }
    pub(crate) fn of(pts: &[Pt]) -> Rect {
        let mut r = Rect::empty();
        for &p in pts {
            r.add(p);
        }
        r
    }
    pub(crate) fn add(&mut self, (x, y): Pt) {
        self.x0 = self.x0.min(x);
        self.y0 = self.y0.min(y);
        self.x1 = self.x1.max(x);
        self.y1 = self.y1.max(y);
    }
    pub(crate) fn union(&mut self, o: &Rect) {
        self.add((o.x0, o.y0));
        self.add((o.x1, o.y1));
    }
    pub(crate) fn is_empty(&self) -> bool {
        !(self.x0 <= self.x1 && self.y0 <= self.y1)
    }
    pub(crate) fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub(crate) fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    pub(crate) fn grow(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x0: self.x0 - dx,
            y0: self.y0 - dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }
    pub(crate) fn intersects(&self, o: &Rect) -> bool {
        self.x0 <= o.x1 && o.x0 <= self.x1 && self.y0 <= o.y1 && o.y0 <= self.y1
    }
    pub(crate) fn gap(&self, o: &Rect) -> f64 {
        let dx = (o.x0 - self.x1).max(self.x0 - o.x1).max(0.0);
        let dy = (o.y0 - self.y1).max(self.y0 - o.y1).max(0.0);
        dx.hypot(dy)
    }
}

/// Appends a closed ring to SVG path data: absolute move, then relative steps in tenths of a
/// pixel, consecutive duplicates dropped (so a ring that shrinks to under a pixel vanishes).
pub(crate) fn push_ring(d: &mut String, ring: &[Pt]) {
    let q: Vec<(i64, i64)> = ring
        .iter()
        .map(|&(x, y)| (round10(x), round10(y)))
        .collect();
    let mut pts: Vec<(i64, i64)> = Vec::with_capacity(q.len());
    for p in q {
        if pts.last() != Some(&p) {
            pts.push(p);
        }
    }
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    if pts.len() < 3 {
        return;
    }
    let mut prev = pts[0];
    let _ = write!(d, "M{} {}", tenths(prev.0), tenths(prev.1));
    d.push('l');
    let mut first = true;
    for &p in &pts[1..] {
        for v in [p.0 - prev.0, p.1 - prev.1] {
            let s = tenths(v);
            if !first && !s.starts_with('-') {
                d.push(' ');
            }
            d.push_str(&s);
            first = false;
        }
        prev = p;
    }
    d.push('Z');
}

/// Sutherland-Hodgman clipping of a ring to a rectangle: keeps paths small when a huge
/// neighbour (Russia beside Finland) only grazes the frame.
pub(crate) fn clip(ring: &[Pt], r: &Rect) -> Vec<Pt> {
    let mut pts: Vec<Pt> = ring.to_vec();
    type Inside = fn(Pt, &Rect) -> bool;
    type Cross = fn(Pt, Pt, &Rect) -> Pt;
    let edges: [(Inside, Cross); 4] = [
        (
            |p, r| p.0 >= r.x0,
            |a, b, r| (r.x0, a.1 + (b.1 - a.1) * (r.x0 - a.0) / (b.0 - a.0)),
        ),
        (
            |p, r| p.0 <= r.x1,
            |a, b, r| (r.x1, a.1 + (b.1 - a.1) * (r.x1 - a.0) / (b.0 - a.0)),
        ),
        (
            |p, r| p.1 >= r.y0,
            |a, b, r| (a.0 + (b.0 - a.0) * (r.y0 - a.1) / (b.1 - a.1), r.y0),
        ),
        (
            |p, r| p.1 <= r.y1,
            |a, b, r| (a.0 + (b.0 - a.0) * (r.y1 - a.1) / (b.1 - a.1), r.y1),
        ),
    ];
    for (inside, cross) in edges {
        if pts.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(pts.len());
        let mut prev = pts[pts.len() - 1];
        for &p in &pts {
            match (inside(p, r), inside(prev, r)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p, r));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p, r)),
                (false, false) => {}
            }
            prev = p;
        }
        pts = out;
    }
    if let Some(&f) = pts.first() {
        pts.push(f);
    }
    pts
}
