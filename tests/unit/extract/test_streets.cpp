#include <cstdlib>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/incidents.hpp>

#include "support/extract_run.hpp"
#include "support/fixture_geocoder.hpp"
#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;

namespace {

const geocode::Geocoder& coder() {
    return test::osm_fixture_geocoder();
}

ExtractResult run(const std::string& text) {
    return test::extract_published(text, coder());
}

}  // namespace

TEST_SUITE("extract") {
    TEST_CASE("with an OpenStreetMap gazetteer, streets and crossings are places") {
        const auto ms = find_places(
            "A man was shot on SE Belmont St in Portland. Later police closed W Burnside St and "
            "NW 10th Ave.",
            coder());
        std::vector<std::string> texts;
        for (const auto& m : ms) texts.push_back(m.text);
        REQUIRE(texts == std::vector<std::string>{"SE Belmont St", "Portland",
                                                  "W Burnside St and NW 10th Ave"});
        CHECK(ms[0].place.kind == gazetteer::place_kind::street);
        CHECK(ms[2].place.kind == gazetteer::place_kind::intersection);
    }

    TEST_CASE("a shooting at a crossing: the scene is the crossing, named with its town") {
        const auto r =
            run("A man was shot at W Burnside St and NW 10th Ave in Portland, Oregon, on Monday.");
        REQUIRE(r.incidents.incidents.size() == 1);
        const auto& inc = r.incidents.incidents[0];
        CHECK(inc.id == "portland-2026-01-05");
        CHECK(inc.title.find("at Northwest 10th Avenue & West Burnside Street, Portland, Oregon") !=
              std::string::npos);
        const auto* scene = inc.find_location("scene");
        REQUIRE(scene != nullptr);
        CHECK(scene->precision == precision_class::intersection);
        CHECK(scene->uncertainty_m < 100);
        CHECK(r.unresolved.empty());
    }

    TEST_CASE("a hospital the report does not name, with two loaded: the area, reported") {
        const auto r = run("Two people were shot outside a hospital in Columbus, Ohio, on Monday.");
        REQUIRE(r.incidents.incidents.size() == 1);
        const auto* scene = r.incidents.incidents[0].find_location("scene");
        REQUIRE(scene != nullptr);
        CHECK(scene->precision == precision_class::city);
        REQUIRE(r.unresolved.size() == 1);
        CHECK(r.unresolved[0].reason.find("2 hospitals are loaded") != std::string::npos);
    }
}
