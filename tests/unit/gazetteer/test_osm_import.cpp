#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/gazetteer/builder.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "support/fixture_geocoder.hpp"
#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::gazetteer;
using namespace incidentmap::geocode;
namespace fs = std::filesystem;

namespace {

// The importer run here (ctest imports the same file for the other tests' OSM geocoder).
struct Stack {
    const Gazetteer& base;
    Gazetteer osm;
    OsmImportReport report;
};

const Stack& stack() {
    static const Stack s = [] {
        const std::string out =
            (fs::temp_directory_path() / "incidentmap-osm-fixture.bin").string();
        auto report =
            import_osm(test::source_path("tests/data/osm/small.osm"), out, "test fixture");
        return Stack{test::fixture_gazetteer(), Gazetteer::open(out), report};
    }();
    return s;
}

std::vector<GeocodeResult> lookup_place(const std::string& q) {
    const Geocoder coder({&stack().base, &stack().osm});
    return coder.geocode(q);
}

}  // namespace

TEST_SUITE("gazetteer") {
    TEST_CASE("street keys spell out street types and directions") {
        CHECK(normalize_street("SE Belmont St") == "southeast belmont street");
        CHECK(normalize_street("Southeast Belmont Street") == "southeast belmont street");
        CHECK(normalize_street("NW 10th Ave.") == "northwest 10th avenue");
        CHECK(normalize_street("St. Johns Blvd") == "street johns boulevard");  // street words only
        CHECK(normalize_street("90-09 218th St") == "90 09 218th street");
    }

    TEST_CASE("an OSM file gives points of interest, merged streets, intersections and addresses") {
        const auto& r = stack().report;
        // 2 hospitals (a closed way and a multipolygon of two rings) and a police station.
        CHECK(r.pois == 3);
        // Burnside, 10th Avenue, and Belmont twice: its two touching segments in Portland
        // are one street, the one in Eugene (100 km away) another.
        CHECK(r.streets == 4);
        CHECK(r.intersections == 1);
        CHECK(r.addresses == 1);
        CHECK(stack().osm.info().attribution.find("OpenStreetMap contributors") !=
              std::string::npos);
    }

    TEST_CASE("a named hospital resolves to its polygon's centre with a matching radius") {
        const auto r = lookup_place("Riverside Methodist Hospital, Columbus");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].kind == place_kind::poi);
        CHECK(r[0].precision == precision_class::poi);
        // Mean of the way's four corners: (-83.0345, 40.03125).
        CHECK(r[0].point.lon == doctest::Approx(-83.0345));
        CHECK(r[0].point.lat == doctest::Approx(40.03125));
        // Half the diagonal of the 0.003 x 0.0025 degree box at 40.03 N: 0.0015 deg of
        // longitude is 0.0015 * 111,320 m * cos(40.03) = 127.8 m, 0.00125 deg of latitude is
        // 0.00125 * 111,035 m = 138.8 m, so sqrt(127.8^2 + 138.8^2) = 188.7 m.
        CHECK(r[0].uncertainty_m == doctest::Approx(188.7).epsilon(0.005));
        CHECK(r[0].gazetteer.find("incidentmap-osm-fixture.bin") != std::string::npos);
    }

    TEST_CASE("a feature in a city returns the loaded features of that type inside it") {
        const auto r = lookup_place("hospital in Columbus, Ohio");
        REQUIRE(r.size() == 2);
        for (const auto& x : r) {
            CHECK(x.kind == place_kind::poi);
            CHECK(x.feature == "hospital");
            CHECK_FALSE(x.feature_unresolved);
            CHECK(x.confidence == doctest::Approx(0.5));
        }
        // No police station was asked for, and none in Columbus: the city, flagged.
        const auto p = lookup_place("police station in Columbus, Ohio");
        REQUIRE_FALSE(p.empty());
        CHECK(p[0].kind == place_kind::city);
        CHECK(p[0].feature_unresolved);
    }

    TEST_CASE("intersections in any spelling resolve to the shared node") {
        for (const char* q :
             {"W Burnside St and NW 10th Ave, Portland", "NW 10th Ave & W Burnside St",
              "West Burnside Street at Northwest 10th Avenue"}) {
            CAPTURE(q);
            const auto r = lookup_place(q);
            REQUIRE_FALSE(r.empty());
            CHECK(r[0].kind == place_kind::intersection);
            CHECK(r[0].precision == precision_class::intersection);
            CHECK(r[0].point.lon == doctest::Approx(-122.6810083));
            CHECK(r[0].point.lat == doctest::Approx(45.5230588));
        }
    }

    TEST_CASE("a street is a line, and context picks the right one") {
        const auto r = lookup_place("SE Belmont St, Portland");
        REQUIRE(r.size() == 1);
        CHECK(r[0].kind == place_kind::street);
        CHECK(r[0].precision == precision_class::street);
        REQUIRE(std::holds_alternative<MultiLineString>(r[0].extent));
        CHECK(std::get<MultiLineString>(r[0].extent).lines.size() == 2);
        CHECK(r[0].point.lon < -122.6);
        // Without context both Belmont Streets match.
        CHECK(lookup_place("SE Belmont St").size() == 2);
    }

    TEST_CASE("addresses resolve with address precision") {
        const auto r = lookup_place("1120 SW 5th Ave, Portland");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].kind == place_kind::address);
        CHECK(r[0].precision == precision_class::address);
        CHECK(r[0].point.lon == doctest::Approx(-122.677));
    }

    TEST_CASE("files that are not OSM data are refused with the reason") {
        const auto dir = fs::temp_directory_path() / "incidentmap-osm-bad";
        fs::create_directories(dir);
        write_file_atomically((dir / "x.osm.pbf").string(), "this is not a PBF file");
        CHECK_THROWS_WITH_AS(import_osm((dir / "x.osm.pbf").string(), (dir / "out.bin").string()),
                             doctest::Contains("not readable as OpenStreetMap data"), data_error);
        write_file_atomically((dir / "empty.osm").string(),
                              "<?xml version=\"1.0\"?><osm version=\"0.6\"></osm>");
        CHECK_THROWS_WITH_AS(import_osm((dir / "empty.osm").string(), (dir / "out.bin").string()),
                             doctest::Contains("no named points of interest"), data_error);
        CHECK_THROWS_AS(import_osm((dir / "missing.osm").string(), (dir / "out.bin").string()),
                        io_error);
        CHECK_FALSE(fs::exists(dir / "out.bin"));
        fs::remove_all(dir);
    }
}
