// The ranking model: reading data/extract-model.json (or a user's file of the same format).

#include <cmath>

#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

#include "json_document.hpp"
#include "model_data.hpp"

namespace incidentmap::extract {

namespace detail {
extern const std::string_view k_builtin_model_json;
}

namespace {

using json = nlohmann::json;

std::string join(std::span<const std::string_view> names) {
    std::string s;
    for (const auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
    return s;
}

class ModelReader : detail::JsonDocument {
public:
    using JsonDocument::JsonDocument;

    double finite_at(const json& j, const std::string& path) const {
        if (!j.is_number() || !std::isfinite(j.get<double>()))
            fail(path, "expected a finite number");
        return j.get<double>();
    }

    LinearModel linear(const json& root, const char* name,
                       std::span<const std::string_view> expected) const {
        const std::string path = std::string("/models/") + name;
        const json& m = member(member(root, "", "models"), "/models", name);
        LinearModel out;
        const json& f = member(m, path, "features");
        if (!f.is_array()) fail(path + "/features", "expected an array of feature names");
        for (std::size_t i = 0; i < f.size(); ++i) {
            if (!f[i].is_string())
                fail(path + "/features/" + std::to_string(i), "expected a string");
            out.features.push_back(f[i].get<std::string>());
        }
        // The first feature that differs from this build's, and what was expected there.
        std::size_t d = 0;
        while (d < expected.size() && d < out.features.size() && out.features[d] == expected[d])
            ++d;
        if (d < expected.size() || d < out.features.size())
            fail(path + "/features/" + std::to_string(d),
                 "expected " +
                     (d < expected.size() ? "\"" + std::string(expected[d]) + "\""
                                          : std::string("no more features")) +
                     (d < out.features.size() ? ", got \"" + out.features[d] + "\""
                                              : std::string(", got the end of the list")) +
                     "; this build's features are " + join(expected) +
                     ": the model is from another version of incidentmap");
        const json& w = member(m, path, "weights");
        if (!w.is_array() || w.size() != expected.size())
            fail(path + "/weights", "expected an array of " + std::to_string(expected.size()) +
                                        " numbers, one per feature");
        for (std::size_t i = 0; i < w.size(); ++i)
            out.weights.push_back(finite_at(w[i], path + "/weights/" + std::to_string(i)));
        out.bias = finite_at(member(m, path, "bias"), path + "/bias");
        return out;
    }

    std::shared_ptr<Model::Data> read(std::string_view text) const {
        const json root = parse(text, "incidentmap-extract-model", 1);
        auto d = std::make_shared<Model::Data>();
        d->scene = linear(root, "scene", detail::scene_features());
        d->day = linear(root, "day", detail::day_features());
        d->confidence = linear(root, "confidence", detail::confidence_features());
        d->killed = linear(root, "killed", detail::killed_features());
        d->injured = linear(root, "injured", detail::injured_features());
        return d;
    }
};

}  // namespace

Model::Model(std::shared_ptr<const Data> data) : m_data(std::move(data)) {}

Model Model::builtin() {
    static const Model model(
        ModelReader("built-in extract-model.json").read(detail::k_builtin_model_json));
    return model;
}

Model Model::from_json(std::string_view text, const std::string& origin) {
    return Model(ModelReader(origin).read(text));
}

Model Model::from_file(const std::string& path) {
    return from_json(read_file(path), path);
}

}  // namespace incidentmap::extract
