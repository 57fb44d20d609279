// Incident file reader and writer. nlohmann::json is used only inside this file.
#include <cmath>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/incident/json.hpp>

namespace incidentmap::incident {

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr const char* k_format = "incidentmap-incidents";
constexpr int k_version = 1;

// Escape a key for a JSON pointer (RFC 6901).
std::string pointer_escape(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

const char* type_name(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "an integer";
        case json::value_t::number_float:
            return "a number";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "an unsupported value";
    }
}

std::string describe(const json& j) {
    std::string text = j.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return std::string(type_name(j)) + " " + text;
}

// Walks the document keeping the JSON pointer of the value at hand.
class Reader {
public:
    explicit Reader(std::string source) : m_source(std::move(source)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
        throw data_error(m_source, path.empty() ? "/" : path, problem);
    }

    void expect_object(const json& j, const std::string& path,
                       std::initializer_list<const char*> allowed) const {
        if (!j.is_object()) fail(path, std::string("expected an object, got ") + describe(j));
        for (const auto& [key, value] : j.items()) {
            bool ok = false;
            for (const char* a : allowed) ok = ok || key == a;
            if (!ok) {
                std::string list;
                for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                fail(path + "/" + pointer_escape(key),
                     "unexpected member \"" + key + "\"; expected one of: " + list);
            }
        }
    }

    const json& member(const json& obj, const std::string& path, const char* key) const {
        auto it = obj.find(key);
        if (it == obj.end())
            fail(path + "/" + key, std::string("missing required member \"") + key + "\"");
        return *it;
    }

    std::string string_at(const json& j, const std::string& path) const {
        if (!j.is_string()) fail(path, std::string("expected a string, got ") + describe(j));
        return j.get<std::string>();
    }

    std::string opt_string(const json& obj, const std::string& path, const char* key) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return {};
        return string_at(*it, path + "/" + key);
    }

    double number_at(const json& j, const std::string& path) const {
        if (!j.is_number()) fail(path, std::string("expected a number, got ") + describe(j));
        const double v = j.get<double>();
        if (!std::isfinite(v)) fail(path, "expected a finite number");
        return v;
    }

    int count_at(const json& j, const std::string& path) const {
        if (!j.is_number_integer() || j.get<long long>() < 0 || j.get<long long>() > 1000000000)
            fail(path, std::string("expected a whole number >= 0, got ") + describe(j));
        return static_cast<int>(j.get<long long>());
    }

    Timestamp time_at(const json& j, const std::string& path) const {
        const std::string text = string_at(j, path);
        try {
            return parse_iso8601(text);
        } catch (const invalid_input& e) {
            fail(path, e.what());
        }
    }

    const json& array_at(const json& j, const std::string& path) const {
        if (!j.is_array()) fail(path, std::string("expected an array, got ") + describe(j));
        return j;
    }

    LonLat position_at(const json& j, const std::string& path) const {
        if (!j.is_array() || j.size() < 2 || j.size() > 3)
            fail(path, "expected a position [lon, lat]");
        return lonlat_at(j[0], path + "/0", j[1], path + "/1");
    }

    // A longitude and a latitude in range, each error at its own path.
    LonLat lonlat_at(const json& lon_j, const std::string& lon_path, const json& lat_j,
                     const std::string& lat_path) const {
        const double lon = number_at(lon_j, lon_path);
        const double lat = number_at(lat_j, lat_path);
        if (std::fabs(lon) > 180.0)
            fail(lon_path, "expected a longitude in [-180, 180], got " + lon_j.dump());
        if (std::fabs(lat) > 90.0)
            fail(lat_path, "expected a latitude in [-90, 90], got " + lat_j.dump());
        return LonLat::unchecked(lon, lat);
    }

    std::vector<LonLat> positions_at(const json& j, const std::string& path) const {
        array_at(j, path);
        std::vector<LonLat> out;
        out.reserve(j.size());
        for (std::size_t i = 0; i < j.size(); ++i)
            out.push_back(position_at(j[i], path + "/" + std::to_string(i)));
        return out;
    }

    Polygon polygon_at(const json& j, const std::string& path) const {
        array_at(j, path);
        if (j.empty()) fail(path, "expected at least one ring");
        Polygon p;
        p.exterior = positions_at(j[0], path + "/0");
        for (std::size_t i = 1; i < j.size(); ++i)
            p.holes.push_back(positions_at(j[i], path + "/" + std::to_string(i)));
        return p;
    }

    Geometry geometry_at(const json& j, const std::string& path) const {
        if (j.is_null()) return std::monostate{};
        expect_object(j, path, {"type", "coordinates"});
        const std::string type = string_at(member(j, path, "type"), path + "/type");
        const json& c = member(j, path, "coordinates");
        const std::string cp = path + "/coordinates";
        Geometry g;
        if (type == "Point")
            g = position_at(c, cp);
        else if (type == "LineString")
            g = LineString{positions_at(c, cp)};
        else if (type == "Polygon")
            g = polygon_at(c, cp);
        else if (type == "MultiLineString") {
            MultiLineString m;
            array_at(c, cp);
            for (std::size_t i = 0; i < c.size(); ++i)
                m.lines.push_back(LineString{positions_at(c[i], cp + "/" + std::to_string(i))});
            g = std::move(m);
        } else if (type == "MultiPolygon") {
            MultiPolygon m;
            array_at(c, cp);
            for (std::size_t i = 0; i < c.size(); ++i)
                m.polygons.push_back(polygon_at(c[i], cp + "/" + std::to_string(i)));
            g = std::move(m);
        } else {
            fail(path + "/type",
                 "expected one of Point, LineString, Polygon, MultiLineString, "
                 "MultiPolygon, got \"" +
                     type + "\"");
        }
        try {
            validate_geometry(g);
        } catch (const error& e) {
            fail(path, e.what());
        }
        return g;
    }

    std::optional<CountRange> count_range_at(const json& obj, const std::string& path,
                                             const char* key) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return std::nullopt;
        const std::string p = path + "/" + key;
        if (it->is_number()) {
            const int n = count_at(*it, p);
            return CountRange{n, n, n};
        }
        expect_object(*it, p, {"low", "best", "high"});
        CountRange r;
        r.best = count_at(member(*it, p, "best"), p + "/best");
        r.low = it->contains("low") ? count_at((*it)["low"], p + "/low") : r.best;
        r.high = it->contains("high") ? count_at((*it)["high"], p + "/high") : r.best;
        if (r.low > r.best || r.best > r.high) fail(p, "expected low <= best <= high");
        return r;
    }

    template <typename E>
    E enum_at(const json& j, const std::string& path,
              std::optional<E> (*parse)(std::string_view) noexcept, const char* choices) const {
        const std::string s = string_at(j, path);
        auto v = parse(s);
        if (!v) fail(path, "expected one of " + std::string(choices) + ", got \"" + s + "\"");
        return *v;
    }

    Location location_at(const json& j, const std::string& path) const {
        expect_object(j, path,
                      {"id", "role", "name", "lon", "lat", "geometry", "precision", "uncertainty_m",
                       "derivation", "text", "place", "spans", "relative_to"});
        Location l;
        l.id = string_at(member(j, path, "id"), path + "/id");
        l.role = enum_at<location_role>(member(j, path, "role"), path + "/role",
                                        &location_role_from_string,
                                        "scene, found, hospital, death, reference, context");
        l.name = opt_string(j, path, "name");
        l.text = opt_string(j, path, "text");
        l.place = opt_string(j, path, "place");
        l.relative_to = opt_string(j, path, "relative_to");
        if (auto it = j.find("spans"); it != j.end()) {
            const std::string sp = path + "/spans";
            if (!it->is_array()) fail(sp, "expected an array of {\"begin\", \"end\"} byte offsets");
            for (std::size_t k = 0; k < it->size(); ++k) {
                const std::string kp = sp + "/" + std::to_string(k);
                const json& e = (*it)[k];
                expect_object(e, kp, {"begin", "end"});
                // begin <= end is checked by validate(), as for spans made in code.
                l.spans.push_back(TextSpan{
                    static_cast<std::size_t>(count_at(member(e, kp, "begin"), kp + "/begin")),
                    static_cast<std::size_t>(count_at(member(e, kp, "end"), kp + "/end"))});
            }
        }
        const bool has_lon = j.contains("lon");
        const bool has_lat = j.contains("lat");
        if (has_lon != has_lat)
            fail(path + (has_lon ? "/lat" : "/lon"), "lon and lat must be given together");
        if (has_lon && j.contains("geometry"))
            fail(path + "/geometry", "give either lon/lat or geometry, not both");
        if (has_lon) {
            const LonLat p = lonlat_at(j["lon"], path + "/lon", j["lat"], path + "/lat");
            l.geometry = LonLat::make(p.lon, p.lat);
        } else if (j.contains("geometry")) {
            l.geometry = geometry_at(j["geometry"], path + "/geometry");
        }
        l.precision = enum_at<precision_class>(member(j, path, "precision"), path + "/precision",
                                               &precision_class_from_string,
                                               "address, intersection, poi, street, neighbourhood, "
                                               "city, county, state, country, unknown");
        if (auto it = j.find("uncertainty_m"); it != j.end()) {
            l.uncertainty_m = number_at(*it, path + "/uncertainty_m");
            if (l.uncertainty_m < 0) fail(path + "/uncertainty_m", "expected metres >= 0");
        } else if (type_of(l.geometry) != geometry_type::none) {
            fail(path + "/uncertainty_m",
                 "missing required member \"uncertainty_m\" (metres) for a located place");
        }
        l.derivation = type_of(l.geometry) == geometry_type::none ? derivation_method::none
                                                                  : derivation_method::given;
        if (auto it = j.find("derivation"); it != j.end()) {
            const std::string dp = path + "/derivation";
            expect_object(*it, dp, {"method", "note"});
            l.derivation = enum_at<derivation_method>(member(*it, dp, "method"), dp + "/method",
                                                      &derivation_method_from_string,
                                                      "given, geocoded, relative, none");
            l.derivation_note = opt_string(*it, dp, "note");
        }
        return l;
    }

    Link link_at(const json& j, const std::string& path) const {
        expect_object(j, path, {"from", "to", "relation", "stated"});
        Link k;
        k.from = string_at(member(j, path, "from"), path + "/from");
        k.to = string_at(member(j, path, "to"), path + "/to");
        k.relation = opt_string(j, path, "relation");
        if (auto it = j.find("stated"); it != j.end() && !it->is_null()) {
            const std::string sp = path + "/stated";
            expect_object(*it, sp, {"text", "low_m", "high_m"});
            StatedDistance s;
            s.text = opt_string(*it, sp, "text");
            s.low_m = number_at(member(*it, sp, "low_m"), sp + "/low_m");
            s.high_m = number_at(member(*it, sp, "high_m"), sp + "/high_m");
            if (s.low_m < 0 || s.high_m < s.low_m) fail(sp, "expected 0 <= low_m <= high_m");
            k.stated = s;
        }
        return k;
    }

    Incident incident_at(const json& j, const std::string& path) const {
        expect_object(j, path,
                      {"id", "title", "time", "types", "casualties", "actors", "sources",
                       "locations", "links", "notes", "confidence"});
        Incident inc;
        inc.id = string_at(member(j, path, "id"), path + "/id");
        inc.title = opt_string(j, path, "title");
        inc.notes = opt_string(j, path, "notes");
        if (auto it = j.find("confidence"); it != j.end() && !it->is_null()) {
            const double c = number_at(*it, path + "/confidence");
            if (!(c >= 0 && c <= 1)) fail(path + "/confidence", "expected a number in [0, 1]");
            inc.confidence = c;
        }
        if (auto it = j.find("time"); it != j.end() && !it->is_null()) {
            const std::string tp = path + "/time";
            expect_object(*it, tp, {"start", "end", "start_precision", "end_precision"});
            auto read_end = [&](const char* key, const char* pkey) -> std::optional<Timestamp> {
                auto t = it->find(key);
                if (t == it->end() || t->is_null()) return std::nullopt;
                Timestamp ts = time_at(*t, tp + "/" + key);
                if (auto p = it->find(pkey); p != it->end()) {
                    const auto prec =
                        enum_at<time_precision>(*p, tp + "/" + pkey, &time_precision_from_string,
                                                "year, month, day, hour, minute, second");
                    if (prec > ts.precision)
                        fail(tp + "/" + pkey, "precision \"" + std::string(to_string(prec)) +
                                                  "\" is finer than the time as written");
                    ts.precision = prec;
                }
                return ts;
            };
            inc.time.start = read_end("start", "start_precision");
            inc.time.end = read_end("end", "end_precision");
        }
        if (auto it = j.find("types"); it != j.end()) {
            array_at(*it, path + "/types");
            for (std::size_t i = 0; i < it->size(); ++i)
                inc.types.push_back(string_at((*it)[i], path + "/types/" + std::to_string(i)));
        }
        if (auto it = j.find("casualties"); it != j.end() && !it->is_null()) {
            const std::string cp = path + "/casualties";
            expect_object(*it, cp, {"killed", "injured"});
            inc.casualties.killed = count_range_at(*it, cp, "killed");
            inc.casualties.injured = count_range_at(*it, cp, "injured");
        }
        if (auto it = j.find("actors"); it != j.end()) {
            array_at(*it, path + "/actors");
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string ap = path + "/actors/" + std::to_string(i);
                expect_object((*it)[i], ap, {"name", "agency"});
                inc.actors.push_back(Actor{string_at(member((*it)[i], ap, "name"), ap + "/name"),
                                           opt_string((*it)[i], ap, "agency")});
            }
        }
        if (auto it = j.find("sources"); it != j.end()) {
            array_at(*it, path + "/sources");
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string sp = path + "/sources/" + std::to_string(i);
                const json& s = (*it)[i];
                expect_object(s, sp, {"url", "publisher", "title", "published"});
                Source src{opt_string(s, sp, "url"), opt_string(s, sp, "publisher"),
                           opt_string(s, sp, "title"), std::nullopt};
                if (auto p = s.find("published"); p != s.end() && !p->is_null())
                    src.published = time_at(*p, sp + "/published");
                inc.sources.push_back(std::move(src));
            }
        }
        const json& locs = array_at(member(j, path, "locations"), path + "/locations");
        for (std::size_t i = 0; i < locs.size(); ++i)
            inc.locations.push_back(location_at(locs[i], path + "/locations/" + std::to_string(i)));
        if (auto it = j.find("links"); it != j.end()) {
            array_at(*it, path + "/links");
            for (std::size_t i = 0; i < it->size(); ++i)
                inc.links.push_back(link_at((*it)[i], path + "/links/" + std::to_string(i)));
        }
        return inc;
    }

    IncidentCollection collection_at(const json& j) const {
        expect_object(j, "", {"$schema", "format", "version", "incidents"});
        if (auto it = j.find("format"); it != j.end() && (!it->is_string() || *it != k_format))
            fail("/format", std::string("expected \"") + k_format + "\"");
        if (auto it = j.find("version");
            it != j.end() && (!it->is_number_integer() || *it != k_version))
            fail("/version", "expected format version 1, got " + it->dump());
        IncidentCollection c;
        const json& arr = array_at(member(j, "", "incidents"), "/incidents");
        for (std::size_t i = 0; i < arr.size(); ++i)
            c.incidents.push_back(incident_at(arr[i], "/incidents/" + std::to_string(i)));
        return c;
    }

private:
    std::string m_source;
};

// Line and column (1-based) of a byte offset.
std::string line_column(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t col = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// The text at the value's own precision when it reads back as the same value; otherwise
// (a coarse precision over a finer instant) the full time, with the precision written
// beside it.
ordered time_json(const Timestamp& t) {
    std::string text = to_iso8601(t);
    Timestamp back = parse_iso8601(text);
    back.precision = t.precision;
    if (back == t) return text;
    Timestamp full = t;
    full.precision = time_precision::second;
    return to_iso8601(full);
}

ordered position_json(const LonLat& p) {
    return ordered::array({p.lon, p.lat});
}

ordered positions_json(const std::vector<LonLat>& pts) {
    ordered a = ordered::array();
    for (const auto& p : pts) a.push_back(position_json(p));
    return a;
}

ordered polygon_json(const Polygon& p) {
    ordered a = ordered::array();
    a.push_back(positions_json(p.exterior));
    for (const auto& h : p.holes) a.push_back(positions_json(h));
    return a;
}

ordered geometry_json(const Geometry& g) {
    ordered o;
    o["type"] = geojson_type_name(type_of(g));
    switch (type_of(g)) {
        case geometry_type::point:
            o["coordinates"] = position_json(std::get<LonLat>(g));
            break;
        case geometry_type::line_string:
            o["coordinates"] = positions_json(std::get<LineString>(g).points);
            break;
        case geometry_type::polygon:
            o["coordinates"] = polygon_json(std::get<Polygon>(g));
            break;
        case geometry_type::multi_line_string: {
            ordered a = ordered::array();
            for (const auto& l : std::get<MultiLineString>(g).lines)
                a.push_back(positions_json(l.points));
            o["coordinates"] = a;
            break;
        }
        case geometry_type::multi_polygon: {
            ordered a = ordered::array();
            for (const auto& p : std::get<MultiPolygon>(g).polygons) a.push_back(polygon_json(p));
            o["coordinates"] = a;
            break;
        }
        case geometry_type::none:
            return nullptr;
    }
    return o;
}

ordered count_json(const CountRange& r) {
    if (r.low == r.best && r.best == r.high) return r.best;
    return ordered{{"low", r.low}, {"best", r.best}, {"high", r.high}};
}

}  // namespace

IncidentCollection parse_incidents(std::string_view text, const std::string& source) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1,
        // column 5: syntax error while parsing ..."; keep the part after the position.
        const auto colon = what.find(": ", what.find("parse error"));
        std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
        // Drop nlohmann's "; last read: '...'" echo: it may hold the invalid bytes.
        if (const auto echo = detail.find("; last read:"); echo != std::string::npos)
            detail.resize(echo);
        throw data_error(source, line_column(text, e.byte == 0 ? 0 : e.byte - 1),
                         "malformed JSON: " + detail);
    }
    Reader reader(source);
    IncidentCollection c = reader.collection_at(doc);
    const auto issues = validate(c);
    if (!issues.empty()) reader.fail(issues.front().path, issues.front().message);
    return c;
}

IncidentCollection read_incidents(const std::string& path) {
    return parse_incidents(read_file(path), path);
}

std::string to_json(const IncidentCollection& c) {
    if (const auto issues = validate(c); !issues.empty())
        throw invalid_input("cannot write an invalid incident collection: " + issues.front().path +
                            ": " + issues.front().message);
    ordered root;
    root["format"] = k_format;
    root["version"] = k_version;
    ordered incidents = ordered::array();
    for (const Incident& inc : c.incidents) {
        ordered o;
        o["id"] = inc.id;
        if (!inc.title.empty()) o["title"] = inc.title;
        if (inc.time.start || inc.time.end) {
            ordered t;
            if (inc.time.start) {
                t["start"] = time_json(*inc.time.start);
                t["start_precision"] = to_string(inc.time.start->precision);
            }
            if (inc.time.end) {
                t["end"] = time_json(*inc.time.end);
                t["end_precision"] = to_string(inc.time.end->precision);
            }
            o["time"] = t;
        }
        if (!inc.types.empty()) o["types"] = inc.types;
        if (inc.casualties.killed || inc.casualties.injured) {
            ordered cas;
            if (inc.casualties.killed) cas["killed"] = count_json(*inc.casualties.killed);
            if (inc.casualties.injured) cas["injured"] = count_json(*inc.casualties.injured);
            o["casualties"] = cas;
        }
        if (!inc.actors.empty()) {
            ordered a = ordered::array();
            for (const auto& actor : inc.actors) {
                ordered x{{"name", actor.name}};
                if (!actor.agency.empty()) x["agency"] = actor.agency;
                a.push_back(x);
            }
            o["actors"] = a;
        }
        if (!inc.sources.empty()) {
            ordered a = ordered::array();
            for (const auto& s : inc.sources) {
                ordered x = ordered::object();
                if (!s.url.empty()) x["url"] = s.url;
                if (!s.publisher.empty()) x["publisher"] = s.publisher;
                if (!s.title.empty()) x["title"] = s.title;
                if (s.published) x["published"] = time_json(*s.published);
                a.push_back(x);
            }
            o["sources"] = a;
        }
        ordered locs = ordered::array();
        for (const Location& l : inc.locations) {
            ordered x;
            x["id"] = l.id;
            x["role"] = to_string(l.role);
            if (!l.name.empty()) x["name"] = l.name;
            if (type_of(l.geometry) == geometry_type::point) {
                x["lon"] = std::get<LonLat>(l.geometry).lon;
                x["lat"] = std::get<LonLat>(l.geometry).lat;
            } else {
                x["geometry"] = geometry_json(l.geometry);
            }
            x["precision"] = to_string(l.precision);
            x["uncertainty_m"] = l.uncertainty_m;
            ordered d{{"method", to_string(l.derivation)}};
            if (!l.derivation_note.empty()) d["note"] = l.derivation_note;
            x["derivation"] = d;
            if (!l.text.empty()) x["text"] = l.text;
            if (!l.place.empty()) x["place"] = l.place;
            if (!l.spans.empty()) {
                ordered a = ordered::array();
                for (const auto& sp : l.spans)
                    a.push_back(ordered{{"begin", sp.begin}, {"end", sp.end}});
                x["spans"] = a;
            }
            if (!l.relative_to.empty()) x["relative_to"] = l.relative_to;
            locs.push_back(x);
        }
        o["locations"] = locs;
        if (!inc.links.empty()) {
            ordered a = ordered::array();
            for (const Link& k : inc.links) {
                ordered x{{"from", k.from}, {"to", k.to}};
                if (!k.relation.empty()) x["relation"] = k.relation;
                if (k.stated) {
                    ordered s;
                    if (!k.stated->text.empty()) s["text"] = k.stated->text;
                    s["low_m"] = k.stated->low_m;
                    s["high_m"] = k.stated->high_m;
                    x["stated"] = s;
                }
                a.push_back(x);
            }
            o["links"] = a;
        }
        if (!inc.notes.empty()) o["notes"] = inc.notes;
        if (inc.confidence) o["confidence"] = *inc.confidence;
        incidents.push_back(o);
    }
    root["incidents"] = incidents;
    try {
        return root.dump(2) + "\n";
    } catch (const ordered::type_error& e) {
        // nlohmann refuses strings that are not valid UTF-8.
        throw invalid_input(std::string("cannot write the incident collection: ") + e.what());
    }
}

void write_incidents(const std::string& path, const IncidentCollection& c) {
    write_file_atomically(path, to_json(c));
}

}  // namespace incidentmap::incident
