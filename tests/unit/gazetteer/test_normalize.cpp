#include <string>

#include <doctest/doctest.h>

#include <incidentmap/gazetteer/normalize.hpp>

using incidentmap::gazetteer::bounded_edit_distance;
using incidentmap::gazetteer::normalize_name;

TEST_SUITE("gazetteer") {
    TEST_CASE("names normalise to one key whatever their spelling") {
        struct Case {
            const char* text;
            const char* key;
        };
        const Case cases[] = {
            {"St. Paul", "saint paul"},
            {"ST PAUL", "saint paul"},
            {"Saint Paul", "saint paul"},
            {"Zürich", "zurich"},
            {"São Tomé", "sao tome"},
            {"O'Fallon", "ofallon"},
            {"O\xe2\x80\x99"
             "Fallon",
             "ofallon"},
            {"Winston-Salem", "winston salem"},
            {"Mt. Hood", "mount hood"},
            {"Ft. Worth", "fort worth"},
            {"Ste. Genevieve", "sainte genevieve"},
            {"  Portland,  OR ", "portland or"},
            {"Straße", "strasse"},
            {"MÜNCHEN", "munchen"},
            {"Washington, D.C.", "washington dc"},
            {"Main St", "main st"},
            {"", ""},
            {"  ,.; ", ""},
            {"a\xff"
             "b",
             "ab"},
            {"West St. Paul", "west saint paul"},
            {"Lake St. Louis", "lake saint louis"},
            {"Main St", "main st"},
            {"\xe2\x80\x9cPortland\xe2\x80\x9d", "portland"},
            {"Portland\xe2\x80\x94Oregon", "portland oregon"},
            {"Hawai\xca\xbbi", "hawaii"},
            {"\xc2\xabParis\xc2\xbb", "paris"},
            {"Москва", "москва"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            CHECK(normalize_name(c.text) == c.key);
        }
    }

    TEST_CASE("bounded edit distance counts insertions, deletions and substitutions") {
        CHECK(bounded_edit_distance("minneapolis", "minneaplis", 2) == 1);
        CHECK(bounded_edit_distance("albany", "albania", 2) == 2);
        CHECK(bounded_edit_distance("portland", "portland", 2) == 0);
        CHECK(bounded_edit_distance("kitten", "sitting", 3) == 3);
        CHECK(bounded_edit_distance("kitten", "sitting", 2) == 3);  // limit + 1
        CHECK(bounded_edit_distance("a", "abcdef", 2) == 3);
        CHECK(bounded_edit_distance("", "ab", 2) == 2);
    }
}
