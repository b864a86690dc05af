#include "differ/record_kit.h"

#include <set>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

RecordKit plan_record_kit(const Corpus& corpus, const Cache& cache, const fs::path& probes_dir,
                          const std::vector<std::string>& filters, const std::string& woa_version) {
    RecordKit kit;
    kit.plan = {{"format", "woa-record-plan/1"},
                {"woa_version", woa_version},
                {"corpus_rev", corpus.revision()},
                {"tests", json::array()}};
    std::set<std::string> added;
    auto add = [&](const fs::path& from, const std::string& to) {
        if (added.insert(to).second) kit.files.push_back({from, to});
        return to;
    };
    for (const Entry& entry : corpus.entries())
        for (const TestSpec& test : entry.tests) {
            const std::string id = entry.id + "/" + test.name;
            if (!test_chosen(filters, entry, test)) continue;
            // The program: a built probe, or the fetched tree of the entry (or its runtime).
            const Entry& runs = entry.runtime.empty() ? entry : corpus.get(entry.runtime);
            std::string program;
            if (runs.source.kind == "probe") {
                const fs::path exe = probe_program(corpus.dir(), probes_dir, test.executable);
                if (!fs::is_regular_file(exe)) {
                    kit.skipped.push_back(id + ": " + exe.string() + " is not built");
                    continue;
                }
                program = add(exe, "files/probes/" + fs::path(test.executable).filename().string());
            } else {
                const fs::path tree = cache.tree(runs.source);
                if (!fs::is_directory(tree)) {
                    kit.skipped.push_back(id + ": " + runs.id + " is not fetched (woa fetch)");
                    continue;
                }
                program = add(tree, "files/" + runs.id) + "/" + test.executable;
            }
            json copy = json::array();
            for (const auto& input : test.inputs)
                copy.push_back(
                    {{"from", add(corpus.dir() / "inputs" / input, "files/inputs/" + input)},
                     {"to", fs::path(input).filename().string()}});
            if (!entry.runtime.empty()) {
                const fs::path package = cache.tree(entry.source);
                if (!fs::is_directory(package)) {
                    kit.skipped.push_back(id + ": " + entry.id + " is not fetched (woa fetch)");
                    continue;
                }
                copy.push_back({{"from", add(package, "files/" + entry.id)}, {"to", "."}});
            }
            json t = {{"test", id},
                      {"program", program},
                      {"args", test.args},
                      {"copy", copy},
                      {"cwd", test.cwd},
                      {"env", test.env},
                      {"timeout_s", test.timeout_s},
                      {"repeat", test.repeat},
                      {"produces", test.produces}};
            if (!test.stdin_file.empty())
                t["stdin"] = add(corpus.dir() / "inputs" / test.stdin_file,
                                 "files/inputs/" + test.stdin_file);
            kit.plan["tests"].push_back(t);
        }
    return kit;
}

} // namespace woa
