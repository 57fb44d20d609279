// From clauses to incidents: the article's main incident and any others it tells of, each
// with its scene, day, toll, actors, places in their roles, and confidence.

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/geodesy/shapes.hpp>

#include "article.hpp"
#include "model_data.hpp"
#include "scene.hpp"

namespace incidentmap::extract {

namespace detail {

namespace {
constexpr std::array<std::string_view, 9> k_confidence_features{
    "main", "scene_probability", "scene_margin", "city_or_finer", "told_as_new",
    "past", "day_stated",        "toll_stated",  "clauses_log"};
}

std::span<const std::string_view> confidence_features() {
    return k_confidence_features;
}

}  // namespace detail

namespace {

using namespace std::chrono;
using namespace detail;
using gazetteer::place_kind;
using geocode::GeocodeResult;
using incident::TextSpan;

// Towns this close are one scene for grouping: a shooting in Hermitage told of as in
// Nashville is one event.
constexpr double k_same_scene_km = 40.0;
// An incident other than the article's own is made only at a place read with this confidence.
constexpr double k_other_place_confidence = 0.6;

std::string slug(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) != 0)
            out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "place" : out;
}

// "2026-01-08": the day as written in incident ids and titles.
std::string iso_day(sys_days d) {
    return to_iso8601(Timestamp{sys_seconds{d}, time_precision::day, std::nullopt});
}

struct Draft {
    bool main = false;  // the article's own incident
    std::vector<std::string> types;
    bool starts = false;          // one of the types starts incidents (a shooting, not an arrest)
    bool indefinite = false;      // told as a new event ("a man was shot"), not only referred to
    bool past = false;            // told as past ("last month"): the main incident of a follow-up
    std::optional<sys_days> day;  // the first day of its clauses, for grouping
    std::size_t place = k_none;   // mention of the scene's named place
    double scene_score = 0, scene_margin = 0;
    std::optional<FeatureHit> scene_feature;
    std::optional<Part> part;
    std::optional<FeatureHit> found_feature;
    std::optional<Distance> found_distance;
    std::size_t found_mention = k_none;
    std::optional<Distance> scene_offset;  // "3 miles east of X": the scene from X
    bool near = false;                     // "near X"
    std::string hospital;                  // a named hospital ("taken to X")
    TextSpan hospital_span;
    std::vector<incident::Actor> actors;
    std::vector<std::size_t> clauses;
    std::string clock;
};

class Extractor {
public:
    Extractor(std::string_view text, const geocode::Geocoder& geocoder, const Rules::Data& rules,
              const Model::Data& model, const ExtractOptions& options)
        : m_a(text, rules),
          m_geocoder(geocoder),
          m_rules(rules),
          m_model(model),
          m_options(options) {}

    // An incident happens somewhere no wider than a country: continents and world regions
    // are not read.
    PlaceOptions places_options() const {
        PlaceOptions o = m_options.places;
        o.min_precision = std::min(o.min_precision, precision_class::country);
        return o;
    }

    ExtractResult run() {
        ExtractResult out;
        check_input(m_a.text, m_options.places);
        if (auto blanked = blank_markup(m_a.text)) {
            m_a.blanked = std::move(*blanked);
            m_a.text = m_a.blanked;
        }
        m_a.tokens = tokenize(m_a.text);
        find_content(m_a);
        m_a.mentions =
            find_places_in(m_a.text, m_a.tokens, m_a.title_case, m_geocoder, places_options());
        const auto opening = date_in(m_a);
        if (m_options.published) {
            m_a.published = floor<days>(m_options.published->utc);
            out.published = m_options.published;
            // A date the text opens with is the publication date only when it is that day.
            if (opening != m_a.published) m_a.date_span = {};
        } else if (opening) {
            m_a.published = *opening;
            out.published = Timestamp{sys_seconds{*opening}, time_precision::day, std::nullopt};
        }
        map_mentions();
        read_clauses(m_a);
        assign(out);
        build(out);
        out.mentions = std::move(m_a.mentions);
        return out;
    }

private:
    Article m_a;
    const geocode::Geocoder& m_geocoder;
    const Rules::Data& m_rules;
    const Model::Data& m_model;
    const ExtractOptions& m_options;
    std::vector<Draft> m_drafts;
    std::vector<SceneCandidate> m_scenes;  // the main incident's, best first
    std::size_t m_scene_chosen = k_none;   // the one of m_scenes the main incident took
    std::vector<DayCandidate> m_days;      // the main incident's, best first
    Toll m_main_toll;                      // the main incident's, with its count candidates

    const PlaceMention& mention(std::size_t i) const { return m_a.mention(i); }

    void map_mentions() {
        m_a.mention_at.assign(m_a.tokens.size(), k_none);
        std::size_t t = 0;
        const auto& T = m_a.tokens;
        for (std::size_t m = 0; m < m_a.mentions.size(); ++m) {
            while (t < T.size() && T[t].end <= mention(m).begin) ++t;
            for (std::size_t k = t; k < T.size() && T[k].begin < mention(m).end; ++k)
                m_a.mention_at[k] = m;
        }
    }

    // The clause's place for matching: its finest named place (organisations count: the
    // Portland Police Bureau is in Portland); countries say too little.
    std::size_t clause_place(const Clause& c, bool organisations) const {
        std::size_t best = k_none;
        for (auto m : c.mentions) {
            const auto& p = mention(m);
            if (p.place.kind == place_kind::country) continue;
            if (p.in_organisation && !organisations) continue;
            if (best == k_none || coarseness(p.place.kind) < coarseness(mention(best).place.kind))
                best = m;
        }
        return best;
    }

    // The other clauses of clause ci's sentence, nearest first; at most 16 on each side, so
    // that a sentence of thousands of clauses stays linear.
    std::vector<std::size_t> same_sentence(std::size_t ci) const {
        constexpr std::size_t k_reach = 16;
        std::vector<std::size_t> out;
        const auto& C = m_a.clauses;
        const std::size_t s = C[ci].sentence;
        for (std::size_t k = ci; k-- > 0 && k + k_reach >= ci && C[k].sentence == s;)
            out.push_back(k);
        for (std::size_t k = ci + 1; k < C.size() && k <= ci + k_reach && C[k].sentence == s; ++k)
            out.push_back(k);
        return out;
    }

    // Clauses in text order, except that a sentence opening with a time link ("A day after a
    // woman was killed in Minneapolis, officers shot ...") has its main clause first, so that
    // the link is dated from it.
    std::vector<std::size_t> processing_order() const {
        std::vector<std::size_t> order;
        const auto& C = m_a.clauses;
        for (std::size_t a = 0; a < C.size();) {
            std::size_t b = a;
            while (b < C.size() && C[b].sentence == C[a].sentence) ++b;
            std::size_t main = a;
            while (main < b && C[main].linked) ++main;
            if (main < b && main > a) order.push_back(main);
            for (std::size_t k = a; k < b; ++k)
                if (k != main || main == a) order.push_back(k);
            a = b;
        }
        return order;
    }

    // The clause's event: the first trigger that can start an incident ("arrested a man who
    // shot two people": the shooting), else the first; background ones ("a recent shooting")
    // only when there is nothing else. c.triggers.size() when none.
    std::size_t event_of(const Clause& c, bool with_background) const {
        std::size_t t = c.triggers.size();
        for (std::size_t k = 0; k < c.triggers.size(); ++k) {
            if (c.triggers[k].background && !with_background) continue;
            if (t == c.triggers.size()) t = k;
            if (m_rules.events[c.triggers[k].event].starts_incident &&
                !m_rules.events[c.triggers[t].event].starts_incident)
                t = k;
        }
        return t;
    }

    // How a clause tells of an event that starts incidents: 0 as new and current ("a man was
    // shot"), 1 as a reference ("the shooting"), 2 as past or background ("last month", "a
    // recent shooting"); -1 not at all (no such event, a time link, or not the article's
    // words).
    int telling(const Clause& c) const {
        // (A link with a count of days, "a day after", tells of another event; "after" alone of
        // this one.)
        if (!c.content || (c.linked && c.link_days)) return -1;
        const std::size_t t = event_of(c, true);
        if (t == c.triggers.size()) return -1;
        const auto& tr = c.triggers[t];
        if (!m_rules.events[tr.event].starts_incident) return -1;
        if (!c.past.empty() || tr.background) return 2;
        return tr.definite ? 1 : 0;
    }

    void assign(ExtractResult& out) {
        const auto order = processing_order();
        auto& C = m_a.clauses;
        // Same-sentence days and clock times: "Deputies shot a man near X, on Monday", and
        // "... shortly after 10 p.m. Thursday" (a link that gives no day count).
        for (const std::size_t ci : order) {
            Clause& c = C[ci];
            if (c.triggers.empty()) continue;
            for (const std::size_t k : same_sentence(ci)) {
                const Clause& o = C[k];
                if (!o.triggers.empty() || (o.linked && o.link_days)) continue;
                if (!c.day && o.day) {
                    c.day = o.day;
                    if (c.past.empty()) c.past = o.past;  // "On June 3, 2019, ..."
                }
                if (c.clock.empty()) c.clock = o.clock;
            }
        }
        // The article's own incident: the first event told as new and current, else the first
        // referred to, else the first told as past (a follow-up on an arrest is about it).
        std::vector<int> tells(C.size());
        for (std::size_t ci = 0; ci < C.size(); ++ci) tells[ci] = telling(C[ci]);
        int main_telling = 3;
        std::size_t main_clause = k_none;  // the first clause that tells it so
        for (const std::size_t ci : order)
            if (tells[ci] >= 0 && tells[ci] < main_telling)
                main_telling = tells[ci], main_clause = ci;
        std::vector<char> event_clause(C.size(), 0);
        for (std::size_t ci = 0; ci < C.size(); ++ci)
            event_clause[ci] = tells[ci] >= 0 && (tells[ci] < 2 || main_telling == 2) ? 1 : 0;
        std::size_t main = k_none;
        if (main_telling < 3) {
            m_scenes = rank_scenes(m_a, event_clause, m_model.scene);
            if (const std::size_t s = finest_scene(m_a, m_scenes); s != k_none) {
                m_scene_chosen = s;
                Draft d;
                d.main = true;
                d.place = m_scenes[s].mention;
                d.scene_score = m_scenes.front().score;
                d.scene_margin =
                    m_scenes.size() > 1 ? m_scenes.front().score - m_scenes[1].score : 10.0;
                d.past = main_telling == 2;
                m_drafts.push_back(std::move(d));
                main = 0;
            }
        }
        std::size_t focus = main;
        std::size_t focus_sentence = 0;
        std::size_t previous = k_none;  // incident of the previous clause in the sentence
        std::size_t last_sentence = k_none;
        for (const std::size_t ci : order) {
            Clause& c = C[ci];
            if (!c.content) continue;
            if (c.sentence != last_sentence) previous = k_none;
            last_sentence = c.sentence;
            if (c.linked) {
                const std::size_t anchor = previous != k_none ? previous : focus;
                if (c.link_days && anchor != k_none && m_drafts[anchor].day)
                    c.day = *m_drafts[anchor].day + days{*c.link_days};
            }
            const std::size_t t = event_of(c, main_telling == 2);
            const bool has_trigger = t < c.triggers.size();
            // Past is relative to the article's own event: an event told as past ("a child shot
            // last month") is that event when the article gives its own no day and names no
            // place apart from its scene - a follow-up about an arrest.
            const bool follow_up = !c.past.empty() && main != k_none && !m_drafts[main].day &&
                                   !c.linked && follows_up(c, ci, main);
            const bool current = c.past.empty() || main_telling == 2 || follow_up;
            if (!current || (!has_trigger && !c.triggers.empty())) {
                for (const auto& x : c.triggers)
                    out.left_out.push_back(
                        {m_a.span(c.first, c.end - 1), m_rules.events[x.event].type,
                         !c.past.empty()
                             ? "past event: " + c.past
                             : "background: \"" +
                                   m_a.words(x.first > c.first ? x.first - 1 : x.first, x.last) +
                                   "\""});
                previous = k_none;
                continue;
            }
            const bool cues = c.found_cue != k_none || c.hospital_cue != k_none ||
                              !c.parts.empty() || !c.casualties.empty();
            if (!has_trigger && !cues) continue;
            const Trigger* trig = has_trigger ? &c.triggers[t] : nullptr;
            // The clause's place, or else its sentence's ("According to the Portland Police
            // Bureau, officers responded to a shooting"): for matching only.
            std::size_t place = clause_place(c, true);
            // (Not from a linked clause: "The shooting came a day after [one in Minneapolis]".)
            for (const std::size_t k : same_sentence(ci)) {
                if (place != k_none || c.linked) break;
                if (!C[k].linked) place = clause_place(C[k], true);
            }
            std::size_t target = k_none;
            if (trig != nullptr) {
                // (Another incident than the article's own - unless told as "a day after" it -
                // needs a place read with confidence, a town or finer: most places read apart from
                // the main scene are the main event again, at a misread name.)
                const std::size_t own = clause_place(c, false);
                const bool can_create = m_rules.events[trig->event].starts_incident &&
                                        !trig->definite && own != k_none &&
                                        (main == k_none || (c.linked && c.link_days) ||
                                         (mention(own).confidence >= k_other_place_confidence &&
                                          coarseness(mention(own).place.kind) <= 1));
                // (A time link without a count of days, "after" or "following", tells of the same
                // events; "a day after" of another.)
                // (The clause that tells of the article's own event is that event's, wherever
                // the scene was placed.)
                if (main != k_none && (ci == main_clause || ((!c.linked || !c.link_days) &&
                                                             joins_main(c, place, can_create))))
                    target = main;
                int best = -1;
                for (std::size_t d = 0; d < m_drafts.size() && target == k_none; ++d) {
                    if (m_drafts[d].main || !compatible(m_drafts[d], c, place, trig->event))
                        continue;
                    int score = d == focus ? 1 : 0;
                    if (place != k_none && m_drafts[d].place != k_none) score += 2;
                    if (c.day && m_drafts[d].day) score += 2;
                    if (score > best) {
                        best = score;
                        target = d;
                    }
                }
                // A new event: a verb or "a shooting", with a named place, not a reference.
                if (target == k_none && can_create) {
                    m_drafts.emplace_back();
                    target = m_drafts.size() - 1;
                }
                if (target == k_none) {
                    previous = k_none;
                    continue;  // a reference to nothing known
                }
            } else {
                // Who was found where, who was hurt, and where the scene lies, without an
                // event word: part of the incident in focus - the main one, or another told
                // of in the last sentences.
                if (focus == k_none || (focus != main && c.sentence > focus_sentence + 2)) continue;
                if (place != k_none && m_drafts[focus].place != k_none &&
                    !close_places(mention(place).place, mention(m_drafts[focus].place).place,
                                  k_same_scene_km) &&
                    !c.casualties.empty() && c.found_cue == k_none)
                    continue;
                target = focus;
            }
            apply(m_drafts[target], c, ci);
            focus = target;
            focus_sentence = c.sentence;
            previous = target;
        }
    }

    // An event told as past in clause ci is the main incident's when it is of a kind that
    // starts incidents and names no place far from the main scene.
    bool follows_up(const Clause& c, std::size_t ci, std::size_t main) const {
        const std::size_t t = event_of(c, false);
        if (t == c.triggers.size() || !m_rules.events[c.triggers[t].event].starts_incident)
            return false;
        std::size_t place = clause_place(c, true);
        for (const std::size_t k : same_sentence(ci))
            if (place == k_none) place = clause_place(m_a.clauses[k], true);
        return place == k_none ||
               close_places(mention(place).place, mention(m_drafts[main].place).place,
                            k_same_scene_km);
    }

    // A clause with an event joins the main incident unless it names a place far from the
    // main scene, or is a new event (it could start one) on a day other than the main one's.
    bool joins_main(const Clause& c, std::size_t place, bool can_create) const {
        const Draft& m = m_drafts.front();
        if (place != k_none &&
            !close_places(mention(place).place, mention(m.place).place, k_same_scene_km))
            return false;
        if (can_create && c.day && m.day && *c.day != *m.day && !c.off_day) return false;
        return true;
    }

    bool compatible(const Draft& d, const Clause& c, std::size_t place, std::size_t event) const {
        const auto& a = m_rules.events[event];
        if (!(a.starts_incident && d.starts) &&
            std::find(d.types.begin(), d.types.end(), a.type) == d.types.end())
            return false;
        if (c.day && d.day && *c.day != *d.day) return false;
        if (place != k_none && d.place != k_none &&
            !compatible_places(mention(place).place, mention(d.place).place))
            return false;
        return true;
    }

    void apply(Draft& d, const Clause& c, std::size_t ci) {
        d.clauses.push_back(ci);
        // Types in the rules' order (shooting before killing), those that start incidents
        // first: "arrested a man who shot" is a shooting.
        for (const bool starting : {true, false})
            for (std::size_t e = 0; e < m_rules.events.size(); ++e) {
                const auto& ev = m_rules.events[e];
                if (ev.starts_incident != starting ||
                    std::none_of(c.triggers.begin(), c.triggers.end(), [&](const Trigger& t) {
                        return t.event == e && (!t.background || d.past);
                    }))
                    continue;
                if (std::find(d.types.begin(), d.types.end(), ev.type) == d.types.end())
                    d.types.push_back(ev.type);
                d.starts = d.starts || ev.starts_incident;
            }
        for (const auto& t : c.triggers)
            if (!t.definite && !t.background && m_rules.events[t.event].starts_incident)
                d.indefinite = true;
        if (!d.day && c.day && !c.off_day) d.day = c.day;
        const bool found_clause = c.found_cue != k_none;
        if (!d.main) {
            // "Officers found a man shot dead in north Portland": with no scene yet, the place
            // where the victim was found is the scene.
            if (found_clause && d.place == k_none) d.place = clause_place(c, false);
            // The scene's named place: the first, then finer places inside it.
            if (!found_clause) {
                const std::size_t p = clause_place(c, false);
                if (p != k_none &&
                    (d.place == k_none ||
                     (within(mention(p).place, mention(d.place).place) &&
                      coarseness(mention(p).place.kind) < coarseness(mention(d.place).place.kind))))
                    d.place = p;
            }
        }
        for (const auto& f : c.features) {
            const bool after_found = found_clause && f.first > c.found_cue;
            if (after_found) {
                if (!d.found_feature) d.found_feature = f;
            } else if (!found_clause && f.cue_first < f.first && !d.scene_feature) {
                d.scene_feature = f;
            }
        }
        for (const auto& p : c.parts)
            if ((!found_clause || p.mention == d.place) && !d.part) d.part = p;
        for (const auto& x : c.distances) {
            if (found_clause && !d.found_distance) d.found_distance = x;
            if (!found_clause && !d.scene_offset && x.of_mention != k_none &&
                x.of_mention == d.place)
                d.scene_offset = x;
        }
        if (!found_clause && d.place != k_none && !d.scene_offset) {
            const std::size_t t = m_a.token_of(mention(d.place).begin);
            if (t > c.first && t < c.end && m_a.tokens[t - 1].lower == "near") d.near = true;
        }
        if (found_clause && d.found_mention == k_none)
            for (auto m : c.mentions)
                if (mention(m).begin > m_a.tokens[c.found_cue].begin &&
                    !mention(m).in_organisation && coarseness(mention(m).place.kind) <= 1 &&
                    (d.place == k_none || !same_place(mention(m).place, mention(d.place).place))) {
                    d.found_mention = m;
                    break;
                }
        if (c.hospital_cue != k_none && d.hospital.empty()) {
            // "taken to Legacy Emanuel Medical Center": the capitalised run after the cue.
            std::size_t k = c.hospital_cue +
                            match_any(m_a.tokens, c.hospital_cue, c.end, m_rules.hospital_cues);
            if (k < c.end && m_a.tokens[k].lower == "the") ++k;
            std::size_t e = k;
            while (e < c.end && m_a.tokens[e].capitalised) ++e;
            if (e > k) {
                d.hospital = m_a.words(k, e - 1);
                d.hospital_span = m_a.span(k, e - 1);
            }
        }
        for (const auto& a : c.actors) merge_actor(d.actors, a);
        if (d.clock.empty() && !c.clock.empty()) d.clock = c.clock;
    }

    static std::string head_of(const std::string& name) {
        const auto with = name.find(" with ");
        const std::string s = name.substr(0, with);
        const auto sp = s.rfind(' ');
        std::string h = sp == std::string::npos ? s : s.substr(sp + 1);
        if (h.size() > 1 && h.back() == 's') h.pop_back();
        return h;
    }

    static void merge_actor(std::vector<incident::Actor>& actors, const incident::Actor& a) {
        for (auto& b : actors)
            if (head_of(b.name) == head_of(a.name)) {
                if (b.agency.empty()) b.agency = a.agency;
                if (a.name.size() > b.name.size() && (a.agency == b.agency || a.agency.empty()))
                    b.name = a.name;
                return;
            }
        actors.push_back(a);
    }

    // -----------------------------------------------------------------------------------
    // Incidents

    void build(ExtractResult& out) {
        std::set<std::string> ids;
        std::set<std::size_t> used;      // mentions that are incident places
        std::vector<std::size_t> built;  // draft per incident
        for (std::size_t di = 0; di < m_drafts.size(); ++di) {
            const Draft& d = m_drafts[di];
            if (d.place == k_none || d.clauses.empty()) continue;
            incident::Incident inc;
            const auto& place = mention(d.place).place;
            // A street, crossing or point of interest is named with its town ("at W Burnside St
            // and NW 10th Ave, Portland, Oregon"): the first town, county or state of the
            // incident's clauses.
            const GeocodeResult* locality = nullptr;
            if (coarseness(place.kind) == 0)
                for (const std::size_t ci : d.clauses)
                    for (const std::size_t m : m_a.clauses[ci].mentions)
                        if (locality == nullptr && coarseness(mention(m).place.kind) >= 1 &&
                            mention(m).place.kind != place_kind::country &&
                            !mention(m).in_organisation)
                            locality = &mention(m).place;
            const std::string where_words =
                coarseness(place.kind) == 0
                    ? " at " + place.name + (locality ? ", " + describe(*locality) : "")
                    : " in " + describe(place);
            const auto day = d.main ? choose_day(d) : d.day;
            // Without a day: the month named with the event ("in June"), if any.
            std::optional<year_month> month;
            if (!day)
                for (const std::size_t ci : d.clauses) {
                    if (!month && m_a.clauses[ci].month) month = m_a.clauses[ci].month;
                    for (const std::size_t k : same_sentence(ci))
                        if (!month && m_a.clauses[k].month) month = m_a.clauses[k].month;
                }
            const std::string base =
                slug(locality ? locality->name : place.name) + "-" +
                (day     ? iso_day(*day)
                 : month ? to_iso8601(Timestamp{sys_seconds{sys_days{*month / 1}},
                                                time_precision::month, std::nullopt})
                         : "undated");
            std::string id = base;
            for (int k = 2; ids.contains(id); ++k) id = base + "-" + std::to_string(k);
            ids.insert(id);
            inc.id = id;
            // A type that names an incident only alone ("wounding") gives way to the others.
            inc.types = d.types;
            const auto alone = [&](const std::string& type) {
                return std::any_of(m_rules.events.begin(), m_rules.events.end(),
                                   [&](const auto& e) { return e.type == type && e.when_alone; });
            };
            if (std::any_of(inc.types.begin(), inc.types.end(),
                            [&](const std::string& t) { return !alone(t); }))
                std::erase_if(inc.types, alone);
            // The day when the report names it; else its month; else no later than the
            // publication - never a guess.
            if (day)
                inc.time.start = Timestamp{sys_seconds{*day}, time_precision::day, std::nullopt};
            else if (month)
                inc.time.start = Timestamp{sys_seconds{sys_days{*month / 1}}, time_precision::month,
                                           std::nullopt};
            else if (m_a.published)
                inc.time.end =
                    Timestamp{sys_seconds{*m_a.published}, time_precision::day, std::nullopt};
            const Toll toll = toll_of(m_a, d.clauses, m_model.killed, m_model.injured);
            if (d.main) m_main_toll = toll;
            if (toll.killed)
                inc.casualties.killed =
                    incident::CountRange{*toll.killed, *toll.killed, *toll.killed};
            if (toll.injured)
                inc.casualties.injured =
                    incident::CountRange{*toll.injured, *toll.injured, *toll.injured};
            inc.actors = d.actors;
            incident::Source src;
            src.title = m_options.source_title;
            src.url = m_options.source_url;
            if (m_a.published)
                src.published =
                    Timestamp{sys_seconds{*m_a.published}, time_precision::day, std::nullopt};
            inc.sources.push_back(src);
            // The scene: every mention of its place in the incident's clauses.
            for (const std::size_t ci : d.clauses)
                for (const std::size_t m : m_a.clauses[ci].mentions)
                    if (same_place(mention(m).place, place) &&
                        mention(m).place.match != geocode::match_type::alias)
                        used.insert(m);
            used.insert(d.place);
            // A direction counts only for the scene's own place ("the city", or the same name).
            std::optional<Part> part = d.part;
            if (part && part->mention != k_none && !same_place(mention(part->mention).place, place))
                part.reset();
            auto scene = locate_place(m_a, m_geocoder, "scene", incident::location_role::scene,
                                      d.place, part, d.scene_feature, out, id);
            if (d.scene_offset && type_of(scene.geometry) != geometry_type::none) {
                // "3 miles east of Gresham": Gresham is the reference, the scene lies from it.
                incident::Location ref = scene;
                ref.id = "reference";
                ref.role = incident::location_role::reference;
                scene.spans.push_back(m_a.span(d.scene_offset->first, d.scene_offset->last));
                scene.name = m_a.words(d.scene_offset->first, d.scene_offset->last);
                scene.text = words_of_spans(m_a, scene.spans);
                scene.place.clear();
                if (place_from(m_a, scene, ref, *d.scene_offset))
                    inc.locations.push_back(ref);
                else
                    scene = ref, scene.id = "scene", scene.role = incident::location_role::scene;
            } else if (const auto centre =
                           d.near ? incident::representative_point(scene.geometry) : std::nullopt) {
                // "near X": anywhere within the rules' near distance of X's extent.
                const double radius = scene.uncertainty_m + m_rules.near_m;
                try {
                    scene.geometry = geodesy::geodesic_circle(*centre, radius);
                    scene.uncertainty_m = radius;
                    scene.name = "near " + scene.name;
                    scene.derivation_note += "; \"near\": widened by " + format_m(m_rules.near_m);
                } catch (const error&) {
                    // a place too large to widen (a country): kept as it is
                }
            }
            inc.locations.push_back(scene);
            add_found(inc, d, scene, out, used);
            add_hospital(inc, d, place, out);
            // Title and notes
            std::string title = inc.types.empty() ? "Incident" : inc.types.front();
            title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
            title += where_words;
            if (day) title += ", " + iso_day(*day);
            if (month) title += ", " + to_iso8601(*inc.time.start);
            std::vector<std::string> toll_words;
            if (toll.killed && *toll.killed > 0)
                toll_words.push_back(std::to_string(*toll.killed) + " killed");
            if (toll.injured && *toll.injured > 0)
                toll_words.push_back(std::to_string(*toll.injured) + " injured");
            if (!toll_words.empty())
                title +=
                    ": " + toll_words.front() + (toll_words.size() > 1 ? ", " + toll_words[1] : "");
            if (!d.actors.empty())
                title += (toll_words.empty() ? ", by " : "; by ") + d.actors.front().name;
            inc.title = title;
            std::vector<std::string> notes;
            if (!d.clock.empty()) notes.push_back("Reported at about " + d.clock + " local time.");
            if (!day && !d.types.empty())
                notes.push_back(!m_a.published ? "No publication date: weekdays were not resolved."
                                : month        ? "The report gives the month, not the day."
                                               : "The report gives no day: the incident was on or "
                                                 "before the publication date (the time's end).");
            if (!toll.killed && !toll.injured)
                notes.push_back("The report states no count of killed or injured.");
            if (toll.suspect) notes.push_back("A suspect is among the casualties.");
            if (d.past) notes.push_back("Told as a past event: the report follows up on it.");
            for (const auto& n : notes) inc.notes += (inc.notes.empty() ? "" : " ") + n;
            inc.confidence = confidence(d, toll, day.has_value(), place, inc.id, out);
            out.incidents.incidents.push_back(std::move(inc));
            built.push_back(di);
        }
        if (m_options.keep_candidates && !out.incidents.incidents.empty() && m_drafts.front().main)
            keep_candidates(out, out.incidents.incidents.front().id);
        add_context(out, used, built);
    }

    void add_found(incident::Incident& inc, const Draft& d, const incident::Location& scene,
                   ExtractResult& out, std::set<std::size_t>& used) const {
        if (d.found_mention != k_none) {
            used.insert(d.found_mention);
            inc.locations.push_back(locate_place(m_a, m_geocoder, "found",
                                                 incident::location_role::found, d.found_mention,
                                                 std::nullopt, d.found_feature, out, inc.id));
        } else if (d.found_feature || d.found_distance) {
            incident::Location found;
            found.id = "found";
            found.role = incident::location_role::found;
            if (d.found_feature)
                found.spans.push_back(m_a.span(d.found_feature->first, d.found_feature->last));
            if (d.found_distance)
                found.spans.push_back(m_a.span(d.found_distance->first, d.found_distance->last));
            found.text = words_of_spans(m_a, found.spans);
            const auto distance_words = [&] {
                return m_a.words(d.found_distance->first, d.found_distance->last);
            };
            found.name = d.found_feature
                             ? m_a.words(d.found_feature->first, d.found_feature->last) +
                                   (d.found_distance ? " " + distance_words() : "")
                             : distance_words();
            if (!d.found_distance || !place_from(m_a, found, scene, *d.found_distance)) {
                found.derivation_note = !d.found_distance
                                            ? "the report gives no place and no distance"
                                            : "the scene is not located";
                out.unresolved.push_back(
                    {inc.id, "found", found.spans.front(), found.text, found.derivation_note});
            }
            inc.locations.push_back(found);
        }
        if (inc.find_location("found") != nullptr) {
            incident::Link link{"scene", "found", "found_from_scene", std::nullopt};
            if (d.found_distance && d.found_distance->away)
                link.stated = incident::StatedDistance{
                    m_a.words(d.found_distance->first, d.found_distance->last),
                    d.found_distance->low_m, d.found_distance->high_m};
            inc.links.push_back(link);
        }
    }

    void add_hospital(incident::Incident& inc, const Draft& d, const GeocodeResult& place,
                      ExtractResult& out) const {
        if (d.hospital.empty()) return;
        incident::Location h;
        h.id = "hospital";
        h.role = incident::location_role::hospital;
        h.name = d.hospital;
        h.text = d.hospital;
        h.place = d.hospital + ", " + describe(place);
        h.spans.push_back(d.hospital_span);
        geocode::GeocodeOptions opt;
        opt.max_edit_distance = 0;
        std::vector<GeocodeResult> r;
        try {
            r = m_geocoder.geocode(h.place, opt);
        } catch (const invalid_input&) {
        }
        if (!r.empty() && r.front().kind == place_kind::poi) {
            h.geometry = r.front().point;
            h.precision = r.front().precision;
            h.uncertainty_m = r.front().uncertainty_m;
            h.derivation = incident::derivation_method::geocoded;
            h.derivation_note = "geocoded: " + r.front().name;
        } else {
            h.derivation_note = "no such place is loaded";
            out.unresolved.push_back(
                {inc.id, "hospital", h.spans.front(), h.text, "no gazetteer entry for " + h.place});
        }
        inc.locations.push_back(h);
    }

    // The main incident's day: the candidates the article names, scored by the model.
    std::optional<sys_days> choose_day(const Draft& d) {
        std::vector<char> event_clause(m_a.clauses.size(), 0);
        for (const std::size_t ci : d.clauses)
            if (!m_a.clauses[ci].triggers.empty()) event_clause[ci] = 1;
        m_days = rank_days(m_a, event_clause, m_model.day);
        if (m_days.empty()) return std::nullopt;
        return m_days.front().day;
    }

    double confidence(const Draft& d, const Toll& toll, bool has_day, const GeocodeResult& place,
                      const std::string& id, ExtractResult& out) const {
        const auto x = incident_features(d, toll, has_day, place);
        const double score = m_model.confidence.score(x);
        if (m_options.keep_candidates) {
            Candidate c;
            c.incident_id = id;
            c.kind = "confidence";
            c.value = describe(place);
            c.point = place.point;
            c.features = x;
            c.score = score;
            c.chosen = true;
            out.candidates.push_back(std::move(c));
        }
        return logistic(score);
    }

    std::vector<double> incident_features(const Draft& d, const Toll& toll, bool has_day,
                                          const GeocodeResult& place) const {
        std::vector<double> x(confidence_features().size(), 0.0);
        x[0] = d.main ? 1 : 0;
        x[1] = d.main ? logistic(d.scene_score) : 0.0;
        x[2] = d.main ? std::min(5.0, d.scene_margin) / 5.0 : 0.0;
        x[3] = coarseness(place.kind) <= 1 ? 1 : 0;
        x[4] = d.indefinite ? 1 : 0;
        x[5] = d.past ? 1 : 0;
        x[6] = has_day ? 1 : 0;
        x[7] = toll.killed || toll.injured ? 1 : 0;
        x[8] = std::log2(static_cast<double>(d.clauses.size()));
        return x;
    }

    void keep_candidates(ExtractResult& out, const std::string& id) const {
        for (std::size_t i = 0; i < m_scenes.size(); ++i) {
            const auto& s = m_scenes[i];
            Candidate c;
            c.incident_id = id;
            c.kind = "scene";
            c.value = describe(mention(s.mention).place);
            c.point = mention(s.mention).place.point;
            c.features = s.x;
            c.score = s.score;
            c.chosen = i == m_scene_chosen;
            out.candidates.push_back(std::move(c));
        }
        // The casualty statements the toll was made from, for inspection.
        for (const std::size_t ci : m_drafts.front().clauses)
            for (const auto& st : m_a.clauses[ci].casualties) {
                Candidate c;
                c.incident_id = id;
                c.kind = "casualty";
                c.value = std::string(st.what == outcome::killed    ? "killed"
                                      : st.what == outcome::injured ? "injured"
                                                                    : "hit") +
                          " " + std::to_string(st.count) + (st.none ? " (none)" : "") +
                          (st.later ? " (later)" : "") + (st.suspect ? " (suspect)" : "") + ": " +
                          m_a.words(st.first, st.last);
                c.chosen = true;
                out.candidates.push_back(std::move(c));
            }
        for (const auto& [kind, list] : {std::pair{"killed", &m_main_toll.killed_candidates},
                                         std::pair{"injured", &m_main_toll.injured_candidates}})
            for (std::size_t i = 0; i < list->size(); ++i) {
                Candidate c;
                c.incident_id = id;
                c.kind = kind;
                c.value = std::to_string((*list)[i].value);
                c.features = (*list)[i].x;
                c.score = (*list)[i].score;
                c.chosen = i == 0;
                out.candidates.push_back(std::move(c));
            }
        for (std::size_t i = 0; i < m_days.size(); ++i) {
            Candidate c;
            c.incident_id = id;
            c.kind = "day";
            c.value = iso_day(m_days[i].day);
            c.features = m_days[i].x;
            c.score = m_days[i].score;
            c.chosen = i == 0;
            out.candidates.push_back(std::move(c));
        }
    }

    void add_context(ExtractResult& out, const std::set<std::size_t>& used,
                     const std::vector<std::size_t>& built) {
        // Places named only as background: each goes to the first incident in the same state.
        std::map<std::pair<std::size_t, std::string>, std::size_t>
            where;  // (incident, key) -> location
        for (std::size_t m = 0; m < m_a.mentions.size(); ++m) {
            const auto& pm = mention(m);
            const auto& p = pm.place;
            if (used.contains(m) || pm.in_organisation || coarseness(p.kind) == 0 ||
                p.kind == place_kind::country)
                continue;
            const std::size_t t = m_a.token_of(pm.begin);
            if (t < m_a.tokens.size() && !m_a.is_content(t)) continue;
            const bool alias_city =
                p.match == geocode::match_type::alias && p.kind == place_kind::city;
            // Another mention of an incident's own scene is no context of any incident.
            if (!alias_city && std::any_of(built.begin(), built.end(), [&](std::size_t di) {
                    return same_place(p, mention(m_drafts[di].place).place);
                }))
                continue;
            const std::string state = p.kind == place_kind::state ? p.name : p.admin.state;
            for (std::size_t k = 0; k < built.size(); ++k) {
                const auto& scene = mention(m_drafts[built[k]].place).place;
                if (scene.admin.country_code != p.admin.country_code || scene.admin.state != state)
                    continue;
                auto& inc = out.incidents.incidents[k];
                const std::string key = describe(p) + (alias_city ? "|" + lower(pm.text) : "");
                auto it = where.find({k, key});
                if (it == where.end()) {
                    incident::Location loc;
                    loc.id = "context-" + slug(alias_city ? pm.text : p.name);
                    for (int n = 2; inc.find_location(loc.id) != nullptr; ++n)
                        loc.id = "context-" + slug(p.name) + "-" + std::to_string(n);
                    loc.role = incident::location_role::context;
                    loc.name = alias_city ? pm.text + " (" + describe(p) + ")" : describe(p);
                    loc.text = pm.text;
                    loc.place = describe(p);
                    loc.geometry = p.point;
                    loc.precision = p.precision;
                    loc.uncertainty_m = p.uncertainty_m;
                    loc.derivation = incident::derivation_method::geocoded;
                    loc.derivation_note = "geocoded: " + describe(p) + ", " + p.admin.country_code +
                                          " (named as background; " + pm.resolved_by + ")";
                    inc.locations.push_back(loc);
                    it = where.emplace(std::pair{k, key}, inc.locations.size() - 1).first;
                }
                inc.locations[it->second].spans.push_back({pm.begin, pm.end});
                break;
            }
        }
    }
};

}  // namespace

std::vector<std::string> candidate_features(std::string_view kind) {
    const auto names = kind == "scene"        ? scene_features()
                       : kind == "day"        ? day_features()
                       : kind == "confidence" ? confidence_features()
                       : kind == "killed"     ? killed_features()
                       : kind == "injured"    ? injured_features()
                                              : std::span<const std::string_view>();
    return {names.begin(), names.end()};
}

ExtractResult extract_incidents(std::string_view text, const geocode::Geocoder& geocoder,
                                const Rules& rules, const ExtractOptions& options) {
    const Model model = options.model ? *options.model : Model::builtin();
    return Extractor(text, geocoder, rules.data(), model.data(), options).run();
}

}  // namespace incidentmap::extract
