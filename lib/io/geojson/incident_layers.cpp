#include <cmath>
#include <filesystem>
#include <system_error>

#include <incidentmap/core/error.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/shapes.hpp>
#include <incidentmap/incident/measure.hpp>
#include <incidentmap/io/incident_layers.hpp>

namespace incidentmap::io {

namespace {

using incident::Incident;
using incident::IncidentCollection;
using incident::Location;

Value opt_string(const std::string& s) {
    return s.empty() ? Value{} : Value{s};
}
// Distances to the millimetre and angles to 1e-7 degree (about 1 cm at 6,000 km): finer
// digits are noise from the arithmetic, not information.
double round_m(double v) {
    return std::round(v * 1e3) / 1e3;
}
double round_deg(double v) {
    return std::round(v * 1e7) / 1e7;
}
Value opt_m(const std::optional<double>& v) {
    return v ? Value{round_m(*v)} : Value{};
}
Value opt_deg(const std::optional<double>& v) {
    return v ? Value{round_deg(*v)} : Value{};
}
Value opt_count(const std::optional<incident::CountRange>& c) {
    return c ? Value{static_cast<std::int64_t>(c->best)} : Value{};
}
Value opt_time(const std::optional<Timestamp>& t) {
    return t ? Value{to_iso8601(*t)} : Value{};
}

void require_valid(const IncidentCollection& c) {
    if (const auto issues = incident::validate(c); !issues.empty())
        throw data_error("", issues.front().path, issues.front().message);
}

// Builds one feature; a failure is reported to the sink with what it was about, and the
// layer goes on without it.
template <typename F>
void guarded(std::size_t index, const std::string& what, const error_sink& on_error, F&& build) {
    try {
        build();
    } catch (const error& e) {
        if (on_error) on_error(index, what + ": not drawn: " + e.what());
    }
}

// The layer of a collection already validated.
Layer build_locations(const IncidentCollection& c) {
    Layer layer;
    layer.schema = {"locations",
                    geometry_type::point,
                    {{"incident_id", field_type::string},
                     {"incident_title", field_type::string},
                     {"location_id", field_type::string},
                     {"role", field_type::string},
                     {"name", field_type::string},
                     {"precision", field_type::string},
                     {"uncertainty_m", field_type::real},
                     {"derivation", field_type::string},
                     {"text", field_type::string},
                     {"time_start", field_type::string},
                     {"time_end", field_type::string},
                     {"time_precision", field_type::string},
                     {"killed", field_type::integer},
                     {"injured", field_type::integer},
                     {"types", field_type::string_list}}};
    for (const Incident& inc : c.incidents) {
        for (const Location& loc : inc.locations) {
            Feature f;
            f.id = inc.id + "/" + loc.id;
            f.geometry = loc.geometry;
            const bool located = type_of(loc.geometry) != geometry_type::none;
            f.properties = {
                inc.id,
                opt_string(inc.title),
                loc.id,
                std::string(to_string(loc.role)),
                opt_string(loc.name),
                std::string(to_string(loc.precision)),
                located ? Value{loc.uncertainty_m} : Value{},
                std::string(to_string(loc.derivation)) +
                    (loc.derivation_note.empty() ? "" : ": " + loc.derivation_note),
                opt_string(loc.text),
                opt_time(inc.time.start),
                opt_time(inc.time.end),
                inc.time.start ? Value{std::string(to_string(inc.time.start->precision))} : Value{},
                opt_count(inc.casualties.killed),
                opt_count(inc.casualties.injured),
                inc.types};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

// The layer of a collection already validated.
Layer build_links(const IncidentCollection& c, const IncidentLayerOptions& options,
                  const error_sink& on_error) {
    Layer layer;
    layer.schema = {"links",
                    geometry_type::line_string,
                    {{"incident_id", field_type::string},
                     {"from", field_type::string},
                     {"to", field_type::string},
                     {"relation", field_type::string},
                     {"distance_m", field_type::real},
                     {"distance_low_m", field_type::real},
                     {"distance_best_m", field_type::real},
                     {"distance_high_m", field_type::real},
                     {"azimuth_deg", field_type::real},
                     {"back_azimuth_deg", field_type::real},
                     {"bearing", field_type::string},
                     {"stated_text", field_type::string},
                     {"conflict", field_type::boolean}}};
    std::size_t index = 0;
    for (const Incident& inc : c.incidents) {
        for (const auto& link : inc.links) {
            const std::string id = inc.id + "/" + link.from + "->" + link.to;
            guarded(index++, "link " + id, on_error, [&] {
                const auto m = incident::measure(inc, link);
                Feature f;
                f.id = id;
                if (m.from_point && m.to_point)
                    f.geometry = LineString{
                        geodesy::densify(*m.from_point, *m.to_point, options.link_spacing_m)};
                f.properties = {inc.id,
                                link.from,
                                link.to,
                                opt_string(link.relation),
                                opt_m(m.distance_m),
                                m.interval ? Value{round_m(m.interval->low_m)} : Value{},
                                m.interval ? Value{round_m(m.interval->best_m)} : Value{},
                                m.interval ? Value{round_m(m.interval->high_m)} : Value{},
                                opt_deg(m.azimuth_deg),
                                opt_deg(m.back_azimuth_deg),
                                m.azimuth_deg
                                    ? Value{std::string(geodesy::compass_bearing(*m.azimuth_deg))}
                                    : Value{},
                                link.stated ? opt_string(link.stated->text) : Value{},
                                m.conflict};
                layer.features.push_back(std::move(f));
            });
        }
    }
    return layer;
}

// The layer of a collection already validated.
Layer build_uncertainty(const IncidentCollection& c, const IncidentLayerOptions& options,
                        const error_sink& on_error) {
    Layer layer;
    layer.schema = {"uncertainty",
                    geometry_type::polygon,
                    {{"incident_id", field_type::string},
                     {"location_id", field_type::string},
                     {"kind", field_type::string},
                     {"inner_radius_m", field_type::real},
                     {"outer_radius_m", field_type::real},
                     {"precision", field_type::string},
                     {"text", field_type::string}}};
    std::size_t index = 0;
    for (const Incident& inc : c.incidents) {
        for (const Location& loc : inc.locations) {
            if (type_of(loc.geometry) != geometry_type::point || !(loc.uncertainty_m > 0)) continue;
            guarded(index++, "incident " + inc.id + ", location " + loc.id, on_error, [&] {
                Feature f;
                f.id = inc.id + "/" + loc.id + "/uncertainty";
                f.geometry = geodesy::geodesic_circle(std::get<LonLat>(loc.geometry),
                                                      loc.uncertainty_m, options.circle_vertices);
                f.properties = {inc.id,
                                loc.id,
                                std::string("uncertainty"),
                                0.0,
                                loc.uncertainty_m,
                                std::string(to_string(loc.precision)),
                                opt_string(loc.text)};
                layer.features.push_back(std::move(f));
            });
        }
        for (const auto& link : inc.links) {
            if (!link.stated) continue;
            const Location* from = inc.find_location(link.from);
            const Location* to = inc.find_location(link.to);
            // Draw where the unknown end may be, around the located one.
            const bool to_unknown = type_of(to->geometry) == geometry_type::none;
            const bool from_unknown = type_of(from->geometry) == geometry_type::none;
            if (to_unknown == from_unknown) continue;
            const Location* known = to_unknown ? from : to;
            const Location* unknown = to_unknown ? to : from;
            guarded(index++, "incident " + inc.id + ", link " + link.from + "->" + link.to,
                    on_error, [&] {
                        const auto center = incident::representative_point(known->geometry);
                        const double inner =
                            std::max(0.0, link.stated->low_m - known->uncertainty_m);
                        const double outer = link.stated->high_m + known->uncertainty_m;
                        if (!center) return;
                        if (!(outer > inner))
                            throw invalid_input(
                                "the stated distance is exact and its end point certain: "
                                "a ring of no width is not drawn as an area");
                        Feature f;
                        f.id = inc.id + "/" + unknown->id + "/stated_distance";
                        f.geometry = geodesy::geodesic_annulus(*center, inner, outer,
                                                               options.circle_vertices);
                        f.properties = {inc.id,
                                        unknown->id,
                                        std::string("stated_distance"),
                                        inner,
                                        outer,
                                        std::string(to_string(unknown->precision)),
                                        opt_string(link.stated->text)};
                        layer.features.push_back(std::move(f));
                    });
        }
    }
    return layer;
}

}  // namespace

Layer locations_layer(const IncidentCollection& c) {
    require_valid(c);
    return build_locations(c);
}

Layer links_layer(const IncidentCollection& c, const IncidentLayerOptions& options,
                  const error_sink& on_error) {
    require_valid(c);
    return build_links(c, options, on_error);
}

Layer uncertainty_layer(const IncidentCollection& c, const IncidentLayerOptions& options,
                        const error_sink& on_error) {
    require_valid(c);
    return build_uncertainty(c, options, on_error);
}

LayerFiles write_incident_layers(const IncidentCollection& c, const std::string& dir,
                                 const IncidentLayerOptions& options, const GeoJsonOptions& geojson,
                                 const error_sink& on_error) {
    const std::string extension =
        geojson.framing == geojson_framing::text_sequence ? ".geojsons" : ".geojson";
    LayerFiles files;
    auto sink_for = [&](const std::string& layer) {
        return [&, path = (std::filesystem::path(dir) / (layer + extension)).string()](
                   std::size_t i, const std::string& msg) {
            ++files.result.failed;
            if (on_error) on_error(i, path + ": " + msg);
        };
    };
    // Validate once and build everything before touching the output folder.
    require_valid(c);
    const Layer layers[] = {build_locations(c), build_links(c, options, sink_for("links")),
                            build_uncertainty(c, options, sink_for("uncertainty"))};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw io_error(dir, "cannot create the output folder: " + ec.message());
    for (const Layer& layer : layers) {
        const std::string path =
            (std::filesystem::path(dir) / (layer.schema.name + extension)).string();
        GeoJsonOptions o = geojson;
        o.write_name = true;
        GeoJsonWriter writer(path, o);
        const auto r =
            write_layer(writer, layer.schema, layer.features, sink_for(layer.schema.name));
        files.result.written += r.written;
        files.paths.push_back(path);
    }
    return files;
}

}  // namespace incidentmap::io
