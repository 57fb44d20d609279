#include <cstdlib>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/places.hpp>

#include "support/fixture_geocoder.hpp"
#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;

namespace {

const geocode::Geocoder& coder() {
    return test::fixture_geocoder();
}

std::vector<std::string> texts(const std::vector<PlaceMention>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.text);
    return out;
}

}  // namespace

TEST_SUITE("extract") {
    TEST_CASE("the project's seed report: places with offsets, dateline and containment") {
        const std::string text = read_file(test::source_path("data/seed-report.txt"));
        const auto ms = find_places(text, coder());
        REQUIRE_FALSE(ms.empty());
        for (const auto& m : ms) CHECK(text.substr(m.begin, m.end - m.begin) == m.text);
        CHECK(ms[0].text == "PORTLAND");
        CHECK(ms[0].resolved_by == "dateline");
        CHECK(ms[0].place.admin.state == "Oregon");
        bool minneapolis = false, st_paul = false, twin = false;
        for (const auto& m : ms) {
            if (m.text == "Portland") CHECK(m.place.admin.state == "Oregon");
            minneapolis =
                minneapolis || (m.text == "Minneapolis" && m.place.admin.state == "Minnesota");
            st_paul = st_paul || (m.text == "St. Paul" && m.place.name == "Saint Paul");
            twin = twin || (m.text == "Twin Cities" && m.place.name == "Minneapolis");
            CHECK(m.text != "Homeland");
        }
        CHECK(minneapolis);
        CHECK(st_paul);
        CHECK(twin);
    }

    TEST_CASE("names of people, titles, common words and weekdays are not places") {
        const std::string text =
            "Mayor Keith Wilson spoke on Thursday. Jacob Frey said Renee Good was shot. "
            "Good morning, said Portland Maine Police. Reading is fun. We’ll see.";
        const auto found = texts(find_places(text, coder()));
        for (const auto& t : found) {
            CAPTURE(t);
            CHECK(t != "Good");
            CHECK(t != "Reading");
            CHECK(t != "Wilson");
            CHECK(t != "Thursday");
            CHECK(t != "We’ll");
        }
    }

    TEST_CASE("a name that is also an English word or a given name must earn its reading") {
        // The fixture holds Man (Ivory Coast, GeoNames 2284647), Bar (Montenegro, 3204509),
        // Katherine (Northern Territory, 2068655), Mobile (Alabama, 4076598), Welcome (South
        // Carolina, 4600413) and Dallas (Texas, 4684888). Each row: a text, and the mentions
        // expected in it ("" for none).
        struct Case {
            std::string text;
            std::string places;  // the mentions' texts, joined by "|"
        };
        const Case cases[] = {
            // Ordinary words, at a sentence's start or in a Title Case headline: no evidence.
            {"Man who shot his son had a history of violence.", ""},
            {"Bar owners worried.", ""},
            {"Welcome back. Please sign in.", ""},
            {"Man Shot Outside Bar After Argument", ""},
            // A given name alone, and a given name before a surname, are people.
            {"Police said Katherine was shot twice.", ""},
            {"Katherine Smith, 24, was shot.", ""},
            // A preposition of place, a town's people and a dateline are evidence.
            {"A man was shot in Mobile on Monday.", "Mobile"},
            {"Mobile police said a man was shot.", "Mobile"},
            {"MOBILE, Ala. - A man was shot.", "MOBILE"},
            // A large town named like a person, in a sentence: the town.
            {"He was taken to a Dallas hospital.", "Dallas"},
            // One mention that earned its reading carries the others of the name.
            {"A man was shot in Mobile. Mobile is a port.", "Mobile|Mobile"},
            // The article's other places support a reading in their state.
            {"Mobile grew. Alabama is east of Texas.", "Mobile|Alabama|Texas"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            std::string joined;
            for (const auto& t : texts(find_places(c.text, coder())))
                joined += (joined.empty() ? "" : "|") + t;
            CHECK(joined == c.places);
        }
    }

    TEST_CASE("an organisation named after a place still points to it") {
        const auto ms =
            find_places("Officers of the Portland Police Bureau answered the call.", coder());
        REQUIRE(ms.size() == 1);
        CHECK(ms[0].text == "Portland");
        CHECK(ms[0].in_organisation);
    }

    TEST_CASE("an organisation whose name goes on past the place still points to it") {
        // "St. Paul" followed by a capitalised word is not a person's name when an
        // organisation word follows within two words; the fixture's Paul, Idaho (GeoNames
        // 5603391) must not be read from the newspaper's name.
        const auto ms =
            find_places("Morris told the St. Paul Pioneer Press he was angry.", coder());
        REQUIRE(ms.size() == 1);
        CHECK(ms[0].text == "St. Paul");
        CHECK(ms[0].place.name == "Saint Paul");
        CHECK(ms[0].in_organisation);
    }

    TEST_CASE("datelines in capitals keep their abbreviations, and a dash marks one in any case") {
        // "ST." is the abbreviation of "Saint" in capitals too, not the end of a sentence.
        struct Case {
            std::string text, mention, name;
        };
        const std::vector<Case> cases{
            {"ST. PAUL -- No matter how hard taxes get, do not threaten the clerk.", "ST. PAUL",
             "Saint Paul"},
            {"ST. PARIS \xE2\x80\x94 Four children died in a fire.", "ST. PARIS", "Saint Paris"},
            {"Stimulus is slow. Washington \xE2\x80\x94 By most measures the bill worked.",
             "Washington", "Washington"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto ms = find_places(c.text, coder());
            REQUIRE_FALSE(ms.empty());
            CHECK(ms[0].text == c.mention);
            CHECK(ms[0].place.name == c.name);
            CHECK(ms[0].resolved_by == "dateline");
        }
    }

    TEST_CASE("a dotted initialism reads as its curated alias, and an initial is no full stop") {
        // "L.A." is in the aliases (as in data/gazetteer/aliases.tsv); a single word's alias
        // counts only for such initialisms, and "L.A. said" is not a person speaking.
        auto ms = find_places("Officials in L.A. said the port reopened.", coder());
        REQUIRE(ms.size() == 1);
        CHECK(ms[0].text == "L.A.");
        CHECK(ms[0].place.name == "Los Angeles");
        // "J." is an initial: "Portland" after it ends a person's name, not a sentence.
        CHECK(find_places("The award went to Sarah J. Portland, a nurse.", coder()).empty());
    }

    TEST_CASE("natural features and parks named after places are not those places") {
        // The gazetteer holds no lakes, gulfs or parks: "Lake Oregon" is not the state, and
        // "Portland Park" is not the city; the town in the same text still is.
        const auto found = texts(find_places(
            "Boats crossed Lake Oregon and the Gulf of Maine. Crowds filled Portland Park "
            "near Minneapolis. Barges moved down the Ohio River and the Red River.",
            coder()));
        CHECK(found == std::vector<std::string>{"Minneapolis"});
        // Red River County, Texas (FIPS 48387) is "Red River" by its short name, but a name
        // ending in a feature word is the feature; the county is still found by its name.
        const auto county = find_places("Red River County deputies came.", coder());
        REQUIRE(county.size() == 1);
        CHECK(county[0].place.kind == gazetteer::place_kind::county);
    }

    TEST_CASE("a name with \"of the\" inside is one mention") {
        // The fixture's aliases.tsv names Fiji by its 1998-2011 official name.
        const auto ms = find_places("Aid reached the Republic of the Fiji Islands.", coder());
        REQUIRE(ms.size() == 1);
        CHECK(ms[0].text == "Republic of the Fiji Islands");
        CHECK(ms[0].place.name == "Fiji");
        CHECK(ms[0].place.kind == gazetteer::place_kind::country);
    }

    TEST_CASE("continents are read as continents, never as namesake villages") {
        // The fixture holds Europe but not Africa or South America, and the villages África
        // (Puebla, Mexico, GeoNames 8861781), which "Africa" matches once accents are
        // folded, and America (Limburg, Netherlands, GeoNames 2759831).
        const auto found =
            find_places("Cases rose across Africa, Europe and South America.", coder());
        REQUIRE(found.size() == 1);
        CHECK(found[0].text == "Europe");
        CHECK(found[0].place.kind == gazetteer::place_kind::region);
        // Incident extraction reads no place wider than a country; find_places can be told so.
        PlaceOptions countries;
        countries.min_precision = precision_class::country;
        CHECK(find_places("Cases rose across Europe.", coder(), countries).empty());
    }

    TEST_CASE("a capital standing for its government is the capital, not a state or a person") {
        // Location metonymy. Washington, D.C. is GeoNames 4140963 (a PPLC); the fixture also
        // holds Washington County, Oregon, which "Washington" matches by its short name.
        for (const char* text : {"Relations between Washington and Tirana soured this year.",
                                 "Washington and Tirana signed the accord.",
                                 "Washington said on Monday it would send aid."}) {
            CAPTURE(text);
            const auto found = find_places(text, coder());
            REQUIRE_FALSE(found.empty());
            CHECK(found[0].text == "Washington");
            CHECK(found[0].place.geonames_id == 4140963);
        }
        // "Ottawa said" would be a person by the verb of speech; the capital is meant.
        const auto ottawa = find_places("Ottawa said on Monday it would send aid.", coder());
        REQUIRE(ottawa.size() == 1);
        CHECK(ottawa[0].place.geonames_id == 6094817);
    }

    TEST_CASE("seats of government are no places, and not what their names match elsewhere") {
        // GeoNames lists "White House" among Casablanca's alternate names (2553604).
        for (const char* text : {"The White House said the plan would go ahead.",
                                 "The Kremlin denied it, and the Pentagon did not answer."}) {
            CAPTURE(text);
            CHECK(find_places(text, coder()).empty());
        }
    }

    TEST_CASE("possessives with either apostrophe, and X-based, name the place") {
        for (const char* text :
             {"Portland's mayor spoke.", "Portland\xE2\x80\x99s mayor spoke.",
              "A Portland-based charity paid.", "Why is Portland getting so wet?"}) {
            CAPTURE(text);
            const auto found = find_places(text, coder());
            REQUIRE(found.size() == 1);
            CHECK(found[0].text == "Portland");
            CHECK(found[0].place.admin.state == "Oregon");
        }
    }

    TEST_CASE("\"EU\" is the European Union, a region") {
        const auto found = find_places("Health workers from the EU arrived on Monday.", coder());
        REQUIRE(found.size() == 1);
        CHECK(found[0].place.name == "European Union");
        CHECK(found[0].place.precision == precision_class::region);
    }

    TEST_CASE("the article's states steer ambiguous names") {
        const auto ms = find_places(
            "In Maine, the city council met. Portland officials said the vote failed.", coder());
        REQUIRE(ms.size() == 2);
        CHECK(ms[1].text == "Portland");
        CHECK(ms[1].place.admin.state == "Maine");
        CHECK(ms[1].resolved_by == "focus");
        REQUIRE(ms[1].runner_up.has_value());
        CHECK(ms[1].runner_up->admin.state == "Oregon");
    }

    TEST_CASE(
        "a county the article names steers the towns in it, and a name is no evidence "
        "for itself") {
        // Portland, Maine lies in Cumberland County; without the county, the larger Portland.
        auto ms = find_places("Portland police and Cumberland County deputies met.", coder());
        REQUIRE(ms.size() == 2);
        CHECK(ms[0].place.admin.state == "Maine");
        ms = find_places("Portland police and deputies met.", coder());
        REQUIRE(ms.size() == 1);
        CHECK(ms[0].place.admin.state == "Oregon");
        // "New York" naming the state does not pull itself to the city in it.
        ms = find_places("New York lawmakers passed the bill. New York will pay.", coder());
        REQUIRE(ms.size() == 2);
        for (const auto& m : ms) CHECK(m.place.kind == gazetteer::place_kind::state);
    }

    TEST_CASE("a title after a full stop or a comma starts no name with the place before it") {
        // "Tirana Dr" would be a street; "Tirana. Dr. Hoxha" and "Tirana, Dr. Hoxha" are a
        // place and a person.
        for (const std::string text : {"Medics flew to Tirana. Dr. Ana Hoxha met them.",
                                       "Medics flew to Tirana, Dr. Ana Hoxha said."}) {
            CAPTURE(text);
            const auto ms = find_places(text, coder());
            REQUIRE(ms.size() == 1);
            CHECK(ms[0].text == "Tirana");
            CHECK(ms[0].place.admin.country_code == "AL");
        }
    }

    TEST_CASE("a place before a comma and a state the place is not in is no place") {
        // The fixture has Dallas in Texas and in Oregon, and Columbus only in Ohio.
        auto ms = find_places("Shots were fired in Dallas, Ore.", coder());
        REQUIRE(ms.size() == 2);
        CHECK(ms[0].place.admin.state == "Oregon");
        ms = find_places("Shots were fired in Columbus, Texas.", coder());
        REQUIRE(ms.size() == 1);
        CHECK(ms[0].text == "Texas");
        // A list of towns is no containment: "Columbus, Washington and Albany".
        ms = find_places("Flu cases were found in Columbus, Washington and Albany.", coder());
        CHECK(texts(ms) == std::vector<std::string>{"Columbus", "Washington", "Albany"});
    }

    TEST_CASE("the mentions of one name share one reading") {
        // "New York Police" means the city (a town's organisation); the later bare "New York",
        // which alone would be the state, is read the same way.
        const auto ms =
            find_places("New York Police officers arrived. Later New York paid the bill.", coder());
        REQUIRE(ms.size() == 2);
        for (const auto& m : ms) CHECK(m.place.name == "New York City");
        REQUIRE(find_places("Later New York paid the bill.", coder()).size() == 1);
        CHECK(find_places("Later New York paid the bill.", coder())[0].place.kind ==
              gazetteer::place_kind::state);
    }

    TEST_CASE("bad and empty input") {
        CHECK(find_places("", coder()).empty());
        CHECK(find_places("no capitalised words here at all.", coder()).empty());
        CHECK(
            find_places("<html><body><p>Shots fired in Portland, Maine.</p></body></html>", coder())
                .size() == 2);
        CHECK_THROWS_WITH_AS((void)find_places("Portland \xff Oregon", coder()),
                             doctest::Contains("not valid UTF-8 (byte 9)"), invalid_input);
        PlaceOptions small;
        small.max_bytes = 10;
        CHECK_THROWS_WITH_AS((void)find_places("Portland, Oregon is big", coder(), small),
                             doctest::Contains("the limit is 10"), invalid_input);
        // The news' country is a code in capitals, as ISO 3166-1 writes it.
        for (const std::string bad : {"us", "USA", "U"}) {
            PlaceOptions o;
            o.country = bad;
            CHECK_THROWS_WITH_AS((void)find_places("Shots fired in Portland.", coder(), o),
                                 doctest::Contains("PlaceOptions::country: expected an ISO "
                                                   "3166-1 alpha-2 code in capitals"),
                                 invalid_input);
        }
        const std::string big(3u << 20, 'a');  // 3 MB of text without places
        CHECK(find_places(big, coder()).empty());
    }
}
