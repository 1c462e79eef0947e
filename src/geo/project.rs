//! Map projections: Equal Earth for the world map, Lambert azimuthal equal-area centred on a
//! country for country and city maps. Both keep areas true, so marker circles and country
//! sizes compare fairly. Output is in units of the Earth's radius, y pointing down (SVG).

use std::f64::consts::PI;

const DEG: f64 = PI / 180.0;

/// Equal Earth (Šavrič, Patterson, Jenny 2018), the world map's projection.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EqualEarth;

impl EqualEarth {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;

    pub(crate) fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let m = 3f64.sqrt() / 2.0;
        let lambda = lon.clamp(-180.0, 180.0) * DEG;
        let phi = lat.clamp(-90.0, 90.0) * DEG;
        let t = (m * phi.sin()).asin();
        let t2 = t * t;
        let t6 = t2 * t2 * t2;
        let x = lambda * t.cos()
            / (m * (Self::A1 + 3.0 * Self::A2 * t2 + t6 * (7.0 * Self::A3 + 9.0 * Self::A4 * t2)));
        let y = t * (Self::A1 + Self::A2 * t2 + t6 * (Self::A3 + Self::A4 * t2));
        (x, -y)
    }
}

/// Lambert azimuthal equal-area centred on (`lon0`, `lat0`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Laea {
    lon0: f64,
    sin0: f64,
    cos0: f64,
}

impl Laea {
    pub(crate) fn new(lon0: f64, lat0: f64) -> Self {
        let phi0 = lat0.clamp(-90.0, 90.0) * DEG;
        Laea {
            lon0,
            sin0: phi0.sin(),
            cos0: phi0.cos(),
        }
    }

    /// `None` for points on the far side of the globe (more than `max_deg` degrees of arc
    /// from the centre): near the antipode the projection blows up, and a country map never
    /// needs them.
    pub(crate) fn project(&self, lon: f64, lat: f64, max_deg: f64) -> Option<(f64, f64)> {
        let phi = lat * DEG;
        let dl = (lon - self.lon0) * DEG;
        let (sp, cp) = phi.sin_cos();
        let cos_c = self.sin0 * sp + self.cos0 * cp * dl.cos();
        if cos_c < (max_deg * DEG).cos() {
            return None;
        }
        let k = (2.0 / (1.0 + cos_c)).sqrt();
        let x = k * cp * dl.sin();
        let y = k * (self.cos0 * sp - self.sin0 * cp * dl.cos());
        Some((x, -y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_earth_is_symmetric_and_bounded() {
        let p = EqualEarth;
        let (x0, y0) = p.project(0.0, 0.0);
        assert!(x0.abs() < 1e-12 && y0.abs() < 1e-12);
        let (xe, _) = p.project(180.0, 0.0);
        let (xw, _) = p.project(-180.0, 0.0);
        assert!((xe + xw).abs() < 1e-12 && xe > 2.7 && xe < 2.8);
        let (_, yn) = p.project(0.0, 90.0);
        assert!(yn < -1.3 && yn > -1.4, "north is up");
    }

    #[test]
    fn laea_centre_and_far_side() {
        let p = Laea::new(37.6, 55.7);
        let (x, y) = p.project(37.6, 55.7, 90.0).expect("centre");
        assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
        let (_, yn) = p.project(37.6, 60.0, 90.0).expect("north");
        assert!(yn < 0.0, "north is up");
        assert!(p.project(-142.4, -55.7, 90.0).is_none());
    }
}
