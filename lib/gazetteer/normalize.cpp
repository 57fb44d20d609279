#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <utf8proc.h>

#include <incidentmap/gazetteer/normalize.hpp>

namespace incidentmap::gazetteer {

namespace {

bool is_ascii(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Decompose, fold case and strip combining marks with utf8proc; invalid UTF-8 bytes are
// dropped first so that one bad byte does not lose the whole name.
std::string fold_unicode(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            ++p;
            --left;
            continue;
        }
        clean.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        p += n;
        left -= n;
    }
    utf8proc_uint8_t* out = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(
        reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
        static_cast<utf8proc_ssize_t>(clean.size()), &out,
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                       UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
    if (n < 0) {
        std::free(out);
        return {};
    }
    // Punctuation and spaces of every script become ASCII spaces ("Portland—Oregon", curly
    // quotes, guillemets); apostrophe-like marks (' ' ʻ ʼ) are dropped, as ASCII ones are.
    std::string folded;
    folded.reserve(static_cast<std::size_t>(n));
    const utf8proc_uint8_t* q = out;
    utf8proc_ssize_t rest = n;
    while (rest > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t len = utf8proc_iterate(q, rest, &cp);
        if (len <= 0) break;
        const auto cat = utf8proc_category(cp);
        if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BB || cp == 0x02BC) {
            // dropped
        } else if (cp >= 0x80 && ((cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO) ||
                                  (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP) ||
                                  (cat >= UTF8PROC_CATEGORY_SM && cat <= UTF8PROC_CATEGORY_SO))) {
            folded += ' ';
        } else {
            folded.append(reinterpret_cast<const char*>(q), static_cast<std::size_t>(len));
        }
        q += len;
        rest -= len;
    }
    std::free(out);
    return folded;
}

// Letters and digits are kept (lower case), apostrophes and periods dropped, anything
// else is a word break.
void squeeze(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        if (c >= 0x80) {
            // Non-ASCII after folding: a letter of another script, or punctuation such as
            // the right single quotation mark (E2 80 99), which is an apostrophe.
            if (c == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
                (static_cast<unsigned char>(in[i + 2]) == 0x98 ||
                 static_cast<unsigned char>(in[i + 2]) == 0x99)) {
                i += 2;
                continue;
            }
            if (pending_space && !out.empty()) out += ' ';
            pending_space = false;
            out += static_cast<char>(c);
            continue;
        }
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (pending_space && !out.empty()) out += ' ';
            pending_space = false;
            out += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            if (pending_space && !out.empty()) out += ' ';
            pending_space = false;
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == '\'' || c == '.' || c == '`') {
            // dropped: "St. Paul" -> "st paul", "O'Fallon" -> "ofallon"
        } else {
            pending_space = true;
        }
    }
}

struct Expansion {
    std::string_view from;
    std::string_view to;
};
constexpr Expansion k_leading[] = {
    {"st", "saint"}, {"ste", "sainte"}, {"mt", "mount"}, {"ft", "fort"}};

enum class rewrite_last { no, yes };

// Replaces each space-separated word found in `table` by its expansion (the last word too,
// or not).
template <std::size_t N>
std::string rewrite_words(std::string_view words, const Expansion (&table)[N],
                          rewrite_last last_too) {
    std::string out;
    out.reserve(words.size() + 16);
    std::size_t start = 0;
    while (start < words.size()) {
        auto end = words.find(' ', start);
        const bool last = end == std::string_view::npos;
        if (last) end = words.size();
        std::string_view word = words.substr(start, end - start);
        if (!last || last_too == rewrite_last::yes)
            for (const auto& e : table)
                if (word == e.from) {
                    word = e.to;
                    break;
                }
        if (!out.empty()) out += ' ';
        out.append(word);
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string normalize_name(std::string_view text) {
    std::string key;
    if (is_ascii(text)) {
        squeeze(text, key);
    } else {
        squeeze(fold_unicode(text), key);
    }
    // "St.", "Ste.", "Mt." and "Ft." before another word are Saint, Sainte, Mount and Fort,
    // wherever they stand: "St. Paul", "West St. Paul", "Lake St. Louis", "Port St. Lucie".
    return rewrite_words(key, k_leading, rewrite_last::no);
}

std::string normalize_street(std::string_view text) {
    static constexpr Expansion k_words[] = {
        {"st", "street"},   {"ave", "avenue"},   {"av", "avenue"},    {"blvd", "boulevard"},
        {"rd", "road"},     {"dr", "drive"},     {"ln", "lane"},      {"ct", "court"},
        {"pl", "place"},    {"hwy", "highway"},  {"pkwy", "parkway"}, {"ter", "terrace"},
        {"sq", "square"},   {"cir", "circle"},   {"trl", "trail"},    {"expy", "expressway"},
        {"fwy", "freeway"}, {"n", "north"},      {"s", "south"},      {"e", "east"},
        {"w", "west"},      {"ne", "northeast"}, {"nw", "northwest"}, {"se", "southeast"},
        {"sw", "southwest"}};
    std::string plain;
    if (is_ascii(text))
        squeeze(text, plain);
    else
        squeeze(fold_unicode(text), plain);
    return rewrite_words(plain, k_words, rewrite_last::yes);
}

unsigned bounded_edit_distance(std::string_view a, std::string_view b, unsigned limit) noexcept {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    if (n > 64 || m > 64) return a == b ? 0 : limit + 1;
    unsigned prev[65];
    unsigned cur[65];
    for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<unsigned>(i);
        unsigned row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0u : 1u;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::copy(cur, cur + m + 1, prev);
    }
    return std::min(prev[m], limit + 1);
}

}  // namespace incidentmap::gazetteer
