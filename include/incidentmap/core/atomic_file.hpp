#pragma once
/// @file
/// @brief AtomicFile: write a file under a temporary name in the same folder and rename
/// it into place only on commit, so that readers never see a half-written file.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief A file being written atomically.
///
/// The data goes to a temporary file `.NAME.xxxxxxxx` next to the target. commit() flushes,
/// syncs and renames it over the target (POSIX rename is atomic within a file system).
/// If the object is destroyed without commit() — an exception, an early return — the
/// temporary file is removed and any existing target is left untouched.
/// Not thread-safe; one writer per object. @since 0.1
class INCIDENTMAP_EXPORT AtomicFile {
public:
    /// @brief Create the temporary file.
    /// @param[in] path  the final path; its folder must exist and be writable
    /// @throws io_error if the temporary file cannot be created
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    AtomicFile(AtomicFile&&) noexcept;
    AtomicFile& operator=(AtomicFile&&) noexcept;

    /// @brief Append bytes. @throws io_error on a write failure (e.g. disk full).
    void write(std::string_view bytes);
    /// @brief Flush, fsync, close and rename into place. @throws io_error on failure, in
    /// which case the temporary file is removed.
    void commit();
    /// @brief Remove the temporary file without touching the target. noexcept.
    void discard() noexcept;

    /// @brief The final path.
    [[nodiscard]] const std::string& path() const noexcept;
    /// @brief The temporary path ("" after commit or discard).
    [[nodiscard]] const std::string& temp_path() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

/// @brief Write @p contents to @p path atomically. @throws io_error. @since 0.1
INCIDENTMAP_EXPORT void write_file_atomically(const std::string& path, std::string_view contents);

/// @brief Read a whole file. @throws io_error naming the path. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::string read_file(const std::string& path);

}  // namespace incidentmap
