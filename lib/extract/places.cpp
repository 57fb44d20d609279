#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/extract/places.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/spherical.hpp>

#include "lexicon.hpp"
#include "text.hpp"

namespace incidentmap::extract {

namespace {

using detail::is_area;
using detail::is_weekday;
using detail::lower;
using detail::month_of;
using detail::Token;
using detail::tokenize;
using gazetteer::place_kind;
using geocode::GeocodeResult;

// Weight of a reading in the article's country (chosen on the LGL development split:
// 1, 5, 10 and 30 gave acc@161 69.7, 70.0, 70.0 and 70.1% with 3 readings per name; 10 with
// 10 readings gives 71.8%).
constexpr double k_article_country_weight = 10.0;
// Weight of a country or state reading for a name that begins a town's organisation
// ("Palestine Independent School District"), and the weight each unambiguous place of the
// article inside a country or state adds to it (chosen on the LGL development split; with
// the mentions of a name sharing their reading, 0.05, 0.01 and 0 give the same acc@161 and
// AUC 0.261, 0.261 and 0.260: such a reading is out).
constexpr double k_not_town_weight = 0.0;
constexpr double k_area_holds_weight = 1.0;
// A reading within this distance of another place of the article gains k_near_weight times
// that place's confidence.
constexpr double k_near_m = 100e3;
constexpr double k_near_weight = 5.0;
// At most this many distinct places of one article serve as anchors (the most confident).
constexpr std::size_t k_max_anchors = 2000;
// Weight of a town reading in a county the article names, and of that county's reading.
constexpr double k_county_fit_weight = 50.0;
// A dateline is looked for in this many bytes at the start of the text (a news page may
// have a headline and a few lines of the site's before it).
constexpr std::size_t k_dateline_bytes = 1000;
// A place known by one word whose every reading has fewer people than this must earn its
// reading ("Welcome, South Carolina", "Strong, Maine").
constexpr std::uint32_t k_small_population = 10000;
// A given name whose every reading has fewer people than this must earn its reading
// ("Katherine, Northern Territory"); larger towns named like people ("Dallas") need not,
// in a sentence and not at its start.
constexpr std::uint32_t k_given_name_population = 150000;

// Common words that are also places (or are capitalised for other reasons): never a place
// alone, and titles that introduce a person.
const std::set<std::string, std::less<>>& common_words() {
    static const std::set<std::string, std::less<>> words{
        "a",          "an",         "the",       "he",          "she",       "it",
        "they",       "we",         "i",         "you",         "his",       "her",
        "their",      "our",        "this",      "that",        "these",     "those",
        "there",      "here",       "and",       "but",         "or",        "if",
        "when",       "while",      "after",     "before",      "as",        "at",
        "by",         "for",        "from",      "in",          "of",        "on",
        "to",         "with",       "about",     "police",      "officer",   "officers",
        "council",    "city",       "county",    "state",       "president", "mayor",
        "chief",      "department", "home",      "security",    "office",    "center",
        "university", "may",        "federal",   "national",    "guard",     "republican",
        "democrat",   "democratic", "senate",    "house",       "court",     "justice",
        "street",     "avenue",     "road",      "north",       "south",     "east",
        "west",       "english",    "officials", "authorities", "agents",    "agent",
        "ice",        "dhs",        "fbi",       "cia",         "nbc",       "cbs",
        "abc",        "cnn",        "ap",        "x",           "twitter",   "trump",
        "biden",      "obama",      "vance",     "noem",        "ms",        "mr",
        "mrs",        "dr",         "jr",        "sr",          "st",        "mt",
        "ft",         "no",         "yes",       "new",         "old",       "more",
        "most",       "many",       "some",      "all",         "one",       "vice",
        "well",       "homeland",   "live",      "union",       "liberty",   "independence",
        "republic",   "kingdom",    "empire",    "victory",     "hope",      "two",
        "three",      "four",       "five",      "six",         "seven",     "eight",
        "nine",       "ten",        "first",     "second",      "last",      "next",
        "also",       "only",       "just",      "so",          "not",       "still",
        "already",    "how",        "what",      "who",         "why",       "where",
        "which",      "port"};
    return words;
}

// A common word, a weekday or a month ("Nov." too).
bool common_word(std::string_view lower) {
    return common_words().contains(lower) || month_of(lower) || is_weekday(lower);
}

// Continents and the polar regions: only their reading as a continent or world region counts
// (not a namesake village: "Africa" -> África, Puebla; "Asia" -> Asia, Western Visayas), and
// those the gazetteer lacks ("Latin America", "Arctic") are left out rather than misplaced.
const std::set<std::string, std::less<>>& continents() {
    static const std::set<std::string, std::less<>> words{
        "africa",        "asia",          "europe",          "oceania",
        "antarctica",    "americas",      "arctic",          "antarctic",
        "north america", "south america", "central america", "latin america"};
    return words;
}

// "North America", "Latin America": a continent, not the village America.
const std::set<std::string, std::less<>>& continent_prefixes() {
    static const std::set<std::string, std::less<>> words{"north", "south", "central", "latin"};
    return words;
}

// "Tren de Aragua", "Universidad de Chile": a name after one of these is the end of a longer
// name.
const std::set<std::string, std::less<>>& name_connectors() {
    static const std::set<std::string, std::less<>> words{"de", "del", "la", "da"};
    return words;
}

// "Homeland Security", "Democratic Party", "Main Street": a place name followed by one of
// these is not a place reference.
const std::set<std::string, std::less<>>& non_place_suffixes() {
    static const std::set<std::string, std::less<>> words{
        "security", "party",     "act",  "agreement", "treaty", "accord",  "convention", "avenue",
        "street",   "boulevard", "road", "drive",     "lane",   "parkway", "terrace",    "pike",
        "ave",      "blvd",      "rd",   "dr",        "ln",     "pkwy"};
    return words;
}

// Words after a name that tell that a town is meant: "Mobile police", "Dallas officials".
const std::set<std::string, std::less<>>& townsfolk_words() {
    static const std::set<std::string, std::less<>> words{
        "police", "officers", "firefighters", "officials", "authorities", "residents",
        "mayor",  "council",  "schools",      "city",      "county"};
    return words;
}

// Words before a name that tell that a place is meant: "in Mobile", "near Jackson".
bool place_preposition(std::string_view w) {
    return w == "in" || w == "near" || w == "outside" || w == "across" || w == "throughout";
}

// Natural features and parks, which the gazetteer does not hold: a place name before or
// after one of these names the feature ("Lake Ontario", "Gulf of Mexico", "Knox Park").
const std::set<std::string, std::less<>>& feature_prefixes() {
    static const std::set<std::string, std::less<>> words{"lake", "gulf",   "bay",     "sea",
                                                          "isle", "strait", "straits", "cape"};
    return words;
}
const std::set<std::string, std::less<>>& feature_suffixes() {
    static const std::set<std::string, std::less<>> words{
        "park",      "lake",   "lakes", "river",  "creek",    "bay",       "island",
        "islands",   "gulf",   "sea",   "ocean",  "mountain", "mountains", "canyon",
        "peninsula", "strait", "sound", "harbor", "harbour",  "reservoir", "pond"};
    return words;
}

const std::set<std::string, std::less<>>& titles() {
    static const std::set<std::string, std::less<>> words{
        "mayor",        "president", "sen",           "senator", "rep",     "representative",
        "gov",          "governor",  "secretary",     "chief",   "officer", "sheriff",
        "judge",        "attorney",  "general",       "vice",    "mr",      "mrs",
        "ms",           "dr",        "sgt",           "lt",      "capt",    "detective",
        "commissioner", "councilor", "councilmember", "pastor",  "rev",     "coach",
        "minister",     "prime",     "king",          "queen",   "prince"};
    return words;
}

// Seats of government and power that news names for the government ("the White House said",
// "the Kremlin denied"): institutions, not places, and not what their names match elsewhere
// (Casablanca's alternate name is "White House").
const std::set<std::string, std::less<>>& seats_of_government() {
    static const std::set<std::string, std::less<>> words{"white house",
                                                          "kremlin",
                                                          "pentagon",
                                                          "elysee palace",
                                                          "\xC3\x89lys\xC3\xA9"
                                                          "e palace",
                                                          "downing street",
                                                          "quai d'orsay",
                                                          "zhongnanhai",
                                                          "blue house",
                                                          "capitol"};
    return words;
}

// What a government does: a national capital's name before one of these stands for its
// government ("Moscow rejected the claim", "Ottawa said"), location metonymy.
const std::set<std::string, std::less<>>& government_verbs() {
    static const std::set<std::string, std::less<>> words{
        "said",       "says",       "announced",  "rejected",  "warned",   "accused",
        "denied",     "insisted",   "imposed",    "urged",     "demanded", "pledged",
        "threatened", "agreed",     "responded",  "condemned", "vowed",    "approved",
        "refused",    "criticized", "criticised", "welcomed",  "blamed",   "expelled",
        "signed",     "ordered",    "wants",      "sought",    "offered",  "protested",
        "retaliated", "sanctioned", "declined",   "confirmed", "believes"};
    return words;
}

bool is_capital(const GeocodeResult& r) {
    return r.kind == place_kind::city && r.feature_code == "PPLC";
}

// Verbs of speech: a single name before or after one is a person's ("Jones said").
const std::set<std::string, std::less<>>& speech_verbs() {
    static const std::set<std::string, std::less<>> words{
        "said",      "says",     "told",  "added",  "explained", "wrote",    "asked",
        "testified", "recalled", "noted", "argued", "replied",   "according"};
    return words;
}

const std::set<std::string, std::less<>>& organisation_words() {
    static const std::set<std::string, std::less<>> words{
        "police",         "bureau",   "department", "council",   "university", "college", "school",
        "schools",        "hospital", "sheriff",    "sheriffs",  "times",      "post",    "tribune",
        "herald",         "news",     "journal",    "press",     "company",    "corp",    "inc",
        "airport",        "club",     "district",   "board",     "commission", "church",  "library",
        "county-sheriff", "fire",     "public",     "community", "museum",     "court",   "jail",
        "prison",         "zoo",      "park",       "high",      "state"};
    return words;
}

// "Palestine Independent School District", "Jordan Elementary", "Portland City Council":
// organisations named after a town, so a town is meant, not a country or state of that name.
const std::set<std::string, std::less<>>& local_organisation_words() {
    static const std::set<std::string, std::less<>> words{
        "elementary", "independent", "middle",  "school",  "schools",  "district",
        "police",     "fire",        "library", "council", "township", "city",
        "town",       "village",     "isd",     "unified"};
    return words;
}

// "20th", "1st", "42nd": inside a street name ("SE 20th Ave", "W 42nd St").
bool is_ordinal(std::string_view w) {
    std::size_t d = 0;
    while (d < w.size() && std::isdigit(static_cast<unsigned char>(w[d])) != 0) ++d;
    const auto suffix = w.substr(d);
    return d > 0 && d + 2 == w.size() &&
           (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th");
}

// "L.A.", "D.C.", "U.S.A.": single letters, each followed by a period.
bool is_dotted_initialism(std::string_view w) {
    if (w.size() < 4 || w.size() % 2 != 0) return false;
    for (std::size_t i = 0; i < w.size(); i += 2)
        if (std::isalpha(static_cast<unsigned char>(w[i])) == 0 || w[i + 1] != '.') return false;
    return true;
}

// Compass abbreviations that begin street names ("SE Belmont St", "NW 10th Ave").
bool is_street_direction(std::string_view w) {
    return w == "n" || w == "s" || w == "e" || w == "w" || w == "ne" || w == "nw" || w == "se" ||
           w == "sw";
}

// The readings of a span that count in running text: exact, normalised or curated-alias
// ones. A single word must be the place's own name (not an exonym or nickname from the
// alternate names), unless it names a state or country or is an initialism.
// "Bronx" for "The Bronx", "Miami-Dade" for "Miami-Dade County": the place's own name without
// its article or its kind.
bool own_name_shortened(const GeocodeResult& r, std::string_view key) {
    std::string name = lower(r.name);
    if (name.starts_with("the ")) name.erase(0, 4);
    for (const std::string_view kind : {" county", " parish", " borough"})
        if (name.ends_with(kind)) name.resize(name.size() - kind.size());
    return name == key;
}

// Countries, continents and US states: areas a news text names in passing, exempt from the
// rules that make other names earn their reading.
bool is_known_area(const GeocodeResult& r) {
    return r.kind == place_kind::country || r.kind == place_kind::region ||
           (r.kind == place_kind::state && r.admin.country_code == "US");
}

std::vector<GeocodeResult> filter_readings(std::vector<GeocodeResult> cands, bool single,
                                           bool initialism, const std::string& last_word,
                                           std::string_view key) {
    if (continents().contains(key))
        std::erase_if(cands, [](const GeocodeResult& r) { return r.kind != place_kind::region; });
    std::erase_if(cands, [&](const GeocodeResult& r) {
        // (A country or a US state keeps a single alias: "America". Provinces elsewhere
        // have alternate names that are words: "Interior" for Ad Dakhiliyah, Oman.)
        return r.match == geocode::match_type::fuzzy || r.kind == place_kind::postal_code ||
               (single && !initialism && r.match == geocode::match_type::alias &&
                !is_known_area(r) && !own_name_shortened(r, key)) ||
               // "Red River" is the river, not Red River County by its short name.
               (r.kind == place_kind::county && r.match == geocode::match_type::alias &&
                feature_suffixes().contains(last_word));
    });
    // A dotted initialism ("L.A.", "D.C.") is a writer's abbreviation, not a postal code ("LA"
    // is also Louisiana's): when the curated aliases give it a reading, that one is meant.
    if (initialism && std::any_of(cands.begin(), cands.end(), [](const GeocodeResult& r) {
            return r.match == geocode::match_type::alias;
        }))
        std::erase_if(cands,
                      [](const GeocodeResult& r) { return r.match != geocode::match_type::alias; });
    return cands;
}

}  // namespace

std::vector<PlaceMention> find_places(std::string_view text, const geocode::Geocoder& geocoder,
                                      const PlaceOptions& options) {
    detail::check_input(text, options);
    const auto blanked = detail::blank_markup(text);
    const std::string_view words = blanked ? std::string_view(*blanked) : text;
    const auto tokens = tokenize(words);
    return detail::find_places_in(words, tokens, title_case_lines(tokens), geocoder, options);
}

std::vector<PlaceMention> detail::find_places_in(std::string_view text,
                                                 const std::vector<Token>& tokens,
                                                 const std::vector<bool>& title_case,
                                                 const geocode::Geocoder& geocoder,
                                                 const PlaceOptions& options) {
    geocode::GeocodeOptions lookup;
    lookup.limit = 10;
    lookup.max_edit_distance = 0;  // no typo matching in running text
    lookup.min_precision = options.min_precision;

    struct Found {
        std::size_t first, last;  // token range
        // The readings, held once per distinct span in the caches below (a name said
        // 100,000 times is not 100,000 copies of its readings).
        const std::vector<GeocodeResult>* readings = nullptr;
        std::string context;  // a following ", State" that contained it
        bool in_organisation = false;
        bool town_meant = false;  // a town's organisation ("Jordan Elementary"), a dateline
        bool dateline = false;
        // A name that is also an English word or a given name ("Man", "Bar", "Katherine"),
        // with nothing around it that says a place is meant: kept only when the article's
        // other places support its reading.
        bool needs_support = false;
        bool contradicted = false;  // the state or country after it holds no such place
        const std::vector<GeocodeResult>& candidates() const { return *readings; }
    };
    std::vector<Found> found;
    // Each distinct span is looked up once per article (a name said 20 times is one lookup);
    // a span the geocoder refuses is cached as no readings.
    std::map<std::string, std::vector<GeocodeResult>, std::less<>> lookups;
    const auto look_up = [&](const std::string& span) -> const std::vector<GeocodeResult>& {
        auto [cached, fresh] = lookups.try_emplace(span);
        if (fresh) try {
                cached->second = geocoder.geocode(span, lookup);
            } catch (const invalid_input&) {
            }
        return cached->second;
    };
    std::map<std::string, std::vector<GeocodeResult>, std::less<>> readings, crossings, capitals;
    // The readings that count in running text; they depend on the span alone, so they are
    // kept per span.
    const auto readings_of = [&](const std::string& span, bool single, const std::string& last_word,
                                 const std::string& key) -> const std::vector<GeocodeResult>& {
        auto [kept, fresh] = readings.try_emplace(span);
        if (fresh)
            kept->second =
                filter_readings(look_up(span), single, is_dotted_initialism(span), last_word, key);
        return kept->second;
    };
    std::set<std::string, std::less<>> surnames;  // last words of people's names seen so far
    const Lexicon& lexicon = Lexicon::builtin();
    // People's names seen anywhere: "First Last" pairs of capitalised words whose last word
    // is not a place are remembered before the scan, so that a later "Jones" is known.
    // So is the last word after a given name ("Andrew Trapani"), unless the pair is
    // itself a place's name ("Virginia Beach").
    for (std::size_t k = 1; k < tokens.size(); ++k) {
        if (!tokens[k].capitalised || !tokens[k - 1].capitalised || tokens[k].sentence_start ||
            tokens[k - 1].comma_after)
            continue;
        const std::string& first = tokens[k - 1].lower;
        if (titles().contains(first) ||
            (lexicon.is_given_name(first) && !lexicon.is_word(first) &&
             (k + 1 >= tokens.size() || !tokens[k + 1].capitalised || tokens[k].comma_after) &&
             look_up(
                 std::string(text.substr(tokens[k - 1].begin, tokens[k].end - tokens[k - 1].begin)))
                 .empty()))
            surnames.insert(tokens[k].lower);
    }
    std::size_t t = 0;
    while (t < tokens.size()) {
        if (!tokens[t].capitalised) {
            ++t;
            continue;
        }
        // The longest run of up to 5 words, capitalised or "of" / "of the" inside (as in
        // "Democratic Republic of the Congo"), that is a place.
        std::size_t run_end = t;
        while (run_end + 1 < tokens.size() && run_end - t < 4 && !tokens[run_end].comma_after &&
               !tokens[run_end + 1].sentence_start) {
            const std::string& next = tokens[run_end + 1].lower;
            if (!tokens[run_end + 1].capitalised && next != "of" &&
                !(next == "the" && tokens[run_end].lower == "of") && !is_ordinal(next))
                break;
            ++run_end;
        }
        // The end of a longer name ("Tren de Aragua"), or a name after a title ("Mayor Keith
        // Wilson"): no place starts here.
        if (t > 0 && tokens[t - 1].capitalised && titles().contains(tokens[t - 1].lower)) {
            ++t;
            continue;
        }
        if (t >= 2 && name_connectors().contains(tokens[t - 1].lower) &&
            tokens[t - 2].capitalised) {
            ++t;
            continue;
        }
        // A natural feature named after a place ("Lake Ontario", "Gulf of Mexico") is not
        // the place, and the gazetteer has no such features: no place starts here.
        const auto feature_before = [&](std::size_t k) {
            return k > 0 && tokens[k - 1].capitalised && !tokens[k].sentence_start &&
                   feature_prefixes().contains(tokens[k - 1].lower);
        };
        if (feature_before(t) || (t >= 2 && tokens[t - 1].lower == "of" && feature_before(t - 1))) {
            ++t;
            continue;
        }
        bool matched = false;
        for (std::size_t last = run_end + 1; last-- > t;) {
            const std::string& last_word = tokens[last].lower;
            if (last_word == "of" || last_word == "the") continue;
            const std::string span(
                text.substr(tokens[t].begin, tokens[last].end - tokens[t].begin));
            const std::string key = lower(span);
            const bool single = last == t;
            // "South Side", "West End": a part of the article's town, not a namesake.
            if (last == t + 1 && (tokens[last].lower == "side" || tokens[last].lower == "end") &&
                geodesy::compass_azimuth_deg(tokens[t].lower))
                break;
            if (single && (common_word(key) || feature_suffixes().contains(key))) continue;
            // "SE" in "SE 20th Ave" is a direction, not Sweden.
            if (single && is_street_direction(key) && last + 1 < tokens.size() &&
                (is_ordinal(tokens[last + 1].lower) || tokens[last + 1].capitalised))
                continue;
            if (single && key == "america" && t > 0 &&
                continent_prefixes().contains(tokens[t - 1].lower))
                continue;
            // A contraction ("We’ll") is no name.
            if (single && (span.find('\'') != std::string::npos ||
                           span.find("\xE2\x80\x99") != std::string::npos))
                continue;
            const bool initialism = is_dotted_initialism(span);
            // "The White House said": the government, no place.
            if (seats_of_government().contains(key) ||
                (key.starts_with("the ") && seats_of_government().contains(key.substr(4)))) {
                t = last + 1;
                matched = true;
                break;
            }
            const std::vector<GeocodeResult>* readings_here =
                &readings_of(span, single, last_word, key);
            if (readings_here->empty()) continue;
            // Location metonymy: a national capital standing for its government is the
            // capital, not a namesake state or a person ("Washington said", "Moscow rejected
            // the claim", "between Washington and Beijing", "Washington and Moscow").
            const auto has_capital = [&](const std::vector<GeocodeResult>& rs) {
                return std::any_of(rs.begin(), rs.end(), is_capital);
            };
            const auto capital_at = [&](std::size_t k) {
                return k < tokens.size() && tokens[k].capitalised &&
                       has_capital(readings_of(std::string(tokens[k].text), true, tokens[k].lower,
                                               tokens[k].lower));
            };
            const bool joined = last + 1 < tokens.size() && !tokens[last + 1].sentence_start &&
                                !tokens[last].comma_after;
            const bool capital_meant =
                single && has_capital(*readings_here) &&
                ((joined && government_verbs().contains(tokens[last + 1].lower)) ||
                 (t > 0 && tokens[t - 1].lower == "between") ||
                 (joined && tokens[last + 1].lower == "and" && capital_at(last + 2)));
            if (capital_meant) {
                auto [kept, fresh] = capitals.try_emplace(span);
                if (fresh)
                    std::copy_if(readings_here->begin(), readings_here->end(),
                                 std::back_inserter(kept->second), is_capital);
                readings_here = &kept->second;
            }
            const std::vector<GeocodeResult>& cands = *readings_here;
            // "Knox Park", "Aleutian Islands", "Red River": a feature named after a place
            // (the longer run is no place, or it would have matched first).
            if (last + 1 < tokens.size() && tokens[last + 1].capitalised &&
                !tokens[last].comma_after && !tokens[last + 1].sentence_start &&
                feature_suffixes().contains(tokens[last + 1].lower))
                break;
            // A person: a title before, or a capitalised non-place word right after.
            const std::string before = t > 0 ? tokens[t - 1].lower : "";
            if (last + 1 < tokens.size() && tokens[last + 1].capitalised &&
                !tokens[last].comma_after && !tokens[last + 1].sentence_start &&
                non_place_suffixes().contains(tokens[last + 1].lower))
                break;
            // States and countries do not begin or end people's names ("U.S. Army",
            // "Texas Gov."): the person rules below are for other places.
            const bool area = std::any_of(cands.begin(), cands.end(),
                                          [](const GeocodeResult& r) { return is_area(r); });
            // An organisation named after the place: up to two more capitalised words and
            // an organisation word ("St. Paul Pioneer Press", "Portland Police Bureau").
            bool organisation = false;
            for (std::size_t k = last + 1; k < tokens.size() && k <= last + 3; ++k) {
                if (!tokens[k].capitalised || tokens[k].sentence_start || tokens[k - 1].comma_after)
                    break;
                if (organisation_words().contains(tokens[k].lower)) {
                    organisation = true;
                    break;
                }
            }
            // Capitals say nothing in a Title Case headline, and "(Memphis) Memphis police" is
            // no name: the person rules below need the words side by side in a sentence.
            const bool titled = title_case[tokens[t].line];
            const auto side_by_side = [&](std::size_t k) {
                return k + 1 < tokens.size() &&
                       text.substr(tokens[k].end, tokens[k + 1].begin - tokens[k].end) == " ";
            };
            // "Memphis Apartment Complex", "Houston Gas Station": a place named in a feature's
            // name, when the next word is an ordinary one (not a surname).
            if (!organisation && single && !lexicon.is_given_name(key) &&
                last + 1 < tokens.size() && tokens[last + 1].capitalised && side_by_side(last) &&
                lexicon.is_word(tokens[last + 1].lower) &&
                !lexicon.is_given_name(tokens[last + 1].lower))
                organisation = true;
            // (Not after a possessive: "Gainesville's Tom Thumb".)
            if (!area && !organisation && !titled && side_by_side(last) &&
                tokens[last + 1].capitalised && !tokens[last].comma_after &&
                !tokens[last + 1].sentence_start && !possessive_after(text, tokens[last])) {
                const std::string& next = tokens[last + 1].lower;
                // ("Central Lubbock": the next word is a place itself, no surname.)
                const std::string next_span(tokens[last + 1].text);
                const bool next_is_place = !readings_of(next_span, true, next, next).empty();
                if (!common_word(next)) {
                    if (!next_is_place) surnames.insert(next);
                    break;
                }
            }
            // ("Fatal Salina shooting": an ordinary word before is no first name.)
            if (!area && !titled && t > 0 && side_by_side(t - 1) && tokens[t - 1].capitalised &&
                !tokens[t].sentence_start && !tokens[t - 1].comma_after && !common_word(before) &&
                !titles().contains(before) &&
                (lexicon.is_given_name(before) || !lexicon.is_word(before) || before.size() == 1)) {
                surnames.insert(key);
                break;  // "Renee Good", "Jacob Frey": the end of a person's name
            }
            // A surname seen before in a person's name ("Jones said"), or a single word
            // followed by a verb of speech, is a person; an initialism is not ("L.A. said").
            if (!area && !initialism && single && !capital_meant &&
                (surnames.contains(key) ||
                 (last + 1 < tokens.size() && speech_verbs().contains(tokens[last + 1].lower))))
                break;
            // "said Adams.": a person (but "said Laconia police", "said Fargo City
            // Commissioner Tim Mahoney" name a town's people).
            if (!area && !initialism && single && t > 0 && speech_verbs().contains(before) &&
                !tokens[t].sentence_start &&
                (tokens[last].comma_after || last + 1 == tokens.size() ||
                 tokens[last + 1].sentence_start))
                break;
            // "the 9000 block of South Bishop": a street.
            if (!area && t >= 2 && tokens[t - 1].lower == "of" && tokens[t - 2].lower == "block")
                break;
            Found f{t, last, &cands, "", false, false, false, false};
            if (last + 1 < tokens.size() && tokens[last + 1].capitalised &&
                !tokens[last].comma_after) {
                const std::string& next = tokens[last + 1].lower;
                f.town_meant = local_organisation_words().contains(next);
                f.in_organisation = f.town_meant || organisation;
            }
            // A name that is also an English word or a given name ("Man", "Bar", "Arrest",
            // "Katherine"), a word in a Title Case headline, or a small place known by one
            // word ("Lonsdale", "Welcome"), must earn its reading: a preposition of place
            // ("in Mobile"), a local organisation ("Jackson Police"), a dateline or a state
            // after it ("Jackson, Miss.") say so; else the article's other places must support
            // it (below).
            // (Countries and US states are exempt; a first-level division elsewhere is not:
            // Bar, Montenegro.)
            const bool known_area = std::any_of(cands.begin(), cands.end(), is_known_area);
            if (!known_area && !initialism) {
                bool ordinary = false;
                if (single) {
                    // Given names include many towns' ("Dallas", "Austin"): such a name is a
                    // place's when it is a large one, in a sentence, not at its start.
                    const auto smaller = [&](std::uint32_t n) {
                        return std::all_of(cands.begin(), cands.end(), [n](const GeocodeResult& r) {
                            return r.population < n;
                        });
                    };
                    const bool proper_position =
                        !tokens[t].sentence_start && !title_case[tokens[t].line];
                    ordinary = lexicon.is_word(key) || smaller(k_small_population) ||
                               (lexicon.is_given_name(key) &&
                                (!proper_position || smaller(k_given_name_population)));
                } else if (title_case[tokens[t].line]) {
                    ordinary = true;
                    for (std::size_t k = t; k <= last; ++k)
                        ordinary =
                            ordinary && (lexicon.is_word(tokens[k].lower) ||
                                         tokens[k].lower == "of" || tokens[k].lower == "the");
                }
                // (In a Title Case headline, "Shot Outside Bar" is outside a bar.)
                const bool preposition = t > 0 && !tokens[t].sentence_start &&
                                         place_preposition(tokens[t - 1].lower) &&
                                         !(title_case[tokens[t].line] && lexicon.is_word(key));
                // "Mobile police said", "Dallas officials": the town's own people.
                const bool townsfolk = last + 1 < tokens.size() && !tokens[last].comma_after &&
                                       !tokens[last + 1].sentence_start &&
                                       townsfolk_words().contains(tokens[last + 1].lower);
                f.needs_support =
                    ordinary && !preposition && !townsfolk && !organisation && !f.town_meant;
            }
            // A town known only by its ZIP codes' place name is tiny, and its name is often
            // something else ("Darfur", Minnesota; "Protection", Kansas; "United",
            // Pennsylvania); a province abroad named by words is often those words
            // ("Central", Kenya; "Lot", France; "West Coast", Gambia): they always need their state
            // or country after them or the article's support.
            bool word = true;  // every word of the name is a word ("Central", "West Coast")
            for (std::size_t k = t; k <= last; ++k)
                word = word &&
                       (lexicon.is_word(tokens[k].lower) || lexicon.is_given_name(tokens[k].lower));
            if (std::all_of(cands.begin(), cands.end(), [&](const GeocodeResult& r) {
                    return r.match == geocode::match_type::postal ||
                           (word && r.kind == place_kind::state && r.admin.country_code != "US");
                }))
                f.needs_support = true;
            // A dateline ("WASHINGTON -", "PORTLAND, Ore.", "Washington - By most
            // measures"): a sentence near the start of the text (after a headline at most)
            // that opens with the place in capitals, or in any case before a dash; datelines
            // name towns.
            if (tokens[t].sentence_start && tokens[t].begin < k_dateline_bytes) {
                const auto rest = text.substr(tokens[last].end, 4);
                const bool dash = rest.starts_with(" -") || rest.starts_with(" \xE2\x80\x94") ||
                                  rest.starts_with(" \xE2\x80\x93");
                const bool caps =
                    span.size() >= 3 && std::none_of(span.begin(), span.end(), [](char ch) {
                        return std::islower(static_cast<unsigned char>(ch));
                    });
                if (dash || (caps && (tokens[last].comma_after || rest.starts_with(" ("))))
                    f.town_meant = f.dateline = true;
                if (f.dateline) f.needs_support = false;
            }
            if (capital_meant) {
                f.needs_support = false;
                f.in_organisation = false;
            }
            found.push_back(std::move(f));
            t = last + 1;
            matched = true;
            break;
        }
        if (!matched) ++t;
    }

    // Intersections: two streets joined by "and", "&" or "at" ("SE Belmont St and SE 20th
    // Ave") are one place when a loaded gazetteer has their crossing.
    for (std::size_t i = 0; i + 1 < found.size(); ++i) {
        auto& a = found[i];
        const auto& b = found[i + 1];
        if (a.candidates().front().kind != place_kind::street ||
            b.candidates().front().kind != place_kind::street)
            continue;
        const auto gap =
            text.substr(tokens[a.last].end, tokens[b.first].begin - tokens[a.last].end);
        if (gap != " and " && gap != " & " && gap != " at ") continue;
        const std::string span(
            text.substr(tokens[a.first].begin, tokens[b.last].end - tokens[a.first].begin));
        auto [kept, fresh] = crossings.try_emplace(span);
        if (fresh) {
            kept->second = look_up(span);
            std::erase_if(kept->second, [](const GeocodeResult& r) {
                return r.kind != place_kind::intersection;
            });
        }
        if (kept->second.empty()) continue;
        a.readings = &kept->second;
        a.last = b.last;
        found.erase(found.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
    // Containment: "Portland, Ore." - a place followed by a comma and a state or country.
    for (std::size_t i = 0; i + 1 < found.size(); ++i) {
        auto& a = found[i];
        const auto& b = found[i + 1];
        if (b.first != a.last + 1 || !tokens[a.last].comma_after) continue;
        if (!std::any_of(b.candidates().begin(), b.candidates().end(),
                         [](const GeocodeResult& r) { return is_area(r); }))
            continue;
        const std::string span(
            text.substr(tokens[a.first].begin, tokens[b.last].end - tokens[a.first].begin));
        if (const auto& within = look_up(span); !within.empty()) {
            a.readings = &within;
            a.context = "containment";
            a.needs_support = false;  // "Jackson, Miss."
        } else if (const GeocodeResult& area = b.candidates().front();
                   is_area(area) &&
                   std::none_of(
                       a.candidates().begin(), a.candidates().end(), [&](const GeocodeResult& r) {
                           return is_area(r) || (r.admin.country_code == area.admin.country_code &&
                                                 (area.kind != place_kind::state ||
                                                  r.admin.state == area.admin.state));
                       })) {
            // "HOWLAND, Ohio": the gazetteer has no Howland in Ohio, and a Howland elsewhere
            // is not what the text says. (But "Kinshasa, DR Congo" is, however the pair is
            // spelt; and "New York City, Long Island" is a list.)
            a.contradicted = true;
        }
    }
    std::erase_if(found, [](const Found& f) { return f.contradicted; });
    // The article's focus: states and countries named, and those of places resolved by
    // containment, each with the names that put it there. A name is no evidence for itself:
    // "New York" naming the state must not pull "New York" to the city in it.
    // Names are compared normalised ("QUÉBEC" and "Québec", "St. Paul" and "Saint Paul").
    std::vector<std::string> keys;
    for (const auto& f : found)
        keys.push_back(gazetteer::normalize_name(
            text.substr(tokens[f.first].begin, tokens[f.last].end - tokens[f.first].begin)));
    // A name that must still earn its reading is no evidence for the others: it anchors no
    // state, country or county, and no reading near it gains (below). One mention of a name
    // that earned it carries the others.
    std::set<std::string, std::less<>> earned;
    for (std::size_t i = 0; i < found.size(); ++i)
        if (!found[i].needs_support) earned.insert(keys[i]);
    const auto gated = [&](std::size_t i) {
        return found[i].needs_support && !earned.contains(keys[i]);
    };
    using Focus = std::map<std::string, std::set<std::string>, std::less<>>;
    Focus focus_states;
    Focus focus_countries;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& f = found[i];
        if (gated(i)) continue;
        const auto& top = f.candidates().front();
        const std::string cc = top.admin.country_code + "|";
        if (top.kind == place_kind::state) focus_states[cc + top.name].insert(keys[i]);
        if (f.context == "containment" && !top.admin.state.empty())
            focus_states[cc + top.admin.state].insert(keys[i]);
        // A county or town with one reading only ("Rapides Parish") anchors its state.
        if (f.candidates().size() == 1 && !top.admin.state.empty() &&
            (top.kind == place_kind::county || top.kind == place_kind::city))
            focus_states[cc + top.admin.state].insert(keys[i]);
        if (f.context == "containment" || top.kind == place_kind::country ||
            top.kind == place_kind::state)
            focus_countries[top.admin.country_code].insert(keys[i]);
    }
    const auto in_focus = [](const Focus& focus, const std::string& area, const std::string& key) {
        const auto it = focus.find(area);
        return it != focus.end() && (it->second.size() > 1 || !it->second.contains(key));
    };
    // The article's country: where most of its places (weighted by their confidence) lie,
    // when that is a clear majority. Local news names its towns without their state; this
    // keeps "Melbourne" in a US article in the US.
    std::map<std::string, double> country_weight;
    double weight_total = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
        for (const auto& c : found[i].candidates()) {
            country_weight[c.admin.country_code] += c.confidence;
            weight_total += c.confidence;
        }
    }
    std::string article_country;
    for (const auto& [code, w] : country_weight)
        if (!code.empty() && weight_total > 0 && w / weight_total >= 0.6) article_country = code;
    // Else the country the user says the news comes from.
    if (article_country.empty()) article_country = options.country;
    // Counties that some reading of a name is ("Henry County", Tennessee or Georgia), and
    // counties that some town reading of a name lies in (Paris, Tennessee is in Henry
    // County): a town and a county of the article that fit each other are both meant.
    Focus county_named, county_of_town;
    const auto county_key = [](const std::string& county, const GeocodeResult& c) {
        return c.admin.country_code + "|" + c.admin.state + "|" + county;
    };
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (gated(i)) continue;
        for (const auto& c : found[i].candidates()) {
            if (c.kind == place_kind::county) county_named[county_key(c.name, c)].insert(keys[i]);
            if (c.kind == place_kind::city && !c.admin.county.empty())
                county_of_town[county_key(c.admin.county, c)].insert(keys[i]);
        }
    }
    // Places with one reading only (not countries or states), per country and per state.
    std::map<std::string, int, std::less<>> in_country, in_state;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& f = found[i];
        const auto& o = f.candidates().front();
        if (gated(i) || f.candidates().size() != 1 || o.kind == place_kind::country) continue;
        ++in_country[o.admin.country_code];  // "Abkhazia", a state of Georgia, counts
        if (o.kind != place_kind::state) ++in_state[o.admin.country_code + "|" + o.admin.state];
    }
    // Each candidate's weight from the article's evidence.
    std::vector<std::vector<double>> weights(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& f = found[i];
        // Re-rank: a candidate in a state the article names counts 20 times, one in a country
        // it names twice (the candidates' confidences are their population shares).
        const bool town_meant =
            f.town_meant &&
            std::any_of(f.candidates().begin(), f.candidates().end(),
                        [](const GeocodeResult& c) { return c.kind == place_kind::city; });
        for (std::size_t k = 0; k < f.candidates().size(); ++k) {
            const auto& c = f.candidates()[k];
            double w = c.confidence;
            if (town_meant && c.kind != place_kind::city) w *= k_not_town_weight;
            // A country or state that holds other places of the article ("Georgia" beside
            // "Abkhazia"): each such place counts.
            if (is_area(c)) {
                const auto& held = c.kind == place_kind::country ? in_country : in_state;
                const auto it =
                    held.find(c.kind == place_kind::country ? c.admin.country_code
                                                            : c.admin.country_code + "|" + c.name);
                if (it != held.end()) w *= 1.0 + k_area_holds_weight * it->second;
            }
            if ((c.kind == place_kind::city && !c.admin.county.empty() &&
                 in_focus(county_named, county_key(c.admin.county, c), keys[i])) ||
                (c.kind == place_kind::county &&
                 in_focus(county_of_town, county_key(c.name, c), keys[i])))
                w *= k_county_fit_weight;
            if (!c.admin.state.empty() &&
                in_focus(focus_states, c.admin.country_code + "|" + c.admin.state, keys[i]) &&
                c.kind != place_kind::state)
                w *= 20.0;  // a state the article names is strong evidence
            if (in_focus(focus_countries, c.admin.country_code, keys[i])) w *= 2.0;
            if (!article_country.empty() && c.admin.country_code == article_country)
                w *= k_article_country_weight;
            weights[i].push_back(w);
        }
    }
    // Nearby places: a reading near the other places the article names (their best
    // readings so far, towns and counties only) gains, weighted by how sure those are. The
    // anchors are one per name and reading, with the summed confidence of their mentions (a
    // name repeated a thousand times is one anchor), the most confident first. (A second
    // round from the readings the first chose did not help on the LGL development split.)
    struct Anchor {
        std::string key;
        LonLat point;
        double share = 0;
    };
    std::vector<Anchor> anchors;
    {
        std::map<std::pair<std::string, std::pair<double, double>>, double> sum;
        for (std::size_t j = 0; j < found.size(); ++j) {
            std::size_t best = 0;
            double total = 0;
            for (std::size_t k = 0; k < weights[j].size(); ++k) {
                total += weights[j][k];
                if (weights[j][k] > weights[j][best]) best = k;
            }
            const auto& o = found[j].candidates()[best];
            if (!is_area(o) && total > 0 && !gated(j))
                sum[{keys[j], {o.point.lon, o.point.lat}}] += weights[j][best] / total;
        }
        for (const auto& [k, share] : sum)
            anchors.push_back({k.first, LonLat::unchecked(k.second.first, k.second.second), share});
        std::sort(anchors.begin(), anchors.end(),
                  [](const Anchor& x, const Anchor& y) { return x.share > y.share; });
        if (anchors.size() > k_max_anchors) anchors.resize(k_max_anchors);
    }
    // Anchors by 1-degree cell, so that a text of many distinct names stays near linear.
    const auto cell = [](double lon, double lat) {
        return static_cast<long>(std::floor(lat)) * 1000 + static_cast<long>(std::floor(lon));
    };
    std::map<long, std::vector<std::size_t>> grid;
    for (std::size_t a = 0; a < anchors.size(); ++a)
        grid[cell(anchors[a].point.lon, anchors[a].point.lat)].push_back(a);
    std::map<std::pair<std::string, std::pair<double, double>>, double> near_cache;
    const auto near_of = [&](const std::string& key, LonLat p) {
        const auto [it, fresh] = near_cache.try_emplace({key, {p.lon, p.lat}}, 0.0);
        if (!fresh) return it->second;
        // k_near_m (100 km) is under one degree of latitude; longitude cells widen with it.
        const double cos_lat = std::cos(std::min(89.0, std::fabs(p.lat) + 1.0) * k_pi / 180.0);
        const int lon_cells = std::min(180, static_cast<int>(std::ceil(1.0 / cos_lat)));
        for (int dlat = -1; dlat <= 1; ++dlat)
            for (int dlon = -lon_cells; dlon <= lon_cells; ++dlon) {
                double lon = p.lon + dlon;
                if (lon >= 180) lon -= 360;
                if (lon < -180) lon += 360;
                const auto g = grid.find(cell(lon, p.lat + dlat));
                if (g == grid.end()) continue;
                for (const std::size_t a : g->second)
                    if (anchors[a].key != key &&
                        geodesy::spherical::haversine_distance_m(p, anchors[a].point) <= k_near_m)
                        it->second += anchors[a].share;
            }
        return it->second;
    };
    auto final_weights = weights;
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (found[i].candidates().size() < 2) continue;
        for (std::size_t k = 0; k < found[i].candidates().size(); ++k)
            if (!is_area(found[i].candidates()[k]))
                final_weights[i][k] *=
                    1.0 + k_near_weight * near_of(keys[i], found[i].candidates()[k].point);
    }
    // One sense per discourse: the mentions of one name share its reading, so that the
    // evidence of each ("Jordan Elementary School", "Portland, Maine") decides for all. Each
    // mention votes with its readings' shares; one resolved by containment votes wholly for
    // the reading it was resolved to, and keeps it.
    {
        const auto identity = [](const GeocodeResult& c) {
            return std::make_pair(c.gazetteer, c.place_index);
        };
        std::map<std::string, std::map<std::pair<std::string, std::uint32_t>, double>> votes;
        for (std::size_t i = 0; i < found.size(); ++i) {
            auto& vote = votes[keys[i]];
            const auto& w = final_weights[i];
            if (!found[i].context.empty()) {
                const auto best = std::max_element(w.begin(), w.end()) - w.begin();
                vote[identity(found[i].candidates()[static_cast<std::size_t>(best)])] += 1.0;
                continue;
            }
            double total = 0;
            for (const double x : w) total += x;
            if (total <= 0) continue;
            for (std::size_t k = 0; k < w.size(); ++k)
                vote[identity(found[i].candidates()[k])] += w[k] / total;
        }
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (!found[i].context.empty()) continue;
            const auto& vote = votes[keys[i]];
            for (std::size_t k = 0; k < final_weights[i].size(); ++k) {
                const auto it = vote.find(identity(found[i].candidates()[k]));
                final_weights[i][k] = it != vote.end() ? it->second : 0.0;
            }
        }
    }
    // A name that had to earn its reading keeps it when another mention of it earned it, or
    // when its reading lies in a state or county the article names or near its other places.
    const auto supported = [&](std::size_t i) {
        const auto& f = found[i];
        if (!gated(i)) return true;
        const auto& w = final_weights[i];
        const auto best =
            static_cast<std::size_t>(std::max_element(w.begin(), w.end()) - w.begin());
        const auto& c = f.candidates()[best];
        return (!c.admin.state.empty() &&
                in_focus(focus_states, c.admin.country_code + "|" + c.admin.state, keys[i])) ||
               (c.kind == place_kind::city && !c.admin.county.empty() &&
                in_focus(county_named, county_key(c.admin.county, c), keys[i])) ||
               // A country the article names, but not the United States: US news names it
               // in passing, and its towns need their state.
               (c.admin.country_code != "US" &&
                in_focus(focus_countries, c.admin.country_code, keys[i])) ||
               near_of(keys[i], c.point) > 0;
    };
    std::vector<PlaceMention> out;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& f = found[i];
        if (!supported(i)) continue;
        PlaceMention m;
        m.begin = tokens[f.first].begin;
        m.end = tokens[f.last].end;
        m.text = std::string(text.substr(m.begin, m.end - m.begin));
        m.in_organisation = f.in_organisation;
        std::vector<std::pair<double, std::size_t>> ranked;
        for (std::size_t k = 0; k < f.candidates().size(); ++k) {
            ranked.emplace_back(final_weights[i][k], k);
        }
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        double total = 0;
        for (const auto& r : ranked) total += r.first;
        m.place = f.candidates()[ranked.front().second];
        if (ranked.size() > 1) m.runner_up = f.candidates()[ranked[1].second];
        m.confidence = total > 0 ? ranked.front().first / total : 0.0;
        if (!f.context.empty())
            m.resolved_by = f.context;
        else if (f.candidates().size() == 1)
            m.resolved_by = "single";
        else if (ranked.front().second != 0)
            m.resolved_by = "focus";
        else
            m.resolved_by = "prior";
        if (f.dateline || (i == 0 && f.first == 0 && !f.context.empty()))
            m.resolved_by = "dateline";
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace incidentmap::extract
