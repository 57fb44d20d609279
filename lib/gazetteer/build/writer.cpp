#include "gazetteer/build/writer.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>

namespace incidentmap::gazetteer::detail {

namespace {

// Sections are assembled in memory, each 8-byte aligned.
class FileWriter {
public:
    template <typename T>
    void add(section id, const std::vector<T>& items) {
        add_bytes(id, reinterpret_cast<const char*>(items.data()), items.size() * sizeof(T));
    }
    void add_bytes(section id, const char* data, std::size_t n) {
        m_sections.push_back({static_cast<std::uint32_t>(id), std::string(data, n)});
    }
    void write(const std::string& path) {
        const std::size_t table = sizeof(FileHeader) + m_sections.size() * sizeof(SectionEntry);
        std::string file(table, '\0');
        std::vector<SectionEntry> entries;
        for (const auto& [id, bytes] : m_sections) {
            while (file.size() % 8) file.push_back('\0');
            entries.push_back({id, 0, file.size(), bytes.size()});
            file += bytes;
        }
        while (file.size() % 8) file.push_back('\0');
        std::memcpy(file.data() + sizeof(FileHeader), entries.data(),
                    entries.size() * sizeof(SectionEntry));
        FileHeader h{};
        std::memcpy(h.magic, k_magic, sizeof h.magic);
        h.format_version = k_format_version;
        h.section_count = static_cast<std::uint32_t>(entries.size());
        h.payload_bytes = file.size() - sizeof(FileHeader);
        h.payload_xxh3 = XXH3_64bits(file.data() + sizeof(FileHeader), h.payload_bytes);
        std::memcpy(file.data(), &h, sizeof h);
        write_file_atomically(path, file);
    }

private:
    std::vector<std::pair<std::uint32_t, std::string>> m_sections;
};

template <typename Id>
std::string grid_section(const GridHeader& h, const std::vector<std::vector<Id>>& cells) {
    std::vector<std::uint32_t> starts{0};
    std::vector<std::uint32_t> ids;
    for (const auto& c : cells) {
        ids.insert(ids.end(), c.begin(), c.end());
        starts.push_back(static_cast<std::uint32_t>(ids.size()));
    }
    std::string out(reinterpret_cast<const char*>(&h), sizeof h);
    out.append(reinterpret_cast<const char*>(starts.data()), starts.size() * sizeof(std::uint32_t));
    out.append(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(std::uint32_t));
    return out;
}

}  // namespace

BuildReport write_gazetteer(std::vector<BuildPlace>& m_places,
                            const std::vector<BuildPolygon>& m_polygons, const GazetteerMeta& m_src,
                            const std::string& output) {
    BuildReport m_report;
    std::string strings;
    std::unordered_map<std::string, std::uint32_t> interned;
    auto intern = [&](const std::string& s) {
        auto [it, fresh] = interned.try_emplace(s, static_cast<std::uint32_t>(strings.size()));
        if (fresh) strings += s;
        return it->second;
    };
    std::vector<PlaceRecord> places;
    std::vector<NameKey> keys;
    std::set<std::string> unique_keys;
    places.reserve(m_places.size());
    for (std::uint32_t i = 0; i < m_places.size(); ++i) {
        auto& p = m_places[i];
        p.rec.name_off = intern(p.name);
        p.rec.name_len = static_cast<std::uint32_t>(p.name.size());
        p.rec.polygon = p.polygon >= 0 ? static_cast<std::uint32_t>(p.polygon) : k_none;
        places.push_back(p.rec);
        std::set<std::string> seen;
        for (const auto& [raw, kind] : p.names) {
            const auto pk = static_cast<place_kind>(p.rec.kind);
            const bool street_like = pk == place_kind::street || pk == place_kind::address ||
                                     pk == place_kind::intersection;
            std::string key = street_like ? normalize_street(raw) : normalize_name(raw);
            // Keys are Latin-script (ASCII after folding) and short enough for a query.
            if (key.empty() || key.size() > 60 || !seen.insert(key).second) continue;
            if (kind == key_kind::alternate && std::any_of(key.begin(), key.end(), [](char c) {
                    return static_cast<unsigned char>(c) >= 0x80;
                }))
                continue;
            NameKey k{};
            k.hash = XXH3_64bits(key.data(), key.size());
            k.key_off = intern(key);
            k.key_len = static_cast<std::uint16_t>(key.size());
            k.place = i;
            k.kind = static_cast<std::uint8_t>(kind);
            keys.push_back(k);
            if (pk != place_kind::postal_code && key.size() >= 4 && kind != key_kind::code)
                unique_keys.insert(key);
        }
    }
    std::sort(keys.begin(), keys.end(), [](const NameKey& a, const NameKey& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.place < b.place;
    });
    std::vector<FuzzyKey> fuzzy;
    for (const auto& k : unique_keys) {
        if (static_cast<unsigned char>(k[0]) >= 0x80) continue;
        fuzzy.push_back(
            {intern(k), static_cast<std::uint16_t>(k.size()), static_cast<std::uint8_t>(k[0]), 0});
    }
    std::sort(fuzzy.begin(), fuzzy.end(), [&](const FuzzyKey& a, const FuzzyKey& b) {
        if (a.first != b.first) return a.first < b.first;
        if (a.key_len != b.key_len) return a.key_len < b.key_len;
        return a.key_off < b.key_off;
    });

    std::vector<PolygonRecord> polys;
    std::vector<RingRecord> rings;
    std::vector<double> vertices;
    std::vector<std::uint32_t> polygon_owner(m_polygons.size(), k_none);
    for (std::uint32_t i = 0; i < m_places.size(); ++i)
        if (m_places[i].polygon >= 0)
            polygon_owner[static_cast<std::size_t>(m_places[i].polygon)] = i;
    for (std::size_t i = 0; i < m_polygons.size(); ++i) {
        const auto& bp = m_polygons[i];
        PolygonRecord r{};
        r.shape = static_cast<std::uint32_t>(bp.shape);
        r.place = polygon_owner[i];
        r.ring_begin = static_cast<std::uint32_t>(rings.size());
        r.ring_count = static_cast<std::uint32_t>(bp.rings.size());
        r.west = bp.west;
        r.south = bp.south;
        r.east = bp.east;
        r.north = bp.north;
        for (const auto& ring : bp.rings) {
            rings.push_back({static_cast<std::uint32_t>(vertices.size() / 2),
                             static_cast<std::uint32_t>(ring.size() / 2)});
            vertices.insert(vertices.end(), ring.begin(), ring.end());
        }
        polys.push_back(r);
    }
    // 1-degree grids: polygons by bounding box, cities by point.
    const GridHeader grid{-180.0, -90.0, 1.0, 360, 180};
    std::vector<std::vector<std::uint32_t>> poly_cells(360 * 180), place_cells(360 * 180);
    auto clamp_col = [](double lon) {
        return std::clamp(static_cast<int>(std::floor(lon + 180.0)), 0, 359);
    };
    auto clamp_row = [](double lat) {
        return std::clamp(static_cast<int>(std::floor(lat + 90.0)), 0, 179);
    };
    for (std::uint32_t i = 0; i < polys.size(); ++i)
        for (int r = clamp_row(polys[i].south); r <= clamp_row(polys[i].north); ++r)
            for (int c = clamp_col(polys[i].west); c <= clamp_col(polys[i].east); ++c)
                poly_cells[static_cast<std::size_t>(r * 360 + c)].push_back(i);
    for (std::uint32_t i = 0; i < places.size(); ++i)
        if (places[i].kind == static_cast<std::uint8_t>(place_kind::city) ||
            places[i].kind == static_cast<std::uint8_t>(place_kind::poi))
            place_cells[static_cast<std::size_t>(clamp_row(places[i].lat) * 360 +
                                                 clamp_col(places[i].lon))]
                .push_back(i);

    nlohmann::ordered_json meta;
    meta["name"] = m_src.name;
    meta["format_version"] = k_format_version;
    meta["sources"] = m_src.sources_note;
    meta["attribution"] = m_src.attribution;
    meta["places"] = places.size();
    meta["keys"] = keys.size();
    meta["polygons"] = polys.size();
    const std::string meta_text = meta.dump(2);

    FileWriter w;
    w.add_bytes(section::meta, meta_text.data(), meta_text.size());
    w.add_bytes(section::strings, strings.data(), strings.size());
    w.add(section::places, places);
    w.add(section::name_keys, keys);
    w.add(section::fuzzy_keys, fuzzy);
    w.add(section::polygons, polys);
    w.add(section::rings, rings);
    w.add(section::vertices, vertices);
    const std::string pg = grid_section(grid, poly_cells), cg = grid_section(grid, place_cells);
    w.add_bytes(section::polygon_grid, pg.data(), pg.size());
    w.add_bytes(section::place_grid, cg.data(), cg.size());
    w.write(output);
    m_report.places = places.size();
    m_report.keys = keys.size();
    m_report.polygons = polys.size();
    return m_report;
}

}  // namespace incidentmap::gazetteer::detail
