#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/utf8.hpp>

namespace incidentmap::extract::detail {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!out.empty() && (out.back() == '.' || out.back() == '\'')) out.pop_back();
    return out;
}

void check_input(std::string_view text, const PlaceOptions& options) {
    if (text.size() > options.max_bytes)
        throw invalid_input("the text is " + std::to_string(text.size()) + " bytes; the limit is " +
                            std::to_string(options.max_bytes));
    if (const auto bad = utf8_error_offset(text))
        throw invalid_input("the text is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
    const auto& c = options.country;
    if (!c.empty() && (c.size() != 2 || !std::isupper(static_cast<unsigned char>(c[0])) ||
                       !std::isupper(static_cast<unsigned char>(c[1]))))
        throw invalid_input(
            "PlaceOptions::country: expected an ISO 3166-1 alpha-2 code in capitals such as "
            "\"US\", got \"" +
            c + "\"");
}

std::optional<std::string> blank_markup(std::string_view text) {
    if (text.find('<') == std::string_view::npos) return std::nullopt;
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] != '<' || i + 1 >= out.size() ||
            !(std::isalpha(static_cast<unsigned char>(out[i + 1])) != 0 || out[i + 1] == '/' ||
              out[i + 1] == '!'))
            continue;
        // Only a tag's length ahead: a text of '<' without '>' stays linear.
        const auto end = std::string_view(out).substr(i, 2000).find('>');
        if (end == std::string_view::npos) continue;
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
                  out.begin() + static_cast<std::ptrdiff_t>(i + end + 1), ' ');
        i += end;
    }
    return out;
}

namespace {

bool is_word_byte(unsigned char c) {
    return std::isalnum(c) != 0 || c >= 0x80 || c == '\'' || c == '-' || c == '.';
}

// Words that keep their period: initialisms with inner periods ("U.S.", "D.C.") and the
// usual abbreviations of place names and titles (AP state abbreviations among them).
bool is_abbreviation(std::string_view word) {
    static const std::set<std::string, std::less<>> known{
        "St",   "Ste", "Mt",    "Ft",   "Co",   "Mr",   "Mrs",  "Ms",   "Dr",   "Jr",
        "Sr",   "Gov", "Sen",   "Rep",  "Lt",   "Sgt",  "Capt", "Gen",  "Rev",  "Ala",
        "Ariz", "Ark", "Calif", "Colo", "Conn", "Del",  "Fla",  "Ga",   "Ill",  "Ind",
        "Kan",  "Ky",  "La",    "Md",   "Mass", "Mich", "Minn", "Miss", "Mo",   "Mont",
        "Neb",  "Nev", "Okla",  "Ore",  "Pa",   "Tenn", "Vt",   "Va",   "Wash", "Wis",
        "Wyo",  "Jan", "Feb",   "Aug",  "Sept", "Sep",  "Oct",  "Nov",  "Dec"};
    if (word.find('.') != std::string_view::npos || known.contains(word)) return true;
    // An initial ("W. Va.", "John F. Kennedy").
    if (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0])) != 0) return true;
    // In capitals ("ST. PAUL", "MINN."): compared as "St", "Minn".
    if (word.size() < 2 || std::any_of(word.begin(), word.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c)) != 0;
        }))
        return false;
    std::string title(word);
    for (std::size_t k = 1; k < title.size(); ++k)
        title[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(title[k])));
    return known.contains(title);
}

// Curly quotes, dashes and the ellipsis (E2 80 93/94/98/9C/9D/A6) end a word; the curly
// apostrophe (E2 80 99) stays inside one ("Oregon’s").
bool is_punctuation_at(std::string_view text, std::size_t i) {
    if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xE2 ||
        static_cast<unsigned char>(text[i + 1]) != 0x80)
        return false;
    const auto c = static_cast<unsigned char>(text[i + 2]);
    return c == 0x93 || c == 0x94 || c == 0x9C || c == 0x9D || c == 0xA6 || c == 0x98;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    bool sentence_start = true;
    std::uint32_t line = 0;
    bool line_has_words = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n' && line_has_words) {
            ++line;
            line_has_words = false;
        }
        if (!is_word_byte(c) || c == '.' || c == '-' || c == '\'' || is_punctuation_at(text, i)) {
            // A colon ends a sentence, except in a clock time ("2:15").
            const bool clock = c == ':' && i > 0 && i + 1 < text.size() &&
                               std::isdigit(static_cast<unsigned char>(text[i - 1])) != 0 &&
                               std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0;
            if (c == '!' || c == '?' || c == '\n' || (c == ':' && !clock) || c == '"')
                sentence_start = true;
            // A dash typed as "--" or " - " ("WILLIAMSON CO. -- Three juveniles ...").
            const auto space_or_dash = [&](std::size_t k) {
                return k < text.size() && (text[k] == ' ' || text[k] == '-');
            };
            if (c == '-' && i > 0 && space_or_dash(i - 1) && space_or_dash(i + 1))
                sentence_start = true;
            if (c == 0xE2 && i + 2 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                (static_cast<unsigned char>(text[i + 2]) == 0x9C ||
                 static_cast<unsigned char>(text[i + 2]) == 0x94)) {
                sentence_start = true;  // opening quote or em dash
                i += 3;
                continue;
            }
            ++i;
            continue;
        }
        std::size_t j = i;
        const auto digit = [&](std::size_t k) {
            return k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])) != 0;
        };
        while (j < text.size() && ((is_word_byte(static_cast<unsigned char>(text[j])) &&
                                    !is_punctuation_at(text, j)) ||
                                   // A thousands separator stays inside a number ("2,500").
                                   (text[j] == ',' && j > i && digit(j - 1) && digit(j + 1) &&
                                    digit(j + 2) && digit(j + 3) && !digit(j + 4))))
            ++j;
        // Trailing periods belong to the word only for short abbreviations ("Ore.", "St.").
        std::size_t word_end = j;
        bool ends_sentence = false;
        while (word_end > i && (text[word_end - 1] == '.' || text[word_end - 1] == '-' ||
                                text[word_end - 1] == '\''))
            --word_end;
        const std::string_view core = text.substr(i, word_end - i);
        const bool abbreviation = j > word_end && text[word_end] == '.' && is_abbreviation(core);
        if (j > word_end && text[word_end] == '.')
            ends_sentence = !abbreviation || j + 1 >= text.size();
        std::size_t end = abbreviation ? word_end + 1 : word_end;
        // A possessive "'s" is not part of the name ("Oregon’s largest city"), nor is
        // "-based" or "-born" ("a London-based charity", "Calgary-born").
        for (std::string_view poss : {std::string_view("\xE2\x80\x99s"), std::string_view("'s")})
            if (end - i > poss.size() && text.substr(end - poss.size(), poss.size()) == poss)
                end -= poss.size();
        for (std::string_view suffix : {std::string_view("-based"), std::string_view("-born")})
            if (end - i > suffix.size() + 1 &&
                lower(text.substr(end - suffix.size(), suffix.size())) == suffix)
                end -= suffix.size();
        if (end > i) {
            Token t;
            t.begin = i;
            t.end = end;
            t.text = text.substr(i, end - i);
            t.lower = lower(t.text);
            t.capitalised = std::isupper(static_cast<unsigned char>(text[i])) != 0;
            t.sentence_start = sentence_start;
            t.comma_after = j < text.size() && text[j] == ',';
            t.line = line;
            line_has_words = true;
            out.push_back(std::move(t));
        }
        sentence_start = ends_sentence;
        i = j;
    }
    return out;
}

bool is_weekday(std::string_view lower) {
    return std::find(k_weekdays.begin(), k_weekdays.end(), lower) != k_weekdays.end();
}

std::optional<unsigned> month_of(std::string_view lower) {
    static constexpr std::array<std::string_view, 12> k_months{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (unsigned m = 0; m < 12; ++m)
        if (lower.size() >= 3 && k_months[m].starts_with(lower)) return m + 1;
    return std::nullopt;
}

bool possessive_after(std::string_view text, const Token& t) {
    const auto rest = text.substr(t.end);
    return rest.starts_with("'s") || rest.starts_with("\xE2\x80\x99s");
}

std::vector<bool> title_case_lines(const std::vector<Token>& tokens) {
    std::vector<int> words, capitals;
    for (const auto& t : tokens) {
        if (t.line >= words.size()) words.resize(t.line + 1, 0), capitals.resize(t.line + 1, 0);
        if (t.lower.size() < 4) continue;
        ++words[t.line];
        if (t.capitalised) ++capitals[t.line];
    }
    // (A sentence full of names, "Joshua Williams and Josh Harber were killed", has words of four
    // letters in lower case; a headline in Title Case has one at most.)
    std::vector<bool> out(words.size());
    for (std::size_t l = 0; l < words.size(); ++l)
        out[l] = capitals[l] >= 3 && words[l] - capitals[l] <= 1;
    return out;
}

}  // namespace incidentmap::extract::detail
