#pragma once
/// @file
/// @brief Geometry value types in lon/lat degrees on WGS84: points, line strings and
/// polygons (with holes), and their multi-part forms.
///
/// Edges join their vertices along the shorter way in longitude: an edge from
/// lon 179 to lon -179 crosses the antimeridian (2 degrees), it does not go round the
/// world. Rings are closed (first vertex == last vertex) and may be in either winding;
/// writers normalise them.

#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief A sequence of at least two positions. @since 0.1
struct LineString {
    std::vector<LonLat> points;
    friend bool operator==(const LineString&, const LineString&) = default;
};

/// @brief A closed ring of at least four positions, first == last. @since 0.1
using Ring = std::vector<LonLat>;

/// @brief An exterior ring and zero or more holes. @since 0.1
struct Polygon {
    Ring exterior;
    std::vector<Ring> holes;
    friend bool operator==(const Polygon&, const Polygon&) = default;
};

/// @brief Several line strings. @since 0.1
struct MultiLineString {
    std::vector<LineString> lines;
    friend bool operator==(const MultiLineString&, const MultiLineString&) = default;
};

/// @brief Several polygons. @since 0.1
struct MultiPolygon {
    std::vector<Polygon> polygons;
    friend bool operator==(const MultiPolygon&, const MultiPolygon&) = default;
};

/// @brief Any geometry; std::monostate means "no geometry" (unknown location). @since 0.1
using Geometry =
    std::variant<std::monostate, LonLat, LineString, Polygon, MultiLineString, MultiPolygon>;

/// @brief The kind of a geometry, as named by GeoJSON. @since 0.1
enum class geometry_type { none, point, line_string, polygon, multi_line_string, multi_polygon };

/// @brief The kind of @p g. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT geometry_type type_of(const Geometry& g) noexcept;

/// @brief GeoJSON name of a geometry type ("Point", …; "" for none). @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT const char* geojson_type_name(geometry_type t) noexcept;

/// @brief Axis-aligned lon/lat box. west > east means the box crosses the antimeridian
/// (RFC 7946 §5.2). @since 0.1
struct BBox {
    double west_deg = 0.0;
    double south_deg = 0.0;
    double east_deg = 0.0;
    double north_deg = 0.0;
};

/// @brief Check a geometry: finite coordinates, |lat| <= 90, |lon| <= 180, at least two
/// points per line, rings closed with at least four points.
/// @throws invalid_input (errc::invalid_geometry or errc::invalid_coordinate) naming the
///   offending part, e.g. "polygon hole 1, vertex 3: latitude 95 is out of [-90, 90]".
/// @since 0.1
INCIDENTMAP_EXPORT void validate_geometry(const Geometry& g);

/// @brief Signed area of a ring in square degrees, in the plane of (lon, lat) with
/// longitudes unwrapped along the ring; positive means counter-clockwise. Used only to
/// decide orientation. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT double signed_area_deg2(const Ring& ring) noexcept;

/// @brief The longitude extent of a line or ring, each edge taken the shorter way in
/// longitude: west > east when it crosses the antimeridian (RFC 7946 §5.2), and -180 to 180
/// when it winds round a pole. An empty path gives {0, 0}.
/// @return {west_deg, east_deg}, each in [-180, 180]
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::pair<double, double> lon_extent_deg(
    const std::vector<LonLat>& path) noexcept;

}  // namespace incidentmap
