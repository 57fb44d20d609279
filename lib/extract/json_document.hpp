#pragma once
// Reading the extraction's versioned JSON documents (the rules, the ranking model): each
// problem names the file and the JSON path, and what was expected there.

#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include <incidentmap/core/error.hpp>

namespace incidentmap::extract::detail {

class JsonDocument {
public:
    using json = nlohmann::json;

    explicit JsonDocument(std::string origin) : m_origin(std::move(origin)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw data_error(m_origin, path.empty() ? "/" : path, what);
    }

    const json& member(const json& j, const std::string& path, const char* key) const {
        if (!j.is_object()) fail(path, "expected an object");
        const auto it = j.find(key);
        if (it == j.end()) fail(path, std::string("missing required member \"") + key + "\"");
        return *it;
    }

    /// The document's root object, of the given `format` and `version` (the only one this
    /// build reads).
    json parse(std::string_view text, const std::string& format, int version) const {
        json root;
        try {
            root = json::parse(text.begin(), text.end());
        } catch (const json::parse_error& e) {
            fail("", std::string("not valid JSON: ") + e.what());
        }
        if (!root.is_object()) fail("", "expected a JSON object");
        if (!root.contains("format") || root["format"] != format)
            fail("/format", "expected \"" + format + "\"");
        if (!root.contains("version") || root["version"] != version)
            fail("/version",
                 "expected " + std::to_string(version) + " (the only version this build reads)");
        return root;
    }

private:
    std::string m_origin;
};

}  // namespace incidentmap::extract::detail
