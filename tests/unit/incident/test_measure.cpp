#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/incident/measure.hpp>

using namespace incidentmap;
using namespace incidentmap::incident;

namespace {
Incident two_points(double r1_m, double r2_m) {
    Incident inc;
    inc.id = "t";
    inc.locations = {Location{"scene",
                              location_role::scene,
                              LonLat::make(-122.57, 45.515),
                              precision_class::poi,
                              r1_m,
                              derivation_method::given,
                              "",
                              "",
                              "",
                              "",
                              {},
                              ""},
                     Location{"found",
                              location_role::found,
                              LonLat::make(-122.535, 45.532),
                              precision_class::address,
                              r2_m,
                              derivation_method::given,
                              "",
                              "",
                              "",
                              "",
                              {},
                              ""}};
    inc.links = {Link{"scene", "found", "", std::nullopt}};
    return inc;
}
// GeodSolve -i: 45.515 -122.57 45.532 -122.535 (tests/data/geodesic_inverse.csv).
constexpr double k_d_m = 3323.6720833431;
}  // namespace

TEST_SUITE("incident") {
    TEST_CASE("two located ends give the geodesic distance widened by both radii") {
        const Incident inc = two_points(100, 50);
        const auto m = measure(inc, inc.links[0]);
        REQUIRE(m.distance_m.has_value());
        CHECK(*m.distance_m == doctest::Approx(k_d_m).epsilon(1e-12));
        CHECK(*m.azimuth_deg == doctest::Approx(55.343780362583892).epsilon(1e-12));
        REQUIRE(m.interval.has_value());
        CHECK(m.interval->low_m == doctest::Approx(k_d_m - 150));
        CHECK(m.interval->best_m == doctest::Approx(k_d_m));
        CHECK(m.interval->high_m == doctest::Approx(k_d_m + 150));
        CHECK_FALSE(m.conflict);
    }

    TEST_CASE("an end computed from the other measures nothing new: the stated interval only") {
        Incident inc = two_points(1000, 4828.032 + 1000);
        inc.locations[1].relative_to = "scene";
        inc.links[0].stated = StatedDistance{"a couple of miles away", 2414.016, 4828.032};
        const auto m = measure(inc, inc.links[0]);
        CHECK_FALSE(m.distance_m.has_value());
        REQUIRE(m.interval.has_value());
        CHECK(m.interval->low_m == 2414.016);
        CHECK(m.interval->best_m == doctest::Approx(0.5 * (2414.016 + 4828.032)));
        CHECK(m.interval->high_m == 4828.032);
        CHECK(m.to_point.has_value());
        // The same from the other side.
        inc.locations[1].relative_to.clear();
        inc.locations[0].relative_to = "found";
        CHECK_FALSE(measure(inc, inc.links[0]).distance_m.has_value());
    }

    TEST_CASE("the low end never goes below zero") {
        const Incident inc = two_points(3000, 2000);
        const auto m = measure(inc, inc.links[0]);
        CHECK(m.interval->low_m == 0.0);
        CHECK(m.interval->high_m == doctest::Approx(k_d_m + 5000));
    }

    TEST_CASE("a stated distance narrows the measured interval, or is flagged when they disagree") {
        Incident inc = two_points(1000, 1000);
        inc.links[0].stated = StatedDistance{"a couple of miles away", 2414.016, 4828.032};
        auto m = measure(inc, inc.links[0]);
        // measured [d - 2000, d + 2000] = [1323.7, 5323.7] meets stated [2414.0, 4828.0]
        CHECK(m.interval->low_m == doctest::Approx(2414.016));
        CHECK(m.interval->high_m == doctest::Approx(4828.032));
        CHECK(m.interval->best_m == doctest::Approx(k_d_m));
        CHECK_FALSE(m.conflict);
        inc.links[0].stated = StatedDistance{"ten miles away", 16093.44, 17000};
        m = measure(inc, inc.links[0]);
        CHECK(m.conflict);
        CHECK(m.interval->high_m == doctest::Approx(k_d_m + 2000));
    }

    TEST_CASE("an unknown end leaves only the stated interval") {
        Incident inc = two_points(9000, 0);
        inc.locations[1].geometry = std::monostate{};
        inc.locations[1].precision = precision_class::unknown;
        inc.links[0].stated = StatedDistance{"a couple of miles away", 2414.016, 4828.032};
        const auto m = measure(inc, inc.links[0]);
        CHECK_FALSE(m.distance_m.has_value());
        REQUIRE(m.interval.has_value());
        CHECK(m.interval->low_m == 2414.016);
        CHECK(m.interval->best_m == doctest::Approx(3621.024));
        CHECK(m.interval->high_m == 4828.032);
        inc.links[0].stated.reset();
        CHECK_FALSE(measure(inc, inc.links[0]).interval.has_value());
    }

    TEST_CASE("a link to a missing location is a data_error") {
        Incident inc = two_points(1, 1);
        inc.links[0].to = "nowhere";
        CHECK_THROWS_AS((void)measure(inc, inc.links[0]), data_error);
    }

    TEST_CASE("representative points: polygon vertex mean unwrapped across the antimeridian") {
        const Ring across{LonLat::make(179, 0), LonLat::make(-179, 0), LonLat::make(-179, 2),
                          LonLat::make(179, 2), LonLat::make(179, 0)};
        const auto p = representative_point(Polygon{across, {}});
        REQUIRE(p.has_value());
        CHECK(std::fabs(std::fabs(p->lon) - 180.0) < 1e-12);
        CHECK(p->lat == doctest::Approx(1.0));
        CHECK_FALSE(representative_point(Geometry{}).has_value());
    }
}
