#pragma once
/// @file
/// @brief Geodesics on the WGS84 ellipsoid by Karney's algorithm (C. F. F. Karney,
/// "Algorithms for geodesics", J. Geodesy 87, 43-55, 2013): accurate to about 15 nm for
/// any pair of points, including nearly antipodal ones.
///
/// All functions are thread-safe and noexcept; invalid input (NaN, |lat| > 90) yields NaN
/// results, in the manner of GeographicLib. Validate with LonLat::make() first where input
/// is untrusted.

#include <cstddef>
#include <span>
#include <vector>

#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::geodesy {

/// @brief Result of the inverse problem. @since 0.1
struct Inverse {
    double distance_m = 0.0;  ///< geodesic distance in metres, >= 0
    double azimuth1_deg =
        0.0;  ///< forward azimuth at the start, degrees clockwise from north, (-180, 180]
    double azimuth2_deg = 0.0;  ///< forward azimuth at the end (not the back azimuth), (-180, 180]
};

/// @brief Shortest geodesic between two points.
/// @param[in] from  start, degrees
/// @param[in] to    end, degrees
/// @return distance in metres and the azimuths at both ends in degrees. For coincident
///   points the distance is 0 and the azimuths follow GeographicLib's convention.
/// @par Complexity O(1); about 0.5-1 µs.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Inverse inverse(LonLat from, LonLat to) noexcept;

/// @brief Geodesic distance only, in metres. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT double distance_m(LonLat from, LonLat to) noexcept;

/// @brief Inverse problem for many pairs. Runs on @p threads threads (0: all hardware
/// threads); results are identical to calling inverse() on each pair.
/// @param[in] from, to   equal-length spans of points
/// @param[out] out       resized to from.size()
/// @throws invalid_input if the spans differ in length.
/// @since 0.1
INCIDENTMAP_EXPORT void inverse_batch(std::span<const LonLat> from, std::span<const LonLat> to,
                                      std::vector<Inverse>& out, unsigned threads = 0);

/// @brief Result of the direct problem. @since 0.1
struct Direct {
    LonLat position;          ///< destination, lon normalised to [-180, 180)
    double azimuth2_deg = 0;  ///< forward azimuth at the destination, degrees
};

/// @brief Destination from a start point, an azimuth and a distance.
/// @param[in] from         start, degrees
/// @param[in] azimuth_deg  degrees clockwise from north, any value
/// @param[in] distance_m   metres; negative goes backwards
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Direct direct(LonLat from, double azimuth_deg,
                                               double distance_m) noexcept;

/// @brief Points along the shortest geodesic from @p from to @p to, at equal spacing of
/// at most @p max_spacing_m metres, both ends included. Longitudes are normalised to
/// [-180, 180); consecutive points are close, so a jump of more than 180 degrees marks an
/// antimeridian crossing.
/// @param[in] max_spacing_m  > 0 metres
/// @param[in] max_points     upper bound on the number of points returned (>= 2)
/// @throws invalid_input if an end is not a valid position, max_spacing_m <= 0 or not
///   finite, or max_points < 2.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::vector<LonLat> densify(LonLat from, LonLat to,
                                                             double max_spacing_m,
                                                             std::size_t max_points = 100000);

/// @brief Azimuth normalised to (-180, 180] degrees. NaN passes through. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT double normalize_azimuth_deg(double azimuth_deg) noexcept;

/// @brief The geodesic implementation in use, e.g. "PROJ 9.1.1 geodesic.h (Karney 2013)".
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT const char* backend_name() noexcept;

}  // namespace incidentmap::geodesy
