#pragma once
// Reads the reference tables in tests/data: comma-separated, a header row, no quoting.
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace incidentmap::test {

struct Row {
    std::map<std::string, std::string> cells;
    [[nodiscard]] const std::string& str(const std::string& column) const {
        auto it = cells.find(column);
        if (it == cells.end()) throw std::runtime_error("no column " + column);
        return it->second;
    }
    [[nodiscard]] double num(const std::string& column) const { return std::stod(str(column)); }
};

inline std::vector<Row> read_table(const std::string& name) {
    const std::string path = std::string(INCIDENTMAP_TEST_DATA_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    {
        std::stringstream ss(line);
        std::string h;
        while (std::getline(ss, h, ',')) header.push_back(h);
    }
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::stringstream ss(line);
        std::string cell;
        Row r;
        for (const auto& h : header) {
            std::getline(ss, cell, ',');
            r.cells[h] = cell;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

inline std::string source_path(const std::string& relative) {
    return std::string(INCIDENTMAP_SOURCE_DIR) + "/" + relative;
}

}  // namespace incidentmap::test
