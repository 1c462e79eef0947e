//! Places and maps: the gazetteer of cities, country outlines and names, projections, and the
//! SVG (and PNG) maps of pickets drawn at build time. Nothing here is fetched at run time.
