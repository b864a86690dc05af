// woa-bench-store CORPUS_OUT DB_OUT [TESTS] [RUNS]: a synthetic corpus (entries of 10 tests
// each) and a results store of RUNS runs of every test on bookworm, trixie, sid and the host,
// for bench/publish.sh. Outcomes, timings, sub-tests and outputs vary by a fixed seed, so two
// invocations write the same store.
#include "core/fs.h"
#include "runner/results_db.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

namespace fs = std::filesystem;
using nlohmann::json;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: woa-bench-store CORPUS_OUT DB_OUT [TESTS] [RUNS]\n";
        return 2;
    }
    const fs::path corpus = argv[1], db_file = argv[2];
    const int tests = argc > 3 ? std::stoi(argv[3]) : 500;
    const int runs = argc > 4 ? std::stoi(argv[4]) : 5;
    const fs::path source = fs::path(WOA_SOURCE_DIR) / "corpus";
    fs::create_directories(corpus / "entries");
    fs::create_directories(corpus / "probes");
    fs::copy(source / "schema", corpus / "schema", fs::copy_options::recursive);
    woa::write_file_atomically(corpus / "probes/synth.c", "int main(void) { return 0; }\n");

    std::vector<std::string> ids;
    for (int e = 0; e * 10 < tests; e++) {
        char id[32];
        std::snprintf(id, sizeof id, "synth-%03d", e);
        json doc = {{"id", id},
                    {"title", std::string("Synthetic program ") + id},
                    {"upstream",
                     {{"project", "woa-compat"}, {"licence", "MIT"}, {"redistributable", true}}},
                    {"source", {{"kind", "probe"}, {"name", "synth"}}},
                    {"executables", {"synth.exe"}},
                    {"toolchain", e % 3 ? "rust" : "go"},
                    {"tags", {e % 2 ? "filesystem" : "network", "synthetic"}},
                    {"tests", json::array()}};
        for (int t = 0; t < 10 && e * 10 + t < tests; t++) {
            const std::string name = "case-" + std::to_string(t);
            doc["tests"].push_back(
                {{"name", name}, {"description", "synthetic"}, {"args", {name}}});
            ids.push_back(std::string(id) + "/" + name);
        }
        woa::write_file_atomically(corpus / "entries" / (std::string(id) + ".json"), doc.dump(2));
    }

    std::mt19937 random(42);
    std::uniform_real_distribution<double> unit(0, 1);
    const std::vector<std::pair<std::string, std::string>> targets = {
        {"bookworm", "8.0"}, {"trixie", "10.0"}, {"sid", "10.0"}};
    woa::ResultsDb db(db_file);
    std::size_t written = 0;
    for (int r = 0; r < runs; r++) {
        woa::RunRecord run;
        run.started = "2026-11-0" + std::to_string(1 + r % 9) + "T00:00:00Z";
        run.state = "running";
        run.host = "bench";
        run.args = json::object();
        std::vector<woa::TargetRecord> records = {{"host", {{"name", "host"}}}};
        for (const auto& [name, wine] : targets)
            records.push_back(
                {name,
                 {{"name", name},
                  {"wine", {{"version", "wine-" + wine}, {"source", "debian:" + name}}},
                  {"qemu", {{"version", name == "bookworm" ? "7.2" : "10.0"}}},
                  {"cpu", "neoverse-n1"}}});
        const auto id = db.begin_run(run, records);
        for (const auto& test : ids) {
            const double host_time = 0.05 + unit(random);
            for (const auto& record : records) {
                woa::ResultRecord result;
                result.test = test;
                result.target = record.name;
                const double dice = unit(random);
                result.outcome = record.name == "host" || dice < 0.8 ? "ok"
                                 : dice < 0.9                        ? "exit-code"
                                 : dice < 0.95                       ? "crash"
                                                                     : "timeout";
                result.exit_code = result.outcome == "ok" ? 0 : 1;
                result.detail = result.outcome == "ok" ? "" : "synthetic " + result.outcome;
                const double scale = record.name == "host" ? 1 : 3 + 10 * unit(random);
                for (int s = 1; s <= 3; s++) {
                    woa::SampleRecord sample;
                    sample.repeat = s;
                    sample.outcome = result.outcome;
                    sample.wall_s = host_time * scale * (0.9 + 0.2 * unit(random));
                    result.samples.push_back(sample);
                }
                result.wall_s = result.samples[1].wall_s;
                std::string text;
                for (int line = 0; line < 40; line++)
                    text += test + " line " + std::to_string(line) + ": <ok> & \"fine\"\n";
                result.output = {{"text", text}, {"bytes", text.size()}};
                result.wine = {{"err_lines", 2}, {"fixme_lines", 5}, {"errors", {"0024:err:x"}}};
                for (int s = 0; s < 5; s++)
                    result.subtests.push_back(
                        {"check-" + std::to_string(s),
                         s == 0 && result.outcome != "ok" ? "fail" : "pass",
                         s == 0 && result.outcome != "ok" ? "expected 1, got 2" : ""});
                db.add_result(id, result);
                written++;
            }
        }
        db.finish_run(id, "complete");
    }
    std::cout << written << " results in " << runs << " runs of " << ids.size() << " tests\n";
    return 0;
}
