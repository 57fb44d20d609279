#include <array>
#include <cmath>

#include <incidentmap/geodesy/compass.hpp>

namespace incidentmap::geodesy {

std::string_view compass_bearing(double azimuth_deg, compass_points points) noexcept {
    static constexpr std::array<std::string_view, 16> k16{"N",  "NNE", "NE", "ENE", "E",  "ESE",
                                                          "SE", "SSE", "S",  "SSW", "SW", "WSW",
                                                          "W",  "WNW", "NW", "NNW"};
    if (!std::isfinite(azimuth_deg)) return {};
    const int n = static_cast<int>(points);
    double a = std::fmod(azimuth_deg, 360.0);
    if (a < 0) a += 360.0;
    const double sector = 360.0 / n;
    const int i = static_cast<int>(std::floor(a / sector + 0.5)) % n;
    return k16[static_cast<std::size_t>(i * (16 / n))];
}

}  // namespace incidentmap::geodesy
