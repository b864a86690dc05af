// The site's templates and assets, compiled into the library from web/templates and web/assets
// by web/embed.cmake.
#pragma once

#include <string>
#include <vector>

namespace woa::web {

struct EmbeddedFile {
    std::string path; // "templates/index.tpl", "assets/site.css"
    std::string content;
};

const std::vector<EmbeddedFile>& embedded_files();

} // namespace woa::web
