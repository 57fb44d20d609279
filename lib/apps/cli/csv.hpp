#pragma once
// A small RFC 4180 CSV reader and writer for the CLI's batch commands.

#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace incidentmap::cli {

/// Reads one record (which may span lines inside quotes). Returns false at end of input.
/// Sets `error` (and returns true) for an unterminated quote.
bool read_csv_record(std::istream& in, std::vector<std::string>& fields, std::string& error,
                     std::size_t& line);

/// Appends one field, quoted when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace incidentmap::cli
