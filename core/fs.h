// Filesystem helpers that keep woa's promise of "nothing half-written".
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace woa {

// Writes `content` to `path` through a temporary file of its own (mkstemp) in the same folder
// and a rename, so a reader sees the old file or the new one, never a part, and writers at
// once (threads or processes) never share a temporary file: the last rename wins. Errors name
// `path`, never the temporary file.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

// Reads at most `limit` bytes; throws InputError when the file is larger, so a hostile or
// runaway file cannot exhaust memory.
std::string read_file(const std::filesystem::path& path, std::uintmax_t limit = 16u << 20);

// Lower-case hex digest of a file's content with "sha256" or "sha512".
std::string file_digest(const std::filesystem::path& path, const std::string& algorithm);
std::string sha256_file(const std::filesystem::path& path);
std::string sha256_text(std::string_view text);

// Lower-case hex of raw bytes.
std::string to_hex(const unsigned char* bytes, std::size_t size);

// Recreates `from` at `to` (which must not exist). Files for which `share(relative_path)` is
// true are hard-linked (they are never written after creation), the rest copied; symlinks are
// copied as symlinks.
void clone_tree(const std::filesystem::path& from, const std::filesystem::path& to,
                const std::function<bool(const std::filesystem::path&)>& share);

// An exclusive advisory lock (flock) on a lock file, held for the object's lifetime.
class FileLock {
public:
    explicit FileLock(const std::filesystem::path& path); // blocks until acquired
    static bool try_lock(const std::filesystem::path& path, FileLock& out);
    // A lock whose file is removed when it is released, for a lock beside things people list
    // (a target's .NAME.lock): the holder unlinks it before unlocking, and a waiter that then
    // gets the lock of a removed file tries again on the path's new one.
    static FileLock removed_when_released(const std::filesystem::path& path);
    FileLock() = default;
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();
    bool held() const { return fd_ >= 0; }

private:
    void release() noexcept;
    int fd_ = -1;
    std::filesystem::path remove_; // unlinked on release, when set
};

// A fresh folder that is removed (with everything in it) when the object dies, unless kept.
class ScratchDir {
public:
    ScratchDir(const std::filesystem::path& parent, const std::string& prefix);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    void keep() { keep_ = true; }

private:
    std::filesystem::path path_;
    bool keep_ = false;
};

} // namespace woa
