#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

#include "rules_data.hpp"
#include "text.hpp"

namespace incidentmap::extract {

namespace detail {
extern const std::string_view k_builtin_rules_json;
}

namespace {

using json = nlohmann::json;

// Reads one rules document, naming the file and JSON path of the first problem.
class Reader {
public:
    explicit Reader(std::string origin) : m_origin(std::move(origin)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw data_error(m_origin, path.empty() ? "/" : path, what);
    }
    const json& member(const json& j, const std::string& path, const char* key) const {
        if (!j.is_object()) fail(path, "expected an object");
        const auto it = j.find(key);
        if (it == j.end()) fail(path, std::string("missing required member \"") + key + "\"");
        return *it;
    }
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
        for (auto& p : phrases_at(j, path)) {
            if (p.size() != 1) fail(path, "expected single words, got \"" + join(p) + "\"");
            out.insert(p.front());
        }
        return out;
    }
    static std::string join(const Phrase& p) {
        std::string s;
        for (const auto& w : p) s += (s.empty() ? "" : " ") + w;
        return s;
    }

    std::shared_ptr<Rules::Data> read(std::string_view text) const {
        json root;
        try {
            root = json::parse(text.begin(), text.end());
        } catch (const json::parse_error& e) {
            fail("", std::string("not valid JSON: ") + e.what());
        }
        if (!root.is_object()) fail("", "expected a JSON object");
        if (!root.contains("format") || root["format"] != "incidentmap-extract-rules")
            fail("/format", "expected \"incidentmap-extract-rules\"");
        if (!root.contains("version") || root["version"] != 1)
            fail("/version", "expected 1 (the only version this build reads)");
        auto d = std::make_shared<Rules::Data>();
        const json& events = member(root, "", "events");
        if (!events.is_array() || events.empty()) fail("/events", "expected a non-empty array");
        for (std::size_t i = 0; i < events.size(); ++i) {
            const std::string p = "/events/" + std::to_string(i);
            Rules::Data::Event e;
            e.type = string_at(member(events[i], p, "type"), p + "/type");
            const json& s = member(events[i], p, "starts_incident");
            if (!s.is_boolean()) fail(p + "/starts_incident", "expected true or false");
            e.starts_incident = s.get<bool>();
            e.verbs = phrases_at(member(events[i], p, "verbs"), p + "/verbs");
            e.nouns = phrases_at(member(events[i], p, "nouns"), p + "/nouns");
            d->events.push_back(std::move(e));
        }
        const json& cas = member(root, "", "casualties");
        d->killed_words = words_at(member(cas, "/casualties", "killed"), "/casualties/killed");
        d->injured_words = words_at(member(cas, "/casualties", "injured"), "/casualties/injured");
        const json& numbers = member(root, "", "numbers");
        if (!numbers.is_object()) fail("/numbers", "expected an object of word: count");
        for (const auto& [word, n] : numbers.items()) {
            if (!n.is_number_integer() || n.get<int>() < 0)
                fail("/numbers/" + word, "expected a whole number >= 0");
            d->numbers[detail::lower(word)] = n.get<int>();
        }
        const json& actors = member(root, "", "actors");
        d->actor_heads = words_at(member(actors, "/actors", "heads"), "/actors/heads");
        d->actor_modifiers = words_at(member(actors, "/actors", "modifiers"), "/actors/modifiers");
        const json& agencies = member(root, "", "agencies");
        if (!agencies.is_array()) fail("/agencies", "expected an array");
        for (std::size_t i = 0; i < agencies.size(); ++i) {
            const std::string p = "/agencies/" + std::to_string(i);
            Rules::Data::Agency a;
            a.name = string_at(member(agencies[i], p, "name"), p + "/name");
            a.aliases = phrases_at(member(agencies[i], p, "aliases"), p + "/aliases");
            d->agencies.push_back(std::move(a));
        }
        const json& roles = member(root, "", "roles");
        d->scene_cues = phrases_at(member(roles, "/roles", "scene"), "/roles/scene");
        d->found_cues = phrases_at(member(roles, "/roles", "found"), "/roles/found");
        d->hospital_cues = phrases_at(member(roles, "/roles", "hospital"), "/roles/hospital");
        const json& features = member(root, "", "features");
        if (!features.is_array()) fail("/features", "expected an array");
        for (std::size_t i = 0; i < features.size(); ++i) {
            const std::string p = "/features/" + std::to_string(i);
            const std::string f = string_at(member(features[i], p, "feature"), p + "/feature");
            for (auto& w : phrases_at(member(features[i], p, "words"), p + "/words"))
                d->features.push_back({std::move(w), f});
        }
        const json& bg = member(root, "", "background");
        d->background_modifiers =
            words_at(member(bg, "/background", "modifiers"), "/background/modifiers");
        d->past_markers =
            phrases_at(member(bg, "/background", "past_markers"), "/background/past_markers");
        const json& links = member(root, "", "time_links");
        if (!links.is_array()) fail("/time_links", "expected an array");
        for (std::size_t i = 0; i < links.size(); ++i) {
            const std::string p = "/time_links/" + std::to_string(i);
            Rules::Data::TimeLink t;
            t.words = phrase_at(member(links[i], p, "words"), p + "/words");
            const json& days = member(links[i], p, "days");
            if (!days.is_null() && !days.is_number_integer())
                fail(p + "/days", "expected a whole number of days or null");
            if (!days.is_null()) t.days = days.get<int>();
            d->time_links.push_back(std::move(t));
        }
        const std::string dp = "/distances";
        const json& dist = member(root, "", "distances");
        const json& units = member(dist, dp, "units");
        if (!units.is_object()) fail(dp + "/units", "expected an object of unit: metres");
        for (const auto& [unit, m] : units.items()) {
            if (!m.is_number() || m.get<double>() <= 0)
                fail(dp + "/units/" + unit, "expected metres > 0");
            d->units_m[detail::lower(unit)] = m.get<double>();
        }
        const json& vague = member(dist, dp, "vague");
        if (!vague.is_array()) fail(dp + "/vague", "expected an array");
        for (std::size_t i = 0; i < vague.size(); ++i) {
            const std::string p = dp + "/vague/" + std::to_string(i);
            Rules::Data::Vague v;
            v.words = phrase_at(member(vague[i], p, "words"), p + "/words");
            const std::string unit = string_at(member(vague[i], p, "unit"), p + "/unit");
            const auto u = d->units_m.find(detail::lower(unit));
            if (u == d->units_m.end()) fail(p + "/unit", "expected a unit of /distances/units");
            v.low_m = number_at(member(vague[i], p, "low"), p + "/low") * u->second;
            v.high_m = number_at(member(vague[i], p, "high"), p + "/high") * u->second;
            if (v.low_m < 0 || v.high_m < v.low_m) fail(p, "expected 0 <= low <= high");
            d->vague.push_back(std::move(v));
        }
        d->stated_tolerance =
            number_at(member(dist, dp, "stated_tolerance"), dp + "/stated_tolerance");
        d->about_tolerance =
            number_at(member(dist, dp, "about_tolerance"), dp + "/about_tolerance");
        for (double t : {d->stated_tolerance, d->about_tolerance})
            if (t < 0 || t >= 1) fail(dp, "expected tolerances in [0, 1)");
        d->about_words = words_at(member(dist, dp, "about_words"), dp + "/about_words");
        d->near_m = number_at(member(dist, dp, "near_m"), dp + "/near_m");
        if (d->near_m <= 0) fail(dp + "/near_m", "expected metres > 0");
        d->away_words = phrases_at(member(dist, dp, "away_words"), dp + "/away_words");
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

private:
    std::string m_origin;
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
