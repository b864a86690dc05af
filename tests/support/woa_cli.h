// Runs the built `woa` executable as a user would, capturing what it prints.
#pragma once

#include "core/fs.h"
#include "core/process.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace woa::test {

struct CliRun {
    ProcessResult result;
    std::string out, err;
    int status() const { return result.exited ? result.exit_status : 128 + result.signal; }
};

// `env` is added to the test's own environment (e.g. WOA_HOME for a scratch home).
inline CliRun woa_cli(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {}) {
    namespace fs = std::filesystem;
    ScratchDir dir(fs::temp_directory_path(), "woa-cli-");
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {WOA_BINARY};
    p.argv.insert(p.argv.end(), args.begin(), args.end());
    p.env = env;
    p.stdout_path = dir.path() / "out";
    p.stderr_path = dir.path() / "err";
    p.contained = false; // a warm wineserver started by woa is meant to outlive it
    CliRun r;
    r.result = runner.run(p);
    r.out = read_file(p.stdout_path, 64u << 20);
    r.err = read_file(p.stderr_path, 64u << 20);
    return r;
}

} // namespace woa::test
