#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "support/fixture_geocoder.hpp"

using namespace incidentmap;
using namespace incidentmap::gazetteer;
namespace fs = std::filesystem;

namespace {

std::string fixture_path() {
    return test::fixture_path("INCIDENTMAP_TEST_GAZETTEER");
}

const Gazetteer& fixture() {
    return test::fixture_gazetteer();
}

std::string error_of(const std::string& path) {
    try {
        (void)Gazetteer::open(path);
    } catch (const error& e) {
        return e.what();
    }
    return "no error";
}

std::uint32_t only(const std::vector<NameHit>& hits, place_kind kind) {
    std::vector<std::uint32_t> found;
    for (const auto& h : hits)
        if (fixture().place(h.place).kind == kind) found.push_back(h.place);
    REQUIRE(found.size() == 1);
    return found.front();
}

}  // namespace

TEST_SUITE("gazetteer") {
    TEST_CASE("the fixture holds what its sources hold") {
        const auto& g = fixture();
        CHECK(g.info().format_version == 1);
        // 12 counties, 7 states, 8 countries, 3 provinces, Europe and the European Union
        CHECK(g.info().polygons == 32);
        CHECK(g.info().attribution.find("GeoNames") != std::string::npos);
        // GeoNames 5746545: Portland, Oregon, population 652503, in Multnomah County.
        const auto hits = g.lookup("Portland");
        REQUIRE(hits.size() == 2);
        bool oregon = false;
        for (const auto& h : hits) {
            const Place p = g.place(h.place);
            if (p.source_id != 5746545) continue;
            oregon = true;
            CHECK(p.population == 652503);
            CHECK(p.point.lon == doctest::Approx(-122.67621));
            CHECK(p.point.lat == doctest::Approx(45.52345));
            REQUIRE(p.admin1.has_value());
            CHECK(g.place(*p.admin1).name == "Oregon");
            REQUIRE(p.admin2.has_value());
            CHECK(g.place(*p.admin2).name == "Multnomah County");
            CHECK(p.country_code == "US");
        }
        CHECK(oregon);
    }

    TEST_CASE("codes, aliases and normalised names find their places") {
        const auto& g = fixture();
        CHECK(g.place(only(g.lookup("OR"), place_kind::state)).name == "Oregon");
        CHECK(g.place(only(g.lookup("st paul"), place_kind::city)).name == "Saint Paul");
        const auto twin = g.lookup("Twin Cities");
        REQUIRE(twin.size() == 1);
        CHECK(twin[0].match == key_match::alias);
        CHECK(g.place(twin[0].place).name == "Minneapolis");
        CHECK(g.place(only(g.lookup("Multnomah"), place_kind::county)).source_id == 41051);
        CHECK(g.lookup("Atlantis").empty());
        CHECK(g.lookup("").empty());
    }

    TEST_CASE("a first-level division without a polygon sits in the middle of its towns") {
        // The canton of Zurich (GeoNames admin1 CH.ZH) has no polygon in the sources; the
        // fixture holds three of its towns (GeoNames cities500 rows): Zurich (8.55,
        // 47.36667), Winterthur (8.72413, 47.50564) and Dietikon (8.40015, 47.40165). The
        // middle of their extent is (8.56214, 47.436155); their mean would be (8.55809,
        // 47.42465), 1.3 km away, leaning to where the towns crowd.
        const auto& g = fixture();
        const Place zh = g.place(only(g.lookup("Zurich"), place_kind::state));
        CHECK(zh.point.lon == doctest::Approx(8.56214).epsilon(1e-7));
        CHECK(zh.point.lat == doctest::Approx(47.436155).epsilon(1e-7));
        double farthest = 0;
        for (const auto town : {LonLat::make(8.55, 47.36667), LonLat::make(8.72413, 47.50564),
                                LonLat::make(8.40015, 47.40165)})
            farthest = std::max(farthest, geodesy::distance_m(zh.point, town));
        CHECK(zh.radius_m == doctest::Approx(farthest).epsilon(1e-6));
        CHECK_FALSE(zh.has_polygon);
    }

    TEST_CASE("fuzzy lookup finds typos within the distance and never exact matches") {
        const auto& g = fixture();
        const auto hits = g.fuzzy_lookup("Minneaplis", 1);
        REQUIRE_FALSE(hits.empty());
        CHECK(g.place(hits[0].place).name == "Minneapolis");
        CHECK(hits[0].edit_distance == 1);
        CHECK(g.fuzzy_lookup("Minneaplis", 0).empty());
        for (const auto& h : g.fuzzy_lookup("Portland", 2)) CHECK(h.edit_distance > 0);
    }

    TEST_CASE("the fuzzy index finds what the scan finds") {
        // Every place name of the fixture with each letter after the first dropped, doubled
        // or replaced, at distances 1 and 2: the trie walk and the reference scan return the
        // same places at the same distances.
        const auto& g = fixture();
        const auto sorted = [](std::vector<NameHit> hits) {
            std::vector<std::tuple<std::uint32_t, unsigned, int>> v;
            for (const auto& h : hits)
                v.emplace_back(h.place, h.edit_distance, static_cast<int>(h.match));
            std::sort(v.begin(), v.end());
            return v;
        };
        std::size_t queries = 0, found = 0;
        for (std::uint32_t i = 0; i < g.size(); ++i) {
            const std::string name = normalize_name(g.place(i).name);
            if (name.size() < 4) continue;
            std::vector<std::string> typos;
            for (std::size_t k = 1; k < name.size(); ++k) {
                typos.push_back(name.substr(0, k) + name.substr(k + 1));
                typos.push_back(name.substr(0, k) + name[k] + name.substr(k));
                typos.push_back(name.substr(0, k) + 'x' + name.substr(k + 1));
            }
            for (const auto& typo : typos)
                for (const unsigned d : {1u, 2u}) {
                    CAPTURE(typo);
                    const auto index = sorted(g.fuzzy_lookup(typo, d, fuzzy_method::index));
                    CHECK(index == sorted(g.fuzzy_lookup(typo, d, fuzzy_method::scan)));
                    ++queries;
                    found += index.empty() ? 0 : 1;
                }
        }
        CHECK(queries > 1000);
        CHECK(found > queries / 2);  // the comparison is not between two empty answers
    }

    TEST_CASE("containment by polygon: a point in Portland is in Multnomah County, Oregon, USA") {
        const auto& g = fixture();
        const LonLat portland = LonLat::make(-122.6, 45.52);
        const auto counties = g.containing(portland, place_kind::county);
        REQUIRE(counties.size() == 1);
        CHECK(g.place(counties[0]).source_id == 41051);
        CHECK(g.place(g.containing(portland, place_kind::state).at(0)).name == "Oregon");
        CHECK(g.place(g.containing(portland, place_kind::country).at(0)).name ==
              "United States of America");
        // Minneapolis is in Hennepin County (FIPS 27053), not in Ramsey.
        const auto mpls = g.containing(LonLat::make(-93.265, 44.978), place_kind::county);
        REQUIRE(mpls.size() == 1);
        CHECK(g.place(mpls[0]).source_id == 27053);
        CHECK(g.containing(LonLat::make(-40, 30), place_kind::country).empty());
    }

    TEST_CASE("nearest cities are ordered by geodesic distance") {
        const auto& g = fixture();
        const LonLat p = LonLat::make(-122.6, 45.52);
        const auto near = g.nearest_cities(p, 3);
        REQUIRE(near.size() == 3);
        CHECK(g.place(near[0].first).name == "Portland");
        for (std::size_t i = 0; i < near.size(); ++i) {
            CHECK(near[i].second ==
                  doctest::Approx(geodesy::distance_m(p, g.place(near[i].first).point)));
            if (i) CHECK(near[i - 1].second <= near[i].second);
        }
        // Across the antimeridian and far away the search still finds the k nearest.
        CHECK(g.nearest_cities(LonLat::make(179.9, -10), 2).size() == 2);
    }

    TEST_CASE("bad gazetteer files are refused with the reason") {
        const fs::path dir = fs::temp_directory_path() / "incidentmap-gazetteer-test";
        fs::create_directories(dir);
        const std::string bytes = read_file(fixture_path());
        CHECK(error_of((dir / "missing.bin").string()).find("cannot open the gazetteer") !=
              std::string::npos);
        write_file_atomically(
            (dir / "text.bin").string(),
            "this is not a gazetteer at all, but long enough to have a header............");
        CHECK(error_of((dir / "text.bin").string())
                  .find("not an incidentmap gazetteer (wrong magic bytes)") != std::string::npos);
        write_file_atomically((dir / "short.bin").string(), bytes.substr(0, bytes.size() / 2));
        CHECK(error_of((dir / "short.bin").string()).find("truncated") != std::string::npos);
        std::string flipped = bytes;
        flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x20);
        write_file_atomically((dir / "corrupt.bin").string(), flipped);
        CHECK(error_of((dir / "corrupt.bin").string()).find("checksum mismatch") !=
              std::string::npos);
        std::string future = bytes;
        future[8] = 9;  // format version
        write_file_atomically((dir / "future.bin").string(), future);
        CHECK(error_of((dir / "future.bin").string()).find("format version 9 is not supported") !=
              std::string::npos);
        write_file_atomically((dir / "empty.bin").string(), "");
        CHECK(error_of((dir / "empty.bin").string()).find("file too short") != std::string::npos);
        fs::remove_all(dir);
    }
}

TEST_SUITE("gazetteer") {
    TEST_CASE("countries across the antimeridian are split, not drawn round the world") {
        // Regression (review of 2026-11-28): Russia's rings jump from 180 to -180; read on
        // flat lon/lat they made a band round the world in which Iceland, Kiruna and
        // interior Alaska were "in Russia", and Fiji's point fell in the Indian Ocean.
        const auto& g = fixture();
        auto country_at = [&](double lon, double lat) {
            const auto hits = g.containing(LonLat::make(lon, lat), place_kind::country);
            return hits.empty() ? std::string("none") : std::string(g.place(hits.front()).name);
        };
        CHECK(country_at(100, 60) == "Russia");
        CHECK(country_at(170, 65) == "Russia");     // Chukotka, east of 180 on the map
        CHECK(country_at(-175, 66) == "Russia");    // Chukotka, west of -180
        CHECK(country_at(20.22, 67.85) == "none");  // Kiruna, Sweden (not in the fixture)
        CHECK(country_at(-18.1, 65.68) == "none");  // Akureyri, Iceland
        CHECK(country_at(-150, 64) == "United States of America");
        const auto fiji = g.lookup("Fiji");
        REQUIRE(fiji.size() == 1);
        const Place p = g.place(fiji[0].place);
        // Fiji lies between 177 E and 180, and just across it: its point is there, not at 0.
        CHECK(std::fabs(p.point.lon) > 170.0);
        CHECK(p.point.lat == doctest::Approx(-17.5).epsilon(0.05));
        CHECK(p.radius_m < 1000000.0);
    }
}
