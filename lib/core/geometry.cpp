#include <algorithm>
#include <cmath>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/geometry.hpp>

#include "core/detail/format.hpp"

namespace incidentmap {

geometry_type type_of(const Geometry& g) noexcept {
    switch (g.index()) {
        case 1:
            return geometry_type::point;
        case 2:
            return geometry_type::line_string;
        case 3:
            return geometry_type::polygon;
        case 4:
            return geometry_type::multi_line_string;
        case 5:
            return geometry_type::multi_polygon;
        default:
            return geometry_type::none;
    }
}

const char* geojson_type_name(geometry_type t) noexcept {
    switch (t) {
        case geometry_type::point:
            return "Point";
        case geometry_type::line_string:
            return "LineString";
        case geometry_type::polygon:
            return "Polygon";
        case geometry_type::multi_line_string:
            return "MultiLineString";
        case geometry_type::multi_polygon:
            return "MultiPolygon";
        case geometry_type::none:
            break;
    }
    return "";
}

namespace {

void check_point(const LonLat& p, const std::string& where) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat))
        throw invalid_input(where + ": coordinates must be finite numbers",
                            errc::invalid_coordinate);
    if (std::fabs(p.lat) > 90.0)
        throw invalid_input(
            where + ": latitude " + detail::format_double(p.lat) + " is out of [-90, 90]",
            errc::invalid_coordinate);
    if (std::fabs(p.lon) > 180.0)
        throw invalid_input(
            where + ": longitude " + detail::format_double(p.lon) + " is out of [-180, 180]",
            errc::invalid_coordinate);
}

void check_line(const LineString& l, const std::string& where) {
    if (l.points.size() < 2)
        throw invalid_input(where + ": a line string needs at least 2 points, got " +
                                std::to_string(l.points.size()),
                            errc::invalid_geometry);
    for (std::size_t i = 0; i < l.points.size(); ++i)
        check_point(l.points[i], where + ", vertex " + std::to_string(i));
}

void check_ring(const Ring& r, const std::string& where) {
    if (r.size() < 4)
        throw invalid_input(
            where + ": a ring needs at least 4 positions, got " + std::to_string(r.size()),
            errc::invalid_geometry);
    for (std::size_t i = 0; i < r.size(); ++i)
        check_point(r[i], where + ", vertex " + std::to_string(i));
    if (!(r.front() == r.back()))
        throw invalid_input(where + ": the ring is not closed (first and last positions differ)",
                            errc::invalid_geometry);
}

void check_polygon(const Polygon& p, const std::string& where) {
    check_ring(p.exterior, where + " exterior ring");
    for (std::size_t i = 0; i < p.holes.size(); ++i)
        check_ring(p.holes[i], where + " hole " + std::to_string(i));
}

}  // namespace

void validate_geometry(const Geometry& g) {
    switch (type_of(g)) {
        case geometry_type::none:
            return;
        case geometry_type::point:
            check_point(std::get<LonLat>(g), "point");
            return;
        case geometry_type::line_string:
            check_line(std::get<LineString>(g), "line string");
            return;
        case geometry_type::polygon:
            check_polygon(std::get<Polygon>(g), "polygon");
            return;
        case geometry_type::multi_line_string: {
            const auto& m = std::get<MultiLineString>(g);
            if (m.lines.empty())
                throw invalid_input("multi line string: needs at least 1 line string",
                                    errc::invalid_geometry);
            for (std::size_t i = 0; i < m.lines.size(); ++i)
                check_line(m.lines[i], "line string " + std::to_string(i));
            return;
        }
        case geometry_type::multi_polygon: {
            const auto& m = std::get<MultiPolygon>(g);
            if (m.polygons.empty())
                throw invalid_input("multi polygon: needs at least 1 polygon",
                                    errc::invalid_geometry);
            for (std::size_t i = 0; i < m.polygons.size(); ++i)
                check_polygon(m.polygons[i], "polygon " + std::to_string(i));
            return;
        }
    }
}

double signed_area_deg2(const Ring& ring) noexcept {
    if (ring.size() < 3) return 0.0;
    // Shoelace formula with longitudes unwrapped along the ring (edges take the shorter
    // way in longitude), relative to the first vertex for numerical stability.
    const double y0 = ring[0].lat;
    double sum = 0.0;
    double prev_x = 0.0;
    double prev_y = 0.0;
    double prev_lon = ring[0].lon;
    for (std::size_t i = 1; i < ring.size(); ++i) {
        const double d = lon_delta_deg(prev_lon, ring[i].lon);
        prev_lon = ring[i].lon;
        const double x = prev_x + d;
        const double y = ring[i].lat - y0;
        sum += prev_x * y - x * prev_y;
        prev_x = x;
        prev_y = y;
    }
    return 0.5 * sum;
}

std::pair<double, double> lon_extent_deg(const std::vector<LonLat>& path) noexcept {
    if (path.empty()) return {0.0, 0.0};
    double lon = path[0].lon;
    double lo = lon, hi = lon;
    for (std::size_t i = 1; i < path.size(); ++i) {
        lon += lon_delta_deg(path[i - 1].lon, path[i].lon);
        lo = std::min(lo, lon);
        hi = std::max(hi, lon);
    }
    if (hi - lo >= 360.0) return {-180.0, 180.0};
    if (lo >= -180.0 && hi <= 180.0) return {lo, hi};
    const double west = normalize_lon_deg(lo), east = normalize_lon_deg(hi);
    return {west, east == -180.0 ? 180.0 : east};
}

}  // namespace incidentmap
