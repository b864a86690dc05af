#include "core/error.h"
#include "core/fs.h"
#include "core/process.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <thread>
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
    SystemProcessRunner runner{WOA_CONTAIN};
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
    SystemProcessRunner runner{WOA_CONTAIN};
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
    SystemProcessRunner runner{WOA_CONTAIN};
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
    SystemProcessRunner runner{WOA_CONTAIN};
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
    SystemProcessRunner runner{WOA_CONTAIN};
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
    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c", "kill -SEGV $$"};
    const ProcessResult r = runner.run(p);
    CHECK_FALSE(r.exited);
    CHECK(r.signal == SIGSEGV);
    CHECK(describe(r) == "killed by SIGSEGV");
}

TEST_CASE("a program printing without end is stopped at the output limit", "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner{WOA_CONTAIN};
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

TEST_CASE("two contained programs at once: a timeout in one leaves the other alone", "[process]") {
    // Both run below woa at the same time, as two workers of `woa run --jobs 2` do. Before
    // woa-contain, the timeout killed every descendant of woa, and reaping with waitpid(-1)
    // took the other program's exit status ("internal: wait4 failed").
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec slow;
    slow.argv = {"/bin/sh", "-c", "(sleep 300 &) ; sleep 300"};
    slow.timeout_s = 0.3;
    ProcessSpec steady;
    steady.argv = {"/bin/sh", "-c", "(sh -c 'sleep 1; echo done > " +
                                        (dir.path() / "grandchild").string() + "' &) ; exit 7"};
    steady.timeout_s = 60;
    ProcessResult steady_result;
    std::thread other([&] { steady_result = runner.run(steady); });
    const ProcessResult slow_result = runner.run(slow);
    other.join();
    CHECK(slow_result.timed_out);
    CHECK_FALSE(steady_result.timed_out);
    CHECK(steady_result.exited);
    CHECK(steady_result.exit_status == 7);
    // Its grandchild was ended with it, when it exited, and not by the other's timeout first.
    CHECK(steady_result.leftovers_killed >= 1);
}

TEST_CASE("CPU time and peak memory are the program's whole tree, and only its own",
          "[process]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-proc-");
    SystemProcessRunner runner{WOA_CONTAIN};
    // A double-forked grandchild burns CPU and holds ~64 MiB: both are charged to the program.
    const std::string done = (dir.path() / "done").string();
    ProcessSpec busy;
    busy.argv = {"/bin/sh", "-c",
                 "(sh -c 'x=$(head -c 67108864 /dev/zero | tr \"\\000\" a); "
                 "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; touch " + done + "' &) ; "
                 "while [ ! -e " + done + " ]; do sleep 0.05; done"};
    ProcessSpec idle;
    idle.argv = {"/bin/sh", "-c", "sleep 1"};
    ProcessResult idle_result;
    std::thread other([&] { idle_result = runner.run(idle); });
    const ProcessResult busy_result = runner.run(busy);
    other.join();
    CHECK(busy_result.user_s + busy_result.sys_s > 0.2);
    CHECK(busy_result.max_rss_kb > 64 * 1024);
    // The program that only slept is not charged with what ran beside it.
    CHECK(idle_result.user_s + idle_result.sys_s < 0.1);
    CHECK(idle_result.max_rss_kb < 32 * 1024);
}

TEST_CASE("a process of the tree that dies of SIGSEGV is reported from its wait status",
          "[process]") {
    // As qemu-user dies when the program it emulates dies of a signal. Printing qemu's words
    // instead proves nothing: only the wait status counts.
    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec p;
    p.argv = {"/bin/sh", "-c", "(sh -c 'kill -SEGV $$' &) ; sleep 0.5; exit 0"};
    ProcessResult r = runner.run(p);
    CHECK(r.exited);
    CHECK(r.exit_status == 0);
    CHECK(r.crashed_processes == 1);
    CHECK(r.crash_signal == SIGSEGV);
    p.argv = {"/bin/sh", "-c",
              "echo 'qemu: uncaught target signal 11 (Segmentation fault) - core dumped' >&2"};
    p.stderr_path = "/dev/null";
    r = runner.run(p);
    CHECK(r.crashed_processes == 0);
    // What woa kills itself, at the end or on a timeout, is not a crash.
    p.argv = {"/bin/sh", "-c", "(sleep 300 &) ; sleep 300"};
    p.timeout_s = 0.3;
    r = runner.run(p);
    CHECK(r.timed_out);
    CHECK(r.crashed_processes == 0);
}

TEST_CASE("a contained program that cannot start says why", "[process]") {
    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec p;
    p.argv = {"/nonexistent/program"};
    CHECK_THROWS_WITH(runner.run(p),
                      "cannot start /nonexistent/program: No such file or directory");
    SystemProcessRunner broken{"/nonexistent/woa-contain"};
    p.argv = {"/bin/true"};
    CHECK_THROWS_WITH(broken.run(p), Catch::Contains("cannot find woa's helper "
                                                     "/nonexistent/woa-contain"));
}

TEST_CASE("woa-contain's report is read strictly", "[process]") {
    auto exited = parse_contain_report("exited 3 2 1 11 1500 20 65536\n");
    REQUIRE(exited);
    CHECK(exited->started);
    CHECK(exited->exited);
    CHECK(exited->value == 3);
    CHECK(exited->leftovers == 2);
    CHECK(exited->crashed == 1);
    CHECK(exited->crash_signal == 11);
    CHECK(exited->user_ms == 1500);
    CHECK(exited->sys_ms == 20);
    CHECK(exited->max_rss_kb == 65536);
    auto signalled = parse_contain_report("signal 11 0 0 0 0 0 0\n");
    REQUIRE(signalled);
    CHECK_FALSE(signalled->exited);
    CHECK(signalled->value == 11);
    auto failed = parse_contain_report("exec-failed 2\n");
    REQUIRE(failed);
    CHECK_FALSE(failed->started);
    CHECK(failed->value == 2);
    for (const char* bad :
         {"", "exited 3 2 0 0 1 1 1", "exited 3\n", "exited 3 2 0 0\n", "exited 3 2 0 0 1 1\n",
          "exited 3 2 0 0 1 1 1 1\n", "exited -1 0 0 0 1 1 1\n", "exited 3  2 0 0 1 1 1\n",
          "exited 3 2 0 0 1 1 1 \n", "exited x 0 0 0 1 1 1\n", "quit 0 0 0 0 1 1 1\n",
          "exec-failed\n", "exited 99999999999 0 0 0 1 1 1\n", "exited 0 0 1 0 1 1 1\n",
          "exited 0 0 0 11 1 1 1\n", "exited 07 0 0 0 1 1 1\n", "exited 0 0 0 0 1 1 -0\n",
          "exited +1 0 0 0 1 1 1\n", "exited 0 0 0 0 1 1 99999999999\n"})
        CHECK_FALSE(parse_contain_report(bad));
}
