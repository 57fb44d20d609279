#include "csv.hpp"

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

}  // namespace incidentmap::cli
