//! Where marker labels go. Every marker with a name gets a visible label (the maps promise a
//! text label on every marker), placed in order of the marker's importance so the largest
//! markers get the best spots:
//!
//! 1. beside, before, above, below or diagonally off its circle, where it covers no other
//!    label and no circle and stays inside the map;
//! 2. else a little further out along the same directions, joined to its circle by a thin
//!    leader line, under the same rules;
//! 3. else beside its circle covering other circles but no label;
//! 4. else beside its circle regardless (a crowded map), still inside the map when it fits.
//!
//! No label ever covers its own circle. Text width is estimated from the characters (no font
//! is consulted, so the result is the same everywhere).

/// A marker's circle in map pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Circle {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) r: f64,
}

/// Where a label's text goes: its anchor point and SVG `text-anchor`, and, for a label set
/// away from its circle, the leader line from the circle's edge to the label (x0, y0, x1, y1).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) anchor: &'static str,
    pub(crate) rtl: bool,
    pub(crate) leader: Option<[f64; 4]>,
}

#[derive(Debug, Clone, Copy)]
struct Boxed {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Boxed {
    fn overlaps(&self, o: &Boxed) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    fn hits(&self, c: &Circle) -> bool {
        let nx = c.x.clamp(self.x0, self.x1);
        let ny = c.y.clamp(self.y0, self.y1);
        (nx - c.x).hypot(ny - c.y) < c.r
    }
}

/// Estimated advance of a label in em: wide for CJK and Hangul, nothing for combining marks.
fn width_em(s: &str) -> f64 {
    s.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x200B..=0x200F => 0.0,
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 => 1.0,
            _ if c == ' ' => 0.32,
            _ if c.is_uppercase() => 0.72,
            _ => 0.62,
        })
        .sum()
}

/// A coarse grid over the map so each test only looks at nearby circles and labels.
struct Grid {
    cell: f64,
    cols: usize,
    rows: usize,
    circles: Vec<Vec<Circle>>,
    boxes: Vec<Vec<Boxed>>,
}

impl Grid {
    fn new((w, h): (f64, f64)) -> Grid {
        let cell = 40.0;
        let cols = (w / cell).ceil().clamp(1.0, 4096.0) as usize;
        let rows = (h / cell).ceil().clamp(1.0, 4096.0) as usize;
        Grid {
            cell,
            cols,
            rows,
            circles: vec![Vec::new(); cols * rows],
            boxes: vec![Vec::new(); cols * rows],
        }
    }
    fn cells(&self, b: &Boxed) -> impl Iterator<Item = usize> + '_ {
        let c = |v: f64, n: usize| ((v / self.cell).floor().max(0.0) as usize).min(n - 1);
        let (cx0, cx1) = (c(b.x0, self.cols), c(b.x1, self.cols));
        let (cy0, cy1) = (c(b.y0, self.rows), c(b.y1, self.rows));
        (cy0..=cy1).flat_map(move |y| (cx0..=cx1).map(move |x| y * self.cols + x))
    }
    fn add_circle(&mut self, c: Circle) {
        let b = Boxed {
            x0: c.x - c.r,
            y0: c.y - c.r,
            x1: c.x + c.r,
            y1: c.y + c.r,
        };
        let cells: Vec<usize> = self.cells(&b).collect();
        for i in cells {
            if let Some(v) = self.circles.get_mut(i) {
                v.push(c);
            }
        }
    }
    fn add_box(&mut self, b: Boxed) {
        let cells: Vec<usize> = self.cells(&b).collect();
        for i in cells {
            if let Some(v) = self.boxes.get_mut(i) {
                v.push(b);
            }
        }
    }
    fn no_circle(&self, b: &Boxed) -> bool {
        self.cells(b).all(|i| {
            self.circles
                .get(i)
                .is_none_or(|v| !v.iter().any(|c| b.hits(c)))
        })
    }
    fn no_label(&self, b: &Boxed) -> bool {
        self.cells(b).all(|i| {
            self.boxes
                .get(i)
                .is_none_or(|v| !v.iter().any(|o| b.overlaps(o)))
        })
    }
    fn free(&self, b: &Boxed) -> bool {
        self.no_label(b) && self.no_circle(b)
    }
}

/// The directions a label may sit in, in order of preference for left-to-right text:
/// (dx, dy) of the unit step from the circle's centre.
const DIRS: [(f64, f64); 8] = [
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, -1.0),
    (0.0, 1.0),
    (1.0, -1.0),
    (-1.0, -1.0),
    (1.0, 1.0),
    (-1.0, 1.0),
];

/// A label's box and placement in direction `dir` from circle `c`, `out` pixels further
/// than touching distance (0 for a label right beside its circle, with no leader line).
fn spot(
    label_w: f64,
    fs: f64,
    c: &Circle,
    dir: (f64, f64),
    out: f64,
    rtl: bool,
) -> (Boxed, Placed) {
    let (w, h) = (label_w, fs * 1.1);
    let gap = 2.0;
    let (dx, dy) = dir;
    let diag = dx != 0.0 && dy != 0.0;
    let unit = if diag {
        std::f64::consts::FRAC_1_SQRT_2
    } else {
        1.0
    };
    // The point the label's nearest side (or corner) touches.
    let reach = c.r + gap + out;
    let (px, py) = (c.x + dx * unit * reach, c.y + dy * unit * reach);
    let x0 = if dx > 0.0 {
        px
    } else if dx < 0.0 {
        px - w
    } else {
        px - w / 2.0
    };
    let y0 = if dy > 0.0 {
        py
    } else if dy < 0.0 {
        py - h
    } else {
        py - h / 2.0
    };
    let b = Boxed {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + h,
    };
    // Right-to-left labels are anchored at their middle: `start` and `end` swap sides
    // with `direction` in browsers but not in every renderer.
    let (x, anchor) = if rtl {
        (x0 + w / 2.0, "middle")
    } else if dx > 0.0 {
        (x0, "start")
    } else if dx < 0.0 {
        (x0 + w, "end")
    } else {
        (x0 + w / 2.0, "middle")
    };
    let leader = (out > 0.0).then(|| {
        let edge = c.r + 0.5;
        [
            c.x + dx * unit * edge,
            c.y + dy * unit * edge,
            px - dx * unit * 1.0,
            py - dy * unit * 1.0,
        ]
    });
    (
        b,
        Placed {
            x,
            y: y0 + 0.82 * fs,
            anchor,
            rtl,
            leader,
        },
    )
}

/// The directions in order of preference: right-to-left labels try the west side first.
fn dirs(rtl: bool) -> impl Iterator<Item = (f64, f64)> {
    DIRS.into_iter()
        .map(move |(dx, dy)| if rtl { (-dx, dy) } else { (dx, dy) })
}

fn inside(b: &Boxed, (w, h): (f64, f64)) -> bool {
    b.x0 >= 1.0 && b.y0 >= 1.0 && b.x1 <= w - 1.0 && b.y1 <= h - 1.0
}

/// How far out (in font sizes) a label on a leader line may go.
const LEADER_STEPS: [f64; 7] = [0.8, 1.6, 2.6, 4.0, 5.5, 7.5, 10.0];

/// The place of one label, by the rules in the module's header, given what is placed so far.
/// How many markers of a map (the biggest first) may put their label on a leader line.
const LEADER_MARKERS: usize = 80;

fn choose(
    grid: &Grid,
    label: &str,
    c: &Circle,
    fs: f64,
    rtl: bool,
    size: (f64, f64),
    leaders: bool,
) -> (Boxed, Placed) {
    let w = width_em(label) * fs;
    let near = || dirs(rtl).map(|d| spot(w, fs, c, d, 0.0, rtl));
    let ok = |b: &Boxed| inside(b, size) && !b.hits(c);
    if let Some(s) = near().find(|(b, _)| ok(b) && grid.free(b)) {
        return s;
    }
    for k in LEADER_STEPS.iter().filter(|_| leaders) {
        if let Some(s) = dirs(rtl)
            .map(|d| spot(w, fs, c, d, k * fs, rtl))
            .find(|(b, _)| ok(b) && grid.free(b))
        {
            return s;
        }
    }
    if let Some(s) = near().find(|(b, _)| ok(b) && grid.no_label(b)) {
        return s;
    }
    if let Some(s) = near().find(|(b, _)| ok(b)) {
        return s;
    }
    // Wider than the room on every side (a long name on a tiny map): beside the circle,
    // pushed inside the map as far as it goes without covering its own circle.
    let (b, p) = spot(w, fs, c, (1.0, 0.0), 0.0, rtl);
    let shift = (size.0 - 1.0 - b.x1).min(0.0).max(1.0 - b.x0);
    let moved = Boxed {
        x0: b.x0 + shift,
        x1: b.x1 + shift,
        ..b
    };
    if moved.hits(c) {
        (b, p)
    } else {
        (
            moved,
            Placed {
                x: p.x + shift,
                ..p
            },
        )
    }
}

/// Labels for markers given in order of importance; `circles` are every marker's circle.
/// Every marker with a non-blank label gets a placement.
pub(crate) fn place_all<'a>(
    items: impl Iterator<Item = (&'a str, Circle, bool)>,
    fs: f64,
    size: (f64, f64),
    circles: &[Circle],
) -> Vec<Option<Placed>> {
    let mut grid = Grid::new(size);
    for c in circles {
        grid.add_circle(*c);
    }
    items
        .enumerate()
        .map(|(i, (label, c, rtl))| {
            if label.trim().is_empty() {
                return None;
            }
            // Searching far spots costs much on a map of thousands of markers, where the
            // small ones would find no free room anyway: only the most important search.
            let (b, p) = choose(&grid, label, &c, fs, rtl, size, i < LEADER_MARKERS);
            grid.add_box(b);
            Some(p)
        })
        .collect()
}

/// One label (a city locator's): the same rules for a single marker.
pub(crate) fn place(
    label: &str,
    c: &Circle,
    fs: f64,
    rtl: bool,
    size: (f64, f64),
) -> Option<Placed> {
    place_all(std::iter::once((label, *c, rtl)), fs, size, &[*c])
        .pop()
        .flatten()
}

#[cfg(test)]
#[path = "label_tests.rs"]
mod tests;
