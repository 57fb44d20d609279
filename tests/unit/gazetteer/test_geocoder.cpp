#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "support/fixture_geocoder.hpp"

using namespace incidentmap;
using namespace incidentmap::geocode;
using gazetteer::Gazetteer;
using gazetteer::place_kind;

namespace {

const Geocoder& coder() {
    return test::fixture_geocoder();
}

std::string first_state(const std::string& q) {
    const auto r = coder().geocode(q);
    REQUIRE_FALSE(r.empty());
    return r[0].admin.state;
}

std::string error_of(std::string_view q) {
    try {
        (void)coder().geocode(q);
    } catch (const invalid_input& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_SUITE("geocode") {
    TEST_CASE("context in the text picks the place") {
        CHECK(first_state("Portland, Oregon") == "Oregon");
        CHECK(first_state("Portland, OR") == "Oregon");
        CHECK(first_state("Portland OR") == "Oregon");
        CHECK(first_state("Portland, Maine") == "Maine");
        CHECK(first_state("Portland, ME") == "Maine");
        CHECK(coder().geocode("Portland, Maine").size() == 1);
        CHECK(first_state("Portland, Multnomah County, Oregon") == "Oregon");
    }

    TEST_CASE("a bare name returns every match, ranked by population, with confidences") {
        const auto r = coder().geocode("Portland");
        REQUIRE(r.size() == 2);
        // GeoNames: Portland OR 652,503 people, Portland ME 66,881.
        CHECK(r[0].admin.state == "Oregon");
        CHECK(r[1].admin.state == "Maine");
        // Population shares from the GeoNames rows (652,503 and 66,881 people).
        CHECK(r[0].confidence == doctest::Approx(652503.0 / (652503.0 + 66881.0)).epsilon(1e-3));
        CHECK(r[0].confidence + r[1].confidence == doctest::Approx(1.0));
        CHECK(r[0].match == match_type::exact);
        CHECK(r[0].precision == precision_class::city);
        CHECK(r[0].geonames_id == 5746545);
        // Radius of a disc of 652,503 people at 2,000 per km^2: sqrt(326.25 / pi) = 10.19 km.
        CHECK(r[0].uncertainty_m == doctest::Approx(10191.0).epsilon(1e-3));
    }

    TEST_CASE("typos are a bounded fallback that never overrides an exact match") {
        const auto r = coder().geocode("Minneaplis");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].name == "Minneapolis");
        CHECK(r[0].match == match_type::fuzzy);
        CHECK(r[0].confidence <= 0.6);
        const auto albany = coder().geocode("Albany");
        REQUIRE_FALSE(albany.empty());
        CHECK(albany[0].name == "Albany");
        CHECK(albany[0].match == match_type::exact);
        for (const auto& x : albany) CHECK(x.name != "Albania");
        const auto albania = coder().geocode("Albania");
        REQUIRE_FALSE(albania.empty());
        CHECK(albania[0].kind == place_kind::country);
        GeocodeOptions strict;
        strict.max_edit_distance = 0;
        CHECK(coder().geocode("Minneaplis", strict).empty());
    }

    TEST_CASE("normalised names and aliases match, and say how") {
        const auto r = coder().geocode("St. Paul");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].name == "Saint Paul");
        CHECK(r[0].match == match_type::normalized);
        const auto twin = coder().geocode("Twin Cities");
        REQUIRE(twin.size() == 1);
        CHECK(twin[0].name == "Minneapolis");
        CHECK(twin[0].match == match_type::alias);
    }

    TEST_CASE("counties, states, countries and ZIP codes carry their precision, ids and extent") {
        const auto county = coder().geocode("Multnomah County");
        REQUIRE_FALSE(county.empty());
        CHECK(county[0].kind == place_kind::county);
        CHECK(county[0].precision == precision_class::county);
        CHECK(county[0].fips == "41051");
        CHECK(county[0].admin.state == "Oregon");
        CHECK(county[0].uncertainty_m > 10000);  // the county reaches well beyond 10 km
        CHECK(county[0].bbox.west_deg < -122.6);
        const auto state = coder().geocode("Oregon");
        REQUIRE_FALSE(state.empty());
        CHECK(state[0].precision == precision_class::state);
        CHECK(state[0].fips == "41");
        const auto zip = coder().geocode("97214");
        REQUIRE(zip.size() == 1);
        CHECK(zip[0].kind == place_kind::postal_code);
        CHECK(zip[0].postal_code == "97214");
        CHECK(zip[0].admin.state == "Oregon");
    }

    TEST_CASE("towns that only ZIP codes name are postal matches whose radius holds the town") {
        // Coordinates of the towns from the U.S. Census Bureau (as given on Wikipedia), not
        // from the gazetteer's sources.
        struct Town {
            const char* query;
            const char* state;
            const char* zip;
            double lon, lat;
        };
        for (const Town& t : {Town{"Government Camp, OR", "Oregon", "97028", -121.7548, 45.3040},
                              Town{"Gilbert, AR", "Arkansas", "72636", -92.7169, 35.9894},
                              Town{"Perry, IL", "Illinois", "62362", -90.7442, 39.7831}}) {
            CAPTURE(t.query);
            const auto r = coder().geocode(t.query);
            REQUIRE_FALSE(r.empty());
            CHECK(r[0].match == match_type::postal);
            CHECK(r[0].kind == place_kind::city);
            CHECK(r[0].precision == precision_class::city);
            CHECK(r[0].admin.state == t.state);
            CHECK(r[0].admin.country_code == "US");
            CHECK(r[0].postal_code == t.zip);
            CHECK(r[0].geonames_id == 0);
            CHECK(geodesy::distance_m(r[0].point, LonLat::make(t.lon, t.lat)) <=
                  r[0].uncertainty_m);
            CHECK(r[0].confidence == doctest::Approx(0.9));
        }
        // A town that GeoNames holds is not doubled by its ZIP code's name.
        const auto canby = coder().geocode("Canby");
        REQUIRE(canby.size() == 1);
        CHECK(canby[0].match == match_type::exact);
        CHECK(canby[0].geonames_id == 5717758);
    }

    TEST_CASE(
        "a short query's state beats a country of the same code, and a county never "
        "answers for a town outside it") {
        // "AR" is Arkansas and Argentina, which has a Gilbert of 917 people (GeoNames).
        const auto gilbert = coder().geocode("Gilbert, AR");
        REQUIRE(gilbert.size() == 1);
        CHECK(gilbert[0].admin.state == "Arkansas");
        CHECK(coder().geocode("Gilbert, Argentina").at(0).admin.country_code == "AR");
        // Perry County, Illinois, lies 223 km from the village of Perry (in Pike County):
        // the county is no answer for the town.
        for (const auto& r : coder().geocode("Perry, IL")) CHECK(r.kind != place_kind::county);
        const auto county = coder().geocode("Perry County, IL");
        REQUIRE_FALSE(county.empty());
        CHECK(county[0].kind == place_kind::county);
        CHECK(county[0].fips == "17145");
    }

    TEST_CASE("provinces abroad have polygons, abbreviations, and names in other scripts") {
        // British Columbia: "B.C." is its abbreviation in Canadian usage; its Russian,
        // Chinese and Arabic names are those of the languages' Wikipedias.
        for (const char* q : {"British Columbia", "B.C.", "BC", "Британская Колумбия",
                              "不列颠哥伦比亚", "كولومبيا البريطانية"}) {
            CAPTURE(q);
            const auto r = coder().geocode(q);
            REQUIRE_FALSE(r.empty());
            CHECK(r[0].name == "British Columbia");
            CHECK(r[0].kind == place_kind::state);
            CHECK(r[0].precision == precision_class::state);
            CHECK(r[0].admin.country_code == "CA");
            CHECK(r[0].admin.state == "British Columbia");
        }
        // Vancouver lies in it: context by polygon, and reverse geocoding by polygon.
        const auto vancouver = coder().geocode("Vancouver, B.C.");
        REQUIRE_FALSE(vancouver.empty());
        CHECK(vancouver[0].admin.state == "British Columbia");
        const auto here = coder().reverse(LonLat::make(-123.1207, 49.2827));  // downtown
        REQUIRE(here.state);
        CHECK(here.state->name == "British Columbia");
        REQUIRE(here.country);
        CHECK(here.country->admin.country_code == "CA");
        // Thüringen is Thuringia in English, and Lincolnshire (astride Greenwich) has its
        // polygon: Lincoln lies in it.
        CHECK(coder().geocode("Thuringia").at(0).name == "Thuringia");
        CHECK(coder().geocode("Thüringen").at(0).name == "Thuringia");
        const auto lincoln = coder().reverse(LonLat::make(-0.5406, 53.2307));
        REQUIRE(lincoln.state);
        CHECK(lincoln.state->name == "Lincolnshire");
    }

    TEST_CASE("continents and world regions are places of region precision") {
        const auto europe = coder().geocode("Europe");
        REQUIRE_FALSE(europe.empty());
        CHECK(europe[0].kind == place_kind::region);
        CHECK(europe[0].precision == precision_class::region);
        // "EU" is the European Union, not Eu in France (which the fixture does not hold).
        const auto eu = coder().geocode("EU");
        REQUIRE_FALSE(eu.empty());
        CHECK(eu[0].name == "European Union");
        // Reverse: Zürich lies in Europe; a point in the Pacific in no continent.
        const auto zurich = coder().reverse(LonLat::make(8.5417, 47.3769));
        REQUIRE(zurich.continent);
        CHECK(zurich.continent->name == "Europe");
        CHECK_FALSE(coder().reverse(LonLat::make(-150.0, 0.0)).continent);
        // Regions are left out with a finer min_precision.
        GeocodeOptions countries;
        countries.min_precision = precision_class::country;
        CHECK(coder().geocode("Europe", countries).empty());
    }

    TEST_CASE("a ZIP code after the name keeps only the places near it") {
        // ZIP 04101 is in Portland, Maine; 97214 in Portland, Oregon (the larger, first by
        // prior); no Portland in Oregon lies near 04101.
        const auto maine = coder().geocode("Portland, 04101");
        REQUIRE_FALSE(maine.empty());
        CHECK(maine[0].admin.state == "Maine");
        const auto oregon = coder().geocode("Portland, 97214");
        REQUIRE_FALSE(oregon.empty());
        CHECK(oregon[0].admin.state == "Oregon");
        CHECK(coder().geocode("Portland, OR 04101").empty());
    }

    TEST_CASE("a directional part of a place with a polygon is cut to the place (GEOS)") {
        // New York State's southern sector, uncut, would put its point near (-75.5, 41.2),
        // in Pennsylvania: the state's border runs along 42 N west of the Delaware.
        const auto r = coder().geocode("southern New York state");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].part == "south");
        const auto in = coder().reverse(r[0].point);
        REQUIRE(in.state);
        CHECK(in.state->name == "New York");
        // Every vertex of the cut part lies within its uncertainty radius, and in the state's
        // box.
        const auto ny = coder().geocode("New York state").at(0);
        const auto check_ring = [&](const Ring& ring) {
            for (const auto& v : ring) {
                CHECK(geodesy::distance_m(r[0].point, v) <= r[0].uncertainty_m + 1e-6);
                CHECK(v.lat >= ny.bbox.south_deg - 1e-9);
                CHECK(v.lat <= ny.bbox.north_deg + 1e-9);
            }
        };
        if (const auto* p = std::get_if<Polygon>(&r[0].extent)) check_ring(p->exterior);
        if (const auto* m = std::get_if<MultiPolygon>(&r[0].extent))
            for (const auto& p : m->polygons) check_ring(p.exterior);
        CHECK((std::holds_alternative<Polygon>(r[0].extent) ||
               std::holds_alternative<MultiPolygon>(r[0].extent)));
        CHECK(r[0].uncertainty_m < ny.uncertainty_m);
    }

    TEST_CASE("a directional part of a place is a polygon east of the centre, not the centroid") {
        const auto city = coder().geocode("Portland, Oregon");
        for (const char* q : {"east Portland, Oregon", "eastern Portland, Oregon",
                              "the eastern part of Portland, Oregon"}) {
            CAPTURE(q);
            const auto r = coder().geocode(q);
            REQUIRE_FALSE(r.empty());
            CHECK(r[0].part == "east");
            CHECK(r[0].point.lon > city[0].point.lon);
            CHECK(std::holds_alternative<Polygon>(r[0].extent));
            // The sector's centroid is 0.6 r due east of the city's point.
            CHECK(geodesy::distance_m(city[0].point, r[0].point) ==
                  doctest::Approx(0.6 * city[0].uncertainty_m).epsilon(1e-6));
            CHECK(r[0].uncertainty_m < city[0].uncertainty_m);
        }
        // std::string values, not literals: GCC 12 at -O3 warns falsely on assigning short
        // literals to members here (maybe-uninitialized in char_traits::assign).
        GeocodeQuery q;
        q.name = std::string("Portland");
        q.state = std::string("OR");
        q.part = std::string("west");
        const auto west = coder().geocode(q);
        REQUIRE_FALSE(west.empty());
        CHECK(west[0].point.lon < city[0].point.lon);
    }

    TEST_CASE(
        "a directional part's box crosses the antimeridian, or spans all longitudes at a pole") {
        // Russia's point is at 99.2 E; its eastern sector reaches Kamchatka and Chukotka past
        // 180, so the box runs from west of the point east across 180 (west > east, RFC 7946
        // 5.2) and holds every vertex of the sector.
        const auto east = coder().geocode("eastern Russia");
        REQUIRE_FALSE(east.empty());
        REQUIRE(east[0].part == "east");
        const BBox b = east[0].bbox;
        CHECK(b.west_deg > b.east_deg);
        // The sector's apex, the country's point, is its western end.
        CHECK(b.west_deg == doctest::Approx(coder().geocode("Russia")[0].point.lon));
        CHECK(b.east_deg + 360 - b.west_deg < 180);
        for (const auto& v : std::get<Polygon>(east[0].extent).exterior) {
            CAPTURE(v.lon);
            CHECK((v.lon >= b.west_deg - 1e-9 || v.lon <= b.east_deg + 1e-9));
            CHECK(v.lat >= b.south_deg - 1e-9);
            CHECK(v.lat <= b.north_deg + 1e-9);
        }
        // The northern sector (radius over 3,000 km from 61.7 N) holds the North Pole.
        const auto north = coder().geocode("northern Russia");
        REQUIRE_FALSE(north.empty());
        CHECK(north[0].bbox.west_deg == -180);
        CHECK(north[0].bbox.east_deg == 180);
        CHECK(north[0].bbox.north_deg == 90);
    }

    TEST_CASE("a feature type without feature data returns the place, flagged, never a point") {
        CHECK(has_points_of_interest("hospital"));
        CHECK(has_points_of_interest("police station"));
        CHECK_FALSE(has_points_of_interest("residential area"));
        const auto r = coder().geocode("hospital in Columbus, Ohio");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].name == "Columbus");
        CHECK(r[0].precision == precision_class::city);
        CHECK(r[0].feature == "hospital");
        CHECK(r[0].feature_unresolved);
    }

    TEST_CASE("options filter and bias the results") {
        GeocodeOptions o;
        o.near = LonLat::make(-70.26, 43.66);  // near Portland, Maine
        CHECK(coder().geocode("Portland", o)[0].admin.state == "Maine");
        GeocodeOptions only_ch;
        only_ch.country = "CH";
        CHECK(coder().geocode("Portland", only_ch).empty());
        GeocodeOptions cities_only;
        cities_only.min_precision = precision_class::city;
        for (const auto& r : coder().geocode("Oregon", cities_only))
            CHECK(r.kind == place_kind::city);
        GeocodeOptions box;
        box.bbox = BBox{-71, 43, -70, 44};
        const auto boxed = coder().geocode("Portland", box);
        REQUIRE(boxed.size() == 1);
        CHECK(boxed[0].admin.state == "Maine");
        GeocodeOptions one;
        one.limit = 1;
        CHECK(coder().geocode("Portland", one).size() == 1);
    }

    TEST_CASE("bad queries get clear errors") {
        {
            GeocodeQuery q;
            q.name = std::string("Portland");
            q.part = std::string("up");
            CHECK_THROWS_WITH_AS((void)coder().geocode(q),
                                 doctest::Contains("the part \"up\" is not a direction"),
                                 invalid_input);
        }
        CHECK(error_of("") == "the query is empty");
        CHECK(error_of("   ") == "the query is empty");
        CHECK(error_of(" , , ") == "the query has no words");
        CHECK(error_of(std::string(100 * 1024, 'a')) ==
              "the query is 102400 bytes; the limit is 1000");
        CHECK(error_of("Port\xffland") == "the query is not valid UTF-8");
        CHECK(error_of("Port\x01land") == "the query contains a control character");
        CHECK(error_of("!!! ...") ==
              "the query \"!!! ...\" has no letters or digits: expected a place name");
        CHECK(coder().geocode("Xyzzyplugh").empty());
        // Mixed scripts are a query like another: nothing matches, nothing is invented.
        CHECK(coder().geocode("Portland \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0").empty());
    }

    TEST_CASE("reverse: containing divisions by polygon, nearest places, and points at sea") {
        const auto r = coder().reverse(LonLat::make(-122.6, 45.52), 2);
        REQUIRE(r.country.has_value());
        CHECK(r.country->name == "United States of America");
        CHECK_FALSE(r.outside_countries);
        REQUIRE(r.state.has_value());
        CHECK(r.state->name == "Oregon");
        REQUIRE(r.county.has_value());
        CHECK(r.county->fips == "41051");
        REQUIRE(r.nearest.size() == 2);
        CHECK(r.nearest[0].place.name == "Portland");
        const auto sea = coder().reverse(LonLat::make(-40, 30), 1);
        CHECK(sea.outside_countries);
        REQUIRE(sea.country.has_value());
        CHECK(sea.country_distance_m > 500000);
        CHECK_FALSE(sea.state.has_value());
        CHECK_THROWS_AS((void)coder().reverse(LonLat::unchecked(0, 95)), invalid_input);
    }

    TEST_CASE("concurrent queries on one gazetteer give the single-threaded answers") {
        const std::vector<std::string> queries = {"Portland", "Portland, Maine",   "Minneaplis",
                                                  "Albany",   "east Portland, OR", "97214",
                                                  "Zürich",   "Twin Cities"};
        std::vector<std::string> expected;
        for (const auto& q : queries) expected.push_back(coder().geocode(q).at(0).name);
        std::vector<int> mismatches(4, 0);
        std::vector<std::jthread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 300; ++i) {
                    const std::size_t k = static_cast<std::size_t>(i + t) % queries.size();
                    if (coder().geocode(queries[k]).at(0).name != expected[k])
                        ++mismatches[static_cast<std::size_t>(t)];
                    (void)coder().reverse(LonLat::make(-122.6 + 0.001 * i, 45.5), 2);
                }
            });
        threads.clear();
        for (int m : mismatches) CHECK(m == 0);
    }
}

TEST_SUITE("geocode") {
    TEST_CASE("context that resolves to nothing halves the confidence instead of vanishing") {
        const auto plain = coder().geocode("Portland");
        const auto odd = coder().geocode("Portland, Narnia");
        REQUIRE(odd.size() == plain.size());
        for (std::size_t i = 0; i < odd.size(); ++i)
            CHECK(odd[i].confidence == doctest::Approx(0.5 * plain[i].confidence));
    }

    TEST_CASE("a ZIP code after the state must lie in the place") {
        const auto r = coder().geocode("Portland, OR 97214");
        REQUIRE(r.size() == 1);
        CHECK(r[0].admin.state == "Oregon");
        CHECK(coder().geocode("Portland, ME 97214").empty());  // 97214 is in Oregon
    }

    TEST_CASE("'X state' asks for the state; more than four comma parts is an error") {
        const auto r = coder().geocode("Oregon state");
        REQUIRE_FALSE(r.empty());
        CHECK(r[0].kind == place_kind::state);
        CHECK(error_of("a, b, c, d, e").find("at most 4") != std::string::npos);
    }

    TEST_CASE("min_precision leaves out coarser places and keeps finer ones") {
        REQUIRE_FALSE(coder().geocode("Oregon").empty());  // the state exists ...
        GeocodeOptions cities_only;
        cities_only.min_precision = precision_class::city;
        CHECK(coder().geocode("Oregon", cities_only).empty());  // ... and is filtered out
        CHECK_FALSE(coder().geocode("Portland", cities_only).empty());
    }
}
