// Reverse geocoding to US counties: incidentmap's gazetteer (grid + point-in-polygon on the
// memory-mapped rings) vs GEOS (STRtree of prepared county geometries) on the same
// 1,000,000 random points, in one run. GEOS gets the same county polygons, read from the
// same us-atlas source through GDAL and made valid the same way. Answers are compared.
//
//   bench_reverse GAZETTEER COUNTIES_TOPOJSON [POINTS=1000000] [REPEATS=3]
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>

#include <incidentmap/gazetteer/gazetteer.hpp>

#include "bench_common.hpp"

namespace im = incidentmap;

namespace {

struct GeosCounty {
    const GEOSPreparedGeometry* prepared;
    GEOSGeometry* geometry;
    std::uint32_t fips;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: bench_reverse GAZETTEER COUNTIES_TOPOJSON [POINTS] [REPEATS]\n");
        return 2;
    }
    const std::size_t n = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000000;
    const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
    const auto g = im::gazetteer::Gazetteer::open(argv[1]);

    GEOSContextHandle_t ctx = GEOS_init_r();
    GDALAllRegister();
    GDALDatasetH ds =
        GDALOpenEx(argv[2], GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (ds == nullptr) {
        std::fprintf(stderr, "cannot open %s\n", argv[2]);
        return 2;
    }
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "counties");
    std::vector<GeosCounty> counties;
    GEOSSTRtree* tree = GEOSSTRtree_create_r(ctx, 10);
    for (OGRFeatureH f; (f = OGR_L_GetNextFeature(layer)) != nullptr;) {
        OGRGeometryH valid = OGR_G_MakeValid(OGR_F_GetGeometryRef(f));
        const auto fips = static_cast<std::uint32_t>(
            std::atoi(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "id"))));
        OGR_F_Destroy(f);
        if (valid == nullptr) continue;
        std::vector<unsigned char> wkb(static_cast<std::size_t>(OGR_G_WkbSize(valid)));
        OGR_G_ExportToWkb(valid, wkbNDR, wkb.data());
        OGR_G_DestroyGeometry(valid);
        GEOSGeometry* geom = GEOSGeomFromWKB_buf_r(ctx, wkb.data(), wkb.size());
        if (geom == nullptr || GEOSisEmpty_r(ctx, geom)) continue;
        counties.push_back({GEOSPrepare_r(ctx, geom), geom, fips});
    }
    GDALClose(ds);
    for (auto& c : counties) GEOSSTRtree_insert_r(ctx, tree, c.geometry, &c);

    // Random points over the conterminous US bounding box (some fall in no county: sea,
    // Canada, Mexico); fixed seed.
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> lon(-125.0, -66.9), lat(24.5, 49.4);
    std::vector<im::LonLat> pts(n);
    for (auto& p : pts) p = im::LonLat::unchecked(lon(rng), lat(rng));
    std::vector<GEOSGeometry*> geos_pts(n);
    for (std::size_t i = 0; i < n; ++i)
        geos_pts[i] = GEOSGeom_createPointFromXY_r(ctx, pts[i].lon, pts[i].lat);

    std::vector<std::uint32_t> ours(n), theirs(n);
    struct QueryState {
        GEOSContextHandle_t ctx;
        const GEOSGeometry* point;
        std::uint32_t found;
    };
    std::vector<bench::Contender> cs = {
        {"incidentmap Gazetteer::containing",
         [&] {
             for (std::size_t i = 0; i < n; ++i) {
                 const auto hits = g.containing(pts[i], im::gazetteer::place_kind::county);
                 ours[i] = hits.empty() ? 0 : g.place(hits.front()).source_id;
             }
         },
         {}},
        {"GEOS STRtree + prepared contains",
         [&] {
             for (std::size_t i = 0; i < n; ++i) {
                 QueryState st{ctx, geos_pts[i], 0};
                 GEOSSTRtree_query_r(
                     ctx, tree, geos_pts[i],
                     [](void* item, void* user) {
                         auto* s = static_cast<QueryState*>(user);
                         const auto* c = static_cast<GeosCounty*>(item);
                         if (s->found == 0 &&
                             GEOSPreparedContains_r(s->ctx, c->prepared, s->point) == 1)
                             s->found = c->fips;
                     },
                     &st);
                 theirs[i] = st.found;
             }
         },
         {}},
    };
    bench::race(cs, repeats);
    std::size_t same = 0, in_county = 0;
    for (std::size_t i = 0; i < n; ++i) {
        same += ours[i] == theirs[i] ? 1 : 0;
        in_county += theirs[i] != 0 ? 1 : 0;
    }
    const double geos_s = bench::median(cs[1].times_s);
    std::printf(
        "reverse geocoding to US counties: %zu random points (%zu inside a county), %zu counties, "
        "median of %d\n",
        n, in_county, counties.size(), repeats);
    std::printf("%-36s %10s %14s %10s\n", "implementation", "median s", "points/s", "vs GEOS");
    for (const auto& c : cs) {
        const double s = bench::median(c.times_s);
        std::printf("%-36s %10.3f %14.0f %9.2fx\n", c.name.c_str(), s, static_cast<double>(n) / s,
                    geos_s / s);
    }
    std::printf("identical answers: %zu of %zu (%.4f%%)\n", same, n,
                100.0 * static_cast<double>(same) / static_cast<double>(n));
    for (auto& c : counties) {
        GEOSPreparedGeom_destroy_r(ctx, c.prepared);
        GEOSGeom_destroy_r(ctx, c.geometry);
    }
    for (auto* p : geos_pts) GEOSGeom_destroy_r(ctx, p);
    GEOSSTRtree_destroy_r(ctx, tree);
    GEOS_finish_r(ctx);
    return 0;
}
