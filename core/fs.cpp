#include "core/fs.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <openssl/evp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;

namespace {
std::string errno_text() {
    return std::strerror(errno);
}
} // namespace

void write_file_atomically(const fs::path& path, const std::string& content) {
    // A temporary name of its own (mkstemp), beside the file so that rename() replaces it in
    // one step: threads and processes writing the same file at once never share one. Errors
    // name `path`, never the temporary file.
    std::string tmp = path.string() + ".tmp-XXXXXX";
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) throw Error("cannot write " + path.string() + ": " + errno_text());
    auto fail = [&tmp](const std::string& what, int fd_to_close) {
        const std::string why = errno_text();
        if (fd_to_close >= 0) ::close(fd_to_close);
        ::unlink(tmp.c_str());
        throw Error(what + ": " + why);
    };
    const std::string writing = "cannot write " + path.string();
    if (::fchmod(fd, 0644) != 0) fail(writing, fd); // mkstemp's is 0600
    const char* p = content.data();
    size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(writing, fd);
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) fail(writing, fd);
    if (::close(fd) != 0) fail(writing, -1);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot replace " + path.string(), -1);
}

std::string read_file(const fs::path& path, std::uintmax_t limit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open: " + errno_text());
    std::string data;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<size_t>(in.gcount()));
        if (data.size() > limit)
            throw InputError(path, "larger than " + std::to_string(limit) + " bytes");
    }
    if (in.bad()) throw InputError(path, "read failed: " + errno_text());
    return data;
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; i++) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string file_digest(const fs::path& path, const std::string& algorithm) {
    const EVP_MD* md = algorithm == "sha512"   ? EVP_sha512()
                       : algorithm == "sha256" ? EVP_sha256()
                                               : nullptr;
    if (!md) throw Error("internal: unknown digest " + algorithm);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open: " + errno_text());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, md, nullptr);
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        EVP_DigestUpdate(ctx, buffer, static_cast<size_t>(in.gcount()));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx, digest, &length);
    EVP_MD_CTX_free(ctx);
    if (in.bad()) throw InputError(path, "read failed: " + errno_text());
    return to_hex(digest, length);
}

std::string sha256_file(const fs::path& path) {
    return file_digest(path, "sha256");
}

std::string sha256_text(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    return to_hex(digest, length);
}

void clone_tree(const fs::path& from, const fs::path& to,
                const std::function<bool(const fs::path&)>& share) {
    fs::create_directories(to);
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
         ++it) {
        // lexically: fs::relative would resolve symlinks (dosdevices/c: is ../drive_c)
        const fs::path relative = it->path().lexically_relative(from);
        const fs::path target = to / relative;
        const auto status = it->symlink_status();
        if (fs::is_symlink(status)) {
            fs::create_symlink(fs::read_symlink(it->path()), target);
        } else if (fs::is_directory(status)) {
            fs::create_directory(target);
        } else if (fs::is_regular_file(status)) {
            std::error_code ec;
            if (share(relative)) fs::create_hard_link(it->path(), target, ec);
            if (!share(relative) || ec) fs::copy_file(it->path(), target);
        }
    }
}

FileLock::FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot open lock " + path.string() + ": " + errno_text());
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) {
            std::string why = errno_text();
            ::close(fd_);
            fd_ = -1;
            throw Error("cannot lock " + path.string() + ": " + why);
        }
    }
}

bool FileLock::try_lock(const fs::path& path, FileLock& out) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("cannot open lock " + path.string() + ": " + errno_text());
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return false;
    }
    out = FileLock();
    out.fd_ = fd;
    return true;
}

FileLock FileLock::removed_when_released(const fs::path& path) {
    for (;;) {
        FileLock lock(path);
        struct stat held {
        }, named{};
        // The holder before us may have unlinked the file we waited on: ours must be the one
        // the path names now, or two processes would each hold a lock of their own.
        if (::fstat(lock.fd_, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            lock.remove_ = path;
            return lock;
        }
    }
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_), remove_(std::move(other.remove_)) {
    other.fd_ = -1;
    other.remove_.clear();
}

void FileLock::release() noexcept {
    if (fd_ < 0) return;
    if (!remove_.empty()) ::unlink(remove_.c_str()); // before unlocking: see removed_when_released
    ::close(fd_);                                    // closing releases the flock
    fd_ = -1;
    remove_.clear();
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        release();
        fd_ = other.fd_;
        remove_ = std::move(other.remove_);
        other.fd_ = -1;
        other.remove_.clear();
    }
    return *this;
}

FileLock::~FileLock() {
    release();
}

ScratchDir::ScratchDir(const fs::path& parent, const std::string& prefix) {
    fs::create_directories(parent);
    std::string pattern = (parent / (prefix + "XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        throw Error("cannot create a folder in " + parent.string() + ": " + errno_text());
    path_ = pattern;
}

ScratchDir::~ScratchDir() {
    if (keep_) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
}

} // namespace woa
