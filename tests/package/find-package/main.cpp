#include <cmath>
#include <cstdio>

#include <incidentmap/incidentmap.hpp>

int main() {
    using namespace incidentmap;
    // 1 degree of longitude on the equator is a * pi / 180 = 111319.4908 m.
    const double d_m = geodesy::distance_m(LonLat::make(0, 0), LonLat::make(1, 0));
    std::printf("incidentmap %s: %.4f m\n", version_string, d_m);
    return std::fabs(d_m - 111319.49079327357) < 1e-6 ? 0 : 1;
}
