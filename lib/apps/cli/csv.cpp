#include "csv.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

namespace incidentmap::cli {

bool read_csv_record(std::istream& in, std::vector<std::string>& fields, std::string& error,
                     std::size_t& line) {
    fields.clear();
    error.clear();
    std::string field;
    bool in_quotes = false;
    bool any = false;
    int c = 0;
    while ((c = in.get()) != std::char_traits<char>::eof()) {
        any = true;
        const char ch = static_cast<char>(c);
        if (in_quotes) {
            if (ch == '"') {
                if (in.peek() == '"') {
                    in.get();
                    field += '"';
                } else {
                    in_quotes = false;
                }
            } else {
                if (ch == '\n') ++line;
                field += ch;
            }
            continue;
        }
        if (ch == '"' && field.empty()) {
            in_quotes = true;
        } else if (ch == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (ch == '\n') {
            ++line;
            fields.push_back(std::move(field));
            return true;
        } else if (ch == '\r') {
            if (in.peek() == '\n') continue;
            // A lone CR ends a line too (old Mac files).
            ++line;
            fields.push_back(std::move(field));
            return true;
        } else {
            field += ch;
        }
    }
    if (!any) return false;
    if (in_quotes) error = "unterminated quoted field";
    fields.push_back(std::move(field));
    ++line;
    return true;
}

std::vector<std::string> read_csv_header(std::istream& in, const std::string& path,
                                         std::string_view expected, std::size_t& line) {
    std::vector<std::string> fields;
    std::string error;
    if (!read_csv_record(in, fields, error, line))
        throw data_error(path, "line 1",
                         "empty file; expected a header with " + std::string(expected));
    if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) fields[0].erase(0, 3);
    return fields;
}

std::optional<double> parse_double(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.size() > 1 && s.front() == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string read_input(const std::string& path) {
    if (path != "-") return read_file(path);
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
}

std::vector<NumberedLine> read_json_lines(const std::string& path) {
    const std::string all = read_input(path);
    std::vector<NumberedLine> lines;
    std::size_t number = 0;
    for (std::size_t start = 0; start < all.size();) {
        auto end = all.find('\n', start);
        if (end == std::string::npos) end = all.size();
        const std::string_view line(all.data() + start, end - start);
        ++number;
        if (line.find_first_not_of(" \t\r") != std::string_view::npos)
            lines.push_back({number, std::string(line)});
        start = end + 1;
    }
    return lines;
}

void write_output(const std::string& output, const std::string& text) {
    if (output.empty() || output == "-") {
        std::cout << text;
        return;
    }
    const auto folder = std::filesystem::path(output).parent_path();
    std::error_code ec;
    if (!folder.empty()) std::filesystem::create_directories(folder, ec);
    write_file_atomically(output, text);
}

std::string format_number(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace incidentmap::cli
