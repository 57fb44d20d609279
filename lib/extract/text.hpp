#pragma once
// Internal: words of a text with their byte offsets, shared by places.cpp and incidents.cpp.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace incidentmap::extract::detail {

/// ASCII lower case, without trailing periods and apostrophes ("Ore." -> "ore").
std::string lower(std::string_view s);

struct Token {
    std::size_t begin;
    std::size_t end;
    std::string_view text;
    std::string lower;  // text in ASCII lower case, made once
    bool capitalised;
    bool sentence_start;
    bool comma_after;  // a comma follows directly
};

/// Words with their offsets. A period stays on a word only for abbreviations ("St.", "Ore.",
/// "U.S."); a sentence ends at ., ! or ? followed by a space, and at a line break.
std::vector<Token> tokenize(std::string_view text);

}  // namespace incidentmap::extract::detail
