#include <cmath>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/lonlat.hpp>

#include "core/detail/format.hpp"

namespace incidentmap {

double normalize_lon_deg(double lon_deg) noexcept {
    if (lon_deg >= -180.0 && lon_deg < 180.0) return lon_deg;
    double r = std::fmod(lon_deg + 180.0, 360.0);  // (-360, 360), exact
    if (r < 0) r += 360.0;
    double out = r - 180.0;
    return out >= 180.0 ? -180.0 : out;
}

LonLat LonLat::make(double lon, double lat) {
    if (!std::isfinite(lon))
        throw invalid_input("longitude " + detail::format_double(lon) + " is not a finite number",
                            errc::invalid_coordinate);
    if (!std::isfinite(lat))
        throw invalid_input("latitude " + detail::format_double(lat) + " is not a finite number",
                            errc::invalid_coordinate);
    if (std::fabs(lat) > 90.0)
        throw invalid_input("latitude " + detail::format_double(lat) + " is out of [-90, 90]",
                            errc::invalid_coordinate);
    return LonLat{normalize_lon_deg(lon), lat};
}

}  // namespace incidentmap
