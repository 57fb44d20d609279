#pragma once
/// @file
/// @brief The incident model: incidents described in reports, their places with honest
/// precision and uncertainty, and links between places (scene -> where victims were found).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/core/geometry.hpp>
#include <incidentmap/core/precision.hpp>
#include <incidentmap/core/time.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::incident {

/// @brief What a place is to the incident. @since 0.1
enum class location_role {
    scene,      ///< where the incident happened
    found,      ///< where victims or people involved were found
    hospital,   ///< where people were taken
    death,      ///< where someone died, if elsewhere
    reference,  ///< a landmark the report measures from
    context,    ///< named only as background
};

/// @brief How precisely a place is known (see core/precision.hpp). @since 0.1
using incidentmap::precision_class;
using incidentmap::precision_class_from_string;
using incidentmap::to_string;

/// @brief How a location's geometry was obtained. @since 0.1
enum class derivation_method {
    given,     ///< coordinates stated by the source or entered by hand
    geocoded,  ///< resolved from a place name by a gazetteer
    relative,  ///< computed from another location and a stated offset
    none,      ///< no geometry: the place is unknown
};

[[nodiscard]] INCIDENTMAP_EXPORT const char* to_string(location_role r) noexcept;
[[nodiscard]] INCIDENTMAP_EXPORT const char* to_string(derivation_method d) noexcept;
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<location_role> location_role_from_string(
    std::string_view s) noexcept;
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<derivation_method> derivation_method_from_string(
    std::string_view s) noexcept;

/// @brief A count known as a range: low <= best <= high, all >= 0. @since 0.1
struct CountRange {
    int low = 0;
    int best = 0;
    int high = 0;
    friend bool operator==(const CountRange&, const CountRange&) = default;
};

/// @brief People killed and injured. std::nullopt: not reported. @since 0.1
struct Casualties {
    std::optional<CountRange> killed;
    std::optional<CountRange> injured;
    friend bool operator==(const Casualties&, const Casualties&) = default;
};

/// @brief Who acted, as the report names them. @since 0.1
struct Actor {
    std::string name;    ///< e.g. "federal immigration officers"
    std::string agency;  ///< e.g. "U.S. Immigration and Customs Enforcement"; may be empty
    friend bool operator==(const Actor&, const Actor&) = default;
};

/// @brief Where the information came from. Empty strings: not known. @since 0.1
struct Source {
    std::string url;
    std::string publisher;
    std::string title;
    std::optional<Timestamp> published;
    friend bool operator==(const Source&, const Source&) = default;
};

/// @brief When: a start, an optional end, each with its precision. @since 0.1
struct IncidentTime {
    std::optional<Timestamp> start;
    std::optional<Timestamp> end;
    friend bool operator==(const IncidentTime&, const IncidentTime&) = default;
};

/// @brief A stretch of the source text, in bytes: [begin, end). @since 0.1
struct TextSpan {
    std::size_t begin = 0;  ///< offset of the first byte
    std::size_t end = 0;    ///< offset one past the last byte, >= begin
    friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

/// @brief A place of an incident.
///
/// `uncertainty_m` is the radius in metres around the geometry's representative point
/// (the point itself, or the centre of a line or polygon) within which the true place
/// lies; for a polygon it covers the whole polygon. @since 0.1
struct Location {
    std::string id;  ///< unique within the incident
    location_role role = location_role::scene;
    Geometry geometry;  ///< std::monostate when unknown
    precision_class precision = precision_class::unknown;
    double uncertainty_m = 0.0;  ///< metres, >= 0
    derivation_method derivation = derivation_method::none;
    std::string derivation_note;  ///< how, in words; may be empty
    std::string name;             ///< short label; may be empty
    std::string text;             ///< the words it came from; may be empty
    /// A description to geocode ("the eastern part of Portland, Oregon"); used by
    /// geocode::locate() for a location that has no geometry yet. May be empty.
    std::string place;
    /// Where in the source text (the incident's first source) the place is described, so
    /// that every location can be traced to its words. May be empty.
    std::vector<TextSpan> spans;
    /// The id of the location this one was computed from (derivation `relative`), e.g. the
    /// scene for "a couple of miles away". Empty otherwise. A link between a location and
    /// its reference measures nothing new: measure() then gives the stated interval only.
    std::string relative_to;
    friend bool operator==(const Location&, const Location&) = default;
};

/// @brief A distance stated in the source, such as "a couple of miles away". @since 0.1
struct StatedDistance {
    std::string text;     ///< the words, e.g. "a couple of miles away"
    double low_m = 0.0;   ///< metres, >= 0
    double high_m = 0.0;  ///< metres, >= low_m
    friend bool operator==(const StatedDistance&, const StatedDistance&) = default;
};

/// @brief A relation between two locations of one incident, from -> to. @since 0.1
struct Link {
    std::string from;                      ///< Location id
    std::string to;                        ///< Location id
    std::string relation;                  ///< e.g. "found_from_scene"; may be empty
    std::optional<StatedDistance> stated;  ///< what the source says about the distance
    friend bool operator==(const Link&, const Link&) = default;
};

/// @brief One incident. @since 0.1
struct Incident {
    std::string id;  ///< unique within the collection
    std::string title;
    IncidentTime time;
    std::vector<std::string> types;  ///< e.g. "shooting"
    Casualties casualties;
    std::vector<Actor> actors;
    std::vector<Source> sources;
    std::vector<Location> locations;
    std::vector<Link> links;
    std::string notes;
    /// How likely, 0..1, that this is a current incident and its scene is right, as the
    /// extractor judged it (calibrated on real news; see docs/extract.md). std::nullopt for
    /// incidents entered by hand. Users filter on it.
    std::optional<double> confidence;

    /// @brief The location with this id, or nullptr. O(n).
    [[nodiscard]] INCIDENTMAP_EXPORT const Location* find_location(
        std::string_view id) const noexcept;
    friend bool operator==(const Incident&, const Incident&) = default;
};

/// @brief A set of incidents, as stored in one incident file. @since 0.1
struct IncidentCollection {
    std::vector<Incident> incidents;
    friend bool operator==(const IncidentCollection&, const IncidentCollection&) = default;
};

/// @brief One problem found by validate(). @since 0.1
struct ValidationIssue {
    std::string path;     ///< JSON pointer into the collection, e.g. /incidents/0/links/1/to
    std::string message;  ///< what is wrong and what was expected
};

/// @brief Check the rules that types alone cannot enforce: unique ids, links to existing
/// locations, count ranges ordered, uncertainty >= 0, geometry valid, precision `unknown`
/// exactly when there is no geometry, time end >= start.
/// @return every problem found, in document order; empty when valid. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::vector<ValidationIssue> validate(const IncidentCollection& c);

/// @brief The point that stands for a location: the point itself, the middle vertex of a
/// line, or the area centroid of a polygon's exterior (in the lon/lat plane, unwrapped across the
/// antimeridian; the first part of a multipolygon).
/// std::nullopt when the location has no geometry. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<LonLat> representative_point(const Geometry& g);

}  // namespace incidentmap::incident
