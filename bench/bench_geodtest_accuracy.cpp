// Accuracy against Karney's published geodesic test set (GeodTest-short: 10,000 geodesics
// exact to ~0.1 nm). Reads the gzip file through `gzip -dc`.
//
//   bench_geodtest_accuracy [PATH] [--max-error-nm N]
// Exit status 1 if the worst distance error exceeds N nanometres (default 15).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <incidentmap/geodesy/geodesic.hpp>

int main(int argc, char** argv) {
    std::string path = "../shared/data/geodesy/GeodTest-short.dat.gz";
    double limit_nm = 15.0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--max-error-nm") == 0 && i + 1 < argc)
            limit_nm = std::atof(argv[++i]);
        else
            path = argv[i];
    }
    const std::string cmd = "gzip -dc '" + path + "'";
    FILE* in = popen(cmd.c_str(), "r");
    if (in == nullptr) {
        std::fprintf(stderr, "cannot run %s\n", cmd.c_str());
        return 2;
    }
    using incidentmap::LonLat;
    double lat1, lon1, azi1, lat2, lon2, azi2, s12, a12, m12, S12;
    std::size_t n = 0;
    double max_inverse_nm = 0, max_direct_nm = 0, max_azi_err_deg = 0;
    std::size_t worst_line = 0;
    while (std::fscanf(in, "%lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &lat1, &lon1, &azi1, &lat2,
                       &lon2, &azi2, &s12, &a12, &m12, &S12) == 10) {
        ++n;
        const LonLat p1 = LonLat::make(lon1, lat1);
        const LonLat p2 = LonLat::make(lon2, lat2);
        const auto inv = incidentmap::geodesy::inverse(p1, p2);
        const double err_nm = std::fabs(inv.distance_m - s12) * 1e9;
        if (err_nm > max_inverse_nm) {
            max_inverse_nm = err_nm;
            worst_line = n;
        }
        // Direct: how far from the published end point does the computed one land?
        const auto dir = incidentmap::geodesy::direct(p1, azi1, s12);
        max_direct_nm =
            std::max(max_direct_nm, incidentmap::geodesy::distance_m(dir.position, p2) * 1e9);
        // Azimuths are ill-defined for nearly antipodal points; compare where s12 is short of that.
        if (s12 < 19.9e6) {
            double d = std::fmod(std::fabs(inv.azimuth1_deg - azi1), 360.0);
            max_azi_err_deg = std::max(max_azi_err_deg, std::min(d, 360.0 - d));
        }
    }
    const int status = pclose(in);
    if (n == 0 || status != 0) {
        std::fprintf(stderr, "could not read %s\n", path.c_str());
        return 2;
    }
    std::printf("GeodTest-short: %zu geodesics from %s\n", n, path.c_str());
    std::printf("  inverse: max |s12 error| = %.3f nm (line %zu); limit %.1f nm\n", max_inverse_nm,
                worst_line, limit_nm);
    std::printf("  direct:  max position error = %.3f nm\n", max_direct_nm);
    std::printf("  inverse: max azi1 error = %.3g deg (pairs under 19,900 km)\n", max_azi_err_deg);
    const bool ok = max_inverse_nm <= limit_nm && max_direct_nm <= limit_nm;
    std::printf("%s\n", ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
    return ok ? 0 : 1;
}
