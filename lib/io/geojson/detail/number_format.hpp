#pragma once
// Number and string formatting for JSON output (private).

#include <cstdint>
#include <string>
#include <string_view>

namespace incidentmap::io::detail {

/// Appends v rounded to `decimals` places (correctly rounded, ties to even, as
/// std::to_chars), trailing zeros dropped, "-0" written as "0".
/// @pre v finite, 0 <= decimals <= 15.
void append_fixed(std::string& out, double v, int decimals);

/// Appends the shortest text that reads back as exactly v. @pre v finite.
void append_shortest(std::string& out, double v);

void append_int(std::string& out, std::int64_t v);

/// Appends a JSON string literal. Returns false (and appends nothing) if s is not valid
/// UTF-8.
[[nodiscard]] bool append_json_string(std::string& out, std::string_view s);

}  // namespace incidentmap::io::detail
