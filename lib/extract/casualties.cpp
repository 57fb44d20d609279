// Casualties: counts of people ("four teens", "two men and a woman", "a 12-year-old", "he and
// three others", "seven residents and a nurse"), what befell them ("were shot and killed",
// "killing", "in critical condition", "1 dead", "no one was hurt", "later died"), and an
// incident's toll from its statements.

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>

#include "article.hpp"
#include "lexicon.hpp"
#include "model_data.hpp"

namespace incidentmap::extract::detail {

namespace {

// A number of people with no noun after it ("wounding three") is a count up to this.
constexpr int k_bare_count_max = 30;

// A group of people: "four teens", "two men and a woman", "a 12-year-old", "him".
struct Group {
    std::size_t first, last;
    std::optional<int> count;  // nullopt: more than one, not counted ("victims", "they")
    bool plural = false;
    bool suspect = false;
    bool name = false;  // a person's name ("Milner")
};

// "12-year-old", "5-year-olds", "17-month-old": an age that stands for a person.
bool is_age_noun(std::string_view w, bool& plural) {
    for (const std::string_view unit : {"-year-old", "-month-old", "-week-old", "-day-old"}) {
        const auto at = w.find(unit);
        if (at == std::string_view::npos || at == 0) continue;
        const auto rest = w.substr(at + unit.size());
        plural = rest == "s";
        return rest.empty() || plural;
    }
    return false;
}

// The largest count of people read (a list's sum too); counts stay far from int's limits.
constexpr int k_max_count = 100000;

// The most casualty statements read in one clause.
constexpr std::size_t k_clause_statements = 32;

// How far into its sentence, before and after, a clause's statements may reach (words).
constexpr std::size_t k_sentence_reach = 80;

class Reader {
public:
    Reader(const Article& a, const Clause& c) : m_a(a), m_r(a.rules), T(a.tokens), m_c(c) {
        // The clause's sentence: statements may reach back into it for the people counted.
        // (Within k_sentence_reach words of the clause, so that a "sentence" of a million
        // commas is read in linear time.)
        m_sentence_first = c.first;
        while (m_sentence_first > 0 && !T[m_sentence_first].sentence_start &&
               c.first - m_sentence_first < k_sentence_reach)
            --m_sentence_first;
        m_sentence_end = c.end;
        while (m_sentence_end < T.size() && !T[m_sentence_end].sentence_start &&
               m_sentence_end - c.end < k_sentence_reach)
            ++m_sentence_end;
    }

    void read(std::vector<Casualty>& out) {
        // "More than a dozen people have died in shootings this year": counts of many events.
        for (std::size_t i = m_sentence_first; i < m_sentence_end; ++i)
            if (match_any(T, i, m_sentence_end, m_r.statistics)) return;
        // (A clause tells of a few groups of people; one that goes on past k_clause_statements
        // is not read for more.)
        for (std::size_t i = m_c.first; i < m_c.end && out.size() < k_clause_statements; ++i) {
            std::size_t last = i;
            const auto what = outcome_at(i, last);
            if (!what) continue;
            if (auto s = statement(i, last, *what)) out.push_back(*s);
            i = last;
        }
    }

private:
    const Article& m_a;
    const Rules::Data& m_r;
    const std::vector<Token>& T;
    const Clause& m_c;
    std::size_t m_sentence_first = 0, m_sentence_end = 0;

    bool word_in(std::size_t k, const std::set<std::string, std::less<>>& set) const {
        return k < T.size() && set.contains(T[k].lower);
    }
    bool is(std::size_t k, std::string_view w) const { return k < T.size() && T[k].lower == w; }

    // The outcome word or phrase at token i ("killed", "shot to death", "in critical
    // condition", "fatally shot"); `last` is set to its last token.
    std::optional<outcome> outcome_at(std::size_t i, std::size_t& last) const {
        if (const std::size_t n = match_any(T, i, m_c.end, m_r.killed_phrases)) {
            last = i + n - 1;
            return outcome::killed;
        }
        if (const std::size_t n = match_any(T, i, m_c.end, m_r.injured_phrases)) {
            last = i + n - 1;
            return outcome::injured;
        }
        if (is(i, "fatally") || is(i, "mortally")) {
            if (i + 1 < m_c.end &&
                (word_in(i + 1, m_r.hit_words) || word_in(i + 1, m_r.injured_words)))
                last = i + 1;
            return outcome::killed;
        }
        if (word_in(i, m_r.killed_words)) return outcome::killed;
        // "the shooting death of a 19-year-old woman", "four slayings"
        // "Good's death"
        if (word_in(i, m_r.killed_nouns) &&
            (is(i + 1, "of") || (i > m_c.first && count_at(i - 1) && T[i - 1].lower != "a") ||
             (i > 0 && possessive_after(m_a.text, T[i - 1]) && !T[i].lower.ends_with("s"))))
            return outcome::killed;
        if (word_in(i, m_r.injured_words)) return outcome::injured;
        // A gerund with the people it hit: "charged with shooting eight people", "stabbing a
        // woman" (but "the shooting" alone is the event).
        if ((is(i, "shooting") || is(i, "stabbing")) &&
            (count_word(i + 1) ||
             ((is(i + 1, "a") || is(i + 1, "an")) && word_in(i + 2, m_r.people_one))))
            return outcome::hit;
        if (word_in(i, m_r.hit_words)) {
            // "fired and shot at a car", "hit back": no one was hit; but "was shot at a
            // party" tells where.
            // ("4 shot at bar": the people counted were hit.)
            if (i + 1 < T.size() &&
                (is(i + 1, "at") || is(i + 1, "into") || is(i + 1, "up") || is(i + 1, "back")) &&
                !(i > 0 && (is_aux(i - 1) || count_at(i - 1))))
                return std::nullopt;
            return outcome::hit;
        }
        return std::nullopt;
    }

    // A count word at k: digits or a number word, not a clock time, a measure or a year.
    std::optional<int> count_at(std::size_t k) const {
        const auto n = number_word(m_r, T[k]);
        if (!n) return std::nullopt;
        if (k + 1 < T.size()) {
            const auto& next = T[k + 1].lower;
            if (next == "a.m" || next == "p.m" || next == "am" || next == "pm" ||
                next == "percent" || next == "o'clock" || m_r.units_m.contains(next))
                return std::nullopt;
        }
        if (T[k].begin > 0 && (m_a.text[T[k].begin - 1] == ':' || m_a.text[T[k].begin - 1] == '$'))
            return std::nullopt;
        if (is_year(T[k]) && *n >= 1800) return std::nullopt;
        // No event counts a million people: such a number is of something else.
        if (*n > k_max_count) return std::nullopt;
        // "March 26": a day of a month.
        if (k > 0 && month_of(T[k - 1].lower) && T[k - 1].capitalised && all_digits(T[k].lower))
            return std::nullopt;
        return n;
    }

    // One group of people starting at token k (not past `end`), without coordination.
    std::optional<Group> simple_group(std::size_t k, std::size_t end) const {
        if (k >= end) return std::nullopt;
        const std::string& w = T[k].lower;
        // "her", "his", "their" before people are determiners ("her husband").
        const bool determiner =
            (w == "her" || w == "his" || w == "their") && people_within(k + 1, end);
        if (!determiner && (w == "him" || w == "her" || w == "himself" || w == "herself" ||
                            w == "he" || w == "she"))
            return Group{k, k, 1, false, false};
        if (w == "them" || w == "they" || w == "themselves") return Group{k, k, {}, true, false};
        std::optional<int> count;
        bool counted = false;
        std::size_t i = k;
        if (w == "both") {
            count = 2, counted = true, ++i;
            if (is(i, "of") && (is(i + 1, "them") || is(i + 1, "the")))
                return Group{k, is(i + 1, "them") ? i + 1 : i, 2, true, false};
        } else if (w == "all" && i + 1 < end && count_at(i + 1)) {
            count = count_at(i + 1), counted = true, i += 2;
        } else if ((w == "a" && (is(i + 1, "couple") || is(i + 1, "pair")) && is(i + 2, "of"))) {
            count = 2, counted = true, i += 3;
        } else if (w == "another") {
            count = 1, counted = true, ++i;
        } else if (const auto n = count_at(k)) {
            count = n, counted = true, ++i;
            if (is(i, "other") || is(i, "more") || is(i, "additional")) ++i;
            // "one of the victims", "two of them": the count, to the end of the people named.
            if (is(i, "of") && (is(i + 1, "the") || is(i + 1, "them") || is(i + 1, "those"))) {
                std::size_t e = is(i + 1, "them") ? i + 1 : i;
                for (std::size_t x = i + 2; x < end && x <= i + 5 && !is(i + 1, "them"); ++x)
                    if (m_r.people_one.contains(T[x].lower) ||
                        m_r.people_many.contains(T[x].lower)) {
                        e = x;
                        break;
                    }
                return Group{k, e, count, *count != 1, false};
            }
        } else if (w == "the" || w == "his" || w == "her" || w == "their" || w == "its") {
            ++i;
            // "the other five": five.
            if ((is(i, "other") || is(i, "remaining")) && i + 1 < end)
                if (const auto other = count_at(i + 1))
                    return Group{k, i + 1, other, *other != 1, false};
        } else if (T[k].capitalised && m_a.mention_at[k] == k_none &&
                   // (At a sentence's start, a name is no English word: "Williams and Harber
                   // were killed", not "Police said".)
                   (!T[k].sentence_start || !Lexicon::builtin().is_word(w)) &&
                   !m_a.title_case[T[k].line] && !m_r.prepositions.contains(w) &&
                   !m_r.numbers.contains(w) && !m_r.people_one.contains(w) &&
                   !m_r.people_many.contains(w) && !month_of(w) && !is_weekday(w)) {
            // A person's name: "shot Milner", "Milner and three others".
            std::size_t e = k;
            while (e + 1 < end && T[e + 1].capitalised && !T[e].comma_after &&
                   m_a.mention_at[e + 1] == k_none)
                ++e;
            return Group{k, e, 1, false, false, true};
        }
        // Up to four words before the noun ("12-year-old", "unidentified", "young").
        for (std::size_t n = 0; i < end && n <= 4; ++i, ++n) {
            const std::string& x = T[i].lower;
            bool plural = false;
            // "two sheriff's deputies", "a sheriff deputy": the last of the people words.
            if ((m_r.people_one.contains(x) || m_r.people_many.contains(x)) && i + 1 < end &&
                !T[i].comma_after &&
                (m_r.people_one.contains(T[i + 1].lower) ||
                 m_r.people_many.contains(T[i + 1].lower)))
                continue;
            if (m_r.people_one.contains(x))
                return Group{k, i, count.value_or(1), false, m_r.suspect_words.contains(x)};
            if (m_r.people_many.contains(x) || x == "others")
                return Group{k, i, count, true, m_r.suspect_words.contains(x)};
            if (is_age_noun(x, plural)) {
                // "a 12-year-old boy": the noun, if one follows.
                if (i + 1 < end && (m_r.people_one.contains(T[i + 1].lower) ||
                                    m_r.people_many.contains(T[i + 1].lower)))
                    continue;
                return Group{k, i, plural ? count : std::optional<int>(count.value_or(1)), plural,
                             false};
            }
            // (Nor past a verb or another determiner: "59, shot his son" counts no one.)
            std::size_t ignored = 0;
            if (T[i].comma_after || x == "and" || x == "or" || x == "of" || x == "in" ||
                x == "at" || x == "on" || x == "by" || x == "was" || x == "were" || x == "who" ||
                x == "the" || x == "his" || x == "her" || x == "their" || x == "its" ||
                x == "after" || x == "before" || x == "when" || x == "while" || x == "during" ||
                x == "following" || x == "since" || x == "because" || x == "that" ||
                number_word(m_r, T[i]) || outcome_at(i, ignored) ||
                (i == k + 1 && T[k].comma_after))
                break;
        }
        // A bare count: "wounding three", "1 dead" - not "a", nor an age ("Williams, 20"), nor a
        // calibre (".223"), nor beyond the tolls of single events without a noun.
        if (counted && count && w != "a" && w != "an" && !is_age(k) && *count <= k_bare_count_max &&
            !(T[k].begin > 0 && m_a.text[T[k].begin - 1] == '.'))
            return Group{k, k, count, *count != 1, false};
        return std::nullopt;
    }

    // A group with its coordinated parts: "two men and a woman", "A, B, and C", "he and three
    // others", "seven residents and a nurse".
    std::optional<Group> group_at(std::size_t k, std::size_t end) const {
        auto g = simple_group(k, end);
        if (!g) return std::nullopt;
        // The group as it stands before a list after a comma that no "and" closes: "The
        // victim, Malijha Grant, died" is one person, an apposition.
        Group before_list = *g;
        bool open_list = false;
        const Group head = *g;
        int rest = 0;  // the people the parts after the first count
        bool rest_counted = true, comma_first = false, numbered = count_word(head.first);
        std::size_t parts = 0;
        for (;;) {
            std::size_t next = g->last + 1;
            // An age in a list of people ("Joshua Williams, 20, and Josh Harber, 19"): skipped.
            if (T[g->last].comma_after && next < end && is_age(next)) {
                g->last = next;
                continue;
            }
            bool and_join = false;
            if (T[g->last].comma_after) {
                if (is(next, "and")) ++next, and_join = true;
            } else if (is(next, "and")) {
                ++next, and_join = true;
            } else {
                break;
            }
            if (next >= end || T[next].sentence_start) break;
            // "killing seven residents and wounding three": a new statement, not a part.
            std::size_t ignored = 0;
            if (outcome_at(next, ignored)) break;
            const auto part = simple_group(next, end);
            if (!part || (part->count && !g->count && !g->plural)) break;
            // A list goes on with parts of its kind: names with names, counted people with
            // counted people ("killing both women, Roy said" is two).
            if (part->name != g->name && !and_join) break;
            // A bare count after a comma is an age ("a girl, 15,").
            if (part->first == part->last && number_word(m_r, T[part->first]) &&
                T[g->last].comma_after)
                break;
            if (!and_join && !open_list) {
                before_list = *g;
                open_list = true;
            }
            if (and_join) open_list = false;
            if (parts++ == 0) comma_first = !and_join;
            rest += part->count.value_or(0);
            rest_counted = rest_counted && part->count.has_value();
            numbered = numbered && count_word(part->first);
            g->last = part->last;
            g->count = g->count && part->count && *g->count + *part->count <= k_max_count
                           ? std::optional<int>(*g->count + *part->count)
                           : std::nullopt;
            g->plural = true;
            g->suspect = g->suspect && part->suspect;
        }
        // "Three people, two men and a woman": the people restated, three. (But "Two men, a
        // woman and a child" are four.)
        if (comma_first && head.count && rest_counted && *head.count == rest &&
            std::any_of(T.begin() + static_cast<std::ptrdiff_t>(head.first),
                        T.begin() + static_cast<std::ptrdiff_t>(head.last) + 1,
                        [&](const Token& t) { return m_r.people_general.contains(t.lower); })) {
            g->count = head.count;
            return g;
        }
        // A list after a comma that no "and" closes is an apposition ("Four teens, the
        // 12-year-old ..."), unless every part is counted by a number, as headlines list
        // people: "2 Girls, 2 Men Shot".
        if (open_list && !numbered) return before_list;
        return g;
    }

    // Whether token k is a number word or digits ("two", "2"), not "a" or "the".
    bool count_word(std::size_t k) const {
        return k < T.size() && !is(k, "a") && !is(k, "an") && number_word(m_r, T[k]).has_value();
    }

    // A bare number after a comma, before a comma, "and" or the end: an age ("Williams, 20,");
    // or in a range of ages ("ages 11 to 15").
    bool is_age(std::size_t k) const {
        if (k == 0 || !number_word(m_r, T[k]) || !all_digits(T[k].lower)) return false;
        if (is(k - 1, "ages") || is(k - 1, "aged") || is(k - 1, "age") || is(k - 1, "to") ||
            is(k - 1, "between"))
            return true;
        // "ages 14 and 28"
        if (k >= 3 && is(k - 1, "and") && all_digits(T[k - 2].lower) &&
            (is(k - 3, "ages") || is(k - 3, "aged")))
            return true;
        if (!T[k - 1].comma_after) return false;
        // After a name ("Carlos Navarro Franco, 68"), whatever follows (not in a Title Case
        // headline: "4 Shot, 1 Killed").
        if (T[k - 1].capitalised && !T[k - 1].sentence_start && !m_a.title_case[T[k].line])
            return true;
        return T[k].comma_after || k + 1 >= T.size() || T[k + 1].sentence_start ||
               is(k + 1, "and") || is(k + 1, "were") || is(k + 1, "was");
    }

    // A noun for people within the next three words ("her 17-month-old son").
    bool people_within(std::size_t k, std::size_t end) const {
        bool plural = false;
        for (std::size_t i = k; i < end && i < k + 3; ++i)
            if (m_r.people_one.contains(T[i].lower) || m_r.people_many.contains(T[i].lower) ||
                is_age_noun(T[i].lower, plural))
                return true;
        return false;
    }

    // The longest group that ends at token j, starting at or after `from`.
    std::optional<Group> group_ending(std::size_t j, std::size_t from) const {
        for (std::size_t s = j >= from + 12 ? j - 12 : from; s <= j; ++s) {
            const auto g = group_at(s, j + 1);
            if (g && g->last == j) return g;
        }
        return std::nullopt;
    }

    // The statement counts the group: how many, whether they are suspects, whether they are
    // others than those told of before ("another man"), and their noun.
    void take(Casualty& s, const Group& g) const {
        s.count = g.count.value_or(0);
        s.suspect = g.suspect;
        // (Up to four words before the people: "The second victim, a child, was taken", and
        // between them and the outcome: "were also shot".)
        const std::size_t from = std::max(m_sentence_first, g.first >= 4 ? g.first - 4 : 0);
        for (std::size_t k = from; k <= std::max(g.last, s.last); ++k) {
            if (k > g.last && k < s.first) continue;
            if (is(k, "also") && k > g.last) s.other = true;
            const std::string& x = T[k].lower;
            if (x == "another" || x == "other" || x == "others" || x == "second" || x == "third" ||
                x == "additional" || x == "more")
                s.other = true;
            if (m_r.people_one.contains(x) || m_r.people_many.contains(x)) s.noun = x;
        }
    }

    bool is_aux(std::size_t k) const { return word_in(k, m_r.auxiliaries); }
    bool singular_aux(std::size_t k) const { return is(k, "was") || is(k, "is") || is(k, "has"); }
    bool plural_aux(std::size_t k) const { return is(k, "were") || is(k, "are") || is(k, "have"); }

    std::optional<Casualty> statement(std::size_t i, std::size_t last, outcome what) const {
        Casualty s;
        s.first = i;
        s.last = last;
        s.what = what;
        const std::size_t from = m_c.first;
        // "No one was hurt", "was not injured", "no injuries" - but "no one else was hurt" adds
        // nobody, and "not seriously hurt" is hurt.
        for (std::size_t k = i; k-- > from && k + 5 >= i;) {
            const std::string& x = T[k].lower;
            if (x == "else") return std::nullopt;
            if (x == "no" || x == "not" || x == "nobody" || x == "none" || x == "never" ||
                x == "without") {
                if (x == "not" && k + 1 < i && word_in(k + 1, m_r.degree_words)) break;
                s.none = true;
                s.count = 0;
                s.first = k;
                return s;
            }
        }
        if (is(i + 1, "no") || (is(i + 1, "was") && is(i + 2, "no"))) return std::nullopt;
        // Wounds are no people: "two gunshot wounds"; and "died from a gunshot wound" tells how
        // someone died, not that someone was hurt.
        if (what == outcome::injured && (is(i, "gunshot") || is(i, "graze"))) {
            if (i > m_c.first && count_at(i - 1) && !is(i - 1, "a") && !is(i - 1, "an"))
                return std::nullopt;
            for (std::size_t k = i; k-- > m_c.first && k + 6 >= i;)
                if (word_in(k, m_r.killed_words)) return std::nullopt;
        }
        for (std::size_t k = i; k-- > from && k + 4 >= i;)
            if (word_in(k, m_r.later_words)) s.later = true;
        if (what == outcome::killed && (match_any(T, last + 1, m_c.end, m_r.later_phrases) ||
                                        match_any(T, i, m_c.end, m_r.transitions)))
            s.later = true;
        // "was shot and is in stable condition": hurt, and alive - no one who died.
        if (what != outcome::killed)
            for (std::size_t k = last + 1; k < m_sentence_end && k <= last + 12 && !s.survived; ++k)
                s.survived = match_any(T, k, m_sentence_end, m_r.survival) > 0;
        // An active verb with its object: "killing seven residents and a nurse", "shot and
        // wounded two people", "fatally shot a teen", "killed her".
        const std::string& w = T[last].lower;
        // (Or a verb in the present, as headlines tell: "Bullet grazes teen", "Man shoots wife".)
        const bool participle = w.ends_with("ed") || w.ends_with("ing") || w == "shot" ||
                                w == "hit" || w == "struck" || w == "slain" ||
                                (w.ends_with("s") && w != "dies");
        std::size_t k = i;
        bool passive = false;
        // Back over the chain of outcome words and adverbs ("were shot and killed") to an
        // auxiliary: a passive or a predicate, whose subject comes before.
        while (k > m_sentence_first) {
            const std::size_t p = k - 1;
            std::size_t ignored = 0;
            if (is(p, "and") || word_in(p, m_r.degree_words) || word_in(p, m_r.later_words) ||
                is(p, "also") || is(p, "reportedly") || is(p, "both") || is(p, "all") ||
                is(p, "listed") || is(p, "in") || is(p, "critically") || outcome_at(p, ignored)) {
                k = p;
                continue;
            }
            passive = is_aux(p);
            if (passive) k = p;
            break;
        }
        // "Good's death": one person's.
        if (word_in(last, m_r.killed_nouns) && i > 0 && possessive_after(m_a.text, T[i - 1]) &&
            !T[i].lower.ends_with("s")) {
            s.first = i - 1;
            s.count = 1;
            return s;
        }
        // "four slayings", "two deaths": as many killed.
        if (word_in(last, m_r.killed_nouns) && !is(last + 1, "of") && i > m_c.first &&
            !is(i - 1, "a"))
            if (const auto n = count_at(i - 1)) {
                s.first = i - 1;
                s.count = *n;
                return s;
            }
        // "the death of a 19-year-old woman", "the killing of two men": the people after "of".
        if (word_in(last, m_r.killed_nouns) && is(last + 1, "of")) {
            const auto g = group_at(last + 2, m_sentence_end);
            if (!g || !g->count) return std::nullopt;
            take(s, *g);
            s.last = g->last;
            return s;
        }
        // "a wounded man", "two injured officers": the participle describes the people.
        if (i > m_sentence_first &&
            (is(i - 1, "a") || is(i - 1, "an") || is(i - 1, "the") || count_at(i - 1))) {
            if (const auto g = group_at(i - 1, m_sentence_end); g && g->last > i && g->count) {
                s.first = g->first;
                s.last = g->last;
                take(s, *g);
                return s;
            }
        }
        if (participle && !passive && (i == m_c.first || !is_aux(i - 1)) && !T[last].comma_after) {
            // Active: an object after the verb (and the verbs chained to it).
            std::size_t o = last + 1;
            while (o < m_sentence_end) {
                std::size_t e = o;
                if (is(o, "and") || word_in(o, m_r.degree_words) || is(o, "to") || is(o, "death") ||
                    is(o, "dead")) {
                    ++o;
                    continue;
                }
                if (outcome_at(o, e)) {
                    o = e + 1;
                    continue;
                }
                break;
            }
            if (const auto g = group_at(o, m_sentence_end);
                g && g->first == o && w != "dead" && w != "died") {
                take(s, *g);
                s.last = std::max(s.last, g->last);
                if (g->count) return s;
                return std::nullopt;
            }
        }
        // "1 dead", "three men dead", "one person killed", "Four teens ... were shot": the
        // subject before, agreeing in number with the auxiliary.
        const bool sing = passive && singular_aux(k);
        const bool plur = passive && plural_aux(k);
        // (Before the chain of outcome words and adverbs: "One of them later died"; before the
        // words that lead to a wound: "a girl suffering from a gunshot wound".)
        std::size_t subject_end = k;
        if (what == outcome::injured && !passive)
            while (subject_end > m_sentence_first && word_in(subject_end - 1, m_r.wound_leads) &&
                   subject_end + 6 > i)
                --subject_end;
        // "A baby girl is recovering from being shot": the subject of a gerund after a
        // preposition is the sentence's.
        if (is(k, "being") && k > m_sentence_first &&
            (is(k - 1, "from") || is(k - 1, "after") || is(k - 1, "before") || is(k - 1, "since") ||
             is(k - 1, "for") || is(k - 1, "while"))) {
            // The people before the sentence's verb: "Three juveniles are recovering after
            // being hit".
            for (std::size_t j = k - 1; j-- > m_sentence_first && j + 10 >= k;)
                if (is_aux(j + 1) || is(j + 1, "remains") || is(j + 1, "remain"))
                    if (const auto g = group_ending(j, m_sentence_first); g && g->count) {
                        take(s, *g);
                        s.first = g->first;
                        return s;
                    }
            if (const auto g = group_at(m_sentence_first, k); g && g->count) {
                take(s, *g);
                s.first = g->first;
                return s;
            }
        }
        for (std::size_t j = subject_end; j-- > m_sentence_first && j + 16 >= subject_end;) {
            // (A participle's subject is the sentence's: "a teenager on life support after
            // being shot".)
            if ((is(j, "after") || is(j, "when") || is(j, "while")) && !is(k, "being")) break;
            if (is(j, "because") || is(j, "said") || is(j, "says")) break;
            const auto g = group_ending(j, m_sentence_first);
            if (!g) continue;
            if (sing && g->plural) continue;
            if (plur && !g->plural && g->count.value_or(2) < 2) continue;
            // The subject is right before the verb, before an apposition ("Four teens, the
            // 12-year-old was the youngest, were shot") or before a phrase of place ("Two
            // people in a vehicle were shot").
            if (j + 1 != subject_end && !T[j].comma_after && !word_in(j + 1, m_r.prepositions))
                continue;
            if (!g->count) return std::nullopt;
            take(s, *g);
            s.first = g->first;
            return s;
        }
        // "A man was shot and killed": a/an before the auxiliary's subject is counted above;
        // a name or a pronoun as subject is one person.
        if (sing) {
            s.count = 1;
            return s;
        }
        return std::nullopt;
    }
};

}  // namespace

void find_casualties(const Article& a, Clause& c) {
    Reader(a, c).read(c.casualties);
}

namespace {

// Nouns that say a person's sex: a man and a woman told of are two people.
int sex_of(std::string_view noun) {
    static const std::set<std::string, std::less<>> male{
        "man",         "men",        "boy",      "boys",      "son",   "sons",   "father",
        "husband",     "brother",    "brothers", "boyfriend", "uncle", "nephew", "grandson",
        "grandfather", "stepfather", "stepson",  "dad",       "male",  "males"};
    static const std::set<std::string, std::less<>> female{
        "woman",        "women",  "girl",   "girls",         "daughter",
        "daughters",    "mother", "wife",   "sister",        "sisters",
        "girlfriend",   "aunt",   "niece",  "granddaughter", "grandmother",
        "stepdaughter", "mom",    "female", "females"};
    return male.contains(noun) ? 1 : female.contains(noun) ? 2 : 0;
}

}  // namespace

namespace {

// An event that killed: a killing, or "a fatal shooting", "a deadly stabbing".
bool fatal_event(const Article& a, const Clause& c, const Trigger& tr) {
    return !tr.background &&
           (a.rules.events[tr.event].fatal ||
            (tr.first > c.first && a.rules.fatal_modifiers.contains(a.tokens[tr.first - 1].lower)));
}

Toll rule_toll(const Article& a, const std::vector<std::size_t>& clauses) {
    std::optional<int> killed, injured, hit;
    int killed_none = 0, hit_apart = 0;  // hit_apart: people hit told apart from the dead
    bool later = false, fatal = false, any = false;
    Toll t;
    const auto raise = [](std::optional<int>& slot, int n) {
        slot = std::max(slot.value_or(0), n);
    };
    std::vector<std::pair<std::size_t, const Casualty*>> hurt, dead;  // (clause, statement)
    for (const std::size_t ci : clauses) {
        const Clause& c = a.clauses[ci];
        for (const auto& tr : c.triggers)
            if (fatal_event(a, c, tr)) fatal = true;
        for (const auto& s : c.casualties) {
            any = true;
            t.suspect = t.suspect || s.suspect;
            later = later || s.later;
            if (s.none) {
                if (s.what == outcome::killed)
                    ++killed_none;
                else if (!injured)
                    injured = 0;
                continue;
            }
            switch (s.what) {
                case outcome::killed:
                    raise(killed, s.count);
                    dead.emplace_back(ci, &s);
                    break;
                case outcome::injured:
                    raise(injured, s.count);
                    hurt.emplace_back(ci, &s);
                    break;
                case outcome::hit:
                    raise(hit, s.count);
                    if (s.survived) hit_apart = std::max(hit_apart, s.count);
                    hurt.emplace_back(ci, &s);
                    break;
            }
        }
    }
    if (!any && !fatal) return t;
    if (!killed && killed_none > 0) killed = 0;
    // Are the people told of as hurt the ones who died? "A woman was taken to the hospital with
    // a gunshot wound, where she died" is one person; "one killed, one hurt", "another man was
    // wounded" and "a man and a woman" are two. The hurt are the dead when a death came later
    // ("later died", "was pronounced dead") or every statement counts one person of one sex, and
    // no statement of the hurt is of others, counts more than died, or shares a clause with a
    // death.
    bool same = false;
    if (killed && *killed > 0 && !hurt.empty()) {
        bool distinct = false;
        int sexes = 0;
        bool singular = *killed == 1;
        for (const auto& [ci, s] : hurt) {
            distinct = distinct || s->other || s->survived || s->count > *killed;
            // (Nor are an officer shot and a suspect killed the same; nor two groups in one
            // clause, "one killed, one hurt" - but one group is: "he and his son dead from
            // gunshot wounds".)
            for (const auto& [cj, d] : dead)
                distinct =
                    distinct || (cj == ci && d->first != s->first) || d->suspect != s->suspect;
            singular = singular && s->count <= 1;
        }
        for (const auto* list : {&hurt, &dead})
            for (const auto& [ci, s] : *list)
                if (const int sex = sex_of(s->noun); sex != 0) sexes |= sex;
        same = !distinct && (later || (singular && sexes != 3));
    }
    if (same) {
        injured = std::max(0, std::max(injured.value_or(0), hit.value_or(0)) - *killed);
    } else if (hit && *hit > injured.value_or(0) + killed.value_or(0)) {
        // "Four people were shot, one fatally": the others were injured.
        injured = *hit - killed.value_or(0);
    } else if (hit_apart > injured.value_or(0)) {
        // "Three were killed; her son was shot and is in stable condition": he is hurt.
        injured = hit_apart;
    }
    if (!killed && (injured || hit || fatal)) {
        // The people hurt are counted and nobody is said to have died; a fatal event told
        // without any count ("a fatal shooting") killed one at least.
        killed = fatal && !injured && !hit ? 1 : 0;
    }
    if (!injured && killed) injured = 0;
    t.killed = killed;
    t.injured = injured;
    return t;
}

constexpr std::array<std::string_view, 14> k_killed_features{
    "zero",   "one",     "many",  "statements_log", "in_title",    "in_lead",     "in_event",
    "is_max", "is_rule", "later", "suspect",        "fatal_event", "none_stated", "hurt_stated"};
constexpr std::array<std::string_view, 15> k_injured_features{
    "zero",     "one",     "many",        "injured_statements_log", "hit_statements_log",
    "in_title", "in_lead", "in_event",    "is_max_injured",         "is_max_hit",
    "derived",  "is_rule", "none_stated", "killed_stated",          "later"};

// Where a statement is: in the headline, in the lead, in a clause of the event.
struct Where {
    bool title = false, lead = false, event = false;
};

}  // namespace

std::span<const std::string_view> killed_features() {
    return k_killed_features;
}
std::span<const std::string_view> injured_features() {
    return k_injured_features;
}

Toll toll_of(const Article& a, const std::vector<std::size_t>& clauses, const LinearModel& killed,
             const LinearModel& injured) {
    Toll t = rule_toll(a, clauses);
    if (!t.killed && !t.injured) return t;  // nothing is counted: unknown, not 0
    const std::size_t lead = a.lead_line();
    // The statements, with where they are.
    struct Said {
        const Casualty* s;
        Where w;
    };
    std::vector<Said> said;
    bool fatal = false;
    for (const std::size_t ci : clauses) {
        const Clause& c = a.clauses[ci];
        const bool event = std::any_of(c.triggers.begin(), c.triggers.end(),
                                       [](const Trigger& tr) { return !tr.background; });
        for (const auto& tr : c.triggers)
            if (fatal_event(a, c, tr)) fatal = true;
        for (const auto& st : c.casualties)
            said.push_back({&st, {a.in_title(st.first), a.tokens[st.first].line == lead, event}});
    }
    const auto max_of = [&](outcome o) {
        int m = -1;
        for (const auto& x : said)
            if (x.s->what == o && !x.s->none) m = std::max(m, x.s->count);
        return m;
    };
    const int max_killed = max_of(outcome::killed), max_injured = max_of(outcome::injured),
              max_hit = max_of(outcome::hit);
    const auto any_none = [&](bool dead) {
        return std::any_of(said.begin(), said.end(), [&](const Said& x) {
            return x.s->none && (x.s->what == outcome::killed) == dead;
        });
    };
    const bool later =
        std::any_of(said.begin(), said.end(), [](const Said& x) { return x.s->later; });
    const auto log2_of = [](int n) { return std::log2(1.0 + n); };
    const auto base = [](std::vector<double>& x, int v) {
        x[0] = v == 0 ? 1 : 0;
        x[1] = v == 1 ? 1 : 0;
        x[2] = v >= 4 ? 1 : 0;
    };
    // Killed: 0, each count of a death, and one for a fatal event.
    std::set<int> values{0};
    if (t.killed) values.insert(*t.killed);
    for (const auto& x : said)
        if (x.s->what == outcome::killed && !x.s->none) values.insert(x.s->count);
    if (fatal) values.insert(1);
    for (const int v : values) {
        CountCandidate c;
        c.value = v;
        c.x.assign(k_killed_features.size(), 0.0);
        base(c.x, v);
        int n = 0;
        for (const auto& x : said) {
            if (x.s->what != outcome::killed || x.s->none || x.s->count != v) continue;
            ++n;
            if (x.w.title) c.x[4] = 1;
            if (x.w.lead) c.x[5] = 1;
            if (x.w.event) c.x[6] = 1;
            if (x.s->later) c.x[9] = 1;
            if (x.s->suspect) c.x[10] = 1;
        }
        c.x[3] = log2_of(n);
        c.x[7] = v == max_killed ? 1 : 0;
        c.x[8] = t.killed && v == *t.killed ? 1 : 0;
        c.x[11] = fatal ? 1 : 0;
        c.x[12] = v == 0 && any_none(true) ? 1 : 0;
        c.x[13] = max_injured >= 0 || max_hit >= 0 ? 1 : 0;
        c.score = killed.score(c.x);
        t.killed_candidates.push_back(std::move(c));
    }
    // Injured: 0, each count of the hurt, and those less the rule's dead.
    values = {0};
    if (t.injured) values.insert(*t.injured);
    const int dead = t.killed.value_or(0);
    for (const auto& x : said) {
        if (x.s->none || x.s->what == outcome::killed) continue;
        values.insert(x.s->count);
        if (x.s->count >= dead) values.insert(x.s->count - dead);
    }
    for (const int v : values) {
        CountCandidate c;
        c.value = v;
        c.x.assign(k_injured_features.size(), 0.0);
        base(c.x, v);
        int ni = 0, nh = 0;
        for (const auto& x : said) {
            if (x.s->none || x.s->what == outcome::killed) continue;
            if (x.s->count == v) {
                (x.s->what == outcome::injured ? ni : nh) += 1;
                if (x.w.title) c.x[5] = 1;
                if (x.w.lead) c.x[6] = 1;
                if (x.w.event) c.x[7] = 1;
            }
            if (dead > 0 && x.s->count - dead == v) c.x[10] = 1;
        }
        c.x[3] = log2_of(ni);
        c.x[4] = log2_of(nh);
        c.x[8] = v == max_injured ? 1 : 0;
        c.x[9] = v == max_hit ? 1 : 0;
        c.x[11] = t.injured && v == *t.injured ? 1 : 0;
        c.x[12] = v == 0 && any_none(false) ? 1 : 0;
        c.x[13] = max_killed >= 0 ? 1 : 0;
        c.x[14] = later ? 1 : 0;
        c.score = injured.score(c.x);
        t.injured_candidates.push_back(std::move(c));
    }
    const auto best = [](std::vector<CountCandidate>& v) {
        std::stable_sort(v.begin(), v.end(), [](const CountCandidate& p, const CountCandidate& q) {
            return p.score > q.score;
        });
        return v.front().value;
    };
    const int k = best(t.killed_candidates), i = best(t.injured_candidates);
    t.killed = k;
    t.injured = i;
    return t;
}

}  // namespace incidentmap::extract::detail
