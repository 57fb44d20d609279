#include <cmath>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/incident/json.hpp>

#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::incident;

namespace {

// A small valid collection; the bad-input cases below each break one thing in it.
const std::string k_valid = R"({
  "format": "incidentmap-incidents",
  "version": 1,
  "incidents": [
    {
      "id": "a",
      "time": {"start": "2026-01-08T14:15-08:00", "start_precision": "hour"},
      "casualties": {"killed": 0, "injured": {"low": 1, "best": 2, "high": 3}},
      "locations": [
        {"id": "scene", "role": "scene", "lon": -122.57, "lat": 45.515, "precision": "city", "uncertainty_m": 9000},
        {"id": "found", "role": "found", "precision": "unknown"}
      ],
      "links": [{"from": "scene", "to": "found", "stated": {"low_m": 2414.016, "high_m": 4828.032}}]
    }
  ]
})";

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, "test setup: text not found: " << from);
    return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_SUITE("incident") {
    TEST_CASE("the seed file holds the two incidents of the seed report") {
        const auto c = read_incidents(test::source_path("data/seed-incidents.json"));
        REQUIRE(c.incidents.size() == 2);
        const Incident& portland = c.incidents[0];
        CHECK(portland.casualties.injured == CountRange{2, 2, 2});
        CHECK(portland.casualties.killed == CountRange{0, 0, 0});
        REQUIRE(portland.actors.size() == 1);
        CHECK(portland.actors[0].name == "federal immigration officers");
        const Location* scene = portland.find_location("scene");
        REQUIRE(scene != nullptr);
        // The report names no hospital or street: the scene is a description to geocode,
        // with no coordinates of its own.
        CHECK(scene->place == "the eastern part of Portland, Oregon");
        CHECK(type_of(scene->geometry) == geometry_type::none);
        CHECK(scene->precision == precision_class::unknown);
        const Location* found = portland.find_location("found");
        REQUIRE(found != nullptr);
        CHECK(type_of(found->geometry) == geometry_type::none);
        REQUIRE(portland.links.size() == 1);
        REQUIRE(portland.links[0].stated.has_value());
        CHECK(portland.links[0].stated->low_m == doctest::Approx(1.5 * 1609.344));
        CHECK(portland.links[0].stated->high_m == doctest::Approx(3 * 1609.344));
        const Incident& minneapolis = c.incidents[1];
        CHECK(minneapolis.casualties.killed == CountRange{1, 1, 1});
        CHECK(minneapolis.time.start->precision == time_precision::day);
        // The day before the Portland shooting.
        CHECK(to_iso8601(*minneapolis.time.start) == "2026-01-07");
        CHECK(minneapolis.locations.at(0).place == "Minneapolis, Minnesota");
    }

    TEST_CASE("a collection round-trips through the JSON format") {
        const auto original = read_incidents(test::source_path("data/seed-incidents.json"));
        const auto again = parse_incidents(to_json(original), "round-trip");
        CHECK(again == original);

        // Every geometry kind, count ranges, sources and time ends survive too.
        IncidentCollection c;
        Incident inc;
        inc.id = "x";
        inc.time.start = parse_iso8601("2025-12-31T23:00:00Z");
        inc.time.end = parse_iso8601("2026-01-01T01:30:00+01:00");
        inc.casualties.injured = CountRange{1, 2, 4};
        inc.sources.push_back({"https://example.org/a?b=c", "Example News", "Title \"quoted\"",
                               parse_iso8601("2026-01-02")});
        const Ring square{LonLat::make(0, 0), LonLat::make(1, 0), LonLat::make(1, 1),
                          LonLat::make(0, 1), LonLat::make(0, 0)};
        Location line{"l",
                      location_role::reference,
                      LineString{{LonLat::make(0, 0), LonLat::make(1, 1)}},
                      precision_class::street,
                      20.0,
                      derivation_method::geocoded,
                      "note",
                      "Main St",
                      "on Main St",
                      "Main St, Springfield",
                      {{3, 10}, {20, 27}},
                      ""};
        Location poly{"p",
                      location_role::context,
                      Polygon{square, {}},
                      precision_class::neighbourhood,
                      800.0,
                      derivation_method::given,
                      "",
                      "",
                      "",
                      "",
                      {},
                      "l"};
        Location multi{"m",
                       location_role::death,
                       MultiPolygon{{Polygon{square, {}}}},
                       precision_class::county,
                       1.0e4,
                       derivation_method::given,
                       "",
                       "",
                       "",
                       "",
                       {},
                       ""};
        Location mls{"ml",
                     location_role::hospital,
                     MultiLineString{{LineString{{LonLat::make(2, 2), LonLat::make(3, 3)}}}},
                     precision_class::street,
                     50.0,
                     derivation_method::given,
                     "",
                     "",
                     "",
                     "",
                     {},
                     ""};
        inc.locations = {line, poly, multi, mls};
        inc.links.push_back({"l", "p", "near", StatedDistance{"", 0, 100}});
        c.incidents.push_back(inc);
        CHECK(parse_incidents(to_json(c)) == c);
    }

    TEST_CASE("write_incidents writes a file that reads back") {
        const auto c = read_incidents(test::source_path("data/seed-incidents.json"));
        const auto path =
            (std::filesystem::temp_directory_path() / "incidentmap-roundtrip.json").string();
        write_incidents(path, c);
        CHECK(read_incidents(path) == c);
        std::filesystem::remove(path);
    }

    TEST_CASE("bad input names the file, the JSON pointer and what was expected") {
        struct Case {
            std::string name;
            std::string json;
            std::string where;
            std::string expected;
        };
        const Case cases[] = {
            {"malformed JSON", replace(k_valid, "\"version\": 1,", "\"version\": 1"),
             "line 4, column 13", "malformed JSON"},
            {"NaN is not JSON", replace(k_valid, "\"lat\": 45.515", "\"lat\": NaN"),
             "line 10, column 65", "malformed JSON"},
            {"latitude out of range", replace(k_valid, "\"lat\": 45.515", "\"lat\": 95"),
             "/incidents/0/locations/0/lat", "expected a latitude in [-90, 90], got 95"},
            {"longitude out of range", replace(k_valid, "\"lon\": -122.57", "\"lon\": -222.57"),
             "/incidents/0/locations/0/lon", "expected a longitude in [-180, 180]"},
            {"wrong type",
             replace(k_valid, "\"uncertainty_m\": 9000", "\"uncertainty_m\": \"9 km\""),
             "/incidents/0/locations/0/uncertainty_m", "expected a number, got a string \"9 km\""},
            {"unknown role", replace(k_valid, "\"role\": \"found\"", "\"role\": \"victim\""),
             "/incidents/0/locations/1/role", "expected one of scene, found, hospital"},
            {"link to a missing location",
             replace(k_valid, "\"to\": \"found\"", "\"to\": \"fonud\""), "/incidents/0/links/0/to",
             "no location with id \"fonud\""},
            {"duplicate location id", replace(k_valid, "\"id\": \"found\"", "\"id\": \"scene\""),
             "/incidents/0/locations/1/id", "duplicate location id \"scene\""},
            {"unknown member",
             replace(k_valid, "\"precision\": \"city\"", "\"precison\": \"city\""),
             "/incidents/0/locations/0/precison", "unexpected member \"precison\""},
            {"missing member", replace(k_valid, "\"id\": \"a\",", ""), "/incidents/0/id",
             "missing required member \"id\""},
            {"count range out of order",
             replace(k_valid, "{\"low\": 1, \"best\": 2, \"high\": 3}",
                     "{\"low\": 3, \"best\": 2}"),
             "/incidents/0/casualties/injured", "expected low <= best <= high"},
            {"negative count", replace(k_valid, "\"killed\": 0", "\"killed\": -1"),
             "/incidents/0/casualties/killed", "expected a whole number >= 0"},
            {"unknown precision with coordinates",
             replace(k_valid, "\"precision\": \"city\"", "\"precision\": \"unknown\""),
             "/incidents/0/locations/0/precision", "needs a precision other than \"unknown\""},
            {"bad time", replace(k_valid, "2026-01-08T14:15-08:00", "Thursday"),
             "/incidents/0/time/start", "invalid ISO 8601 time"},
            {"stated interval reversed", replace(k_valid, "\"low_m\": 2414.016", "\"low_m\": 9999"),
             "/incidents/0/links/0/stated", "expected 0 <= low_m <= high_m"},
            {"span out of order",
             replace(k_valid, "\"role\": \"found\"",
                     "\"role\": \"found\", \"spans\": [{\"begin\": 5, \"end\": 2}]"),
             "/incidents/0/locations/1/spans/0", "expected begin <= end"},
            {"span offset not whole",
             replace(k_valid, "\"role\": \"found\"",
                     "\"role\": \"found\", \"spans\": [{\"begin\": 1.5, \"end\": 2}]"),
             "/incidents/0/locations/1/spans/0/begin", "expected a whole number >= 0"},
            {"not an object", "[1, 2]", "/", "expected an object, got an array"},
            {"wrong version", replace(k_valid, "\"version\": 1", "\"version\": 2"), "/version",
             "expected format version 1"},
            {"invalid UTF-8", replace(k_valid, "\"id\": \"a\"", "\"id\": \"a\xff\""),
             "line 6, column 15", "malformed JSON"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.name);
            try {
                (void)parse_incidents(c.json, "cases.json");
                FAIL("expected data_error");
            } catch (const data_error& e) {
                const std::string message = e.what();
                CAPTURE(message);
                CHECK(e.code() == errc::data_error);
                CHECK(e.source() == "cases.json");
                CHECK(e.where().rfind(c.where, 0) == 0);
                CHECK(e.problem().find(c.expected) != std::string::npos);
                CHECK(std::string(e.what()).rfind("cases.json: " + c.where, 0) == 0);
            }
        }
        CHECK_NOTHROW((void)parse_incidents(k_valid, "cases.json"));
    }

    TEST_CASE("duplicate incident ids are reported at the second one") {
        const std::string two =
            replace(k_valid, "  ]\n}", "  ,{\"id\": \"a\", \"locations\": []}]\n}");
        try {
            (void)parse_incidents(two, "dup.json");
            FAIL("expected data_error");
        } catch (const data_error& e) {
            CHECK(e.where() == "/incidents/1/id");
        }
    }

    TEST_CASE("to_json refuses a collection that does not validate, and invalid UTF-8") {
        IncidentCollection c;
        c.incidents.push_back(Incident{});
        CHECK_THROWS_AS((void)to_json(c), invalid_input);
        c.incidents[0].id = "bad\xc3";
        CHECK_THROWS_AS((void)to_json(c), invalid_input);
    }

    TEST_CASE("a missing file is an io_error") {
        CHECK_THROWS_AS((void)read_incidents("/nonexistent/incidents.json"), io_error);
    }
}

TEST_SUITE("incident") {
    TEST_CASE("a coarse precision over a finer local time survives the file format") {
        // Regression (review of 2026-11-28): day precision with a UTC offset was written as
        // "2026-01-08-08:00", which no reader accepts.
        IncidentCollection c;
        Incident inc;
        inc.id = "t";
        for (auto p : {time_precision::year, time_precision::month, time_precision::day,
                       time_precision::hour}) {
            Timestamp t = parse_iso8601("2026-01-08T23:30-08:00");
            t.precision = p;
            inc.time.start = t;
            c.incidents = {inc};
            CAPTURE(to_string(p));
            CHECK(parse_incidents(to_json(c)) == c);
        }
        // A plain date is written as a plain date.
        inc.time.start = parse_iso8601("2026-01-07");
        c.incidents = {inc};
        CHECK(to_json(c).find("\"start\": \"2026-01-07\"") != std::string::npos);
    }
}
