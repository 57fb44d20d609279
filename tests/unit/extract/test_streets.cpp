#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/gazetteer/builder.hpp>

#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;
namespace fs = std::filesystem;

namespace {

// The test gazetteer with the project's small OpenStreetMap fixture stacked on it: streets
// and their crossing in Portland, two hospitals in Columbus.
struct Stack {
    gazetteer::Gazetteer base;
    gazetteer::Gazetteer osm;
};

const geocode::Geocoder& coder() {
    static const Stack s = [] {
        const char* base = std::getenv("INCIDENTMAP_TEST_GAZETTEER");
        REQUIRE_MESSAGE(base != nullptr,
                        "INCIDENTMAP_TEST_GAZETTEER is not set (run through ctest)");
        const std::string out =
            (fs::temp_directory_path() / "incidentmap-extract-osm.bin").string();
        (void)gazetteer::import_osm(test::source_path("tests/data/osm/small.osm"), out,
                                    "test fixture");
        return Stack{gazetteer::Gazetteer::open(base), gazetteer::Gazetteer::open(out)};
    }();
    static const geocode::Geocoder c({&s.base, &s.osm});
    return c;
}

ExtractResult run(const std::string& text) {
    ExtractOptions o;
    o.published = parse_iso8601("2026-01-08");
    return extract_incidents(text, coder(), Rules::builtin(), o);
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
