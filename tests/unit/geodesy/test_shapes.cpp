#include <cmath>
#include <utility>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/shapes.hpp>
#include <incidentmap/geodesy/spherical.hpp>

using namespace incidentmap;

TEST_SUITE("geodesy") {
    TEST_CASE("every vertex of a geodesic circle is at the radius from the centre") {
        struct Case {
            const char* id;
            LonLat center;
            double radius_m;
        };
        const Case cases[] = {{"portland 3 km", LonLat::make(-122.57, 45.515), 3000.0},
                              {"minneapolis 11 km", LonLat::make(-93.26384, 44.97997), 11000.0},
                              {"equator 1000 km", LonLat::make(0, 0), 1.0e6},
                              {"antimeridian 500 km", LonLat::make(179.9, -16.5), 5.0e5},
                              {"near pole 300 km", LonLat::make(0, 88.5), 3.0e5}};
        for (const auto& c : cases) {
            CAPTURE(c.id);
            const Ring ring = geodesy::geodesic_ring(c.center, c.radius_m, 90);
            REQUIRE(ring.size() == 91);
            CHECK(ring.front() == ring.back());
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                CHECK(geodesy::distance_m(c.center, ring[i]) ==
                      doctest::Approx(c.radius_m).epsilon(1e-12));
                CHECK(ring[i].lon >= -180.0);
                CHECK(ring[i].lon < 180.0);
            }
        }
    }

    TEST_CASE("a geodesic circle starts due north and runs counter-clockwise") {
        const auto center = LonLat::make(-122.57, 45.515);
        const Ring ring = geodesy::geodesic_ring(center, 3000.0, 4);
        // Vertex 0 due north, vertex 1 due west (azimuth -90), then south, then east.
        CHECK(ring[0].lon == doctest::Approx(center.lon).epsilon(1e-12));
        CHECK(ring[0].lat > center.lat);
        CHECK(ring[1].lon < center.lon);
        CHECK(ring[2].lat < center.lat);
        CHECK(ring[3].lon > center.lon);
        CHECK(signed_area_deg2(ring) > 0);
    }

    TEST_CASE("an annulus has a counter-clockwise outer ring and a clockwise hole") {
        const auto center = LonLat::make(-122.57, 45.515);
        const Polygon p = geodesy::geodesic_annulus(center, 2414.016, 4828.032, 64);
        REQUIRE(p.holes.size() == 1);
        CHECK(signed_area_deg2(p.exterior) > 0);
        CHECK(signed_area_deg2(p.holes[0]) < 0);
        for (const auto& v : p.holes[0])
            CHECK(geodesy::distance_m(center, v) == doctest::Approx(2414.016).epsilon(1e-12));
        CHECK(geodesy::geodesic_annulus(center, 0.0, 100.0).holes.empty());
    }

    TEST_CASE("shape arguments out of range are rejected") {
        const auto c = LonLat::make(0, 0);
        CHECK_THROWS_AS((void)geodesy::geodesic_circle(c, 0.0), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_circle(c, -5.0), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_circle(c, std::nan("")), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_circle(c, 2.0e7), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_circle(c, 10.0, 2), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_annulus(c, 10.0, 10.0), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_annulus(c, -1.0, 10.0), invalid_input);
        CHECK_THROWS_AS((void)geodesy::geodesic_circle(LonLat::unchecked(0, 91), 10.0),
                        invalid_input);
    }

    TEST_CASE("compass bearings follow the 16-wind rose") {
        struct Case {
            double azimuth_deg;
            const char* sixteen;
            const char* eight;
            const char* four;
        };
        // Sectors are 22.5 degrees wide, centred on the named direction.
        const Case cases[] = {
            {0, "N", "N", "N"},       {11.24, "N", "N", "N"},    {11.25, "NNE", "N", "N"},
            {22.5, "NNE", "NE", "N"}, {45, "NE", "NE", "E"},     {67.5, "ENE", "E", "E"},
            {90, "E", "E", "E"},      {135, "SE", "SE", "S"},    {180, "S", "S", "S"},
            {-180, "S", "S", "S"},    {202.5, "SSW", "SW", "S"}, {-90, "W", "W", "W"},
            {-22.5, "NNW", "N", "N"}, {348.75, "N", "N", "N"},   {348.74, "NNW", "N", "N"},
            {720 + 90, "E", "E", "E"}};
        for (const auto& c : cases) {
            CAPTURE(c.azimuth_deg);
            CHECK(geodesy::compass_bearing(c.azimuth_deg) == c.sixteen);
            CHECK(geodesy::compass_bearing(c.azimuth_deg, geodesy::compass_points::eight) ==
                  c.eight);
            CHECK(geodesy::compass_bearing(c.azimuth_deg, geodesy::compass_points::four) == c.four);
        }
        CHECK(geodesy::compass_bearing(std::nan("")).empty());
    }

    TEST_CASE("direction words have their azimuths, the inverse of the eight-point rose") {
        const std::pair<const char*, double> cases[] = {
            {"north", 0},   {"northeast", 45},  {"east", 90},  {"southeast", 135},
            {"south", 180}, {"southwest", 225}, {"west", 270}, {"northwest", 315}};
        for (const auto& [word, azimuth] : cases) {
            CAPTURE(word);
            REQUIRE(geodesy::compass_azimuth_deg(word).has_value());
            CHECK(*geodesy::compass_azimuth_deg(word) == azimuth);
        }
        for (const char* other : {"", "North", "eastern", "up", "nne"})
            CHECK_FALSE(geodesy::compass_azimuth_deg(other).has_value());
    }

    TEST_CASE("haversine uses R = 6371008.8 m") {
        // Hand derivation: a quarter of the equator is R*pi/2, half is R*pi.
        CHECK(geodesy::spherical::haversine_distance_m(LonLat::make(0, 0), LonLat::make(90, 0)) ==
              doctest::Approx(10007557.221017962).epsilon(1e-14));
        CHECK(geodesy::spherical::haversine_distance_m(LonLat::make(0, 0), LonLat::make(180, 0)) ==
              doctest::Approx(20015114.442035925).epsilon(1e-14));
        // Rosetta Code's haversine example, BNA (36.12N 86.67W) to LAX (33.94N 118.40W):
        // 2887.2599506 km with R = 6372.8 km, so 2886.4484298 km with R = 6371.0088 km.
        CHECK(geodesy::spherical::haversine_distance_m(LonLat::make(-86.67, 36.12),
                                                       LonLat::make(-118.40, 33.94)) ==
              doctest::Approx(2886448.4297648543).epsilon(1e-10));
    }

    TEST_CASE("spherical and ellipsoidal distances agree within 0.5%") {
        const LonLat pts[] = {LonLat::make(-122.6, 45.5), LonLat::make(-93.3, 45.0),
                              LonLat::make(0, 0),         LonLat::make(100, -60),
                              LonLat::make(179, 10),      LonLat::make(-45, 80)};
        for (const auto& a : pts)
            for (const auto& b : pts) {
                const double e = geodesy::distance_m(a, b);
                if (e == 0) continue;
                CHECK(std::fabs(geodesy::spherical::haversine_distance_m(a, b) - e) / e < 0.005);
            }
    }
}
