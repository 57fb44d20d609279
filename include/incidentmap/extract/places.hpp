#pragma once
/// @file
/// @brief Finding and resolving place mentions in English news text with a gazetteer.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/export.hpp>
#include <incidentmap/geocode/geocoder.hpp>

namespace incidentmap::extract {

/// @brief One place mention in a text. @since 0.1
struct PlaceMention {
    std::size_t begin = 0;         ///< byte offset of the first byte of the mention
    std::size_t end = 0;           ///< byte offset one past its last byte
    std::string text;              ///< the words as written
    geocode::GeocodeResult place;  ///< the place chosen
    std::optional<geocode::GeocodeResult> runner_up;  ///< the next best reading, if any
    double confidence = 0.0;                          ///< 0..1, after article-level resolution
    /// How the choice was made: "prior" (prominence), "containment" ("Portland, Oregon"),
    /// "dateline", "focus" (the article's states and countries), "single" (one reading).
    std::string resolved_by;
    bool in_organisation = false;  ///< part of a name such as "Portland Police Bureau"
};

/// @brief Options for find_places(). @since 0.1
struct PlaceOptions {
    /// Largest text accepted, in bytes.
    std::size_t max_bytes = 10u << 20;
    /// The coarsest kind reported: continents and world regions ("Europe", "Southeast
    /// Asia"), countries, states, counties and cities by default; postal codes are never
    /// taken from running text. Incident extraction reads no place coarser than a country.
    precision_class min_precision = precision_class::region;
    /// The country the news comes from, as an ISO 3166-1 alpha-2 code ("US"), when the user
    /// knows it: where the text does not say otherwise, its places are preferred, as the
    /// article's own country is ("Hamilton" in US local news is Hamilton, Ohio, not Ontario).
    /// Empty: the country is taken from the article's places alone. @since 0.1
    std::string country;
};

/// @brief Find the place names in @p text (English) and resolve them jointly for the whole
/// article: explicit containment ("Portland, Ore."), the dateline, the states and countries
/// the article is about, then prominence. Capitalised runs of words are looked up in the
/// geocoder's gazetteers; names inside person names ("Jacob Frey"), after titles
/// ("Mayor Keith Wilson"), common words that are also places ("Good", "Reading") at the start
/// of a sentence or alone, and weekdays and months are left out.
/// @return mentions in text order; empty for a text with no places.
/// @throws invalid_input for invalid UTF-8, a text over options.max_bytes, or an
/// options.country that is not an ISO 3166-1 alpha-2 code in capitals.
/// Thread-safe if the geocoder is. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::vector<PlaceMention> find_places(
    std::string_view text, const geocode::Geocoder& geocoder, const PlaceOptions& options = {});

}  // namespace incidentmap::extract
