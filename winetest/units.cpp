#include "winetest/units.h"

#include "core/error.h"
#include "core/fs.h"

#include <algorithm>
#include <sstream>

namespace woa::winetest {

namespace fs = std::filesystem;

namespace {

bool is_variable_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               (c >= 'a' && c <= 'z');
    });
}

std::string strip(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const std::size_t last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

// The logical lines of a makefile: continuations joined, comments dropped.
std::vector<std::string> logical_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::string current;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const bool continued = !line.empty() && line.back() == '\\';
        if (continued) line.pop_back();
        current += line + " ";
        if (continued) continue;
        const std::size_t hash = current.find('#');
        if (hash != std::string::npos) current.erase(hash);
        lines.push_back(current);
        current.clear();
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::vector<std::string> get(const std::map<std::string, std::vector<std::string>>& vars,
                             const char* name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::vector<std::string>{} : it->second;
}

std::string stem_of(const std::string& name) {
    return fs::path(name).stem().string();
}

bool has_extension(const std::string& name, const char* extension) {
    return fs::path(name).extension() == extension;
}

} // namespace

std::map<std::string, std::vector<std::string>> parse_makefile_in(std::string_view text,
                                                                  const fs::path& file) {
    if (text.find('\0') != std::string_view::npos) throw InputError(file, "holds a NUL byte");
    std::map<std::string, std::vector<std::string>> vars;
    for (const auto& line : logical_lines(text)) {
        const std::size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string name = strip(std::string_view(line).substr(0, equals));
        if (!name.empty() && (name.back() == ':' || name.back() == '+')) continue; // := and +=
        if (!is_variable_name(name)) continue; // a rule or something else: not needed
        vars[name] = words(line.substr(equals + 1));
    }
    return vars;
}

std::string TestUnit::program() const {
    const std::string dll = ".dll";
    const bool is_dll = testdll.size() > dll.size() &&
                        testdll.compare(testdll.size() - dll.size(), dll.size(), dll) == 0;
    return (is_dll ? testdll.substr(0, testdll.size() - dll.size()) : testdll) + "_test.exe";
}

std::string TestUnit::entry_id() const {
    std::string id = "wine-" + name;
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(std::tolower(c)) : '_';
    });
    return id;
}

fs::path unit_source(const fs::path& tree, const TestUnit& unit, const std::string& name) {
    // A name the file system refuses (too long, ...) is a file that is not there.
    auto is_file = [](const fs::path& path) {
        std::error_code ec;
        return fs::is_regular_file(path, ec);
    };
    if (is_file(tree / unit.dir / name)) return tree / unit.dir / name;
    if (!unit.parentsrc.empty() && is_file(tree / unit.dir / unit.parentsrc / name))
        return tree / unit.dir / unit.parentsrc / name;
    return {};
}

TestUnit read_test_unit(const fs::path& tree, const fs::path& dir) {
    const fs::path file = tree / dir / "Makefile.in";
    const auto vars = parse_makefile_in(read_file(file, 1u << 20), file);
    TestUnit unit;
    unit.dir = dir;
    const auto testdll = get(vars, "TESTDLL");
    if (testdll.size() != 1 || testdll[0].find('/') != std::string::npos ||
        testdll[0].find("$(") != std::string::npos)
        throw InputError(file, "TESTDLL is not one plain file name");
    unit.testdll = testdll[0];
    unit.name = unit.testdll.size() > 4 && has_extension(unit.testdll, ".dll")
                    ? stem_of(unit.testdll)
                    : unit.testdll;
    unit.imports = get(vars, "IMPORTS");
    unit.sources = get(vars, "SOURCES");
    unit.extradefs = get(vars, "EXTRADEFS");
    unit.extraidlflags = get(vars, "EXTRAIDLFLAGS");
    const auto parent = get(vars, "PARENTSRC");
    if (!parent.empty()) unit.parentsrc = parent[0];
    if (unit.parentsrc.is_absolute()) throw InputError(file, "PARENTSRC is an absolute path");
    for (const auto& source : unit.sources) {
        if (source.find('/') != std::string::npos || source.find("..") != std::string::npos)
            throw InputError(file, "SOURCES names '" + source + "', outside the unit");
        if (unit_source(tree, unit, source).empty()) {
            unit.missing.push_back(source);
            continue;
        }
        // A .c beside a .spec of the same name is a helper DLL the tests extract, not a test.
        const bool helper = std::find(unit.sources.begin(), unit.sources.end(),
                                      stem_of(source) + ".spec") != unit.sources.end();
        if (has_extension(source, ".c") && !helper) unit.tests.push_back(stem_of(source));
    }
    return unit;
}

std::vector<TestUnit> find_test_units(const fs::path& tree) {
    std::vector<fs::path> dirs;
    for (const char* top : {"dlls", "programs"}) {
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(tree / top, ec))
            if (fs::is_regular_file(item.path() / "tests" / "Makefile.in"))
                dirs.push_back(fs::path(top) / item.path().filename() / "tests");
        if (ec) throw InputError(tree / top, "cannot list: " + ec.message());
    }
    std::sort(dirs.begin(), dirs.end());
    std::vector<TestUnit> units;
    for (const auto& dir : dirs)
        units.push_back(read_test_unit(tree, dir));
    return units;
}

} // namespace woa::winetest
