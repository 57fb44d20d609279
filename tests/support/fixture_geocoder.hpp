#pragma once
// The gazetteers ctest builds for the tests (tests/data/gazetteer, and tests/data/osm/small.osm
// imported) and geocoders over them.
#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/geocode/geocoder.hpp>

namespace incidentmap::test {

/// The path that ctest gives in the environment variable `name`.
inline std::string fixture_path(const char* name) {
    const char* p = std::getenv(name);
    const std::string message = std::string(name) + " is not set (run through ctest)";
    REQUIRE_MESSAGE(p != nullptr, message);
    return p;
}

/// The test gazetteer built from tests/data/gazetteer.
inline const gazetteer::Gazetteer& fixture_gazetteer() {
    static const gazetteer::Gazetteer g =
        gazetteer::Gazetteer::open(fixture_path("INCIDENTMAP_TEST_GAZETTEER"));
    return g;
}

inline const geocode::Geocoder& fixture_geocoder() {
    static const geocode::Geocoder c({&fixture_gazetteer()});
    return c;
}

/// The test gazetteer with the project's small OpenStreetMap fixture stacked on it: streets
/// and their crossing in Portland, two hospitals in Columbus.
inline const geocode::Geocoder& osm_fixture_geocoder() {
    static const gazetteer::Gazetteer osm =
        gazetteer::Gazetteer::open(fixture_path("INCIDENTMAP_TEST_OSM_GAZETTEER"));
    static const geocode::Geocoder c({&fixture_gazetteer(), &osm});
    return c;
}

}  // namespace incidentmap::test
