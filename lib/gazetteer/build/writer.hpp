#pragma once
// Writing a gazetteer file from places and polygons (private to the builders: the sources
// converter and the OpenStreetMap importer).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <incidentmap/gazetteer/builder.hpp>

#include "gazetteer/detail/format.hpp"

namespace incidentmap::gazetteer::detail {

struct BuildPlace {
    BuildPlace() {
        rec.admin1 = rec.admin2 = rec.polygon = k_none;
        std::memcpy(rec.country, "  ", 2);
    }
    PlaceRecord rec{};
    std::string name;
    std::vector<std::pair<std::string, key_kind>> names;  // raw names to index
    int polygon = -1;                                     // index into polygons
};

struct BuildPolygon {
    std::vector<std::vector<double>> rings;  // lon, lat pairs; closed for areas
    double west = 1e300, south = 1e300, east = -1e300, north = -1e300;
    shape_kind shape = shape_kind::area;

    void add_ring(std::vector<double> ring) {
        for (std::size_t i = 0; i + 1 < ring.size(); i += 2) {
            west = std::min(west, ring[i]);
            east = std::max(east, ring[i]);
            south = std::min(south, ring[i + 1]);
            north = std::max(north, ring[i + 1]);
        }
        rings.push_back(std::move(ring));
    }
};

struct GazetteerMeta {
    std::string name;
    std::string sources_note;
    std::string attribution;
};

/// Interns the names, normalises and sorts the keys (street-like places by
/// normalize_street, others by normalize_name), lays out the sections and writes the file
/// atomically. Places of kind city and poi go into the place grid.
BuildReport write_gazetteer(std::vector<BuildPlace>& places,
                            const std::vector<BuildPolygon>& polygons, const GazetteerMeta& meta,
                            const std::string& output);

}  // namespace incidentmap::gazetteer::detail
