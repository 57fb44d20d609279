#pragma once
// The geocoder over the test gazetteer that ctest builds from tests/data/gazetteer.
#include <cstdlib>

#include <doctest/doctest.h>

#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/geocode/geocoder.hpp>

namespace incidentmap::test {

inline const geocode::Geocoder& fixture_geocoder() {
    static const gazetteer::Gazetteer g = [] {
        const char* p = std::getenv("INCIDENTMAP_TEST_GAZETTEER");
        REQUIRE_MESSAGE(p != nullptr, "INCIDENTMAP_TEST_GAZETTEER is not set (run through ctest)");
        return gazetteer::Gazetteer::open(p);
    }();
    static const geocode::Geocoder c({&g});
    return c;
}

}  // namespace incidentmap::test
