#pragma once
// The CLI's gazetteer commands: geocode, reverse, gazetteer build|info.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/incident/model.hpp>

namespace incidentmap::cli {

struct GeocodeCommands {
    CLI::App* geocode = nullptr;
    CLI::App* reverse = nullptr;
    CLI::App* gazetteer = nullptr;
    CLI::App* build = nullptr;
    CLI::App* info = nullptr;
    CLI::App* import = nullptr;
    CLI::App* places = nullptr;
    std::string places_file;
    std::string articles;  // JSON Lines of {"id", "text"}
    std::string osm_file, import_output, import_name;

    std::vector<std::string> gazetteers;  // --gazetteer, repeatable (stacked)
    std::string query;
    std::string input;
    std::string output;
    std::string column;
    std::size_t limit = 5;
    std::string country;
    std::string near;
    std::string bbox;
    std::string bbox_mode = "filter";
    std::string min_precision;
    unsigned threads = 0;
    std::vector<double> reverse_point;
    std::size_t nearest = 3;
    // gazetteer build
    std::string sources_dir, aliases, lock, build_output;
    std::string cities, admin1, us_atlas, us_fips, us_zipcodes, world_atlas, admin1_polygons,
        regions;

    void add_to(CLI::App& app);
    /// Runs whichever of the commands was given; returns the exit code, or -1 if none was.
    int run();
};

/// An ISO 3166-1 alpha-2 code given to @p option ("US"; "us" is accepted), upper-cased; empty
/// stays empty. @throws invalid_input naming the option and what was expected.
std::string country_option(const std::string& code, const std::string& option);

/// Geocodes the locations that carry a place description and no geometry, with the given
/// gazetteers (or the default one); reports each unresolved one on stderr. Returns how
/// many stayed unresolved. Opens no gazetteer when no location needs one.
std::size_t geocode_places(incident::IncidentCollection& incidents,
                           const std::vector<std::string>& gazetteers);

/// The gazetteers named with --gazetteer (or the default one), opened, and a geocoder over
/// them.
struct GeocoderStack {
    std::vector<gazetteer::Gazetteer> gazetteers;
    geocode::Geocoder geocoder;

    explicit GeocoderStack(const std::vector<std::string>& paths);
    // The geocoder points into `gazetteers`: the stack stays where it was made.
    GeocoderStack(const GeocoderStack&) = delete;
    GeocoderStack& operator=(const GeocoderStack&) = delete;
};

/// The attribution text of the data in the default gazetteer.
const char* gazetteer_attribution();

}  // namespace incidentmap::cli
