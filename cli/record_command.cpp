// woa record kit: the folder a Windows-on-Arm device records references from (woa-record.exe,
// plan.json and the programs and inputs the plan names). See reference-results/recorder/.
#include "cli/command.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "core/version.h"
#include "differ/record_kit.h"
#include "differ/reference.h"

#include <iostream>
#include <memory>

namespace woa::cli {

namespace fs = std::filesystem;

namespace {

struct Options {
    std::string out, corpus;
    std::vector<std::string> filters;
};

// Hard links where the file system allows (the kit is read, never written), copies elsewhere.
void place(const fs::path& from, const fs::path& to) {
    fs::create_directories(to.parent_path());
    std::error_code ec;
    const auto options = fs::copy_options::recursive | fs::copy_options::copy_symlinks;
    fs::copy(from, to, options | fs::copy_options::create_hard_links, ec);
    if (ec) fs::copy(from, to, options | fs::copy_options::overwrite_existing);
}

int make_kit(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const fs::path recorder = executable_dir() / "woa-record.exe";
    if (!fs::is_regular_file(recorder))
        throw Error(recorder.string() + " is not built (cmake --build build)");
    const fs::path out = fs::absolute(o.out);
    if (fs::exists(out))
        throw UsageError("--out " + o.out + ": already exists (choose a new folder)");
    const RecordKit kit = plan_record_kit(corpus, Cache(woa_home()), executable_dir() / "probes",
                                          o.filters, WOA_VERSION);
    if (kit.plan["tests"].empty())
        throw UsageError("no test to record" +
                         std::string(kit.skipped.empty() ? " matches the filters" : ": ") +
                         (kit.skipped.empty() ? "" : kit.skipped.front()));
    // Built aside and renamed: a kit that exists is complete.
    const fs::path partial = out.string() + ".partial";
    fs::remove_all(partial);
    fs::create_directories(partial);
    for (const auto& f : kit.files)
        place(f.from, partial / f.to);
    place(recorder, partial / "woa-record.exe");
    place(default_references_dir() / "schema" / "reference.schema.json",
          partial / "references" / "schema" / "reference.schema.json");
    write_file_atomically(partial / "plan.json", kit.plan.dump(2) + "\n");
    fs::rename(partial, out);

    std::cout << "kit " << out.string() << ": " << kit.plan["tests"].size() << " tests\n";
    for (const auto& s : kit.skipped)
        std::cout << "  skipped " << s << "\n";
    std::cout
        << "On a Windows-on-Arm device: copy the folder there and run woa-record.exe in it;\n"
           "the references appear in references\\ (see reference-results/recorder/README.md).\n"
           "Check them here with: woa diff --references "
        << (out / "references").string() << "\n";
    return exit_code::ok;
}

} // namespace

Command record_command() {
    return {"record", "Make the kit that records reference results on a Windows-on-Arm device",
            [](CLI::App& app, Context&) -> Action {
                auto o = std::make_shared<Options>();
                app.require_subcommand(1);
                auto* kit = app.add_subcommand(
                    "kit", "A folder with woa-record.exe, plan.json and the fetched programs");
                kit->add_option("--out", o->out, "The kit folder to create")->required();
                kit->add_option("--filter", o->filters, "Only tests matching these globs");
                kit->add_option("--corpus", o->corpus, "Corpus folder");
                return [o] { return make_kit(*o); };
            }};
}

} // namespace woa::cli
