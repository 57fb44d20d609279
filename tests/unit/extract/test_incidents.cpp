#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/incident/json.hpp>
#include <incidentmap/incident/measure.hpp>

#include "support/fixture_geocoder.hpp"
#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;
using incident::location_role;

namespace {

const geocode::Geocoder& coder() {
    return test::fixture_geocoder();
}

ExtractResult run(const std::string& text, const std::string& published = "2026-01-08") {
    ExtractOptions o;
    if (!published.empty()) o.published = parse_iso8601(published);
    return extract_incidents(text, coder(), Rules::builtin(), o);
}

const incident::Location* role(const incident::Incident& inc, location_role r) {
    for (const auto& l : inc.locations)
        if (l.role == r) return &l;
    return nullptr;
}

std::string day(const incident::Incident& inc) {
    return inc.time.start ? to_iso8601(*inc.time.start) : "";
}

// Every location's spans are real stretches of the text, and the incidents are valid.
void check_traceable(const std::string& text, const ExtractResult& r) {
    CHECK(incident::validate(r.incidents).empty());
    for (const auto& inc : r.incidents.incidents)
        for (const auto& l : inc.locations) {
            CHECK_MESSAGE(!l.spans.empty(), inc.id << "/" << l.id << " has no span");
            for (const auto& s : l.spans) {
                CHECK(s.begin < s.end);
                CHECK(s.end <= text.size());
            }
        }
}

}  // namespace

TEST_SUITE("extract") {
    TEST_CASE("the project's seed report gives the Portland and Minneapolis incidents") {
        const std::string text = read_file(test::source_path("data/seed-report.txt"));
        // The report's dateline carries its date: no --published needed.
        const auto r = run(text, "");
        REQUIRE(r.published.has_value());
        CHECK(to_iso8601(*r.published) == "2026-01-08");
        check_traceable(text, r);
        REQUIRE(r.incidents.incidents.size() == 2);

        const auto& pdx = r.incidents.incidents[0];
        CHECK(pdx.id == "portland-2026-01-08");
        CHECK(day(pdx) == "2026-01-08");  // "Thursday", the publication day
        CHECK(pdx.types == std::vector<std::string>{"shooting"});
        REQUIRE(pdx.casualties.injured.has_value());
        CHECK(pdx.casualties.injured->best == 2);
        // Both people shot are counted as wounded and nobody is said to have died: 0 killed.
        REQUIRE(pdx.casualties.killed.has_value());
        CHECK(pdx.casualties.killed->best == 0);
        REQUIRE(pdx.actors.size() == 1);
        CHECK(pdx.actors[0].name == "federal immigration officers");
        const auto* scene = role(pdx, location_role::scene);
        REQUIRE(scene != nullptr);
        // The eastern part of Portland as a polygon, with the city's part uncertainty; not the
        // city point.
        CHECK(type_of(scene->geometry) == geometry_type::polygon);
        CHECK(scene->precision == precision_class::city);
        CHECK(scene->name == "outside a hospital, east Portland, Oregon");
        CHECK(scene->place == "hospital in east Portland, Oregon");
        bool eastern = false, hospital = false;
        for (const auto& s : scene->spans) {
            eastern =
                eastern || text.substr(s.begin, s.end - s.begin) == "the eastern part of Portland";
            hospital = hospital || text.substr(s.begin, s.end - s.begin) == "outside a hospital";
        }
        CHECK(eastern);
        CHECK(hospital);
        // No hospital is loaded in the test gazetteer: said so, and kept as the whole area.
        REQUIRE_FALSE(r.unresolved.empty());
        CHECK(r.unresolved[0].text == "outside a hospital");

        const auto* found = role(pdx, location_role::found);
        REQUIRE(found != nullptr);
        CHECK(found->relative_to == "scene");
        CHECK(found->derivation == incident::derivation_method::relative);
        CHECK(text.substr(found->spans.back().begin,
                          found->spans.back().end - found->spans.back().begin) ==
              "a couple of miles away");
        REQUIRE(pdx.links.size() == 1);
        REQUIRE(pdx.links[0].stated.has_value());
        // "a couple of miles" = 1.5 to 3 international miles (1609.344 m each).
        CHECK(pdx.links[0].stated->low_m == doctest::Approx(1.5 * 1609.344));
        CHECK(pdx.links[0].stated->high_m == doctest::Approx(3 * 1609.344));
        const auto m = incident::measure(pdx, pdx.links[0]);
        CHECK_FALSE(m.distance_m.has_value());  // the found ring is drawn from the scene
        REQUIRE(m.interval.has_value());
        CHECK(m.interval->low_m == doctest::Approx(2414.016));
        // The ring: outer radius 3 miles plus the scene's own uncertainty.
        CHECK(found->uncertainty_m == doctest::Approx(4828.032 + scene->uncertainty_m));
        const auto* oregon = role(pdx, location_role::context);
        REQUIRE(oregon != nullptr);
        CHECK(oregon->name == "Oregon");
        CHECK(pdx.notes.find("2:15 p.m.") != std::string::npos);

        const auto& msp = r.incidents.incidents[1];
        CHECK(msp.id == "minneapolis-2026-01-07");
        CHECK(day(msp) == "2026-01-07");  // "one day after" the Portland shooting
        REQUIRE(msp.casualties.killed.has_value());
        CHECK(msp.casualties.killed->best == 1);
        REQUIRE(msp.actors.size() == 1);
        CHECK(msp.actors[0].agency == "U.S. Immigration and Customs Enforcement");
        const auto* street = role(msp, location_role::scene);
        REQUIRE(street != nullptr);
        CHECK(street->name == "on a snowy street, Minneapolis, Minnesota");
        CHECK(street->precision == precision_class::city);  // no street is named
        CHECK(street->derivation_note.find("names no street") != std::string::npos);
        std::vector<std::string> context;
        for (const auto& l : msp.locations)
            if (l.role == location_role::context) context.push_back(l.name);
        CHECK(context == std::vector<std::string>{"Minnesota",
                                                  "Twin Cities (Minneapolis, Minnesota)",
                                                  "Saint Paul, Minnesota"});
        // The incident file round-trips.
        CHECK(incident::parse_incidents(incident::to_json(r.incidents)) == r.incidents);
    }

    TEST_CASE("the full seed report, when ../shared is present") {
        const auto path =
            std::filesystem::path(test::source_path("")) / ".." / "shared" / "seed" / "report.txt";
        if (!std::filesystem::exists(path)) {
            MESSAGE("skipped: " << path.string() << " is not present");
            return;
        }
        const std::string text = read_file(path.string());
        const auto r = run(text);
        check_traceable(text, r);
        REQUIRE(r.incidents.incidents.size() == 2);
        const auto& pdx = r.incidents.incidents[0];
        CHECK(pdx.id == "portland-2026-01-08");
        CHECK(pdx.casualties.injured->best == 2);
        CHECK(pdx.actors[0].name == "federal immigration officers");
        REQUIRE(role(pdx, location_role::found) != nullptr);
        CHECK(type_of(role(pdx, location_role::scene)->geometry) == geometry_type::polygon);
        REQUIRE(pdx.links.size() == 1);
        CHECK(pdx.links[0].stated->text == "a couple of miles away");
        const auto& msp = r.incidents.incidents[1];
        CHECK(msp.id == "minneapolis-2026-01-07");
        CHECK(msp.casualties.killed->best == 1);
        CHECK(msp.actors[0].agency == "U.S. Immigration and Customs Enforcement");
        CHECK(role(msp, location_role::found) == nullptr);
        // George Floyd (2020) and the arrest "last June" are past events, listed, not incidents.
        bool floyd = false;
        for (const auto& x : r.left_out) floyd = floyd || x.reason == "past event: in 2020";
        CHECK(floyd);
    }

    TEST_CASE("events, days, casualties and actors in short reports") {
        struct Case {
            const char* text;
            std::size_t incidents;
            const char* type;
            const char* day;  // published 2026-01-08, a Thursday
            int killed;       // -1: unknown (no count stated)
            int injured;
            const char* actor;
        };
        const Case cases[] = {
            // The people hurt are counted; when nobody is said to have died, 0 killed, and
            // when the one victim died, 0 injured.
            {"A man was shot and killed Tuesday in Columbus, Ohio.", 1, "shooting", "2026-01-06", 1,
             0, ""},
            {"Two people were shot and wounded by state troopers in Columbus, Ohio, on Monday.", 1,
             "shooting", "2026-01-05", 0, 2, "state troopers"},
            {"Police said three people were stabbed in Albany, New York, yesterday.", 1, "stabbing",
             "2026-01-07", 0, 3, ""},
            {"Border Patrol agents shot a driver in Portland, Maine, on Jan. 3.", 1, "shooting",
             "2026-01-03", 0, 1, "Border Patrol agents"},
            {"An officer shot a man in Columbus, Ohio, on Friday. The shooting left him wounded.",
             1, "shooting", "2026-01-02", 0, 1, "officer"},
            // An article that only refers to an event, or tells of it as past or background,
            // is about it (a follow-up): it is located, without a count when none is stated.
            {"The shooting in Columbus, Ohio, was condemned.", 1, "shooting", "", -1, -1, ""},
            {"Police killed a man in Minneapolis in 2020.", 1, "killing", "", 1, 0, ""},
            {"A recent shooting in Portland, Oregon, worried residents.", 1, "shooting", "", -1, -1,
             ""},
            // Protests and arrests without a shooting do not start incidents.
            {"Protests continued in Minneapolis on Thursday.", 0, "", "", -1, -1, ""},
            // The event that can start an incident decides: a shooting, not an arrest.
            {"Police arrested a man who shot two people in Columbus, Ohio, on Friday.", 1,
             "shooting", "2026-01-02", 0, 2, ""},
            // "another" and "fatal" before a verb or noun are no background.
            {"Another man was shot in Columbus, Ohio, on Friday.", 1, "shooting", "2026-01-02", 0,
             1, ""},
            {"A fatal shooting in Columbus, Ohio, on Thursday left 1 dead.", 1, "shooting",
             "2026-01-08", 1, 0, ""},
            // Clock times, negations and thousands are no counts of casualties.
            {"At 2 a.m. Monday a man was killed in a shooting in Columbus, Ohio.", 1, "shooting",
             "2026-01-05", 1, 0, ""},
            {"Two people were killed and three injured in a shooting in Columbus, Ohio, on Monday.",
             1, "shooting", "2026-01-05", 2, 3, ""},
            {"No one was hurt in a shooting in Columbus, Ohio, on Monday.", 1, "shooting",
             "2026-01-05", 0, 0, ""},
            {"In a crash in Columbus, Ohio, on Monday, 2,500 people were injured.", 1, "crash",
             "2026-01-05", 0, 2500, ""},
            // Found where the scene is: the place is the scene.
            {"Officers found a man shot in north Portland, Oregon, on Sunday.", 1, "shooting",
             "2026-01-04", 0, 1, ""},
            // A dated past event alone is the article's event; a distance too large to be
            // between places of one incident is none.
            {"On June 3, 2019, a deputy shot a man in Columbus, Ohio.", 1, "shooting", "2019-06-03",
             0, 1, ""},
            {"A man was shot in Columbus, Ohio, on Monday. He was found 7000 miles away.", 1,
             "shooting", "2026-01-05", 0, 1, ""},
            {"A man was shot in Columbus, Ohio, on Monday and found inf miles away.", 1, "shooting",
             "2026-01-05", 0, 1, ""},
            // A headline's "Man" is no town (Man, Ivory Coast, is in the fixture).
            {"Man shot outside bar on Monday\n\nCOLUMBUS, Ohio - A man was shot outside a bar on "
             "Monday.",
             1, "shooting", "2026-01-05", 0, 1, ""},
            // Different days, different incidents.
            {"A man was shot in Columbus, Ohio, on Monday. A woman was shot in Columbus, Ohio, on "
             "Tuesday.",
             2, "shooting", "2026-01-05", 0, 1, ""},
        };
        for (const auto& c : cases) {
            const std::string text = c.text;
            CAPTURE(text);
            const auto r = run(c.text);
            check_traceable(c.text, r);
            REQUIRE(r.incidents.incidents.size() == c.incidents);
            if (c.incidents == 0) continue;
            const auto& inc = r.incidents.incidents[0];
            CHECK(inc.types.front() == c.type);
            CHECK(day(inc) == c.day);
            CHECK(inc.casualties.killed.has_value() == (c.killed >= 0));
            if (c.killed >= 0) CHECK(inc.casualties.killed->best == c.killed);
            CHECK(inc.casualties.injured.has_value() == (c.injured >= 0));
            if (c.injured >= 0) CHECK(inc.casualties.injured->best == c.injured);
            if (*c.actor != '\0') {
                REQUIRE_FALSE(inc.actors.empty());
                CHECK(inc.actors[0].name == c.actor);
            }
        }
    }

    TEST_CASE("event types: bombings, arson, vehicle rammings and attacks, not their look-alikes") {
        struct Case {
            std::string text;
            std::string type;  // "" for no incident
        };
        const Case cases[] = {
            {"A bomb exploded outside a store in Columbus, Ohio, on Monday, injuring two people.",
             "bombing"},
            {"An explosion tore through a house in Columbus, Ohio, on Monday.", "bombing"},
            {"Someone set fire to a church in Columbus, Ohio, on Monday.", "arson"},
            {"A driver rammed a crowd of protesters in Columbus, Ohio, on Monday.",
             "vehicle ramming"},
            {"Two men attacked a store clerk in Columbus, Ohio, on Monday.", "attack"},
            // Look-alikes: no event.
            {"A man died of a heart attack in Columbus, Ohio, on Monday.", ""},
            {"A bomb threat closed a school in Columbus, Ohio, on Monday.", ""},
            {"Police bought an assault rifle in Columbus, Ohio, on Monday.", ""},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto r = run(c.text);
            if (c.type.empty()) {
                CHECK(r.incidents.incidents.empty());
                continue;
            }
            REQUIRE(r.incidents.incidents.size() == 1);
            CHECK(r.incidents.incidents[0].types.front() == c.type);
        }
    }

    TEST_CASE("past and background events beside the article's own are listed with the reason") {
        const auto r = run(
            "A man was shot in Columbus, Ohio, on Monday. Police killed a man in Minneapolis in "
            "2020.");
        REQUIRE(r.incidents.incidents.size() == 1);
        CHECK(r.incidents.incidents[0].id == "columbus-2026-01-05");
        REQUIRE(r.left_out.size() == 1);
        CHECK(r.left_out[0].type == "killing");
        CHECK(r.left_out[0].reason == "past event: in 2020");
        const auto b = run(
            "A man was shot in Columbus, Ohio, on Monday. A recent shooting in Portland, Oregon, "
            "worried residents.");
        REQUIRE(b.incidents.incidents.size() == 1);
        REQUIRE(b.left_out.size() == 1);
        CHECK(b.left_out[0].reason == "background: \"recent shooting\"");
    }

    TEST_CASE("a time link dates the linked event from the main one") {
        const std::string text =
            "Officers shot a man in Portland, Oregon, on Thursday, a day after a woman was killed "
            "in Minneapolis.";
        const auto r = run(text);
        REQUIRE(r.incidents.incidents.size() == 2);
        CHECK(day(r.incidents.incidents[0]) == "2026-01-08");
        CHECK(r.incidents.incidents[1].id == "minneapolis-2026-01-07");
    }

    TEST_CASE("a sentence that opens with a time link dates the link from its main clause") {
        const auto r =
            run("A day after a woman was killed in Minneapolis, officers shot a man in Portland, "
                "Oregon, on Thursday.");
        REQUIRE(r.incidents.incidents.size() == 2);
        std::vector<std::string> ids;
        for (const auto& inc : r.incidents.incidents) ids.push_back(inc.id);
        CHECK(std::find(ids.begin(), ids.end(), "minneapolis-2026-01-07") != ids.end());
        CHECK(std::find(ids.begin(), ids.end(), "portland-2026-01-08") != ids.end());
    }

    TEST_CASE("pathological text stays linear and never crashes") {
        std::string tags, shots;
        for (int i = 0; i < 200000; ++i) tags += "<a";
        CHECK(run(tags).incidents.incidents.empty());
        for (int i = 0; i < 100000; ++i) shots += "shot, ";
        // No English sentence: refused with a reason, not read.
        CHECK_THROWS_WITH_AS(run(shots), doctest::Contains("does not read as English"),
                             invalid_input);
        std::string killed = "In Columbus, Ohio, ";
        for (int i = 0; i < 50000; ++i) killed += "was killed ";
        CHECK(run(killed).incidents.incidents.size() <= 1);
    }

    TEST_CASE("without a publication date weekdays stay unresolved") {
        const auto r = run("A man was shot in Columbus, Ohio, on Monday.", "");
        CHECK_FALSE(r.published.has_value());
        REQUIRE(r.incidents.incidents.size() == 1);
        CHECK_FALSE(r.incidents.incidents[0].time.start.has_value());
        CHECK(r.incidents.incidents[0].notes.find("weekdays were not resolved") !=
              std::string::npos);
        // A date in the text's first lines is the publication date.
        const auto d =
            run("COLUMBUS, Ohio (Jan. 8, 2026) - A man was shot in Columbus on Monday.", "");
        REQUIRE(d.published.has_value());
        CHECK(to_iso8601(*d.published) == "2026-01-08");
        CHECK(day(d.incidents.incidents.at(0)) == "2026-01-05");
    }

    TEST_CASE("relative places become geometry with uncertainty, never invented points") {
        SUBCASE("N miles east of X: the geodesic destination from X, X kept as the reference") {
            const auto r = run("Deputies shot a man 3 miles east of Canby, Oregon, on Monday.");
            REQUIRE(r.incidents.incidents.size() == 1);
            const auto& inc = r.incidents.incidents[0];
            const auto* ref = role(inc, location_role::reference);
            const auto* scene = role(inc, location_role::scene);
            REQUIRE(ref != nullptr);
            REQUIRE(scene != nullptr);
            CHECK(scene->relative_to == "reference");
            REQUIRE(type_of(scene->geometry) == geometry_type::point);
            // GeodSolve -p 12: 45.2629 -122.69259 90 4828.032 (Canby's GeoNames point, 3 mi)
            // -> 45.262883434336871 -122.631075001611748.
            const auto p = std::get<LonLat>(scene->geometry);
            CHECK(p.lat == doctest::Approx(45.262883434336871).epsilon(1e-12));
            CHECK(p.lon == doctest::Approx(-122.631075001611748).epsilon(1e-12));
            // Canby's radius, plus the stated distance's +-10% along and a compass point's
            // +-22.5 degrees across: r + hypot(0.1 d, d sin 22.5).
            const double d = 4828.032;
            CHECK(scene->uncertainty_m ==
                  doctest::Approx(
                      ref->uncertainty_m +
                      std::hypot(0.1 * d, d * std::sin(22.5 * 3.14159265358979323846 / 180))));
        }
        SUBCASE("near X: a disc around X, widened by a mile") {
            const auto r = run("A man was shot near Canby, Oregon, on Monday.");
            REQUIRE(r.incidents.incidents.size() == 1);
            const auto* scene = role(r.incidents.incidents[0], location_role::scene);
            REQUIRE(scene != nullptr);
            CHECK(type_of(scene->geometry) == geometry_type::polygon);
            CHECK(scene->name == "near Canby, Oregon");
            const auto plain = run("A man was shot in Canby, Oregon, on Monday.");
            const auto* in = role(plain.incidents.incidents.at(0), location_role::scene);
            REQUIRE(in != nullptr);
            CHECK(type_of(in->geometry) == geometry_type::point);
            CHECK(scene->uncertainty_m == doctest::Approx(in->uncertainty_m + 1609.344));
        }
        SUBCASE("found a few blocks away: a ring around the scene, linked with the interval") {
            const auto r = run(
                "Two people were stabbed in Columbus, Ohio, on Friday and were found a few blocks "
                "away.");
            REQUIRE(r.incidents.incidents.size() == 1);
            const auto& inc = r.incidents.incidents[0];
            REQUIRE(inc.links.size() == 1);
            CHECK(inc.links[0].stated->low_m == 150);
            CHECK(inc.links[0].stated->high_m == 600);
            const auto* found = role(inc, location_role::found);
            REQUIRE(found != nullptr);
            CHECK(type_of(found->geometry) == geometry_type::polygon);
        }
        SUBCASE("a place that is not in the gazetteer is reported, and no incident is invented") {
            const auto r = run("A man was shot in Smallville on Monday.");
            CHECK(r.incidents.incidents.empty());
        }
    }

    TEST_CASE("bad input: clear errors or empty results, never a crash") {
        CHECK(run("").incidents.incidents.empty());
        CHECK(run("   \n\n  ").incidents.incidents.empty());
        CHECK(run("No places here, and nothing happened.").incidents.incidents.empty());
        CHECK_THROWS_WITH_AS(run("Shot in Portland\xff, Oregon"),
                             doctest::Contains("not valid UTF-8 (byte 16)"), invalid_input);
        std::string binary;
        for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 7919) % 256);
        CHECK_THROWS_AS(run(binary), invalid_input);
        ExtractOptions small;
        small.places.max_bytes = 10;
        CHECK_THROWS_WITH_AS((void)extract_incidents("A man was shot in Columbus, Ohio.", coder(),
                                                     Rules::builtin(), small),
                             doctest::Contains("the limit is 10"), invalid_input);
        // HTML: tags are not words; offsets still point into the original.
        const std::string html =
            "<html><body><p>Two people were shot in <b>Columbus</b>, Ohio, on "
            "Monday.</p></body></html>";
        const auto h = run(html);
        REQUIRE(h.incidents.incidents.size() == 1);
        const auto& s = role(h.incidents.incidents[0], location_role::scene)->spans.front();
        CHECK(html.substr(s.begin, 8) == "Columbus");
    }

    TEST_CASE("ten megabytes of text") {
        const std::string report = read_file(test::source_path("data/seed-report.txt"));
        std::string text;
        while (text.size() + report.size() + 2 <= (10u << 20)) text += report + "\n\n";
        const auto r = run(text);
        // The same two events, told again and again, stay two incidents.
        CHECK(r.incidents.incidents.size() == 2);
    }

    TEST_CASE("extraction is thread-safe: the same incidents from four threads at once") {
        const std::string text = read_file(test::source_path("data/seed-report.txt"));
        const auto expected = run(text).incidents;
        std::vector<incident::IncidentCollection> got(4);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < got.size(); ++t)
            threads.emplace_back([&, t] {
                for (int k = 0; k < 3; ++k) got[t] = run(text).incidents;
            });
        for (auto& th : threads) th.join();
        for (const auto& g : got) CHECK(g == expected);
    }

    TEST_CASE("rules: the built-in set, a user's set, and errors that say where") {
        const std::string json = read_file(test::source_path("data/extract-rules.json"));
        // A user's rule: "riddled" as a shooting verb.
        std::string mine = json;
        const auto at = mine.find("\"gunned down\"");
        REQUIRE(at != std::string::npos);
        mine.insert(at, "\"riddled\", ");
        const auto rules = Rules::from_json(mine, "mine.json");
        const std::string text = "Gunmen riddled a patrol car in Columbus, Ohio, on Monday.";
        CHECK(extract_incidents(text, coder(), Rules::builtin()).incidents.incidents.empty());
        CHECK(extract_incidents(text, coder(), rules).incidents.incidents.size() == 1);

        struct Bad {
            std::string from, to, where;
        };
        const Bad bad[] = {
            {"\"version\": 2", "\"version\": 1", "mine.json: /version: expected 2"},
            {"\"verbs\": [\n        \"shot\"", "\"verb\": [\"shot\"",
             "mine.json: /events/0: missing required member \"verbs\""},
            {"\"low\": 1.5, \"high\": 3, \"unit\": \"mi\"",
             "\"low\": 1.5, \"high\": 3, \"unit\": \"furlong\"",
             "mine.json: /distances/vague/0/unit: expected a unit of /distances/units"},
            {"\"format\": \"incidentmap-extract-rules\"", "\"format\": \"other\"",
             "mine.json: /format: expected \"incidentmap-extract-rules\""},
            // 2^32 + 1 would wrap to 1 if it were read as an int before the check.
            {"\"one\": 1,", "\"one\": 4294967297,",
             "mine.json: /numbers/one: expected a whole number >= 0"},
        };
        for (const auto& b : bad) {
            CAPTURE(b.where);  // a std::string
            std::string text2 = json;
            const auto pos = text2.find(b.from);
            REQUIRE(pos != std::string::npos);
            text2.replace(pos, b.from.size(), b.to);
            CHECK_THROWS_WITH_AS((void)Rules::from_json(text2, "mine.json"),
                                 doctest::Contains(b.where.c_str()), data_error);
        }
        CHECK_THROWS_WITH_AS((void)Rules::from_json("{", "mine.json"),
                             doctest::Contains("not valid JSON"), data_error);
        CHECK_THROWS_AS((void)Rules::from_file("/nonexistent/rules.json"), io_error);
    }

    TEST_CASE("the ranking model: the built-in one, a user's, and errors that say where") {
        const std::string json = read_file(test::source_path("data/extract-model.json"));
        // The built-in model's file reads, and gives the same incidents as the built-in one.
        const std::string text = "A man was shot in Columbus, Ohio, on Monday.";
        ExtractOptions o;
        o.published = parse_iso8601("2026-01-08");
        const auto builtin = extract_incidents(text, coder(), Rules::builtin(), o);
        o.model = Model::from_json(json, "model.json");
        CHECK(extract_incidents(text, coder(), Rules::builtin(), o).incidents == builtin.incidents);
        // Every incident carries a confidence in [0, 1].
        for (const auto& inc : builtin.incidents.incidents) {
            REQUIRE(inc.confidence.has_value());
            CHECK(*inc.confidence >= 0.0);
            CHECK(*inc.confidence <= 1.0);
        }
        struct Bad {
            std::string from, to, where;
        };
        const Bad bad[] = {
            {"\"version\": 1", "\"version\": 2", "mine.json: /version: expected 1"},
            {"\"format\": \"incidentmap-extract-model\"", "\"format\": \"other\"",
             "mine.json: /format: expected \"incidentmap-extract-model\""},
            // A model from another version: its features are not this build's.
            {"\"city\"", "\"town\"",
             "mine.json: /models/scene/features/0: expected \"city\", got \"town\"; this "
             "build's features are city, "},
            {"\"bias\":", "\"offset\":", "missing required member \"bias\""},
        };
        for (const auto& b : bad) {
            CAPTURE(b.where);
            std::string mine = json;
            const auto pos = mine.find(b.from);
            REQUIRE(pos != std::string::npos);
            mine.replace(pos, b.from.size(), b.to);
            CHECK_THROWS_WITH_AS((void)Model::from_json(mine, "mine.json"),
                                 doctest::Contains(b.where.c_str()), data_error);
        }
        CHECK_THROWS_WITH_AS((void)Model::from_json("[1, 2", "mine.json"),
                             doctest::Contains("mine.json: /: not valid JSON"), data_error);
        CHECK_THROWS_AS((void)Model::from_file("/nonexistent/model.json"), io_error);
    }
}
