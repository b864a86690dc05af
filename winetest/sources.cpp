#include "winetest/sources.h"

namespace woa::winetest {

std::optional<SourceLocation> failure_location(const std::string& subtest) {
    const std::size_t colon = subtest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == subtest.size() ||
        subtest.size() - colon > 10)
        return std::nullopt;
    const std::string file = subtest.substr(0, colon), line = subtest.substr(colon + 1);
    if (line.find_first_not_of("0123456789") != std::string::npos ||
        file.find_first_of("/\\?#%: ") != std::string::npos || file == "." || file == "..")
        return std::nullopt;
    const long number = std::stol(line); // at most 9 digits: fits
    if (number < 1) return std::nullopt;
    return SourceLocation{file, number};
}

std::string source_line_url(const Entry& entry, const std::string& subtest) {
    const auto at = failure_location(subtest);
    if (!at || entry.source.kind != "wine-test" || entry.source.version.empty()) return "";
    const std::string package = entry.source.package.empty() ? "wine" : entry.source.package;
    return "https://sources.debian.org/src/" + package + "/" + entry.source.version + "/" +
           entry.source.dir + "/" + at->file + "/#L" + std::to_string(at->line);
}

std::filesystem::path source_file(const std::filesystem::path& tree, const Entry& entry,
                                  const SourceLocation& at) {
    return tree / entry.source.dir / at.file;
}

} // namespace woa::winetest
