#pragma once
/// @file
/// @brief Place-name normalisation: the key under which names are indexed and looked up.

#include <string>
#include <string_view>

#include <incidentmap/export.hpp>

namespace incidentmap::gazetteer {

/// @brief The lookup key of a place name: case folded, diacritics removed (Unicode NFKD,
/// marks stripped), apostrophes and periods dropped, other punctuation turned into spaces,
/// spaces collapsed; and "st"/"ste"/"mt"/"ft" before another word expanded to "saint"/"sainte"/
/// "mount"/"fort". So "St. Paul", "Saint Paul" and "ST PAUL" all give "saint paul", and
/// "Zürich" gives "zurich".
/// @param[in] text  UTF-8; invalid sequences are dropped
/// @return the key, possibly empty. Thread-safe. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string normalize_name(std::string_view text);

/// @brief The lookup key of a street, address or intersection name: the words folded as
/// by normalize_name(), then every street-type and direction word spelled out, so that
/// "SE Belmont St" and "Southeast Belmont Street" both give "southeast belmont street"
/// (st, ave, blvd, rd, dr, ln, ct, pl, hwy, pkwy, ter, sq, cir, trl, n, s, e, w, ne, nw,
/// se, sw, …). Thread-safe. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string normalize_street(std::string_view text);

/// @brief Levenshtein distance between two keys, or `limit + 1` as soon as it must exceed
/// @p limit. Bytes are compared, so use it on normalised keys. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT unsigned bounded_edit_distance(std::string_view a,
                                                                std::string_view b,
                                                                unsigned limit) noexcept;

}  // namespace incidentmap::gazetteer
