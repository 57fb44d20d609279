#pragma once
/// @file
/// @brief Azimuths as compass text ("N", "NNE", …).

#include <string_view>

#include <incidentmap/export.hpp>

namespace incidentmap::geodesy {

/// @brief How many compass points to name. @since 0.1
enum class compass_points { four = 4, eight = 8, sixteen = 16 };

/// @brief The compass point nearest to an azimuth: with sixteen points, N covers
/// [-11.25, 11.25), NNE [11.25, 33.75), and so on. Ties go clockwise.
/// @param[in] azimuth_deg  degrees clockwise from north, any finite value
/// @return static text such as "ENE"; "" for NaN or infinity
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string_view compass_bearing(
    double azimuth_deg, compass_points points = compass_points::sixteen) noexcept;

}  // namespace incidentmap::geodesy
