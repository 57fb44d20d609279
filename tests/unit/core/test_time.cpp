#include <chrono>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/time.hpp>

using namespace incidentmap;
using namespace std::chrono;

TEST_SUITE("core") {
    TEST_CASE("ISO 8601 parsing keeps precision and offset; formatting round-trips") {
        struct Case {
            const char* text;
            time_precision precision;
            long long
                unix_s;  // `date -u -d TEXT +%s` (GNU coreutils; "2026-01-01" for 2026 and 2026-01)
        };
        const Case cases[] = {
            {"2026", time_precision::year, 1767225600},
            {"2026-01", time_precision::month, 1767225600},
            {"2026-01-07", time_precision::day, 1767744000},
            {"2026-01-08T14:15-08:00", time_precision::minute, 1767910500},
            {"2026-01-08T22:15:30Z", time_precision::second, 1767910530},
            {"2024-02-29T23:59:59+05:30", time_precision::second, 1709231399},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const Timestamp t = parse_iso8601(c.text);
            CHECK(t.precision == c.precision);
            CHECK(t.utc.time_since_epoch().count() == c.unix_s);
            CHECK(to_iso8601(t) == c.text);
        }
    }

    TEST_CASE("a coarser precision formats fewer fields") {
        Timestamp t = parse_iso8601("2026-01-08T14:15-08:00");
        t.precision = time_precision::day;
        // A date has no offset: the local date in the stated offset.
        CHECK(to_iso8601(t) == "2026-01-08");
        // 23:30 at -08:00 is already the next day in UTC; the local date is kept.
        Timestamp late = parse_iso8601("2026-01-08T23:30-08:00");
        late.precision = time_precision::day;
        CHECK(to_iso8601(late) == "2026-01-08");
        late.precision = time_precision::month;
        CHECK(to_iso8601(late) == "2026-01");
        late.precision = time_precision::year;
        CHECK(to_iso8601(late) == "2026");
        // Hour precision keeps the stored minutes; the precision says how far to trust them.
        t.precision = time_precision::hour;
        CHECK(to_iso8601(t) == "2026-01-08T14:15-08:00");
    }

    TEST_CASE("malformed times are rejected with the expected form") {
        for (const char* bad :
             {"", "26-01-08", "2026-13-01", "2026-02-30", "2026-01-08T25:00", "2026-01-08T10:61",
              "2026-01-08T10:00+5", "2026-01-08 junk", "2026-01-08T10:00:00Zjunk", "2026-01-08Z",
              "2026-01-05:00", "2026+01:00"}) {
            CAPTURE(bad);
            try {
                (void)parse_iso8601(bad);
                FAIL("expected invalid_input");
            } catch (const invalid_input& e) {
                CHECK(std::string(e.what()).find("expected YYYY") != std::string::npos);
            }
        }
    }

    TEST_CASE("precision names round-trip") {
        for (auto p : {time_precision::year, time_precision::month, time_precision::day,
                       time_precision::hour, time_precision::minute, time_precision::second})
            CHECK(time_precision_from_string(to_string(p)) == p);
        CHECK_FALSE(time_precision_from_string("week").has_value());
    }
}
