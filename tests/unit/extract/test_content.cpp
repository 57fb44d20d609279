// News pages as they are archived (lib/extract/content.cpp): the site's boilerplate, its name
// after the headline, comment sections, lists of videos, and text in another language.
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/extract/incidents.hpp>

#include "support/extract_run.hpp"

using namespace incidentmap;
using namespace incidentmap::extract;

using test::extract_published;

TEST_SUITE("extract") {
    TEST_CASE("page boilerplate makes no incident") {
        // Lines of the site, not of the article: each would read as an event in a place.
        const std::string page =
            "Sign in to comment\n\n"
            "You must enter the characters with black color that stand out from the other "
            "characters\n\n"
            "Copyright 2026 Columbus Daily. All rights reserved. Shooting news from Columbus, "
            "Ohio.\n\n"
            "0:47 Man shot in Portland, Maine, on Monday Pause\n\n"
            "Home News Sports Weather Columbus Ohio Shooting Traffic Video\n";
        CHECK(extract_published(page).incidents.incidents.empty());
    }

    TEST_CASE("the article among the boilerplate is read, its headline without the site's name") {
        const std::string page =
            "Man shot in Columbus - WPOR Portland\n\n"
            "Want to become a full access subscriber? We offer delivery options.\n\n"
            "A man was shot in Columbus, Ohio, on Monday.\n\n"
            "Comments\n\n"
            "A woman was shot in Portland, Oregon, on Tuesday, a reader writes.\n";
        const auto r = extract_published(page);
        REQUIRE(r.incidents.incidents.size() == 1);
        CHECK(r.incidents.incidents[0].id == "columbus-2026-01-05");
    }

    TEST_CASE("text that does not read as English is refused with the reason") {
        const std::string spanish =
            "Un hombre murió baleado el lunes en Columbus, Ohio, según informó la policía local. "
            "Los vecinos escucharon varios disparos cerca de una tienda y llamaron a emergencias. "
            "La víctima fue trasladada a un hospital cercano donde falleció horas después. Las "
            "autoridades buscan a dos sospechosos que huyeron en un automóvil de color oscuro "
            "según testigos presenciales del hecho ocurrido durante la madrugada.";
        CHECK_THROWS_WITH_AS(extract_published(spanish),
                             doctest::Contains("does not read as English"), invalid_input);
        // A short text is not judged: too few words to tell.
        CHECK_NOTHROW((void)extract_published("Columbus, Ohio."));
    }
}
