#pragma once
/// @file
/// @brief The one interface every layer writer implements (GeoJSON now; GDAL formats and
/// PostGIS later), and the feature and schema types it takes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/geometry.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::io {

/// @brief Attribute types a layer can hold; every writer maps them to its format's types.
/// @since 0.1
enum class field_type { boolean, integer, real, string, string_list };

/// @brief One attribute of a layer. Any field may be null in a feature. @since 0.1
struct FieldDef {
    std::string name;
    field_type type = field_type::string;
};

/// @brief What a layer holds: its name, the geometry kind its features have (a writer may
/// promote it, e.g. Polygon to MultiPolygon after an antimeridian split) and its fields.
/// @since 0.1
struct LayerSchema {
    std::string name;
    geometry_type geometry = geometry_type::point;
    std::vector<FieldDef> fields;
};

/// @brief An attribute value. std::monostate is null. @since 0.1
using Value =
    std::variant<std::monostate, bool, std::int64_t, double, std::string, std::vector<std::string>>;

/// @brief A feature: geometry (std::monostate: none) and one value per schema field, in
/// schema order. @since 0.1
struct Feature {
    Geometry geometry;
    std::vector<Value> properties;
    std::optional<std::string> id;
};

/// @brief A sink for features of one layer.
///
/// Call begin() once, write() for each feature, then commit(). Until commit() returns,
/// nothing is visible at the destination; a writer destroyed without commit() leaves the
/// destination as it was. A write() that throws leaves the writer usable: the bad feature
/// is not written and the next one may be. @since 0.1
class INCIDENTMAP_EXPORT LayerWriter {
public:
    virtual ~LayerWriter();
    /// @brief Start the layer. @throws io_error, invalid_input.
    virtual void begin(const LayerSchema& schema) = 0;
    /// @brief Append one feature. @throws invalid_input for a feature that cannot be
    /// written (wrong number of properties, wrong type, invalid UTF-8, NaN, bad geometry).
    virtual void write(const Feature& feature) = 0;
    /// @brief Finish and publish the layer atomically. @throws io_error.
    virtual void commit() = 0;
};

/// @brief The batch error callback (see incidentmap::error_sink). @since 0.1
using error_sink = incidentmap::error_sink;

/// @brief Counts returned by batch operations. @since 0.1
struct BatchResult {
    std::size_t written = 0;
    std::size_t failed = 0;
};

/// @brief Write features through @p writer, reporting (not throwing) each feature that
/// cannot be written. Calls begin() and commit(). @since 0.1
INCIDENTMAP_EXPORT BatchResult write_layer(LayerWriter& writer, const LayerSchema& schema,
                                           const std::vector<Feature>& features,
                                           const error_sink& on_error = {});

}  // namespace incidentmap::io
