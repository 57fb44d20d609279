// Geodesic inverse throughput: incidentmap vs GeographicLib (C++) vs PROJ geod_inverse (C),
// on the same 1,000,000 random pairs, in one run. Also checks that the results agree.
//
//   bench_geodesic [PAIRS=1000000] [REPEATS=7]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include <GeographicLib/Geodesic.hpp>
#include <geodesic.h>

#include <incidentmap/core/units.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "bench_common.hpp"

int main(int argc, char** argv) {
    using incidentmap::LonLat;
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 7;

    // Points uniform on the sphere (fixed seed).
    std::mt19937_64 rng(20260108);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::uniform_real_distribution<double> lon(-180.0, 180.0);
    std::vector<LonLat> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
        a[i] = LonLat::make(lon(rng), std::asin(u(rng)) * 180.0 / incidentmap::k_pi);
        b[i] = LonLat::make(lon(rng), std::asin(u(rng)) * 180.0 / incidentmap::k_pi);
    }

    std::vector<double> ours(n), glib(n), proj(n);
    std::vector<incidentmap::geodesy::Inverse> batch;
    const GeographicLib::Geodesic& g = GeographicLib::Geodesic::WGS84();
    geod_geodesic pg{};
    geod_init(&pg, incidentmap::k_wgs84_a_m, incidentmap::k_wgs84_f);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

    std::vector<bench::Contender> cs = {
        {"incidentmap geodesy::inverse",
         [&] {
             for (std::size_t i = 0; i < n; ++i)
                 ours[i] = incidentmap::geodesy::inverse(a[i], b[i]).distance_m;
         },
         {}},
        {"GeographicLib Geodesic::Inverse",
         [&] {
             for (std::size_t i = 0; i < n; ++i) {
                 double s12 = 0, azi1 = 0, azi2 = 0;
                 g.Inverse(a[i].lat, a[i].lon, b[i].lat, b[i].lon, s12, azi1, azi2);
                 glib[i] = s12;
             }
         },
         {}},
        {"PROJ geod_inverse",
         [&] {
             for (std::size_t i = 0; i < n; ++i) {
                 double s12 = 0, azi1 = 0, azi2 = 0;
                 geod_inverse(&pg, a[i].lat, a[i].lon, b[i].lat, b[i].lon, &s12, &azi1, &azi2);
                 proj[i] = s12;
             }
         },
         {}},
        {"incidentmap geodesy::inverse_batch (all cores)",
         [&] { incidentmap::geodesy::inverse_batch(a, b, batch, 0); },
         {}},
    };
    bench::race(cs, repeats);

    double max_diff_m = 0;
    for (std::size_t i = 0; i < n; ++i) {
        max_diff_m = std::max(max_diff_m, std::fabs(ours[i] - glib[i]));
        max_diff_m = std::max(max_diff_m, std::fabs(batch[i].distance_m - glib[i]));
    }

    const double glib_s = bench::median(cs[1].times_s);
    std::printf("geodesic inverse, %zu random pairs, median of %d runs, %u hardware threads\n", n,
                repeats, cores);
    std::printf("%-48s %12s %14s %10s\n", "implementation", "median s", "pairs/s", "vs GeoLib");
    for (const auto& c : cs) {
        const double s = bench::median(c.times_s);
        std::printf("%-48s %12.4f %14.0f %9.2fx\n", c.name.c_str(), s, double(n) / s, glib_s / s);
    }
    std::printf("max |distance difference| vs GeographicLib: %.3g m\n", max_diff_m);
    return max_diff_m < 1e-8 ? 0 : 1;
}
