#pragma once
// Internal: one text as extract_incidents() reads it - its words, lines, place mentions and
// clauses - and what each clause says. The steps of the extraction each have a file:
//   content.cpp     which lines are the article and which are page boilerplate
//   clauses.cpp     clauses, events, features, distances, parts of places, actors
//   dates.cpp       the publication date, the days a clause names, an incident's day
//   casualties.cpp  who was killed and injured: counts of people and what befell them
//   scene.cpp       which place is an incident's scene, and locating it
//   incidents.cpp   clauses to incidents, and the incidents written out

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/incident/model.hpp>

#include "rules_data.hpp"
#include "text.hpp"

namespace incidentmap::extract {
struct LinearModel;
}

namespace incidentmap::extract::detail {

using sys_days = std::chrono::sys_days;
inline constexpr std::size_t k_none = static_cast<std::size_t>(-1);

/// An event word: "shot", "a shooting".
struct Trigger {
    std::size_t event;  // index into rules.events
    std::size_t first, last;
    bool verb;
    bool definite;    // "the shooting", "Thursday's shooting": a reference
    bool background;  // "a recent shooting", "prior shootings"
};

/// A feature phrase: "a hospital", "a snowy street", with the role cue before it.
struct FeatureHit {
    std::size_t first, last;  // tokens of the phrase, with its determiner
    std::size_t cue_first;    // first token of the role cue before it, or first
    std::string feature;
};

/// A stated distance: "a couple of miles away", "3 miles east of X".
struct Distance {
    std::size_t first, last;  // tokens
    double low_m, high_m;
    std::string part;                 // a direction: "3 miles east of X"
    std::size_t of_mention = k_none;  // X
    bool away = false;                // "... away": from the scene
};

/// A part of a place: "the eastern part of the city", "east Portland".
struct Part {
    std::size_t first, last;
    std::string part;              // "east"
    std::size_t mention = k_none;  // the place it is part of; k_none for "the city"
};

/// A day a clause names: "Monday", "early Sunday", "yesterday", "Jan. 3", "June 3, 2019".
struct DayRef {
    std::size_t first, last;  // tokens
    sys_days day;
    bool with_year = false;    // a full date ("June 3, 2019"), not resolved from the publication
    bool possessive = false;   // "Tuesday's shooting"
    bool said = false;         // the day something was said ("police said Sunday")
    bool part_of_day = false;  // "Monday night", "early Sunday"
    bool off_day = false;      // of an arrest, a hearing, a funeral: "arrested a man Wednesday"
};

/// What befell the people a casualty statement counts.
enum class outcome {
    killed,   // killed, dead, died
    injured,  // wounded, injured, in critical condition
    hit,      // shot, stabbed, struck: hurt, without saying whether they died
};

/// A statement of casualties: "two men were wounded", "killing seven residents and a nurse",
/// "1 dead", "No one was hurt", "he later died".
struct Casualty {
    std::size_t first, last;  // tokens of the statement
    outcome what = outcome::hit;
    int count = 0;          // people; 0 with `none`
    bool none = false;      // "No one was hurt", "no injuries"
    bool later = false;     // "later died": someone already counted as hurt died
    bool suspect = false;   // the people counted are the suspects ("police shot the gunman")
    bool other = false;     // "another man", "a second victim": not the people counted before
    bool survived = false;  // "in stable condition", "non-life-threatening": hurt, and alive
    std::string noun;       // the people's noun ("woman", "boys"); "" for a name or pronoun
};

struct Clause {
    std::size_t first = 0, end = 0;  // tokens [first, end)
    std::size_t sentence = 0;
    bool content = true;           // on a line of the article, not page boilerplate
    std::optional<int> link_days;  // after "a day after": relative to the previous clause
    bool linked = false;
    std::vector<Trigger> triggers;
    std::vector<std::size_t> mentions;
    std::vector<DayRef> days;
    std::optional<sys_days> day;  // the clause's day: its first DayRef, or a link's
    std::optional<std::chrono::year_month> month;  // a month named alone: "in June", "last month"
    std::string past;                              // why the clause is about the past
    bool off_day = false;  // about an arrest, a hearing, a funeral: its day is not the event's
    std::size_t found_cue = k_none, hospital_cue = k_none;  // token of the cue
    std::vector<FeatureHit> features;
    std::vector<Distance> distances;
    std::vector<Part> parts;
    std::vector<Casualty> casualties;
    std::vector<incident::Actor> actors;
    std::string clock;  // "2:15 p.m."
};

/// One text and everything read from it that the steps share.
struct Article {
    std::string_view text;     // the text, with markup blanked
    std::string blanked;       // its storage, when the text had markup
    const Rules::Data& rules;  // NOLINT: the rule set outlives the article
    std::optional<sys_days> published;
    incident::TextSpan date_span;  // bytes of the publication date the text opens with, if any
    std::vector<Token> tokens;
    std::vector<PlaceMention> mentions;
    std::vector<std::size_t> mention_at;  // per token: mention index or k_none
    std::vector<bool> content_line;       // per line: the article's own words
    std::vector<bool> title_case;         // per line: in Title Case (capitals say nothing)
    std::size_t title_lines = 0;          // lines of the headline (0 or 1)
    std::size_t title_cut = k_none;       // byte where the site's name after the headline starts
    std::vector<Clause> clauses;

    Article(std::string_view t, const Rules::Data& r) : text(t), rules(r) {}

    const PlaceMention& mention(std::size_t i) const { return mentions[i]; }
    incident::TextSpan span(std::size_t first, std::size_t last) const {
        return {tokens[first].begin, tokens[last].end};
    }
    std::string words(std::size_t first, std::size_t last) const {
        return std::string(
            text.substr(tokens[first].begin, tokens[last].end - tokens[first].begin));
    }
    /// The first token that begins at or after @p byte.
    std::size_t token_of(std::size_t byte) const;
    bool is_content(std::size_t token) const {
        const auto& t = tokens[token];
        return content_line[t.line] && !(t.line < title_lines && t.begin >= title_cut);
    }
    bool in_title(std::size_t token) const { return tokens[token].line < title_lines; }
    /// Per sentence: whether one of its clauses is marked in @p event_clause (per clause).
    std::vector<char> event_sentences(const std::vector<char>& event_clause) const {
        std::vector<char> out;
        for (std::size_t ci = 0; ci < clauses.size(); ++ci) {
            if (out.size() <= clauses[ci].sentence) out.resize(clauses[ci].sentence + 1, 0);
            if (event_clause[ci]) out[clauses[ci].sentence] = 1;
        }
        return out;
    }
    /// The first line of the body, the lead; k_none when the text has none.
    std::size_t lead_line() const {
        for (std::size_t l = title_lines; l < content_line.size(); ++l)
            if (content_line[l]) return l;
        return k_none;
    }
};

// ---------------------------------------------------------------------------------------
// Words (clauses.cpp)

bool all_digits(std::string_view w);
/// The day and year of a written date ("June 3, 2019").
bool is_day_number(const Token& t);
bool is_year(const Token& t);
/// The phrase @p p at token i (not past `end`).
bool matches(const std::vector<Token>& toks, std::size_t i, std::size_t end, const Phrase& p);
/// The longest phrase of @p phrases at token i, or 0 words.
std::size_t match_any(const std::vector<Token>& toks, std::size_t i, std::size_t end,
                      const std::vector<Phrase>& phrases);
/// The length of a phrase of @p phrases that ends right before token i (not before `first`).
std::size_t match_before(const std::vector<Token>& toks, std::size_t i, std::size_t first,
                         const std::vector<Phrase>& phrases);
/// A number written as digits ("4", "2,500") or a number word of the rules ("four").
std::optional<int> number_word(const Rules::Data& rules, const Token& t);

// ---------------------------------------------------------------------------------------
// The steps

/// Marks the lines of page boilerplate (content.cpp). @throws invalid_input for a text that
/// does not read as English.
void find_content(Article& a);
/// Cuts the text into clauses and reads each (clauses.cpp).
void read_clauses(Article& a);
/// The publication date near the start of the text, whose words it records in a.date_span
/// (dates.cpp).
std::optional<sys_days> date_in(Article& a);
/// The days clause c names, and whether it is about the past or about an arrest, a hearing
/// or a funeral (dates.cpp).
void find_days(const Article& a, Clause& c);
/// A day the article names, as a candidate for an incident's day (dates.cpp).
struct DayCandidate {
    sys_days day;
    std::vector<double> x;  // features, in the order of day_features()
    double score = 0;       // the model's score (log-odds)
};
/// The days the article's content names, best first, for the incident whose event clauses
/// @p event_clause marks (dates.cpp).
std::vector<DayCandidate> rank_days(const Article& a, const std::vector<char>& event_clause,
                                    const LinearModel& model);
/// The casualty statements of clause c; they may reach back into its sentence for the
/// people counted (casualties.cpp).
void find_casualties(const Article& a, Clause& c);

/// An incident's toll from the statements of its clauses (casualties.cpp).
/// A count an incident's toll may have, as a candidate for the ranking model.
struct CountCandidate {
    int value = 0;
    std::vector<double> x;  // features, in the order of killed_features() or injured_features()
    double score = 0;       // the model's score (log-odds)
};
struct Toll {
    std::optional<int> killed, injured;
    bool suspect = false;  // a suspect is among the casualties
    std::vector<CountCandidate> killed_candidates, injured_candidates;  // best first
};
/// The toll of the incident made of @p clauses: the counts its statements give, reconciled
/// by rule ("four shot, one fatally": 1 killed, 3 injured), then each count chosen by the
/// ranking model among the values the statements support.
Toll toll_of(const Article& a, const std::vector<std::size_t>& clauses, const LinearModel& killed,
             const LinearModel& injured);

}  // namespace incidentmap::extract::detail
