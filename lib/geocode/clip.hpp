#pragma once
// Clipping a directional part of a place to the place's polygon, with GEOS's reentrant C API.

#include <optional>
#include <vector>

#include <incidentmap/core/geometry.hpp>
#include <incidentmap/core/lonlat.hpp>

namespace incidentmap::geocode::detail {

/// The part of an area inside a sector, and a point inside that part.
struct Clipped {
    std::vector<Polygon> polygons;
    LonLat point;  ///< the centroid of the largest polygon, or a point on it when outside
};

/// The part of the area whose rings follow the even-odd rule (`Gazetteer::polygon()`) that
/// lies inside `sector`, a simple ring in lon/lat degrees that does not cross the
/// antimeridian. Nothing when they do not meet. Thread-safe: each call has its own GEOS
/// context.
std::optional<Clipped> clip_to_area(const Ring& sector, const std::vector<Ring>& area);

}  // namespace incidentmap::geocode::detail
