#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/io/geojson.hpp>

#include "io/geojson/detail/number_format.hpp"

namespace incidentmap::io {

LayerWriter::~LayerWriter() = default;

BatchResult write_layer(LayerWriter& writer, const LayerSchema& schema,
                        const std::vector<Feature>& features, const error_sink& on_error) {
    BatchResult r;
    writer.begin(schema);
    for (std::size_t i = 0; i < features.size(); ++i) {
        try {
            writer.write(features[i]);
            ++r.written;
        } catch (const invalid_input& e) {
            ++r.failed;
            if (on_error) on_error(i, e.what());
        }
    }
    writer.commit();
    return r;
}

namespace {

using detail::append_fixed;
using detail::append_int;
using detail::append_json_string;
using detail::append_shortest;

// Appends geometries; keeps track of the feature's extent.
class GeometryEncoder {
public:
    GeometryEncoder(std::string& out, int decimals) : m_out(out), m_decimals(decimals) {}

    void position(const LonLat& p) {
        m_out += '[';
        append_fixed(m_out, p.lon, m_decimals);
        m_out += ',';
        append_fixed(m_out, p.lat, m_decimals);
        m_out += ']';
        m_west = std::min(m_west, p.lon);
        m_east = std::max(m_east, p.lon);
        m_south = std::min(m_south, p.lat);
        m_north = std::max(m_north, p.lat);
    }
    void positions(const std::vector<LonLat>& pts) {
        m_out += '[';
        for (std::size_t i = 0; i < pts.size(); ++i) {
            if (i) m_out += ',';
            position(pts[i]);
        }
        m_out += ']';
    }
    void polygon(const Polygon& p) {
        m_out += '[';
        positions(p.exterior);
        for (const auto& h : p.holes) {
            m_out += ',';
            positions(h);
        }
        m_out += ']';
    }
    void geometry(const Geometry& g) {
        const geometry_type t = type_of(g);
        if (t == geometry_type::none) {
            m_out += "null";
            return;
        }
        m_out += "{\"type\":\"";
        m_out += geojson_type_name(t);
        m_out += "\",\"coordinates\":";
        switch (t) {
            case geometry_type::point:
                position(std::get<LonLat>(g));
                break;
            case geometry_type::line_string:
                positions(std::get<LineString>(g).points);
                break;
            case geometry_type::polygon:
                polygon(std::get<Polygon>(g));
                break;
            case geometry_type::multi_line_string: {
                const auto& lines = std::get<MultiLineString>(g).lines;
                m_out += '[';
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    if (i) m_out += ',';
                    positions(lines[i].points);
                }
                m_out += ']';
                break;
            }
            case geometry_type::multi_polygon: {
                const auto& polys = std::get<MultiPolygon>(g).polygons;
                m_out += '[';
                for (std::size_t i = 0; i < polys.size(); ++i) {
                    if (i) m_out += ',';
                    polygon(polys[i]);
                }
                m_out += ']';
                break;
            }
            case geometry_type::none:
                break;
        }
        m_out += '}';
    }
    [[nodiscard]] bool has_extent() const noexcept { return m_west <= m_east; }
    double m_west = 1e300, m_south = 1e300, m_east = -1e300, m_north = -1e300;

private:
    std::string& m_out;
    int m_decimals;
};

void append_bbox(std::string& out, const double b[4], int decimals) {
    out += "\"bbox\":[";
    for (int i = 0; i < 4; ++i) {
        if (i) out += ',';
        append_fixed(out, b[i], decimals);
    }
    out += ']';
}

const char* field_type_name(field_type t) {
    switch (t) {
        case field_type::boolean:
            return "boolean";
        case field_type::integer:
            return "integer";
        case field_type::real:
            return "real";
        case field_type::string:
            return "string";
        case field_type::string_list:
            return "string list";
    }
    return "?";
}

// For a single line or polygon that crosses the antimeridian, the bbox runs from its
// western edge east across 180 to its eastern edge, so west > east (RFC 7946 §5.2). A ring
// round a pole spans all longitudes. Other geometries keep the plain extent.
void feature_lon_extent(const Geometry& g, double& west, double& east) {
    const std::vector<LonLat>* pts = nullptr;
    if (type_of(g) == geometry_type::line_string) pts = &std::get<LineString>(g).points;
    if (type_of(g) == geometry_type::polygon) pts = &std::get<Polygon>(g).exterior;
    if (pts == nullptr || pts->empty()) return;
    std::tie(west, east) = lon_extent_deg(*pts);
}

bool is_simple(const Geometry& g) {
    const auto t = type_of(g);
    return t == geometry_type::none || t == geometry_type::point;
}

}  // namespace

GeoJsonEncoder::GeoJsonEncoder(GeoJsonOptions options) : m_options(options) {
    if (options.coordinate_decimals < 0 || options.coordinate_decimals > 15)
        throw invalid_input("coordinate_decimals must be in [0, 15], got " +
                            std::to_string(options.coordinate_decimals));
}

void GeoJsonEncoder::begin(std::string& out, const LayerSchema& schema) {
    m_keys.clear();
    for (const auto& f : schema.fields) {
        std::string key;
        if (!append_json_string(key, f.name)) throw invalid_input("field name is not valid UTF-8");
        m_keys.push_back(key + ':');
    }
    m_schema = schema;
    m_count = 0;
    m_have_bbox = false;
    if (m_options.framing == geojson_framing::text_sequence) return;
    out += "{\"type\":\"FeatureCollection\",";
    if (m_options.write_name) {
        out += "\"name\":";
        if (!append_json_string(out, schema.name))
            throw invalid_input("layer name is not valid UTF-8");
        out += ',';
    }
    out += "\"features\":[\n";
}

void GeoJsonEncoder::feature(std::string& out, const Feature& f) {
    const std::size_t mark = out.size();
    bool has_extent = false;
    double extent[4]{};  // plain extent of the written coordinates
    try {
        if (f.properties.size() != m_schema.fields.size())
            throw invalid_input("feature has " + std::to_string(f.properties.size()) +
                                " properties but layer \"" + m_schema.name + "\" has " +
                                std::to_string(m_schema.fields.size()) + " fields");
        if (m_options.framing == geojson_framing::text_sequence)
            out += '\x1e';
        else if (m_count > 0)
            out += ",\n";
        out += "{\"type\":\"Feature\",";
        if (f.id) {
            out += "\"id\":";
            if (!append_json_string(out, *f.id))
                throw invalid_input("feature id is not valid UTF-8");
            out += ',';
        }
        out += "\"geometry\":";
        GeometryEncoder geo(out, m_options.coordinate_decimals);
        if (is_simple(f.geometry)) {
            validate_geometry(f.geometry);
            geo.geometry(f.geometry);
        } else {
            geo.geometry(to_rfc7946(f.geometry));
        }
        has_extent = geo.has_extent();
        extent[0] = geo.m_west;
        extent[1] = geo.m_south;
        extent[2] = geo.m_east;
        extent[3] = geo.m_north;
        if (m_options.bbox != geojson_bbox::none && has_extent) {
            double b[4] = {extent[0], extent[1], extent[2], extent[3]};
            feature_lon_extent(f.geometry, b[0], b[2]);
            out += ',';
            append_bbox(out, b, m_options.coordinate_decimals);
        }
        out += ",\"properties\":{";
        for (std::size_t i = 0; i < f.properties.size(); ++i) {
            const FieldDef& field = m_schema.fields[i];
            if (i) out += ',';
            out += m_keys[i];
            const Value& v = f.properties[i];
            const auto mismatch = [&] {
                return invalid_input("property \"" + field.name + "\": expected " +
                                     field_type_name(field.type) + " or null");
            };
            switch (v.index()) {
                case 0:
                    out += "null";
                    break;
                case 1:
                    if (field.type != field_type::boolean) throw mismatch();
                    out += std::get<bool>(v) ? "true" : "false";
                    break;
                case 2:
                    if (field.type != field_type::integer && field.type != field_type::real)
                        throw mismatch();
                    append_int(out, std::get<std::int64_t>(v));
                    break;
                case 3: {
                    if (field.type != field_type::real) throw mismatch();
                    const double d = std::get<double>(v);
                    if (!std::isfinite(d))
                        throw invalid_input("property \"" + field.name +
                                            "\": JSON cannot represent NaN or infinity");
                    const std::size_t start = out.size();
                    append_shortest(out, d);
                    // Keep reals recognisable as reals ("0.0", not "0") so that readers
                    // that infer field types (GDAL, pandas) agree across features.
                    if (out.find_first_of(".eE", start) == std::string::npos) out += ".0";
                    break;
                }
                case 4:
                    if (field.type != field_type::string) throw mismatch();
                    if (!append_json_string(out, std::get<std::string>(v)))
                        throw invalid_input("property \"" + field.name +
                                            "\": text is not valid UTF-8");
                    break;
                case 5: {
                    if (field.type != field_type::string_list) throw mismatch();
                    out += '[';
                    const auto& list = std::get<std::vector<std::string>>(v);
                    for (std::size_t k = 0; k < list.size(); ++k) {
                        if (k) out += ',';
                        if (!append_json_string(out, list[k]))
                            throw invalid_input("property \"" + field.name + "\" item " +
                                                std::to_string(k) + ": text is not valid UTF-8");
                    }
                    out += ']';
                    break;
                }
            }
        }
        out += "}}";
        if (m_options.framing == geojson_framing::text_sequence) out += '\n';
    } catch (const error& e) {
        out.resize(mark);
        const std::string where =
            "feature " + std::to_string(m_count) + " of layer \"" + m_schema.name + "\"";
        throw invalid_input(where + ": " + e.what(), e.code());
    }
    ++m_count;
    // The collection's box is the plain extent of all written coordinates, which always
    // covers them (it may be wider than needed across the antimeridian). Updated only once
    // the feature is written.
    if (m_options.bbox == geojson_bbox::per_feature_and_collection && has_extent) {
        if (!m_have_bbox) std::copy(extent, extent + 4, m_bbox);
        m_bbox[0] = std::min(m_bbox[0], extent[0]);
        m_bbox[1] = std::min(m_bbox[1], extent[1]);
        m_bbox[2] = std::max(m_bbox[2], extent[2]);
        m_bbox[3] = std::max(m_bbox[3], extent[3]);
        m_have_bbox = true;
    }
}

void GeoJsonEncoder::end(std::string& out) {
    if (m_options.framing == geojson_framing::text_sequence) return;
    out += "\n]";
    if (m_options.bbox == geojson_bbox::per_feature_and_collection && m_have_bbox) {
        out += ',';
        append_bbox(out, m_bbox, m_options.coordinate_decimals);
    }
    out += "}\n";
}

struct GeoJsonWriter::impl {
    AtomicFile file;
    GeoJsonEncoder encoder;
    std::string buffer;
    bool begun = false;
    impl(std::string path, GeoJsonOptions options) : file(std::move(path)), encoder(options) {}
    void flush_if_full() {
        if (buffer.size() >= (1u << 20)) {
            file.write(buffer);
            buffer.clear();
        }
    }
};

GeoJsonWriter::GeoJsonWriter(std::string path, GeoJsonOptions options)
    : m_impl(std::make_unique<impl>(std::move(path), options)) {
    m_impl->buffer.reserve(1u << 21);
}

GeoJsonWriter::~GeoJsonWriter() = default;

void GeoJsonWriter::begin(const LayerSchema& schema) {
    m_impl->encoder.begin(m_impl->buffer, schema);
    m_impl->begun = true;
}

void GeoJsonWriter::write(const Feature& feature) {
    if (!m_impl->begun) throw invalid_input("GeoJsonWriter::write called before begin()");
    m_impl->encoder.feature(m_impl->buffer, feature);
    m_impl->flush_if_full();
}

void GeoJsonWriter::commit() {
    if (!m_impl->begun) throw invalid_input("GeoJsonWriter::commit called before begin()");
    m_impl->encoder.end(m_impl->buffer);
    m_impl->file.write(m_impl->buffer);
    m_impl->buffer.clear();
    m_impl->file.commit();
}

std::size_t GeoJsonWriter::features_written() const noexcept {
    return m_impl->encoder.features_written();
}

std::string to_geojson(const LayerSchema& schema, std::span<const Feature> features,
                       GeoJsonOptions options) {
    GeoJsonEncoder enc(options);
    std::string out;
    enc.begin(out, schema);
    for (const auto& f : features) enc.feature(out, f);
    enc.end(out);
    return out;
}

}  // namespace incidentmap::io
