#include <incidentmap/core/error.hpp>
#include <incidentmap/core/lonlat.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace incidentmap {

namespace {
std::string shortest(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    // Prefer the shortest form that reads back the same.
    for (int digits = 1; digits <= 17; ++digits) {
        char tmp[32];
        std::snprintf(tmp, sizeof tmp, "%.*g", digits, v);
        if (std::strtod(tmp, nullptr) == v) return tmp;
    }
    return buf;
}
}  // namespace

double normalize_lon_deg(double lon_deg) noexcept {
    if (lon_deg >= -180.0 && lon_deg < 180.0) return lon_deg;
    double r = std::fmod(lon_deg + 180.0, 360.0);  // (-360, 360), exact
    if (r < 0) r += 360.0;
    double out = r - 180.0;
    return out >= 180.0 ? -180.0 : out;
}

LonLat LonLat::make(double lon, double lat) {
    if (!std::isfinite(lon))
        throw invalid_input("longitude " + shortest(lon) + " is not a finite number",
                            errc::invalid_coordinate);
    if (!std::isfinite(lat))
        throw invalid_input("latitude " + shortest(lat) + " is not a finite number",
                            errc::invalid_coordinate);
    if (std::fabs(lat) > 90.0)
        throw invalid_input("latitude " + shortest(lat) + " is out of [-90, 90]",
                            errc::invalid_coordinate);
    return LonLat{normalize_lon_deg(lon), lat};
}

}  // namespace incidentmap
