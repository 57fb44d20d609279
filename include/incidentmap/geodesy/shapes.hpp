#pragma once
/// @file
/// @brief Geodesic circles and annuli as polygons: each vertex lies at exactly the given
/// geodesic distance from the centre.

#include <cstddef>

#include <incidentmap/core/geometry.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::geodesy {

/// @brief A ring of @p vertices points at geodesic distance @p radius_m from @p center,
/// at equally spaced azimuths starting due north, closed, counter-clockwise in lon/lat.
/// Longitudes are normalised to [-180, 180): a ring around a pole or across the
/// antimeridian is represented as such, and GeoJSON output splits it.
/// @param[in] radius_m  metres, (0, 10,000,000]
/// @param[in] vertices  >= 3
/// @throws invalid_input if the arguments are out of range.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Ring geodesic_ring(LonLat center, double radius_m,
                                                    std::size_t vertices = 64);

/// @brief A geodesic circle as a polygon. See geodesic_ring(). @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Polygon geodesic_circle(LonLat center, double radius_m,
                                                         std::size_t vertices = 64);

/// @brief The region between two geodesic circles: outer ring counter-clockwise, the
/// hole clockwise. An inner radius of 0 gives a circle.
/// @param[in] inner_radius_m  metres, [0, outer_radius_m)
/// @param[in] outer_radius_m  metres, (0, 10,000,000]
/// @throws invalid_input if the radii are out of range.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Polygon geodesic_annulus(LonLat center, double inner_radius_m,
                                                          double outer_radius_m,
                                                          std::size_t vertices = 64);

}  // namespace incidentmap::geodesy
