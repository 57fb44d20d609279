// The scene: which of the places an article names is where its main incident happened
// (candidates scored by the ranking model), and locating a scene, a found place or a place at
// a stated distance without inventing precision.

#include "scene.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/shapes.hpp>
#include <incidentmap/geodesy/spherical.hpp>

#include "model_data.hpp"

namespace incidentmap::extract::detail {

using gazetteer::place_kind;
using geocode::GeocodeResult;

int coarseness(place_kind k) {
    switch (k) {
        case place_kind::country:
            return 4;
        case place_kind::state:
            return 3;
        case place_kind::county:
            return 2;
        case place_kind::city:
            return 1;
        default:
            return 0;
    }
}

bool same_place(const GeocodeResult& a, const GeocodeResult& b) {
    return a.kind == b.kind && a.name == b.name && a.admin.state == b.admin.state &&
           a.admin.country_code == b.admin.country_code;
}

bool within(const GeocodeResult& a, const GeocodeResult& b) {
    if (same_place(a, b)) return true;
    // A street, a crossing or a neighbourhood in a town: within the town's radius, and for a
    // neighbourhood, smaller than the town ("Crown Heights" in Brooklyn). (Streets imported
    // from OpenStreetMap may carry no country.)
    if (b.kind == place_kind::city && coarseness(a.kind) <= 1 &&
        (a.kind != place_kind::city || a.population < b.population) &&
        (a.admin.country_code == b.admin.country_code || a.admin.country_code.empty()))
        return geodesy::spherical::haversine_distance_m(a.point, b.point) <= b.uncertainty_m;
    if (a.admin.country_code != b.admin.country_code) return false;
    if (b.kind == place_kind::country) return true;
    if (b.kind == place_kind::state)
        return a.kind != place_kind::country && a.admin.state == b.name;
    if (b.kind == place_kind::county)
        return coarseness(a.kind) < 2 && a.admin.county == b.name && a.admin.state == b.admin.state;
    return false;
}

bool compatible_places(const GeocodeResult& a, const GeocodeResult& b) {
    return within(a, b) || within(b, a);
}

bool close_places(const GeocodeResult& a, const GeocodeResult& b, double km) {
    if (compatible_places(a, b)) return true;
    if (coarseness(a.kind) > 1 || coarseness(b.kind) > 1) return false;
    return geodesy::spherical::haversine_distance_m(a.point, b.point) <= km * 1000.0;
}

std::string describe(const GeocodeResult& p) {
    std::string s = p.name;
    if (!is_area(p.kind) && !p.admin.state.empty()) s += ", " + p.admin.state;
    return s;
}

std::string format_m(double m) {
    char buf[64];
    if (m >= 1000)
        std::snprintf(buf, sizeof buf, "%.1f km", m / 1000);
    else
        std::snprintf(buf, sizeof buf, "%.0f m", m);
    return buf;
}

// ---------------------------------------------------------------------------------------
// Scene candidates

namespace {

constexpr std::array<std::string_view, 25> k_scene_features{"city",
                                                            "finer_than_city",
                                                            "county",
                                                            "state",
                                                            "dateline",
                                                            "title",
                                                            "event_clause",
                                                            "event_sentence",
                                                            "lead",
                                                            "preposition",
                                                            "organisation_only",
                                                            "mentions_log",
                                                            "holds_other",
                                                            "within_other",
                                                            "confidence",
                                                            "background_only",
                                                            "position",
                                                            "population_log",
                                                            "site_name",
                                                            "near_dateline",
                                                            "far_from_dateline",
                                                            "state_named",
                                                            "containment",
                                                            "ambiguous",
                                                            "near_others"};

enum F : std::size_t {
    f_city,
    f_finer,
    f_county,
    f_state,
    f_dateline,
    f_title,
    f_event_clause,
    f_event_sentence,
    f_lead,
    f_preposition,
    f_organisation_only,
    f_mentions_log,
    f_holds_other,
    f_within_other,
    f_confidence,
    f_background_only,
    f_position,
    f_population_log,
    f_site_name,
    f_near_dateline,
    f_far_from_dateline,
    f_state_named,
    f_containment,
    f_ambiguous,
    f_near_others,
};

// A dateline's town and a candidate this close are one area; this far apart, two.
constexpr double k_near_dateline_km = 40;
constexpr double k_far_from_dateline_km = 100;
// Another named town this close makes a candidate part of the article's area.
constexpr double k_near_others_km = 50;
// How many of an article's places, in text order, each scene candidate is compared with.
constexpr std::size_t k_compared_places = 500;
// A mention read with less confidence than this was a close call between readings.
constexpr double k_ambiguous_confidence = 0.6;

// Words before a place that tell something happened there ("at", "on", "from" too: a wider
// set than the one that lets a word be a place name at all, places.cpp).
bool scene_preposition(std::string_view w) {
    return w == "in" || w == "at" || w == "near" || w == "outside" || w == "inside" || w == "on" ||
           w == "into" || w == "across" || w == "around" || w == "from";
}

}  // namespace

std::span<const std::string_view> scene_features() {
    return k_scene_features;
}

std::vector<SceneCandidate> rank_scenes(const Article& a, const std::vector<char>& event_clause,
                                        const LinearModel& model) {
    const auto& T = a.tokens;
    // The clause of each token, and the sentences with an event of the incident.
    std::vector<std::size_t> clause_of(T.size(), k_none);
    for (std::size_t ci = 0; ci < a.clauses.size(); ++ci)
        for (std::size_t k = a.clauses[ci].first; k < a.clauses[ci].end; ++k) clause_of[k] = ci;
    const std::vector<char> event_sentence = a.event_sentences(event_clause);
    const std::size_t lead = a.lead_line();
    // One candidate per place: its mentions pooled.
    std::map<std::pair<std::string, std::uint32_t>, std::size_t> index;
    std::vector<SceneCandidate> out;
    std::vector<std::size_t> mentions_of;
    const double lines = std::max<double>(1.0, static_cast<double>(a.content_line.size()));
    for (std::size_t m = 0; m < a.mentions.size(); ++m) {
        const auto& pm = a.mention(m);
        if (pm.place.kind == place_kind::country || pm.place.kind == place_kind::postal_code)
            continue;
        const std::size_t t = a.token_of(pm.begin);
        if (t >= T.size()) continue;
        // The site's name after the headline ("KSLA News 12 Shreveport, Louisiana") tells
        // where the news comes from, not where it happened.
        const bool site = a.in_title(t) && T[t].begin >= a.title_cut;
        if (!site && !a.is_content(t)) continue;
        const auto key = std::make_pair(pm.place.gazetteer, pm.place.place_index);
        auto [it, fresh] = index.try_emplace(key, out.size());
        if (fresh) {
            SceneCandidate c;
            c.mention = m;
            c.x.assign(k_scene_features.size(), 0.0);
            const auto k = pm.place.kind;
            c.x[f_city] = k == place_kind::city ? 1 : 0;
            c.x[f_finer] = coarseness(k) == 0 ? 1 : 0;
            c.x[f_county] = k == place_kind::county ? 1 : 0;
            c.x[f_state] = k == place_kind::state ? 1 : 0;
            c.x[f_organisation_only] = 1;
            c.x[f_background_only] = 1;
            c.x[f_ambiguous] = 1;
            c.x[f_population_log] = std::log10(1.0 + pm.place.population) / 7.0;
            out.push_back(std::move(c));
            mentions_of.push_back(0);
        }
        SceneCandidate& c = out[it->second];
        if (site) {
            c.x[f_site_name] = 1;
            continue;
        }
        // (Its first mention in the article's own words, not in the site's name.)
        if (mentions_of[it->second]++ == 0) {
            c.mention = m;
            c.x[f_position] = 1.0 - static_cast<double>(T[t].line) / lines;
        }
        const std::size_t ci = clause_of[t];
        if (pm.resolved_by == "dateline") c.x[f_dateline] = 1;
        if (a.in_title(t)) c.x[f_title] = 1;
        if (T[t].line == lead) c.x[f_lead] = 1;
        if (ci != k_none && event_clause[ci]) {
            c.x[f_event_clause] = 1;
            // The clause's mention nearest the event word is the scene's mention.
            if (!a.mention(c.mention).in_organisation || pm.in_organisation) c.mention = m;
        }
        if (ci != k_none && event_sentence[a.clauses[ci].sentence]) c.x[f_event_sentence] = 1;
        if (t > 0 && scene_preposition(T[t - 1].lower)) c.x[f_preposition] = 1;
        if (!pm.in_organisation) c.x[f_organisation_only] = 0;
        if (ci != k_none && a.clauses[ci].past.empty()) c.x[f_background_only] = 0;
        c.x[f_confidence] = std::max(c.x[f_confidence], pm.confidence);
        if (pm.confidence >= k_ambiguous_confidence) c.x[f_ambiguous] = 0;
        if (pm.resolved_by == "containment") c.x[f_containment] = 1;
    }
    // A place named only in the site's name is no candidate.
    {
        std::vector<SceneCandidate> named;
        std::vector<std::size_t> counts;
        for (std::size_t i = 0; i < out.size(); ++i)
            if (mentions_of[i] > 0) {
                named.push_back(std::move(out[i]));
                counts.push_back(mentions_of[i]);
            }
        out = std::move(named);
        mentions_of = std::move(counts);
    }
    // The dateline's town, and the states the article names (as states, or after a town).
    const GeocodeResult* dateline = nullptr;
    std::set<std::string> states;
    for (const auto& pm : a.mentions) {
        const std::size_t t = a.token_of(pm.begin);
        if (t >= T.size() || !a.is_content(t)) continue;
        if (pm.resolved_by == "dateline" && dateline == nullptr) dateline = &pm.place;
        if (pm.place.kind == place_kind::state) states.insert(pm.place.name);
        if (pm.resolved_by == "containment") states.insert(pm.place.admin.state);
    }
    const auto km = [](const GeocodeResult& p, const GeocodeResult& q) {
        return geodesy::spherical::haversine_distance_m(p.point, q.point) / 1000.0;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto& x = out[i].x;
        x[f_mentions_log] = std::log2(static_cast<double>(mentions_of[i]));
        const auto& p = a.mention(out[i].mention).place;
        if (dateline != nullptr && !same_place(p, *dateline) && !is_area(p.kind)) {
            x[f_near_dateline] = km(p, *dateline) <= k_near_dateline_km ? 1 : 0;
            x[f_far_from_dateline] = km(p, *dateline) > k_far_from_dateline_km ? 1 : 0;
        }
        if (p.kind != place_kind::state && states.contains(p.admin.state)) x[f_state_named] = 1;
        int others = 0, near = 0;
        // (Against the first k_compared_places of the article, so that a text naming
        // thousands of places is still read in linear time.)
        for (std::size_t j = 0; j < std::min(out.size(), k_compared_places); ++j) {
            if (i == j) continue;
            const auto& q = a.mention(out[j].mention).place;
            if (same_place(p, q)) continue;
            if (within(q, p)) x[f_holds_other] = 1;
            if (within(p, q)) x[f_within_other] = 1;
            if (coarseness(q.kind) <= 1 && coarseness(p.kind) <= 1) {
                ++others;
                if (km(p, q) <= k_near_others_km) ++near;
            }
        }
        if (others > 0) x[f_near_others] = static_cast<double>(near) / others;
    }
    for (auto& c : out) c.score = model.score(c.x);
    std::stable_sort(out.begin(), out.end(), [](const SceneCandidate& x, const SceneCandidate& y) {
        return x.score > y.score;
    });
    return out;
}

std::size_t finest_scene(const Article& a, const std::vector<SceneCandidate>& ranked) {
    if (ranked.empty()) return k_none;
    std::size_t best = 0;
    const auto finer = [&](const GeocodeResult& p, const GeocodeResult& q) {
        return coarseness(p.kind) < coarseness(q.kind) ||
               (p.kind == place_kind::city && q.kind == place_kind::city &&
                p.population < q.population);
    };
    for (bool narrowed = true; narrowed;) {
        narrowed = false;
        const auto& area = a.mention(ranked[best].mention).place;
        for (std::size_t i = 0; i < ranked.size(); ++i) {
            const auto& c = ranked[i];
            const auto& p = a.mention(c.mention).place;
            // (Inside a county or a state, a town named anywhere; inside a town, a finer place
            // named with the event.)
            const bool coarse = coarseness(area.kind) >= 2;
            if (i == best || (c.x[f_event_clause] == 0 && !coarse) ||
                c.x[f_organisation_only] != 0 || same_place(p, area) || !within(p, area) ||
                !finer(p, area))
                continue;
            best = i;
            narrowed = true;
            break;
        }
    }
    return best;
}

// ---------------------------------------------------------------------------------------
// Locating

std::string words_of_spans(const Article& a, const std::vector<incident::TextSpan>& spans) {
    std::vector<incident::TextSpan> s = spans;
    std::sort(s.begin(), s.end(), [](const auto& x, const auto& y) { return x.begin < y.begin; });
    std::string out;
    for (const auto& x : s)
        out += (out.empty() ? "" : " ... ") + std::string(a.text.substr(x.begin, x.end - x.begin));
    return out;
}

incident::Location locate_place(const Article& a, const geocode::Geocoder& geocoder,
                                const std::string& id, incident::location_role role, std::size_t m,
                                const std::optional<Part>& part,
                                const std::optional<FeatureHit>& feature, ExtractResult& out,
                                const std::string& incident_id) {
    const auto& p = a.mention(m).place;
    incident::Location loc;
    loc.id = id;
    loc.role = role;
    loc.spans.push_back({a.mention(m).begin, a.mention(m).end});
    geocode::GeocodeQuery q;
    q.name = p.name;
    if (!is_area(p.kind)) q.state = p.admin.state;
    if (p.kind != place_kind::country) q.country = p.admin.country_code;
    q.kind = p.kind;
    if (part) {
        q.part = part->part;
        loc.spans.push_back(a.span(part->first, part->last));
    }
    std::string where = (part ? part->part + " " : std::string()) + describe(p);
    std::string feature_word;
    const auto phrase = [&](const FeatureHit& f) { return a.words(f.cue_first, f.last); };
    if (feature) {
        loc.spans.push_back(a.span(feature->cue_first, feature->last));
        feature_word = feature->feature;
    }
    geocode::GeocodeOptions opt;
    opt.limit = 50;
    opt.max_edit_distance = 0;
    // The mention's own reading, or its directional part from the geocoder.
    std::vector<GeocodeResult> area{p};
    if (part) {
        try {
            area = geocoder.geocode(q, opt);
        } catch (const invalid_input&) {
            area.clear();
        }
        std::erase_if(area, [&](const GeocodeResult& r) { return !same_place(r, p); });
    }
    std::string note;
    loc.name = (feature ? phrase(*feature) + ", " : std::string()) + where;
    loc.text = words_of_spans(a, loc.spans);
    loc.place =
        (feature_word.empty() || feature_word == "place" ? "" : feature_word + " in ") + where;
    if (area.empty()) {
        loc.derivation_note = "no gazetteer entry for " + where;
        out.unresolved.push_back(
            {incident_id, id, loc.spans.front(), loc.text, loc.derivation_note});
        return loc;
    }
    GeocodeResult r = area.front();
    // A feature the geocoder knows ("hospital"): its points of interest inside the area.
    // (Other features, "a residential area", are never looked up.)
    if (feature && geocode::has_points_of_interest(feature_word)) {
        q.feature = feature_word;
        std::vector<GeocodeResult> pois;
        try {
            pois = geocoder.geocode(q, opt);
        } catch (const invalid_input&) {
        }
        std::erase_if(pois, [](const GeocodeResult& x) { return x.feature_unresolved; });
        if (pois.size() == 1) {
            r = pois.front();
            note = "the only " + feature_word + " loaded in " + where;
        } else if (pois.size() > 1) {
            note = std::to_string(pois.size()) + " " + feature_word + "s are loaded in " + where +
                   " and the report does not say which: the whole area is kept";
            out.unresolved.push_back(
                {incident_id, id, a.span(feature->first, feature->last), phrase(*feature), note});
        } else {
            note = "no " + feature_word + " is loaded for " + where + ", so the whole area is kept";
            out.unresolved.push_back(
                {incident_id, id, a.span(feature->first, feature->last), phrase(*feature), note});
        }
    } else if (feature && feature_word == "street") {
        note = "the report names no street: the whole area is kept";
    } else if (feature && feature_word != "place") {
        note = "the report does not say which " + feature_word + ": the whole area is kept";
    }
    loc.geometry = type_of(r.extent) != geometry_type::none ? r.extent : Geometry{r.point};
    loc.precision = r.precision;
    loc.uncertainty_m = r.uncertainty_m;
    loc.derivation = incident::derivation_method::geocoded;
    loc.derivation_note =
        "geocoded: " + (r.kind == place_kind::poi ? r.name + ", " : std::string()) + where + ", " +
        r.admin.country_code + " (" + to_string(r.precision) + ", " + format_m(r.uncertainty_m) +
        ")" + (note.empty() ? "" : "; " + note);
    return loc;
}

namespace {

bool place_from_unchecked(const Article& a, incident::Location& loc, const incident::Location& ref,
                          const Distance& x) {
    const auto centre = incident::representative_point(ref.geometry);
    if (!centre) return false;
    const double r = ref.uncertainty_m;
    loc.relative_to = ref.id;
    loc.derivation = incident::derivation_method::relative;
    loc.precision = ref.precision;
    const std::string stated = "\"" + a.words(x.first, x.last) + "\"";
    if (x.part.empty()) {
        const double inner = std::max(0.0, x.low_m - r);
        const double outer = x.high_m + r;
        loc.geometry = geodesy::geodesic_annulus(*centre, inner, outer);
        loc.uncertainty_m = outer;
        loc.derivation_note =
            format_m(x.low_m) + " to " + format_m(x.high_m) + " from the " + ref.id + " (" +
            stated + ")" +
            (r > 0 ? "; its own uncertainty of " + format_m(r) + " widens this to " +
                         format_m(inner) + " to " + format_m(outer)
                   : "");
    } else {
        const double mid = 0.5 * (x.low_m + x.high_m);
        loc.geometry =
            geodesy::direct(*centre, *geodesy::compass_azimuth_deg(x.part), mid).position;
        loc.uncertainty_m =
            r + std::hypot(0.5 * (x.high_m - x.low_m), mid * std::sin(22.5 * k_pi / 180.0));
        loc.derivation_note = "the geodesic destination " + format_m(mid) + " " + x.part +
                              " of the " + ref.id + " (" + stated + "), within " +
                              format_m(loc.uncertainty_m);
    }
    return true;
}

}  // namespace

bool place_from(const Article& a, incident::Location& loc, const incident::Location& ref,
                const Distance& x) {
    const incident::Location before = loc;
    try {
        return place_from_unchecked(a, loc, ref, x);
    } catch (const error&) {
        loc = before;  // a ring too large to draw: left as it was
        return false;
    }
}

}  // namespace incidentmap::extract::detail
