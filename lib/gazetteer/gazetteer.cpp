#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <incidentmap/core/error.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/spherical.hpp>

#include "gazetteer/detail/format.hpp"

#ifndef INCIDENTMAP_INSTALL_DATADIR
#define INCIDENTMAP_INSTALL_DATADIR ""
#endif
#ifndef INCIDENTMAP_BUILD_DATADIR
#define INCIDENTMAP_BUILD_DATADIR ""
#endif

namespace incidentmap::gazetteer {

namespace d = detail;

const char* to_string(place_kind k) noexcept {
    switch (k) {
        case place_kind::city:
            return "city";
        case place_kind::county:
            return "county";
        case place_kind::state:
            return "state";
        case place_kind::country:
            return "country";
        case place_kind::postal_code:
            return "postal_code";
        case place_kind::poi:
            return "poi";
        case place_kind::street:
            return "street";
        case place_kind::intersection:
            return "intersection";
        case place_kind::address:
            return "address";
        case place_kind::region:
            return "region";
    }
    return "unknown";
}

namespace {

struct Grid {
    const d::GridHeader* header = nullptr;
    std::span<const std::uint32_t> starts;
    std::span<const std::uint32_t> ids;

    [[nodiscard]] bool empty() const noexcept { return header == nullptr; }
    [[nodiscard]] long column(double lon) const noexcept {
        return static_cast<long>(std::floor((lon - header->west) / header->cell_deg));
    }
    [[nodiscard]] long row(double lat) const noexcept {
        return static_cast<long>(std::floor((lat - header->south) / header->cell_deg));
    }
    [[nodiscard]] std::span<const std::uint32_t> cell(long col, long row) const noexcept {
        if (row < 0 || row >= static_cast<long>(header->rows)) return {};
        const long cols = static_cast<long>(header->columns);
        col = ((col % cols) + cols) % cols;  // longitude wraps
        const auto c = static_cast<std::size_t>(row * cols + col);
        return ids.subspan(starts[c], starts[c + 1] - starts[c]);
    }
};

}  // namespace

// The letter pairs of a key, with its start and end as pairs too ("^p", "po", ..., "d$"),
// hashed to bits of a 64-bit set. An edit changes at most two pairs and adds at most two, so
// keys within d edits differ in at most 4 d pairs, and their sets in at most 4 d bits (a
// bit set in one only stands for a pair in one only): popcount(a ^ b) > 4 d rules a key out,
// never wrongly.
// With it, the letters present (a bit per letter, modulo 32): an edit adds or removes at
// most two, so keys within d edits differ in at most 2 d of these bits.
struct KeySignature {
    std::uint64_t pairs = 0;
    std::uint32_t letters = 0;
};

std::uint64_t pair_signature(std::string_view key) noexcept {
    std::uint64_t bits = 0;
    unsigned prev = 0x100;  // the start
    for (const char ch : key) {
        const unsigned c = static_cast<unsigned char>(ch);
        bits |= std::uint64_t{1} << ((prev * 0x9E37u + c * 0x85EBu) % 64u);
        prev = c;
    }
    bits |= std::uint64_t{1} << ((prev * 0x9E37u + 0x200u * 0x85EBu) % 64u);  // the end
    return bits;
}

KeySignature signature(std::string_view key) noexcept {
    KeySignature s{pair_signature(key), 0};
    for (const char ch : key)
        s.letters |= std::uint32_t{1} << (static_cast<unsigned char>(ch) % 32u);
    return s;
}

// The keys in [begin, end) that the signatures do not rule out, letters first (4 bytes a
// key), then letter pairs. Built twice, the CPU's popcnt instruction chosen at load time where
// it has one (x86-64 from 2008 on); not under ThreadSanitizer, which the load-time choice
// (an ifunc resolved before the sanitizer starts) crashes.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("popcnt", "default")))
#endif
void within_reach(const std::uint32_t* letters, const std::uint64_t* pairs, std::size_t begin,
                  std::size_t end, KeySignature q, unsigned d, std::vector<std::uint32_t>& out) {
    for (std::size_t i = begin; i < end; ++i)
        if (static_cast<unsigned>(std::popcount(q.letters ^ letters[i])) <= 2 * d &&
            static_cast<unsigned>(std::popcount(q.pairs ^ pairs[i])) <= 4 * d)
            out.push_back(static_cast<std::uint32_t>(i));
}

struct Gazetteer::impl {
    GazetteerInfo info;
    void* map = nullptr;
    std::size_t map_bytes = 0;
    const char* base = nullptr;
    std::string_view strings;
    std::span<const d::PlaceRecord> places;
    std::span<const d::NameKey> keys;
    std::span<const d::FuzzyKey> fuzzy;
    std::span<const d::PolygonRecord> polygons;
    std::span<const d::RingRecord> rings;
    std::span<const double> vertices;
    Grid polygon_grid;
    Grid place_grid;
    // A 64-bit signature of each fuzzy key's letter pairs, for fuzzy_method::index; made on
    // first use.
    mutable std::once_flag signatures_once;
    mutable std::vector<std::uint32_t> letter_sets;  // KeySignature::letters, key by key
    mutable std::vector<std::uint64_t> pair_sets;    // KeySignature::pairs

    ~impl() {
        if (map != nullptr) ::munmap(map, map_bytes);
    }

    [[nodiscard]] std::string_view str(std::uint32_t off, std::uint32_t len) const noexcept {
        return strings.substr(off, len);
    }

    [[nodiscard]] bool polygon_contains(const d::PolygonRecord& poly, LonLat p) const noexcept {
        if (poly.shape != static_cast<std::uint32_t>(d::shape_kind::area)) return false;
        if (p.lon < poly.west || p.lon > poly.east || p.lat < poly.south || p.lat > poly.north)
            return false;
        // Even-odd rule over all rings (exteriors and holes of every part).
        bool inside = false;
        for (std::uint32_t r = poly.ring_begin; r < poly.ring_begin + poly.ring_count; ++r) {
            const auto& ring = rings[r];
            const double* v = vertices.data() + 2 * static_cast<std::size_t>(ring.vertex_begin);
            const std::uint32_t n = ring.vertex_count;
            for (std::uint32_t i = 0, j = n - 1; i < n; j = i++) {
                const double xi = v[2 * i], yi = v[2 * i + 1];
                const double xj = v[2 * j], yj = v[2 * j + 1];
                if ((yi > p.lat) != (yj > p.lat) &&
                    p.lon < (xj - xi) * (p.lat - yi) / (yj - yi) + xi)
                    inside = !inside;
            }
        }
        return inside;
    }
};

namespace {

template <typename T>
std::span<const T> as_span(const char* base, const d::SectionEntry& s) {
    return {reinterpret_cast<const T*>(base + s.offset), s.size / sizeof(T)};
}

Grid read_grid(const char* base, const d::SectionEntry& s, const std::string& path) {
    Grid g;
    if (s.size < sizeof(d::GridHeader)) throw data_error(path, "grid section", "is truncated");
    g.header = reinterpret_cast<const d::GridHeader*>(base + s.offset);
    if (g.header->columns == 0 || g.header->rows == 0 || !(g.header->cell_deg > 0.0) ||
        !std::isfinite(g.header->cell_deg) || !std::isfinite(g.header->west) ||
        !std::isfinite(g.header->south) ||
        static_cast<std::uint64_t>(g.header->columns) * g.header->rows > (1u << 26))
        throw data_error(path, "grid section", "has an invalid header");
    const std::size_t cells = static_cast<std::size_t>(g.header->columns) * g.header->rows;
    const auto* words =
        reinterpret_cast<const std::uint32_t*>(base + s.offset + sizeof(d::GridHeader));
    const std::size_t n_words = (s.size - sizeof(d::GridHeader)) / sizeof(std::uint32_t);
    if (n_words < cells + 1) throw data_error(path, "grid section", "is truncated");
    g.starts = {words, cells + 1};
    g.ids = {words + cells + 1, n_words - cells - 1};
    if (g.starts[cells] > g.ids.size() || g.starts[0] != 0)
        throw data_error(path, "grid section", "is inconsistent");
    for (std::size_t c = 0; c < cells; ++c)
        if (g.starts[c] > g.starts[c + 1])
            throw data_error(path, "grid section", "is inconsistent");
    return g;
}

}  // namespace

Gazetteer::Gazetteer(std::unique_ptr<impl> p) : m_impl(std::move(p)) {}
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

Gazetteer Gazetteer::open(const std::string& path) {
    auto p = std::make_unique<impl>();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw io_error(path, std::string("cannot open the gazetteer: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw io_error(path, "is not a regular file");
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size < sizeof(d::FileHeader)) {
        ::close(fd);
        throw data_error(path, "header", "not an incidentmap gazetteer (file too short)");
    }
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED)
        throw io_error(path, std::string("cannot map the gazetteer: ") + std::strerror(errno));
    p->map = map;
    p->map_bytes = size;
    p->base = static_cast<const char*>(map);
    const auto* h = reinterpret_cast<const d::FileHeader*>(p->base);
    if (std::memcmp(h->magic, d::k_magic, sizeof d::k_magic) != 0)
        throw data_error(path, "header", "not an incidentmap gazetteer (wrong magic bytes)");
    if (h->format_version != d::k_format_version)
        throw data_error(path, "header",
                         "gazetteer format version " + std::to_string(h->format_version) +
                             " is not supported (this build reads version " +
                             std::to_string(d::k_format_version) + "); rebuild the gazetteer");
    if (h->payload_bytes != size - sizeof(d::FileHeader))
        throw data_error(path, "header",
                         "the file is truncated or padded: " + std::to_string(size) +
                             " bytes, the header says " +
                             std::to_string(h->payload_bytes + sizeof(d::FileHeader)));
    if (XXH3_64bits(p->base + sizeof(d::FileHeader), h->payload_bytes) != h->payload_xxh3)
        throw data_error(path, "payload", "checksum mismatch: the gazetteer file is corrupt");
    const std::size_t table_end =
        sizeof(d::FileHeader) + h->section_count * sizeof(d::SectionEntry);
    if (table_end > size) throw data_error(path, "section table", "is truncated");
    const auto* sections =
        reinterpret_cast<const d::SectionEntry*>(p->base + sizeof(d::FileHeader));
    std::array<const d::SectionEntry*, 16> by_id{};
    for (std::uint32_t i = 0; i < h->section_count; ++i) {
        const auto& s = sections[i];
        if (s.offset > size || s.size > size - s.offset || s.offset % 8 != 0)
            throw data_error(path, "section " + std::to_string(s.id), "lies outside the file");
        if (s.id < by_id.size()) by_id[s.id] = &s;
    }
    auto need = [&](d::section id) -> const d::SectionEntry& {
        const auto* s = by_id[static_cast<std::size_t>(id)];
        if (s == nullptr)
            throw data_error(path, "section " + std::to_string(static_cast<unsigned>(id)),
                             "is missing");
        return *s;
    };
    const auto& meta = need(d::section::meta);
    p->info.meta_json.assign(p->base + meta.offset, meta.size);
    const auto& strings = need(d::section::strings);
    p->strings = std::string_view(p->base + strings.offset, strings.size);
    p->places = as_span<d::PlaceRecord>(p->base, need(d::section::places));
    p->keys = as_span<d::NameKey>(p->base, need(d::section::name_keys));
    p->fuzzy = as_span<d::FuzzyKey>(p->base, need(d::section::fuzzy_keys));
    p->polygons = as_span<d::PolygonRecord>(p->base, need(d::section::polygons));
    p->rings = as_span<d::RingRecord>(p->base, need(d::section::rings));
    p->vertices = as_span<double>(p->base, need(d::section::vertices));
    p->polygon_grid = read_grid(p->base, need(d::section::polygon_grid), path);
    p->place_grid = read_grid(p->base, need(d::section::place_grid), path);
    // Cross-references are checked once here, so that queries need no checks.
    for (const auto& k : p->keys)
        if (k.place >= p->places.size() || std::size_t{k.key_off} + k.key_len > p->strings.size())
            throw data_error(path, "name keys", "refer outside the file");
    for (const auto& pl : p->places)
        if (std::size_t{pl.name_off} + pl.name_len > p->strings.size() ||
            (pl.polygon != d::k_none && pl.polygon >= p->polygons.size()) ||
            (pl.admin1 != d::k_none && pl.admin1 >= p->places.size()) ||
            (pl.admin2 != d::k_none && pl.admin2 >= p->places.size()))
            throw data_error(path, "places", "refer outside the file");
    for (const auto& poly : p->polygons)
        if (std::size_t{poly.ring_begin} + poly.ring_count > p->rings.size() ||
            poly.place >= p->places.size() || poly.shape > 1)
            throw data_error(path, "polygons", "refer outside the file");
    for (const auto& r : p->rings)
        if (r.vertex_count < 2 ||
            2 * (std::size_t{r.vertex_begin} + r.vertex_count) > p->vertices.size())
            throw data_error(path, "rings", "refer outside the file");
    for (const auto& k : p->fuzzy)
        if (std::size_t{k.key_off} + k.key_len > p->strings.size())
            throw data_error(path, "fuzzy keys", "refer outside the file");
    for (auto id : p->polygon_grid.ids)
        if (id >= p->polygons.size())
            throw data_error(path, "polygon grid", "refers outside the file");
    for (auto id : p->place_grid.ids)
        if (id >= p->places.size()) throw data_error(path, "place grid", "refers outside the file");

    p->info.path = path;
    p->info.format_version = h->format_version;
    p->info.places = p->places.size();
    p->info.keys = p->keys.size();
    p->info.polygons = p->polygons.size();
    p->info.file_bytes = size;
    // The attribution line is a plain member of the meta JSON; find it without a parser.
    const auto key = p->info.meta_json.find("\"attribution\":");
    if (key != std::string::npos) {
        const auto q1 = p->info.meta_json.find('"', key + 14);
        const auto q2 = q1 == std::string::npos ? q1 : p->info.meta_json.find('"', q1 + 1);
        if (q2 != std::string::npos)
            p->info.attribution = p->info.meta_json.substr(q1 + 1, q2 - q1 - 1);
    }
    return Gazetteer(std::move(p));
}

std::string Gazetteer::find_default(const std::string& explicit_path) {
    std::vector<std::string> tried;
    auto exists = [&](const std::string& candidate) {
        tried.push_back(candidate);
        std::error_code ec;
        return std::filesystem::is_regular_file(candidate, ec);
    };
    if (!explicit_path.empty()) {
        if (exists(explicit_path)) return explicit_path;
        throw io_error(explicit_path, "no such gazetteer file");
    }
    if (const char* env = std::getenv("INCIDENTMAP_GAZETTEER"); env != nullptr && *env != '\0') {
        if (exists(env)) return env;
        throw io_error(env, "INCIDENTMAP_GAZETTEER names no gazetteer file");
    }
    for (const char* dir : {INCIDENTMAP_INSTALL_DATADIR, INCIDENTMAP_BUILD_DATADIR}) {
        if (*dir == '\0') continue;
        const std::string candidate = std::string(dir) + "/incidentmap-gazetteer.bin";
        if (exists(candidate)) return candidate;
    }
    std::string list;
    for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t;
    throw io_error("incidentmap-gazetteer.bin",
                   "no default gazetteer found (tried: " + list +
                       "); pass --gazetteer FILE or set INCIDENTMAP_GAZETTEER");
}

const GazetteerInfo& Gazetteer::info() const noexcept {
    return m_impl->info;
}
std::size_t Gazetteer::size() const noexcept {
    return m_impl->places.size();
}

Place Gazetteer::place(std::uint32_t index) const {
    const auto& r = m_impl->places[index];
    Place p;
    p.index = index;
    p.name = m_impl->str(r.name_off, r.name_len);
    p.point = LonLat::unchecked(r.lon, r.lat);
    p.kind = static_cast<place_kind>(r.kind);
    p.country_code = r.country[0] == ' ' ? std::string_view{} : std::string_view(r.country, 2);
    p.feature_code =
        std::string_view(r.feature_code, strnlen(r.feature_code, sizeof r.feature_code));
    p.population = r.population;
    p.source_id = r.source_id;
    if (r.admin1 != d::k_none) p.admin1 = r.admin1;
    if (r.admin2 != d::k_none) p.admin2 = r.admin2;
    p.radius_m = r.radius_m;
    if (r.polygon != d::k_none) {
        const bool lines =
            m_impl->polygons[r.polygon].shape == static_cast<std::uint32_t>(d::shape_kind::lines);
        p.has_polygon = !lines;
        p.has_lines = lines;
    }
    return p;
}

std::vector<NameHit> Gazetteer::lookup(std::string_view name) const {
    return lookup_key(normalize_name(name));
}

std::vector<NameHit> Gazetteer::lookup_key(std::string_view key) const {
    std::vector<NameHit> out;
    if (key.empty()) return out;
    const std::uint64_t h = XXH3_64bits(key.data(), key.size());
    const auto& keys = m_impl->keys;
    auto it = std::lower_bound(keys.begin(), keys.end(), h,
                               [](const d::NameKey& k, std::uint64_t v) { return k.hash < v; });
    for (; it != keys.end() && it->hash == h; ++it) {
        if (m_impl->str(it->key_off, it->key_len) != key) continue;  // hash collision
        const auto match = static_cast<key_match>(it->kind);
        auto same = std::find_if(out.begin(), out.end(),
                                 [&](const NameHit& x) { return x.place == it->place; });
        if (same == out.end())
            out.push_back(NameHit{it->place, match, 0});
        else if (match < same->match)
            same->match = match;
    }
    return out;
}

std::vector<NameHit> Gazetteer::fuzzy_lookup(std::string_view name, unsigned max_distance,
                                             fuzzy_method method) const {
    const std::string key = normalize_name(name);
    std::vector<NameHit> out;
    if (key.empty()) return out;
    const auto emit = [&](std::string_view candidate, unsigned dist) {
        for (auto hit : lookup_key(candidate)) {
            hit.edit_distance = dist;
            out.push_back(hit);
        }
    };
    const auto first = static_cast<std::uint8_t>(key[0]);
    const auto& fuzzy = m_impl->fuzzy;
    // The first key of the name's first letter and at least `len` bytes.
    const auto bucket = [&](std::size_t len) {
        return std::lower_bound(
            fuzzy.begin(), fuzzy.end(), std::pair{first, len},
            [](const d::FuzzyKey& k, const std::pair<std::uint8_t, std::size_t>& v) {
                return k.first < v.first || (k.first == v.first && k.key_len < v.second);
            });
    };
    auto it = bucket(key.size() > max_distance ? key.size() - max_distance : 0);
    if (method == fuzzy_method::index) {
        std::call_once(m_impl->signatures_once, [this] {
            for (const auto& k : m_impl->fuzzy) {
                const KeySignature sig = signature(m_impl->str(k.key_off, k.key_len));
                m_impl->letter_sets.push_back(sig.letters);
                m_impl->pair_sets.push_back(sig.pairs);
            }
        });
        const KeySignature sig = signature(key);
        const std::uint32_t* letters = m_impl->letter_sets.data();
        const std::uint64_t* pairs = m_impl->pair_sets.data();
        const auto end = bucket(key.size() + max_distance + 1);
        std::vector<std::uint32_t> near;
        within_reach(letters, pairs, static_cast<std::size_t>(it - fuzzy.begin()),
                     static_cast<std::size_t>(end - fuzzy.begin()), sig, max_distance, near);
        for (const auto i : near) {
            const auto candidate = m_impl->str(fuzzy[i].key_off, fuzzy[i].key_len);
            const unsigned dist = bounded_edit_distance(key, candidate, max_distance);
            if (dist >= 1 && dist <= max_distance) emit(candidate, dist);
        }
        return out;
    }
    // The reference: letter counts give a cheap lower bound on the edit distance (each edit
    // changes at most two counts by one), which spares most candidates the dynamic programme.
    std::array<int, 256> counts{};
    for (char c : key) ++counts[static_cast<unsigned char>(c)];
    for (; it != fuzzy.end() && it->first == first && it->key_len <= key.size() + max_distance;
         ++it) {
        const auto candidate = m_impl->str(it->key_off, it->key_len);
        std::array<int, 256> diff = counts;
        for (char c : candidate) --diff[static_cast<unsigned char>(c)];
        unsigned l1 = 0;
        for (char c : key)
            l1 += static_cast<unsigned>(std::abs(diff[static_cast<unsigned char>(c)])),
                diff[static_cast<unsigned char>(c)] = 0;
        for (char c : candidate)
            l1 += static_cast<unsigned>(std::abs(diff[static_cast<unsigned char>(c)])),
                diff[static_cast<unsigned char>(c)] = 0;
        if ((l1 + 1) / 2 > max_distance) continue;
        const unsigned dist = bounded_edit_distance(key, candidate, max_distance);
        if (dist == 0 || dist > max_distance) continue;
        emit(candidate, dist);
    }
    return out;
}

bool Gazetteer::contains(std::uint32_t place, LonLat p) const {
    const auto poly = m_impl->places[place].polygon;
    return poly != d::k_none && m_impl->polygon_contains(m_impl->polygons[poly], p);
}

std::vector<std::uint32_t> Gazetteer::containing(LonLat p, place_kind kind) const {
    std::vector<std::uint32_t> out;
    const Grid& g = m_impl->polygon_grid;
    for (std::uint32_t id : g.cell(g.column(p.lon), g.row(p.lat))) {
        const auto& poly = m_impl->polygons[id];
        if (m_impl->places[poly.place].kind != static_cast<std::uint8_t>(kind)) continue;
        if (m_impl->polygon_contains(poly, p)) out.push_back(poly.place);
    }
    return out;
}

std::vector<Ring> Gazetteer::polygon(std::uint32_t place) const {
    std::vector<Ring> out;
    const auto idx = m_impl->places[place].polygon;
    if (idx == d::k_none) return out;
    const auto& poly = m_impl->polygons[idx];
    for (std::uint32_t r = poly.ring_begin; r < poly.ring_begin + poly.ring_count; ++r) {
        const auto& ring = m_impl->rings[r];
        Ring pts;
        pts.reserve(ring.vertex_count);
        for (std::uint32_t i = 0; i < ring.vertex_count; ++i) {
            const std::size_t v = 2 * (std::size_t{ring.vertex_begin} + i);
            pts.push_back(LonLat::unchecked(m_impl->vertices[v], m_impl->vertices[v + 1]));
        }
        out.push_back(std::move(pts));
    }
    return out;
}

BBox Gazetteer::bbox(std::uint32_t place) const {
    const auto& r = m_impl->places[place];
    if (r.polygon != d::k_none) {
        const auto& poly = m_impl->polygons[r.polygon];
        return BBox{poly.west, poly.south, poly.east, poly.north};
    }
    // A box that covers the extent circle, cheaply: a degree of latitude is at least
    // 110,574 m, and a degree of longitude at least 111,320 m * cos of the circle's largest
    // |latitude|. (Exact geodesic corners cost four direct problems per result.)
    const double dlat = r.radius_m / 110574.0;
    const double south = std::max(-90.0, r.lat - dlat);
    const double north = std::min(90.0, r.lat + dlat);
    const double widest = std::max(std::fabs(south), std::fabs(north));
    if (widest >= 89.999) return BBox{-180.0, south, 180.0, north};
    const double dlon = r.radius_m / (111320.0 * std::cos(widest * k_pi / 180.0));
    if (dlon >= 180.0) return BBox{-180.0, south, 180.0, north};
    return BBox{normalize_lon_deg(r.lon - dlon), south, normalize_lon_deg(r.lon + dlon), north};
}

std::optional<double> Gazetteer::distance_to_polygon_m(std::uint32_t place, LonLat p) const {
    const auto idx = m_impl->places[place].polygon;
    if (idx == d::k_none) return std::nullopt;
    const auto& poly = m_impl->polygons[idx];
    double best = INFINITY;
    for (std::uint32_t r = poly.ring_begin; r < poly.ring_begin + poly.ring_count; ++r) {
        const auto& ring = m_impl->rings[r];
        for (std::uint32_t i = 0; i < ring.vertex_count; ++i) {
            const std::size_t v = 2 * (std::size_t{ring.vertex_begin} + i);
            best = std::min(
                best, geodesy::distance_m(
                          p, LonLat::unchecked(m_impl->vertices[v], m_impl->vertices[v + 1])));
        }
    }
    return best;
}

std::vector<std::pair<std::uint32_t, double>> Gazetteer::nearest_cities(LonLat p,
                                                                        std::size_t k) const {
    std::vector<std::pair<std::uint32_t, double>> best;  // sorted by distance, at most k
    const Grid& g = m_impl->place_grid;
    if (k == 0 || g.ids.empty()) return best;
    const long col = g.column(p.lon);
    const long row = g.row(p.lat);
    const double cd = g.header->cell_deg;
    // A lower bound on the distance from p to any point of a cell: by latitude (a degree of
    // latitude is at least 110,574 m) or, in the cell's latitude band, by longitude (a
    // degree of longitude is at least 111,320 m * cos(the band's largest |lat|)).
    auto lower_bound_m = [&](long c, long r) {
        const double south = g.header->south + static_cast<double>(r) * cd;
        const double north = south + cd;
        const double lat_gap =
            p.lat < south ? south - p.lat : (p.lat > north ? p.lat - north : 0.0);
        const double west = g.header->west + static_cast<double>(c) * cd;
        double lon_gap = 0.0;
        if (p.lon < west || p.lon > west + cd) {
            const double a = std::fabs(normalize_lon_deg(west - p.lon));
            const double b = std::fabs(normalize_lon_deg(west + cd - p.lon));
            lon_gap = std::min(a, b);
        }
        // Two points whose longitudes differ by lon_gap and whose |latitudes| are at most
        // max_abs_lat are at least the chord 2 b cos(max_abs_lat) sin(lon_gap / 2) apart
        // (b: the polar radius), which never exceeds their geodesic distance even near a
        // pole, where an arc along the parallel would.
        const double max_abs_lat =
            std::min(90.0, std::max({std::fabs(south), std::fabs(north), std::fabs(p.lat)}));
        constexpr double k_rad = k_pi / 180.0;
        const double lon_m = 2.0 * 6356752.3 * std::cos(max_abs_lat * k_rad) *
                             std::sin(std::min(lon_gap, 180.0) * k_rad / 2.0);
        return std::max(lat_gap * 110574.0, lon_m);
    };
    const long cols = static_cast<long>(g.header->columns);
    const long max_radius = std::max(cols / 2 + 1, static_cast<long>(g.header->rows));
    for (long radius = 0; radius <= max_radius; ++radius) {
        double ring_bound = INFINITY;
        for (long dr = -radius; dr <= radius; ++dr) {
            for (long dc = -radius; dc <= radius; ++dc) {
                if (std::max(std::labs(dr), std::labs(dc)) != radius) continue;
                if (row + dr < 0 || row + dr >= static_cast<long>(g.header->rows)) continue;
                const double bound = lower_bound_m(col + dc, row + dr);
                ring_bound = std::min(ring_bound, bound);
                if (best.size() >= k && bound > best.back().second) continue;
                for (std::uint32_t id : g.cell(col + dc, row + dr)) {
                    if (m_impl->places[id].kind != static_cast<std::uint8_t>(place_kind::city))
                        continue;
                    if (std::any_of(best.begin(), best.end(),
                                    [&](const auto& e) { return e.first == id; }))
                        continue;  // cells repeat once the search wraps round the globe
                    const auto& r = m_impl->places[id];
                    const double dist = geodesy::distance_m(p, LonLat::unchecked(r.lon, r.lat));
                    if (best.size() >= k && dist >= best.back().second) continue;
                    const auto pos =
                        std::upper_bound(best.begin(), best.end(), dist,
                                         [](double v, const auto& e) { return v < e.second; });
                    best.insert(pos, {id, dist});
                    if (best.size() > k) best.pop_back();
                }
            }
        }
        // Every cell further out is at least as far as this ring's nearest cell.
        if (best.size() >= k && ring_bound > best.back().second) break;
    }
    return best;
}

std::vector<std::pair<std::uint32_t, double>> Gazetteer::places_within(LonLat p, double radius_m,
                                                                       place_kind kind) const {
    std::vector<std::pair<std::uint32_t, double>> out;
    const Grid& g = m_impl->place_grid;
    if (g.ids.empty() || !(radius_m >= 0)) return out;
    // Cells within the radius: a degree of latitude is at least 110,574 m; a degree of
    // longitude at latitude phi at least 111,320 m * cos(phi + the radius in degrees).
    const double dlat = radius_m / 110574.0 + g.header->cell_deg;
    const double lat_max = std::min(89.9, std::fabs(p.lat) + dlat);
    const double dlon = std::min(
        180.0, radius_m / (111320.0 * std::cos(lat_max * k_pi / 180.0)) + g.header->cell_deg);
    const long c0 = g.column(p.lon - dlon), c1 = g.column(p.lon + dlon);
    const long r0 = g.row(p.lat - dlat), r1 = g.row(p.lat + dlat);
    for (long r = r0; r <= r1; ++r)
        for (long c = c0; c <= std::min(c1, c0 + static_cast<long>(g.header->columns) - 1); ++c)
            for (std::uint32_t id : g.cell(c, r)) {
                const auto& rec = m_impl->places[id];
                if (rec.kind != static_cast<std::uint8_t>(kind)) continue;
                const double dist = geodesy::distance_m(p, LonLat::unchecked(rec.lon, rec.lat));
                if (dist <= radius_m) out.emplace_back(id, dist);
            }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    return out;
}

std::optional<std::pair<std::uint32_t, double>> Gazetteer::nearest_polygon(LonLat p,
                                                                           place_kind kind) const {
    // Polygons in order of a lower bound on their distance (to their bounding box, on the
    // sphere, less 1% for the ellipsoid); vertices are measured only while a polygon could
    // still be nearer than the best so far.
    std::vector<std::pair<double, std::uint32_t>> order;
    for (std::uint32_t i = 0; i < m_impl->polygons.size(); ++i) {
        const auto& poly = m_impl->polygons[i];
        if (m_impl->places[poly.place].kind != static_cast<std::uint8_t>(kind) ||
            poly.shape != static_cast<std::uint32_t>(d::shape_kind::area))
            continue;
        const LonLat nearest_in_box = LonLat::unchecked(std::clamp(p.lon, poly.west, poly.east),
                                                        std::clamp(p.lat, poly.south, poly.north));
        const double sphere_m = geodesy::spherical::haversine_distance_m(p, nearest_in_box);
        order.emplace_back(0.99 * sphere_m, i);
    }
    std::sort(order.begin(), order.end());
    std::optional<std::pair<std::uint32_t, double>> best;
    for (const auto& [bound, i] : order) {
        if (best && bound >= best->second) break;
        const auto place = m_impl->polygons[i].place;
        const auto d = distance_to_polygon_m(place, p);
        if (d && (!best || *d < best->second)) best = std::pair{place, *d};
    }
    return best;
}

}  // namespace incidentmap::gazetteer
