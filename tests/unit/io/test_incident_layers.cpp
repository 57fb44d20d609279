#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/incident/json.hpp>
#include <incidentmap/io/incident_layers.hpp>

#include "support/table.hpp"

using namespace incidentmap;
using namespace incidentmap::incident;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

Location point_location(std::string id, location_role role, double lon, double lat,
                        double uncertainty_m) {
    Location l;
    l.id = std::move(id);
    l.role = role;
    l.geometry = LonLat::make(lon, lat);
    l.precision = precision_class::poi;
    l.uncertainty_m = uncertainty_m;
    l.derivation = derivation_method::given;
    return l;
}

Location unknown_location(std::string id) {
    Location l;
    l.id = std::move(id);
    l.role = location_role::found;
    return l;
}

std::size_t field_index(const io::Layer& layer, const std::string& name) {
    for (std::size_t i = 0; i < layer.schema.fields.size(); ++i)
        if (layer.schema.fields[i].name == name) return i;
    FAIL("no field " << name);
    return 0;
}

}  // namespace

TEST_SUITE("io") {
    TEST_CASE("the seed layers carry the scene-to-found interval and the annulus") {
        const auto c = read_incidents(test::source_path("tests/data/located-incidents.json"));
        const io::Layer links = io::links_layer(c);
        REQUIRE(links.features.size() == 1);
        const auto& props = links.features[0].properties;
        CHECK(std::get<double>(props[field_index(links, "distance_low_m")]) == 2414.016);
        CHECK(std::get<double>(props[field_index(links, "distance_high_m")]) == 4828.032);
        CHECK(std::holds_alternative<std::monostate>(links.features[0].geometry));

        const io::Layer unc = io::uncertainty_layer(c);
        // One circle per located point (3) and the stated-distance area round the scene.
        REQUIRE(unc.features.size() == 4);
        const io::Feature* found = nullptr;
        for (const auto& f : unc.features)
            if (std::get<std::string>(f.properties[field_index(unc, "kind")]) == "stated_distance")
                found = &f;
        REQUIRE(found != nullptr);
        const auto& annulus = *found;
        CHECK(std::get<std::string>(annulus.properties[field_index(unc, "kind")]) ==
              "stated_distance");
        // Scene radius 9 km exceeds the 1.5 mi lower bound: no hole; outer = 3 mi + 9 km.
        CHECK(std::get<double>(annulus.properties[field_index(unc, "inner_radius_m")]) == 0.0);
        CHECK(std::get<double>(annulus.properties[field_index(unc, "outer_radius_m")]) ==
              doctest::Approx(4828.032 + 9000));
        CHECK(std::get<std::string>(unc.features[0].properties[field_index(unc, "text")]) ==
              "outside a hospital; the eastern part of the city");
    }

    TEST_CASE("a link's line is the geodesic between the points, with its length and bearing") {
        IncidentCollection c;
        Incident inc;
        inc.id = "t";
        inc.locations = {point_location("a", location_role::scene, -122.57, 45.515, 10),
                         point_location("b", location_role::found, -122.535, 45.532, 10)};
        inc.links = {Link{"a", "b", "", std::nullopt}};
        c.incidents.push_back(inc);
        io::IncidentLayerOptions o;
        o.link_spacing_m = 500;
        const io::Layer links = io::links_layer(c, o);
        REQUIRE(links.features.size() == 1);
        const auto& line = std::get<LineString>(links.features[0].geometry).points;
        // GeodSolve: 3323.672 m, so ceil(3323.672 / 500) = 7 segments.
        CHECK(line.size() == 8);
        const auto& props = links.features[0].properties;
        CHECK(std::get<double>(props[field_index(links, "distance_m")]) ==
              doctest::Approx(3323.672));
        CHECK(std::get<std::string>(props[field_index(links, "bearing")]) == "NE");
        // Back azimuth = forward azimuth at b (55.3688) reversed: -124.6312.
        CHECK(std::get<double>(props[field_index(links, "back_azimuth_deg")]) ==
              doctest::Approx(55.368754188648083 - 180.0).epsilon(1e-9));
    }

    TEST_CASE("a shape that cannot be drawn is reported and the layer goes on") {
        IncidentCollection c;
        Incident inc;
        inc.id = "t";
        inc.locations = {point_location("huge", location_role::context, 0, 0, 2.0e7),
                         point_location("ok", location_role::scene, 1, 1, 100),
                         unknown_location("far")};
        inc.links = {Link{"ok", "far", "", StatedDistance{"", 0.0, 0.0}}};
        inc.locations[1].uncertainty_m = 0.0;
        c.incidents.push_back(inc);
        std::vector<std::string> problems;
        const io::Layer unc = io::uncertainty_layer(
            c, {}, [&](std::size_t, const std::string& m) { problems.push_back(m); });
        CHECK(unc.features.empty());
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].find("incident t, location huge: not drawn: radius_m must be in (0, "
                               "10000000] metres, got 2e+07") == 0);
        CHECK(problems[1].find("incident t, link ok->far: not drawn:") == 0);
    }

    TEST_CASE("an invalid collection is refused before any folder is made") {
        IncidentCollection c;
        Incident inc;
        inc.id = "t";
        inc.locations = {point_location("a", location_role::scene, 0, 0, 1)};
        inc.links = {Link{"a", "missing", "", std::nullopt}};
        c.incidents.push_back(inc);
        const fs::path dir = fs::temp_directory_path() / "incidentmap-layers-invalid";
        fs::remove_all(dir);
        CHECK_THROWS_AS((void)io::write_incident_layers(c, dir.string()), data_error);
        CHECK_FALSE(fs::exists(dir));
        CHECK_THROWS_AS((void)io::links_layer(c), data_error);
    }

    TEST_CASE("write_incident_layers writes three readable files and leaves no temporaries") {
        const auto c = read_incidents(test::source_path("tests/data/located-incidents.json"));
        const fs::path dir = fs::temp_directory_path() / "incidentmap-layers-test";
        fs::remove_all(dir);
        const auto files = io::write_incident_layers(c, dir.string());
        CHECK(files.result.written == 9);
        CHECK(files.result.failed == 0);
        REQUIRE(files.paths.size() == 3);
        for (const auto& p : files.paths) {
            const json doc = json::parse(read_file(p));
            CHECK(doc["type"] == "FeatureCollection");
            CHECK_FALSE(doc.contains("crs"));
        }
        std::size_t entries = 0;
        for (const auto& e : fs::directory_iterator(dir)) {
            CHECK(e.path().filename().string().front() != '.');
            ++entries;
        }
        CHECK(entries == 3);
        fs::remove_all(dir);
    }
}
