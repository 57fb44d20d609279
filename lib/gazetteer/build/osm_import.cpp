// OpenStreetMap import with libosmium: points of interest, streets, intersections and
// addresses into a user gazetteer file (same format as the default one).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

// libosmium 2.19 trips GCC 12's -Wstringop-overread in its object builder (a false positive
// on a user name that is never empty there); silence only that, only here.
#pragma GCC diagnostic ignored "-Wstringop-overread"
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <incidentmap/core/error.hpp>
#include <incidentmap/gazetteer/builder.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "gazetteer/build/writer.hpp"

namespace incidentmap::gazetteer {

namespace {

using detail::BuildPlace;
using detail::BuildPolygon;
using detail::key_kind;
using detail::shape_kind;

// Amenities kept as points of interest; their feature code is the value cut to 5 chars.
constexpr const char* k_amenities[] = {"hospital",   "clinic",     "police",       "school",
                                       "university", "courthouse", "fire_station", "college",
                                       "doctors",    "townhall",   "prison"};

bool is_poi_amenity(const char* v) {
    if (v == nullptr) return false;
    return std::any_of(std::begin(k_amenities), std::end(k_amenities),
                       [&](const char* a) { return std::strcmp(a, v) == 0; });
}

BuildPlace make_place(place_kind kind, std::string name, double lon, double lat, float radius_m) {
    BuildPlace p;
    p.rec.kind = static_cast<std::uint8_t>(kind);
    p.rec.lon = lon;
    p.rec.lat = lat;
    p.rec.radius_m = radius_m;
    p.name = std::move(name);
    p.names.push_back({p.name, key_kind::name});
    return p;
}

void set_feature(BuildPlace& p, std::string_view code) {
    std::memset(p.rec.feature_code, 0, sizeof p.rec.feature_code);
    std::memcpy(p.rec.feature_code, code.data(), std::min<std::size_t>(code.size(), 5));
}

struct Segment {
    std::string name;
    std::vector<double> coords;  // lon, lat pairs
    double west, south, east, north;
};

class Handler : public osmium::handler::Handler {
public:
    std::vector<BuildPlace> places;
    std::vector<BuildPolygon> polygons;
    std::vector<Segment> segments;
    std::unordered_map<osmium::object_id_type, std::vector<std::uint32_t>>
        node_streets;  // node -> segment ids
    std::unordered_map<osmium::object_id_type, osmium::Location> node_location;
    OsmImportReport report;

    void node(const osmium::Node& n) {
        if (!n.location().valid()) return;
        const char* name = n.tags()["name"];
        const char* amenity = n.tags()["amenity"];
        if (name != nullptr && *name != '\0' && is_poi_amenity(amenity)) {
            auto p =
                make_place(place_kind::poi, name, n.location().lon(), n.location().lat(), 50.0F);
            set_feature(p, amenity);
            places.push_back(std::move(p));
            ++report.pois;
        }
        add_address(n.tags(), n.location().lon(), n.location().lat(), 25.0F);
    }

    void way(const osmium::Way& w) {
        amenity_way(w);
        const char* highway = w.tags()["highway"];
        const char* name = w.tags()["name"];
        if (highway != nullptr && name != nullptr && *name != '\0' && w.nodes().size() >= 2) {
            Segment s{name, {}, 1e300, 1e300, -1e300, -1e300};
            for (const auto& nr : w.nodes()) {
                if (!nr.location().valid()) continue;
                s.coords.push_back(nr.location().lon());
                s.coords.push_back(nr.location().lat());
                s.west = std::min(s.west, nr.location().lon());
                s.east = std::max(s.east, nr.location().lon());
                s.south = std::min(s.south, nr.location().lat());
                s.north = std::max(s.north, nr.location().lat());
            }
            if (s.coords.size() >= 4) {
                const auto id = static_cast<std::uint32_t>(segments.size());
                for (const auto& nr : w.nodes()) {
                    if (!nr.location().valid()) continue;
                    node_streets[nr.ref()].push_back(id);
                    node_location[nr.ref()] = nr.location();
                }
                segments.push_back(std::move(s));
            }
        }
        // Buildings with an address: the mean of their nodes.
        if (w.tags()["addr:housenumber"] != nullptr && !w.nodes().empty()) {
            double sx = 0, sy = 0;
            std::size_t n = 0;
            for (const auto& nr : w.nodes())
                if (nr.location().valid()) {
                    sx += nr.location().lon();
                    sy += nr.location().lat();
                    ++n;
                }
            if (n > 0) add_address(w.tags(), sx / double(n), sy / double(n), 30.0F);
        }
    }

    // Multipolygon relations that are named amenities, found in a first pass: their member
    // ways' coordinates are collected in the second.
    struct Relation {
        std::string name;
        std::string amenity;
        std::vector<std::vector<double>> rings;
    };
    std::vector<Relation> relations;
    std::unordered_map<osmium::object_id_type, std::vector<std::size_t>> way_relations;

    void relation(const osmium::Relation& r) {
        const char* name = r.tags()["name"];
        const char* amenity = r.tags()["amenity"];
        const char* type = r.tags()["type"];
        if (name == nullptr || *name == '\0' || !is_poi_amenity(amenity) || type == nullptr ||
            std::strcmp(type, "multipolygon") != 0)
            return;
        relations.push_back({name, amenity, {}});
        for (const auto& m : r.members())
            if (m.type() == osmium::item_type::way)
                way_relations[m.ref()].push_back(relations.size() - 1);
    }

    // A named amenity drawn as a closed way: its ring.
    void amenity_way(const osmium::Way& w) {
        const char* name = w.tags()["name"];
        const char* amenity = w.tags()["amenity"];
        std::vector<double> ring = coordinates(w);
        if (const auto it = way_relations.find(w.id()); it != way_relations.end())
            for (auto r : it->second) relations[r].rings.push_back(ring);
        if (name == nullptr || *name == '\0' || !is_poi_amenity(amenity) || !w.is_closed() ||
            ring.size() < 8)
            return;
        add_area_poi(name, amenity, {std::move(ring)});
    }

    void finish_relations() {
        for (auto& r : relations) {
            std::vector<std::vector<double>> closed;
            for (auto& ring : r.rings)
                if (ring.size() >= 8 && ring[0] == ring[ring.size() - 2] &&
                    ring[1] == ring[ring.size() - 1])
                    closed.push_back(std::move(ring));
            if (!closed.empty()) add_area_poi(r.name, r.amenity, std::move(closed));
        }
    }

private:
    static std::vector<double> coordinates(const osmium::Way& w) {
        std::vector<double> out;
        for (const auto& nr : w.nodes())
            if (nr.location().valid()) {
                out.push_back(nr.location().lon());
                out.push_back(nr.location().lat());
            }
        return out;
    }

    void add_area_poi(const std::string& name, const std::string& amenity,
                      std::vector<std::vector<double>> rings) {
        BuildPolygon poly;
        for (auto& ring : rings) poly.add_ring(std::move(ring));
        // The centre: the mean of the first ring's vertices; the radius reaches the farthest
        // vertex of any ring.
        const auto& first = poly.rings.front();
        double sx = 0, sy = 0;
        const std::size_t n = first.size() / 2 - 1;
        for (std::size_t i = 0; i < n; ++i) {
            sx += first[2 * i];
            sy += first[2 * i + 1];
        }
        const LonLat c = LonLat::unchecked(sx / double(n), sy / double(n));
        double r = 10.0;
        for (const auto& rg : poly.rings)
            for (std::size_t i = 0; i + 1 < rg.size(); i += 2)
                r = std::max(r, geodesy::distance_m(c, LonLat::unchecked(rg[i], rg[i + 1])));
        auto p = make_place(place_kind::poi, name, c.lon, c.lat, static_cast<float>(r));
        set_feature(p, amenity);
        polygons.push_back(std::move(poly));
        p.polygon = static_cast<int>(polygons.size() - 1);
        places.push_back(std::move(p));
        ++report.pois;
    }

    void add_address(const osmium::TagList& tags, double lon, double lat, float radius_m) {
        const char* number = tags["addr:housenumber"];
        const char* street = tags["addr:street"];
        if (number == nullptr || street == nullptr || *number == '\0' || *street == '\0') return;
        std::string name = std::string(number) + " " + street;
        auto p = make_place(place_kind::address, name, lon, lat, radius_m);
        if (const char* city = tags["addr:city"]) p.name += std::string(", ") + city;
        places.push_back(std::move(p));
        ++report.addresses;
    }
};

// Streets: segments of one name are merged when they lie within 1 km of each other
// (union-find over nearby bounding boxes), so that "Main Street" in two towns stays two
// streets.
void merge_streets(Handler& h) {
    std::map<std::string, std::vector<std::uint32_t>> by_name;
    for (std::uint32_t i = 0; i < h.segments.size(); ++i)
        by_name[normalize_street(h.segments[i].name)].push_back(i);
    std::vector<std::uint32_t> parent(h.segments.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    constexpr double k_near_deg = 0.01;  // about 1 km
    for (const auto& [key, ids] : by_name)
        for (std::size_t a = 0; a < ids.size(); ++a)
            for (std::size_t b = a + 1; b < ids.size(); ++b) {
                const auto& s = h.segments[ids[a]];
                const auto& t = h.segments[ids[b]];
                if (s.west - k_near_deg <= t.east && t.west - k_near_deg <= s.east &&
                    s.south - k_near_deg <= t.north && t.south - k_near_deg <= s.north)
                    parent[find(ids[a])] = find(ids[b]);
            }
    std::map<std::uint32_t, std::vector<std::uint32_t>> clusters;
    for (std::uint32_t i = 0; i < h.segments.size(); ++i) clusters[find(i)].push_back(i);
    for (const auto& [root, ids] : clusters) {
        BuildPolygon lines;
        lines.shape = shape_kind::lines;
        const Segment* longest = &h.segments[ids.front()];
        for (auto id : ids) {
            lines.add_ring(h.segments[id].coords);
            if (h.segments[id].coords.size() > longest->coords.size()) longest = &h.segments[id];
        }
        // The point: the middle vertex of the longest segment; the radius reaches every
        // vertex of the street.
        const std::size_t mid = (longest->coords.size() / 2) / 2;
        const LonLat c = LonLat::unchecked(longest->coords[2 * mid], longest->coords[2 * mid + 1]);
        double r = 10.0;
        for (const auto& ring : lines.rings)
            for (std::size_t i = 0; i + 1 < ring.size(); i += 2)
                r = std::max(r, geodesy::distance_m(c, LonLat::unchecked(ring[i], ring[i + 1])));
        auto p = make_place(place_kind::street, h.segments[ids.front()].name, c.lon, c.lat,
                            static_cast<float>(r));
        h.polygons.push_back(std::move(lines));
        p.polygon = static_cast<int>(h.polygons.size() - 1);
        h.places.push_back(std::move(p));
        ++h.report.streets;
    }
    // Intersections: nodes shared by streets of different names. One place per pair of
    // names and node cluster (dual carriageways cross at several nodes within ~50 m).
    std::map<std::pair<std::string, std::string>, std::vector<osmium::Location>> crossings;
    for (const auto& [node, segs] : h.node_streets) {
        std::set<std::string> names;
        for (auto s : segs) names.insert(h.segments[s].name);
        if (names.size() < 2) continue;
        const std::vector<std::string> list(names.begin(), names.end());
        for (std::size_t a = 0; a < list.size(); ++a)
            for (std::size_t b = a + 1; b < list.size(); ++b)
                crossings[{list[a], list[b]}].push_back(h.node_location[node]);
    }
    for (const auto& [pair, locs] : crossings) {
        std::vector<LonLat> kept;
        for (const auto& l : locs) {
            const LonLat p = LonLat::unchecked(l.lon(), l.lat());
            if (std::none_of(kept.begin(), kept.end(),
                             [&](const LonLat& k) { return geodesy::distance_m(k, p) < 60.0; }))
                kept.push_back(p);
        }
        for (const auto& p : kept) {
            // Radius: the crossing of two centre lines stands for a junction of ~25 m.
            auto place = make_place(place_kind::intersection, pair.first + " & " + pair.second,
                                    p.lon, p.lat, 25.0F);
            place.names.clear();
            place.names.push_back({pair.first + " and " + pair.second, key_kind::name});
            place.names.push_back({pair.second + " and " + pair.first, key_kind::name});
            h.places.push_back(std::move(place));
            ++h.report.intersections;
        }
    }
}

}  // namespace

OsmImportReport import_osm(const std::string& osm_path, const std::string& output_path,
                           const std::string& name) {
    Handler handler;
    try {
        // Works on unsorted files too (test extracts often are): pass 1 reads relations,
        // pass 2 nodes and ways with their locations (negative ids included).
        const osmium::io::File file{osm_path};
        {
            osmium::io::Reader reader{file, osmium::osm_entity_bits::relation};
            osmium::apply(reader, handler);
            reader.close();
        }
        using index_type =
            osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
        index_type positive, negative;
        osmium::handler::NodeLocationsForWays<index_type, index_type> locations{positive, negative};
        locations.ignore_errors();
        osmium::io::Reader reader{file,
                                  osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
        osmium::apply(reader, locations, handler);
        reader.close();
        handler.finish_relations();
    } catch (const std::system_error& e) {
        throw io_error(osm_path, std::string("cannot read the OpenStreetMap file: ") + e.what());
    } catch (const std::exception& e) {
        throw data_error(
            osm_path, "",
            std::string("not readable as OpenStreetMap data (.osm.pbf or .osm XML): ") + e.what());
    }
    merge_streets(handler);
    if (handler.places.empty())
        throw data_error(osm_path, "", "no named points of interest, streets or addresses found");
    OsmImportReport report = handler.report;
    report.written = detail::write_gazetteer(
        handler.places, handler.polygons,
        {name, "OpenStreetMap: " + osm_path,
         "Map data (c) OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright)"},
        output_path);
    return report;
}

}  // namespace incidentmap::gazetteer
