#pragma once
/// @file
/// @brief LonLat, a position on the WGS84 ellipsoid in degrees.

#include <cmath>

#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief A geographic position: longitude and latitude in degrees on WGS84
/// (OGC:CRS84 axis order: lon first).
///
/// Construct with make() (validating) or unchecked() (no checks, for hot paths that
/// already know their input is valid). A default-constructed LonLat is (0, 0).
/// @since 0.1
struct LonLat {
    double lon = 0.0;  ///< longitude in degrees, [-180, 180) after make()
    double lat = 0.0;  ///< latitude in degrees, [-90, 90]

    /// @brief Validating constructor.
    /// @param[in] lon  longitude in degrees, any finite value; normalised to [-180, 180)
    /// @param[in] lat  latitude in degrees, [-90, 90]
    /// @throws invalid_input (errc::invalid_coordinate) if either is NaN or infinite, or
    ///   |lat| > 90.
    [[nodiscard]] INCIDENTMAP_EXPORT static LonLat make(double lon, double lat);

    /// @brief Non-validating constructor: stores the values as given. @pre lon, lat valid.
    [[nodiscard]] static constexpr LonLat unchecked(double lon, double lat) noexcept {
        return LonLat{lon, lat};
    }

    friend constexpr bool operator==(const LonLat&, const LonLat&) = default;
};

/// @brief Normalise a longitude to [-180, 180). NaN passes through. @since 0.1
/// @param[in] lon_deg  longitude in degrees, any value
/// @return the same meridian in [-180, 180) degrees
[[nodiscard]] INCIDENTMAP_EXPORT double normalize_lon_deg(double lon_deg) noexcept;

/// @brief The signed difference b - a of two longitudes, taken the shorter way round:
/// in [-180, 180]. Used to walk along edges that join vertices the shorter way.
/// @param[in] a_deg, b_deg  longitudes in degrees, each in [-180, 180]
/// @since 0.1
[[nodiscard]] constexpr double lon_delta_deg(double a_deg, double b_deg) noexcept {
    double d = b_deg - a_deg;
    if (d > 180.0) d -= 360.0;
    if (d < -180.0) d += 360.0;
    return d;
}

/// @brief True if lon and lat are finite and |lat| <= 90. @since 0.1
[[nodiscard]] inline bool is_valid_lonlat(double lon, double lat) noexcept {
    return std::isfinite(lon) && std::isfinite(lat) && std::fabs(lat) <= 90.0;
}

}  // namespace incidentmap
