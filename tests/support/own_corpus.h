// A project's own corpus folder, as a user of `woa --corpus DIR` writes one: no schema folder of
// its own, its arm64 build in probes/ (hello.exe standing in), an input, one test that greets.
#pragma once

#include "core/fs.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace woa::test {

inline void make_own_corpus(const std::filesystem::path& corpus) {
    namespace fs = std::filesystem;
    using nlohmann::json;
    fs::create_directories(corpus / "entries");
    fs::create_directories(corpus / "inputs");
    fs::create_directories(corpus / "probes");
    // The project's own arm64 build, put where its CI would put it.
    fs::copy_file(fs::path(WOA_PROBES) / "hello.exe", corpus / "probes/mytool.exe");
    write_file_atomically(corpus / "inputs/greeting.txt", "hello\n");
    write_file_atomically(
        corpus / "entries/mytool.json",
        json{{"id", "mytool"},
             {"title", "My tool's arm64 build"},
             {"upstream", {{"project", "https://example.org/mytool"}, {"licence", "MIT"}}},
             {"source", {{"kind", "probe"}, {"name", "mytool"}}},
             {"executables", {"mytool.exe"}},
             {"toolchain", "c"},
             {"tests",
              {{{"name", "greets"},
                {"args", {"greeting.txt"}},
                {"inputs", {"greeting.txt"}},
                {"produces", {"greeting.txt"}}}}}}
            .dump(2));
}

} // namespace woa::test
