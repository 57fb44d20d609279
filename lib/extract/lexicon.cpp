#include "lexicon.hpp"

namespace incidentmap::extract::detail {

extern const std::string_view k_lexicon_words[];
extern const std::size_t k_lexicon_words_chunks;
extern const std::string_view k_lexicon_names[];
extern const std::size_t k_lexicon_names_chunks;

namespace {

// Lines of whole words, one a line; the views point into the compiled-in text.
void add_lines(std::unordered_set<std::string_view>& set, const std::string_view* chunks,
               std::size_t n) {
    for (std::size_t c = 0; c < n; ++c) {
        std::string_view s = chunks[c];
        while (!s.empty()) {
            const auto nl = s.find('\n');
            const auto line = s.substr(0, nl);
            if (!line.empty()) set.insert(line);
            if (nl == std::string_view::npos) break;
            s.remove_prefix(nl + 1);
        }
    }
}

}  // namespace

Lexicon::Lexicon() {
    m_words.reserve(70000);
    add_lines(m_words, k_lexicon_words, k_lexicon_words_chunks);
    add_lines(m_names, k_lexicon_names, k_lexicon_names_chunks);
}

const Lexicon& Lexicon::builtin() {
    static const Lexicon lexicon;
    return lexicon;
}

}  // namespace incidentmap::extract::detail
