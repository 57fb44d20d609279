#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

namespace incidentmap {

namespace {
std::string os_message(int err) {
    return std::strerror(err);
}
}  // namespace

struct AtomicFile::impl {
    std::string path;
    std::string temp;
    int fd = -1;

    ~impl() { discard(); }

    void discard() noexcept {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
        if (!temp.empty()) {
            ::unlink(temp.c_str());
            temp.clear();
        }
    }
};

AtomicFile::AtomicFile(std::string path) : m_impl(std::make_unique<impl>()) {
    m_impl->path = std::move(path);
    const auto slash = m_impl->path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "" : m_impl->path.substr(0, slash + 1);
    const std::string base =
        slash == std::string::npos ? m_impl->path : m_impl->path.substr(slash + 1);
    if (base.empty()) throw io_error(m_impl->path, "not a file name");
    // Like mkstemp, but created with mode 0666 so that the process umask applies and the
    // published file gets the usual permissions (mkstemp's 0600 would need a umask call,
    // which is process-wide and racy).
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char k_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    int err = 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string temp = dir + "." + base + ".";
        for (int i = 0; i < 8; ++i) temp += k_chars[rng() % (sizeof k_chars - 1)];
        m_impl->fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_impl->fd >= 0) {
            m_impl->temp = std::move(temp);
            return;
        }
        err = errno;
        if (err != EEXIST) break;
    }
    throw io_error(m_impl->path,
                   "cannot create a temporary file in its folder: " + os_message(err));
}

AtomicFile::~AtomicFile() = default;
AtomicFile::AtomicFile(AtomicFile&&) noexcept = default;
AtomicFile& AtomicFile::operator=(AtomicFile&&) noexcept = default;

void AtomicFile::write(std::string_view bytes) {
    if (!m_impl || m_impl->fd < 0) throw io_error(m_impl ? m_impl->path : "", "file is closed");
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(m_impl->fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            std::string path = m_impl->path;
            m_impl->discard();
            throw io_error(path, "write failed: " + os_message(err));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (!m_impl || m_impl->fd < 0) throw io_error(m_impl ? m_impl->path : "", "file is closed");
    const std::string path = m_impl->path;
    if (::fsync(m_impl->fd) != 0 && errno != EINVAL) {
        const int err = errno;
        m_impl->discard();
        throw io_error(path, "fsync failed: " + os_message(err));
    }
    const int fd = m_impl->fd;
    m_impl->fd = -1;
    if (::close(fd) != 0) {
        const int err = errno;
        m_impl->discard();
        throw io_error(path, "close failed: " + os_message(err));
    }
    if (::rename(m_impl->temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        m_impl->discard();
        throw io_error(path, "cannot rename the temporary file into place: " + os_message(err));
    }
    m_impl->temp.clear();
    // Make the rename itself durable.
    const auto slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void AtomicFile::discard() noexcept {
    if (m_impl) m_impl->discard();
}

namespace {
const std::string k_empty;
}

const std::string& AtomicFile::path() const noexcept {
    return m_impl ? m_impl->path : k_empty;
}
const std::string& AtomicFile::temp_path() const noexcept {
    return m_impl ? m_impl->temp : k_empty;
}

void write_file_atomically(const std::string& path, std::string_view contents) {
    AtomicFile f(path);
    f.write(contents);
    f.commit();
}

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw io_error(path, "is a folder; expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error(path, "cannot open for reading: " + os_message(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw io_error(path, "read failed");
    return std::move(ss).str();
}

}  // namespace incidentmap
