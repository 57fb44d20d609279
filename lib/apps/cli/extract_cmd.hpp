#pragma once
// The CLI's `extract` command: news reports to incidents, one report or a batch of articles.

#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <incidentmap/incident/model.hpp>

namespace incidentmap::cli {

struct ExtractCommand {
    CLI::App* cmd = nullptr;
    std::string report;    // a text file, or - for standard input
    std::string articles;  // JSON Lines of {"id", "text", ["title", "url", "published"]}
    std::string published, rules, model, output, layers, title, url, country;
    std::string candidates;  // JSON Lines of the candidates each choice was made from
    unsigned threads = 0;
    bool strict = false;
    bool features = false;  // print the ranking model's feature names and exit

    void add_to(CLI::App& app);
    /// Runs the command if it was given (exit code), else returns -1.
    int run(const std::vector<std::string>& gazetteers) const;
};

/// One line per incident ("id: title") and per link (measured distance, interval, stated
/// distance).
void print_incident_summary(const incident::IncidentCollection& c, std::ostream& out);

}  // namespace incidentmap::cli
