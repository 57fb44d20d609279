#pragma once
// Internal: places of incidents - comparing places, choosing the scene among the places an
// article names, and locating places (scene.cpp).

#include <optional>
#include <string>
#include <vector>

#include "article.hpp"

namespace incidentmap::extract {
struct LinearModel;
}

namespace incidentmap::extract::detail {

/// 4 country, 3 state, 2 county, 1 town, 0 finer (street, crossing, point of interest).
int coarseness(gazetteer::place_kind k);
bool same_place(const geocode::GeocodeResult& a, const geocode::GeocodeResult& b);
/// a lies in b (by the names of its state and county).
bool within(const geocode::GeocodeResult& a, const geocode::GeocodeResult& b);
/// One lies in the other.
bool compatible_places(const geocode::GeocodeResult& a, const geocode::GeocodeResult& b);
/// One lies in the other, or both are towns or finer places within @p km of each other.
bool close_places(const geocode::GeocodeResult& a, const geocode::GeocodeResult& b, double km);
/// "Portland, Oregon"; a state or country by its name alone.
std::string describe(const geocode::GeocodeResult& p);
/// "4.8 km", "350 m".
std::string format_m(double m);

/// A place the article names, as a candidate for its main incident's scene.
struct SceneCandidate {
    std::size_t mention = k_none;  // the mention that stands for it (one in an event clause)
    std::vector<double> x;         // features, in the order of scene_features()
    double score = 0;              // the model's score (log-odds)
};

/// The places the article's content names (not countries), best first. @p event_clause says
/// per clause whether it tells of the incident's event.
std::vector<SceneCandidate> rank_scenes(const Article& a, const std::vector<char>& event_clause,
                                        const LinearModel& model);

/// The scene among @p ranked (best first): the best, narrowed to the finest place inside it
/// that a clause of the event names ("Crown Heights" in Brooklyn, "W Burnside St and NW 10th
/// Ave" in Portland) - or, inside a county or a state, that the article names anywhere
/// (Bellingham in Whatcom County) - not as part of an organisation's name. The index in @p ranked,
/// or k_none when it is empty.
std::size_t finest_scene(const Article& a, const std::vector<SceneCandidate>& ranked);

/// The words of @p spans in text order, joined with " ... ".
std::string words_of_spans(const Article& a, const std::vector<incident::TextSpan>& spans);

/// A place of an incident from mention @p m: its reading, or the geocoder's part of it for a
/// direction ("east Portland"), narrowed to a feature the geocoder knows ("a hospital") when
/// exactly one is loaded. What cannot be located as stated goes to out.unresolved.
incident::Location locate_place(const Article& a, const geocode::Geocoder& geocoder,
                                const std::string& id, incident::location_role role, std::size_t m,
                                const std::optional<Part>& part,
                                const std::optional<FeatureHit>& feature, ExtractResult& out,
                                const std::string& incident_id);

/// Place @p loc at a stated distance from @p ref: "a couple of miles away" is the ring between
/// the two distances (widened by the reference's own uncertainty on both sides), "3 miles east
/// of X" the geodesic destination with the distance's spread and a compass point's +-22.5
/// degrees across. False if the reference has no geometry or the ring cannot be drawn.
bool place_from(const Article& a, incident::Location& loc, const incident::Location& ref,
                const Distance& x);

}  // namespace incidentmap::extract::detail
