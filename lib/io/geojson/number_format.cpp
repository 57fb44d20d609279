#include "io/geojson/detail/number_format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include <incidentmap/core/utf8.hpp>
#include <incidentmap/io/geojson.hpp>

namespace incidentmap::io {

bool is_valid_utf8(std::string_view text) noexcept {
    return !utf8_error_offset(text);
}

namespace detail {

namespace {
constexpr std::int64_t k_pow10[] = {1,
                                    10,
                                    100,
                                    1000,
                                    10000,
                                    100000,
                                    1000000,
                                    10000000,
                                    100000000,
                                    1000000000,
                                    10000000000,
                                    100000000000,
                                    1000000000000,
                                    10000000000000,
                                    100000000000000,
                                    1000000000000000};

// The library's to_chars path: correct for every double, but slower.
void append_fixed_to_chars(std::string& out, double v, int decimals) {
    char buf[400];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) {
        append_shortest(out, v);
        return;
    }
    char* p = end;
    if (decimals > 0) {
        while (p[-1] == '0') --p;
        if (p[-1] == '.') --p;
    }
    const std::string_view text(buf, static_cast<std::size_t>(p - buf));
    out.append(text == "-0" ? std::string_view("0") : text);
}
}  // namespace

void append_fixed(std::string& out, double v, int decimals) {
    // Fast path: scale to an integer and round exactly. p = v * 10^d is rounded once; fma
    // recovers the rounding error e exactly, and p + e is the exact product. Only an exact
    // half (p = k + 0.5) can round differently from p alone; then e decides, and a true tie
    // goes to even, as std::to_chars does.
    const double scale = static_cast<double>(k_pow10[decimals]);
    const double p = v * scale;
    if (!(std::fabs(p) < 4.0e15)) {
        append_fixed_to_chars(out, v, decimals);
        return;
    }
    const double e = std::fma(v, scale, -p);
    double r = std::round(p);  // half away from zero
    if (std::fabs(p - std::trunc(p)) == 0.5) {
        const double down = std::floor(p);
        const double up = down + 1.0;
        if (e > 0)
            r = up;
        else if (e < 0)
            r = down;
        else
            r = std::fmod(down, 2.0) == 0.0 ? down : up;
    }
    auto n = static_cast<std::int64_t>(r);
    if (n == 0) {
        out += '0';
        return;
    }
    if (n < 0) {
        out += '-';
        n = -n;
    }
    const std::int64_t unit = k_pow10[decimals];
    std::int64_t whole = n / unit;
    std::int64_t frac = n % unit;
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, whole);
    (void)ec;
    out.append(buf, end);
    if (frac == 0) return;
    int digits = decimals;
    while (frac % 10 == 0) {
        frac /= 10;
        --digits;
    }
    char fbuf[16];
    for (int i = digits - 1; i >= 0; --i) {
        fbuf[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    out += '.';
    out.append(fbuf, static_cast<std::size_t>(digits));
}

void append_shortest(std::string& out, double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, end);
}

void append_int(std::string& out, std::int64_t v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, end);
}

bool append_json_string(std::string& out, std::string_view s) {
    // Bytes that cannot be copied as they are: control characters, '"', '\\', and the
    // start of multi-byte UTF-8 sequences (validated once, only when present).
    static constexpr auto k_special = [] {
        std::array<bool, 256> t{};
        for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
        for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
        t['"'] = true;
        t['\\'] = true;
        return t;
    }();
    static constexpr char k_hex[] = "0123456789abcdef";
    const std::size_t mark = out.size();
    out += '"';
    bool checked_utf8 = false;
    std::size_t run = 0;  // start of the pending run of bytes that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!k_special[c]) continue;
        if (c >= 0x80) {
            if (!checked_utf8) {
                if (!is_valid_utf8(s.substr(i))) {
                    out.resize(mark);
                    return false;
                }
                checked_utf8 = true;
            }
            continue;  // valid UTF-8 is copied as is
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                const char esc[6] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 0xF]};
                out.append(esc, 6);
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
    return true;
}

}  // namespace detail
}  // namespace incidentmap::io
