// Which lines of a news page are the article: the headline (without the site's name after
// it) and the paragraphs, not the page's boilerplate ("You must enter the characters ...",
// "Read or Share this story", menus, photo credits, comment sections). And whether the text
// reads as English at all.

#include <algorithm>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>

#include "article.hpp"

namespace incidentmap::extract::detail {

namespace {

// A line of more words than this is a paragraph, whatever phrase it holds.
constexpr std::size_t k_boilerplate_max_words = 40;
// English function words: a text of this many words or more, with fewer of them than the
// share below, is not English.
constexpr std::size_t k_language_min_words = 40;
constexpr double k_english_min_share = 0.08;

bool function_word(std::string_view w) {
    static const std::set<std::string, std::less<>> words{
        "the", "a",    "an",  "of", "to",   "in",  "and",  "was",  "is",  "were", "for",  "on",
        "at",  "with", "by",  "he", "she",  "it",  "that", "from", "his", "her",  "said", "are",
        "has", "have", "had", "be", "been", "not", "but",  "or",   "as",  "this", "they", "who"};
    return words.contains(w);
}

bool ends_sentence(std::string_view text, const Token& last) {
    const auto rest = text.substr(last.end, 4);
    return !rest.empty() && (rest[0] == '.' || rest[0] == '!' || rest[0] == '?' || rest[0] == '"' ||
                             rest.starts_with("\xE2\x80\x9D"));
}

}  // namespace

void find_content(Article& a) {
    const auto& T = a.tokens;
    const auto& rules = a.rules;
    if (T.empty()) return;
    const std::size_t lines = T.back().line + 1;
    a.content_line.assign(lines, true);
    a.title_case = title_case_lines(T);
    // Each line's tokens [first, end).
    std::vector<std::size_t> first(lines + 1, T.size());
    for (std::size_t i = T.size(); i-- > 0;) first[T[i].line] = i;
    for (std::size_t l = lines; l-- > 0;)
        if (first[l] == T.size()) first[l] = first[l + 1];
    const auto end_of = [&](std::size_t l) { return l + 1 < lines ? first[l + 1] : T.size(); };
    // The headline: a first line of a few words that does not end a sentence.
    {
        const std::size_t n = end_of(0) - first[0];
        if (n <= 30 && lines > 1 && !ends_sentence(a.text, T[end_of(0) - 1])) a.title_lines = 1;
    }
    // The site's name after the headline ("... :: WRAL.com", "... - KMOV.com"): words after
    // the last " - ", " | ", " :: " or dash, when they are few.
    if (a.title_lines == 1) {
        const std::size_t e = end_of(0);
        for (std::size_t i = e; i-- > first[0] + 1;) {
            const auto gap = a.text.substr(T[i - 1].end, T[i].begin - T[i - 1].end);
            const bool separator = gap == " - " || gap == " | " || gap == " :: " ||
                                   gap == " \xE2\x80\x93 " || gap == " \xE2\x80\x94 " ||
                                   gap == " // ";
            if (!separator) continue;
            if (e - i <= 6) a.title_cut = T[i].begin;
            break;
        }
    }
    std::size_t content_lines = 0;
    for (std::size_t l = 0; l < lines; ++l) {
        const std::size_t b = first[l], e = end_of(l);
        if (b >= e) continue;
        const std::size_t n = e - b;
        bool boiler = false;
        if (n <= k_boilerplate_max_words)
            for (std::size_t i = b; i < e && !boiler; ++i)
                boiler = match_any(T, i, e, rules.boilerplate) > 0;
        // Everything after a comment section's or a list of links' heading is the page's.
        if (n <= 4 && content_lines >= 2) {
            bool marker = false;
            for (const auto& p : rules.end_markers)
                marker = marker || (p.size() == n && matches(T, b, e, p));
            if (marker) {
                for (std::size_t k = l; k < lines; ++k) a.content_line[k] = false;
                break;
            }
        }
        const bool title = l < a.title_lines;
        if (!title && !boiler) {
            std::size_t lower = 0;
            for (std::size_t i = b; i < e; ++i)
                if (!T[i].capitalised && !all_digits(T[i].lower)) ++lower;
            const bool sentence = ends_sentence(a.text, T[e - 1]);
            // A list of videos: "0:47 Driver shot to death on Blackstone".
            if (all_digits(T[b].lower) && a.text.substr(T[b].end, 1) == ":" && b + 1 < e &&
                all_digits(T[b + 1].lower) && !sentence)
                boiler = true;
            // "Watch this story", "Patch file photo": a few words, no sentence.
            if (n < 4 && !sentence) boiler = true;
            // Menus and lists of links: many words, few of them lower case, no sentence.
            if (n >= 6 && !sentence && lower * 4 < n) boiler = true;
        }
        if (boiler)
            a.content_line[l] = false;
        else
            ++content_lines;
    }
    // English: enough function words among the words of the article.
    std::size_t words = 0, function = 0;
    for (std::size_t i = 0; i < T.size(); ++i) {
        if (!a.is_content(i) || all_digits(T[i].lower)) continue;
        ++words;
        if (function_word(T[i].lower)) ++function;
    }
    if (words >= k_language_min_words &&
        static_cast<double>(function) < k_english_min_share * static_cast<double>(words))
        throw invalid_input("the text does not read as English: " + std::to_string(function) +
                            " of its " + std::to_string(words) +
                            " words are common English words (a text in English has 8% or more); "
                            "incidentmap extract reads English news");
}

}  // namespace incidentmap::extract::detail
