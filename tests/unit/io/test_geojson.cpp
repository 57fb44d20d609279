#include <charconv>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/shapes.hpp>
#include <incidentmap/io/geojson.hpp>

#include "io/geojson/detail/number_format.hpp"

using namespace incidentmap;
using namespace incidentmap::io;
using nlohmann::json;

namespace {

const LayerSchema k_schema{"test",
                           geometry_type::point,
                           {{"name", field_type::string},
                            {"n", field_type::integer},
                            {"x_m", field_type::real},
                            {"ok", field_type::boolean},
                            {"tags", field_type::string_list}}};

Feature point_feature(double lon, double lat) {
    return Feature{LonLat::make(lon, lat),
                   {std::string("p"), std::int64_t{1}, 2.5, true, std::vector<std::string>{"a"}},
                   std::nullopt};
}

Feature geometry_feature(Geometry g) {
    return Feature{std::move(g), {Value{}, Value{}, Value{}, Value{}, Value{}}, std::nullopt};
}

json parse_one(const Feature& f, GeoJsonOptions o = {}) {
    return json::parse(to_geojson(k_schema, std::span(&f, 1), o))["features"][0];
}

// Planar area of a ring in square degrees (shoelace, no unwrapping).
double ring_area(const json& ring) {
    double s = 0;
    for (std::size_t i = 1; i < ring.size(); ++i)
        s += ring[i - 1][0].get<double>() * ring[i][1].get<double>() -
             ring[i][0].get<double>() * ring[i - 1][1].get<double>();
    return s / 2;
}

std::string fixed(double v, int decimals) {
    std::string s;
    detail::append_fixed(s, v, decimals);
    return s;
}

}  // namespace

TEST_SUITE("io") {
    TEST_CASE("coordinates are rounded to the set decimals with trailing zeros dropped") {
        struct Case {
            double v;
            int decimals;
            const char* text;
        };
        const Case cases[] = {{-122.57, 7, "-122.57"},
                              {45.123456789, 7, "45.1234568"},
                              {45.123456749, 7, "45.1234567"},
                              {0.00000004, 7, "0"},
                              {-0.00000004, 7, "0"},
                              {-0.0, 7, "0"},
                              {0.0000001, 7, "0.0000001"},
                              {180, 7, "180"},
                              {-179.99999996, 7, "-180"},
                              {12.34, 0, "12"},
                              {12.75, 1, "12.8"},
                              {1.0 / 3.0, 15, "0.333333333333333"}};
        for (const auto& c : cases) {
            CAPTURE(c.v);
            CHECK(fixed(c.v, c.decimals) == c.text);
        }
    }

    TEST_CASE("property reals are the shortest round-trip text and stay reals") {
        const auto f = Feature{Geometry{}, {Value{}, Value{}, 0.1, Value{}, Value{}}, std::nullopt};
        CHECK(parse_one(f)["properties"]["x_m"].dump() == "0.1");
        const auto g =
            Feature{Geometry{}, {Value{}, std::int64_t{-42}, 3.0, Value{}, Value{}}, std::nullopt};
        const std::string text = to_geojson(k_schema, std::span(&g, 1));
        CHECK(text.find("\"x_m\":3.0") != std::string::npos);
        CHECK(text.find("\"n\":-42") != std::string::npos);
        const auto h = Feature{Geometry{},
                               {Value{}, Value{}, 2414.016 + 2414.016 / 2, Value{}, Value{}},
                               std::nullopt};
        CHECK(
            json::parse(to_geojson(k_schema, std::span(&h, 1)))["features"][0]["properties"]["x_m"]
                .get<double>() == 2414.016 + 2414.016 / 2);
    }

    TEST_CASE(
        "a feature collection has lon,lat order, no crs, and the properties in schema order") {
        const auto f = point_feature(-122.57, 45.515);
        const std::string text = to_geojson(k_schema, std::span(&f, 1));
        CHECK(text.find("\"crs\"") == std::string::npos);
        CHECK(text.find("[-122.57,45.515]") != std::string::npos);
        CHECK(text.find("\"properties\":{\"name\":\"p\",\"n\":1,\"x_m\":2.5,\"ok\":true,\"tags\":["
                        "\"a\"]}") != std::string::npos);
        const json doc = json::parse(text);
        CHECK(doc["type"] == "FeatureCollection");
        CHECK(doc["features"].size() == 1);
        CHECK(doc["features"][0]["geometry"]["type"] == "Point");
    }

    TEST_CASE("strings are escaped per RFC 8259 and decode back unchanged") {
        const std::vector<std::string> texts = {
            "quote \" backslash \\ slash /", "line\nfeed\r\ttab\b\f",
            std::string("nul\0 and \x01 \x1f", 12), "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x97\xba"};
        for (const auto& t : texts) {
            CAPTURE(t);
            const Feature f{Geometry{}, {t, Value{}, Value{}, Value{}, Value{}}, std::nullopt};
            const std::string text = to_geojson(k_schema, std::span(&f, 1));
            for (char c : text) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
            CHECK(json::parse(text)["features"][0]["properties"]["name"].get<std::string>() == t);
        }
    }

    TEST_CASE("invalid UTF-8 is rejected") {
        const char* bad[] = {"\xff",     "\xc0\xaf",         "\xe0\x80\xaf", "\xed\xa0\x80",
                             "\xe2\x82", "\xf4\x90\x80\x80", "\x80",         "ok\xc3"};
        for (const char* b : bad) {
            CAPTURE(b);
            CHECK_FALSE(is_valid_utf8(b));
            const Feature f{
                Geometry{}, {std::string(b), Value{}, Value{}, Value{}, Value{}}, std::nullopt};
            CHECK_THROWS_WITH_AS((void)to_geojson(k_schema, std::span(&f, 1)),
                                 doctest::Contains("property \"name\": text is not valid UTF-8"),
                                 invalid_input);
        }
        CHECK(is_valid_utf8("\xf0\x9f\x97\xba \xe2\x82\xac \xc3\xa9 \xf4\x8f\xbf\xbf"));
    }

    TEST_CASE("non-finite numbers and mistyped properties are rejected, naming the field") {
        Feature f = point_feature(0, 0);
        f.properties[2] = std::nan("");
        CHECK_THROWS_WITH_AS((void)to_geojson(k_schema, std::span(&f, 1)),
                             doctest::Contains("property \"x_m\": JSON cannot represent NaN"),
                             invalid_input);
        f.properties[2] = std::string("12");
        CHECK_THROWS_WITH_AS((void)to_geojson(k_schema, std::span(&f, 1)),
                             doctest::Contains("property \"x_m\": expected real"), invalid_input);
        f = point_feature(0, 0);
        f.geometry = LonLat::unchecked(0, 91);
        CHECK_THROWS_WITH_AS((void)to_geojson(k_schema, std::span(&f, 1)),
                             doctest::Contains("latitude 91"), invalid_input);
        f = point_feature(0, 0);
        f.properties.pop_back();
        CHECK_THROWS_WITH_AS((void)to_geojson(k_schema, std::span(&f, 1)),
                             doctest::Contains("has 4 properties but layer \"test\" has 5 fields"),
                             invalid_input);
    }

    TEST_CASE("polygons come out with a counter-clockwise exterior and clockwise holes") {
        const Ring cw{LonLat::make(0, 0), LonLat::make(0, 10), LonLat::make(10, 10),
                      LonLat::make(10, 0), LonLat::make(0, 0)};
        const Ring hole_ccw{LonLat::make(2, 2), LonLat::make(4, 2), LonLat::make(4, 4),
                            LonLat::make(2, 4), LonLat::make(2, 2)};
        const json g = parse_one(geometry_feature(Polygon{cw, {hole_ccw}}))["geometry"];
        REQUIRE(g["type"] == "Polygon");
        CHECK(ring_area(g["coordinates"][0]) == doctest::Approx(100));
        CHECK(ring_area(g["coordinates"][1]) == doctest::Approx(-4));
    }

    TEST_CASE("a ring across Greenwich stays exactly closed") {
        // Lincolnshire's ring in Natural Earth's admin-1 runs from 0.02179 E to 0.5 W and
        // back: summing longitude steps would leave the last vertex 3e-18 off the first, an
        // open ring that GEOS refuses.
        const Ring ring{LonLat::make(0.02179, 53.52471),  LonLat::make(0.00001, 53.51658),
                        LonLat::make(-0.02395, 53.51301), LonLat::make(-0.5, 53.0),
                        LonLat::make(0.33579, 53.09345),  LonLat::make(0.02179, 53.52471)};
        const Geometry g = to_rfc7946(Polygon{ring, {}});
        const auto* p = std::get_if<Polygon>(&g);
        REQUIRE(p != nullptr);
        CHECK(p->exterior.front().lon == p->exterior.back().lon);
        CHECK(p->exterior.front().lat == p->exterior.back().lat);
    }

    TEST_CASE("a line crossing the antimeridian is split at +-180 with the crossing latitude") {
        const LineString l{{LonLat::make(170, 10), LonLat::make(-170, 20)}};
        const json g = parse_one(geometry_feature(l))["geometry"];
        REQUIRE(g["type"] == "MultiLineString");
        REQUIRE(g["coordinates"].size() == 2);
        // Straight in (lon, lat) between the vertices: half way in longitude is lat 15.
        CHECK(g["coordinates"][0].dump() == "[[170,10],[180,15]]");
        CHECK(g["coordinates"][1].dump() == "[[-180,15],[-170,20]]");
        // A line that does not cross stays a LineString; l2 crosses once, into two parts.
        const LineString l2{{LonLat::make(-170, 10), LonLat::make(170, 20), LonLat::make(160, 0)}};
        CHECK(parse_one(geometry_feature(LineString{
                  {LonLat::make(0, 0), LonLat::make(10, 0)}}))["geometry"]["type"] == "LineString");
        const json g2 = parse_one(geometry_feature(l2))["geometry"];
        CHECK(g2["coordinates"].size() == 2);
    }

    TEST_CASE("a polygon crossing the antimeridian becomes a MultiPolygon on both sides") {
        // A 2 x 2 degree square centred on the antimeridian, with a hole that also crosses.
        const Ring sq{LonLat::make(179, -1), LonLat::make(-179, -1), LonLat::make(-179, 1),
                      LonLat::make(179, 1), LonLat::make(179, -1)};
        const Ring hole{LonLat::make(179.5, -0.5), LonLat::make(179.5, 0.5),
                        LonLat::make(-179.5, 0.5), LonLat::make(-179.5, -0.5),
                        LonLat::make(179.5, -0.5)};
        const json g = parse_one(geometry_feature(Polygon{sq, {hole}}))["geometry"];
        REQUIRE(g["type"] == "MultiPolygon");
        REQUIRE(g["coordinates"].size() == 2);
        double total = 0;
        for (const auto& poly : g["coordinates"]) {
            CHECK(ring_area(poly[0]) > 0);  // each part counter-clockwise
            double part = ring_area(poly[0]);
            for (std::size_t h = 1; h < poly.size(); ++h) {
                CHECK(ring_area(poly[h]) < 0);
                part += ring_area(poly[h]);
            }
            total += part;
            for (const auto& ring : poly)
                for (const auto& p : ring) {
                    CHECK(p[0].get<double>() >= -180.0);
                    CHECK(p[0].get<double>() <= 180.0);
                }
        }
        // 4 square degrees minus the 1 square degree hole, all kept.
        CHECK(total == doctest::Approx(3.0));
    }

    TEST_CASE("a geodesic circle around the north pole becomes a cap reaching the pole") {
        const Polygon cap = geodesy::geodesic_circle(LonLat::make(30, 89), 300000.0, 72);
        const json g = parse_one(geometry_feature(cap))["geometry"];
        double max_lat = -90;
        double area = 0;
        const json& polys =
            g["type"] == "Polygon" ? json::array({g["coordinates"]}) : g["coordinates"];
        for (const auto& poly : polys) {
            CHECK(ring_area(poly[0]) > 0);
            area += ring_area(poly[0]);
            for (const auto& p : poly[0]) {
                max_lat = std::max(max_lat, p[1].get<double>());
                CHECK(std::fabs(p[0].get<double>()) <= 180.0);
            }
        }
        CHECK(max_lat == 90.0);
        // Hand derivation: the southernmost vertex is 300 km due south of 89N; near the pole
        // a degree of latitude is c * pi / 180 = 111,694 m (c = a^2 / b = 6,399,593.6 m), so
        // it lies at 89 - 300000 / 111694 = 86.314 N.
        double min_lat = 90;
        for (const auto& poly : polys)
            for (const auto& p : poly[0]) min_lat = std::min(min_lat, p[1].get<double>());
        CHECK(min_lat == doctest::Approx(86.314).epsilon(1e-5));
        // The cap spans all 360 degrees of longitude, from about 87.3 N (89 - 2.7) to 90.
        CHECK(area > 360.0 * 0.3);
        CHECK(area < 360.0 * 5.0);
    }

    TEST_CASE("bbox: per feature, west > east across the antimeridian; and for the collection") {
        GeoJsonOptions o;
        o.bbox = geojson_bbox::per_feature_and_collection;
        const Ring sq{LonLat::make(179, -1), LonLat::make(-179, -1), LonLat::make(-179, 1),
                      LonLat::make(179, 1), LonLat::make(179, -1)};
        const std::vector<Feature> fs = {geometry_feature(Polygon{sq, {}}), point_feature(10, 20)};
        const json doc = json::parse(to_geojson(k_schema, fs, o));
        CHECK(doc["features"][0]["bbox"].dump() == "[179,-1,-179,1]");
        CHECK(doc["features"][1]["bbox"].dump() == "[10,20,10,20]");
        CHECK(doc["bbox"].dump() == "[-180,-1,180,20]");
    }

    TEST_CASE("GeoJSON text sequences frame each feature with RS and LF (RFC 8142)") {
        GeoJsonOptions o;
        o.framing = geojson_framing::text_sequence;
        const std::vector<Feature> fs = {point_feature(1, 2), point_feature(3, 4)};
        const std::string text = to_geojson(k_schema, fs, o);
        REQUIRE(!text.empty());
        CHECK(text.front() == '\x1e');
        std::size_t records = 0;
        std::size_t pos = 0;
        while ((pos = text.find('\x1e', pos)) != std::string::npos) {
            const auto end = text.find('\n', pos);
            REQUIRE(end != std::string::npos);
            const json f = json::parse(text.substr(pos + 1, end - pos - 1));
            CHECK(f["type"] == "Feature");
            ++records;
            pos = end;
        }
        CHECK(records == 2);
    }

    TEST_CASE("the file writer publishes atomically and skips a bad feature without aborting") {
        const auto dir = std::filesystem::temp_directory_path() / "incidentmap-geojson-test";
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "layer.geojson").string();
        std::filesystem::remove(path);
        {
            GeoJsonWriter w(path);
            w.begin(k_schema);
            w.write(point_feature(1, 1));
            CHECK_FALSE(std::filesystem::exists(path));
            // destroyed without commit: nothing published
        }
        CHECK_FALSE(std::filesystem::exists(path));
        CHECK(std::distance(std::filesystem::directory_iterator(dir),
                            std::filesystem::directory_iterator{}) == 0);

        std::vector<Feature> fs = {point_feature(1, 1), point_feature(2, 2), point_feature(3, 3)};
        fs[1].properties[0] = std::string("\xff");
        std::vector<std::size_t> bad;
        GeoJsonWriter w(path);
        const auto r = write_layer(w, k_schema, fs,
                                   [&](std::size_t i, const std::string&) { bad.push_back(i); });
        CHECK(r.written == 2);
        CHECK(r.failed == 1);
        CHECK(bad == std::vector<std::size_t>{1});
        const json doc = json::parse(read_file(path));
        CHECK(doc["features"].size() == 2);
        CHECK(doc["features"][1]["geometry"]["coordinates"].dump() == "[3,3]");
        std::filesystem::remove_all(dir);
    }

    TEST_CASE("options out of range are rejected") {
        GeoJsonOptions o;
        o.coordinate_decimals = 16;
        CHECK_THROWS_AS(GeoJsonEncoder{o}, invalid_input);
        o.coordinate_decimals = -1;
        CHECK_THROWS_AS(GeoJsonEncoder{o}, invalid_input);
    }
}

TEST_SUITE("io") {
    TEST_CASE("fast coordinate formatting equals std::to_chars fixed on random and tie values") {
        auto reference = [](double v, int decimals) {
            char buf[512];
            auto [end, ec] =
                std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
            REQUIRE(ec == std::errc{});
            std::string s(buf, end);
            if (s.find('.') != std::string::npos) {
                while (s.back() == '0') s.pop_back();
                if (s.back() == '.') s.pop_back();
            }
            return s == "-0" ? std::string("0") : s;
        };
        const unsigned seed = 7946;
        CAPTURE(seed);
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> coord(-180.0, 180.0);
        std::uniform_int_distribution<int> dec(0, 15);
        for (int i = 0; i < 200000; ++i) {
            const double v = coord(rng);
            const int d = i % 3 == 0 ? 7 : dec(rng);
            CAPTURE(v);
            CAPTURE(d);
            REQUIRE(fixed(v, d) == reference(v, d));
        }
        // Exact binary halves at 7 decimals (k/256 = ...5e-8), and near-halves.
        for (int k = -1000; k <= 1000; ++k) {
            const double v = k / 256.0;
            CAPTURE(v);
            CHECK(fixed(v, 7) == reference(v, 7));
            CHECK(fixed(std::nextafter(v, 1e9), 7) == reference(std::nextafter(v, 1e9), 7));
            CHECK(fixed(std::nextafter(v, -1e9), 7) == reference(std::nextafter(v, -1e9), 7));
        }
        CHECK(fixed(1e300, 2) == reference(1e300, 2));
    }
}

TEST_SUITE("io") {
    TEST_CASE("a ring round the pole with long edges comes out counter-clockwise in every part") {
        // Regression (review of 2026-11-28): pieces wider than 180 degrees were re-oriented
        // with short-way edges and came out clockwise.
        const Ring around{LonLat::make(170, 80), LonLat::make(-170, 80), LonLat::make(-10, 80),
                          LonLat::make(10, 80), LonLat::make(170, 80)};
        const json g = parse_one(geometry_feature(Polygon{around, {}}))["geometry"];
        const json polys =
            g["type"] == "Polygon" ? json::array({g["coordinates"]}) : g["coordinates"];
        REQUIRE(!polys.empty());
        double total = 0;
        for (const auto& poly : polys) {
            CHECK(ring_area(poly[0]) > 0);
            total += ring_area(poly[0]);
        }
        // The cap north of 80N spans all 360 degrees: 360 x 10 square degrees.
        CHECK(total == doctest::Approx(3600.0));
    }

    TEST_CASE("no zero-area or zero-length pieces are written") {
        // A circle centred on the antimeridian next to the south pole.
        const Polygon c = geodesy::geodesic_circle(LonLat::make(-180, -89.9), 500000.0, 64);
        const json g = parse_one(geometry_feature(c))["geometry"];
        const json polys =
            g["type"] == "Polygon" ? json::array({g["coordinates"]}) : g["coordinates"];
        for (const auto& poly : polys) CHECK(ring_area(poly[0]) > 1e-9);
        // A line that starts on the antimeridian and goes west stays one piece.
        const json l = parse_one(geometry_feature(
            LineString{{LonLat::make(-180, 0), LonLat::make(179, 1)}}))["geometry"];
        CHECK(l["type"] == "LineString");
        CHECK(l["coordinates"].dump() == "[[180,0],[179,1]]");
    }

    TEST_CASE("empty multi-part geometries are invalid") {
        CHECK_THROWS_AS(validate_geometry(MultiPolygon{}), invalid_input);
        CHECK_THROWS_AS(validate_geometry(MultiLineString{}), invalid_input);
        CHECK_THROWS_AS(
            (void)to_geojson(k_schema, std::vector<Feature>{geometry_feature(MultiPolygon{})}),
            invalid_input);
    }

    TEST_CASE("the collection bbox covers only the features written") {
        GeoJsonOptions o;
        o.bbox = geojson_bbox::per_feature_and_collection;
        GeoJsonEncoder enc(o);
        std::string out;
        enc.begin(out, k_schema);
        enc.feature(out, point_feature(10, 20));
        Feature bad = point_feature(100, 50);
        bad.properties[0] = std::string("\xff");
        CHECK_THROWS_AS(enc.feature(out, bad), invalid_input);
        enc.end(out);
        const json doc = json::parse(out);
        CHECK(doc["features"].size() == 1);
        CHECK(doc["bbox"].dump() == "[10,20,10,20]");
    }
}
