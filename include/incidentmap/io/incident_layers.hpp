#pragma once
/// @file
/// @brief Map layers made from an incident collection: locations, links and uncertainty.

#include <cstddef>
#include <string>
#include <vector>

#include <incidentmap/export.hpp>
#include <incidentmap/incident/model.hpp>
#include <incidentmap/io/geojson.hpp>
#include <incidentmap/io/layer.hpp>

namespace incidentmap::io {

/// @brief Options for the incident layers. @since 0.1
struct IncidentLayerOptions {
    double link_spacing_m = 1000.0;    ///< densify link lines every this many metres, > 0
    std::size_t circle_vertices = 72;  ///< vertices of uncertainty circles, >= 3
};

/// @brief A layer's schema and features. @since 0.1
struct Layer {
    LayerSchema schema;
    std::vector<Feature> features;
};

/// @brief One feature per location, with properties incident_id, incident_title,
/// location_id, role, name, precision, uncertainty_m, derivation, text, time_start,
/// time_end, time_precision, killed, injured, types. Unknown places have no geometry.
/// @throws data_error if the collection does not validate. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Layer locations_layer(const incident::IncidentCollection& c);

/// @brief One feature per link: a geodesic line between the two ends' representative
/// points (densified), or no geometry when an end is unknown; properties incident_id, from,
/// to, relation, distance_m, distance_low_m, distance_best_m, distance_high_m,
/// azimuth_deg, back_azimuth_deg, bearing, stated_text, conflict. A link that cannot be
/// drawn is reported to @p on_error and left out.
/// @throws data_error if the collection does not validate. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Layer links_layer(const incident::IncidentCollection& c,
                                                   const IncidentLayerOptions& options = {},
                                                   const error_sink& on_error = {});

/// @brief Geodesic polygons of where each place may be: a circle of the uncertainty
/// radius around each located point; and for a link with a stated distance whose far end is
/// unknown, the annulus [low - r, high + r] around the near end (r: its uncertainty).
/// Properties incident_id, location_id, kind ("uncertainty" or "stated_distance"),
/// inner_radius_m, outer_radius_m, precision, text. A shape that cannot be drawn (a radius
/// beyond 10,000 km, a ring of no width) is reported to @p on_error and left out.
/// @throws data_error if the collection does not validate. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Layer uncertainty_layer(const incident::IncidentCollection& c,
                                                         const IncidentLayerOptions& options = {},
                                                         const error_sink& on_error = {});

/// @brief Paths written by write_incident_layers(). @since 0.1
struct LayerFiles {
    std::vector<std::string> paths;
    BatchResult result;
};

/// @brief Write locations.geojson, links.geojson and uncertainty.geojson (.geojsons for
/// text sequences) into @p dir
/// (created if missing), each atomically. A feature that cannot be written is reported to
/// @p on_error and skipped; the folder is created only after all layers are built.
/// @throws data_error if the collection does not validate, io_error. @since 0.1
INCIDENTMAP_EXPORT LayerFiles write_incident_layers(const incident::IncidentCollection& c,
                                                    const std::string& dir,
                                                    const IncidentLayerOptions& options = {},
                                                    const GeoJsonOptions& geojson = {},
                                                    const error_sink& on_error = {});

}  // namespace incidentmap::io
