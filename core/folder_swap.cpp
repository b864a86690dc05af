#include "core/folder_swap.h"

#include "core/error.h"
#include "core/fs.h"

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <set>
#include <sstream>
#include <vector>

namespace woa {

namespace fs = std::filesystem;

namespace {

fs::path sibling(const fs::path& dir, const char* suffix) {
    return dir.string() + suffix;
}

std::string marker_header(const FolderMark& mark) {
    return "This folder is a " + mark.kind +
           ". woa replaces it only while it holds nothing but the paths below.\n";
}

// The paths a marker lists (its first line says what the folder is).
std::set<std::string> listed_paths(const fs::path& marker) {
    std::istringstream lines(read_file(marker, 64u << 20));
    std::set<std::string> out;
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line))
        if (!line.empty()) out.insert(line);
    return out;
}

// Every path below `dir` (folders too, links not followed), relative with '/', sorted.
std::vector<std::string> paths_below(const fs::path& dir) {
    std::vector<std::string> out;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it)
        out.push_back(it->path().lexically_relative(dir).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

void check_replaceable(const fs::path& dir, const FolderMark& mark) {
    std::error_code ec;
    const auto status = fs::symlink_status(dir, ec);
    if (!fs::exists(status)) return;
    if (!fs::is_directory(status))
        throw InputError(dir, "already exists and is not a folder (choose a new folder)");
    if (fs::is_empty(dir)) return;
    const fs::path marker = dir / mark.marker;
    if (!fs::is_regular_file(fs::symlink_status(marker)))
        throw InputError(dir, "already exists and is not a " + mark.kind + " (no " + mark.marker +
                                  " in it): choose a new folder, or remove it");
    const auto listed = listed_paths(marker);
    if (listed.empty()) return;
    for (const auto& path : paths_below(dir))
        if (path != mark.marker && !listed.count(path))
            throw InputError(dir, "holds " + path + ", which is not part of the " + mark.kind +
                                      ": choose a new folder, or move it away first");
}

FolderSwap::FolderSwap(fs::path out, FolderMark mark) : mark_(std::move(mark)) {
    out = fs::absolute(out).lexically_normal();
    if (out.filename().empty()) out = out.parent_path(); // "site/" -> "site"
    out_ = out;
    partial_ = sibling(out_, ".partial");
    check_replaceable(out_, mark_);
    check_replaceable(partial_, mark_);
    check_replaceable(sibling(out_, ".old"), mark_);
    fs::remove_all(partial_);
    fs::create_directories(partial_);
    write_file_atomically(partial_ / mark_.marker, marker_header(mark_));
}

FolderSwap::~FolderSwap() {
    std::error_code ignored;
    if (!committed_) fs::remove_all(partial_, ignored);
}

void FolderSwap::commit() {
    std::string listing = marker_header(mark_);
    for (const auto& path : paths_below(partial_))
        if (path != mark_.marker) listing += path + "\n";
    write_file_atomically(partial_ / mark_.marker, listing);
    check_replaceable(out_, mark_); // again: someone may have written into it meanwhile
    if (!fs::exists(fs::symlink_status(out_))) {
        fs::rename(partial_, out_);
    } else if (renameat2(AT_FDCWD, partial_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) ==
               0) {
        fs::remove_all(partial_); // the old folder, swapped out in one step
    } else {
        // A file system without the exchange: move the old folder aside first.
        const fs::path old = sibling(out_, ".old");
        check_replaceable(old, mark_);
        fs::remove_all(old);
        fs::rename(out_, old);
        fs::rename(partial_, out_);
        fs::remove_all(old);
    }
    committed_ = true;
}

} // namespace woa
