#include <cmath>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/shapes.hpp>

#include "core/detail/format.hpp"

namespace incidentmap::geodesy {

namespace {
constexpr double k_max_radius_m = 10'000'000.0;

void check_radius(double radius_m, const char* what) {
    if (!std::isfinite(radius_m) || !(radius_m > 0.0) || radius_m > k_max_radius_m)
        throw invalid_input(std::string(what) + " must be in (0, 10000000] metres, got " +
                            detail::format_double(radius_m));
}
}  // namespace

Ring geodesic_ring(LonLat center, double radius_m, std::size_t vertices) {
    check_radius(radius_m, "radius_m");
    if (vertices < 3) throw invalid_input("a geodesic ring needs at least 3 vertices");
    if (!is_valid_lonlat(center.lon, center.lat))
        throw invalid_input("ring centre is not a valid position", errc::invalid_coordinate);
    Ring ring;
    ring.reserve(vertices + 1);
    // Decreasing azimuth (N, W, S, E) runs counter-clockwise in the lon/lat plane.
    for (std::size_t i = 0; i < vertices; ++i) {
        const double azimuth_deg = -360.0 * static_cast<double>(i) / static_cast<double>(vertices);
        ring.push_back(direct(center, azimuth_deg, radius_m).position);
    }
    ring.push_back(ring.front());
    return ring;
}

Polygon geodesic_circle(LonLat center, double radius_m, std::size_t vertices) {
    return Polygon{geodesic_ring(center, radius_m, vertices), {}};
}

Polygon geodesic_annulus(LonLat center, double inner_radius_m, double outer_radius_m,
                         std::size_t vertices) {
    check_radius(outer_radius_m, "outer_radius_m");
    if (!std::isfinite(inner_radius_m) || inner_radius_m < 0.0 || inner_radius_m >= outer_radius_m)
        throw invalid_input("inner_radius_m must be in [0, outer_radius_m), got " +
                            detail::format_double(inner_radius_m));
    Polygon p{geodesic_ring(center, outer_radius_m, vertices), {}};
    if (inner_radius_m > 0.0) {
        Ring hole = geodesic_ring(center, inner_radius_m, vertices);
        p.holes.emplace_back(hole.rbegin(), hole.rend());  // clockwise
    }
    return p;
}

}  // namespace incidentmap::geodesy
