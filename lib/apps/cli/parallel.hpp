#pragma once
// The CLI's batch loop: rows on all cores, results kept in input order by the caller.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

namespace incidentmap::cli {

// Runs f(i) for i in [0, n) on `threads` threads; shows progress on a terminal.
template <typename F>
void parallel_for(std::size_t n, unsigned threads, F&& f) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<std::size_t> next{0}, done{0};
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) {
            f(i);
            const std::size_t d = done.fetch_add(1) + 1;
            if (tty && (d % 1000 == 0 || d == n)) {
                static std::mutex m;
                std::lock_guard lock(m);
                const int width = 30;
                const int filled =
                    static_cast<int>(static_cast<double>(d) / static_cast<double>(n) * width);
                std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu", filled,
                             "##############################", width - filled, "", d, n);
                if (d == n) std::fprintf(stderr, "\n");
            }
        }
    };
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
}

}  // namespace incidentmap::cli
