#pragma once
// Internal: the parsed form of a ranking model (data/extract-model.json): one logistic
// regression per choice the extraction makes from candidates.

#include <array>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/extract/incidents.hpp>

namespace incidentmap::extract {

/// A logistic regression over named features: P(right) = 1 / (1 + exp(-(b + w . x))).
struct LinearModel {
    std::vector<std::string> features;  // names, in the order the code computes them
    std::vector<double> weights;        // one per feature
    double bias = 0;

    [[nodiscard]] double score(std::span<const double> x) const noexcept {
        double s = bias;
        for (std::size_t i = 0; i < x.size() && i < weights.size(); ++i) s += weights[i] * x[i];
        return s;
    }
};

/// The probability of log-odds @p score.
[[nodiscard]] inline double logistic(double score) noexcept {
    return 1.0 / (1.0 + std::exp(-score));
}

struct Model::Data {
    LinearModel scene;       // is this place the scene of the article's main incident?
    LinearModel day;         // is this day the main incident's day?
    LinearModel confidence;  // is this incident current, and its scene right?
    LinearModel killed;      // is this the number killed?
    LinearModel injured;     // is this the number injured?
};

namespace detail {

/// The feature names each model must have, in this build's order: a model file with other
/// features is from another version and is refused.
std::span<const std::string_view> scene_features();
std::span<const std::string_view> day_features();
std::span<const std::string_view> confidence_features();
std::span<const std::string_view> killed_features();
std::span<const std::string_view> injured_features();

}  // namespace detail

}  // namespace incidentmap::extract
