// Text placed inside XML, SVG or HTML markup by hand (JUnit, the website's charts): one escaping
// for element text and quoted attributes. Templates escape through ctemplate instead.
#pragma once

#include <string>

namespace woa {

// & < > " ' as entities; control characters XML 1.0 cannot hold are dropped.
std::string escape_xml(const std::string& text);

} // namespace woa
