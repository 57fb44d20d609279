// Days: the publication date, the days a clause names ("Monday evening", "early Sunday",
// "last night", "Jan. 3", "June 3, 2019"), whether a clause is about the past, and an
// incident's day.

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>

#include "article.hpp"
#include "model_data.hpp"

namespace incidentmap::extract::detail {

using namespace std::chrono;

namespace {

// Parts of a day after "this": "this morning" is the publication day.
bool part_of_day(std::string_view w) {
    return w == "morning" || w == "afternoon" || w == "evening";
}

// Verbs of saying and of police work: a day right before or after one is the day it was
// said, or the day of a charge or an arrest, not the event's.
const std::set<std::string, std::less<>>& saying_words() {
    static const std::set<std::string, std::less<>> words{
        "said",  "says",   "announced", "confirmed",  "reported", "told",
        "added", "stated", "released",  "identified", "charged",  "arrested"};
    return words;
}

}  // namespace

std::optional<sys_days> date_in(Article& a) {
    constexpr std::size_t k_head = 600;
    const auto head = a.text.substr(0, std::min(a.text.size(), k_head));
    for (std::size_t i = 0; i + 10 <= head.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(head[i])) || head[i + 4] != '-' ||
            (i > 0 && std::isdigit(static_cast<unsigned char>(head[i - 1]))))
            continue;
        try {
            const Timestamp t = parse_iso8601(head.substr(i, 10));
            if (t.precision == time_precision::day) {
                a.date_span = {i, i + 10};
                return floor<days>(t.utc);
            }
        } catch (const invalid_input&) {
        }
    }
    const auto& T = a.tokens;
    for (std::size_t i = 0; i + 2 < T.size() && T[i + 2].end <= k_head; ++i) {
        const auto m = month_of(T[i].lower);
        if (!m || !T[i].capitalised) continue;
        const auto& dt = T[i + 1];
        const auto& yt = T[i + 2];
        if (!is_day_number(dt) || !is_year(yt) || !dt.comma_after) continue;
        const year_month_day ymd{year{std::stoi(yt.lower)}, month{*m},
                                 day{static_cast<unsigned>(std::stoi(dt.lower))}};
        if (ymd.ok()) {
            a.date_span = {T[i].begin, yt.end};
            return sys_days{ymd};
        }
    }
    return std::nullopt;
}

void find_days(const Article& a, Clause& c) {
    const auto& T = a.tokens;
    const auto& rules = a.rules;
    const auto pub = a.published;
    const auto add = [&](std::size_t first, std::size_t last, sys_days d, bool with_year) {
        // Not the publication date the text opens with ("COLUMBUS, Ohio (Jan. 8, 2026)"), nor
        // a page's own dates ("Posted: Tuesday, January 28, 2014").
        if (T[first].begin < a.date_span.end && a.date_span.begin < T[last].end) return;
        for (std::size_t k = first; k-- > 0 && k + 3 >= first;)
            if (T[k].lower == "posted" || T[k].lower == "updated" || T[k].lower == "published")
                return;
        DayRef r{first, last, d, with_year};
        r.possessive = possessive_after(a.text, T[last]);
        // "police said Sunday", "said on Sunday", "Sunday, police said": not the event's day.
        const auto said_word = [&](std::size_t k) {
            return k < T.size() && saying_words().contains(T[k].lower);
        };
        r.said = (first > c.first && said_word(first - 1)) ||
                 (first > c.first + 1 && T[first - 1].lower == "on" && said_word(first - 2)) ||
                 said_word(last + 1) || (last + 2 < c.end && said_word(last + 2));
        r.part_of_day = T[first].lower == "early" || T[first].lower == "late" ||
                        (last + 1 < T.size() &&
                         (part_of_day(T[last + 1].lower) || T[last + 1].lower == "night"));
        // Of an arrest or a hearing: such a word shortly before, with no event word between
        // ("arrested a man Wednesday in the shooting ... on Monday": Wednesday only).
        for (std::size_t k = first; k-- > c.first && k + 6 >= first;) {
            if (match_any(T, k, c.end, rules.off_day_words)) {
                r.off_day = true;
                break;
            }
            // (The clause's event words, found before its days.)
            if (std::any_of(c.triggers.begin(), c.triggers.end(), [&](const Trigger& t) {
                    return t.first == k && rules.events[t.event].starts_incident;
                }))
                break;
        }
        c.days.push_back(r);
        if (!c.day) c.day = d;
    };
    for (std::size_t i = c.first; i < c.end; ++i) {
        const std::string& w = T[i].lower;
        const std::string_view before = i > c.first ? std::string_view(T[i - 1].lower) : "";
        // Weekdays: the latest such day on or before the publication date ("early Sunday" is
        // that Sunday, after midnight; "late Saturday" that Saturday); "last Monday" a Monday
        // before the publication day; "next Monday" is no event's day.
        if (pub && T[i].capitalised)
            for (unsigned d = 0; d < 7; ++d) {
                if (w != k_weekdays[d]) continue;
                if (before == "next" || before == "coming") break;
                // "Thursday, November 10": the date names the day (it may be weeks back).
                if (T[i].comma_after && i + 2 < T.size() && month_of(T[i + 1].lower) &&
                    is_day_number(T[i + 2]))
                    break;
                const weekday p{*pub};
                int back = (static_cast<int>(p.c_encoding()) - static_cast<int>(d) + 7) % 7;
                if (back == 0 && before == "last") back = 7;
                add(before == "last" || before == "early" || before == "late" ? i - 1 : i, i,
                    *pub - days{back}, false);
            }
        if (pub) {
            if (w == "yesterday") add(i, i, *pub - days{1}, false);
            if (w == "today" || w == "tonight") add(i, i, *pub, false);
            if (w == "this" && i + 1 < c.end && part_of_day(T[i + 1].lower))
                add(i, i + 1, *pub, false);
            if (w == "last" && i + 1 < c.end && T[i + 1].lower == "night")
                add(i, i + 1, *pub - days{1}, false);
        }
        // "Jan. 3", "June 3, 2019": with a year, a date of its own; without, the latest such
        // day on or before the publication date.
        if (const auto m = month_of(w);
            m && T[i].capitalised && i + 1 < c.end && is_day_number(T[i + 1])) {
            const day dd{static_cast<unsigned>(std::stoi(T[i + 1].lower))};
            if (i + 2 < c.end && is_year(T[i + 2])) {
                const year_month_day ymd{year{std::stoi(T[i + 2].lower)}, month{*m}, dd};
                if (ymd.ok()) {
                    add(i, i + 2, sys_days{ymd}, true);
                    if (pub && sys_days{ymd} < *pub - days{31} && c.past.empty())
                        c.past = a.words(i, i + 2);
                }
            } else if (pub) {
                const auto py = year_month_day{*pub}.year();
                year_month_day ymd{py, month{*m}, dd};
                if (ymd.ok() && sys_days{ymd} > *pub)
                    ymd = year_month_day{py - years{1}, month{*m}, dd};
                if (ymd.ok()) add(i, i + 1, sys_days{ymd}, false);
            }
        }
        // "in June", "in early June", "last month": a month, when no day is named.
        if (pub && !c.month) {
            const year_month_day p{*pub};
            if (const auto m = month_of(w);
                m && T[i].capitalised && i > c.first &&
                (before == "in" || before == "early" || before == "late" || before == "mid") &&
                !(i + 1 < c.end && is_day_number(T[i + 1]))) {
                std::chrono::year y = p.year();
                if (i + 1 < c.end && is_year(T[i + 1]))
                    y = std::chrono::year{std::stoi(T[i + 1].lower)};
                else if (month{*m} > p.month())
                    y -= years{1};
                c.month = y / month{*m};
            } else if (w == "month" && (before == "last" || before == "this")) {
                c.month =
                    before == "last" ? p.year() / p.month() - months{1} : p.year() / p.month();
            }
        }
        if (c.past.empty()) {
            if (const std::size_t n = match_any(T, i, c.end, rules.past_markers))
                c.past = a.words(i, i + n - 1);
            else if (is_year(T[i]) && pub && i > c.first &&
                     (T[i - 1].lower == "in" || T[i - 1].lower == "since")) {
                const int y = std::stoi(T[i].lower);
                if (y >= 1800 && y < static_cast<int>(year_month_day{*pub}.year()))
                    c.past = a.words(i - 1, i);
            }
        }
        if (match_any(T, i, c.end, rules.off_day_words)) c.off_day = true;
    }
}

namespace {

constexpr std::array<std::string_view, 18> k_day_features{
    "event_clause",    "event_sentence", "title",           "lead",
    "off_day",         "first",          "publication_day", "day_before",
    "days_before_log", "with_year",      "mentions_log",    "past",
    "possessive",      "said",           "part_of_day",     "near_event",
    "after_verb",      "before_noun"};

enum D : std::size_t {
    d_event_clause,
    d_event_sentence,
    d_title,
    d_lead,
    d_off_day,
    d_first,
    d_publication_day,
    d_day_before,
    d_days_before_log,
    d_with_year,
    d_mentions_log,
    d_past,
    d_possessive,
    d_said,
    d_part_of_day,
    d_near_event,
    d_after_verb,
    d_before_noun,
};

// A day this many words or fewer after an event verb ("was shot and killed late Saturday")
// is told with it.
constexpr std::size_t k_after_verb_words = 8;

}  // namespace

std::span<const std::string_view> day_features() {
    return k_day_features;
}

std::vector<DayCandidate> rank_days(const Article& a, const std::vector<char>& event_clause,
                                    const LinearModel& model) {
    const std::vector<char> event_sentence = a.event_sentences(event_clause);
    const std::size_t lead = a.lead_line();
    // The event words of the incident's clauses, by sentence, in text order.
    std::vector<std::vector<const Trigger*>> triggers(event_sentence.size());
    for (std::size_t ci = 0; ci < a.clauses.size(); ++ci)
        if (event_clause[ci])
            for (const auto& t : a.clauses[ci].triggers)
                if (!t.background) triggers[a.clauses[ci].sentence].push_back(&t);
    std::vector<DayCandidate> out;
    std::vector<int> mentions;
    bool first = true;
    for (std::size_t ci = 0; ci < a.clauses.size(); ++ci) {
        const auto& c = a.clauses[ci];
        if (!c.content) continue;
        for (const auto& r : c.days) {
            auto it = std::find_if(out.begin(), out.end(),
                                   [&](const DayCandidate& x) { return x.day == r.day; });
            if (it == out.end()) {
                DayCandidate d;
                d.day = r.day;
                d.x.assign(k_day_features.size(), 0.0);
                d.x[d_off_day] = 1;
                d.x[d_past] = 1;
                if (a.published) {
                    const auto before = (*a.published - r.day).count();
                    d.x[d_publication_day] = before == 0 ? 1 : 0;
                    d.x[d_day_before] = before == 1 ? 1 : 0;
                    d.x[d_days_before_log] =
                        std::log2(1.0 + std::max(0.0, static_cast<double>(before)));
                }
                d.x[d_with_year] = r.with_year ? 1 : 0;
                out.push_back(std::move(d));
                mentions.push_back(0);
                it = out.end() - 1;
            }
            auto& x = it->x;
            // The first day named that is neither said nor another event's, wherever it was
            // named before ("police said Sunday ... was shot Sunday").
            if (first && !r.said && !r.off_day) {
                x[d_first] = 1;
                first = false;
            }
            ++mentions[static_cast<std::size_t>(it - out.begin())];
            if (event_clause[ci]) x[d_event_clause] = 1;
            if (event_sentence[c.sentence]) x[d_event_sentence] = 1;
            if (a.in_title(r.first)) x[d_title] = 1;
            if (a.tokens[r.first].line == lead) x[d_lead] = 1;
            if (!r.off_day) x[d_off_day] = 0;
            if (c.past.empty()) x[d_past] = 0;
            if (r.possessive) x[d_possessive] = 1;
            if (r.said) x[d_said] = 1;
            if (r.part_of_day) x[d_part_of_day] = 1;
            // How close an event word of the same sentence is: "shot ... late Saturday", "the
            // Sunday shooting".
            for (const Trigger* t : triggers[c.sentence]) {
                const std::size_t gap = t->first > r.last   ? t->first - r.last
                                        : r.first > t->last ? r.first - t->last
                                                            : 0;
                x[d_near_event] =
                    std::max(x[d_near_event], 1.0 / (1.0 + static_cast<double>(gap) / 3.0));
                if (t->verb && t->last < r.first && r.first - t->last <= k_after_verb_words)
                    x[d_after_verb] = 1;
                if (!t->verb && t->first > r.last && t->first - r.last <= 2) x[d_before_noun] = 1;
            }
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].x[d_mentions_log] = std::log2(static_cast<double>(mentions[i]));
        out[i].score = model.score(out[i].x);
    }
    std::stable_sort(out.begin(), out.end(), [](const DayCandidate& x, const DayCandidate& y) {
        return x.score > y.score;
    });
    return out;
}

}  // namespace incidentmap::extract::detail
