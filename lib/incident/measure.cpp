#include <algorithm>

#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/incident/measure.hpp>

namespace incidentmap::incident {

LinkMeasure measure(const Incident& incident, const Link& link) {
    const Location* a = incident.find_location(link.from);
    const Location* b = incident.find_location(link.to);
    if (a == nullptr || b == nullptr)
        throw data_error("", "incident " + incident.id,
                         "link " + link.from + " -> " + link.to + " names a missing location");
    LinkMeasure m;
    m.from_point = representative_point(a->geometry);
    m.to_point = representative_point(b->geometry);
    const auto& pa = m.from_point;
    const auto& pb = m.to_point;
    std::optional<DistanceInterval> stated;
    if (link.stated)
        stated =
            DistanceInterval{link.stated->low_m, 0.5 * (link.stated->low_m + link.stated->high_m),
                             link.stated->high_m};
    // One end computed from the other ("a couple of miles away" from the scene): their
    // points are not independent, so only what the source states is known.
    const bool derived = b->relative_to == a->id || a->relative_to == b->id;
    if (pa && pb && !derived) {
        const auto inv = geodesy::inverse(*pa, *pb);
        m.distance_m = inv.distance_m;
        m.azimuth_deg = inv.azimuth1_deg;
        // Along the same geodesic, looking back from the far end.
        m.back_azimuth_deg = geodesy::normalize_azimuth_deg(inv.azimuth2_deg + 180.0);
        const double r = a->uncertainty_m + b->uncertainty_m;
        DistanceInterval measured{std::max(0.0, inv.distance_m - r), inv.distance_m,
                                  inv.distance_m + r};
        if (stated) {
            const double lo = std::max(measured.low_m, stated->low_m);
            const double hi = std::min(measured.high_m, stated->high_m);
            if (lo <= hi) {
                measured = DistanceInterval{lo, std::clamp(inv.distance_m, lo, hi), hi};
            } else {
                m.conflict = true;
            }
        }
        m.interval = measured;
    } else if (stated) {
        m.interval = stated;
    }
    return m;
}

}  // namespace incidentmap::incident
