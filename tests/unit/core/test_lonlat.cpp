#include <cmath>
#include <limits>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/geometry.hpp>
#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/core/units.hpp>

using namespace incidentmap;

TEST_SUITE("core") {
    TEST_CASE("make normalises longitude to [-180, 180)") {
        struct Case {
            double lon_in, lon_out;
        };
        const Case cases[] = {{0, 0},      {-180, -180},   {180, -180}, {179.5, 179.5},
                              {190, -170}, {-190, 170},    {540, -180}, {-540, -180},
                              {360, 0},    {725.25, 5.25}, {-0.0, 0}};
        for (const auto& c : cases) {
            CAPTURE(c.lon_in);
            const auto p = LonLat::make(c.lon_in, 10);
            CHECK(p.lon == doctest::Approx(c.lon_out).epsilon(1e-15));
            CHECK(p.lat == 10);
        }
    }

    TEST_CASE("make rejects latitudes beyond the poles and non-finite values") {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        CHECK_NOTHROW((void)LonLat::make(0, 90));
        CHECK_NOTHROW((void)LonLat::make(0, -90));
        for (auto [lon, lat] : {std::pair{0.0, 90.0000001},
                                {0.0, -95.0},
                                {nan, 0.0},
                                {0.0, nan},
                                {inf, 0.0},
                                {0.0, -inf}}) {
            CAPTURE(lon);
            CAPTURE(lat);
            try {
                (void)LonLat::make(lon, lat);
                FAIL("expected invalid_input");
            } catch (const invalid_input& e) {
                CHECK(e.code() == errc::invalid_coordinate);
            }
        }
        try {
            (void)LonLat::make(0, 95);
            FAIL("expected invalid_input");
        } catch (const error& e) {
            CHECK(std::string(e.what()) == "latitude 95 is out of [-90, 90]");
        }
    }

    TEST_CASE("unchecked stores values as given") {
        constexpr auto p = LonLat::unchecked(200.0, 95.0);
        static_assert(p.lon == 200.0 && p.lat == 95.0);
        CHECK_FALSE(is_valid_lonlat(p.lon, p.lat));
        CHECK(is_valid_lonlat(-122.6, 45.5));
    }

    TEST_CASE("unit literals and conversions are exact") {
        using namespace incidentmap::literals;
        CHECK((2_km).value() == 2000.0);
        CHECK((1.5_mi).value() == doctest::Approx(2414.016).epsilon(1e-15));
        CHECK(miles_to_meters(3).value() == doctest::Approx(4828.032).epsilon(1e-15));
        CHECK(to_degrees(to_radians(180_deg)).value() == doctest::Approx(180.0).epsilon(1e-15));
        CHECK(to_radians(90_deg).value() == doctest::Approx(k_pi / 2).epsilon(1e-15));
        CHECK(2_km > 1999_m);
    }

    TEST_CASE("geometry validation names the part at fault") {
        CHECK_NOTHROW(validate_geometry(Geometry{}));
        CHECK_NOTHROW(validate_geometry(Geometry{LonLat::make(1, 2)}));
        auto message = [](const Geometry& g) {
            try {
                validate_geometry(g);
            } catch (const invalid_input& e) {
                return std::string(e.what());
            }
            return std::string("no error");
        };
        CHECK(message(LineString{{LonLat::make(0, 0)}}) ==
              "line string: a line string needs at least 2 points, got 1");
        const Ring open{LonLat::make(0, 0), LonLat::make(1, 0), LonLat::make(1, 1),
                        LonLat::make(0, 1)};
        CHECK(message(Polygon{open, {}}) ==
              "polygon exterior ring: the ring is not closed (first and last positions differ)");
        const Ring square{LonLat::make(0, 0), LonLat::make(1, 0), LonLat::make(1, 1),
                          LonLat::make(0, 1), LonLat::make(0, 0)};
        Ring bad_hole = square;
        bad_hole[2] = LonLat::unchecked(0.5, 95);
        CHECK(message(Polygon{square, {square, bad_hole}}) ==
              "polygon hole 1, vertex 2: latitude 95 is out of [-90, 90]");
        CHECK(message(LineString{{LonLat::make(0, 0), LonLat::unchecked(std::nan(""), 0)}}) ==
              "line string, vertex 1: coordinates must be finite numbers");
    }

    TEST_CASE("signed area is positive for counter-clockwise rings, across the antimeridian too") {
        const Ring ccw{LonLat::make(0, 0), LonLat::make(1, 0), LonLat::make(1, 1),
                       LonLat::make(0, 1), LonLat::make(0, 0)};
        CHECK(signed_area_deg2(ccw) == doctest::Approx(1.0));
        const Ring cw(ccw.rbegin(), ccw.rend());
        CHECK(signed_area_deg2(cw) == doctest::Approx(-1.0));
        const Ring across{LonLat::make(179.5, 0), LonLat::make(-179.5, 0), LonLat::make(-179.5, 1),
                          LonLat::make(179.5, 1), LonLat::make(179.5, 0)};
        CHECK(signed_area_deg2(across) == doctest::Approx(1.0));
    }

    TEST_CASE("the longitude extent of a path crosses the antimeridian or winds round a pole") {
        struct Case {
            std::vector<LonLat> path;
            double west, east;
        };
        const Case cases[] = {
            {{}, 0, 0},
            {{LonLat::make(10, 0), LonLat::make(20, 5), LonLat::make(15, 9)}, 10, 20},
            // 170 -> -170 is 20 degrees east across 180, not 340 west.
            {{LonLat::make(170, 0), LonLat::make(-170, 0)}, 170, -170},
            {{LonLat::make(-179, 0), LonLat::make(179, 1)}, 179, -179},
            // Round the North Pole at 80 N: every longitude.
            {{LonLat::make(0, 80), LonLat::make(120, 80), LonLat::make(-120, 80),
              LonLat::make(0, 80)},
             -180,
             180},
        };
        for (const auto& c : cases) {
            CAPTURE(c.west);
            const auto [west, east] = lon_extent_deg(c.path);
            CHECK(west == c.west);
            CHECK(east == c.east);
        }
    }
}
