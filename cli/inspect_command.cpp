// woa inspect FILE|ID [--target NAME] [--json]: what a Windows binary is and needs.
#include "cli/command.h"
#include "core/error.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "fetcher/fetch.h"
#include "fetcher/inspect.h"
#include "runner/target.h"

#include <cctype>
#include <iostream>
#include <memory>

namespace woa::cli {

namespace fs = std::filesystem;

namespace {

struct Options {
    std::string what, target, corpus;
    bool json = false;
};

// The PE files an argument names: a file, or a corpus entry's executables in the cache.
std::vector<fs::path> binaries_of(const Options& o, const Corpus* corpus, const Entry** entry) {
    if (fs::exists(o.what) && !fs::is_directory(o.what)) return {fs::path(o.what)};
    if (!corpus) throw Error("'" + o.what + "' is neither a file nor a corpus entry");
    *entry = &corpus->get(o.what);
    std::vector<fs::path> out;
    if ((*entry)->source.kind == "probe") {
        const fs::path exe =
            probe_program(corpus->dir(), shipped_path("probes"), (*entry)->source.name + ".exe");
        if (!fs::exists(exe)) throw Error(exe.string() + " is not built (build the project)");
        return {exe};
    }
    const fs::path tree = Cache(woa_home()).tree((*entry)->source);
    if (!fs::is_directory(tree)) throw Error(o.what + " is not fetched yet: woa fetch " + o.what);
    for (const auto& name : (*entry)->executables)
        out.push_back(tree / name);
    return out;
}

void print_text(const Inspection& i, const std::vector<MissingFunction>* missing,
                const std::string& target) {
    std::cout << i.file.string() << "\n"
              << "  machine:   " << i.machine
              << (i.runs_as_arm64() ? "" : "  (not arm64: woa will not run it as arm64)") << "\n"
              << "  kind:      " << (i.dll ? "dll" : "exe") << ", subsystem " << i.subsystem
              << "\n";
    if (i.dotnet) std::cout << "  .NET assembly\n";
    std::cout << "  signed:    " << (i.signed_ ? "yes" : "no") << "\n";
    if (i.tls_callbacks) std::cout << "  TLS callbacks: " << i.tls_callbacks << "\n";
    std::cout << "  imports:\n";
    for (const auto& dll : i.imports)
        std::cout << "    " << dll.name << (dll.delay_loaded ? " (delay-loaded)" : "") << ": "
                  << counted(dll.functions.size(), "function") << "\n";
    if (!i.exports.empty()) std::cout << "  exports:   " << i.exports.size() << "\n";
    if (!missing) return;
    if (missing->empty()) {
        std::cout << "  " << target << " provides every imported function\n";
        return;
    }
    std::cout << "  missing on " << target << ":\n";
    for (const auto& m : *missing)
        std::cout << "    " << m.dll << (m.function.empty() ? "" : "!" + m.function) << ": "
                  << m.effect << " (" << m.why << ")\n";
}

// A word that can only name a file: a path, or a Windows binary's name (ids have neither).
bool names_a_file(const std::string& what) {
    std::string extension = fs::path(what).extension().string();
    for (auto& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return what.find('/') != std::string::npos || extension == ".exe" || extension == ".dll";
}

int run(const Options& o) {
    if (o.what.empty())
        throw UsageError("inspect: no file or corpus entry given (woa inspect FILE|ID)");
    if (!fs::exists(o.what) && names_a_file(o.what)) throw InputError(o.what, "no such file");
    std::optional<Corpus> corpus;
    if (!fs::exists(o.what)) corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const Entry* entry = nullptr;
    const std::vector<fs::path> files = binaries_of(o, corpus ? &*corpus : nullptr, &entry);

    // Where imports resolve: the target's own DLLs, then the program's folder (and, for an
    // entry run by a runtime, the runtime's folder: a napi module imports from node.exe).
    std::vector<fs::path> extra_dirs;
    if (entry && !entry->runtime.empty()) {
        const Entry& runtime = corpus->get(entry->runtime);
        const fs::path tree = Cache(woa_home()).tree(runtime.source);
        extra_dirs.push_back((tree / runtime.executables.front()).parent_path());
    }
    fs::path dll_dir;
    if (!o.target.empty()) {
        const TargetStore store(woa_home() / "targets");
        store.get(o.target); // throws when not provisioned
        dll_dir = store.layout(o.target).pe_dlls();
        if (!fs::is_directory(dll_dir))
            throw Error("target " + o.target + " has no arm64 DLL folder " + dll_dir.string());
    }

    nlohmann::json doc = nlohmann::json::array();
    for (const auto& file : files) {
        const Inspection inspection = inspect_pe(file);
        std::vector<MissingFunction> missing;
        if (!dll_dir.empty()) {
            std::vector<fs::path> dirs{dll_dir, file.parent_path()};
            dirs.insert(dirs.end(), extra_dirs.begin(), extra_dirs.end());
            missing = missing_functions(inspection, dirs);
        }
        if (o.json) {
            nlohmann::json item = to_json(inspection);
            if (entry) item["entry"] = entry->id;
            if (!dll_dir.empty()) {
                item["target"] = o.target;
                item["missing"] = to_json(missing);
            }
            doc.push_back(item);
        } else {
            print_text(inspection, dll_dir.empty() ? nullptr : &missing, o.target);
        }
    }
    if (o.json) std::cout << (files.size() == 1 && !entry ? doc[0] : doc).dump(2) << "\n";
    return exit_code::ok;
}

} // namespace

Command inspect_command() {
    return {"inspect", "Say what a Windows binary is and which of its imports a target lacks",
            [](CLI::App& app, Context&) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("what", o->what, "A PE file, or a corpus entry's id");
                app.add_option("-t,--target", o->target,
                               "Also list imported functions this target's wine lacks");
                app.add_option("--corpus", o->corpus, "Corpus folder (default: the bundled one)");
                app.add_flag("--json", o->json, "One JSON document (an array for an entry)");
                return [o] { return run(*o); };
            }};
}

} // namespace woa::cli
