// The casualty grammar (lib/extract/casualties.cpp): counts of people, what befell them, and
// an incident's toll. Each row's counts are read off its sentence by hand.
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/extract/incidents.hpp>

#include "support/extract_run.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;

using test::extract_published;

TEST_SUITE("extract") {
    TEST_CASE("casualties: counts of people and what befell them, read as a reader would") {
        struct Case {
            std::string text;
            int killed;   // -1: unknown (nothing counted)
            int injured;  // -1: unknown
        };
        const Case cases[] = {
            // Counts before nouns for people, and lists of them.
            {"Four teens were shot in Columbus, Ohio, on Monday.", 0, 4},
            {"Two men and a woman were shot in Columbus, Ohio, on Monday.", 0, 3},
            {"A 12-year-old was shot in Columbus, Ohio, on Monday.", 0, 1},
            {"A gunman opened fire in Columbus, Ohio, on Monday, killing seven residents and a "
             "nurse and wounding three.",
             8, 3},
            {"A 21-year-old woman, 42-year-old woman, 23-year-old man, and 15-year-old boy were "
             "shot in Columbus, Ohio, on Monday.",
             0, 4},
            {"He and three others were shot in Columbus, Ohio, on Monday.", 0, 4},
            // A list of counted people after a comma, as headlines write it; and people
            // restated, which are counted once.
            {"2 girls, 2 men shot in Columbus, Ohio, on Monday.", 0, 4},
            {"Two men, a woman and a child were shot in Columbus, Ohio, on Monday.", 0, 4},
            {"Three people, two men and a woman, were shot in Columbus, Ohio, on Monday.", 0, 3},
            {"Two of the victims were killed in a shooting in Columbus, Ohio, on Monday.", 2, 0},
            // Appositions and headlines.
            {"One dead, two hurt in Columbus, Ohio, shooting on Monday.", 1, 2},
            {"4 Shot, 1 Killed in Columbus\n\nFour people were shot in Columbus, Ohio, on Monday.",
             1, 3},
            // People named by two words: the count is of the last.
            {"Police said two sheriff's deputies were hurt in a shooting in Columbus, Ohio, on "
             "Monday.",
             0, 2},
            // A gerund and the people it hit.
            {"Two brothers were charged with shooting eight people in Columbus, Ohio, on "
             "Monday.",
             0, 8},
            // States of injury.
            {"A man was shot in Columbus, Ohio, on Monday and is in critical condition.", 0, 1},
            {"Three people were treated and released after a shooting in Columbus, Ohio, on "
             "Monday.",
             0, 3},
            // Updates: a victim who later died moves from injured to killed.
            {"Two people were shot in Columbus, Ohio, on Monday. One of them later died.", 1, 1},
            {"A woman was shot in Columbus, Ohio, on Monday and taken to the hospital, where she "
             "was pronounced dead.",
             1, 0},
            {"Four people were shot, one fatally, in Columbus, Ohio, on Monday.", 1, 3},
            // Two people, not one: a man killed and a woman wounded.
            {"A man was killed and a woman was wounded in a shooting in Columbus, Ohio, on "
             "Monday.",
             1, 1},
            // The one shot is alive: two people, not one told twice.
            {"A man died in a shooting in Columbus, Ohio, on Monday. A teen was shot and is in "
             "stable condition.",
             1, 1},
            // Ages are no counts: names with ages, ranges of ages.
            {"Joshua Williams, 20, and Josh Harber, 19, were killed in Columbus, Ohio, on "
             "Monday.",
             2, 0},
            {"Five children, ages 11 to 15, were shot in Columbus, Ohio, on Monday.", 0, 5},
            // An apposition is one person.
            {"The victim, Malijha Grant, died after a shooting in Columbus, Ohio, on Monday.", 1,
             0},
            {"The shooting death of a 19-year-old woman in Columbus, Ohio, on Monday is under "
             "investigation.",
             1, 0},
            // A suspect shot by police counts.
            {"Police shot and killed a suspect in Columbus, Ohio, on Monday.", 1, 0},
            // Charges name no death; yearly statistics count other events.
            {"A man was charged with attempted murder after a woman was shot in Columbus, Ohio, "
             "on Monday.",
             0, 1},
            {"More than a dozen people have been killed in Columbus, Ohio, this year. A man was "
             "shot there on Monday.",
             0, 1},
            // Counts past any event's (100,000 people) are of something else, sums too.
            {"Fans said 99,999 men and 99,999 women were shot at in Columbus, Ohio, on Monday.", -1,
             -1},
            // No one hurt; nothing counted at all: unknown, not 0.
            {"No one was hurt when shots were fired in Columbus, Ohio, on Monday.", 0, 0},
            {"Police are investigating a shooting in Columbus, Ohio, on Monday.", -1, -1},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto r = extract_published(c.text);
            REQUIRE_FALSE(r.incidents.incidents.empty());
            const auto& cas = r.incidents.incidents[0].casualties;
            CHECK(cas.killed.has_value() == (c.killed >= 0));
            if (c.killed >= 0 && cas.killed) CHECK(cas.killed->best == c.killed);
            CHECK(cas.injured.has_value() == (c.injured >= 0));
            if (c.injured >= 0 && cas.injured) CHECK(cas.injured->best == c.injured);
        }
    }

    TEST_CASE("casualties: a suspect among them, and no count, are said in the notes") {
        const auto s =
            extract_published("Police shot and killed a suspect in Columbus, Ohio, on Monday.");
        REQUIRE(s.incidents.incidents.size() == 1);
        CHECK(s.incidents.incidents[0].notes.find("suspect is among the casualties") !=
              std::string::npos);
        const auto u =
            extract_published("Police are investigating a shooting in Columbus, Ohio, on Monday.");
        REQUIRE(u.incidents.incidents.size() == 1);
        CHECK(u.incidents.incidents[0].notes.find("no count of killed or injured") !=
              std::string::npos);
    }
}
