#include <utility>

#include <incidentmap/core/error.hpp>

namespace incidentmap {

const char* errc_name(errc code) noexcept {
    switch (code) {
        case errc::ok:
            return "ok";
        case errc::invalid_input:
            return "invalid_input";
        case errc::invalid_coordinate:
            return "invalid_coordinate";
        case errc::invalid_geometry:
            return "invalid_geometry";
        case errc::data_error:
            return "data_error";
        case errc::io_error:
            return "io_error";
        case errc::crs_error:
            return "crs_error";
        case errc::internal_error:
            return "internal_error";
    }
    return "unknown";
}

error::error(errc code, const std::string& message) : std::runtime_error(message), m_code(code) {}

invalid_input::invalid_input(const std::string& message, errc code) : error(code, message) {}

namespace {
std::string join_data_message(const std::string& source, const std::string& where,
                              const std::string& problem) {
    std::string out;
    if (!source.empty()) out += source + ": ";
    if (!where.empty()) out += where + ": ";
    return out + problem;
}
}  // namespace

data_error::data_error(std::string source, std::string where, std::string problem)
    : error(errc::data_error, join_data_message(source, where, problem)),
      m_source(std::move(source)),
      m_where(std::move(where)),
      m_problem(std::move(problem)) {}

io_error::io_error(std::string path, const std::string& detail)
    : error(errc::io_error, path + ": " + detail), m_path(std::move(path)) {}

internal_error::internal_error(const std::string& message)
    : error(errc::internal_error, "internal error: " + message) {}

}  // namespace incidentmap
