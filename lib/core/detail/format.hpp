#pragma once
// Number formatting for messages (private to the libraries).

#include <string>

#include <incidentmap/export.hpp>

namespace incidentmap::detail {

/// The shortest text that reads back as exactly v ("95", "0.1", "1e+308", "nan").
[[nodiscard]] INCIDENTMAP_EXPORT std::string format_double(double v);

}  // namespace incidentmap::detail
