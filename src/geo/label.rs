//! Where marker labels go: beside, before, above or below their circle, in order of the
//! marker's importance, never on top of another label or of any circle, and inside the map.
//! A label that finds no room is left out of the picture (the marker keeps its `<title>`, and
//! the page lists every place in text beside the map). Text width is estimated from the
//! characters (no font is consulted, so the result is the same everywhere).

/// A marker's circle in map pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Circle {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) r: f64,
}

/// Where a label's text goes: its anchor point and SVG `text-anchor`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) anchor: &'static str,
    pub(crate) rtl: bool,
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
        let cols = (w / cell).ceil().max(1.0) as usize;
        let rows = (h / cell).ceil().max(1.0) as usize;
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
    fn free(&self, b: &Boxed) -> bool {
        self.cells(b).all(|i| {
            self.circles
                .get(i)
                .is_none_or(|v| !v.iter().any(|c| b.hits(c)))
                && self
                    .boxes
                    .get(i)
                    .is_none_or(|v| !v.iter().any(|o| b.overlaps(o)))
        })
    }
}

/// The candidate spots around a circle, in order of preference, as (box, placement).
fn candidates(label: &str, c: &Circle, fs: f64, rtl: bool) -> Vec<(Boxed, Placed)> {
    let w = width_em(label) * fs;
    let h = fs * 1.1;
    let gap = 2.0;
    let base = |top: f64| top + 0.82 * fs;
    let mid = c.y - h / 2.0;
    let make = |x0: f64, y0: f64, anchor_x: f64, anchor: &'static str| {
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
        } else {
            (anchor_x, anchor)
        };
        (
            b,
            Placed {
                x,
                y: base(y0),
                anchor,
                rtl,
            },
        )
    };
    let east = make(c.x + c.r + gap, mid, c.x + c.r + gap, "start");
    let west = make(c.x - c.r - gap - w, mid, c.x - c.r - gap, "end");
    let north = make(c.x - w / 2.0, c.y - c.r - gap - h, c.x, "middle");
    let south = make(c.x - w / 2.0, c.y + c.r + gap, c.x, "middle");
    if rtl {
        vec![west, east, north, south]
    } else {
        vec![east, west, north, south]
    }
}

fn inside(b: &Boxed, (w, h): (f64, f64)) -> bool {
    b.x0 >= 1.0 && b.y0 >= 1.0 && b.x1 <= w - 1.0 && b.y1 <= h - 1.0
}

/// Labels for markers given in order of importance; `circles` are every marker's circle.
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
        .map(|(label, c, rtl)| {
            if label.trim().is_empty() {
                return None;
            }
            let (b, p) = candidates(label, &c, fs, rtl)
                .into_iter()
                .find(|(b, _)| inside(b, size) && grid.free(b))?;
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
mod tests {
    use super::*;

    #[test]
    fn second_label_at_the_same_spot_moves_or_goes() {
        let c = Circle {
            x: 100.0,
            y: 100.0,
            r: 5.0,
        };
        let d = Circle {
            x: 101.0,
            y: 100.0,
            r: 3.0,
        };
        let placed = place_all(
            [("Moscow", c, false), ("Moskva", d, false)].into_iter(),
            11.0,
            (400.0, 300.0),
            &[c, d],
        );
        let a = placed[0].as_ref().expect("first label placed");
        assert_eq!(a.anchor, "start");
        if let Some(b) = &placed[1] {
            assert!((a.x, a.y) != (b.x, b.y), "not on top of each other");
        }
    }

    #[test]
    fn labels_stay_inside_the_map() {
        let c = Circle {
            x: 395.0,
            y: 150.0,
            r: 4.0,
        };
        let p = place("Vladivostok", &c, 11.0, false, (400.0, 300.0)).expect("placed");
        assert_eq!(p.anchor, "end", "flipped to the left of the circle");
    }
}
