#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/core/utf8.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>

#include "geocode/clip.hpp"

namespace incidentmap::geocode {

using gazetteer::Gazetteer;
using gazetteer::NameHit;
using gazetteer::Place;
using gazetteer::place_kind;

const char* to_string(match_type m) noexcept {
    switch (m) {
        case match_type::exact:
            return "exact";
        case match_type::normalized:
            return "normalized";
        case match_type::alias:
            return "alias";
        case match_type::fuzzy:
            return "fuzzy";
        case match_type::postal:
            return "postal";
    }
    return "unknown";
}

namespace {

constexpr std::size_t k_max_query_bytes = 1000;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

void check_text(std::string_view text, const char* what) {
    if (text.size() > k_max_query_bytes)
        throw invalid_input(std::string(what) + " is " + std::to_string(text.size()) +
                            " bytes; the limit is " + std::to_string(k_max_query_bytes));
    if (utf8_error_offset(text)) throw invalid_input(std::string(what) + " is not valid UTF-8");
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            throw invalid_input(std::string(what) + " contains a control character");
}

precision_class precision_of(place_kind k) {
    switch (k) {
        case place_kind::city:
            return precision_class::city;
        case place_kind::county:
            return precision_class::county;
        case place_kind::state:
            return precision_class::state;
        case place_kind::country:
            return precision_class::country;
        case place_kind::postal_code:
            return precision_class::neighbourhood;
        case place_kind::poi:
            return precision_class::poi;
        case place_kind::street:
            return precision_class::street;
        case place_kind::intersection:
            return precision_class::intersection;
        case place_kind::address:
            return precision_class::address;
        case place_kind::region:
            return precision_class::region;
    }
    return precision_class::unknown;
}

// The prominence prior, as a log. Populated places: their population. Areas: 0.3 times the
// population of the places within them, so that "New York" is the city of 8.8 million
// before the state of 20 million, while "Georgia" is the US state of 10 million before the
// country of 4 million (documented in docs/gazetteer.md). Postal codes: 10,000.
double log_prior(const Place& p) {
    switch (p.kind) {
        case place_kind::city:
            return std::log(static_cast<double>(p.population) + 100.0);
        case place_kind::county:
        case place_kind::state:
        case place_kind::country:
        case place_kind::region:
            return std::log(0.3 * static_cast<double>(p.population) + 100.0);
        case place_kind::postal_code:
        case place_kind::poi:
        case place_kind::street:
        case place_kind::intersection:
        case place_kind::address:
            return std::log(1.0e4);
    }
    return 0.0;
}

double match_quality(match_type m, unsigned distance) {
    switch (m) {
        case match_type::exact:
            return 1.0;
        case match_type::normalized:
            return 0.95;
        case match_type::postal:
            return 0.9;
        case match_type::alias:
            return 0.85;
        case match_type::fuzzy:
            return distance <= 1 ? 0.6 : 0.45;
    }
    return 0.0;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

match_type classify(const NameHit& h, std::string_view query, std::string_view name) {
    if (h.edit_distance > 0) return match_type::fuzzy;
    switch (h.match) {
        case gazetteer::key_match::name:
        case gazetteer::key_match::ascii_name:
            return iequals_ascii(query, name) ? match_type::exact : match_type::normalized;
        case gazetteer::key_match::code:
            return match_type::exact;
        case gazetteer::key_match::postal:
            return match_type::postal;
        case gazetteer::key_match::alternate:
        case gazetteer::key_match::alias:
            return match_type::alias;
    }
    return match_type::alias;
}

// "east portland", "eastern portland", "the eastern part of portland", "north side of x":
// returns the direction and the rest, or nothing.
std::optional<std::pair<std::string, std::string>> split_direction(std::string_view text) {
    std::string key = gazetteer::normalize_name(text);
    std::string_view s = key;
    if (s.rfind("the ", 0) == 0) s.remove_prefix(4);
    // The first word, "-ern" dropped, must be a compass direction ("east", "northeastern").
    const auto space = s.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    std::string_view word = s.substr(0, space);
    if (word.ends_with("ern")) word.remove_suffix(3);
    if (!geodesy::compass_azimuth_deg(word)) return std::nullopt;
    std::string_view rest = s.substr(space + 1);
    for (std::string_view filler : {"part of ", "side of ", "end of ", "area of ", "parts of "})
        if (rest.rfind(filler, 0) == 0) rest.remove_prefix(filler.size());
    if (rest.rfind("the ", 0) == 0) rest.remove_prefix(4);
    if (rest.empty()) return std::nullopt;
    return std::pair{std::string(word), std::string(rest)};
}

constexpr std::array<std::string_view, 14> k_features{
    "hospital",         "medical center",   "clinic", "police station", "school",
    "university",       "airport",          "church", "park",           "courthouse",
    "federal facility", "federal building", "mall",   "station"};

// OpenStreetMap amenity values (cut to the 5 characters a feature code holds) that answer
// a feature word.
std::string_view amenity_code(std::string_view feature) {
    if (feature == "hospital" || feature == "medical center") return "hospi";
    if (feature == "clinic") return "clini";
    if (feature == "police station") return "polic";
    if (feature == "school") return "schoo";
    if (feature == "university") return "unive";
    if (feature == "courthouse") return "court";
    return {};
}

// Street keys of a name, and of "A and B" / "A & B" / "A at B" / "A / B" as an
// intersection.
std::vector<std::string> street_keys(std::string_view name) {
    std::vector<std::string> keys{gazetteer::normalize_street(name)};
    for (std::string_view sep : {" & ", " and ", " at ", " / ", "/"}) {
        const auto pos = name.find(sep);
        if (pos == std::string_view::npos) continue;
        const std::string a = gazetteer::normalize_street(name.substr(0, pos));
        const std::string b = gazetteer::normalize_street(name.substr(pos + sep.size()));
        if (!a.empty() && !b.empty()) keys.push_back(a + " and " + b);
        break;
    }
    return keys;
}

// "hospital in portland, oregon", "a hospital near x": the feature type and the rest.
std::optional<std::pair<std::string, std::string>> split_feature(std::string_view text) {
    std::string key = gazetteer::normalize_name(text);
    std::string_view s = key;
    for (std::string_view article : {"a ", "an ", "the "})
        if (s.rfind(article, 0) == 0) s.remove_prefix(article.size());
    for (std::string_view f : k_features) {
        if (s.rfind(f, 0) != 0) continue;
        std::string_view rest = s.substr(f.size());
        if (rest.rfind("s ", 0) == 0) rest.remove_prefix(1);
        for (std::string_view prep : {" in ", " near ", " outside ", " at ", " of "}) {
            if (rest.rfind(prep, 0) == 0) {
                rest.remove_prefix(prep.size());
                if (rest.rfind("the ", 0) == 0) rest.remove_prefix(4);
                if (!rest.empty()) return std::pair{std::string(f), std::string(rest)};
            }
        }
    }
    return std::nullopt;
}

struct Candidate {
    const Gazetteer* g;
    std::uint32_t place;
    match_type match;
    unsigned distance;
    double score;            // log-scale
    bool alternate = false;  // matched a GeoNames alternate name (exonym, nickname, code)
};

std::string zero_pad(std::uint32_t v, std::size_t width) {
    std::string s = std::to_string(v);
    if (s.size() < width) s.insert(0, width - s.size(), '0');
    return s;
}

}  // namespace

Geocoder::Geocoder(std::vector<const Gazetteer*> stack) : m_stack(std::move(stack)) {
    if (m_stack.empty()) throw invalid_input("a geocoder needs at least one gazetteer");
    for (const auto* g : m_stack) {
        if (g == nullptr) throw invalid_input("a geocoder's gazetteer is null");
        // Street keys are looked up only in gazetteers that have streets (OSM imports).
        bool streets = false;
        for (std::uint32_t i = 0; i < g->size() && !streets; ++i) {
            const auto k = g->place(i).kind;
            streets = k == place_kind::street || k == place_kind::address ||
                      k == place_kind::intersection;
        }
        m_has_streets.push_back(streets ? 1 : 0);
        m_any_streets = m_any_streets || streets;
    }
}

namespace {

GeocodeResult make_result(const Gazetteer& g, std::uint32_t index) {
    const Place p = g.place(index);
    GeocodeResult r;
    r.name = std::string(p.name);
    r.kind = p.kind;
    r.point = p.point;
    r.bbox = g.bbox(index);
    r.precision = precision_of(p.kind);
    r.uncertainty_m = p.radius_m;
    r.admin.country_code = std::string(p.country_code);
    if (p.admin1) r.admin.state = std::string(g.place(*p.admin1).name);
    if (p.admin2) r.admin.county = std::string(g.place(*p.admin2).name);
    if (p.kind == place_kind::state) r.admin.state = r.name;
    if (p.kind == place_kind::county && p.country_code == "US") r.admin.county = r.name;
    // A town from ZIP code place names (feature code POST) has no GeoNames id; its
    // source id is its first ZIP code.
    const bool postal_locality = p.kind == place_kind::city && p.feature_code == "POST";
    if (p.kind == place_kind::city && !postal_locality) r.geonames_id = p.source_id;
    if (p.country_code == "US" && p.kind == place_kind::state) r.fips = zero_pad(p.source_id, 2);
    if (p.country_code == "US" && p.kind == place_kind::county) r.fips = zero_pad(p.source_id, 5);
    if (p.kind == place_kind::postal_code || postal_locality)
        r.postal_code = zero_pad(p.source_id, 5);
    r.population = p.population;
    r.feature_code = std::string(p.feature_code);
    r.gazetteer = g.info().path;
    r.place_index = index;
    if (p.has_lines) {
        MultiLineString lines;
        for (auto& ring : g.polygon(index)) lines.lines.push_back(LineString{std::move(ring)});
        r.extent = std::move(lines);
    }
    return r;
}

// The part of a place's extent disc around a compass direction: a 90-degree sector, drawn
// with geodesics from the point; its centroid lies 0.6 r out (2 r sin(a) / 3a, a = 45 deg)
// and every point of the sector is within 0.72 r of it.
void make_part(GeocodeResult& r, std::string_view direction, const Gazetteer& g) {
    const double azimuth = *geodesy::compass_azimuth_deg(direction);  // checked by geocode()
    // How far an azimuth is from the sector's axis, in [0, 180] degrees.
    const auto off_axis = [azimuth](double a) {
        return std::fabs(std::remainder(a - azimuth, 360.0));
    };
    double radius = r.uncertainty_m;
    const LonLat center = r.point;
    // A place with a polygon reaches only so far in that direction: the sector's radius is
    // the farthest polygon vertex within it (the extent circle's radius is the farthest
    // vertex in any direction, which would put "Northern Virginia" in Pennsylvania).
    if (g.place(r.place_index).has_polygon) {
        double reach = 0;
        for (const auto& ring : g.polygon(r.place_index))
            for (const auto& v : ring) {
                const auto inv = geodesy::inverse(center, v);
                if (off_axis(inv.azimuth1_deg) <= 45.0) reach = std::max(reach, inv.distance_m);
            }
        if (reach > 0) radius = reach;
    }
    Ring ring;
    ring.push_back(center);
    for (int i = 0; i <= 18; ++i)
        ring.push_back(geodesy::direct(center, azimuth - 45.0 + 5.0 * i, radius).position);
    ring.push_back(center);
    std::reverse(ring.begin(), ring.end());  // counter-clockwise: azimuths run clockwise
    // The box of the sector: across the antimeridian ("eastern Russia") west > east (RFC
    // 7946 5.2), not a box round the world.
    auto [west, east] = lon_extent_deg(ring);
    double south = 90, north = -90;
    for (const auto& v : ring) {
        south = std::min(south, v.lat);
        north = std::max(north, v.lat);
    }
    // A sector that holds a pole ("northern Russia" reaches past it) spans every longitude
    // and reaches the pole's latitude.
    const auto holds_pole = [&](double pole_lat, double pole_azimuth) {
        return off_axis(pole_azimuth) <= 45.0 &&
               geodesy::inverse(center, LonLat::unchecked(center.lon, pole_lat)).distance_m <=
                   radius;
    };
    const bool north_pole = holds_pole(90, 0), south_pole = holds_pole(-90, 180);
    if (north_pole) north = 90;
    if (south_pole) south = -90;
    r.part = std::string(direction);
    // A place with a polygon: the sector is cut to it with GEOS, so that the part's point lies
    // in the place ("southern New York" is not in Pennsylvania) and its radius holds only the
    // place. Not a sector across the antimeridian or round a pole: GEOS works on flat lon/lat.
    if (g.place(r.place_index).has_polygon && west <= east && !north_pole && !south_pole) {
        if (auto clipped = detail::clip_to_area(ring, g.polygon(r.place_index))) {
            r.point = clipped->point;
            double reach = 0;
            BBox box{180, 90, -180, -90};
            for (const auto& piece : clipped->polygons)
                for (const auto& v : piece.exterior) {
                    reach = std::max(reach, geodesy::distance_m(r.point, v));
                    box = BBox{std::min(box.west_deg, v.lon), std::min(box.south_deg, v.lat),
                               std::max(box.east_deg, v.lon), std::max(box.north_deg, v.lat)};
                }
            r.uncertainty_m = reach;
            r.bbox = box;
            if (clipped->polygons.size() == 1)
                r.extent = std::move(clipped->polygons.front());
            else
                r.extent = MultiPolygon{std::move(clipped->polygons)};
            return;
        }
    }
    r.extent = Polygon{ring, {}};
    if (north_pole || south_pole) std::tie(west, east) = std::pair{-180.0, 180.0};
    r.bbox = BBox{west, south, east, north};
    r.point = geodesy::direct(center, azimuth, 0.6 * radius).position;
    r.uncertainty_m = 0.72 * radius;
}

}  // namespace

bool has_points_of_interest(std::string_view feature) noexcept {
    return !amenity_code(feature).empty();
}

std::vector<GeocodeResult> Geocoder::geocode(std::string_view text,
                                             const GeocodeOptions& options) const {
    check_text(text, "the query");
    if (trim(text).empty()) throw invalid_input("the query is empty");
    GeocodeQuery q;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto piece = trim(text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (!piece.empty()) parts.emplace_back(piece);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (parts.empty()) throw invalid_input("the query has no words");
    q.name = parts[0];
    // Context parts go to the structured fields in order (each is tried as any division);
    // a ZIP code at the end of one ("OR 97214") is the postal code.
    if (parts.size() > 4)
        throw invalid_input(
            "the query has " + std::to_string(parts.size()) +
            " comma-separated parts; at most 4 (place, and up to 3 containing places)");
    std::string* slots[] = {&q.state, &q.county, &q.country};
    for (std::size_t i = 1; i < parts.size(); ++i) {
        std::string part = parts[i];
        if (part.size() >= 5 &&
            std::all_of(part.end() - 5, part.end(),
                        [](char ch) { return ch >= '0' && ch <= '9'; }) &&
            (part.size() == 5 || part[part.size() - 6] == ' ')) {
            q.postal_code = part.substr(part.size() - 5);
            part = std::string(trim(std::string_view(part).substr(0, part.size() - 5)));
            if (part.empty()) continue;
        }
        *slots[i - 1] = part;
    }
    return geocode(q, options);
}

std::vector<GeocodeResult> Geocoder::geocode(const GeocodeQuery& query,
                                             const GeocodeOptions& options) const {
    GeocodeQuery q = query;
    for (const std::string* s :
         {&q.name, &q.state, &q.county, &q.country, &q.postal_code, &q.feature, &q.part})
        check_text(*s, "the query");
    if (trim(q.name).empty() && trim(q.postal_code).empty())
        throw invalid_input("the query is empty");
    if (q.name.empty()) q.name = q.postal_code;
    if (gazetteer::normalize_name(q.name).empty())
        throw invalid_input("the query \"" + q.name +
                            "\" has no letters or digits: expected a place name");
    if (options.limit == 0) throw invalid_input("limit must be at least 1");
    if (!q.part.empty() && !geodesy::compass_azimuth_deg(q.part))
        throw invalid_input("the part \"" + q.part +
                            "\" is not a direction: expected north, northeast, east, southeast, "
                            "south, southwest, west or northwest");

    // Candidates for the name; when none, a feature phrase, a direction, or a trailing
    // state/country without a comma ("Portland OR") is peeled off and tried again, and last
    // the name is looked up with typos (`fuzzy`: only that, the exact keys having been
    // tried).
    auto find = [&](const std::string& name, bool fuzzy) {
        std::vector<Candidate> out;
        auto add = [&](const Candidate& c) {
            // One place can match through several keys (fuzzy): keep its best match.
            for (auto& o : out)
                if (o.g == c.g && o.place == c.place) {
                    if (c.match < o.match || (c.match == o.match && c.distance < o.distance)) o = c;
                    return;
                }
            out.push_back(c);
        };
        // Normalised once for every gazetteer of the stack.
        const std::string key = gazetteer::normalize_name(name);
        if (fuzzy) {
            const std::size_t len = key.size();
            const unsigned max_d =
                std::min(options.max_edit_distance, len >= 8 ? 2u : (len >= 5 ? 1u : 0u));
            if (max_d > 0)
                for (const auto* g : m_stack)
                    for (const auto& h : g->fuzzy_lookup(name, max_d))
                        add({g, h.place, match_type::fuzzy, h.edit_distance, 0,
                             h.match == gazetteer::key_match::alternate});
            return out;
        }
        for (const auto* g : m_stack)
            for (const auto& h : g->lookup_key(key))
                add({g, h.place, classify(h, name, g->place(h.place).name), 0, 0,
                     h.match == gazetteer::key_match::alternate});
        // Streets, addresses and intersections are keyed with street words spelled out
        // ("SE Belmont St" -> "southeast belmont street"); an intersection as "A and B".
        for (const std::string& street :
             m_any_streets ? street_keys(name) : std::vector<std::string>{})
            for (std::size_t gi = 0; gi < m_stack.size(); ++gi) {
                if (!m_has_streets[gi]) continue;
                const auto* g = m_stack[gi];
                for (const auto& h : g->lookup_key(street)) {
                    const auto kind = g->place(h.place).kind;
                    if (kind == place_kind::street || kind == place_kind::address ||
                        kind == place_kind::intersection)
                        add({g, h.place, match_type::normalized, 0, 0, false});
                }
            }
        return out;
    };
    std::vector<Candidate> cands = find(q.name, false);
    if (cands.empty() && q.feature.empty()) {
        if (auto f = split_feature(q.name)) {
            q.feature = f->first;
            q.name = f->second;
            cands = find(q.name, false);
        }
    }
    if (cands.empty() && q.part.empty()) {
        if (auto d = split_direction(q.name)) {
            q.part = d->first;
            q.name = d->second;
            cands = find(q.name, false);
        }
    }
    const std::string name_key = cands.empty() ? gazetteer::normalize_name(q.name) : std::string();
    if (cands.empty()) {
        // "Washington state": the state of that name.
        if (name_key.size() > 6 && name_key.compare(name_key.size() - 6, 6, " state") == 0) {
            for (auto& c : find(name_key.substr(0, name_key.size() - 6), false))
                if (c.g->place(c.place).kind == place_kind::state) cands.push_back(c);
        }
    }
    if (cands.empty() && q.state.empty()) {
        // "Portland OR", "Portland Oregon": the last one or two words as the state.
        for (int words = 1; words <= 2 && cands.empty(); ++words) {
            std::size_t cut = name_key.size();
            for (int w = 0; w < words && cut != std::string::npos; ++w)
                cut = name_key.rfind(' ', cut - 1);
            if (cut == std::string::npos || cut == 0) break;
            const std::string tail = name_key.substr(cut + 1);
            bool is_area = false;
            for (const auto* g : m_stack)
                for (const auto& h : g->lookup_key(tail)) {
                    const auto k = g->place(h.place).kind;
                    is_area = is_area || k == place_kind::state || k == place_kind::country;
                }
            if (!is_area) continue;
            auto found = find(name_key.substr(0, cut), false);
            if (!found.empty()) {
                q.state = tail;
                q.name = name_key.substr(0, cut);
                cands = std::move(found);
            }
        }
    }
    if (cands.empty() && options.max_edit_distance > 0) cands = find(q.name, true);

    // Context: every given place must contain the candidate: by the gazetteer's admin
    // links, by polygon, or for a city by distance (its extent plus 5 km). Contexts are
    // resolved once, in every gazetteer of the stack, so that a street or hospital from an
    // OpenStreetMap gazetteer can be placed "in Columbus, Ohio" by the default one.
    struct ContextPlace {
        const Gazetteer* g;
        std::uint32_t place;
        Place p;
    };
    auto resolve_context = [&](const std::string& context) {
        std::vector<ContextPlace> out;
        if (context.empty()) return out;
        for (const auto* g : m_stack)
            for (const auto& h : g->lookup(context)) {
                const Place a = g->place(h.place);
                if (a.kind == place_kind::state || a.kind == place_kind::county ||
                    a.kind == place_kind::country || a.kind == place_kind::city ||
                    a.kind == place_kind::region)
                    out.push_back({g, h.place, a});
            }
        // "Salem, Washington" means the state, not one of the 31 Washington Counties: when
        // the context names a state or country, its county and city readings are dropped
        // (unless it says "County").
        const std::string key = gazetteer::normalize_name(context);
        const bool says_county = key.find("county") != std::string::npos ||
                                 key.find("parish") != std::string::npos ||
                                 key.find("borough") != std::string::npos;
        const bool has_area = std::any_of(out.begin(), out.end(), [](const ContextPlace& c) {
            return c.p.kind == place_kind::state || c.p.kind == place_kind::country ||
                   c.p.kind == place_kind::region;
        });
        if (has_area && !says_county)
            out.erase(std::remove_if(out.begin(), out.end(),
                                     [](const ContextPlace& c) {
                                         return c.p.kind == place_kind::county ||
                                                c.p.kind == place_kind::city;
                                     }),
                      out.end());
        return out;
    };
    const std::vector<ContextPlace> contexts[] = {
        resolve_context(q.state), resolve_context(q.county), resolve_context(q.country)};
    // `states_only`: only the context's US state readings count.
    auto within = [&](const Candidate& c, const std::vector<ContextPlace>& ctx,
                      bool states_only = false) {
        const Place p = c.g->place(c.place);
        for (const auto& cp : ctx) {
            if (states_only && !(cp.p.kind == place_kind::state && cp.p.country_code == "US"))
                continue;
            if (cp.g == c.g && cp.place == c.place) continue;
            if (cp.g == c.g) {
                if (cp.p.kind == place_kind::state && p.admin1 && *p.admin1 == cp.place)
                    return true;
                if (cp.p.kind == place_kind::county && p.admin2 && *p.admin2 == cp.place)
                    return true;
            }
            if (cp.p.kind == place_kind::country && !cp.p.country_code.empty() &&
                cp.p.country_code == p.country_code)
                return true;
            if (cp.p.has_polygon && cp.g->contains(cp.place, p.point)) return true;
            if (cp.p.kind == place_kind::city &&
                geodesy::distance_m(cp.p.point, p.point) <= cp.p.radius_m + 5000.0)
                return true;
        }
        return false;
    };
    std::vector<Candidate> kept;
    // Context that resolves to nothing ("Portland, Narnia") filters nothing, but halves the
    // confidence of every result: the query said something the gazetteer cannot check.
    double context_factor = 1.0;
    const std::string* context_texts[] = {&q.state, &q.county, &q.country};
    for (std::size_t k = 0; k < 3; ++k)
        if (!context_texts[k]->empty() && contexts[k].empty()) context_factor *= 0.5;
    // The postal code's points, looked up once for all candidates.
    std::vector<LonLat> postal_points;
    if (!q.postal_code.empty() && q.postal_code != q.name)
        for (const auto* g : m_stack)
            for (const auto& h : g->lookup(q.postal_code))
                postal_points.push_back(g->place(h.place).point);
    for (auto& c : cands) {
        const Place p = c.g->place(c.place);
        if (q.kind && p.kind != *q.kind) continue;
        if (precision_of(p.kind) > options.min_precision) continue;
        if (!options.country.empty() && !iequals_ascii(p.country_code, options.country)) continue;
        bool ok = true;
        for (std::size_t k = 0; k < 3; ++k)
            if (!contexts[k].empty() && !within(c, contexts[k])) ok = false;
        if (!ok) continue;
        // The postal code must be near the place: within its extent plus 10 km.
        if (!q.postal_code.empty() && q.postal_code != q.name &&
            std::none_of(postal_points.begin(), postal_points.end(), [&](const LonLat& z) {
                return geodesy::distance_m(z, p.point) <= p.radius_m + 10000.0;
            }))
            continue;
        double s = log_prior(p) + std::log(match_quality(c.match, c.distance));
        // GeoNames alternate names include exonyms in other languages and nicknames ("River
        // City" for Portland): they count for a quarter of the prior, so that a place of
        // that very name comes first.
        if (c.alternate) s += std::log(0.25);
        if (options.near) s -= geodesy::distance_m(*options.near, p.point) / 200000.0;
        if (options.bbox) {
            const auto& b = *options.bbox;
            const bool inside = p.point.lat >= b.south_deg && p.point.lat <= b.north_deg &&
                                (b.west_deg <= b.east_deg
                                     ? (p.point.lon >= b.west_deg && p.point.lon <= b.east_deg)
                                     : (p.point.lon >= b.west_deg || p.point.lon <= b.east_deg));
            if (!inside && options.bbox_use == bbox_mode::filter) continue;
            if (inside) s += std::log(5.0);
        }
        c.score = s;
        kept.push_back(c);
    }
    if (kept.empty()) return {};
    // A context that is both a US state and a country ("AR": Arkansas and Argentina, "TN":
    // Tennessee and Tunisia) means the state when a place of the name lies in it.
    for (const auto& ctx : contexts) {
        const bool us_state = std::any_of(ctx.begin(), ctx.end(), [](const ContextPlace& cp) {
            return cp.p.kind == place_kind::state && cp.p.country_code == "US";
        });
        const bool country = std::any_of(ctx.begin(), ctx.end(), [](const ContextPlace& cp) {
            return cp.p.kind == place_kind::country;
        });
        if (!us_state || !country ||
            std::none_of(kept.begin(), kept.end(),
                         [&](const Candidate& c) { return within(c, ctx, true); }))
            continue;
        std::erase_if(kept, [&](const Candidate& c) { return !within(c, ctx, true); });
    }
    // A county matched by its short name ("Perry" for Perry County) where a town of that
    // name is known: the county is no answer when the town lies outside it (Perry, Illinois
    // is 223 km from Perry County), and ranks below the town when the town lies inside it.
    double best_town = -1e300;
    std::vector<LonLat> towns;
    for (const auto& c : kept) {
        const Place p = c.g->place(c.place);
        if (p.kind != place_kind::city || c.alternate || c.match == match_type::fuzzy) continue;
        best_town = std::max(best_town, c.score);
        towns.push_back(p.point);
    }
    if (!towns.empty()) {
        std::erase_if(kept, [&](const Candidate& c) {
            if (!c.alternate || c.g->place(c.place).kind != place_kind::county) return false;
            return std::none_of(towns.begin(), towns.end(),
                                [&](const LonLat& t) { return c.g->contains(c.place, t); });
        });
        for (auto& c : kept)
            if (c.alternate && c.g->place(c.place).kind == place_kind::county)
                c.score = std::min(c.score, best_town - std::log(10.0));
    }
    if (kept.empty()) return {};
    std::sort(kept.begin(), kept.end(),
              [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    const double top = kept.front().score;
    double total = 0.0;
    for (const auto& c : kept) total += std::exp(c.score - top);
    std::vector<GeocodeResult> out;
    for (std::size_t i = 0; i < kept.size() && out.size() < options.limit; ++i) {
        const auto& c = kept[i];
        GeocodeResult r = make_result(*c.g, c.place);
        r.match = c.match;
        // The share of prominence, without the match-quality factor that is already in the
        // score, times the match quality: see GeocodeResult::confidence.
        const double share = std::exp(c.score - top) / total;
        r.confidence =
            std::clamp(share * match_quality(c.match, c.distance) * context_factor, 0.0, 1.0);
        if (!q.part.empty()) make_part(r, q.part, *c.g);
        if (!q.feature.empty()) {
            r.feature = q.feature;
            // Points of interest of that type inside the place's extent, from any gazetteer
            // of the stack (an OpenStreetMap import): those are the answers. Without any, the
            // place itself, flagged: a point is never invented.
            const std::string_view code = amenity_code(q.feature);
            std::vector<GeocodeResult> pois;
            for (const auto* g : m_stack)
                if (!code.empty())
                    for (const auto& [idx, dist] :
                         g->places_within(r.point, r.uncertainty_m, place_kind::poi))
                        if (g->place(idx).feature_code == code) {
                            GeocodeResult poi = make_result(*g, idx);
                            poi.match = r.match;
                            poi.feature = q.feature;
                            poi.admin = r.admin;
                            pois.push_back(std::move(poi));
                        }
            if (!pois.empty()) {
                const double each = r.confidence / static_cast<double>(pois.size());
                for (auto& poi : pois) {
                    if (out.size() >= options.limit) break;
                    poi.confidence = each;  // any of them may be the one meant
                    out.push_back(std::move(poi));
                }
                continue;
            }
            r.feature_unresolved = true;
        }
        out.push_back(std::move(r));
    }
    return out;
}

ReverseResult Geocoder::reverse(LonLat point, std::size_t nearest) const {
    if (!is_valid_lonlat(point.lon, point.lat))
        throw invalid_input("reverse: not a valid position", errc::invalid_coordinate);
    point = LonLat::make(point.lon, point.lat);
    ReverseResult r;
    r.point = point;
    // Each division from the first gazetteer of the stack whose polygons contain the point.
    for (const auto& [kind, slot] :
         {std::pair{place_kind::country, &r.country}, std::pair{place_kind::state, &r.state},
          std::pair{place_kind::county, &r.county}})
        for (const auto* g : m_stack)
            if (auto hits = g->containing(point, kind); !hits.empty()) {
                *slot = make_result(*g, hits.front());
                break;
            }
    // The continent, of the regions that hold the point (the EU and the Levant lie in one).
    for (const auto* g : m_stack) {
        for (const auto idx : g->containing(point, place_kind::region))
            if (g->place(idx).feature_code == "CONT") {
                r.continent = make_result(*g, idx);
                break;
            }
        if (r.continent) break;
    }
    if (!r.country) {
        std::optional<std::pair<const Gazetteer*, std::pair<std::uint32_t, double>>> best;
        for (const auto* g : m_stack)
            if (auto n = g->nearest_polygon(point, place_kind::country);
                n && (!best || n->second < best->second.second))
                best = std::pair{g, *n};
        if (best) {
            r.country = make_result(*best->first, best->second.first);
            r.outside_countries = true;
            r.country_distance_m = best->second.second;
        }
    }
    std::vector<ReverseResult::Nearby> all;
    for (const auto* g : m_stack)
        for (const auto& [idx, dist] : g->nearest_cities(point, nearest))
            all.push_back({make_result(*g, idx), dist});
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.distance_m < b.distance_m; });
    if (all.size() > nearest) all.resize(nearest);
    r.nearest = std::move(all);
    return r;
}

}  // namespace incidentmap::geocode
