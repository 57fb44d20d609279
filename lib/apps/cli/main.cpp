// The incidentmap command-line tool.
//
// Exit codes: 0 success; 1 error (message on stderr); 2 usage error; 3 a batch finished
// but some rows failed (each reported on stderr).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/incident/json.hpp>
#include <incidentmap/io/incident_layers.hpp>
#include <incidentmap/version.hpp>

#include "csv.hpp"
#include "extract_cmd.hpp"
#include "geocode_cmd.hpp"

namespace {

using namespace incidentmap;
using cli::k_exit_error;
using cli::k_exit_partial;
using cli::k_exit_usage;

// "LON,LAT" -> LonLat, or an invalid_input naming the option.
LonLat parse_lonlat(const std::string& text, const std::string& option) {
    const auto comma = text.find(',');
    const auto lon = comma == std::string::npos
                         ? std::nullopt
                         : cli::parse_double(std::string_view(text).substr(0, comma));
    const auto lat = comma == std::string::npos
                         ? std::nullopt
                         : cli::parse_double(std::string_view(text).substr(comma + 1));
    if (!lon || !lat)
        throw invalid_input(option + ": expected LON,LAT in degrees (e.g. -122.68,45.52), got \"" +
                            text + "\"");
    try {
        return LonLat::make(*lon, *lat);
    } catch (const invalid_input& e) {
        throw invalid_input(option + ": " + e.what(), e.code());
    }
}

enum class output_format { text, json };

void print_pair(const LonLat& a, const LonLat& b, output_format format) {
    const auto r = geodesy::inverse(a, b);
    const auto bearing = geodesy::compass_bearing(r.azimuth1_deg);
    if (format == output_format::json) {
        std::cout << "{\"distance_m\":" << cli::format_number(r.distance_m, 3)
                  << ",\"azimuth1_deg\":" << cli::format_number(r.azimuth1_deg, 6)
                  << ",\"azimuth2_deg\":" << cli::format_number(r.azimuth2_deg, 6)
                  << ",\"bearing\":\"" << bearing << "\"}\n";
        return;
    }
    std::cout << "distance_m    " << cli::format_number(r.distance_m, 3) << "  ("
              << cli::format_number(r.distance_m / 1000.0, 3) << " km, "
              << cli::format_number(r.distance_m / k_meters_per_mile, 3) << " mi)\n"
              << "azimuth1_deg  " << cli::format_number(r.azimuth1_deg, 6) << "  (" << bearing
              << ")\n"
              << "azimuth2_deg  " << cli::format_number(r.azimuth2_deg, 6) << "\n";
}

int distance_batch(const std::string& input, const std::string& output) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec))
        throw io_error(input, "is a folder; expected a file");
    std::ifstream in(input, std::ios::binary);
    if (!in) throw io_error(input, "cannot open for reading");
    std::size_t line = 0;
    const std::vector<std::string> header =
        cli::read_csv_header(in, input, "lon1,lat1,lon2,lat2", line);
    std::vector<std::string> fields;
    std::string err;
    int col[4] = {-1, -1, -1, -1};
    const char* names[4] = {"lon1", "lat1", "lon2", "lat2"};
    for (std::size_t i = 0; i < header.size(); ++i)
        for (int k = 0; k < 4; ++k)
            if (header[i] == names[k]) col[k] = static_cast<int>(i);
    for (int k = 0; k < 4; ++k)
        if (col[k] < 0)
            throw data_error(input, "line 1",
                             std::string("header has no column \"") + names[k] +
                                 "\"; expected lon1,lat1,lon2,lat2");
    std::string out;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (i) out += ',';
        cli::append_csv_field(out, header[i]);
    }
    out += ",distance_m,azimuth1_deg,azimuth2_deg\n";
    std::size_t rows = 0;
    std::size_t failed = 0;
    std::size_t record_line = line + 1;
    while (cli::read_csv_record(in, fields, err, line)) {
        ++rows;
        std::string problem = err;
        double v[4] = {0, 0, 0, 0};
        if (problem.empty() && fields.size() == 1 && fields[0].empty()) {
            record_line = line + 1;
            --rows;
            continue;  // blank line
        }
        if (problem.empty() && fields.size() != header.size())
            problem = "expected " + std::to_string(header.size()) +
                      " fields as in the header, got " + std::to_string(fields.size());
        for (int k = 0; k < 4 && problem.empty(); ++k) {
            const auto idx = static_cast<std::size_t>(col[k]);
            const auto d = idx < fields.size() ? cli::parse_double(fields[idx]) : std::nullopt;
            if (!d) {
                problem = std::string("column ") + names[k] +
                          ": expected a number of degrees, got \"" +
                          (idx < fields.size() ? fields[idx] : "") + "\"";
            } else {
                v[k] = *d;
            }
        }
        std::optional<geodesy::Inverse> r;
        if (problem.empty()) {
            for (int end = 0; end < 2 && problem.empty(); ++end) {
                if (!is_valid_lonlat(v[2 * end], v[2 * end + 1])) {
                    try {
                        (void)LonLat::make(v[2 * end], v[2 * end + 1]);
                    } catch (const invalid_input& e) {
                        problem = std::string("columns ") + names[2 * end] + "," +
                                  names[2 * end + 1] + ": " + e.what();
                    }
                }
            }
            if (problem.empty())
                r = geodesy::inverse(LonLat::make(v[0], v[1]), LonLat::make(v[2], v[3]));
        }
        // Every output row has the header's columns, so that a bad row cannot shift the
        // columns of the file.
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (i) out += ',';
            cli::append_csv_field(out, i < fields.size() ? fields[i] : "");
        }
        if (r) {
            out += "," + cli::format_number(r->distance_m, 3) + "," +
                   cli::format_number(r->azimuth1_deg, 8) + "," +
                   cli::format_number(r->azimuth2_deg, 8) + "\n";
        } else {
            out += ",,,\n";
            ++failed;
            std::cerr << "incidentmap: " << input << ": line " << record_line << " (row " << rows
                      << "): " << problem << " (row kept with empty results)\n";
        }
        record_line = line + 1;
    }
    cli::write_output(output, out);
    if (!output.empty() && output != "-") {
        std::cerr << "incidentmap: wrote " << rows << " rows to " << output;
        if (failed > 0) std::cerr << " (" << failed << " with empty results)";
        std::cerr << "\n";
    }
    return failed > 0 ? k_exit_partial : 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "incidentmap: map incidents from reports. Measures geodesic distances on WGS84 "
        "(Karney's algorithm) and writes RFC 7946 GeoJSON layers."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("incidentmap ") + incidentmap::version_string +
                                          " (geodesics: " + geodesy::backend_name() + ")\n" +
                                          cli::gazetteer_attribution());
    app.footer("Exit codes: 0 ok, 1 error, 2 usage error, 3 batch finished with failed rows.");

    auto* distance = app.add_subcommand(
        "distance", "Geodesic distance and azimuths between two points, or for each row of a CSV");
    std::string from_text, to_text, input, output;
    bool json = false;
    distance->add_option("--from", from_text, "start point as LON,LAT in degrees");
    distance->add_option("--to", to_text, "end point as LON,LAT in degrees");
    distance->add_option("--input", input,
                         "CSV with header columns lon1,lat1,lon2,lat2 (others are kept); writes "
                         "the rows with distance_m,azimuth1_deg,azimuth2_deg appended");
    distance->add_option("--output", output, "CSV output file for --input (default: stdout)");
    distance->add_flag("--json", json, "print the single-pair result as JSON");
    distance->footer(
        "Examples:\n  incidentmap distance --from=-122.68,45.52 --to=-93.27,44.98\n"
        "  incidentmap distance --input pairs.csv --output distances.csv\n"
        "Use --from=LON,... when LON is negative.");

    auto* layers = app.add_subcommand("layers",
                                      "Write the locations, links and uncertainty GeoJSON layers "
                                      "of an incident file, geocoding place descriptions first");
    std::string incidents_path, out_dir;
    int decimals = 7;
    bool bbox = false;
    bool seq = false;
    layers->add_option("INCIDENTS", incidents_path, "incident file (JSON)")->required();
    layers->add_option("--output-dir,-o", out_dir, "folder for the layers (created if missing)")
        ->required();
    layers->add_option("--decimals", decimals, "decimals kept in coordinates (0-15)")
        ->capture_default_str()
        ->check(CLI::Range(0, 15));
    layers->add_flag("--bbox", bbox, "write bbox members on features and collections");
    layers->add_flag("--seq", seq, "write GeoJSON Text Sequences (RFC 8142) instead");

    auto* validate_cmd =
        app.add_subcommand("validate", "Check an incident file and report the first problem");
    std::string validate_path;
    validate_cmd->add_option("INCIDENTS", validate_path, "incident file (JSON)")->required();

    cli::ExtractCommand extract_cmd;
    extract_cmd.add_to(app);

    cli::GeocodeCommands geo;
    geo.add_to(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : k_exit_usage;
    }

    try {
        if (const int rc = geo.run(); rc >= 0) return rc;
        if (*distance) {
            if (!input.empty()) {
                if (!from_text.empty() || !to_text.empty()) {
                    std::cerr << "incidentmap distance: give either --input or --from/--to, not "
                                 "both\n";
                    return k_exit_usage;
                }
                return distance_batch(input, output);
            }
            if (from_text.empty() || to_text.empty()) {
                std::cerr << "incidentmap distance: give --from and --to, or --input\n"
                          << distance->help();
                return k_exit_usage;
            }
            print_pair(parse_lonlat(from_text, "--from"), parse_lonlat(to_text, "--to"),
                       json ? output_format::json : output_format::text);
            return 0;
        }
        if (const int rc = extract_cmd.run(geo.gazetteers); rc >= 0) return rc;
        if (*validate_cmd) {
            const auto c = incident::read_incidents(validate_path);
            std::size_t locations = 0;
            for (const auto& inc : c.incidents) locations += inc.locations.size();
            std::cout << validate_path << ": valid, " << c.incidents.size() << " incidents, "
                      << locations << " locations\n";
            return 0;
        }
        if (*layers) {
            auto c = incident::read_incidents(incidents_path);
            const std::size_t unresolved = cli::geocode_places(c, geo.gazetteers);
            io::GeoJsonOptions options;
            options.coordinate_decimals = decimals;
            options.bbox =
                bbox ? io::geojson_bbox::per_feature_and_collection : io::geojson_bbox::none;
            options.framing =
                seq ? io::geojson_framing::text_sequence : io::geojson_framing::feature_collection;
            const auto files = io::write_incident_layers(
                c, out_dir, {}, options, [](std::size_t, const std::string& msg) {
                    std::cerr << "incidentmap: skipped " << msg << "\n";
                });
            cli::print_incident_summary(c, std::cout);
            std::cout << "wrote " << files.result.written << " features:\n";
            for (const auto& p : files.paths) std::cout << "  " << p << "\n";
            return files.result.failed > 0 || unresolved > 0 ? k_exit_partial : 0;
        }
    } catch (const incidentmap::error& e) {
        std::cerr << "incidentmap: error: " << e.what() << "\n";
        return k_exit_error;
    } catch (const std::exception& e) {
        std::cerr << "incidentmap: unexpected error: " << e.what() << "\n";
        return k_exit_error;
    }
    return 0;
}
