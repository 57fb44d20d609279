// Forward geocoding throughput and latency on 100,000 mixed queries drawn (fixed seed) from
// the gazetteer itself, on one core and on all cores; and the gazetteer's load time and
// peak resident memory.
//
//   bench_geocode GAZETTEER [QUERIES=100000] [OSM_GAZETTEER...]
// OSM gazetteers (from `incidentmap gazetteer import`) are stacked on the first; their
// named points of interest make the POI share of the mix.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geocode/geocoder.hpp>

#include "bench_common.hpp"

namespace im = incidentmap;
using im::gazetteer::place_kind;

namespace {

long peak_rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

struct Query {
    std::string text;
    const char* kind;
};

std::vector<Query> make_queries(const im::gazetteer::Gazetteer& g,
                                const std::vector<std::string>& pois, std::size_t n,
                                unsigned seed) {
    std::vector<std::uint32_t> cities, us_cities, counties, zips;
    for (std::uint32_t i = 0; i < g.size(); ++i) {
        const auto p = g.place(i);
        if (p.kind == place_kind::city && p.population >= 1000) {
            cities.push_back(i);
            if (p.country_code == "US" && p.admin1) us_cities.push_back(i);
        }
        if (p.kind == place_kind::county) counties.push_back(i);
        if (p.kind == place_kind::postal_code) zips.push_back(i);
    }
    std::mt19937_64 rng(seed);
    auto pick = [&](const std::vector<std::uint32_t>& v) { return v[rng() % v.size()]; };
    std::vector<Query> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned r = static_cast<unsigned>(rng() % 100);
        if (r >= 90 && r < 95 && !pois.empty()) {
            out.push_back({pois[rng() % pois.size()], "poi"});
        } else if (r < 40) {
            out.push_back({std::string(g.place(pick(cities)).name), "city"});
        } else if (r < 70) {
            const auto p = g.place(pick(us_cities));
            out.push_back(
                {std::string(p.name) + ", " + std::string(g.place(*p.admin1).name), "city, state"});
        } else if (r < 80 && !counties.empty()) {
            out.push_back({std::string(g.place(pick(counties)).name), "county"});
        } else if (r < 90) {
            // One letter dropped, in plain-ASCII names (a dropped byte of a UTF-8 sequence
            // would make an invalid query, not a typo).
            std::string name(g.place(pick(cities)).name);
            while (name.size() < 6 ||
                   std::any_of(name.begin(), name.end(), [](char c) { return (c & 0x80) != 0; }))
                name = std::string(g.place(pick(cities)).name);
            name.erase(1 + rng() % (name.size() - 2), 1);
            out.push_back({name, "typo"});
        } else if (!zips.empty()) {
            out.push_back({std::string(g.place(pick(zips)).name).substr(0, 5), "postal code"});
        } else {
            out.push_back({std::string(g.place(pick(cities)).name), "city"});
        }
    }
    return out;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_geocode GAZETTEER [QUERIES]\n");
        return 2;
    }
    const std::string path = argv[1];
    const std::size_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
    std::vector<im::gazetteer::Gazetteer> extra;
    for (int i = 3; i < argc; ++i) extra.push_back(im::gazetteer::Gazetteer::open(argv[i]));

    // Load time: open() maps the file and checks its XXH3 checksum (page cache warm after
    // the first run); median of 7.
    std::vector<double> load_s;
    for (int i = 0; i < 7; ++i)
        load_s.push_back(bench::seconds([&] { (void)im::gazetteer::Gazetteer::open(path); }));
    const auto g = im::gazetteer::Gazetteer::open(path);
    // The typo index makes its keys' signatures on its first use.
    const double sort_s = bench::seconds(
        [&] { (void)g.fuzzy_lookup("sorting", 1, im::gazetteer::fuzzy_method::index); });
    std::vector<const im::gazetteer::Gazetteer*> stack{&g};
    std::vector<std::string> pois;
    for (const auto& e : extra) {
        stack.push_back(&e);
        for (std::uint32_t i = 0; i < e.size(); ++i)
            if (e.place(i).kind == place_kind::poi) pois.emplace_back(e.place(i).name);
    }
    const im::geocode::Geocoder coder(stack);
    std::printf("gazetteer %s: %zu places, %.1f MB\n", path.c_str(), g.size(),
                static_cast<double>(g.info().file_bytes) / 1e6);
    std::printf("load (open + checksum): median %.1f ms of 7; peak RSS so far %.1f MB\n",
                bench::median(load_s) * 1e3, static_cast<double>(peak_rss_kb()) / 1024.0);

    const auto queries = make_queries(g, pois, n, 20260108);
    for (const auto& q : queries) (void)coder.geocode(q.text);  // warm-up

    // One core: latency of every query.
    std::vector<double> latency_us(queries.size());
    std::size_t answered = 0;
    const double one_core_s = bench::seconds([&] {
        for (std::size_t i = 0; i < queries.size(); ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            answered += coder.geocode(queries[i].text).empty() ? 0 : 1;
            latency_us[i] =
                std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
                    .count();
        }
    });
    std::printf(
        "\n%zu mixed queries, one core: %.0f queries/s, p50 %.2f us, p99 %.2f us, %zu answered\n",
        queries.size(), static_cast<double>(queries.size()) / one_core_s,
        percentile(latency_us, 0.5), percentile(latency_us, 0.99), answered);
    for (const char* kind : {"city", "city, state", "county", "typo", "poi", "postal code"}) {
        std::vector<double> lat;
        double total = 0;
        for (std::size_t i = 0; i < queries.size(); ++i)
            if (std::string_view(queries[i].kind) == kind) {
                lat.push_back(latency_us[i]);
                total += latency_us[i];
            }
        if (lat.empty()) continue;
        std::printf("  %-12s %6zu queries: %9.0f queries/s, p50 %7.2f us, p99 %8.2f us\n", kind,
                    lat.size(), 1e6 * static_cast<double>(lat.size()) / total, percentile(lat, 0.5),
                    percentile(lat, 0.99));
    }

    // The typo fallback alone: Gazetteer::fuzzy_lookup with the index (letter and letter-pair
    // signatures) against the reference scan, on the typo queries (normalised, at
    // the geocoder's limit: 1 edit for 5-7 letters, 2 from 8), with identical answers
    // checked. The first index call makes the signatures: timed apart, above.
    {
        std::vector<std::string> typos;
        for (const auto& q : queries)
            if (std::string_view(q.kind) == "typo") typos.push_back(q.text);
        const auto limit = [](const std::string& t) {
            const auto len = im::gazetteer::normalize_name(t).size();
            return len >= 8 ? 2u : (len >= 5 ? 1u : 0u);
        };
        const auto same = [&](const std::string& t) {
            auto key = [](std::vector<im::gazetteer::NameHit> v) {
                std::vector<std::pair<std::uint32_t, unsigned>> out;
                for (const auto& h : v) out.emplace_back(h.place, h.edit_distance);
                std::sort(out.begin(), out.end());
                return out;
            };
            return key(g.fuzzy_lookup(t, limit(t), im::gazetteer::fuzzy_method::index)) ==
                   key(g.fuzzy_lookup(t, limit(t), im::gazetteer::fuzzy_method::scan));
        };
        std::size_t identical = 0;
        for (const auto& t : typos) identical += same(t) ? 1 : 0;
        std::size_t hits = 0;
        std::vector<double> index_s, scan_s;
        for (int rep = 0; rep < 3; ++rep) {
            index_s.push_back(bench::seconds([&] {
                for (const auto& t : typos)
                    hits += g.fuzzy_lookup(t, limit(t), im::gazetteer::fuzzy_method::index).size();
            }));
            scan_s.push_back(bench::seconds([&] {
                for (const auto& t : typos)
                    hits += g.fuzzy_lookup(t, limit(t), im::gazetteer::fuzzy_method::scan).size();
            }));
        }
        const double nt = static_cast<double>(typos.size());
        std::printf(
            "typo fallback alone, one core, median of 3: index %.0f queries/s, scan %.0f "
            "queries/s (%.1fx); identical answers for %zu of %zu; first index call (the keys' "
            "signatures made) %.0f ms\n",
            nt / bench::median(index_s), nt / bench::median(scan_s),
            bench::median(scan_s) / bench::median(index_s), identical, typos.size(), sort_s * 1e3);
        if (hits == 0) std::printf("(no hits)\n");
    }

    // All cores: the same queries split over every hardware thread; median of 5 runs.
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<double> all_s;
    for (int rep = 0; rep < 5; ++rep) {
        all_s.push_back(bench::seconds([&] {
            std::atomic<std::size_t> next{0};
            std::vector<std::jthread> pool;
            for (unsigned t = 0; t < threads; ++t)
                pool.emplace_back([&] {
                    for (std::size_t i; (i = next.fetch_add(64)) < queries.size();)
                        for (std::size_t k = i; k < std::min(i + 64, queries.size()); ++k)
                            (void)coder.geocode(queries[k].text);
                });
        }));
    }
    std::printf("all %u cores: %.0f queries/s (median of 5)\n", threads,
                static_cast<double>(queries.size()) / bench::median(all_s));
    std::printf("peak RSS: %.1f MB\n", static_cast<double>(peak_rss_kb()) / 1024.0);
    return 0;
}
