#include <array>

#include <incidentmap/core/precision.hpp>

namespace incidentmap {

namespace {
constexpr std::array<const char*, 11> k_names{"address",       "intersection", "poi",    "street",
                                              "neighbourhood", "city",         "county", "state",
                                              "country",       "region",       "unknown"};
}

const char* to_string(precision_class p) noexcept {
    return k_names[static_cast<std::size_t>(p)];
}

std::optional<precision_class> precision_class_from_string(std::string_view s) noexcept {
    for (std::size_t i = 0; i < k_names.size(); ++i)
        if (s == k_names[i]) return static_cast<precision_class>(i);
    return std::nullopt;
}

}  // namespace incidentmap
