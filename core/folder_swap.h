// Folders woa writes for people to read (the site of `woa publish`, the bundle of `woa repro`):
// built whole beside their place and swapped in, and never put over a folder that holds
// anything woa did not write there.
#pragma once

#include <filesystem>
#include <string>

namespace woa {

// What a folder woa made says of itself: the marker file in it (".woa-site") lists every path
// woa wrote there, and `kind` names it in messages ("site made by woa publish").
struct FolderMark {
    std::string marker, kind;
};

// Throws InputError naming `dir` unless woa may replace it: absent, empty, or marked by `mark`
// and holding nothing its marker does not list (a marker that lists nothing, as older woa wrote
// and a build in progress has, covers the whole folder).
void check_replaceable(const std::filesystem::path& dir, const FolderMark& mark);

// Builds `out` in `<out>.partial` (path()) and swaps it into place at commit(); until then a
// reader sees the old folder. `out` and its .partial and .old siblings are checked first
// (check_replaceable) and nothing is touched when one may not be replaced. A build that is not
// committed is removed.
class FolderSwap {
public:
    FolderSwap(std::filesystem::path out, FolderMark mark);
    ~FolderSwap();
    FolderSwap(const FolderSwap&) = delete;
    FolderSwap& operator=(const FolderSwap&) = delete;

    const std::filesystem::path& path() const { return partial_; } // where to write
    const std::filesystem::path& out() const { return out_; }
    // Writes the marker listing what path() holds, then swaps it with `out`.
    void commit();

private:
    std::filesystem::path out_, partial_;
    FolderMark mark_;
    bool committed_ = false;
};

} // namespace woa
