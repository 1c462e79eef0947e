//! Tests of label placement as a map reader would see it: every marker named, readable.

use super::*;

fn circle(x: f64, y: f64, r: f64) -> Circle {
    Circle { x, y, r }
}

/// A label's box as `choose` reserved it, rebuilt from its placement (left-to-right text).
fn box_of(p: &Placed, label: &str, fs: f64) -> Boxed {
    let w = width_em(label) * fs;
    let x0 = match p.anchor {
        "start" => p.x,
        "end" => p.x - w,
        _ => p.x - w / 2.0,
    };
    let y0 = p.y - 0.82 * fs;
    Boxed {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + fs * 1.1,
    }
}

#[test]
fn second_label_at_the_same_spot_moves_aside() {
    let c = circle(100.0, 100.0, 5.0);
    let d = circle(101.0, 100.0, 3.0);
    let placed = place_all(
        [("Moscow", c, false), ("Moskva", d, false)].into_iter(),
        11.0,
        (400.0, 300.0),
        &[c, d],
    );
    let a = placed[0].as_ref().expect("first label placed");
    let b = placed[1].as_ref().expect("second label placed too");
    assert_eq!(a.anchor, "start");
    assert!(
        !box_of(a, "Moscow", 11.0).overlaps(&box_of(b, "Moskva", 11.0)),
        "not on top of each other: {a:?} {b:?}"
    );
}

#[test]
fn labels_stay_inside_the_map() {
    let c = circle(395.0, 150.0, 4.0);
    let p = place("Vladivostok", &c, 11.0, false, (400.0, 300.0)).expect("placed");
    assert_eq!(p.anchor, "end", "flipped to the left of the circle");
    assert!(p.leader.is_none(), "right beside its circle");
}

/// Central Europe on a world map: circles so close that no label fits beside any of them.
fn crowd() -> Vec<(String, Circle)> {
    let mut v = Vec::new();
    for i in 0..7 {
        for j in 0..6 {
            let r = if i == 3 && j == 3 { 9.0 } else { 4.0 };
            v.push((
                format!("City {i}{j}"),
                circle(300.0 + f64::from(i) * 9.0, 200.0 + f64::from(j) * 9.0, r),
            ));
        }
    }
    // The biggest first, as the maps order them.
    v.sort_by(|a, b| b.1.r.total_cmp(&a.1.r).then(a.0.cmp(&b.0)));
    v
}

#[test]
fn every_marker_in_a_crowd_gets_a_label_that_leaves_its_own_circle_free() {
    let v = crowd();
    let circles: Vec<Circle> = v.iter().map(|(_, c)| *c).collect();
    let size = (800.0, 500.0);
    let placed = place_all(
        v.iter().map(|(l, c)| (l.as_str(), *c, false)),
        11.0,
        size,
        &circles,
    );
    assert_eq!(placed.len(), v.len());
    for ((l, c), p) in v.iter().zip(&placed) {
        let p = p.as_ref().unwrap_or_else(|| panic!("{l} has no label"));
        let b = box_of(p, l, 11.0);
        assert!(!b.hits(c), "{l}'s label covers its own marker");
        assert!(inside(&b, size), "{l}'s label leaves the map");
    }
}

#[test]
fn the_biggest_marker_in_a_crowd_gets_a_clear_label_on_a_leader_line() {
    let v = crowd();
    let circles: Vec<Circle> = v.iter().map(|(_, c)| *c).collect();
    let placed = place_all(
        v.iter().map(|(l, c)| (l.as_str(), *c, false)),
        11.0,
        (800.0, 500.0),
        &circles,
    );
    let (l, _) = &v[0];
    let p = placed[0].as_ref().expect("labelled");
    let b = box_of(p, l, 11.0);
    assert!(p.leader.is_some(), "set away from the crowd: {p:?}");
    assert!(
        circles.iter().all(|c| !b.hits(c)),
        "covers no marker: {p:?}"
    );
}

#[test]
fn placement_is_the_same_every_time() {
    let v = crowd();
    let circles: Vec<Circle> = v.iter().map(|(_, c)| *c).collect();
    let run = || {
        place_all(
            v.iter().map(|(l, c)| (l.as_str(), *c, false)),
            11.0,
            (800.0, 500.0),
            &circles,
        )
    };
    assert_eq!(run(), run());
}

#[test]
fn a_label_wider_than_the_map_still_shows() {
    let c = circle(20.0, 20.0, 4.0);
    let p = place(
        &"Llanfairpwllgwyngyll".repeat(3),
        &c,
        11.0,
        false,
        (100.0, 40.0),
    );
    assert!(p.is_some());
    assert!(
        place("  ", &c, 11.0, false, (100.0, 40.0)).is_none(),
        "blank: nothing"
    );
}
