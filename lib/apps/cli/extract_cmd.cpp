#include "extract_cmd.hpp"

#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/incident/json.hpp>
#include <incidentmap/incident/measure.hpp>
#include <incidentmap/io/incident_layers.hpp>

#include "csv.hpp"
#include "geocode_cmd.hpp"
#include "parallel.hpp"

namespace incidentmap::cli {

namespace {

std::optional<Timestamp> publication_date(const std::string& text, const std::string& what) {
    if (text.empty()) return std::nullopt;
    Timestamp t;
    try {
        t = parse_iso8601(text);
    } catch (const invalid_input& e) {
        throw invalid_input(what + ": " + e.what());
    }
    if (t.precision != time_precision::day)
        throw invalid_input(what + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
    return t;
}

void report_findings(const std::string& name, const extract::ExtractResult& r) {
    for (const auto& x : r.left_out)
        std::cerr << "incidentmap: " << name << ": bytes " << x.span.begin << "-" << x.span.end
                  << ": left out: " << x.type << " (" << x.reason << ")\n";
    for (const auto& u : r.unresolved)
        std::cerr << "incidentmap: " << name << ": bytes " << u.span.begin << "-" << u.span.end
                  << ": " << u.incident_id << "/" << u.location_id << " \"" << u.text
                  << "\": " << u.reason << "\n";
}

// One line per candidate: {"article", "incident", "kind", "value", "lon", "lat", "score",
// "chosen", "features": {name: value}}.
std::string candidates_json(const std::string& article, const extract::ExtractResult& r) {
    std::string out;
    std::map<std::string, std::vector<std::string>> names;
    for (const auto& c : r.candidates) {
        auto& n = names[c.kind];
        if (n.empty()) n = extract::candidate_features(c.kind);
        nlohmann::ordered_json j{{"article", article},
                                 {"incident", c.incident_id},
                                 {"kind", c.kind},
                                 {"value", c.value}};
        if (c.point) {
            j["lon"] = c.point->lon;
            j["lat"] = c.point->lat;
        }
        j["score"] = c.score;
        j["chosen"] = c.chosen;
        nlohmann::ordered_json f = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < c.features.size() && i < n.size(); ++i) f[n[i]] = c.features[i];
        j["features"] = f;
        out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return out;
}

}  // namespace

void print_incident_summary(const incident::IncidentCollection& c, std::ostream& out) {
    for (const auto& inc : c.incidents) {
        out << inc.id << ": " << inc.title << "\n";
        for (const auto& link : inc.links) {
            const auto m = incident::measure(inc, link);
            out << "  " << link.from << " -> " << link.to;
            if (m.distance_m) out << ": measured " << format_number(*m.distance_m, 0) << " m";
            if (m.interval)
                out << (m.distance_m ? "," : ":") << " between "
                    << format_number(m.interval->low_m, 0) << " and "
                    << format_number(m.interval->high_m, 0) << " m ("
                    << format_number(m.interval->low_m / k_meters_per_mile, 2) << "-"
                    << format_number(m.interval->high_m / k_meters_per_mile, 2) << " mi)";
            if (link.stated && !link.stated->text.empty())
                out << ", stated as \"" << link.stated->text << "\"";
            if (m.conflict) out << " [measured and stated distances disagree]";
            out << "\n";
        }
    }
}

void ExtractCommand::add_to(CLI::App& app) {
    cmd = app.add_subcommand(
        "extract",
        "Turn news reports into incidents: events, day, casualties, actors, and located places "
        "with roles (scene, found, hospital, context) and stated distances");
    cmd->add_option("REPORT", report, "the report as UTF-8 text, or - for standard input");
    cmd->add_option("--articles", articles,
                    "JSON Lines of {\"id\", \"text\"} (optional \"title\", \"url\", "
                    "\"published\"): one incident file for all, ids prefixed with the article's");
    cmd->add_option("--threads", threads, "threads for --articles (default: all cores)");
    cmd->add_option("--published", published,
                    "publication date YYYY-MM-DD, when the text has none; weekdays such as "
                    "\"Thursday\" are resolved against it");
    cmd->add_option("--output,-o", output,
                    "incident file to write (JSON; default: standard output)");
    cmd->add_option("--layers", layers,
                    "also write the locations, links and uncertainty GeoJSON layers here");
    cmd->add_option("--rules", rules,
                    "extraction rules (JSON, the format of data/extract-rules.json; default: the "
                    "built-in ones)");
    cmd->add_option("--country", country,
                    "the country the news comes from (ISO 3166-1 alpha-2, e.g. US): its places are "
                    "preferred where the text does not say otherwise");
    cmd->add_option("--model", model,
                    "ranking model (JSON, the format of data/extract-model.json; default: the "
                    "built-in one)");
    cmd->add_option("--candidates", candidates,
                    "also write the candidates each choice was made from, with the model's "
                    "features and scores (JSON Lines; to inspect choices, or to train a model)");
    cmd->add_option("--title", title, "the source's title, kept with each incident");
    cmd->add_option("--url", url, "the source's address, kept with each incident");
    cmd->add_flag("--features", features,
                  "print the names of the ranking model's features, per model, as JSON (what a "
                  "model file for --model must list) and exit");
    cmd->add_flag("--strict", strict,
                  "fail (exit 1, nothing written) when a place of an incident could not be "
                  "located as precisely as the report states it");
    cmd->footer(
        "Examples:\n  incidentmap extract data/seed-report.txt --layers out/seed\n"
        "  incidentmap extract story.txt --published 2026-01-08 --output incidents.json\n"
        "  incidentmap extract --articles articles.jsonl --output incidents.json --layers out");
}

int ExtractCommand::run(const std::vector<std::string>& gazetteers) const {
    if (cmd == nullptr || !*cmd) return -1;
    if (features) {
        nlohmann::ordered_json j;
        for (const char* kind : {"scene", "day", "confidence", "killed", "injured"})
            j[kind] = extract::candidate_features(kind);
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    if (report.empty() == articles.empty()) {
        std::cerr << "incidentmap extract: give either REPORT or --articles FILE\n";
        return k_exit_usage;
    }
    if (!candidates.empty() && (candidates == output || (candidates == "-" && output.empty()))) {
        std::cerr << "incidentmap extract: --candidates and --output name the same file ("
                  << (candidates == "-" ? "standard output" : candidates) << ")\n";
        return k_exit_usage;
    }
    extract::ExtractOptions base;
    base.published = publication_date(published, "--published");
    base.places.country = country_option(country, "--country");
    base.source_title = title;
    base.source_url = url;
    const auto rule_set =
        rules.empty() ? extract::Rules::builtin() : extract::Rules::from_file(rules);
    if (!model.empty()) base.model = extract::Model::from_file(model);
    base.keep_candidates = !candidates.empty();
    std::string candidate_lines;  // JSON Lines for --candidates
    const GeocoderStack stack(gazetteers);
    // Summary lines go where the incident file does not.
    std::ostream& info = output.empty() || output == "-" ? std::cerr : std::cout;

    incident::IncidentCollection all;
    std::size_t unresolved = 0, failed = 0;
    std::string source;  // the report or the articles file, for the final line
    if (!report.empty()) {
        const std::string name = report == "-" ? "standard input" : report;
        const std::string text = read_input(report);
        auto options = base;
        if (options.source_title.empty()) options.source_title = name;
        extract::ExtractResult r;
        try {
            r = extract::extract_incidents(text, stack.geocoder, rule_set, options);
        } catch (const invalid_input& e) {
            throw invalid_input(name + ": " + e.what());
        }
        report_findings(name, r);
        candidate_lines += candidates_json(name, r);
        if (!r.published)
            std::cerr << "incidentmap: " << name
                      << ": no publication date in the text and no --published: weekdays are "
                         "not resolved\n";
        unresolved = r.unresolved.size();
        all = std::move(r.incidents);
        source = name;
    } else {
        // One article per line; a bad line is reported with its number and skipped, the
        // others are kept in input order.
        const auto lines = read_json_lines(articles);
        std::vector<extract::ExtractResult> results(lines.size());
        std::vector<std::string> errors(lines.size()), ids(lines.size());
        parallel_for(lines.size(), threads, [&](std::size_t i) {
            try {
                const auto doc = nlohmann::json::parse(lines[i].text);
                if (!doc.is_object() || !doc.contains("text") || !doc["text"].is_string())
                    throw invalid_input("expected {\"id\": ..., \"text\": string}");
                // An absent, null or empty id is the line's number.
                const auto& id = doc.contains("id") ? doc["id"] : nlohmann::json();
                ids[i] = id.is_string() && !id.get_ref<const std::string&>().empty()
                             ? id.get<std::string>()
                         : id.is_null() || id.is_string() ? "line" + std::to_string(lines[i].number)
                                                          : id.dump();
                auto options = base;
                // Optional members: strings; an empty one keeps the command's value.
                const auto member = [&](const char* name) -> std::string {
                    const auto it = doc.find(name);
                    if (it == doc.end() || it->is_null()) return "";
                    if (!it->is_string())
                        throw invalid_input(std::string("\"") + name + "\": expected a string");
                    return it->get<std::string>();
                };
                if (auto t = member("title"); !t.empty()) options.source_title = std::move(t);
                if (auto u = member("url"); !u.empty()) options.source_url = std::move(u);
                if (const auto p = member("published"); !p.empty())
                    options.published = publication_date(p, "published");
                results[i] = extract::extract_incidents(doc["text"].get_ref<const std::string&>(),
                                                        stack.geocoder, rule_set, options);
                // One article's incidents that would not make a valid file are its own error,
                // not the batch's.
                if (const auto problems = incident::validate(results[i].incidents);
                    !problems.empty())
                    throw internal_error("the incidents extracted are not valid: " +
                                         problems.front().path + ": " + problems.front().message);
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
        std::set<std::string> seen;  // article ids, so that incident ids stay unique
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::string name = articles + ": line " + std::to_string(lines[i].number);
            if (errors[i].empty() && !seen.insert(ids[i]).second)
                errors[i] = "the id " + ids[i] + " was used by an earlier line";
            if (!errors[i].empty()) {
                std::cerr << "incidentmap: " << name << ": " << errors[i] << " (skipped)\n";
                ++failed;
                continue;
            }
            report_findings(name + " (" + ids[i] + ")", results[i]);
            candidate_lines += candidates_json(ids[i], results[i]);
            unresolved += results[i].unresolved.size();
            for (auto& inc : results[i].incidents.incidents) {
                inc.id = ids[i] + "/" + inc.id;
                all.incidents.push_back(std::move(inc));
            }
        }
        source = articles;
    }
    if (strict && unresolved > 0) {
        std::cerr << "incidentmap: error: " << unresolved
                  << " places not located as stated (--strict); nothing written\n";
        return k_exit_error;
    }
    // The layers first: if they fail, the incident file is not written either.
    std::optional<io::LayerFiles> files;
    if (!layers.empty())
        files =
            io::write_incident_layers(all, layers, {}, {}, [](std::size_t, const std::string& msg) {
                std::cerr << "incidentmap: skipped " << msg << "\n";
            });
    if (!candidates.empty()) write_output(candidates, candidate_lines);
    write_output(output, incident::to_json(all));
    print_incident_summary(all, info);
    if (files) {
        info << "wrote " << files->result.written << " features:\n";
        for (const auto& p : files->paths) info << "  " << p << "\n";
        failed += files->result.failed;
    }
    if (all.incidents.empty()) info << "no incidents found in " << source << "\n";
    return failed > 0 ? k_exit_partial : 0;
}

}  // namespace incidentmap::cli
