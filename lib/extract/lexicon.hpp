#pragma once
// Internal: the English an extraction reads place names against - the ordinary words of a
// dictionary ("man", "bar", "arrest", "mobile") and given names ("katherine", "jackson"),
// built from pinned sources (data/lexicon/) into the library. A place name that is also
// one of these needs evidence before it is read as a place.

#include <string_view>
#include <unordered_set>

namespace incidentmap::extract::detail {

class Lexicon {
public:
    /// The built-in lexicon, made once (thread-safe).
    static const Lexicon& builtin();
    /// @p lower: a word in lower case.
    bool is_word(std::string_view lower) const { return m_words.contains(lower); }
    bool is_given_name(std::string_view lower) const { return m_names.contains(lower); }

private:
    Lexicon();
    std::unordered_set<std::string_view> m_words, m_names;
};

}  // namespace incidentmap::extract::detail
