// The recording kit: what woa-record.exe (reference-results/recorder/) needs to record
// references on a Windows-on-Arm device, resolved here from the corpus and the fetched files
// so that the resolving lives in one place: plan.json (format woa-record-plan/1, described in
// reference-results/recorder/README.md) and the files it names.
#pragma once

#include "fetcher/fetch.h"
#include "fetcher/manifest.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace woa {

struct KitFile {
    std::filesystem::path from; // on this machine (a file or a whole folder)
    std::string to;             // inside the kit, forward slashes
};

struct RecordKit {
    nlohmann::json plan;
    std::vector<KitFile> files;
    std::vector<std::string> skipped; // "entry/test: why" (not fetched, not built)
};

// The tests matching `filters` (globs on entry/test or entry; all when none).
RecordKit plan_record_kit(const Corpus& corpus, const Cache& cache,
                          const std::filesystem::path& probes_dir,
                          const std::vector<std::string>& filters, const std::string& woa_version);

} // namespace woa
