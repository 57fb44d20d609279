#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/shapes.hpp>

#include "rules_data.hpp"
#include "text.hpp"

namespace incidentmap::extract {

namespace {

using namespace std::chrono;
using detail::Token;
using gazetteer::place_kind;
using geocode::GeocodeResult;
using incident::TextSpan;
using Data = Rules::Data;

constexpr std::size_t k_none = static_cast<std::size_t>(-1);

bool all_digits(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// The day and year of a written date ("June 3, 2019").
bool is_day_number(const Token& t) {
    return t.lower.size() <= 2 && all_digits(t.lower);
}
bool is_year(const Token& t) {
    return t.lower.size() == 4 && all_digits(t.lower);
}

// ---------------------------------------------------------------------------------------
// Words

bool matches(const std::vector<Token>& toks, std::size_t i, std::size_t end, const Phrase& p) {
    if (i + p.size() > end) return false;
    for (std::size_t k = 0; k < p.size(); ++k)
        if (toks[i + k].lower != p[k]) return false;
    return true;
}

// The longest phrase of @p phrases at token i, or 0 words.
std::size_t match_any(const std::vector<Token>& toks, std::size_t i, std::size_t end,
                      const std::vector<Phrase>& phrases) {
    std::size_t best = 0;
    for (const auto& p : phrases)
        if (p.size() > best && matches(toks, i, end, p)) best = p.size();
    return best;
}

bool possessive_after(std::string_view text, const Token& t) {
    const auto rest = text.substr(t.end);
    return rest.starts_with("'s") || rest.starts_with("\xE2\x80\x99s");
}

std::optional<int> number_word(const Data& rules, const Token& t) {
    if (!t.lower.empty() && std::all_of(t.lower.begin(), t.lower.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == ',';
        })) {
        std::string digits;
        for (char c : t.lower)
            if (c != ',') digits += c;
        if (digits.empty() || digits.size() > 6) return std::nullopt;
        return std::stoi(digits);
    }
    if (const auto it = rules.numbers.find(t.lower); it != rules.numbers.end()) return it->second;
    return std::nullopt;
}

constexpr std::array<std::string_view, 7> k_weekdays{"sunday",   "monday", "tuesday", "wednesday",
                                                     "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> k_months{
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

std::optional<unsigned> month_of(std::string_view w) {
    // A full name or an abbreviation of at least three letters ("Jan", "Sept").
    for (unsigned m = 0; m < 12; ++m)
        if (w.size() >= 3 && k_months[m].starts_with(w)) return m + 1;
    return std::nullopt;
}

// Compass directions as adjectives or nouns ("eastern", "east", "north-east",
// "northeastern"), as the geocoder's part names ("east", "northeast").
std::optional<std::string> direction_of(std::string_view w) {
    std::string word;
    for (const char c : w)
        if (c != '-') word += c;
    if (word.ends_with("ern")) word.resize(word.size() - 3);
    if (!geodesy::compass_azimuth_deg(word)) return std::nullopt;
    return word;
}

std::string format_m(double m) {
    char buf[64];
    if (m >= 1000)
        std::snprintf(buf, sizeof buf, "%.1f km", m / 1000);
    else
        std::snprintf(buf, sizeof buf, "%.0f m", m);
    return buf;
}

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

// ---------------------------------------------------------------------------------------
// The publication date near the start of the text: "2026-01-08", "January 8, 2026",
// "Jan. 8, 2026".

std::optional<sys_days> date_in(std::string_view text, const std::vector<Token>& tokens) {
    constexpr std::size_t k_head = 600;
    const auto head = text.substr(0, std::min(text.size(), k_head));
    for (std::size_t i = 0; i + 10 <= head.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(head[i])) || head[i + 4] != '-' ||
            (i > 0 && std::isdigit(static_cast<unsigned char>(head[i - 1]))))
            continue;
        try {
            const Timestamp t = parse_iso8601(head.substr(i, 10));
            if (t.precision == time_precision::day) return floor<days>(t.utc);
        } catch (const invalid_input&) {
        }
    }
    for (std::size_t i = 0; i + 2 < tokens.size() && tokens[i + 2].end <= k_head; ++i) {
        const auto m = month_of(tokens[i].lower);
        if (!m || !tokens[i].capitalised) continue;
        const auto& dt = tokens[i + 1];
        const auto& yt = tokens[i + 2];
        if (!is_day_number(dt) || !is_year(yt) || !dt.comma_after) continue;
        const year_month_day ymd{year{std::stoi(yt.lower)}, month{*m},
                                 day{static_cast<unsigned>(std::stoi(dt.lower))}};
        if (ymd.ok()) return sys_days{ymd};
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Places

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

// a lies in b.
bool within(const GeocodeResult& a, const GeocodeResult& b) {
    if (same_place(a, b)) return true;
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

std::string describe(const GeocodeResult& p) {
    std::string s = p.name;
    if (!detail::is_area(p.kind) && !p.admin.state.empty()) s += ", " + p.admin.state;
    return s;
}

// ---------------------------------------------------------------------------------------
// What one clause says

struct Trigger {
    std::size_t event;  // index into rules.events
    std::size_t first, last;
    bool verb;
    bool definite;    // "the shooting", "Thursday's shooting": a reference
    bool background;  // "a recent shooting", "prior shootings"
};

struct FeatureHit {
    std::size_t first, last;  // tokens of the phrase, with its determiner
    std::size_t cue_first;    // first token of the role cue before it, or first
    std::string feature;
};

struct Distance {
    std::size_t first, last;  // tokens
    double low_m, high_m;
    std::string part;                 // a direction: "3 miles east of X"
    std::size_t of_mention = k_none;  // X
    bool away = false;                // "... away": from the scene
};

struct Part {
    std::size_t first, last;
    std::string part;              // "east"
    std::size_t mention = k_none;  // the place it is part of; k_none for "the city"
};

struct Clause {
    std::size_t first = 0, end = 0;  // tokens [first, end)
    std::size_t sentence = 0;
    std::optional<int> link_days;  // after "a day after": relative to the previous clause
    bool linked = false;
    std::vector<Trigger> triggers;
    std::vector<std::size_t> mentions;
    std::optional<sys_days> day;
    std::string past;                                       // why the clause is about the past
    std::size_t found_cue = k_none, hospital_cue = k_none;  // token of the cue
    std::vector<FeatureHit> features;
    std::vector<Distance> distances;
    std::vector<Part> parts;
    std::optional<int> killed, injured;
    std::vector<incident::Actor> actors;
    std::string clock;  // "2:15 p.m."
};

struct Draft {
    std::vector<std::string> types;
    bool starts = false;  // one of the types starts incidents (a shooting, not an arrest)
    std::optional<sys_days> day;
    std::size_t place = k_none;  // mention of the scene's named place
    std::optional<FeatureHit> scene_feature;
    std::optional<Part> part;
    std::optional<FeatureHit> found_feature;
    std::optional<Distance> found_distance;
    std::size_t found_mention = k_none;
    std::optional<Distance> scene_offset;  // "3 miles east of X": the scene from X
    bool near = false;                     // "near X"
    std::string hospital;                  // a named hospital ("taken to X")
    TextSpan hospital_span;
    std::optional<int> killed, injured;
    std::vector<incident::Actor> actors;
    std::vector<std::size_t> clauses;
    std::string clock;
};

class Extractor {
public:
    Extractor(std::string_view text, const geocode::Geocoder& geocoder, const Data& rules,
              const ExtractOptions& options)
        : m_text(text), m_geocoder(geocoder), m_rules(rules), m_options(options) {}

    ExtractResult run() {
        ExtractResult out;
        detail::check_text(m_text, m_options.places.max_bytes);
        if (auto blanked = detail::blank_markup(m_text)) {
            m_blanked = std::move(*blanked);
            m_text = m_blanked;
        }
        m_tokens = detail::tokenize(m_text);
        out.mentions = detail::find_places_in(m_text, m_tokens, m_geocoder, m_options.places);
        m_mentions = &out.mentions;
        if (m_options.published) {
            m_published = floor<days>(m_options.published->utc);
            out.published = m_options.published;
        } else if (const auto d = date_in(m_text, m_tokens)) {
            m_published = *d;
            out.published = Timestamp{sys_seconds{*d}, time_precision::day, std::nullopt};
        }
        map_mentions();
        split_clauses();
        for (auto& c : m_clauses) analyse(c);
        assign(out);
        build(out);
        return out;
    }

private:
    std::string_view m_text;
    std::string m_blanked;  // the text with HTML tags blanked out, when it has any
    const geocode::Geocoder& m_geocoder;
    const Data& m_rules;
    const ExtractOptions& m_options;
    std::optional<sys_days> m_published;
    const std::vector<PlaceMention>* m_mentions = nullptr;
    std::vector<Token> m_tokens;
    std::vector<std::size_t> m_mention_at;  // per token: mention index or k_none
    std::vector<Clause> m_clauses;
    std::vector<Draft> m_drafts;

    const PlaceMention& mention(std::size_t i) const { return (*m_mentions)[i]; }

    TextSpan span(std::size_t first, std::size_t last) const {
        return {m_tokens[first].begin, m_tokens[last].end};
    }
    std::string words(std::size_t first, std::size_t last) const {
        return std::string(
            m_text.substr(m_tokens[first].begin, m_tokens[last].end - m_tokens[first].begin));
    }

    std::size_t token_of(std::size_t byte) const {
        const auto it = std::lower_bound(m_tokens.begin(), m_tokens.end(), byte,
                                         [](const Token& t, std::size_t b) { return t.begin < b; });
        return static_cast<std::size_t>(it - m_tokens.begin());
    }

    void map_mentions() {
        m_mention_at.assign(m_tokens.size(), k_none);
        std::size_t t = 0;
        for (std::size_t m = 0; m < m_mentions->size(); ++m) {
            while (t < m_tokens.size() && m_tokens[t].end <= mention(m).begin) ++t;
            for (std::size_t k = t; k < m_tokens.size() && m_tokens[k].begin < mention(m).end; ++k)
                m_mention_at[k] = m;
        }
    }

    // Clauses: sentences cut at commas, semicolons, colons, dashes, brackets and quotes
    // (not inside "Portland, Oregon"), and after a time link ("a day after").
    void split_clauses() {
        std::size_t sentence = 0;
        std::size_t first = 0;
        std::optional<int> link_days;
        bool linked = false;
        const auto close = [&](std::size_t end) {
            if (end > first) {
                Clause c;
                c.first = first;
                c.end = end;
                c.sentence = sentence;
                c.link_days = link_days;
                c.linked = linked;
                m_clauses.push_back(std::move(c));
            }
            first = end;
            link_days.reset();
            linked = false;
        };
        for (std::size_t i = 0; i < m_tokens.size(); ++i) {
            if (i > 0 && m_tokens[i].sentence_start) {
                close(i);
                ++sentence;
            }
            // A time link starts a clause of its own, about the linked event.
            bool link = false;
            for (const auto& tl : m_rules.time_links) {
                if (!matches(m_tokens, i, m_tokens.size(), tl.words) ||
                    (i > 0 && m_tokens[i - 1].lower == "and"))
                    continue;
                bool crosses = false;  // "... a day. After ..."
                for (std::size_t k = i + 1; k < i + tl.words.size(); ++k)
                    crosses = crosses || m_tokens[k].sentence_start;
                if (crosses) continue;
                close(i);
                first = i + tl.words.size();
                link_days = tl.days;
                linked = true;
                i = first - 1;
                link = true;
                break;
            }
            if (link) continue;
            if (i + 1 < m_tokens.size() && !m_tokens[i + 1].sentence_start) {
                const auto gap =
                    m_text.substr(m_tokens[i].end, m_tokens[i + 1].begin - m_tokens[i].end);
                const bool breaks = gap.find_first_of(",;:()\"") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x94") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x93") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x9C") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x9D") != std::string_view::npos;
                const bool containment = m_mention_at[i] != k_none &&
                                         m_mention_at[i + 1] != k_none &&
                                         m_mention_at[i] != m_mention_at[i + 1] &&
                                         detail::is_area(mention(m_mention_at[i + 1]).place.kind);
                const bool clock =
                    gap == ":" &&
                    std::isdigit(static_cast<unsigned char>(m_tokens[i + 1].text.front())) != 0;
                // "June 3, 2019": one date.
                const bool date = i > 0 && month_of(m_tokens[i - 1].lower) &&
                                  is_day_number(m_tokens[i]) && is_year(m_tokens[i + 1]);
                if (breaks && !containment && !clock && !date) close(i + 1);
            }
        }
        close(m_tokens.size());
    }

    void analyse(Clause& c) {
        const auto& T = m_tokens;
        for (std::size_t i = c.first; i < c.end; ++i)
            if (m_mention_at[i] != k_none &&
                (c.mentions.empty() || c.mentions.back() != m_mention_at[i]))
                c.mentions.push_back(m_mention_at[i]);
        for (std::size_t i = c.first; i < c.end; ++i) {
            // Events
            for (std::size_t e = 0; e < m_rules.events.size(); ++e) {
                const auto& ev = m_rules.events[e];
                const std::size_t nv = match_any(T, i, c.end, ev.verbs);
                const std::size_t nn = nv ? 0 : match_any(T, i, c.end, ev.nouns);
                if (nv == 0 && nn == 0) continue;
                Trigger t{e, i, i + std::max(nv, nn) - 1, nv > 0, false, false};
                for (std::size_t k = i; k-- > c.first && k + 3 >= i;) {
                    if (nn && m_rules.background_modifiers.contains(T[k].lower))
                        t.background = true;
                    if (nn && (T[k].lower == "the" || T[k].lower == "this" ||
                               T[k].lower == "that" || possessive_after(m_text, T[k])))
                        t.definite = true;
                    if (T[k].lower == "a" || T[k].lower == "an") break;
                }
                // "a defensive shot": "shot" after an article is a noun, not the event.
                if (nv && i > c.first &&
                    (T[i - 1].lower == "a" || T[i - 1].lower == "defensive" ||
                     T[i - 1].lower == "warning"))
                    continue;
                c.triggers.push_back(t);
            }
            // Time
            for (unsigned w = 0; w < 7; ++w)
                if (T[i].lower == k_weekdays[w] && T[i].capitalised && m_published && !c.day) {
                    const weekday pub{*m_published};
                    const int back =
                        (static_cast<int>(pub.c_encoding()) - static_cast<int>(w) + 7) % 7;
                    c.day = *m_published - days{back};
                }
            if (m_published && !c.day) {
                if (T[i].lower == "yesterday") c.day = *m_published - days{1};
                if (T[i].lower == "today" || T[i].lower == "tonight") c.day = *m_published;
                if (T[i].lower == "last" && i + 1 < c.end && T[i + 1].lower == "night")
                    c.day = *m_published - days{1};
            }
            // "Jan. 3", "June 3, 2019": with a year, a date of its own; without, the latest
            // such day on or before the publication date.
            if (const auto m = month_of(T[i].lower);
                m && !c.day && T[i].capitalised && i + 1 < c.end && is_day_number(T[i + 1])) {
                const day dd{static_cast<unsigned>(std::stoi(T[i + 1].lower))};
                if (i + 2 < c.end && is_year(T[i + 2])) {
                    const year_month_day ymd{year{std::stoi(T[i + 2].lower)}, month{*m}, dd};
                    if (ymd.ok()) c.day = sys_days{ymd};
                    if (ymd.ok() && m_published && sys_days{ymd} < *m_published - days{31} &&
                        c.past.empty())
                        c.past = words(i, i + 2);
                } else if (m_published) {
                    const auto py = year_month_day{*m_published}.year();
                    year_month_day ymd{py, month{*m}, dd};
                    if (ymd.ok() && sys_days{ymd} > *m_published)
                        ymd = year_month_day{py - years{1}, month{*m}, dd};
                    if (ymd.ok()) c.day = sys_days{ymd};
                }
            }
            if (c.past.empty()) {
                if (const std::size_t n = match_any(T, i, c.end, m_rules.past_markers))
                    c.past = words(i, i + n - 1);
                else if (is_year(T[i]) && m_published && i > c.first &&
                         (T[i - 1].lower == "in" || T[i - 1].lower == "since")) {
                    const int y = std::stoi(T[i].lower);
                    if (y >= 1800 && y < static_cast<int>(year_month_day{*m_published}.year()))
                        c.past = words(i - 1, i);
                }
            }
            if (c.found_cue == k_none && match_any(T, i, c.end, m_rules.found_cues))
                c.found_cue = i;
            if (c.hospital_cue == k_none && match_any(T, i, c.end, m_rules.hospital_cues))
                c.hospital_cue = i;
        }
        find_features(c);
        find_distances(c);
        find_parts(c);
        find_casualties(c);
        find_actors(c);
        find_clock(c);
    }

    void find_features(Clause& c) {
        const auto& T = m_tokens;
        for (std::size_t i = c.first; i < c.end; ++i) {
            if (T[i].lower != "a" && T[i].lower != "an" && T[i].lower != "the") continue;
            // Up to three words between the article and the feature word.
            for (std::size_t k = i + 1; k < c.end && k <= i + 4; ++k) {
                const Data::Feature* hit = nullptr;
                for (const auto& f : m_rules.features)
                    if (matches(T, k, c.end, f.words)) {
                        hit = &f;
                        break;
                    }
                if (hit == nullptr) {
                    if (m_rules.numbers.contains(T[k].lower) || T[k].lower == "of") break;
                    continue;
                }
                FeatureHit h{i, k + hit->words.size() - 1, i, hit->feature};
                if (const std::size_t n = cue_before(i, c.first, m_rules.scene_cues))
                    h.cue_first = i - n;
                c.features.push_back(h);
                i = h.last;
                break;
            }
        }
    }

    // The length of a role cue that ends right before token i.
    std::size_t cue_before(std::size_t i, std::size_t first,
                           const std::vector<Phrase>& cues) const {
        for (const auto& p : cues)
            if (i >= first + p.size() && matches(m_tokens, i - p.size(), i, p)) return p.size();
        return 0;
    }

    void find_distances(Clause& c) {
        const auto& T = m_tokens;
        for (std::size_t i = c.first; i < c.end; ++i) {
            std::optional<Distance> d;
            for (const auto& v : m_rules.vague)
                if (matches(T, i, c.end, v.words)) {
                    d = Distance{i, i + v.words.size() - 1, v.low_m, v.high_m, "", k_none, false};
                    break;
                }
            if (!d && i + 1 < c.end) {
                // "2 miles", "about 3 km", "1.5 miles"
                double n = 0;
                bool number = false;
                // Digits with an optional decimal part only (no "inf", "1e9" or hex).
                const std::string_view digits = T[i].text;
                const auto dot = digits.find('.');
                if (digits.size() <= 8 && all_digits(digits.substr(0, dot)) &&
                    (dot == std::string_view::npos || all_digits(digits.substr(dot + 1)))) {
                    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
                    number = r.ec == std::errc() && r.ptr == digits.data() + digits.size() && n > 0;
                }
                if (!number)
                    if (const auto w = number_word(m_rules, T[i]);
                        w && *w > 0 && T[i].lower != "a" && T[i].lower != "an") {
                        n = *w;
                        number = true;
                    }
                const auto unit = m_rules.units_m.find(T[i + 1].lower);
                if (number && unit != m_rules.units_m.end()) {
                    const bool about = i > c.first && m_rules.about_words.contains(T[i - 1].lower);
                    const double tol = about ? m_rules.about_tolerance : m_rules.stated_tolerance;
                    const double m = n * unit->second;
                    d = Distance{
                        about ? i - 1 : i, i + 1, m * (1 - tol), m * (1 + tol), "", k_none, false};
                }
            }
            // Farther than 1,000 km is no distance between the places of one incident.
            if (!d || d->high_m > 1e6) continue;
            std::size_t k = d->last + 1;
            if (const std::size_t n = k < c.end ? match_any(T, k, c.end, m_rules.away_words) : 0) {
                d->away = true;
                d->last = k + n - 1;
            } else if (const auto part = k + 1 < c.end && T[k + 1].lower == "of"
                                             ? direction_of(T[k].lower)
                                             : std::nullopt) {
                d->part = *part;
                if (k + 2 < c.end && m_mention_at[k + 2] != k_none) {
                    d->of_mention = m_mention_at[k + 2];
                    std::size_t e = k + 2;
                    while (e + 1 < c.end && m_mention_at[e + 1] == d->of_mention) ++e;
                    d->last = e;
                } else {
                    d->last = k + 1;
                }
            } else {
                continue;  // a length, not a distance between places
            }
            c.distances.push_back(*d);
            i = d->last;
        }
    }

    void find_parts(Clause& c) {
        const auto& T = m_tokens;
        for (std::size_t i = c.first; i < c.end; ++i) {
            const auto dir = direction_of(T[i].lower);
            if (!dir) continue;
            // "the eastern part of the city", "the east side of Portland"
            if (i + 2 < c.end &&
                (T[i + 1].lower == "part" || T[i + 1].lower == "side" ||
                 T[i + 1].lower == "section" || T[i + 1].lower == "end" ||
                 T[i + 1].lower == "edge") &&
                T[i + 2].lower == "of") {
                const std::size_t first = i > c.first && T[i - 1].lower == "the" ? i - 1 : i;
                std::size_t k = i + 3;
                if (k + 1 < c.end && T[k].lower == "the" &&
                    (T[k + 1].lower == "city" || T[k + 1].lower == "town")) {
                    c.parts.push_back({first, k + 1, *dir, k_none});
                } else if (k < c.end && m_mention_at[k] != k_none) {
                    std::size_t e = k;
                    while (e + 1 < c.end && m_mention_at[e + 1] == m_mention_at[k]) ++e;
                    c.parts.push_back({first, e, *dir, m_mention_at[k]});
                }
                continue;
            }
            // "east Portland", "northeast Minneapolis"
            if (i + 1 < c.end && m_mention_at[i + 1] != k_none && m_mention_at[i] == k_none &&
                mention(m_mention_at[i + 1]).place.kind == place_kind::city) {
                std::size_t e = i + 1;
                while (e + 1 < c.end && m_mention_at[e + 1] == m_mention_at[i + 1]) ++e;
                c.parts.push_back({i, e, *dir, m_mention_at[i + 1]});
            }
        }
    }

    // "shot and wounded two people", "two people were wounded", "killed her", "2 dead".
    void find_casualties(Clause& c) {
        const auto& T = m_tokens;
        for (std::size_t i = c.first; i < c.end; ++i) {
            const bool killed = m_rules.killed_words.contains(T[i].lower);
            const bool injured = m_rules.injured_words.contains(T[i].lower);
            if (!killed && !injured) continue;
            auto& slot = killed ? c.killed : c.injured;
            const std::size_t from = i > c.first + 8 ? i - 8 : c.first;
            // "No one was hurt", "was not injured": none.
            bool negated = false;
            for (std::size_t k = i; k-- > from && k + 4 >= i;)
                negated = negated || T[k].lower == "no" || T[k].lower == "not" ||
                          T[k].lower == "nobody" || T[k].lower == "none";
            if (negated) {
                slot = std::max(slot.value_or(0), 0);
                continue;
            }
            std::optional<int> n;
            // Passive: "two people were (shot and) wounded" - the nearest count before.
            bool passive = false, singular = false, article = false;
            for (std::size_t k = i; k-- > from;) {
                if (k + 4 >= i &&
                    (T[k].lower == "were" || T[k].lower == "was" || T[k].lower == "been"))
                    passive = true;
                if (k + 4 >= i && T[k].lower == "was") singular = true;
                article = article || T[k].lower == "a" || T[k].lower == "an";
            }
            if (passive) {
                for (std::size_t k = i; k-- > from && !n;)
                    if (T[k].lower != "a" && T[k].lower != "an" && T[k].lower != "her" &&
                        T[k].lower != "him")
                        n = count_at(k, c.end);
                if (!n && singular && article) n = 1;  // "A man was shot and killed"
            } else if (i > c.first && T[i].lower == "dead") {
                n = count_at(i - 1, c.end);  // "2 dead"
            } else if (i + 1 < c.end) {
                n = count_at(i + 1, c.end);  // "wounded two people", "killed her"
            }
            if (n) slot = std::max(slot.value_or(0), *n);
        }
    }

    // A count at token k: a number word or digits, not a clock time ("2 a.m.", "2:15") or a
    // measure ("3 miles").
    std::optional<int> count_at(std::size_t k, std::size_t end) const {
        const auto& T = m_tokens;
        const auto n = number_word(m_rules, T[k]);
        if (!n) return std::nullopt;
        if (k + 1 < end) {
            const auto& next = T[k + 1].lower;
            if (next == "a.m" || next == "p.m" || next == "am" || next == "pm" ||
                m_rules.units_m.contains(next))
                return std::nullopt;
        }
        if (T[k].begin > 0 && m_text[T[k].begin - 1] == ':') return std::nullopt;
        return n;
    }

    // The agency whose longest alias ends at token `last`, and the alias length.
    std::pair<const Data::Agency*, std::size_t> agency_ending(std::size_t last,
                                                              std::size_t first) const {
        std::pair<const Data::Agency*, std::size_t> best{nullptr, 0};
        for (const auto& a : m_rules.agencies)
            for (const auto& p : a.aliases)
                if (p.size() > best.second && last + 1 >= first + p.size() &&
                    matches(m_tokens, last + 1 - p.size(), last + 1, p))
                    best = {&a, p.size()};
        return best;
    }

    // An actor phrase ending with a head noun at token `head`: its modifiers before it.
    incident::Actor actor_ending(std::size_t head, std::size_t first) const {
        const auto& T = m_tokens;
        std::size_t begin = head;
        std::string agency;
        std::set<std::size_t> as_written;  // tokens of an agency's name
        while (begin > first) {
            const std::size_t k = begin - 1;
            if (const auto [a, n] = agency_ending(k, first); a != nullptr) {
                agency = a->name;
                begin = k + 1 - n;
                for (std::size_t j = begin; j <= k; ++j) as_written.insert(j);
                continue;
            }
            if (m_rules.actor_modifiers.contains(T[k].lower)) {
                begin = k;
                continue;
            }
            break;
        }
        while (begin < head &&
               (T[begin].lower == "a" || T[begin].lower == "an" || T[begin].lower == "the"))
            ++begin;
        std::string name;
        for (std::size_t k = begin; k <= head; ++k) {
            std::string w(T[k].text);
            // Ordinary words in lower case; names and initialisms as written.
            if (!as_written.contains(k) && (m_rules.actor_modifiers.contains(T[k].lower) ||
                                            m_rules.actor_heads.contains(T[k].lower)))
                w = T[k].lower;
            name += (name.empty() ? "" : " ") + w;
        }
        return {name, agency};
    }

    void find_actors(Clause& c) {
        const auto& T = m_tokens;
        for (const auto& t : c.triggers) {
            if (t.background) continue;
            // Subject of a verb: "federal immigration officers shot", "an officer with U.S.
            // Immigration and Customs Enforcement shot".
            if (t.verb && t.first > c.first) {
                std::size_t k = t.first - 1;
                std::string agency;
                if (const auto [a, n] = agency_ending(k, c.first);
                    a != nullptr && k + 1 >= c.first + n + 2 && T[k + 1 - n - 1].lower == "with") {
                    agency = a->name;
                    k = k - n - 1;
                }
                if (m_rules.actor_heads.contains(T[k].lower)) {
                    auto actor = actor_ending(k, c.first);
                    if (!agency.empty()) {
                        actor.agency = agency;
                        actor.name += " with " + words(k + 2, t.first - 1);
                    }
                    c.actors.push_back(actor);
                }
            }
            // Agent after "by": "wounded by federal immigration officers", "shooting by an
            // ICE officer".
            for (std::size_t k = t.last + 1; k < c.end && k <= t.last + 4; ++k) {
                if (T[k].lower != "by") continue;
                for (std::size_t h = k + 1; h < c.end && h <= k + 8; ++h)
                    if (m_rules.actor_heads.contains(T[h].lower)) {
                        c.actors.push_back(actor_ending(h, k + 1));
                        break;
                    }
                break;
            }
        }
    }

    void find_clock(Clause& c) {
        for (std::size_t i = c.first; i + 1 < c.end; ++i) {
            const auto& w = m_tokens[i].lower;
            const auto& next = m_tokens[i + 1].lower;
            if (next != "p.m" && next != "a.m" && next != "pm" && next != "am") continue;
            if (w.empty() || !std::isdigit(static_cast<unsigned char>(w[0]))) continue;
            const bool minutes =
                i > c.first && m_tokens[i].begin > 0 && m_text[m_tokens[i].begin - 1] == ':';
            c.clock = words(minutes ? i - 1 : i, i + 1);
            if (c.clock.back() != '.' && (next == "p.m" || next == "a.m")) c.clock += '.';
        }
    }

    // -----------------------------------------------------------------------------------
    // Clauses to incidents

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

    // The other clauses of clause ci's sentence, nearest first; at most 16 on each side, so
    // that a sentence of thousands of clauses stays linear.
    std::vector<std::size_t> same_sentence(std::size_t ci) const {
        constexpr std::size_t k_reach = 16;
        std::vector<std::size_t> out;
        const std::size_t s = m_clauses[ci].sentence;
        for (std::size_t k = ci; k-- > 0 && k + k_reach >= ci && m_clauses[k].sentence == s;)
            out.push_back(k);
        for (std::size_t k = ci + 1;
             k < m_clauses.size() && k <= ci + k_reach && m_clauses[k].sentence == s; ++k)
            out.push_back(k);
        return out;
    }

    // Clauses in text order, except that a sentence opening with a time link ("A day after a
    // woman was killed in Minneapolis, officers shot ...") has its main clause first, so that
    // the link is dated from it.
    std::vector<std::size_t> processing_order() const {
        std::vector<std::size_t> order;
        for (std::size_t a = 0; a < m_clauses.size();) {
            std::size_t b = a;
            while (b < m_clauses.size() && m_clauses[b].sentence == m_clauses[a].sentence) ++b;
            std::size_t main = a;
            while (main < b && m_clauses[main].linked) ++main;
            if (main < b && main > a) order.push_back(main);
            for (std::size_t k = a; k < b; ++k)
                if (k != main || main == a) order.push_back(k);
            a = b;
        }
        return order;
    }

    void assign(ExtractResult& out) {
        std::size_t focus = k_none;
        std::size_t focus_sentence = 0;
        std::size_t previous = k_none;  // incident of the previous clause in the sentence
        std::size_t last_sentence = k_none;
        for (const std::size_t ci : processing_order()) {
            Clause& c = m_clauses[ci];
            if (c.sentence != last_sentence) previous = k_none;
            last_sentence = c.sentence;
            // "Deputies shot a man near X, on Monday": a day in a clause of the same sentence
            // that has no event of its own.
            // Also "... shortly after 10 p.m. Thursday": a link that gives no day count.
            if (!c.triggers.empty())
                for (const std::size_t k : same_sentence(ci)) {
                    const Clause& o = m_clauses[k];
                    if (!o.triggers.empty() || (o.linked && o.link_days)) continue;
                    if (!c.day && o.day) {
                        c.day = o.day;
                        if (c.past.empty()) c.past = o.past;  // "On June 3, 2019, ..."
                    }
                    if (c.clock.empty()) c.clock = o.clock;
                    // "A fatal shooting in X, on Thursday, left 1 dead."
                    if (!c.killed) c.killed = o.killed;
                    if (!c.injured) c.injured = o.injured;
                }
            if (c.linked) {
                const std::size_t anchor = previous != k_none ? previous : focus;
                if (c.link_days && anchor != k_none && m_drafts[anchor].day)
                    c.day = *m_drafts[anchor].day + days{*c.link_days};
            }
            // The event: the first that can start an incident ("arrested a man who shot two
            // people": the shooting), else the first.
            std::size_t t = c.triggers.size();
            for (std::size_t k = 0; k < c.triggers.size(); ++k) {
                if (c.triggers[k].background) continue;
                if (t == c.triggers.size()) t = k;
                if (m_rules.events[c.triggers[k].event].starts_incident &&
                    !m_rules.events[c.triggers[t].event].starts_incident)
                    t = k;
            }
            const bool has_trigger = t < c.triggers.size();
            if (!c.past.empty() || (!has_trigger && !c.triggers.empty())) {
                for (const auto& x : c.triggers)
                    out.left_out.push_back(
                        {span(c.first, c.end - 1), m_rules.events[x.event].type,
                         !c.past.empty()
                             ? "past event: " + c.past
                             : "background: \"" +
                                   words(x.first > c.first ? x.first - 1 : x.first, x.last) +
                                   "\""});
                previous = k_none;
                continue;
            }
            const bool cues = c.found_cue != k_none || c.hospital_cue != k_none || !c.parts.empty();
            if (!has_trigger && !cues) continue;
            const Trigger* trig = has_trigger ? &c.triggers[t] : nullptr;
            // The clause's place, or else its sentence's ("According to the Portland Police
            // Bureau, officers responded to a shooting"): for matching only.
            std::size_t place = clause_place(c, true);
            // (Not from a linked clause: "The shooting came a day after [one in Minneapolis]".)
            for (const std::size_t k : same_sentence(ci)) {
                if (place != k_none || c.linked) break;
                if (!m_clauses[k].linked) place = clause_place(m_clauses[k], true);
            }
            std::size_t target = k_none;
            if (trig != nullptr) {
                int best = -1;
                for (std::size_t d = 0; d < m_drafts.size(); ++d) {
                    if (!compatible(m_drafts[d], c, place, trig->event)) continue;
                    int score = d == focus ? 1 : 0;
                    if (place != k_none && m_drafts[d].place != k_none) score += 2;
                    if (c.day && m_drafts[d].day) score += 2;
                    if (score > best) {
                        best = score;
                        target = d;
                    }
                }
                // A new event: a verb or "a shooting", with a named place, not a reference.
                const std::size_t own_place = clause_place(c, false);
                const bool can_create = m_rules.events[trig->event].starts_incident &&
                                        !trig->definite && own_place != k_none;
                if (can_create && target == k_none) {
                    m_drafts.emplace_back();
                    target = m_drafts.size() - 1;
                }
                if (target == k_none) {
                    previous = k_none;
                    continue;  // a reference to nothing known
                }
            } else {
                // Who was found where, and where the scene lies, without an event word:
                // part of the incident in focus, if it is recent.
                if (focus == k_none || c.sentence > focus_sentence + 2) continue;
                if (place != k_none && m_drafts[focus].place != k_none &&
                    !compatible_places(mention(place).place, mention(m_drafts[focus].place).place))
                    continue;
                target = focus;
            }
            apply(m_drafts[target], c, ci);
            focus = target;
            focus_sentence = c.sentence;
            previous = target;
        }
    }

    void apply(Draft& d, const Clause& c, std::size_t ci) {
        d.clauses.push_back(ci);
        // Types in the rules' order (shooting before killing), those that start incidents
        // first: "arrested a man who shot" is a shooting.
        for (const bool starting : {true, false})
            for (std::size_t e = 0; e < m_rules.events.size(); ++e) {
                const auto& ev = m_rules.events[e];
                if (ev.starts_incident != starting ||
                    std::none_of(c.triggers.begin(), c.triggers.end(),
                                 [&](const Trigger& t) { return t.event == e && !t.background; }))
                    continue;
                if (std::find(d.types.begin(), d.types.end(), ev.type) == d.types.end())
                    d.types.push_back(ev.type);
                d.starts = d.starts || ev.starts_incident;
            }
        if (!d.day && c.day) d.day = c.day;
        const bool found_clause = c.found_cue != k_none;
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
            const std::size_t t = token_of(mention(d.place).begin);
            if (t > c.first && t < c.end && m_tokens[t - 1].lower == "near") d.near = true;
        }
        if (found_clause && d.found_mention == k_none)
            for (auto m : c.mentions)
                if (mention(m).begin > m_tokens[c.found_cue].begin && !mention(m).in_organisation &&
                    coarseness(mention(m).place.kind) <= 1 &&
                    (d.place == k_none || !same_place(mention(m).place, mention(d.place).place))) {
                    d.found_mention = m;
                    break;
                }
        if (c.hospital_cue != k_none && d.hospital.empty()) {
            // "taken to Legacy Emanuel Medical Center": the capitalised run after the cue.
            std::size_t k =
                c.hospital_cue + match_any(m_tokens, c.hospital_cue, c.end, m_rules.hospital_cues);
            if (k < c.end && m_tokens[k].lower == "the") ++k;
            std::size_t e = k;
            while (e < c.end && m_tokens[e].capitalised) ++e;
            if (e > k) {
                d.hospital = words(k, e - 1);
                d.hospital_span = span(k, e - 1);
            }
        }
        if (c.killed) d.killed = std::max(d.killed.value_or(0), *c.killed);
        if (c.injured) d.injured = std::max(d.injured.value_or(0), *c.injured);
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

    std::string phrase_text(const FeatureHit& f) const { return words(f.cue_first, f.last); }

    incident::Location locate_place(const std::string& id, incident::location_role role,
                                    std::size_t m, const std::optional<Part>& part,
                                    const std::optional<FeatureHit>& feature, ExtractResult& out,
                                    const std::string& incident_id) const {
        const auto& p = mention(m).place;
        incident::Location loc;
        loc.id = id;
        loc.role = role;
        loc.spans.push_back({mention(m).begin, mention(m).end});
        geocode::GeocodeQuery q;
        q.name = p.name;
        if (!detail::is_area(p.kind)) q.state = p.admin.state;
        if (p.kind != place_kind::country) q.country = p.admin.country_code;
        q.kind = p.kind;
        if (part) {
            q.part = part->part;
            loc.spans.push_back(span(part->first, part->last));
        }
        std::string where = (part ? part->part + " " : std::string()) + describe(p);
        std::string feature_word;
        if (feature) {
            loc.spans.push_back(span(feature->cue_first, feature->last));
            feature_word = feature->feature;
        }
        geocode::GeocodeOptions opt;
        opt.limit = 50;
        opt.max_edit_distance = 0;
        // The mention's own reading, or its directional part from the geocoder.
        std::vector<GeocodeResult> area{p};
        if (part) {
            try {
                area = m_geocoder.geocode(q, opt);
            } catch (const invalid_input&) {
                area.clear();
            }
            std::erase_if(area, [&](const GeocodeResult& r) { return !same_place(r, p); });
        }
        std::string note;
        loc.name = (feature ? phrase_text(*feature) + ", " : std::string()) + where;
        loc.text = words_of(loc.spans);
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
                pois = m_geocoder.geocode(q, opt);
            } catch (const invalid_input&) {
            }
            std::erase_if(pois, [](const GeocodeResult& x) { return x.feature_unresolved; });
            if (pois.size() == 1) {
                r = pois.front();
                note = "the only " + feature_word + " loaded in " + where;
            } else if (pois.size() > 1) {
                note = std::to_string(pois.size()) + " " + feature_word + "s are loaded in " +
                       where + " and the report does not say which: the whole area is kept";
                out.unresolved.push_back({incident_id, id, span(feature->first, feature->last),
                                          phrase_text(*feature), note});
            } else {
                note = "no " + feature_word + " is loaded for " + where +
                       ", so the whole area is kept";
                out.unresolved.push_back({incident_id, id, span(feature->first, feature->last),
                                          phrase_text(*feature), note});
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
            "geocoded: " + (r.kind == place_kind::poi ? r.name + ", " : std::string()) + where +
            ", " + r.admin.country_code + " (" + to_string(r.precision) + ", " +
            format_m(r.uncertainty_m) + ")" + (note.empty() ? "" : "; " + note);
        return loc;
    }

    std::string words_of(const std::vector<TextSpan>& spans) const {
        std::vector<TextSpan> s = spans;
        std::sort(s.begin(), s.end(),
                  [](const auto& a, const auto& b) { return a.begin < b.begin; });
        std::string out;
        for (const auto& x : s)
            out +=
                (out.empty() ? "" : " ... ") + std::string(m_text.substr(x.begin, x.end - x.begin));
        return out;
    }

    void build(ExtractResult& out) {
        std::set<std::string> ids;
        std::set<std::size_t> used;      // mentions that are incident places
        std::vector<std::size_t> built;  // draft per incident
        for (std::size_t di = 0; di < m_drafts.size(); ++di) {
            const Draft& d = m_drafts[di];
            if (d.place == k_none) continue;
            incident::Incident inc;
            const auto& place = mention(d.place).place;
            // A street, crossing or point of interest is named with its town ("at W Burnside St
            // and NW 10th Ave, Portland, Oregon"): the first town, county or state of the
            // incident's clauses.
            const GeocodeResult* locality = nullptr;
            if (coarseness(place.kind) == 0)
                for (const std::size_t ci : d.clauses)
                    for (const std::size_t m : m_clauses[ci].mentions)
                        if (locality == nullptr && coarseness(mention(m).place.kind) >= 1 &&
                            mention(m).place.kind != place_kind::country &&
                            !mention(m).in_organisation)
                            locality = &mention(m).place;
            const std::string where_words =
                coarseness(place.kind) == 0
                    ? " at " + place.name + (locality ? ", " + describe(*locality) : "")
                    : " in " + describe(place);
            const std::string base = slug(locality ? locality->name : place.name) + "-" +
                                     (d.day ? iso_day(*d.day) : "undated");
            std::string id = base;
            for (int k = 2; ids.contains(id); ++k) id = base + "-" + std::to_string(k);
            ids.insert(id);
            inc.id = id;
            inc.types = d.types;
            if (d.day)
                inc.time.start = Timestamp{sys_seconds{*d.day}, time_precision::day, std::nullopt};
            if (d.killed)
                inc.casualties.killed = incident::CountRange{*d.killed, *d.killed, *d.killed};
            if (d.injured)
                inc.casualties.injured = incident::CountRange{*d.injured, *d.injured, *d.injured};
            inc.actors = d.actors;
            incident::Source src;
            src.title = m_options.source_title;
            src.url = m_options.source_url;
            if (m_published)
                src.published =
                    Timestamp{sys_seconds{*m_published}, time_precision::day, std::nullopt};
            inc.sources.push_back(src);
            // The scene: every mention of its place in the incident's clauses.
            for (const std::size_t ci : d.clauses)
                for (const std::size_t m : m_clauses[ci].mentions)
                    if (same_place(mention(m).place, place) &&
                        mention(m).place.match != geocode::match_type::alias)
                        used.insert(m);
            used.insert(d.place);
            // A direction counts only for the scene's own place ("the city", or the same name).
            std::optional<Part> part = d.part;
            if (part && part->mention != k_none && !same_place(mention(part->mention).place, place))
                part.reset();
            auto scene = locate_place("scene", incident::location_role::scene, d.place, part,
                                      d.scene_feature, out, id);
            if (d.scene_offset && type_of(scene.geometry) != geometry_type::none) {
                // "3 miles east of Gresham": Gresham is the reference, the scene lies from it.
                incident::Location ref = scene;
                ref.id = "reference";
                ref.role = incident::location_role::reference;
                scene.spans.push_back(span(d.scene_offset->first, d.scene_offset->last));
                scene.name = words(d.scene_offset->first, d.scene_offset->last);
                scene.text = words_of(scene.spans);
                scene.place.clear();
                if (place_from(scene, ref, *d.scene_offset))
                    inc.locations.push_back(ref);
                else
                    scene = ref, scene.id = "scene", scene.role = incident::location_role::scene;
            } else if (d.near && type_of(scene.geometry) != geometry_type::none) {
                // "near X": anywhere within the rules' near distance of X's extent.
                const auto centre = incident::representative_point(scene.geometry);
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
            // Where victims were found
            if (d.found_mention != k_none) {
                used.insert(d.found_mention);
                auto found = locate_place("found", incident::location_role::found, d.found_mention,
                                          std::nullopt, d.found_feature, out, id);
                inc.locations.push_back(found);
            } else if (d.found_feature || d.found_distance) {
                incident::Location found;
                found.id = "found";
                found.role = incident::location_role::found;
                if (d.found_feature)
                    found.spans.push_back(span(d.found_feature->first, d.found_feature->last));
                if (d.found_distance)
                    found.spans.push_back(span(d.found_distance->first, d.found_distance->last));
                found.text = words_of(found.spans);
                found.name = d.found_feature
                                 ? words(d.found_feature->first, d.found_feature->last) +
                                       (d.found_distance ? " " + words(d.found_distance->first,
                                                                       d.found_distance->last)
                                                         : "")
                                 : words(d.found_distance->first, d.found_distance->last);
                if (!d.found_distance || !place_from(found, scene, *d.found_distance)) {
                    found.derivation_note = !d.found_distance
                                                ? "the report gives no place and no distance"
                                                : "the scene is not located";
                    out.unresolved.push_back(
                        {id, "found", found.spans.front(), found.text, found.derivation_note});
                }
                inc.locations.push_back(found);
            }
            if (inc.find_location("found") != nullptr) {
                incident::Link link{"scene", "found", "found_from_scene", std::nullopt};
                if (d.found_distance && d.found_distance->away)
                    link.stated = incident::StatedDistance{
                        words(d.found_distance->first, d.found_distance->last),
                        d.found_distance->low_m, d.found_distance->high_m};
                inc.links.push_back(link);
            }
            if (!d.hospital.empty()) {
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
                    out.unresolved.push_back({id, "hospital", h.spans.front(), h.text,
                                              "no gazetteer entry for " + h.place});
                }
                inc.locations.push_back(h);
            }
            // Title and notes
            std::string title = d.types.empty() ? "Incident" : d.types.front();
            title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
            title += where_words;
            if (d.day) title += ", " + iso_day(*d.day);
            std::vector<std::string> toll;
            if (d.killed && *d.killed > 0) toll.push_back(std::to_string(*d.killed) + " killed");
            if (d.injured && *d.injured > 0)
                toll.push_back(std::to_string(*d.injured) + " injured");
            if (!toll.empty())
                title += ": " + toll.front() + (toll.size() > 1 ? ", " + toll[1] : "");
            if (!d.actors.empty())
                title += (toll.empty() ? ", by " : "; by ") + d.actors.front().name;
            inc.title = title;
            std::vector<std::string> notes;
            if (!d.clock.empty()) notes.push_back("Reported at about " + d.clock + " local time.");
            if (!d.day && !d.types.empty())
                notes.push_back(m_published ? "The report gives no day."
                                            : "No publication date: weekdays were not resolved.");
            for (const auto& n : notes) inc.notes += (inc.notes.empty() ? "" : " ") + n;
            out.incidents.incidents.push_back(std::move(inc));
            built.push_back(di);
        }
        add_context(out, used, built);
    }

    // Place @p loc at a stated distance from @p ref: "a couple of miles away" is the ring
    // between the two distances (widened by the reference's own uncertainty on both sides),
    // "3 miles east of X" the geodesic destination with the distance's spread and a compass
    // point's +-22.5 degrees across. False if the reference has no geometry.
    bool place_from(incident::Location& loc, const incident::Location& ref,
                    const Distance& x) const {
        const incident::Location before = loc;
        try {
            return place_from_unchecked(loc, ref, x);
        } catch (const error&) {
            loc = before;  // a ring too large to draw: left as it was
            return false;
        }
    }
    bool place_from_unchecked(incident::Location& loc, const incident::Location& ref,
                              const Distance& x) const {
        const auto centre = incident::representative_point(ref.geometry);
        if (!centre) return false;
        const double r = ref.uncertainty_m;
        loc.relative_to = ref.id;
        loc.derivation = incident::derivation_method::relative;
        loc.precision = ref.precision;
        const std::string stated = "\"" + words(x.first, x.last) + "\"";
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

    void add_context(ExtractResult& out, const std::set<std::size_t>& used,
                     const std::vector<std::size_t>& built) {
        // Places named only as background: each goes to the first incident in the same state.
        std::map<std::pair<std::size_t, std::string>, std::size_t>
            where;  // (incident, key) -> location
        for (std::size_t m = 0; m < m_mentions->size(); ++m) {
            const auto& pm = mention(m);
            const auto& p = pm.place;
            if (used.contains(m) || pm.in_organisation || coarseness(p.kind) == 0 ||
                p.kind == place_kind::country)
                continue;
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
                const std::string key =
                    describe(p) + (alias_city ? "|" + detail::lower(pm.text) : "");
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

ExtractResult extract_incidents(std::string_view text, const geocode::Geocoder& geocoder,
                                const Rules& rules, const ExtractOptions& options) {
    return Extractor(text, geocoder, rules.data(), options).run();
}

}  // namespace incidentmap::extract
