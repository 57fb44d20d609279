#pragma once
/// @file
/// @brief Azimuths as compass text ("N", "NNE", …).

#include <optional>
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

/// @brief The azimuth of a direction written as a word, in lower case: "north" 0,
/// "northeast" 45, "east" 90, ... "northwest" 315 (the geocoder's and the extractor's parts
/// of places, "eastern Portland").
/// @return degrees clockwise from north in [0, 360), or std::nullopt for any other word
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<double> compass_azimuth_deg(
    std::string_view word) noexcept;

}  // namespace incidentmap::geodesy
