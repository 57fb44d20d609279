#pragma once
// Timing helpers shared by the benchmarks: the machine is shared and noisy, so every
// figure is the median of several runs, and rivals run interleaved in the same process.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace bench {

inline double seconds(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Contender {
    std::string name;
    std::function<void()> run;
    std::vector<double> times_s;
};

// Runs every contender `repeats` times, interleaved, after one warm-up run each.
inline void race(std::vector<Contender>& cs, int repeats) {
    for (auto& c : cs) c.run();
    for (int r = 0; r < repeats; ++r)
        for (auto& c : cs) c.times_s.push_back(seconds(c.run));
}

}  // namespace bench
