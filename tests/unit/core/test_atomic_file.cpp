#include <filesystem>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

using namespace incidentmap;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("incidentmap-test-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    [[nodiscard]] std::size_t entries() const {
        return static_cast<std::size_t>(
            std::distance(fs::directory_iterator(path), fs::directory_iterator{}));
    }
};
}  // namespace

TEST_SUITE("core") {
    TEST_CASE("nothing appears at the target until commit, and then all of it") {
        TempDir dir;
        const std::string target = (dir.path / "layer.geojson").string();
        {
            AtomicFile f(target);
            f.write("{\"type\":");
            CHECK_FALSE(fs::exists(target));
            CHECK(fs::exists(f.temp_path()));
            f.write("\"FeatureCollection\",\"features\":[]}");
            f.commit();
        }
        CHECK(read_file(target) == "{\"type\":\"FeatureCollection\",\"features\":[]}");
        CHECK(dir.entries() == 1);
    }

    TEST_CASE("an error before commit leaves the old file and no temporary behind") {
        TempDir dir;
        const std::string target = (dir.path / "layer.geojson").string();
        write_file_atomically(target, "old complete content");
        try {
            AtomicFile f(target);
            f.write("new, half-writ");
            throw std::runtime_error("simulated failure while writing");
        } catch (const std::runtime_error&) {
        }
        CHECK(read_file(target) == "old complete content");
        CHECK(dir.entries() == 1);
    }

    TEST_CASE("an unwritable folder is an io_error naming the path") {
        try {
            AtomicFile f("/nonexistent-folder-incidentmap/out.geojson");
            FAIL("expected io_error");
        } catch (const io_error& e) {
            CHECK(e.code() == errc::io_error);
            CHECK(e.path() == "/nonexistent-folder-incidentmap/out.geojson");
            CHECK(std::string(e.what()).find("temporary file") != std::string::npos);
        }
        CHECK_THROWS_AS((void)read_file("/nonexistent-folder-incidentmap/in.json"), io_error);
    }
}
