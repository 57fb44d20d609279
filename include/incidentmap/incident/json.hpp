#pragma once
/// @file
/// @brief The incident file format: JSON, described by data/incidents.schema.json and
/// docs/incident-format.md.

#include <string>
#include <string_view>

#include <incidentmap/export.hpp>
#include <incidentmap/incident/model.hpp>

namespace incidentmap::incident {

/// @brief Parse an incident collection from JSON text and validate it.
/// @param[in] json    the document
/// @param[in] source  a name for messages, usually the file name
/// @throws data_error naming @p source, the JSON pointer (or line and column for syntax
///   errors) and what was expected, for the first problem found.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT IncidentCollection parse_incidents(std::string_view json,
                                                                    const std::string& source = "");

/// @brief Read and parse an incident file. @throws io_error, data_error. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT IncidentCollection read_incidents(const std::string& path);

/// @brief Serialise a collection as pretty-printed JSON (2-space indent) in the format
/// parse_incidents() reads. @throws invalid_input if the collection does not validate.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string to_json(const IncidentCollection& c);

/// @brief Write an incident file atomically. @throws invalid_input, io_error. @since 0.1
INCIDENTMAP_EXPORT void write_incidents(const std::string& path, const IncidentCollection& c);

}  // namespace incidentmap::incident
