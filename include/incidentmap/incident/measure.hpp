#pragma once
/// @file
/// @brief Distances between the locations of an incident, with intervals that account
/// for the locations' uncertainty.

#include <optional>

#include <incidentmap/export.hpp>
#include <incidentmap/incident/model.hpp>

namespace incidentmap::incident {

/// @brief A distance known as an interval, metres: low <= best <= high. @since 0.1
struct DistanceInterval {
    double low_m = 0.0;
    double best_m = 0.0;
    double high_m = 0.0;
};

/// @brief What can be said about the distance along a link. @since 0.1
struct LinkMeasure {
    std::optional<LonLat> from_point;  ///< representative point of `from`, if located
    std::optional<LonLat> to_point;    ///< representative point of `to`, if located
    /// Geodesic distance and azimuths between the two representative points, when both
    /// ends have a geometry and neither was computed from the other (Location::relative_to).
    std::optional<double> distance_m;
    std::optional<double> azimuth_deg;       ///< forward azimuth at `from`, degrees
    std::optional<double> back_azimuth_deg;  ///< azimuth from `to` back to `from`, degrees
    /// The interval the true distance lies in. When both ends are located:
    /// [max(0, d - r1 - r2), d, d + r1 + r2] with r the uncertainty radii; intersected with
    /// the stated interval if there is one (if they do not overlap, the measured one is kept
    /// and `conflict` is set). When an end is unknown, or was computed from the other: the
    /// stated interval, best = midpoint.
    /// std::nullopt when neither is available.
    std::optional<DistanceInterval> interval;
    bool conflict = false;  ///< measured and stated intervals are disjoint
};

/// @brief Measure a link of an incident.
/// @throws data_error if a link end names no location of the incident.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT LinkMeasure measure(const Incident& incident, const Link& link);

}  // namespace incidentmap::incident
