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

std::optional<double> compass_azimuth_deg(std::string_view word) noexcept {
    static constexpr std::array<std::string_view, 8> k8{"north", "northeast", "east", "southeast",
                                                        "south", "southwest", "west", "northwest"};
    for (std::size_t i = 0; i < k8.size(); ++i)
        if (k8[i] == word) return 45.0 * static_cast<double>(i);
    return std::nullopt;
}

}  // namespace incidentmap::geodesy
