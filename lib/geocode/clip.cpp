#include "geocode/clip.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <geos_c.h>

namespace incidentmap::geocode::detail {

namespace {

// One GEOS context, and geometries that are destroyed with it.
class Geos {
public:
    Geos() : m_h(GEOS_init_r()) {}
    ~Geos() {
        for (auto* g : m_owned) GEOSGeom_destroy_r(m_h, g);
        GEOS_finish_r(m_h);
    }
    Geos(const Geos&) = delete;
    Geos& operator=(const Geos&) = delete;

    GEOSContextHandle_t handle() const { return m_h; }

    // Takes ownership of g (which may be null: GEOS failed).
    GEOSGeometry* own(GEOSGeometry* g) {
        if (g != nullptr) m_owned.push_back(g);
        return g;
    }

    GEOSGeometry* polygon(const Ring& ring) {
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(m_h, static_cast<unsigned>(ring.size()), 2);
        for (unsigned i = 0; i < ring.size(); ++i)
            GEOSCoordSeq_setXY_r(m_h, seq, i, ring[i].lon, ring[i].lat);
        GEOSGeometry* shell = GEOSGeom_createLinearRing_r(m_h, seq);
        if (shell == nullptr) return nullptr;
        return own(GEOSGeom_createPolygon_r(m_h, shell, nullptr, 0));
    }

    Ring ring_of(const GEOSGeometry* ring) {
        Ring out;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(m_h, ring);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(m_h, seq, &n);
        for (unsigned i = 0; i < n; ++i) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(m_h, seq, i, &x, &y);
            out.push_back(LonLat::unchecked(x, y));
        }
        return out;
    }

    void collect(const GEOSGeometry* g, std::vector<const GEOSGeometry*>& out) {
        const int type = GEOSGeomTypeId_r(m_h, g);
        if (type == GEOS_POLYGON) {
            if (!GEOSisEmpty_r(m_h, g)) out.push_back(g);
        } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
            for (int i = 0; i < GEOSGetNumGeometries_r(m_h, g); ++i)
                collect(GEOSGetGeometryN_r(m_h, g, i), out);
        }
    }

private:
    GEOSContextHandle_t m_h;
    std::vector<GEOSGeometry*> m_owned;
};

// West, south, east, north of a ring in flat lon/lat.
std::array<double, 4> box_of(const Ring& r) {
    std::array<double, 4> b{1e300, 1e300, -1e300, -1e300};
    for (const auto& p : r) {
        b[0] = std::min(b[0], p.lon);
        b[1] = std::min(b[1], p.lat);
        b[2] = std::max(b[2], p.lon);
        b[3] = std::max(b[3], p.lat);
    }
    return b;
}

bool boxes_meet(const std::array<double, 4>& x, const std::array<double, 4>& y) {
    return x[0] <= y[2] && y[0] <= x[2] && x[1] <= y[3] && y[1] <= x[3];
}

}  // namespace

std::optional<Clipped> clip_to_area(const Ring& sector, const std::vector<Ring>& area) {
    Geos geos;
    GEOSContextHandle_t h = geos.handle();
    GEOSGeometry* cut = geos.polygon(sector);
    if (cut == nullptr) return std::nullopt;
    // Even-odd rings: the area inside the sector is the symmetric difference of the parts of
    // each ring inside it (an island's ring and its lake's ring cancel out in the lake),
    // taken pairwise so that thousands of islands (northern Canada) cost n log n, not n^2.
    std::vector<GEOSGeometry*> pieces;
    const auto sector_box = box_of(sector);
    for (const auto& ring : area) {
        if (ring.size() < 4 || !boxes_meet(box_of(ring), sector_box)) continue;
        GEOSGeometry* piece_area = geos.polygon(ring);
        if (piece_area == nullptr) continue;
        GEOSGeometry* piece = geos.own(GEOSIntersection_r(h, cut, piece_area));
        if (piece != nullptr && !GEOSisEmpty_r(h, piece)) pieces.push_back(piece);
    }
    while (pieces.size() > 1) {
        std::vector<GEOSGeometry*> next;
        for (std::size_t i = 0; i + 1 < pieces.size(); i += 2) {
            GEOSGeometry* both = geos.own(GEOSSymDifference_r(h, pieces[i], pieces[i + 1]));
            if (both == nullptr) return std::nullopt;
            next.push_back(both);
        }
        if (pieces.size() % 2 == 1) next.push_back(pieces.back());
        pieces = std::move(next);
    }
    if (pieces.empty()) return std::nullopt;
    GEOSGeometry* inside = pieces.front();
    std::vector<const GEOSGeometry*> parts;
    geos.collect(inside, parts);
    if (parts.empty()) return std::nullopt;
    Clipped out;
    const GEOSGeometry* largest = nullptr;
    double largest_area = -1;
    for (const auto* part : parts) {
        Polygon p;
        p.exterior = geos.ring_of(GEOSGetExteriorRing_r(h, part));
        for (int i = 0; i < GEOSGetNumInteriorRings_r(h, part); ++i)
            p.holes.push_back(geos.ring_of(GEOSGetInteriorRingN_r(h, part, i)));
        out.polygons.push_back(std::move(p));
        double a = 0;
        GEOSArea_r(h, part, &a);
        if (a > largest_area) {
            largest_area = a;
            largest = part;
        }
    }
    GEOSGeometry* c = geos.own(GEOSGetCentroid_r(h, largest));
    if (c == nullptr || !GEOSContains_r(h, largest, c))
        c = geos.own(GEOSPointOnSurface_r(h, largest));
    if (c == nullptr) return std::nullopt;
    double x = 0, y = 0;
    GEOSGeomGetX_r(h, c, &x);
    GEOSGeomGetY_r(h, c, &y);
    out.point = LonLat::unchecked(x, y);
    return out;
}

}  // namespace incidentmap::geocode::detail
