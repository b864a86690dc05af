// Writing the site: built whole in a sibling folder and renamed into place, so a reader (or a
// web server) sees the old site or the new one, never a half-written one.
#pragma once

#include "web/render.h"

#include <filesystem>
#include <vector>

namespace woa::web {

// The file that says a folder is a site woa made (and may replace).
inline constexpr const char* site_marker = ".woa-site";

// Writes `files` under `<out>.partial` and swaps it into `out`. An existing `out` is replaced
// only when it is empty or holds the marker; a file, or a folder with anything else in it, is an
// InputError naming it and nothing is touched. Returns the path of index.html.
std::filesystem::path write_site(const std::vector<SiteFile>& files, std::filesystem::path out);

} // namespace woa::web
