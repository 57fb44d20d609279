#pragma once
/// @file
/// @brief Spherical formulas, for comparison with literature that uses them. Results are
/// off from the ellipsoidal ones by up to about 0.5%; use geodesy::inverse for results.

#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::geodesy::spherical {

/// @brief Great-circle distance by the haversine formula on a sphere of radius
/// k_mean_earth_radius_m = 6371008.8 m (IUGG mean radius R1).
/// @return metres, >= 0. noexcept; NaN in, NaN out. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT double haversine_distance_m(LonLat from, LonLat to) noexcept;

}  // namespace incidentmap::geodesy::spherical
