#pragma once
/// @file
/// @brief Geocoding the locations of incidents that carry a place description.

#include <cstddef>

#include <incidentmap/core/error.hpp>
#include <incidentmap/export.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/incident/model.hpp>

namespace incidentmap::geocode {

/// @brief Counts from locate(). @since 0.1
struct LocateReport {
    std::size_t located = 0;     ///< locations given a geometry
    std::size_t unresolved = 0;  ///< descriptions that matched nothing (left without geometry)
};

/// @brief Give every location that has a `place` description and no geometry the best
/// geocoding result: a directional part becomes its polygon, anything else the place's
/// point; precision, uncertainty and a derivation note ("geocoded: Portland, Oregon, US;
/// match exact, confidence 0.99") come with it. Locations that already have a geometry are
/// left as they are. A description that matches nothing, or is not a valid query, is
/// reported to @p on_error (index = location number in document order, message naming the
/// incident and location) and left without geometry.
/// @since 0.1
INCIDENTMAP_EXPORT LocateReport locate(incident::IncidentCollection& incidents,
                                       const Geocoder& geocoder, const GeocodeOptions& options = {},
                                       const error_sink& on_error = {});

}  // namespace incidentmap::geocode
