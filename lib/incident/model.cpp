#include <array>
#include <cmath>
#include <set>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/incident/model.hpp>

namespace incidentmap::incident {

namespace {
constexpr std::array<const char*, 6> k_roles{"scene", "found",     "hospital",
                                             "death", "reference", "context"};
constexpr std::array<const char*, 4> k_derivations{"given", "geocoded", "relative", "none"};

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<const char*, N>& names, std::string_view s) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (s == names[i]) return static_cast<E>(i);
    return std::nullopt;
}
}  // namespace

const char* to_string(location_role r) noexcept {
    return k_roles[static_cast<std::size_t>(r)];
}
const char* to_string(derivation_method d) noexcept {
    return k_derivations[static_cast<std::size_t>(d)];
}
std::optional<location_role> location_role_from_string(std::string_view s) noexcept {
    return lookup<location_role>(k_roles, s);
}
std::optional<derivation_method> derivation_method_from_string(std::string_view s) noexcept {
    return lookup<derivation_method>(k_derivations, s);
}

const Location* Incident::find_location(std::string_view location_id) const noexcept {
    for (const auto& l : locations)
        if (l.id == location_id) return &l;
    return nullptr;
}

std::optional<LonLat> representative_point(const Geometry& g) {
    switch (type_of(g)) {
        case geometry_type::none:
            return std::nullopt;
        case geometry_type::point:
            return std::get<LonLat>(g);
        case geometry_type::line_string: {
            const auto& pts = std::get<LineString>(g).points;
            if (pts.empty()) return std::nullopt;
            return pts[pts.size() / 2];
        }
        case geometry_type::multi_line_string: {
            const auto& lines = std::get<MultiLineString>(g).lines;
            if (lines.empty() || lines.front().points.empty()) return std::nullopt;
            const auto& pts = lines.front().points;
            return pts[pts.size() / 2];
        }
        case geometry_type::polygon:
        case geometry_type::multi_polygon: {
            if (type_of(g) == geometry_type::multi_polygon &&
                std::get<MultiPolygon>(g).polygons.empty())
                return std::nullopt;
            const Ring& ring = type_of(g) == geometry_type::polygon
                                   ? std::get<Polygon>(g).exterior
                                   : std::get<MultiPolygon>(g).polygons.front().exterior;
            if (ring.size() < 2) return std::nullopt;
            // Area centroid of the exterior ring in the (lon, lat) plane, with longitudes
            // unwrapped along the ring; the vertex mean for a degenerate ring.
            std::vector<LonLat> u;
            u.reserve(ring.size());
            double lon = ring[0].lon;
            for (std::size_t i = 0; i < ring.size(); ++i) {
                if (i > 0) lon += lon_delta_deg(ring[i - 1].lon, ring[i].lon);
                u.push_back(LonLat::unchecked(lon, ring[i].lat));
            }
            double area2 = 0.0, cx = 0.0, cy = 0.0, mx = 0.0, my = 0.0;
            for (std::size_t i = 0; i + 1 < u.size(); ++i) {
                const double x0 = u[i].lon - u[0].lon, y0 = u[i].lat;
                const double x1 = u[i + 1].lon - u[0].lon, y1 = u[i + 1].lat;
                const double cross = x0 * y1 - x1 * y0;
                area2 += cross;
                cx += (x0 + x1) * cross;
                cy += (y0 + y1) * cross;
                mx += x0;
                my += y0;
            }
            const double n = static_cast<double>(u.size() - 1);
            if (std::fabs(area2) < 1e-18) return LonLat::make(u[0].lon + mx / n, my / n);
            return LonLat::make(u[0].lon + cx / (3.0 * area2), cy / (3.0 * area2));
        }
    }
    return std::nullopt;
}

namespace {

void check_count(const std::optional<CountRange>& c, const std::string& path,
                 std::vector<ValidationIssue>& out) {
    if (!c) return;
    if (c->low < 0 || c->best < c->low || c->high < c->best)
        out.push_back({path, "expected 0 <= low <= best <= high, got low " +
                                 std::to_string(c->low) + ", best " + std::to_string(c->best) +
                                 ", high " + std::to_string(c->high)});
}

}  // namespace

std::vector<ValidationIssue> validate(const IncidentCollection& c) {
    std::vector<ValidationIssue> out;
    std::set<std::string, std::less<>> incident_ids;
    for (std::size_t i = 0; i < c.incidents.size(); ++i) {
        const Incident& inc = c.incidents[i];
        const std::string ip = "/incidents/" + std::to_string(i);
        if (inc.id.empty())
            out.push_back({ip + "/id", "expected a non-empty id"});
        else if (!incident_ids.insert(inc.id).second)
            out.push_back({ip + "/id", "duplicate incident id \"" + inc.id + "\""});
        if (inc.time.start && inc.time.end && inc.time.end->utc < inc.time.start->utc)
            out.push_back({ip + "/time/end", "expected an end at or after the start"});
        check_count(inc.casualties.killed, ip + "/casualties/killed", out);
        check_count(inc.casualties.injured, ip + "/casualties/injured", out);
        if (inc.confidence && !(*inc.confidence >= 0 && *inc.confidence <= 1))
            out.push_back({ip + "/confidence", "expected a number in [0, 1]"});
        std::set<std::string, std::less<>> location_ids;
        for (std::size_t j = 0; j < inc.locations.size(); ++j) {
            const Location& loc = inc.locations[j];
            const std::string lp = ip + "/locations/" + std::to_string(j);
            if (loc.id.empty())
                out.push_back({lp + "/id", "expected a non-empty id"});
            else if (!location_ids.insert(loc.id).second)
                out.push_back({lp + "/id", "duplicate location id \"" + loc.id + "\""});
            if (!std::isfinite(loc.uncertainty_m) || loc.uncertainty_m < 0)
                out.push_back({lp + "/uncertainty_m", "expected a finite number of metres >= 0"});
            const bool has_geometry = type_of(loc.geometry) != geometry_type::none;
            if (has_geometry && loc.precision == precision_class::unknown)
                out.push_back({lp + "/precision",
                               "a location with a geometry needs a precision other than "
                               "\"unknown\""});
            if (!has_geometry && loc.precision != precision_class::unknown)
                out.push_back({lp + "/precision",
                               "a location without a geometry must have precision \"unknown\""});
            if (!has_geometry && loc.derivation != derivation_method::none)
                out.push_back({lp + "/derivation/method",
                               "a location without a geometry must have derivation \"none\""});
            try {
                validate_geometry(loc.geometry);
            } catch (const error& e) {
                out.push_back({lp + "/geometry", e.what()});
            }
        }
        for (std::size_t j = 0; j < inc.locations.size(); ++j) {
            const Location& loc = inc.locations[j];
            const std::string lp = ip + "/locations/" + std::to_string(j);
            if (!loc.relative_to.empty() &&
                (!location_ids.contains(loc.relative_to) || loc.relative_to == loc.id))
                out.push_back({lp + "/relative_to",
                               "expected the id of another location of "
                               "this incident, got \"" +
                                   loc.relative_to + "\""});
            for (std::size_t k = 0; k < loc.spans.size(); ++k)
                if (loc.spans[k].end < loc.spans[k].begin)
                    out.push_back({lp + "/spans/" + std::to_string(k), "expected begin <= end"});
        }
        for (std::size_t k = 0; k < inc.links.size(); ++k) {
            const Link& link = inc.links[k];
            const std::string kp = ip + "/links/" + std::to_string(k);
            if (!location_ids.contains(link.from))
                out.push_back(
                    {kp + "/from", "no location with id \"" + link.from + "\" in this incident"});
            if (!location_ids.contains(link.to))
                out.push_back(
                    {kp + "/to", "no location with id \"" + link.to + "\" in this incident"});
            if (link.from == link.to)
                out.push_back({kp + "/to", "a link must join two different locations"});
            if (link.stated) {
                const auto& s = *link.stated;
                if (!std::isfinite(s.low_m) || !std::isfinite(s.high_m) || s.low_m < 0 ||
                    s.high_m < s.low_m)
                    out.push_back({kp + "/stated", "expected 0 <= low_m <= high_m"});
            }
        }
    }
    return out;
}

}  // namespace incidentmap::incident
