//! Places and maps: the gazetteer of cities, country outlines and names, projections, and the
//! SVG (and PNG) maps of pickets drawn at build time. Nothing here is fetched at run time: the
//! data under `geodata/` is embedded in the binary (see `geodata/NOTICE` for its sources and
//! licences, which the site must credit).

#[cfg(test)]
mod bench;
pub mod countries;
mod fold;
pub mod gazetteer;
mod geom;
mod label;
pub mod map;
mod outlines;
mod png;
mod project;
mod topo;

pub use countries::{country_codes, country_name, is_country};
pub use gazetteer::{City, Gazetteer};
pub use map::{
    CountryLink, Land, MapOptions, Marker, city_map, city_map_over, city_map_png, country_land,
    country_map, country_map_over, country_png, has_land, svg_to_png, world_base, world_map,
    world_overlay, world_png,
};
