#pragma once
// Internal: the text steps shared by find_places() and extract_incidents(): checks, markup,
// words with their byte offsets, and place mentions from words already made.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/extract/places.hpp>

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
    /// The line it is on: lines with words, counted from 0 (a paragraph, in news text).
    std::uint32_t line = 0;
};

/// Refuses a text over `options.max_bytes` or not valid UTF-8 (invalid_input naming the size or
/// the byte), and a country that is not two capital letters, for both entry points of the
/// module.
void check_input(std::string_view text, const PlaceOptions& options);

/// The text with HTML tags blanked to spaces (so that byte offsets still point into the
/// original), or std::nullopt when it has none.
std::optional<std::string> blank_markup(std::string_view text);

/// Words with their offsets. A period stays on a word only for abbreviations ("St.", "Ore.",
/// "U.S."); a sentence ends at ., ! or ? followed by a space, and at a line break.
std::vector<Token> tokenize(std::string_view text);

/// Per line: whether it is in Title Case ("Man Who Shot Son Had History Of Violence"), where
/// capitals say nothing of proper names: three words of four letters or more are
/// capitalised, and one such word at most is not.
std::vector<bool> title_case_lines(const std::vector<Token>& tokens);

/// Weekdays in lower case, Sunday first (as std::chrono::weekday counts them).
inline constexpr std::array<std::string_view, 7> k_weekdays{
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
/// "monday" ... "sunday", in lower case.
bool is_weekday(std::string_view lower);
/// The month of a full name or an abbreviation of at least three letters ("jan", "sept"), in
/// lower case: 1-12.
std::optional<unsigned> month_of(std::string_view lower);

/// Whether a possessive 's (or ’s) follows token t: "Gainesville's", "Good’s".
bool possessive_after(std::string_view text, const Token& t);

/// A state or country: a place that holds towns and is named in their context.
inline bool is_area(gazetteer::place_kind k) {
    return k == gazetteer::place_kind::state || k == gazetteer::place_kind::country ||
           k == gazetteer::place_kind::region;
}
inline bool is_area(const geocode::GeocodeResult& r) {
    return is_area(r.kind);
}

/// find_places() on a text already checked, with markup blanked, its tokens, and which of its
/// lines are in Title Case (title_case_lines()).
std::vector<PlaceMention> find_places_in(std::string_view text, const std::vector<Token>& tokens,
                                         const std::vector<bool>& title_case,
                                         const geocode::Geocoder& geocoder,
                                         const PlaceOptions& options);

}  // namespace incidentmap::extract::detail
