#pragma once
/// @file
/// @brief A streaming GeoJSON writer (RFC 7946) and GeoJSON Text Sequences (RFC 8142).
///
/// Output follows RFC 7946: positions are [lon, lat]; there is no "crs" member; polygon
/// exterior rings are counter-clockwise and holes clockwise; line strings and polygons
/// that cross the antimeridian are split into multi-part geometries (§3.1.9); numbers are
/// the shortest text that round-trips, with coordinates rounded to a set number of
/// decimals; strings are escaped per RFC 8259 and must be valid UTF-8.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/export.hpp>
#include <incidentmap/io/layer.hpp>

namespace incidentmap::io {

/// @brief How features are framed. @since 0.1
enum class geojson_framing {
    feature_collection,  ///< one FeatureCollection object (.geojson)
    text_sequence,       ///< RFC 8142: each Feature as RS + JSON + LF (.geojsons)
};

/// @brief Whether to write "bbox" members. @since 0.1
enum class geojson_bbox { none, per_feature, per_feature_and_collection };

/// @brief GeoJSON output options. @since 0.1
struct GeoJsonOptions {
    /// Decimals kept in coordinates, [0, 15]; 7 is about 1 cm. Trailing zeros are dropped.
    int coordinate_decimals = 7;
    geojson_framing framing = geojson_framing::feature_collection;
    geojson_bbox bbox = geojson_bbox::none;
    /// Write the layer name as a top-level "name" member (read by GDAL as the layer name;
    /// a foreign member under RFC 7946 §6.1).
    bool write_name = false;
};

/// @brief Check that text is well-formed UTF-8 (no overlong forms, surrogates or code
/// points above U+10FFFF). @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT bool is_valid_utf8(std::string_view text) noexcept;

/// @brief Encodes features as GeoJSON text into a caller-owned string. The building block
/// of the writers; use it to stream to a socket or memory. Not thread-safe. @since 0.1
class INCIDENTMAP_EXPORT GeoJsonEncoder {
public:
    /// @throws invalid_input if the options are out of range.
    explicit GeoJsonEncoder(GeoJsonOptions options = {});
    /// @brief Append the opening of the document (empty for text sequences).
    void begin(std::string& out, const LayerSchema& schema);
    /// @brief Append one feature. On error nothing is appended.
    /// @throws invalid_input naming the field or geometry part at fault.
    void feature(std::string& out, const Feature& f);
    /// @brief Append the end of the document.
    void end(std::string& out);
    [[nodiscard]] std::size_t features_written() const noexcept { return m_count; }

private:
    GeoJsonOptions m_options;
    LayerSchema m_schema;
    std::vector<std::string> m_keys;  ///< encoded member names: "name":
    std::size_t m_count = 0;
    bool m_have_bbox = false;
    double m_bbox[4]{};
};

/// @brief A LayerWriter that writes one GeoJSON file atomically (temporary file in the
/// same folder, renamed on commit()). @since 0.1
class INCIDENTMAP_EXPORT GeoJsonWriter final : public LayerWriter {
public:
    /// @param[in] path  the output file; its folder must exist
    explicit GeoJsonWriter(std::string path, GeoJsonOptions options = {});
    ~GeoJsonWriter() override;
    GeoJsonWriter(const GeoJsonWriter&) = delete;
    GeoJsonWriter& operator=(const GeoJsonWriter&) = delete;

    void begin(const LayerSchema& schema) override;
    void write(const Feature& feature) override;
    void commit() override;
    [[nodiscard]] std::size_t features_written() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

/// @brief Encode a whole layer to a string. @throws invalid_input on the first bad
/// feature. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string to_geojson(const LayerSchema& schema,
                                                        std::span<const Feature> features,
                                                        GeoJsonOptions options = {});

/// @brief The geometry as RFC 7946 requires it: rings re-oriented (exterior CCW, holes
/// CW), and lines and polygons crossing the antimeridian split into MultiLineString or
/// MultiPolygon; rings around a pole become polygons bounded by the antimeridian and the
/// pole. Point and others pass through. @throws invalid_input for invalid geometry.
/// @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT Geometry to_rfc7946(const Geometry& g);

}  // namespace incidentmap::io
