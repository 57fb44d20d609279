#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
    std::string temp = dir + "." + base + ".XXXXXX";
    m_impl->fd = ::mkstemp(temp.data());
    if (m_impl->fd < 0)
        throw io_error(m_impl->path,
                       "cannot create a temporary file in its folder: " + os_message(errno));
    m_impl->temp = std::move(temp);
    // mkstemp creates 0600; give the final file the usual permissions (umask applies).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(m_impl->fd, 0666 & ~mask);
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
}

void AtomicFile::discard() noexcept {
    if (m_impl) m_impl->discard();
}

const std::string& AtomicFile::path() const noexcept {
    return m_impl->path;
}
const std::string& AtomicFile::temp_path() const noexcept {
    return m_impl->temp;
}

void write_file_atomically(const std::string& path, std::string_view contents) {
    AtomicFile f(path);
    f.write(contents);
    f.commit();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error(path, "cannot open for reading: " + os_message(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw io_error(path, "read failed");
    return std::move(ss).str();
}

}  // namespace incidentmap
