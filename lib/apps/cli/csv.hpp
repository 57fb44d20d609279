#pragma once
// A small RFC 4180 CSV reader and writer for the CLI's batch commands.

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incidentmap::cli {

/// Exit codes of every command: 1 an error (nothing written), 2 bad usage, 3 some rows or
/// lines failed (the others written).
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_partial = 3;

/// Reads one record (which may span lines inside quotes). Returns false at end of input.
/// Sets `error` (and returns true) for an unterminated quote.
bool read_csv_record(std::istream& in, std::vector<std::string>& fields, std::string& error,
                     std::size_t& line);

/// Reads the header record of `path`, without a UTF-8 byte order mark before its first field.
/// Throws data_error at line 1 for an empty file, saying the header `expected`.
std::vector<std::string> read_csv_header(std::istream& in, const std::string& path,
                                         std::string_view expected, std::size_t& line);

/// A decimal number in a field or option, surrounding blanks and a leading '+' allowed.
std::optional<double> parse_double(std::string_view s);

/// The whole of a file, or of standard input for "-". Throws io_error naming the path.
std::string read_input(const std::string& path);

/// One line of a JSON Lines file: its number in the file (from 1) and its text.
struct NumberedLine {
    std::size_t number = 0;
    std::string text;
};

/// The lines of a JSON Lines file (or standard input for "-") that hold something: blank
/// lines (spaces, tabs and a CR only) are skipped, the others keep their line numbers.
std::vector<NumberedLine> read_json_lines(const std::string& path);

/// Writes a command's output: to standard output for "" or "-", else atomically to the file,
/// creating its folder.
void write_output(const std::string& output, const std::string& text);

/// `v` with `decimals` digits after the point ("%.*f").
std::string format_number(double v, int decimals);

/// Appends one field, quoted when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace incidentmap::cli
