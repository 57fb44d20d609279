#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

#include "json_document.hpp"
#include "rules_data.hpp"
#include "text.hpp"

namespace incidentmap::extract {

namespace detail {
extern const std::string_view k_builtin_rules_json;
}

namespace {

using json = nlohmann::json;

// Reads one rules document, naming the file and JSON path of the first problem.
class Reader : detail::JsonDocument {
public:
    using JsonDocument::JsonDocument;

    std::string string_at(const json& j, const std::string& path) const {
        if (!j.is_string()) fail(path, "expected a string");
        return j.get<std::string>();
    }
    double number_at(const json& j, const std::string& path) const {
        if (!j.is_number()) fail(path, "expected a number");
        return j.get<double>();
    }
    // Lower-case words of a phrase, as tokens hold them.
    Phrase phrase_at(const json& j, const std::string& path) const {
        const std::string s = string_at(j, path);
        Phrase words;
        std::istringstream in(s);
        for (std::string w; in >> w;) words.push_back(detail::lower(w));
        if (words.empty()) fail(path, "expected a non-empty phrase");
        return words;
    }
    std::vector<Phrase> phrases_at(const json& j, const std::string& path) const {
        if (!j.is_array()) fail(path, "expected an array of phrases");
        std::vector<Phrase> out;
        for (std::size_t i = 0; i < j.size(); ++i)
            out.push_back(phrase_at(j[i], path + "/" + std::to_string(i)));
        return out;
    }
    std::set<std::string, std::less<>> words_at(const json& j, const std::string& path) const {
        std::set<std::string, std::less<>> out;
        const auto phrases = phrases_at(j, path);
        for (std::size_t i = 0; i < phrases.size(); ++i) {
            if (phrases[i].size() != 1)
                fail(path + "/" + std::to_string(i),
                     "expected a single word, got \"" + join(phrases[i]) + "\"");
            out.insert(phrases[i].front());
        }
        return out;
    }
    // The same, for the member `key` of the object `o` at `path`: the key is written once.
    std::string string_of(const json& o, const std::string& path, const char* key) const {
        return string_at(member(o, path, key), path + "/" + key);
    }
    double number_of(const json& o, const std::string& path, const char* key) const {
        return number_at(member(o, path, key), path + "/" + key);
    }
    Phrase phrase_of(const json& o, const std::string& path, const char* key) const {
        return phrase_at(member(o, path, key), path + "/" + key);
    }
    std::vector<Phrase> phrases_of(const json& o, const std::string& path, const char* key) const {
        return phrases_at(member(o, path, key), path + "/" + key);
    }
    std::set<std::string, std::less<>> words_of(const json& o, const std::string& path,
                                                const char* key) const {
        return words_at(member(o, path, key), path + "/" + key);
    }
    // Calls f(element, its path) for each element of the array member `key`.
    template <typename F>
    void each_of(const json& o, const std::string& path, const char* key, F&& f) const {
        const std::string at = path + "/" + key;
        const json& a = member(o, path, key);
        if (!a.is_array()) fail(at, "expected an array");
        for (std::size_t i = 0; i < a.size(); ++i) f(a[i], at + "/" + std::to_string(i));
    }
    // A whole number in [low, high].
    int whole_at(const json& j, const std::string& path, int low, int high,
                 const std::string& expected) const {
        if (!j.is_number_integer() || j.get<long long>() < low || j.get<long long>() > high)
            fail(path, expected);
        return static_cast<int>(j.get<long long>());
    }
    static std::string join(const Phrase& p) {
        std::string s;
        for (const auto& w : p) s += (s.empty() ? "" : " ") + w;
        return s;
    }

    std::shared_ptr<Rules::Data> read(std::string_view text) const {
        const json root = parse(text, "incidentmap-extract-rules", 2);
        auto d = std::make_shared<Rules::Data>();
        each_of(root, "", "events", [&](const json& e, const std::string& p) {
            Rules::Data::Event event;
            event.type = string_of(e, p, "type");
            const json& s = member(e, p, "starts_incident");
            if (!s.is_boolean()) fail(p + "/starts_incident", "expected true or false");
            event.starts_incident = s.get<bool>();
            event.verbs = phrases_of(e, p, "verbs");
            event.nouns = phrases_of(e, p, "nouns");
            if (e.contains("except")) event.except = phrases_of(e, p, "except");
            for (const auto& [key, flag] :
                 {std::pair{"fatal", &event.fatal}, std::pair{"when_alone", &event.when_alone}})
                if (e.contains(key)) {
                    if (!e[key].is_boolean()) fail(p + "/" + key, "expected true or false");
                    *flag = e[key].get<bool>();
                }
            d->events.push_back(std::move(event));
        });
        if (d->events.empty()) fail("/events", "expected a non-empty array");
        const json& cas = member(root, "", "casualties");
        const std::string cp = "/casualties";
        d->killed_words = words_of(cas, cp, "killed");
        d->injured_words = words_of(cas, cp, "injured");
        d->hit_words = words_of(cas, cp, "hit");
        d->killed_phrases = phrases_of(cas, cp, "killed_phrases");
        d->injured_phrases = phrases_of(cas, cp, "injured_phrases");
        d->later_words = words_of(cas, cp, "later");
        d->later_phrases = phrases_of(cas, cp, "later_phrases");
        d->transitions = phrases_of(cas, cp, "transitions");
        d->killed_nouns = words_of(cas, cp, "killed_nouns");
        d->wound_leads = words_of(cas, cp, "wound_leads");
        d->survival = phrases_of(cas, cp, "survival");
        d->degree_words = words_of(cas, cp, "degree");
        d->auxiliaries = words_of(cas, cp, "auxiliaries");
        d->prepositions = words_of(cas, cp, "prepositions");
        d->fatal_modifiers = words_of(cas, cp, "fatal_modifiers");
        d->statistics = phrases_of(cas, cp, "statistics");
        const json& people = member(root, "", "people");
        d->people_one = words_of(people, "/people", "one");
        d->people_many = words_of(people, "/people", "many");
        d->people_general = words_of(people, "/people", "general");
        d->suspect_words = words_of(people, "/people", "suspects");
        const json& numbers = member(root, "", "numbers");
        if (!numbers.is_object()) fail("/numbers", "expected an object of word: count");
        for (const auto& [word, n] : numbers.items())
            d->numbers[detail::lower(word)] =
                whole_at(n, "/numbers/" + word, 0, 1000000000, "expected a whole number >= 0");
        const json& actors = member(root, "", "actors");
        d->actor_heads = words_of(actors, "/actors", "heads");
        d->actor_modifiers = words_of(actors, "/actors", "modifiers");
        each_of(root, "", "agencies", [&](const json& a, const std::string& p) {
            d->agencies.push_back({string_of(a, p, "name"), phrases_of(a, p, "aliases")});
        });
        const json& roles = member(root, "", "roles");
        d->scene_cues = phrases_of(roles, "/roles", "scene");
        d->found_cues = phrases_of(roles, "/roles", "found");
        d->hospital_cues = phrases_of(roles, "/roles", "hospital");
        each_of(root, "", "features", [&](const json& f, const std::string& p) {
            const std::string feature = string_of(f, p, "feature");
            for (auto& w : phrases_of(f, p, "words"))
                d->features.push_back({std::move(w), feature});
        });
        const json& bg = member(root, "", "background");
        d->background_modifiers = words_of(bg, "/background", "modifiers");
        d->past_markers = phrases_of(bg, "/background", "past_markers");
        d->off_day_words = phrases_of(bg, "/background", "off_day");
        const json& content = member(root, "", "content");
        d->boilerplate = phrases_of(content, "/content", "boilerplate");
        d->end_markers = phrases_of(content, "/content", "end_markers");
        each_of(root, "", "time_links", [&](const json& l, const std::string& p) {
            Rules::Data::TimeLink t;
            t.words = phrase_of(l, p, "words");
            const json& days = member(l, p, "days");
            if (!days.is_null())
                t.days = whole_at(days, p + "/days", -36500, 36500,
                                  "expected a whole number of days or null");
            d->time_links.push_back(std::move(t));
        });
        const std::string dp = "/distances";
        const json& dist = member(root, "", "distances");
        const json& units = member(dist, dp, "units");
        if (!units.is_object()) fail(dp + "/units", "expected an object of unit: metres");
        for (const auto& [unit, m] : units.items()) {
            if (!m.is_number() || m.get<double>() <= 0)
                fail(dp + "/units/" + unit, "expected metres > 0");
            d->units_m[detail::lower(unit)] = m.get<double>();
        }
        each_of(dist, dp, "vague", [&](const json& x, const std::string& p) {
            Rules::Data::Vague v;
            v.words = phrase_of(x, p, "words");
            const auto u = d->units_m.find(detail::lower(string_of(x, p, "unit")));
            if (u == d->units_m.end()) fail(p + "/unit", "expected a unit of /distances/units");
            v.low_m = number_of(x, p, "low") * u->second;
            v.high_m = number_of(x, p, "high") * u->second;
            if (v.low_m < 0 || v.high_m < v.low_m) fail(p, "expected 0 <= low <= high");
            d->vague.push_back(std::move(v));
        });
        d->stated_tolerance = number_of(dist, dp, "stated_tolerance");
        d->about_tolerance = number_of(dist, dp, "about_tolerance");
        for (double t : {d->stated_tolerance, d->about_tolerance})
            if (t < 0 || t >= 1) fail(dp, "expected tolerances in [0, 1)");
        d->about_words = words_of(dist, dp, "about_words");
        d->near_m = number_of(dist, dp, "near_m");
        if (d->near_m <= 0) fail(dp + "/near_m", "expected metres > 0");
        d->away_words = phrases_of(dist, dp, "away_words");
        // Longest phrases first, so that "a couple of miles" wins over "a mile".
        const auto longer = [](const auto& a, const auto& b) {
            return a.words.size() > b.words.size();
        };
        std::stable_sort(d->features.begin(), d->features.end(), longer);
        std::stable_sort(d->time_links.begin(), d->time_links.end(), longer);
        std::stable_sort(d->vague.begin(), d->vague.end(), longer);
        for (auto* cues : {&d->scene_cues, &d->found_cues, &d->hospital_cues})
            std::stable_sort(cues->begin(), cues->end(),
                             [](const Phrase& a, const Phrase& b) { return a.size() > b.size(); });
        return d;
    }
};

}  // namespace

Rules::Rules(std::shared_ptr<const Data> data) : m_data(std::move(data)) {}

Rules Rules::builtin() {
    static const Rules rules(
        Reader("built-in extract-rules.json").read(detail::k_builtin_rules_json));
    return rules;
}

Rules Rules::from_json(std::string_view text, const std::string& origin) {
    return Rules(Reader(origin).read(text));
}

Rules Rules::from_file(const std::string& path) {
    return from_json(read_file(path), path);
}

}  // namespace incidentmap::extract
