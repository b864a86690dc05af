#include "core/error.h"
#include "core/fs.h"
#include "core/process.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <unistd.h>

using namespace woa;
namespace fs = std::filesystem;

namespace {

bool alive(int pid) {
    return ::kill(pid, 0) == 0;
}

int read_pid(const fs::path& file) {
    std::ifstream in(file);
    int pid = 0;
    in >> pid;
    return pid;
}

} // namespace

TEST_CASE("exit status, output files and environment", "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c", "echo \"$WOA_T\" ; echo err >&2; exit 3"};
    p.env["WOA_T"] = "set";
    p.stdout_path = dir.path() / "out";
    p.stderr_path = dir.path() / "err";
    const ProcessResult r = runner.run(p);
    CHECK(r.exited);
    CHECK(r.exit_status == 3);
    CHECK_FALSE(r.timed_out);
    CHECK(read_file(dir.path() / "out") == "set\n");
    CHECK(read_file(dir.path() / "err") == "err\n");
    CHECK(describe(r) == "exited with 3");
}

TEST_CASE("a timeout kills the whole tree, grandchildren included", "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner;
    ProcessSpec p;
    // The grandchild writes its pid and double-forks away from the shell, as wine does.
    p.argv = {"/bin/sh", "-c",
              "(sh -c 'echo $$ > " + (dir.path() / "pid").string() +
                  "; exec sleep 300' &) ; sleep 300"};
    p.timeout_s = 0.5;
    const ProcessResult r = runner.run(p);
    CHECK(r.timed_out);
    CHECK(describe(r).rfind("timed out after", 0) == 0);
    const int grandchild = read_pid(dir.path() / "pid");
    REQUIRE(grandchild > 0);
    CHECK_FALSE(alive(grandchild));
}

TEST_CASE("contained: what a program leaves running is ended with it", "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c",
              "(sh -c 'echo $$ > " + (dir.path() / "pid").string() +
                  "; exec sleep 300' &) ; sleep 0.2; exit 0"};
    const ProcessResult r = runner.run(p);
    CHECK(r.exited);
    CHECK(r.exit_status == 0);
    CHECK(r.leftovers_killed >= 1);
    CHECK_FALSE(alive(read_pid(dir.path() / "pid")));
}

TEST_CASE("not contained: a daemon it starts keeps running", "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c",
              "(sh -c 'echo $$ > " + (dir.path() / "pid").string() +
                  "; exec sleep 300' &) ; sleep 0.2"};
    p.contained = false;
    runner.run(p);
    const int daemon = read_pid(dir.path() / "pid");
    REQUIRE(daemon > 0);
    CHECK(alive(daemon));
    ::kill(daemon, SIGKILL);
}

TEST_CASE("run_and_capture returns stdout or says what failed", "[process]") {
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c", "echo hi"};
    CHECK(run_and_capture(runner, p) == "hi\n");
    p.argv = {"/bin/sh", "-c", "echo broken >&2; exit 4"};
    CHECK_THROWS_WITH(run_and_capture(runner, p),
                      "`/bin/sh -c echo broken >&2; exit 4` exited with 4:\nbroken\n");
    p.argv = {"/nonexistent/program"};
    CHECK_THROWS_AS(runner.run(p), Error);
}

TEST_CASE("killed by a signal is reported as such", "[process]") {
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c", "kill -SEGV $$"};
    const ProcessResult r = runner.run(p);
    CHECK_FALSE(r.exited);
    CHECK(r.signal == SIGSEGV);
    CHECK(describe(r) == "killed by SIGSEGV");
}

TEST_CASE("a program printing without end is stopped at the output limit", "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner;
    ProcessSpec p;
    p.argv = {"yes", "a line of output that never ends"};
    p.stdout_path = dir.path() / "out";
    p.stderr_path = dir.path() / "err";
    p.max_output_bytes = 1 << 20;
    p.timeout_s = 60;
    const ProcessResult r = runner.run(p);
    CHECK(r.output_limited);
    CHECK_FALSE(r.timed_out);
    CHECK(describe(r) == "stopped for printing too much");
    // Checked every ~20 ms: the file passes the limit by what one tick can write, no more.
    CHECK(fs::file_size(dir.path() / "out") >= (1u << 20));
    CHECK(fs::file_size(dir.path() / "out") < (1u << 30));
}
