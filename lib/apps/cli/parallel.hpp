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
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(n, 1)));
    std::atomic<std::size_t> next{0}, done{0};
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    std::mutex m;
    const auto progress = [&](std::size_t d) {
        const int width = 30;
        const int filled =
            static_cast<int>(static_cast<double>(d) / static_cast<double>(n) * width);
        std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu", filled, "##############################",
                     width - filled, "", d, n);
    };
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) {
            f(i);
            const std::size_t d = done.fetch_add(1) + 1;
            if (tty && d % 1000 == 0 && d < n) {
                std::lock_guard lock(m);
                progress(d);
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
        worker();
    }  // joined: the last progress line comes after every other
    if (tty && n > 0) {
        progress(n);
        std::fprintf(stderr, "\n");
    }
}

}  // namespace incidentmap::cli
