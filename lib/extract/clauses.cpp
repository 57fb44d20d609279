// Clauses and what each says: event words, feature phrases ("outside a hospital"), stated
// distances, parts of places ("the eastern part of the city"), actors and clock times. The
// days are read in dates.cpp and the casualties in casualties.cpp.

#include <algorithm>
#include <charconv>
#include <set>
#include <string>

#include <incidentmap/geodesy/compass.hpp>

#include "article.hpp"

namespace incidentmap::extract::detail {

bool all_digits(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool is_day_number(const Token& t) {
    return t.lower.size() <= 2 && all_digits(t.lower);
}

bool is_year(const Token& t) {
    return t.lower.size() == 4 && all_digits(t.lower);
}

bool matches(const std::vector<Token>& toks, std::size_t i, std::size_t end, const Phrase& p) {
    if (i + p.size() > end) return false;
    for (std::size_t k = 0; k < p.size(); ++k)
        if (toks[i + k].lower != p[k]) return false;
    return true;
}

std::size_t match_any(const std::vector<Token>& toks, std::size_t i, std::size_t end,
                      const std::vector<Phrase>& phrases) {
    std::size_t best = 0;
    for (const auto& p : phrases)
        if (p.size() > best && matches(toks, i, end, p)) best = p.size();
    return best;
}

std::size_t match_before(const std::vector<Token>& toks, std::size_t i, std::size_t first,
                         const std::vector<Phrase>& phrases) {
    std::size_t best = 0;
    for (const auto& p : phrases)
        if (p.size() > best && i >= first + p.size() && matches(toks, i - p.size(), i, p))
            best = p.size();
    return best;
}

std::optional<int> number_word(const Rules::Data& rules, const Token& t) {
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

std::size_t Article::token_of(std::size_t byte) const {
    const auto it = std::lower_bound(tokens.begin(), tokens.end(), byte,
                                     [](const Token& t, std::size_t b) { return t.begin < b; });
    return static_cast<std::size_t>(it - tokens.begin());
}

namespace {

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

class ClauseReader {
public:
    explicit ClauseReader(Article& a) : m_a(a), m_rules(a.rules), T(a.tokens) {}

    // Clauses: sentences cut at commas, semicolons, colons, dashes, brackets and quotes
    // (not inside "Portland, Oregon"), and after a time link ("a day after").
    void split() {
        std::size_t sentence = 0;
        std::size_t first = 0;
        std::optional<int> link_days;
        bool linked = false;
        auto& clauses = m_a.clauses;
        const auto close = [&](std::size_t end) {
            if (end > first) {
                Clause c;
                c.first = first;
                c.end = end;
                c.sentence = sentence;
                c.content = m_a.is_content(first);
                c.link_days = link_days;
                c.linked = linked;
                clauses.push_back(std::move(c));
            }
            first = end;
            link_days.reset();
            linked = false;
        };
        for (std::size_t i = 0; i < T.size(); ++i) {
            if (i > 0 && T[i].sentence_start) {
                close(i);
                ++sentence;
            }
            // A time link starts a clause of its own, about the linked event.
            bool link = false;
            for (const auto& tl : m_rules.time_links) {
                if (!matches(T, i, T.size(), tl.words) || (i > 0 && T[i - 1].lower == "and"))
                    continue;
                bool crosses = false;  // "... a day. After ..."
                for (std::size_t k = i + 1; k < i + tl.words.size(); ++k)
                    crosses = crosses || T[k].sentence_start;
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
            if (i + 1 < T.size() && !T[i + 1].sentence_start) {
                const auto gap = m_a.text.substr(T[i].end, T[i + 1].begin - T[i].end);
                const bool breaks = gap.find_first_of(",;:()\"") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x94") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x93") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x9C") != std::string_view::npos ||
                                    gap.find("\xE2\x80\x9D") != std::string_view::npos;
                const auto& at = m_a.mention_at;
                const bool containment = at[i] != k_none && at[i + 1] != k_none &&
                                         at[i] != at[i + 1] &&
                                         is_area(m_a.mention(at[i + 1]).place.kind);
                const bool clock =
                    gap == ":" &&
                    std::isdigit(static_cast<unsigned char>(T[i + 1].text.front())) != 0;
                // "June 3, 2019": one date.
                const bool date =
                    i > 0 && month_of(T[i - 1].lower) && is_day_number(T[i]) && is_year(T[i + 1]);
                if (breaks && !containment && !clock && !date) close(i + 1);
            }
        }
        close(T.size());
    }

    void read(Clause& c) {
        for (std::size_t i = c.first; i < c.end; ++i)
            if (m_a.mention_at[i] != k_none &&
                (c.mentions.empty() || c.mentions.back() != m_a.mention_at[i]))
                c.mentions.push_back(m_a.mention_at[i]);
        find_triggers(c);
        for (std::size_t i = c.first; i < c.end; ++i) {
            if (c.found_cue == k_none && match_any(T, i, c.end, m_rules.found_cues))
                c.found_cue = i;
            if (c.hospital_cue == k_none && match_any(T, i, c.end, m_rules.hospital_cues))
                c.hospital_cue = i;
        }
        find_days(m_a, c);
        find_features(c);
        find_distances(c);
        find_parts(c);
        // (An article tells of its casualties in a few dozen statements; past this many, the
        // rest of a text is not read for more, so that no text costs more than it should.)
        if (m_statements < k_max_statements) {
            find_casualties(m_a, c);
            m_statements += c.casualties.size();
        }
        find_actors(c);
        find_clock(c);
    }

private:
    static constexpr std::size_t k_max_statements = 1000;
    Article& m_a;
    const Rules::Data& m_rules;
    const std::vector<Token>& T;
    std::size_t m_statements = 0;  // casualty statements read so far

    void find_triggers(Clause& c) {
        for (std::size_t i = c.first; i < c.end; ++i)
            for (std::size_t e = 0; e < m_rules.events.size(); ++e) {
                const auto& ev = m_rules.events[e];
                const std::size_t nv = match_any(T, i, c.end, ev.verbs);
                const std::size_t nn = nv ? 0 : match_any(T, i, c.end, ev.nouns);
                if (nv == 0 && nn == 0) continue;
                // "heart attack", "a defensive shot": not the event.
                bool excepted = false;
                for (const auto& x : ev.except)
                    for (std::size_t k = 0; k < x.size() && !excepted; ++k)
                        excepted = i >= c.first + k && matches(T, i - k, c.end, x);
                if (excepted) continue;
                Trigger t{e, i, i + std::max(nv, nn) - 1, nv > 0, false, false};
                for (std::size_t k = i; k-- > c.first && k + 3 >= i;) {
                    if (nn && m_rules.background_modifiers.contains(T[k].lower))
                        t.background = true;
                    if (nn && (T[k].lower == "the" || T[k].lower == "this" ||
                               T[k].lower == "that" || possessive_after(m_a.text, T[k])))
                        t.definite = true;
                    if (T[k].lower == "a" || T[k].lower == "an") break;
                }
                // "a defensive shot": "shot" after an article is a noun, not the event.
                if (nv && i > c.first && (T[i - 1].lower == "a" || T[i - 1].lower == "an"))
                    continue;
                c.triggers.push_back(t);
            }
    }

    void find_features(Clause& c) {
        for (std::size_t i = c.first; i < c.end; ++i) {
            if (T[i].lower != "a" && T[i].lower != "an" && T[i].lower != "the") continue;
            // Up to three words between the article and the feature word.
            for (std::size_t k = i + 1; k < c.end && k <= i + 4; ++k) {
                const Rules::Data::Feature* hit = nullptr;
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
                if (const std::size_t n = match_before(T, i, c.first, m_rules.scene_cues))
                    h.cue_first = i - n;
                c.features.push_back(h);
                i = h.last;
                break;
            }
        }
    }

    void find_distances(Clause& c) {
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
                if (k + 2 < c.end && m_a.mention_at[k + 2] != k_none) {
                    d->of_mention = m_a.mention_at[k + 2];
                    std::size_t e = k + 2;
                    while (e + 1 < c.end && m_a.mention_at[e + 1] == d->of_mention) ++e;
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
        const auto& at = m_a.mention_at;
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
                } else if (k < c.end && at[k] != k_none) {
                    std::size_t e = k;
                    while (e + 1 < c.end && at[e + 1] == at[k]) ++e;
                    c.parts.push_back({first, e, *dir, at[k]});
                }
                continue;
            }
            // "east Portland", "northeast Minneapolis"
            if (i + 1 < c.end && at[i + 1] != k_none && at[i] == k_none &&
                m_a.mention(at[i + 1]).place.kind == gazetteer::place_kind::city) {
                std::size_t e = i + 1;
                while (e + 1 < c.end && at[e + 1] == at[i + 1]) ++e;
                c.parts.push_back({i, e, *dir, at[i + 1]});
            }
        }
    }

    // The agency whose longest alias ends at token `last`, and the alias length.
    std::pair<const Rules::Data::Agency*, std::size_t> agency_ending(std::size_t last,
                                                                     std::size_t first) const {
        std::pair<const Rules::Data::Agency*, std::size_t> best{nullptr, 0};
        for (const auto& a : m_rules.agencies)
            for (const auto& p : a.aliases)
                if (p.size() > best.second && last + 1 >= first + p.size() &&
                    matches(T, last + 1 - p.size(), last + 1, p))
                    best = {&a, p.size()};
        return best;
    }

    // An actor phrase ending with a head noun at token `head`: its modifiers before it.
    incident::Actor actor_ending(std::size_t head, std::size_t first) const {
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
                        actor.name += " with " + m_a.words(k + 2, t.first - 1);
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
            const auto& w = T[i].lower;
            const auto& next = T[i + 1].lower;
            if (next != "p.m" && next != "a.m" && next != "pm" && next != "am") continue;
            if (w.empty() || !std::isdigit(static_cast<unsigned char>(w[0]))) continue;
            const bool minutes = i > c.first && T[i].begin > 0 && m_a.text[T[i].begin - 1] == ':';
            c.clock = m_a.words(minutes ? i - 1 : i, i + 1);
            if (c.clock.back() != '.' && (next == "p.m" || next == "a.m")) c.clock += '.';
        }
    }
};

}  // namespace

void read_clauses(Article& a) {
    ClauseReader reader(a);
    reader.split();
    for (auto& c : a.clauses) reader.read(c);
}

}  // namespace incidentmap::extract::detail
