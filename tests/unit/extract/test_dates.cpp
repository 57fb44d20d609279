// An incident's day (lib/extract/dates.cpp): weekdays relative to the publication date, dates
// with and without a year, the event's day and not an arrest's or a statement's, and the
// precision said when no day is named. Each row's day is counted on a calendar by hand from
// the publication date, Thursday 8 January 2026.
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/extract/incidents.hpp>

#include "support/extract_run.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;

using test::extract_published;

TEST_SUITE("extract") {
    TEST_CASE("the day: weekdays, dates, and the event's day among others") {
        struct Case {
            std::string text;
            std::string start;  // the time's start as written ("" for none)
            std::string end;    // the time's end as written ("" for none)
        };
        const Case cases[] = {
            {"A man was shot Monday evening in Columbus, Ohio.", "2026-01-05", ""},
            // "early Sunday" is that Sunday, after midnight; "late Saturday" that Saturday.
            {"A man was shot early Sunday in Columbus, Ohio.", "2026-01-04", ""},
            {"A man was shot late Saturday in Columbus, Ohio.", "2026-01-03", ""},
            // The publication day itself, and relative words.
            {"A man was shot Thursday in Columbus, Ohio.", "2026-01-08", ""},
            {"A man was shot last night in Columbus, Ohio.", "2026-01-07", ""},
            {"A man was shot yesterday in Columbus, Ohio.", "2026-01-07", ""},
            {"A man was shot this morning in Columbus, Ohio.", "2026-01-08", ""},
            // Dates without a year are the latest such day on or before publication.
            {"A man was shot in Columbus, Ohio, on Jan. 3.", "2026-01-03", ""},
            {"A man was shot in Columbus, Ohio, on Dec. 30.", "2025-12-30", ""},
            {"A man was shot in Columbus, Ohio, on June 3, 2019.", "2019-06-03", ""},
            // The event's day, not the arrest's or the day something was said.
            {"Police arrested a man Wednesday in the shooting of a woman on Monday in Columbus, "
             "Ohio.",
             "2026-01-05", ""},
            {"Police said Wednesday that a man was shot Monday in Columbus, Ohio.", "2026-01-05",
             ""},
            {"Tuesday's shooting in Columbus, Ohio, left a man wounded.", "2026-01-06", ""},
            // No day named: the month when it is named, else no later than the publication.
            {"A man was charged in a killing in Columbus, Ohio, in June.", "2025-06", ""},
            {"A man was shot in Columbus, Ohio.", "", "2026-01-08"},
            // A page's own dates are not the event's.
            {"Posted: Wednesday, January 7, 2026\nA man was shot in Columbus, Ohio.", "",
             "2026-01-08"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto r = extract_published(c.text);
            REQUIRE(r.incidents.incidents.size() == 1);
            const auto& t = r.incidents.incidents[0].time;
            CHECK((t.start ? to_iso8601(*t.start) : "") == c.start);
            CHECK((t.end ? to_iso8601(*t.end) : "") == c.end);
        }
    }

    TEST_CASE("the day: an incident without one says so in its notes and its id") {
        const auto r = extract_published("A man was shot in Columbus, Ohio.");
        REQUIRE(r.incidents.incidents.size() == 1);
        const auto& inc = r.incidents.incidents[0];
        CHECK(inc.id == "columbus-undated");
        CHECK(inc.notes.find("on or before the publication date") != std::string::npos);
        const auto m =
            extract_published("A man was charged in a killing in Columbus, Ohio, in June.");
        CHECK(m.incidents.incidents.at(0).id == "columbus-2025-06");
    }
}
