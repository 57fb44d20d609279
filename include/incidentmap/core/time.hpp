#pragma once
/// @file
/// @brief Dates and times as found in reports: an instant in UTC, how precisely it is
/// known, and the local UTC offset it was stated in.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief How precisely a time is known. @since 0.1
enum class time_precision { year, month, day, hour, minute, second };

/// @brief Name of a precision ("day"). @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT const char* to_string(time_precision p) noexcept;
/// @brief Parse a precision name; std::nullopt if unknown. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<time_precision> time_precision_from_string(
    std::string_view s) noexcept;

/// @brief A point in time with its precision, as written in ISO 8601.
///
/// `utc` is the instant (for date-only values: midnight at the start of that date in the
/// stated offset, or UTC if none). `utc_offset_min` keeps the local offset the value was
/// written in, so it is written back the same way. @since 0.1
struct Timestamp {
    std::chrono::sys_seconds utc{};
    time_precision precision = time_precision::second;
    std::optional<int> utc_offset_min;  ///< minutes east of UTC, [-1080, 1080]

    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

/// @brief Parse ISO 8601: "YYYY", "YYYY-MM", "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM[:SS]" with
/// an optional "Z" or "±HH:MM" offset (dates alone take no offset). The precision follows
/// the number of fields given.
/// @throws invalid_input naming the text and the expected form.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Timestamp parse_iso8601(std::string_view text);

/// @brief Format as ISO 8601 at the value's precision, in its stated offset: year, month and
/// day precision give the local date without an offset; hour precision is written with the
/// minutes as stored (precision says how far to trust them). Coarse precisions do not
/// round-trip to the same instant; incident::to_json writes full times when needed.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string to_iso8601(const Timestamp& t);

}  // namespace incidentmap
