#include "fetcher/archive.h"

#include "core/error.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace woa {

namespace fs = std::filesystem;

namespace {

using Reader = std::unique_ptr<struct archive, int (*)(struct archive*)>;

Reader new_reader() {
    Reader reader(archive_read_new(), archive_read_free);
    if (!reader) throw Error("libarchive: out of memory");
    return reader;
}

std::string libarchive_error(struct archive* a) {
    const char* text = archive_error_string(a);
    return text ? text : "unknown libarchive error";
}

// A file descriptor closed on every path out: by close(), whose result the caller checks, or
// on unwinding.
struct OwnedFd {
    explicit OwnedFd(int descriptor) : fd(descriptor) {}
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    ~OwnedFd() {
        if (fd >= 0) ::close(fd);
    }
    int close() { return ::close(std::exchange(fd, -1)); }
    int fd;
};

constexpr int max_link_hops = 40; // as Linux's MAXSYMLINKS

// The names of a relative path, without empty and "." ones ("a//./b/.." is a, b, ..).
std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string part = path.substr(start, end - start);
        if (!part.empty() && part != ".") parts.push_back(std::move(part));
        start = end + 1;
    }
    return parts;
}

// A name inside an archive turned into a relative path that stays inside the tree, or a
// refusal. Backslashes count as separators: zips made on Windows use them, and "..\x" must not
// slip through as one odd file name.
std::vector<std::string> safe_components(std::string name) {
    for (char& c : name)
        if (c == '\\') c = '/';
    if (!name.empty() && name[0] == '/') throw Error("absolute path refused");
    if (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0])))
        throw Error("absolute (drive) path refused");
    std::vector<std::string> parts = split_path(name);
    if (std::find(parts.begin(), parts.end(), "..") != parts.end())
        throw Error("'..' in the path refused");
    return parts;
}

fs::path join(const std::vector<std::string>& parts, std::size_t count) {
    fs::path out;
    for (std::size_t i = 0; i < count; i++)
        out /= parts[i];
    return out;
}

// Does a symbolic link at `link` (components inside the tree) pointing at `target` stay
// inside, counting '..' alone? Links it goes through are followed once the tree is complete.
void check_link_target(const std::vector<std::string>& link, std::string target) {
    for (char& c : target)
        if (c == '\\') c = '/';
    if (target.empty()) throw Error("symbolic link with an empty target");
    if (target[0] == '/' || (target.size() >= 2 && target[1] == ':'))
        throw Error("symbolic link to absolute path '" + target + "' leaves the tree");
    long depth = static_cast<long>(link.size()) - 1; // the folder the link is in
    for (const std::string& part : split_path(target)) {
        depth += part == ".." ? -1 : 1;
        if (depth < 0) throw Error("symbolic link to '" + target + "' leaves the tree");
    }
}

class Unpacker {
public:
    Unpacker(fs::path root, const ExtractLimits& limits)
        : root_(std::move(root)), limits_(limits) {}

    // Every entry of `reader`, then every link resolved in the finished tree; errors are
    // Error(what), labelled by the caller.
    void unpack_all(struct archive* reader) {
        for (;;) {
            struct archive_entry* entry = nullptr;
            const int status = archive_read_next_header(reader, &entry);
            if (status == ARCHIVE_EOF) {
                check_links();
                return;
            }
            if (status < ARCHIVE_WARN)
                throw Error("truncated or corrupt archive: " + libarchive_error(reader));
            const char* raw = archive_entry_pathname(entry);
            current_ = raw ? raw : "";
            if (++entries_ > limits_.max_entries)
                throw Error("more than " + std::to_string(limits_.max_entries) + " entries");
            unpack_one(reader, entry);
        }
    }

    const std::string& current() const { return current_; }

private:
    // The parent folders of `parts` exist as real folders, created here if needed; never a path
    // through a symbolic link the archive made (that is how a link pointing inside becomes a
    // way out).
    fs::path prepare_parent(const std::vector<std::string>& parts) {
        for (std::size_t i = 1; i < parts.size(); i++) {
            const fs::path dir = root_ / join(parts, i);
            const auto status = fs::symlink_status(dir);
            if (fs::is_symlink(status))
                throw Error("written through the symbolic link '" + join(parts, i).string() + "'");
            if (!fs::exists(status)) {
                fs::create_directory(dir);
            } else if (!fs::is_directory(status)) {
                throw Error("'" + join(parts, i).string() + "' is a file, not a folder");
            }
        }
        return root_ / join(parts, parts.size());
    }

    // Each link alone stays inside (check_link_target), but a link may go through others, and
    // an entry unpacked later may turn a folder it names into a link: so once the tree is
    // complete, every link is followed as the kernel would and must end inside.
    void check_links() {
        for (const auto& [name, parts] : links_) {
            current_ = name;
            const std::string target = fs::read_symlink(root_ / join(parts, parts.size()));
            int hops = 0;
            follow({parts.begin(), parts.end() - 1}, target, target, hops);
        }
        current_.clear();
    }

    // Follows `path` from `folder` (components inside the tree) through the links in the tree,
    // to where it ends; throws, naming the link's `target`, when it climbs above the root.
    std::vector<std::string> follow(std::vector<std::string> folder, const std::string& path,
                                    const std::string& target, int& hops) const {
        if (!path.empty() && path[0] == '/')
            throw Error("symbolic link to '" + target + "' leaves the tree");
        for (const std::string& part : split_path(path)) {
            if (part == "..") {
                if (folder.empty())
                    throw Error("symbolic link to '" + target + "' leaves the tree");
                folder.pop_back();
                continue;
            }
            folder.push_back(part);
            const fs::path here = root_ / join(folder, folder.size());
            if (!fs::is_symlink(fs::symlink_status(here))) continue;
            if (++hops > max_link_hops)
                throw Error("symbolic link to '" + target +
                            "' goes through too many symbolic links");
            folder.pop_back();
            folder = follow(std::move(folder), fs::read_symlink(here), target, hops);
        }
        return folder;
    }

    // A file, link or folder of the same name written earlier is replaced, not followed.
    static void clear_destination(const fs::path& path) {
        const auto status = fs::symlink_status(path);
        if (fs::is_directory(status)) throw Error("a file would replace a folder");
        if (fs::exists(status) || fs::is_symlink(status)) fs::remove(path);
    }

    void unpack_one(struct archive* reader, struct archive_entry* entry) {
        const std::vector<std::string> parts = safe_components(current_);
        if (parts.empty()) return; // "./": the root itself
        const mode_t type = archive_entry_filetype(entry);
        const char* hardlink = archive_entry_hardlink(entry);
        const fs::path path = prepare_parent(parts);

        if (hardlink) {
            const std::vector<std::string> target = safe_components(hardlink);
            if (target.empty()) throw Error("hard link to the tree's root");
            const fs::path target_path = prepare_parent(target);
            if (!fs::is_regular_file(fs::symlink_status(target_path)))
                throw Error("hard link to '" + std::string(hardlink) +
                            "', which is not a file unpacked before it");
            clear_destination(path);
            fs::create_hard_link(target_path, path);
            return;
        }
        switch (type) {
        case AE_IFDIR: {
            const auto status = fs::symlink_status(path);
            if (fs::is_symlink(status) || (fs::exists(status) && !fs::is_directory(status)))
                throw Error("a folder would replace a file or link");
            fs::create_directory(path);
            return;
        }
        case AE_IFLNK: {
            const char* target = archive_entry_symlink(entry);
            check_link_target(parts, target ? target : "");
            clear_destination(path);
            fs::create_symlink(target, path);
            links_.emplace_back(current_, parts);
            return;
        }
        case AE_IFREG:
            write_file(reader, entry, path);
            return;
        default:
            throw Error("special file (device, fifo or socket) refused");
        }
    }

    void write_file(struct archive* reader, struct archive_entry* entry, const fs::path& path) {
        if (archive_entry_size_is_set(entry) &&
            static_cast<std::uint64_t>(archive_entry_size(entry)) > limits_.max_file_bytes)
            throw Error("declares " + std::to_string(archive_entry_size(entry)) +
                        " bytes, over the limit of " + std::to_string(limits_.max_file_bytes));
        clear_destination(path);
        const mode_t mode = (archive_entry_perm(entry) & 0111) ? 0755 : 0644;
        OwnedFd file(
            ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
        if (file.fd < 0)
            throw Error("cannot create " + path.string() + ": " + std::strerror(errno));
        const int fd = file.fd;
        std::array<char, 1 << 16> buffer;
        std::uint64_t written = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(reader, buffer.data(), buffer.size());
            if (n == 0) break;
            if (n < 0) throw Error("truncated or corrupt archive: " + libarchive_error(reader));
            written += static_cast<std::uint64_t>(n);
            total_ += static_cast<std::uint64_t>(n);
            if (written > limits_.max_file_bytes)
                throw Error("unpacks to more than " + std::to_string(limits_.max_file_bytes) +
                            " bytes");
            if (total_ > limits_.max_total_bytes)
                throw Error("the archive unpacks to more than " +
                            std::to_string(limits_.max_total_bytes) + " bytes");
            for (la_ssize_t done = 0; done < n;) {
                const ssize_t w = ::write(fd, buffer.data() + done, static_cast<size_t>(n - done));
                if (w < 0) {
                    if (errno == EINTR) continue;
                    throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
                }
                done += w;
            }
        }
        if (file.close() != 0)
            throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    }

    fs::path root_;
    ExtractLimits limits_;
    std::uint64_t total_ = 0, entries_ = 0;
    std::string current_;
    std::vector<std::pair<std::string, std::vector<std::string>>> links_; // name, components
};

// Runs `body` with `into` freshly created; on failure `into` is removed and the error names
// the archive (and the entry being unpacked, when there was one).
template <typename Body>
void unpack_into(const fs::path& archive, const fs::path& into, const ExtractLimits& limits,
                 Body body) {
    if (fs::exists(fs::symlink_status(into)))
        throw Error("cannot unpack into " + into.string() + ": it exists");
    fs::create_directories(into);
    Unpacker unpacker(into, limits);
    try {
        body(unpacker);
    } catch (const std::exception& e) {
        std::error_code ignored;
        fs::remove_all(into, ignored);
        const std::string entry = unpacker.current();
        throw InputError(archive, (entry.empty() ? "" : "entry '" + entry + "': ") + e.what());
    }
}

void open_file(struct archive* reader, const fs::path& file) {
    if (archive_read_open_filename(reader, file.c_str(), 1 << 16) != ARCHIVE_OK)
        throw Error("cannot read it as an archive: " + libarchive_error(reader));
}

} // namespace

void extract_archive(const fs::path& archive, const fs::path& into, const ExtractLimits& limits) {
    unpack_into(archive, into, limits, [&](Unpacker& unpacker) {
        Reader reader = new_reader();
        archive_read_support_filter_all(reader.get());
        archive_read_support_format_all(reader.get());
        open_file(reader.get(), archive);
        unpacker.unpack_all(reader.get());
    });
}

void extract_deb(const fs::path& deb, const fs::path& into, const ExtractLimits& limits) {
    unpack_into(deb, into, limits, [&](Unpacker& unpacker) {
        Reader outer = new_reader();
        archive_read_support_format_ar(outer.get());
        open_file(outer.get(), deb);
        bool first = true;
        for (;;) {
            struct archive_entry* member = nullptr;
            const int status = archive_read_next_header(outer.get(), &member);
            if (status == ARCHIVE_EOF) break;
            if (status < ARCHIVE_WARN)
                throw Error("truncated or corrupt package: " + libarchive_error(outer.get()));
            const std::string name = archive_entry_pathname(member);
            if (first && name != "debian-binary")
                throw Error("not a Debian package: its first member is '" + name +
                            "', not debian-binary");
            first = false;
            if (name.rfind("data.tar", 0) != 0) continue;
            // The member is read straight out of the outer archive: no temporary copy.
            Reader inner = new_reader();
            archive_read_support_filter_all(inner.get());
            archive_read_support_format_tar(inner.get());
            auto read = [](struct archive*, void* outer_archive,
                           const void** buffer) -> la_ssize_t {
                static thread_local std::array<char, 1 << 16> block;
                *buffer = block.data();
                return archive_read_data(static_cast<struct archive*>(outer_archive), block.data(),
                                         block.size());
            };
            if (archive_read_open(inner.get(), outer.get(), nullptr, read, nullptr) != ARCHIVE_OK)
                throw Error(name +
                            ": cannot read it as an archive: " + libarchive_error(inner.get()));
            unpacker.unpack_all(inner.get());
            return;
        }
        throw Error("not a Debian package: no data.tar member");
    });
}

void decompress(const fs::path& file, std::uint64_t max_bytes,
                const std::function<void(std::string_view)>& sink) {
    Reader reader = new_reader();
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_raw(reader.get());
    struct archive_entry* entry = nullptr;
    if (archive_read_open_filename(reader.get(), file.c_str(), 1 << 16) != ARCHIVE_OK ||
        archive_read_next_header(reader.get(), &entry) != ARCHIVE_OK)
        throw InputError(file, "cannot decompress: " + libarchive_error(reader.get()));
    std::array<char, 1 << 16> buffer;
    std::uint64_t total = 0;
    for (;;) {
        const la_ssize_t n = archive_read_data(reader.get(), buffer.data(), buffer.size());
        if (n == 0) return;
        if (n < 0)
            throw InputError(file, "truncated or corrupt: " + libarchive_error(reader.get()));
        total += static_cast<std::uint64_t>(n);
        if (total > max_bytes)
            throw InputError(file,
                             "decompresses to more than " + std::to_string(max_bytes) + " bytes");
        sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
}

} // namespace woa
