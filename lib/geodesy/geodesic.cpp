// Geodesics through PROJ's geodesic.h, the C implementation of Karney's algorithm (the
// same algorithm and results as GeographicLib, which the tests use as the independent
// reference). PROJ's API is lat-first; every call below swaps to lon/lat at this
// boundary, and tests/unit/geodesy checks the swap with asymmetric points.
#include <algorithm>
#include <cmath>
#include <string>
#include <thread>

#include <geodesic.h>
#include <proj.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

namespace incidentmap::geodesy {

namespace {
const geod_geodesic& wgs84() noexcept {
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, k_wgs84_a_m, k_wgs84_f);
        return init;
    }();
    return g;
}
}  // namespace

double normalize_azimuth_deg(double azimuth_deg) noexcept {
    if (azimuth_deg > -180.0 && azimuth_deg <= 180.0) return azimuth_deg;
    const double a = -normalize_lon_deg(-azimuth_deg);  // [-180, 180) mirrored: (-180, 180]
    return a;
}

const char* backend_name() noexcept {
    static const std::string name = [] {
        const PJ_INFO info = proj_info();
        return std::string("PROJ ") + info.version + " geodesic.h (Karney 2013)";
    }();
    return name.c_str();
}

Inverse inverse(LonLat from, LonLat to) noexcept {
    Inverse r;
    geod_inverse(&wgs84(), from.lat, from.lon, to.lat, to.lon, &r.distance_m, &r.azimuth1_deg,
                 &r.azimuth2_deg);
    r.azimuth1_deg = normalize_azimuth_deg(r.azimuth1_deg);
    r.azimuth2_deg = normalize_azimuth_deg(r.azimuth2_deg);
    return r;
}

double distance_m(LonLat from, LonLat to) noexcept {
    double s12 = 0.0;
    geod_inverse(&wgs84(), from.lat, from.lon, to.lat, to.lon, &s12, nullptr, nullptr);
    return s12;
}

void inverse_batch(std::span<const LonLat> from, std::span<const LonLat> to,
                   std::vector<Inverse>& out, unsigned threads) {
    if (from.size() != to.size())
        throw invalid_input("inverse_batch: 'from' has " + std::to_string(from.size()) +
                            " points but 'to' has " + std::to_string(to.size()));
    out.resize(from.size());
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n = from.size();
    // Below a few thousand pairs the thread start-up costs more than it saves.
    const std::size_t min_per_thread = 4096;
    threads = static_cast<unsigned>(
        std::min<std::size_t>(threads, std::max<std::size_t>(1, n / min_per_thread)));
    auto work = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) out[i] = inverse(from[i], to[i]);
    };
    if (threads <= 1) {
        work(0, n);
        return;
    }
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    const std::size_t chunk = (n + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t b = t * chunk;
        const std::size_t e = std::min(n, b + chunk);
        if (b < e) pool.emplace_back(work, b, e);
    }
}

Direct direct(LonLat from, double azimuth_deg, double distance) noexcept {
    double lat2 = 0.0;
    double lon2 = 0.0;
    double azi2 = 0.0;
    geod_gendirect(&wgs84(), from.lat, from.lon, azimuth_deg, GEOD_NOFLAGS, distance, &lat2, &lon2,
                   &azi2, nullptr, nullptr, nullptr, nullptr, nullptr);
    return Direct{LonLat::unchecked(normalize_lon_deg(lon2), lat2), normalize_azimuth_deg(azi2)};
}

std::vector<LonLat> densify(LonLat from, LonLat to, double max_spacing_m, std::size_t max_points) {
    if (!(max_spacing_m > 0.0) || !std::isfinite(max_spacing_m))
        throw invalid_input("densify: max_spacing_m must be a positive number of metres");
    if (max_points < 2) throw invalid_input("densify: max_points must be at least 2");
    if (!is_valid_lonlat(from.lon, from.lat) || !is_valid_lonlat(to.lon, to.lat))
        throw invalid_input("densify: the ends must be valid positions", errc::invalid_coordinate);
    geod_geodesicline line{};
    geod_inverseline(&line, &wgs84(), from.lat, from.lon, to.lat, to.lon,
                     GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
    const double s13 = line.s13;
    const double segments_wanted = std::ceil(s13 / max_spacing_m);
    const auto segments = static_cast<std::size_t>(
        std::clamp(segments_wanted, 1.0, static_cast<double>(max_points - 1)));
    std::vector<LonLat> out;
    out.reserve(segments + 1);
    out.push_back(LonLat::unchecked(normalize_lon_deg(from.lon), from.lat));
    for (std::size_t i = 1; i < segments; ++i) {
        double lat = 0.0;
        double lon = 0.0;
        geod_position(&line, s13 * static_cast<double>(i) / static_cast<double>(segments), &lat,
                      &lon, nullptr);
        out.push_back(LonLat::unchecked(normalize_lon_deg(lon), lat));
    }
    out.push_back(LonLat::unchecked(normalize_lon_deg(to.lon), to.lat));
    return out;
}

}  // namespace incidentmap::geodesy
