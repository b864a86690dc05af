// Writing the site: built whole in a sibling folder and renamed into place, so a reader (or a
// web server) sees the old site or the new one, never a half-written one.
#pragma once

#include "core/folder_swap.h"
#include "web/render.h"

#include <filesystem>
#include <vector>

namespace woa::web {

// The file that says a folder is a site woa made (and may replace).
inline constexpr const char* site_marker = ".woa-site";
inline const FolderMark site_mark{site_marker, "site made by woa publish"};

// Writes `files` under `<out>.partial` and swaps it into `out` (core/folder_swap.h: an existing
// `out` is replaced only when it is empty or a site woa made, holding nothing else). Returns the
// path of index.html.
std::filesystem::path write_site(const std::vector<SiteFile>& files, std::filesystem::path out);

} // namespace woa::web
