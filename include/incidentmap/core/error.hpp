#pragma once
/// @file
/// @brief The exception hierarchy of incidentmap: every thrown type derives from
/// incidentmap::error and carries an errc code.

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief Error codes, in numbered families shared with the C API: 100s invalid input,
/// 200s data, 300s I/O, 400s CRS, 900s internal. Values are frozen. @since 0.1
enum class errc : int {
    ok = 0,
    invalid_input = 100,       ///< an argument is out of range or malformed
    invalid_coordinate = 101,  ///< a longitude/latitude is not finite or out of range
    invalid_geometry = 102,    ///< a geometry cannot be represented or is degenerate
    data_error = 200,          ///< an input document is malformed or inconsistent
    io_error = 300,            ///< a file could not be read or written
    crs_error = 400,           ///< a coordinate reference system operation failed
    internal_error = 900,      ///< a bug: please report it
};

/// @brief Static, human-readable name of a code ("invalid_coordinate"). @since 0.1
INCIDENTMAP_EXPORT const char* errc_name(errc code) noexcept;

/// @brief Base class of every exception thrown by incidentmap. @since 0.1
class INCIDENTMAP_EXPORT error : public std::runtime_error {
public:
    error(errc code, const std::string& message);
    /// @brief The error's code.
    [[nodiscard]] errc code() const noexcept { return m_code; }

private:
    errc m_code;
};

/// @brief Invalid argument: coordinates, geometry, options. @since 0.1
class INCIDENTMAP_EXPORT invalid_input : public error {
public:
    explicit invalid_input(const std::string& message, errc code = errc::invalid_input);
};

/// @brief Malformed or inconsistent input data. The message names the source (file),
/// the position (a JSON pointer such as `/incidents/3/locations/1/lat`, or a line) and
/// what was expected. @since 0.1
class INCIDENTMAP_EXPORT data_error : public error {
public:
    /// @param[in] source   file name or other origin of the data ("" if none)
    /// @param[in] where    JSON pointer, "line 3, column 7", "row 12", or ""
    /// @param[in] problem  what was wrong and what was expected
    data_error(std::string source, std::string where, std::string problem);
    [[nodiscard]] const std::string& source() const noexcept { return m_source; }
    [[nodiscard]] const std::string& where() const noexcept { return m_where; }
    [[nodiscard]] const std::string& problem() const noexcept { return m_problem; }

private:
    std::string m_source;
    std::string m_where;
    std::string m_problem;
};

/// @brief A file could not be opened, read, written or renamed. @since 0.1
class INCIDENTMAP_EXPORT io_error : public error {
public:
    /// @param[in] path    the file involved
    /// @param[in] detail  what failed, e.g. the operating system's message
    io_error(std::string path, const std::string& detail);
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }

private:
    std::string m_path;
};

/// @brief A broken invariant inside incidentmap. @since 0.1
class INCIDENTMAP_EXPORT internal_error : public error {
public:
    explicit internal_error(const std::string& message);
};

/// @brief Receives the problems of a batch operation, one call per failed record:
/// the record's index (row, line or feature number as documented by the operation) and a
/// message naming what was wrong. Batches report here instead of aborting. @since 0.1
using error_sink = std::function<void(std::size_t index, const std::string& message)>;

}  // namespace incidentmap
