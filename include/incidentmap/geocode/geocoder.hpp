#pragma once
/// @file
/// @brief Forward and reverse geocoding over one or more stacked gazetteers, offline.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/core/geometry.hpp>
#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/core/precision.hpp>
#include <incidentmap/export.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>

namespace incidentmap::geocode {

/// @brief How the query's name matched the place. @since 0.1
enum class match_type {
    exact,       ///< the place's name, letter for letter (case aside), or its code
    normalized,  ///< the name after normalisation (diacritics, "St." for "Saint", …)
    alias,       ///< an alternate name or a curated alias
    fuzzy,       ///< within a small edit distance (typo tolerance); lower confidence
    /// the place name of US ZIP codes, for a town the populated places lack ("Lone Wolf,
    /// OK"): its point is its ZIP codes' mean and its radius reaches each of them
    postal,
};
[[nodiscard]] INCIDENTMAP_EXPORT const char* to_string(match_type m) noexcept;

/// @brief Whether a bounding box filters results or only favours those inside. @since 0.1
enum class bbox_mode { filter, bias };

/// @brief Geocoding options. @since 0.1
struct GeocodeOptions {
    std::size_t limit = 5;     ///< results returned, >= 1
    std::string country;       ///< ISO 3166-1 alpha-2 filter, "" for none
    std::optional<BBox> bbox;  ///< area of interest
    bbox_mode bbox_use = bbox_mode::filter;
    std::optional<LonLat> near;  ///< proximity bias: nearer places rank higher
    /// Coarsest precision accepted: with `city`, states, countries and regions are left
    /// out; with `country`, continents and world regions.
    precision_class min_precision = precision_class::region;
    unsigned max_edit_distance = 2;  ///< typo tolerance when nothing matches; 0: off
};

/// @brief A structured query. Empty members are not used. @since 0.1
struct GeocodeQuery {
    std::string name;         ///< the place: "Portland", "Multnomah County", "97214"
    std::string state;        ///< first-level division: "Oregon", "OR"
    std::string county;       ///< second-level division: "Multnomah", "Multnomah County"
    std::string country;      ///< "United States", "US"
    std::string postal_code;  ///< "97214"
    std::optional<gazetteer::place_kind> kind;  ///< only places of this kind
    std::string feature;                        ///< a feature type inside the place: "hospital"
    std::string part;  ///< a direction: "north", "northeast", … "northwest"; another word is an
                       ///< invalid_input
};

/// @brief Names of the divisions a result lies in. @since 0.1
struct AdminNames {
    std::string country_code;
    std::string state;
    std::string county;
};

/// @brief One geocoding result. @since 0.1
struct GeocodeResult {
    std::string name;
    gazetteer::place_kind kind = gazetteer::place_kind::city;
    LonLat point;  ///< representative point, degrees
    /// Where the place is: the polygon of a directional part, else none (use bbox, or the
    /// gazetteer's polygon for the place).
    Geometry extent;
    BBox bbox;  ///< lon/lat box of the place (or part)
    precision_class precision = precision_class::city;
    double uncertainty_m = 0.0;  ///< radius around `point` that holds the place, metres
    /// Estimated probability, 0..1, that this is the place meant: the match quality
    /// (exact 1, normalized 0.95, postal 0.9, alias 0.85, fuzzy 0.6 at one edit or 0.45 at
    /// two) times
    /// the place's share of the weighted prominence of all places that matched (population
    /// prior, weighted by match quality, proximity and area-of-interest bias; see
    /// docs/gazetteer.md).
    double confidence = 0.0;
    match_type match = match_type::exact;
    AdminNames admin;
    std::uint32_t geonames_id = 0;  ///< 0 if not from GeoNames
    /// GeoNames feature code ("PPLC" for a national capital, "ADM1"), "POST" for a town from
    /// ZIP code place names, "CONT" for a continent; may be empty.
    std::string feature_code;
    std::string fips;  ///< US state (2 digits) or county (5 digits) FIPS code
    std::string postal_code;
    std::uint32_t population = 0;
    std::string part;     ///< the direction when the result is part of a place
    std::string feature;  ///< the feature type asked for
    /// True when a feature type was asked for ("hospital in Portland") and no such feature
    /// is loaded: the result is the place itself, never an invented point.
    bool feature_unresolved = false;
    std::string gazetteer;          ///< path of the gazetteer that answered
    std::uint32_t place_index = 0;  ///< index of the place in that gazetteer
};

/// @brief What a point is in, and what is near it. @since 0.1
struct ReverseResult {
    LonLat point;
    std::optional<GeocodeResult> country;
    /// First-level division by polygon: US states (Census), provinces and states elsewhere
    /// (Natural Earth admin-1).
    std::optional<GeocodeResult> state;
    std::optional<GeocodeResult> county;     ///< US counties, by polygon
    std::optional<GeocodeResult> continent;  ///< by polygon; none at sea
    /// True when no country polygon contains the point (at sea, or off the map); `country`
    /// is then the nearest one and `country_distance_m` says how far its edge is.
    bool outside_countries = false;
    double country_distance_m = 0.0;
    struct Nearby {
        GeocodeResult place;
        double distance_m = 0.0;
    };
    std::vector<Nearby> nearest;  ///< nearest populated places, nearest first
};

/// @brief True for a feature type ("hospital", "clinic", "police station", "school",
/// "university", "courthouse") whose points of interest an OpenStreetMap gazetteer can hold,
/// so that a GeocodeQuery with it can answer with such a point. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT bool has_points_of_interest(std::string_view feature) noexcept;

/// @brief Geocoder over stacked gazetteers (for example the default one and a user's OSM
/// gazetteer): every gazetteer is searched and the results ranked together. Const members
/// are thread-safe; the gazetteers must outlive the geocoder. @since 0.1
class INCIDENTMAP_EXPORT Geocoder {
public:
    /// @throws invalid_input if @p stack is empty or holds a null pointer.
    explicit Geocoder(std::vector<const gazetteer::Gazetteer*> stack);

    /// @brief Geocode free text: "Portland, Oregon", "Portland, OR", "St. Paul",
    /// "Multnomah County", "east Portland", "hospital in Columbus, Ohio", "97214".
    /// Commas separate the place from its context (state, county, country).
    /// @return ranked results, best first; empty when nothing matches.
    /// @throws invalid_input for an empty or blank query, one without letters or digits,
    ///   one over 1,000 bytes, invalid UTF-8 or control characters; the message says which.
    [[nodiscard]] std::vector<GeocodeResult> geocode(std::string_view text,
                                                     const GeocodeOptions& options = {}) const;
    /// @brief Geocode a structured query. @throws invalid_input as above.
    [[nodiscard]] std::vector<GeocodeResult> geocode(const GeocodeQuery& query,
                                                     const GeocodeOptions& options = {}) const;

    /// @brief Country, first-level division, US county and continent containing @p point
    /// (by polygon containment), and the @p nearest nearest populated places with their
    /// distances.
    /// @throws invalid_input if the point is not valid.
    [[nodiscard]] ReverseResult reverse(LonLat point, std::size_t nearest = 3) const;

private:
    std::vector<const gazetteer::Gazetteer*> m_stack;
    std::vector<char> m_has_streets;  ///< per gazetteer: holds streets, addresses or intersections
    bool m_any_streets = false;       ///< any gazetteer of the stack does
};

}  // namespace incidentmap::geocode
