#include <algorithm>
#include <cmath>

#include <incidentmap/core/units.hpp>
#include <incidentmap/geodesy/spherical.hpp>

namespace incidentmap::geodesy::spherical {

double haversine_distance_m(LonLat from, LonLat to) noexcept {
    constexpr double rad = k_pi / 180.0;
    const double dlat = (to.lat - from.lat) * rad;
    const double dlon = (to.lon - from.lon) * rad;
    const double s1 = std::sin(dlat / 2);
    const double s2 = std::sin(dlon / 2);
    const double h = s1 * s1 + std::cos(from.lat * rad) * std::cos(to.lat * rad) * s2 * s2;
    return 2.0 * k_mean_earth_radius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace incidentmap::geodesy::spherical
