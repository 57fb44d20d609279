#include "core/detail/format.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace incidentmap::detail {

std::string format_double(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

}  // namespace incidentmap::detail
