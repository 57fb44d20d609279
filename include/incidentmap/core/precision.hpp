#pragma once
/// @file
/// @brief Precision classes: how precisely a place is known.

#include <optional>
#include <string_view>

#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief How precisely a place is known, finest first. `unknown`: no place that can be
/// located (no geometry). Comparisons follow this order: address < city < country.
/// @since 0.1
enum class precision_class {
    address,
    intersection,
    poi,
    street,
    neighbourhood,
    city,
    county,
    state,
    country,
    region,  ///< a continent or world region ("Europe", "Southeast Asia")
    unknown
};

/// @brief Name of a precision class ("city"). @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT const char* to_string(precision_class p) noexcept;
/// @brief Parse a precision class name; std::nullopt if unknown. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<precision_class> precision_class_from_string(
    std::string_view s) noexcept;

}  // namespace incidentmap
