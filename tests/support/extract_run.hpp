#pragma once
// Extraction over a test gazetteer, of a text read as news published on 2026-01-08 (a
// Thursday), so that its weekdays resolve.
#include <string>

#include <incidentmap/extract/incidents.hpp>

#include "support/fixture_geocoder.hpp"

namespace incidentmap::test {

inline extract::ExtractResult extract_published(
    const std::string& text, const geocode::Geocoder& geocoder = fixture_geocoder()) {
    extract::ExtractOptions o;
    o.published = parse_iso8601("2026-01-08");
    return extract::extract_incidents(text, geocoder, extract::Rules::builtin(), o);
}

}  // namespace incidentmap::test
