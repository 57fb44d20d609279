#pragma once
/// @file
/// @brief From a news report to incidents: events, time, casualties, actors, and located
/// places with roles (scene, found, hospital, context), relative locations and stated
/// distances.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/core/time.hpp>
#include <incidentmap/export.hpp>
#include <incidentmap/extract/places.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/incident/model.hpp>

namespace incidentmap::extract {

/// @brief The rule set: event words, casualty words, actors and agencies, role cues,
/// feature phrases, background and past-event markers, time links and vague distances.
/// The built-in set is data/extract-rules.json; a user's file of the same format replaces
/// it. Immutable and cheap to copy; thread-safe. @since 0.1
class INCIDENTMAP_EXPORT Rules {
public:
    /// @brief The rules shipped with incidentmap (data/extract-rules.json, compiled in).
    [[nodiscard]] static Rules builtin();
    /// @brief Parse rules from JSON text.
    /// @param[in] origin  file name for error messages
    /// @throws data_error naming @p origin, the JSON path and what was expected.
    [[nodiscard]] static Rules from_json(std::string_view json, const std::string& origin);
    /// @brief Read rules from a file. @throws io_error, data_error.
    [[nodiscard]] static Rules from_file(const std::string& path);

    struct Data;  ///< opaque
    [[nodiscard]] const Data& data() const noexcept { return *m_data; }

private:
    explicit Rules(std::shared_ptr<const Data> data);
    std::shared_ptr<const Data> m_data;
};

/// @brief The ranking model: logistic regressions that choose, among the candidates the rules
/// find, an incident's scene, day and killed and injured counts, and give each incident its
/// confidence. The built-in
/// model is data/extract-model.json, trained offline on news with known incidents (see
/// docs/extract.md); a user's file of the same format replaces it. Immutable and cheap to
/// copy; thread-safe. @since 0.1
class INCIDENTMAP_EXPORT Model {
public:
    /// @brief The model shipped with incidentmap (data/extract-model.json, compiled in).
    [[nodiscard]] static Model builtin();
    /// @brief Parse a model from JSON text.
    /// @param[in] origin  file name for error messages
    /// @throws data_error naming @p origin, the JSON path and what was expected; a model whose
    /// features are not this build's is from another version and is refused.
    [[nodiscard]] static Model from_json(std::string_view json, const std::string& origin);
    /// @brief Read a model from a file. @throws io_error, data_error.
    [[nodiscard]] static Model from_file(const std::string& path);

    struct Data;  ///< opaque
    [[nodiscard]] const Data& data() const noexcept { return *m_data; }

private:
    explicit Model(std::shared_ptr<const Data> data);
    std::shared_ptr<const Data> m_data;
};

/// @brief Options for extract_incidents(). @since 0.1
struct ExtractOptions {
    /// Publication date; weekday names ("Thursday") are resolved against it. When absent,
    /// a date near the start of the text ("2026-01-08", "Jan. 8, 2026") is used; without
    /// either, weekdays stay unresolved and incidents get no time.
    std::optional<Timestamp> published;
    std::string source_title;    ///< written to each incident's source
    std::string source_url;      ///< written to each incident's source
    PlaceOptions places;         ///< passed to find_places()
    std::optional<Model> model;  ///< the ranking model; the built-in one when empty (@since 0.1)
    /// Keep the candidates each choice was made from, with their features, in
    /// ExtractResult::candidates (for inspection, and to train a model). @since 0.1
    bool keep_candidates = false;
};

/// @brief A candidate the extraction chose from: a place for an incident's scene, a day, a
/// killed or injured count, or the incident itself (for its confidence), with the model's
/// features and score. @since 0.1
struct Candidate {
    std::string incident_id;
    /// "scene", "day", "killed", "injured" or "confidence" (the incident itself); or "casualty",
    /// a statement the main
    /// incident's toll was counted from, without features
    std::string kind;
    /// the place ("Rocky Mount, North Carolina"), the day, or the casualty statement ("killed
    /// 2: two people were killed")
    std::string value;
    std::optional<LonLat> point;   ///< a scene candidate's point, degrees
    std::vector<double> features;  ///< in the order of the model's feature names
    double score = 0;              ///< the model's log-odds
    bool chosen = false;
};

/// @brief The names of the features of a kind of candidate ("scene", "day", "killed",
/// "injured" or "confidence"), in the order of Candidate::features; empty for another kind.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::vector<std::string> candidate_features(std::string_view kind);

/// @brief An event the text describes that was not made an incident, and why. @since 0.1
struct LeftOut {
    incident::TextSpan span;  ///< the clause, bytes
    std::string type;         ///< event type, e.g. "killing"
    std::string reason;       ///< e.g. "past event: in 2020"
};

/// @brief A place of an incident that could not be located as precisely as the text
/// states it. @since 0.1
struct Unresolved {
    std::string incident_id;
    std::string location_id;
    incident::TextSpan span;  ///< the words, bytes
    std::string text;         ///< the words
    std::string reason;       ///< e.g. "no hospital is loaded in east Portland, Oregon"
};

/// @brief What extract_incidents() found. @since 0.1
struct ExtractResult {
    incident::IncidentCollection incidents;
    std::vector<PlaceMention> mentions;  ///< every place mention, in text order
    std::vector<LeftOut> left_out;       ///< past or background events, not incidents
    std::vector<Unresolved> unresolved;  ///< places located more coarsely than stated
    std::optional<Timestamp> published;  ///< the publication date used, if any
    std::vector<Candidate> candidates;   ///< with ExtractOptions::keep_candidates (@since 0.1)
};

/// @brief Turn an English news report into incidents.
///
/// Events are found by the rules' words, clause by clause; clauses that describe the same
/// event (same type family, same day, compatible places) form one incident. Each incident
/// gets its day (weekdays resolved against the publication date; "a day after" links),
/// casualties, actors, and locations with roles: the scene (a named place, refined by a
/// direction such as "the eastern part of the city" and a feature such as "a hospital"),
/// where victims were found ("a couple of miles away" becomes an annulus around the scene
/// and a link with the stated distance), hospitals, and context places. Past events ("in
/// 2020", "last June", "a recent shooting") are listed in `left_out`, not made incidents.
/// No point is invented: a place known only as a city keeps the city's uncertainty.
/// @throws invalid_input for invalid UTF-8, a text over options.places.max_bytes, a text that
/// does not read as English, or an options.places.country that is not an ISO 3166-1 alpha-2
/// code in capitals.
/// Thread-safe if the geocoder is. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT ExtractResult
extract_incidents(std::string_view text, const geocode::Geocoder& geocoder, const Rules& rules,
                  const ExtractOptions& options = {});

}  // namespace incidentmap::extract
