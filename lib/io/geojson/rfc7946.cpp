// RFC 7946 geometry normalisation: ring orientation and antimeridian splitting.
// Boost.Geometry does the polygon clipping in an "unwrapped" plane where longitudes run
// continuously past +-180; each 360-degree window is then shifted back into [-180, 180].
#include <algorithm>
#include <cmath>

#include <incidentmap/core/error.hpp>
#include <incidentmap/io/geojson.hpp>

// Boost.Geometry 1.74's envelope and rescale code trips GCC 12's -Wmaybe-uninitialized
// (false positives inside Boost, reported upstream); silence only that, only here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

namespace incidentmap::io {

namespace {

namespace bg = boost::geometry;
using bpoint = bg::model::d2::point_xy<double>;
using bpolygon = bg::model::polygon<bpoint, false /*counter-clockwise*/, true /*closed*/>;
using bmulti = bg::model::multi_polygon<bpolygon>;
using bbox = bg::model::box<bpoint>;

// Longitudes made continuous along the sequence (each step the shorter way), starting at
// the first point's longitude shifted by `offset_deg`.
std::vector<LonLat> unwrap(const std::vector<LonLat>& pts, double offset_deg = 0.0) {
    std::vector<LonLat> out;
    out.reserve(pts.size());
    double lon = pts.empty() ? 0.0 : pts[0].lon + offset_deg;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (i > 0) lon += lon_delta_deg(pts[i - 1].lon, pts[i].lon);
        out.push_back(LonLat::unchecked(lon, pts[i].lat));
    }
    return out;
}

bool inside_world(const std::vector<LonLat>& pts) noexcept {
    return std::all_of(pts.begin(), pts.end(),
                       [](const LonLat& p) { return p.lon >= -180.0 && p.lon <= 180.0; });
}

// Window index of an unwrapped longitude: 0 for [-180, 180), 1 for [180, 540), ...
long window_of(double lon) noexcept {
    return std::lround(std::floor((lon + 180.0) / 360.0));
}

// A piece of a split line is kept only if it has length: a line that starts or ends on
// the antimeridian would otherwise leave a zero-length piece on the other side.
void keep_piece(MultiLineString& out, LineString& piece) {
    const bool has_length =
        std::any_of(piece.points.begin(), piece.points.end(),
                    [&](const LonLat& p) { return !(p == piece.points.front()); });
    if (has_length) out.lines.push_back(std::move(piece));
    piece = LineString{};
}

MultiLineString split_line(const std::vector<LonLat>& pts) {
    const auto u = unwrap(pts);
    MultiLineString out;
    LineString current;
    long w = window_of(u[0].lon);
    current.points.push_back(LonLat::unchecked(u[0].lon - 360.0 * double(w), u[0].lat));
    for (std::size_t i = 1; i < u.size(); ++i) {
        const LonLat a = u[i - 1];
        const LonLat b = u[i];
        long wb = window_of(b.lon);
        while (wb != w) {
            // Cross the boundary between window w and its neighbour towards b.
            const bool east = wb > w;
            const double x = east ? 180.0 + 360.0 * double(w) : -180.0 + 360.0 * double(w);
            const double t = (x - a.lon) / (b.lon - a.lon);
            const double lat = a.lat + t * (b.lat - a.lat);
            current.points.push_back(LonLat::unchecked(east ? 180.0 : -180.0, lat));
            keep_piece(out, current);
            w += east ? 1 : -1;
            current.points.push_back(LonLat::unchecked(east ? -180.0 : 180.0, lat));
        }
        const LonLat p = LonLat::unchecked(b.lon - 360.0 * double(w), b.lat);
        if (!(current.points.back() == p)) current.points.push_back(p);
    }
    keep_piece(out, current);
    return out;
}

bpolygon::ring_type to_bring(const std::vector<LonLat>& pts) {
    bpolygon::ring_type r;
    for (const auto& p : pts) r.push_back(bpoint(p.lon, p.lat));
    return r;
}

Ring from_bring(const bpolygon::ring_type& r, double shift_deg) {
    Ring out;
    out.reserve(r.size());
    for (const auto& p : r) {
        double lon = p.x() + shift_deg;
        // Clipping computes boundary points as -180 + 360k; snap rounding noise.
        if (std::fabs(lon - 180.0) < 1e-9) lon = 180.0;
        if (std::fabs(lon + 180.0) < 1e-9) lon = -180.0;
        out.push_back(LonLat::unchecked(lon, p.y()));
    }
    return out;
}

// A ring as an area in the unwrapped plane. A ring whose longitudes wind once round the
// globe encloses a pole: close it along the pole's latitude line. The pole is the one on
// the side of the ring's mean latitude.
bpolygon ring_area(const std::vector<LonLat>& unwrapped) {
    bpolygon p;
    const double winding = unwrapped.back().lon - unwrapped.front().lon;
    if (std::fabs(winding) > 180.0) {
        double mean_lat = 0.0;
        for (const auto& q : unwrapped) mean_lat += q.lat;
        const double pole = mean_lat >= 0.0 ? 90.0 : -90.0;
        std::vector<LonLat> cap = unwrapped;
        cap.push_back(LonLat::unchecked(unwrapped.back().lon, pole));
        cap.push_back(LonLat::unchecked(unwrapped.front().lon, pole));
        cap.push_back(unwrapped.front());
        p.outer() = to_bring(cap);
    } else {
        p.outer() = to_bring(unwrapped);
    }
    bg::correct(p);
    return p;
}

// Shoelace area in the plane of (lon, lat) as written, with no unwrapping: right for rings
// that lie within [-180, 180] such as clipped pieces, whose edges along a pole may span
// more than 180 degrees of longitude.
double planar_area_deg2(const Ring& r) noexcept {
    double s = 0.0;
    for (std::size_t i = 1; i < r.size(); ++i)
        s += r[i - 1].lon * r[i].lat - r[i].lon * r[i - 1].lat;
    return 0.5 * s;
}

// Orientation for rings whose edges all take the shorter way in longitude.
void orient(Polygon& p) {
    if (signed_area_deg2(p.exterior) < 0) std::reverse(p.exterior.begin(), p.exterior.end());
    for (auto& h : p.holes)
        if (signed_area_deg2(h) > 0) std::reverse(h.begin(), h.end());
}

// A closed ring unwrapped: summing the steps leaves rounding noise in the last longitude
// (0.02179 comes back as 0.021790000000000003 round Greenwich), so the ring is closed again
// exactly (GEOS refuses an open ring), keeping any whole turn round a pole.
std::vector<LonLat> unwrap_ring(const Ring& ring) {
    auto u = unwrap(ring);
    if (u.size() > 1 && ring.front() == ring.back()) {
        const double turns = std::round((u.back().lon - u.front().lon) / 360.0);
        u.back() = LonLat::unchecked(u.front().lon + 360.0 * turns, u.front().lat);
    }
    return u;
}

void split_polygon(const Polygon& poly, std::vector<Polygon>& out) {
    const auto ext = unwrap_ring(poly.exterior);
    std::vector<std::vector<LonLat>> holes;
    bool simple = inside_world(ext) && std::fabs(ext.back().lon - ext.front().lon) < 180.0;
    double center = 0.0;
    for (const auto& q : ext) center += q.lon;
    center /= double(ext.size());
    for (const auto& h : poly.holes) {
        auto u = unwrap_ring(h);
        // Place the hole in the same 360-degree copy of the world as the exterior.
        double hc = 0.0;
        for (const auto& q : u) hc += q.lon;
        hc /= double(u.size());
        const double shift = 360.0 * std::round((center - hc) / 360.0);
        for (auto& q : u) q.lon += shift;
        simple = simple && inside_world(u) && std::fabs(u.back().lon - u.front().lon) < 180.0;
        holes.push_back(std::move(u));
    }
    if (simple) {
        Polygon p{ext, {}};
        for (auto& h : holes) p.holes.push_back(std::move(h));
        orient(p);
        out.push_back(std::move(p));
        return;
    }
    bmulti area;
    area.push_back(ring_area(ext));
    for (const auto& h : holes) {
        bmulti rest;
        bg::difference(area, ring_area(h), rest);
        area = std::move(rest);
    }
    bbox env;
    bg::envelope(area, env);
    const long w0 = window_of(env.min_corner().x());
    const long w1 = window_of(env.max_corner().x());
    for (long w = w0; w <= w1; ++w) {
        const double west = -180.0 + 360.0 * double(w);
        const bbox window(bpoint(west, -90.0), bpoint(west + 360.0, 90.0));
        bmulti piece;
        bg::intersection(area, window, piece);
        for (const auto& bp : piece) {
            // Areas are judged after snapping to +-180, which can flatten a sliver.
            Polygon p{from_bring(bp.outer(), -360.0 * double(w)), {}};
            const double piece_area = planar_area_deg2(p.exterior);
            if (std::fabs(piece_area) < 1e-12) continue;
            if (piece_area < 0) std::reverse(p.exterior.begin(), p.exterior.end());
            for (const auto& inner : bp.inners()) {
                Ring hole = from_bring(inner, -360.0 * double(w));
                const double hole_area = planar_area_deg2(hole);
                if (std::fabs(hole_area) < 1e-12) continue;
                if (hole_area > 0) std::reverse(hole.begin(), hole.end());
                p.holes.push_back(std::move(hole));
            }
            out.push_back(std::move(p));
        }
    }
}

}  // namespace

Geometry to_rfc7946(const Geometry& g) {
    validate_geometry(g);
    switch (type_of(g)) {
        case geometry_type::none:
        case geometry_type::point:
            return g;
        case geometry_type::line_string: {
            const auto& pts = std::get<LineString>(g).points;
            if (inside_world(unwrap(pts))) return g;
            MultiLineString m = split_line(pts);
            if (m.lines.empty())
                throw invalid_input("line string: has no length", errc::invalid_geometry);
            if (m.lines.size() == 1) return m.lines.front();
            return m;
        }
        case geometry_type::multi_line_string: {
            MultiLineString out;
            for (const auto& l : std::get<MultiLineString>(g).lines) {
                if (inside_world(unwrap(l.points))) {
                    out.lines.push_back(l);
                } else {
                    for (auto& piece : split_line(l.points).lines)
                        out.lines.push_back(std::move(piece));
                }
            }
            return out;
        }
        case geometry_type::polygon: {
            std::vector<Polygon> parts;
            split_polygon(std::get<Polygon>(g), parts);
            if (parts.empty())
                throw invalid_input("polygon: no area is left after splitting at the antimeridian",
                                    errc::invalid_geometry);
            if (parts.size() == 1) return parts.front();
            return MultiPolygon{std::move(parts)};
        }
        case geometry_type::multi_polygon: {
            MultiPolygon out;
            for (const auto& p : std::get<MultiPolygon>(g).polygons) split_polygon(p, out.polygons);
            if (out.polygons.empty())
                throw invalid_input(
                    "multi polygon: no area is left after splitting at the antimeridian",
                    errc::invalid_geometry);
            return out;
        }
    }
    return g;
}

}  // namespace incidentmap::io
