#include "core/fs.h"
#include "core/process.h"
#include "runner/sandbox.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace woa;
namespace fs = std::filesystem;

namespace {

// A TCP listener on the host's loopback, for the sandboxed program to fail to reach.
struct LoopbackListener {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int port = 0;
    LoopbackListener() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof a;
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 4) == 0);
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) == 0);
        port = ntohs(a.sin_port);
    }
    ~LoopbackListener() { ::close(fd); }
};

std::size_t count(const std::string& text, const std::string& word) {
    std::size_t n = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
        n++;
    return n;
}

} // namespace

TEST_CASE("bubblewrap's command line: read-only binds before writable ones, loopback only",
          "[sandbox]") {
    SandboxView view = host_baseline_view("/cache/trees/abc", "/scratch/worker-0",
                                          "/scratch/worker-0/work", "/scratch/etc");
    std::vector<std::string> argv = bubblewrap_command(view);
    std::string line;
    for (const auto& a : argv)
        line += a + " ";
    CHECK(argv.front() == "bwrap");
    CHECK(argv.back() != "--");
    CHECK_THAT(line, Catch::Contains("--unshare-all ") && !Catch::Contains("--share-net") &&
                         Catch::Contains("--ro-bind /cache/trees/abc /cache/trees/abc ") &&
                         Catch::Contains("--bind /scratch/worker-0 /scratch/worker-0 ") &&
                         Catch::Contains("--chdir /scratch/worker-0/work "));
    CHECK(line.find("--ro-bind /cache") < line.find("--bind /scratch"));
    // Of /etc only woa's own files; no host home.
    CHECK_THAT(line, Catch::Contains("--ro-bind /scratch/etc/passwd /etc/passwd ") &&
                         !Catch::Contains(" /etc ") && !Catch::Contains("/root") &&
                         !Catch::Contains("/home"));
    view.network = true;
    CHECK(bubblewrap_command(view).size() == argv.size() + 1);
}

TEST_CASE("a host baseline's sandbox refuses every way out, and its end is still its own",
          "[sandbox]") {
    SystemProcessRunner runner{WOA_CONTAIN};
    REQUIRE(sandbox_problem(runner).empty());
    // The program in a tree of its own, as fetched; a scratch folder to work in.
    ScratchDir dir(fs::temp_directory_path(), "woa-sandbox-");
    const fs::path tree = dir.path() / "tree", scratch = dir.path() / "scratch";
    fs::create_directories(tree);
    fs::create_directories(scratch / "work");
    fs::copy_file(WOA_ESCAPE_CHECK, tree / "escape_check");
    write_sandbox_etc(dir.path() / "etc");
    LoopbackListener listener;

    ProcessSpec p;
    p.argv = {(tree / "escape_check").string(), std::to_string(listener.port)};
    p.stdout_path = dir.path() / "out";
    p.stderr_path = dir.path() / "err";
    p.timeout_s = 60;
    // Unsandboxed, it reaches the host: the check can fail.
    ProcessResult r = runner.run(p);
    INFO(read_file(p.stdout_path));
    CHECK(r.exited);
    CHECK(r.exit_status == 1);
    CHECK(count(read_file(p.stdout_path), "REACHED: ") >= 5);

    p.sandbox =
        bubblewrap_command(host_baseline_view(tree, scratch, scratch / "work", dir.path() / "etc"));
    r = runner.run(p);
    const std::string out = read_file(p.stdout_path);
    INFO(out << read_file(p.stderr_path));
    CHECK(r.exited);
    CHECK(r.exit_status == 0);
    CHECK(count(out, "refused: ") == 8);
    CHECK(count(out, "REACHED: ") == 0);

    // It can ask who it runs as (node's os.userInfo() does), from woa's user database.
    p.argv = {"/usr/bin/id", "-un"};
    r = runner.run(p);
    CHECK(r.exit_status == 0);
    CHECK(read_file(p.stdout_path) == "root\n");

    // Its working folder is writable, and what it started ends with it.
    p.argv = {"/bin/sh", "-c",
              "echo here > " + (scratch / "work" / "made").string() +
                  " && (sh -c 'kill -SEGV $$' &) ; (sleep 300 &) ; sleep 0.5; exit 4"};
    r = runner.run(p);
    CHECK(r.exited);
    CHECK(r.exit_status == 4);
    CHECK(read_file(scratch / "work" / "made") == "here\n");
    CHECK(r.crashed_processes == 1); // seen inside, by woa-contain, from the wait status
    CHECK(r.leftovers_killed >= 1);

    // Its CPU time and memory are its own, not bubblewrap's (whose monitor does not wait for
    // the sandbox's processes): measured inside, by woa-contain.
    p.argv = {"/bin/sh", "-c",
              "x=$(head -c 33554432 /dev/zero | tr '\\000' a); "
              "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"};
    r = runner.run(p);
    CHECK(r.exit_status == 0);
    CHECK(r.user_s + r.sys_s > 0.2);
    CHECK(r.max_rss_kb > 32 * 1024);

    // A timeout ends the whole sandbox.
    p.argv = {"/bin/sh", "-c", "(sleep 300 &) ; sleep 300"};
    p.timeout_s = 0.5;
    r = runner.run(p);
    CHECK(r.timed_out);
}
