// The site as files: every page rendered from the page model with the templates in
// web/templates (ctemplate, HTML auto-escaping: every value from a program, a manifest or the
// results store is escaped), the JSON data, and the assets. Pure: nothing is written here.
#pragma once

#include "web/model.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace woa::web {

struct SiteFile {
    // A constructor, not an aggregate: {path, content} leaves `source` empty without the
    // missing-initializer warning of a brace list one field short.
    SiteFile(std::string path, std::string content, std::filesystem::path source = {})
        : path(std::move(path)), content(std::move(content)), source(std::move(source)) {}
    std::string path; // relative: "index.html", "tests/esbuild/bundle.html", "assets/site.css"
    std::string content;
    std::filesystem::path source; // when set, the file is a copy of this one (content unused)
};

// Standard output shown on a test page is cut after this many bytes (the rest is in the logs).
inline constexpr std::size_t max_output_shown = 8 * 1024;
// Sub-tests listed per target on a test page (failing ones first).
inline constexpr std::size_t max_subtests_shown = 100;

// Throws Error for a name that cannot be a file name on the site (a target name from a
// results store, say), and for a template ctemplate rejects.
std::vector<SiteFile> render_site(const Site& site);

// The glyph of a status: its shape cue beside the colour ("✓" pass, "✗" fail, ...).
std::string status_glyph(const std::string& status);

} // namespace woa::web
