#include <array>
#include <cstdio>
#include <string>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/time.hpp>

namespace incidentmap {

namespace {
constexpr std::array<const char*, 6> k_precision_names{"year", "month",  "day",
                                                       "hour", "minute", "second"};

[[noreturn]] void bad_time(std::string_view text, const std::string& why) {
    throw invalid_input("invalid ISO 8601 time \"" + std::string(text) + "\": " + why +
                        " (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with "
                        "an optional Z or +HH:MM offset)");
}

// Reads exactly n digits at pos; returns -1 if they are not digits.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}
}  // namespace

const char* to_string(time_precision p) noexcept {
    return k_precision_names[static_cast<std::size_t>(p)];
}

std::optional<time_precision> time_precision_from_string(std::string_view s) noexcept {
    for (std::size_t i = 0; i < k_precision_names.size(); ++i)
        if (s == k_precision_names[i]) return static_cast<time_precision>(i);
    return std::nullopt;
}

Timestamp parse_iso8601(std::string_view text) {
    using namespace std::chrono;
    Timestamp t;
    const int year = digits(text, 0, 4);
    if (year < 0) bad_time(text, "it does not start with a four-digit year");
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::size_t pos = 4;
    t.precision = time_precision::year;
    if (pos < text.size() && text[pos] == '-') {
        month = digits(text, pos + 1, 2);
        if (month < 1 || month > 12) bad_time(text, "month must be 01-12");
        pos += 3;
        t.precision = time_precision::month;
        if (pos < text.size() && text[pos] == '-') {
            day = digits(text, pos + 1, 2);
            pos += 3;
            t.precision = time_precision::day;
            const year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                     std::chrono::day{unsigned(day < 0 ? 0 : day)}};
            if (day < 1 || !ymd.ok()) bad_time(text, "no such day");
            if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
                hour = digits(text, pos + 1, 2);
                if (hour < 0 || hour > 23 || pos + 3 >= text.size() || text[pos + 3] != ':')
                    bad_time(text, "hour must be 00-23 followed by :MM");
                minute = digits(text, pos + 4, 2);
                if (minute < 0 || minute > 59) bad_time(text, "minute must be 00-59");
                pos += 6;
                t.precision = time_precision::minute;
                if (pos < text.size() && text[pos] == ':') {
                    second = digits(text, pos + 1, 2);
                    if (second < 0 || second > 59) bad_time(text, "second must be 00-59");
                    pos += 3;
                    t.precision = time_precision::second;
                }
            }
        }
    }
    if (pos < text.size() && t.precision <= time_precision::day &&
        (text[pos] == 'Z' || text[pos] == '+' || text[pos] == '-'))
        bad_time(text, "a UTC offset needs a time of day (a date alone has no offset)");
    if (pos < text.size()) {
        if (text[pos] == 'Z' && pos + 1 == text.size()) {
            t.utc_offset_min = 0;
            pos += 1;
        } else if (text[pos] == '+' || text[pos] == '-') {
            const int oh = digits(text, pos + 1, 2);
            const int om =
                (pos + 3 < text.size() && text[pos + 3] == ':') ? digits(text, pos + 4, 2) : -1;
            if (oh < 0 || oh > 18 || om < 0 || om > 59 || pos + 6 != text.size())
                bad_time(text, "offset must be +HH:MM or -HH:MM");
            const int sign = text[pos] == '-' ? -1 : 1;
            t.utc_offset_min = sign * (oh * 60 + om);
            pos += 6;
        } else {
            bad_time(text, "unexpected text after position " + std::to_string(pos));
        }
    }
    const year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                             std::chrono::day{unsigned(day)}};
    const sys_seconds local = sys_days{ymd} + hours{hour} + minutes{minute} + seconds{second};
    t.utc = local - minutes{t.utc_offset_min.value_or(0)};
    return t;
}

std::string to_iso8601(const Timestamp& t) {
    using namespace std::chrono;
    const int offset = t.utc_offset_min.value_or(0);
    const sys_seconds local = t.utc + minutes{offset};
    const sys_days day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{local - day};
    char buf[64];
    int n = 0;
    const int y = int(ymd.year());
    const unsigned mo = unsigned(ymd.month());
    const unsigned d = unsigned(ymd.day());
    switch (t.precision) {
        case time_precision::year:
            n = std::snprintf(buf, sizeof buf, "%04d", y);
            break;
        case time_precision::month:
            n = std::snprintf(buf, sizeof buf, "%04d-%02u", y, mo);
            break;
        case time_precision::day:
            n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, mo, d);
            break;
        case time_precision::hour:
        case time_precision::minute:
            n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d", y, mo, d,
                              int(hms.hours().count()), int(hms.minutes().count()));
            break;
        case time_precision::second:
            n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", y, mo, d,
                              int(hms.hours().count()), int(hms.minutes().count()),
                              int(hms.seconds().count()));
            break;
    }
    std::string out(buf, static_cast<std::size_t>(n));
    // A date (year, month or day precision) has no UTC offset in ISO 8601: its fields are
    // the local date in the stated offset.
    if (t.utc_offset_min && t.precision > time_precision::day) {
        if (offset == 0) {
            out += 'Z';
        } else {
            const int a = offset < 0 ? -offset : offset;
            std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
            out += buf;
        }
    }
    return out;
}

}  // namespace incidentmap
