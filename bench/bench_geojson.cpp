// GeoJSON writing throughput: incidentmap's GeoJsonWriter vs GDAL's GeoJSON driver with
// RFC7946=YES (7 decimals, the same as incidentmap's default), writing the same 1,000,000
// point features with 5 properties, in one run. Then GDAL reads incidentmap's file back and
// checks the feature count and the values of sample features.
//
//   bench_geojson [FEATURES=1000000] [REPEATS=5] [OUTPUT_DIR=.]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <incidentmap/io/geojson.hpp>

#include "bench_common.hpp"

namespace im = incidentmap;

namespace {

struct Row {
    double lon, lat;
    std::int64_t id;
    std::string name;
    std::string role;
    double uncertainty_m;
    std::int64_t killed;
};

const char* k_roles[] = {"scene", "found", "hospital", "death", "reference", "context"};

void write_incidentmap(const std::vector<Row>& rows, const std::string& path) {
    const im::io::LayerSchema schema{"points",
                                     im::geometry_type::point,
                                     {{"id", im::io::field_type::integer},
                                      {"name", im::io::field_type::string},
                                      {"role", im::io::field_type::string},
                                      {"uncertainty_m", im::io::field_type::real},
                                      {"killed", im::io::field_type::integer}}};
    im::io::GeoJsonWriter w(path);
    w.begin(schema);
    im::io::Feature f;
    f.properties.resize(5);
    for (const Row& r : rows) {
        f.geometry = im::LonLat::unchecked(r.lon, r.lat);
        f.properties[0] = r.id;
        f.properties[1] = r.name;
        f.properties[2] = r.role;
        f.properties[3] = r.uncertainty_m;
        f.properties[4] = r.killed;
        w.write(f);
    }
    w.commit();
}

void write_gdal(const std::vector<Row>& rows, const std::string& path) {
    std::filesystem::remove(path);
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    GDALDatasetH ds = GDALCreate(drv, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(SRS_WKT_WGS84_LAT_LONG);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    char** opts = CSLSetNameValue(nullptr, "RFC7946", "YES");
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "points", srs, wkbPoint, opts);
    CSLDestroy(opts);
    OSRRelease(srs);
    const std::pair<const char*, OGRFieldType> fields[] = {{"id", OFTInteger64},
                                                           {"name", OFTString},
                                                           {"role", OFTString},
                                                           {"uncertainty_m", OFTReal},
                                                           {"killed", OFTInteger64}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefnH fd = OGR_Fld_Create(name, type);
        OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (const Row& r : rows) {
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFieldInteger64(f, 0, r.id);
        OGR_F_SetFieldString(f, 1, r.name.c_str());
        OGR_F_SetFieldString(f, 2, r.role.c_str());
        OGR_F_SetFieldDouble(f, 3, r.uncertainty_m);
        OGR_F_SetFieldInteger64(f, 4, r.killed);
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, r.lon, r.lat);
        OGR_F_SetGeometryDirectly(f, g);
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            std::fprintf(stderr, "GDAL failed on feature %lld\n", static_cast<long long>(r.id));
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
}

// GDAL reads incidentmap's output: count and spot-check values.
bool verify_with_gdal(const std::vector<Row>& rows, const std::string& path) {
    GDALDatasetH ds =
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (ds == nullptr) return false;
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    const auto count = OGR_L_GetFeatureCount(layer, TRUE);
    bool ok = count == static_cast<GIntBig>(rows.size());
    std::size_t i = 0;
    OGR_L_ResetReading(layer);
    for (OGRFeatureH f; ok && (f = OGR_L_GetNextFeature(layer)) != nullptr; ++i) {
        if (i % 99991 == 0 || i + 1 == rows.size()) {
            const Row& r = rows[i];
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            ok = ok && std::fabs(OGR_G_GetX(g, 0) - r.lon) <= 5e-8 &&
                 std::fabs(OGR_G_GetY(g, 0) - r.lat) <= 5e-8;
            ok = ok && OGR_F_GetFieldAsInteger64(f, 0) == r.id &&
                 r.name == OGR_F_GetFieldAsString(f, 1) && r.role == OGR_F_GetFieldAsString(f, 2) &&
                 OGR_F_GetFieldAsDouble(f, 3) == r.uncertainty_m &&
                 OGR_F_GetFieldAsInteger64(f, 4) == r.killed;
            if (!ok) std::fprintf(stderr, "feature %zu differs\n", i);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::string dir = argc > 3 ? argv[3] : ".";
    GDALAllRegister();

    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> lon(-125, -67), lat(25, 49), unc(10, 20000);
    std::vector<Row> rows(n);
    for (std::size_t i = 0; i < n; ++i) {
        rows[i] = Row{lon(rng),
                      lat(rng),
                      static_cast<std::int64_t>(i),
                      "incident-" + std::to_string(i),
                      k_roles[i % 6],
                      std::round(unc(rng) * 10) / 10,
                      static_cast<std::int64_t>(i % 4)};
    }
    const std::string ours_path = dir + "/bench-incidentmap.geojson";
    const std::string gdal_path = dir + "/bench-gdal.geojson";
    std::vector<bench::Contender> cs = {
        {"incidentmap GeoJsonWriter", [&] { write_incidentmap(rows, ours_path); }, {}},
        {"GDAL GeoJSON driver, RFC7946=YES", [&] { write_gdal(rows, gdal_path); }, {}},
    };
    bench::race(cs, repeats);
    const bool valid = verify_with_gdal(rows, ours_path);

    const double gdal_s = bench::median(cs[1].times_s);
    std::printf("GeoJSON writing, %zu point features with 5 properties, median of %d runs\n", n,
                repeats);
    std::printf("%-36s %10s %14s %12s %10s\n", "writer", "median s", "features/s", "size MB",
                "vs GDAL");
    for (const auto& c : cs) {
        const double s = bench::median(c.times_s);
        const std::string& p = &c == &cs[0] ? ours_path : gdal_path;
        std::printf("%-36s %10.3f %14.0f %12.1f %9.2fx\n", c.name.c_str(), s, double(n) / s,
                    double(std::filesystem::file_size(p)) / 1e6, gdal_s / s);
    }
    std::printf("GDAL reads incidentmap's file back: %s\n",
                valid ? "all features, values match" : "MISMATCH");
    return valid ? 0 : 1;
}
