#include <cmath>
#include <random>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "support/table.hpp"

using namespace incidentmap;

namespace {
// Angle difference in degrees, modulo 360.
double angle_diff_deg(double a, double b) {
    double d = std::fmod(a - b, 360.0);
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    return std::fabs(d);
}
}  // namespace

TEST_SUITE("geodesy") {
    TEST_CASE("inverse matches GeodSolve on the reference pairs") {
        // Karney's algorithm is accurate to ~15 nm; PROJ and GeographicLib agree far closer.
        const double tol_m = 1e-8;
        const double tol_deg = 1e-9;
        const auto rows = test::read_table("geodesic_inverse.csv");
        REQUIRE(rows.size() >= 15);
        for (const auto& row : rows) {
            CAPTURE(row.str("id"));
            const auto r = geodesy::inverse(LonLat::make(row.num("lon1_deg"), row.num("lat1_deg")),
                                            LonLat::make(row.num("lon2_deg"), row.num("lat2_deg")));
            CHECK(std::fabs(r.distance_m - row.num("s12_m")) <= tol_m);
            CHECK(geodesy::distance_m(LonLat::make(row.num("lon1_deg"), row.num("lat1_deg")),
                                      LonLat::make(row.num("lon2_deg"), row.num("lat2_deg"))) ==
                  doctest::Approx(row.num("s12_m")).epsilon(1e-15).scale(1e-8 / 1e-15));
            // Azimuths at a pole or between coincident points are conventions; GeodSolve's
            // and PROJ's code are the same algorithm, so they agree there too.
            CHECK(angle_diff_deg(r.azimuth1_deg, row.num("azi1_deg")) <= tol_deg);
            CHECK(angle_diff_deg(r.azimuth2_deg, row.num("azi2_deg")) <= tol_deg);
        }
    }

    TEST_CASE("direct matches GeodSolve on the reference cases") {
        const double tol_deg = 1e-11;  // ~1 micrometre
        for (const auto& row : test::read_table("geodesic_direct.csv")) {
            CAPTURE(row.str("id"));
            const auto d = geodesy::direct(LonLat::make(row.num("lon1_deg"), row.num("lat1_deg")),
                                           row.num("azi1_deg"), row.num("s12_m"));
            CHECK(d.position.lat == doctest::Approx(row.num("lat2_deg")).epsilon(1e-13));
            CHECK(angle_diff_deg(d.position.lon, row.num("lon2_deg")) <= tol_deg);
            CHECK(angle_diff_deg(d.azimuth2_deg, row.num("azi2_deg")) <= 1e-9);
            CHECK(d.position.lon >= -180.0);
            CHECK(d.position.lon < 180.0);
        }
    }

    TEST_CASE("lon and lat are not swapped on the way to the lat-first geodesic code") {
        // 10E 20N -> 30E 40N: GeodSolve gives 2924701.677 m. The swapped pair (20E 10N ->
        // 40E 30N) is a different geodesic; its length must not be what we get.
        const auto r = geodesy::inverse(LonLat::make(10, 20), LonLat::make(30, 40));
        CHECK(r.distance_m == doctest::Approx(2924701.6768813990).epsilon(1e-14));
        const auto swapped = geodesy::inverse(LonLat::make(20, 10), LonLat::make(40, 30));
        CHECK(std::fabs(swapped.distance_m - r.distance_m) > 1000.0);
        const auto d = geodesy::direct(LonLat::make(10, 20), r.azimuth1_deg, r.distance_m);
        CHECK(d.position.lon == doctest::Approx(30).epsilon(1e-12));
        CHECK(d.position.lat == doctest::Approx(40).epsilon(1e-12));
    }

    TEST_CASE("inverse is symmetric and direct undoes inverse (random pairs, fixed seed)") {
        const unsigned seed = 20260108;
        CAPTURE(seed);
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
        for (int i = 0; i < 2000; ++i) {
            const auto a = LonLat::make(lon(rng), lat(rng));
            const auto b = LonLat::make(lon(rng), lat(rng));
            CAPTURE(i);
            const auto ab = geodesy::inverse(a, b);
            const auto ba = geodesy::inverse(b, a);
            CHECK(std::fabs(ab.distance_m - ba.distance_m) < 1e-8);
            const auto back = geodesy::direct(a, ab.azimuth1_deg, ab.distance_m);
            CHECK(geodesy::distance_m(back.position, b) < 1e-7);
        }
    }

    TEST_CASE("triangle inequality holds on random triples") {
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
        for (int i = 0; i < 1000; ++i) {
            const auto a = LonLat::make(lon(rng), lat(rng));
            const auto b = LonLat::make(lon(rng), lat(rng));
            const auto c = LonLat::make(lon(rng), lat(rng));
            CHECK(geodesy::distance_m(a, c) <=
                  geodesy::distance_m(a, b) + geodesy::distance_m(b, c) + 1e-6);
        }
    }

    TEST_CASE("NaN input gives NaN output, not a crash") {
        const auto r = geodesy::inverse(LonLat::unchecked(std::nan(""), 0), LonLat::make(1, 1));
        CHECK(std::isnan(r.distance_m));
    }

    TEST_CASE("inverse_batch gives exactly the single-call results on all threads") {
        std::mt19937_64 rng(99);
        std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
        std::vector<LonLat> from, to;
        for (int i = 0; i < 20000; ++i) {
            from.push_back(LonLat::make(lon(rng), lat(rng)));
            to.push_back(LonLat::make(lon(rng), lat(rng)));
        }
        std::vector<geodesy::Inverse> out;
        geodesy::inverse_batch(from, to, out, 2);
        REQUIRE(out.size() == from.size());
        for (std::size_t i = 0; i < from.size(); i += 97) {
            const auto r = geodesy::inverse(from[i], to[i]);
            CHECK(out[i].distance_m == r.distance_m);
            CHECK(out[i].azimuth1_deg == r.azimuth1_deg);
        }
        std::vector<LonLat> shorter(from.begin(), from.end() - 1);
        CHECK_THROWS_AS(geodesy::inverse_batch(shorter, to, out), invalid_input);
    }

    TEST_CASE("densify spaces points evenly along the geodesic, ends included") {
        const auto a = LonLat::make(-122.67621, 45.52345);
        const auto b = LonLat::make(-93.26384, 44.97997);
        const double total_m = geodesy::distance_m(a, b);
        const auto pts = geodesy::densify(a, b, 50000.0);
        // ceil(2296720.72 / 50000) = 46 segments.
        REQUIRE(pts.size() == 47);
        CHECK(pts.front() == a);
        CHECK(pts.back() == b);
        double sum_m = 0;
        for (std::size_t i = 1; i < pts.size(); ++i) {
            const double step_m = geodesy::distance_m(pts[i - 1], pts[i]);
            CHECK(step_m == doctest::Approx(total_m / 46).epsilon(1e-9));
            sum_m += step_m;
        }
        CHECK(sum_m == doctest::Approx(total_m).epsilon(1e-12));
        CHECK_THROWS_AS((void)geodesy::densify(a, b, 0.0), invalid_input);
        CHECK_THROWS_AS((void)geodesy::densify(a, b, std::nan("")), invalid_input);
    }

    TEST_CASE("densify across the antimeridian keeps longitudes in [-180, 180)") {
        const auto pts =
            geodesy::densify(LonLat::make(170, -40), LonLat::make(-170, -35), 100000.0);
        bool jumped = false;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            CHECK(pts[i].lon >= -180.0);
            CHECK(pts[i].lon < 180.0);
            if (i > 0 && std::fabs(pts[i].lon - pts[i - 1].lon) > 180.0) jumped = true;
        }
        CHECK(jumped);
    }
}
