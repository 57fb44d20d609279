#pragma once
// The binary gazetteer file, format version 1 (private; shared by the reader and the
// builder). Little-endian, every section 8-byte aligned, read through mmap.
//
//   FileHeader | SectionEntry[section_count] | sections...
//
// payload_xxh3 is XXH3-64 of every byte after the header; open() checks it, so a truncated
// or corrupted file is refused with a clear message instead of being read.

#include <cstdint>

namespace incidentmap::gazetteer::detail {

inline constexpr char k_magic[8] = {'I', 'M', 'G', 'A', 'Z', 'E', 'T', '\x1a'};
inline constexpr std::uint32_t k_format_version = 1;
inline constexpr std::uint32_t k_none = 0xFFFFFFFFu;

struct FileHeader {
    char magic[8];
    std::uint32_t format_version;
    std::uint32_t section_count;
    std::uint64_t payload_bytes;  // file size minus sizeof(FileHeader)
    std::uint64_t payload_xxh3;
    std::uint64_t reserved[4];
};
static_assert(sizeof(FileHeader) == 64);

enum class section : std::uint32_t {
    meta = 1,          // UTF-8 JSON: name, sources, attribution
    strings = 2,       // names and keys, concatenated
    places = 3,        // PlaceRecord[]
    name_keys = 4,     // NameKey[], sorted by (hash, place)
    fuzzy_keys = 5,    // FuzzyKey[], unique keys sorted by (first byte, length, key)
    polygons = 6,      // PolygonRecord[]
    rings = 7,         // RingRecord[]
    vertices = 8,      // double[2 * n]: lon, lat
    polygon_grid = 9,  // GridHeader, uint32 cell_start[cells + 1], uint32 ids[]
    place_grid = 10,   // same layout, ids of populated places and points of interest
};

struct SectionEntry {
    std::uint32_t id;
    std::uint32_t reserved;
    std::uint64_t offset;  // from the start of the file
    std::uint64_t size;
};
static_assert(sizeof(SectionEntry) == 24);

struct PlaceRecord {
    double lon;
    double lat;
    std::uint32_t name_off;
    std::uint32_t name_len;
    std::uint32_t population;
    std::uint32_t source_id;  // GeoNames id; FIPS code (state*1000+county) for US areas; ZIP
    std::uint32_t admin1;     // place index of the first-level division, or k_none
    std::uint32_t admin2;     // place index of the second-level division, or k_none
    std::uint32_t polygon;    // index into polygons, or k_none
    float radius_m;           // radius of the place's extent around (lon, lat)
    char country[2];          // ISO 3166-1 alpha-2, or "  "
    std::uint8_t kind;        // place_kind
    char feature_code[5];     // GeoNames feature code, NUL-padded
};
static_assert(sizeof(PlaceRecord) == 56);

// postal: the place name of US ZIP codes, for a town the populated places lack.
enum class key_kind : std::uint8_t {
    name = 0,
    ascii_name = 1,
    alternate = 2,
    alias = 3,
    code = 4,
    postal = 5
};

struct NameKey {
    std::uint64_t hash;  // XXH3-64 of the normalised key
    std::uint32_t key_off;
    std::uint32_t place;
    std::uint16_t key_len;
    std::uint8_t kind;  // key_kind
    std::uint8_t pad[5];
};
static_assert(sizeof(NameKey) == 24);

struct FuzzyKey {
    std::uint32_t key_off;
    std::uint16_t key_len;
    std::uint8_t first;
    std::uint8_t pad;
};
static_assert(sizeof(FuzzyKey) == 8);

enum class shape_kind : std::uint32_t { area = 0, lines = 1 };

struct PolygonRecord {  // an area (rings, even-odd rule) or a set of lines (a street)
    std::uint32_t place;
    std::uint32_t ring_begin;
    std::uint32_t ring_count;
    std::uint32_t shape;  // shape_kind
    double west, south, east, north;
};
static_assert(sizeof(PolygonRecord) == 48);

struct RingRecord {
    std::uint32_t vertex_begin;
    std::uint32_t vertex_count;
};

struct GridHeader {
    double west, south;  // origin, degrees
    double cell_deg;     // cell size, degrees
    std::uint32_t columns;
    std::uint32_t rows;
};
static_assert(sizeof(GridHeader) == 32);

}  // namespace incidentmap::gazetteer::detail
