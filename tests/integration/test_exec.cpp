// `woa exec` for real: the trixie target (wine 10 + qemu 10 from Debian) runs the probes.
#include "core/fs.h"
#include "tests/support/hello_output.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

using namespace woa;
using nlohmann::json;
using woa::test::hello_output;
using woa::test::woa_cli;
namespace fs = std::filesystem;

namespace {

const fs::path probes = WOA_PROBES;
const std::string hello = (probes / "hello.exe").string();
const std::string control = (probes / "control.exe").string();

json exec_json(std::vector<std::string> args) {
    args.insert(args.begin(), {"exec", "--json"});
    const auto r = woa_cli(args);
    INFO("stderr: " << r.err);
    return json::parse(r.out);
}

std::string log_of(const json& record, const char* which) {
    return read_file(record["logs"][which].get<std::string>());
}

// Live processes whose command line mentions `needle`.
std::vector<std::string> processes_with(const std::string& needle) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream cmd(entry.path() / "cmdline", std::ios::binary);
        std::string cmdline((std::istreambuf_iterator<char>(cmd)),
                            std::istreambuf_iterator<char>());
        if (cmdline.find(needle) != std::string::npos) found.push_back(pid + " " + cmdline);
    }
    return found;
}

// A copy of a probe under a name no other test uses, so that looking for leftover processes
// by name cannot see another test's programs.
struct UniqueProbe {
    ScratchDir dir{fs::temp_directory_path(), "woa-probe-"};
    std::string path;
    UniqueProbe(const std::string& probe, const std::string& tag) {
        path = (dir.path() / (tag + "-" + std::to_string(::getpid()) + ".exe")).string();
        fs::copy_file(probe, path);
    }
    std::string name() const { return fs::path(path).filename().string(); }
};

} // namespace

TEST_CASE("hello runs as ARM64 and prints its arguments, folder and environment", "[exec]") {
    const json r = exec_json({"--env", "WOA_HELLO=from the test", "--", hello, "a", "b c", "--x"});
    CHECK(r["status"] == "ok");
    CHECK(r["exit_code"] == 0);
    CHECK(r["target"]["name"] == "trixie");
    CHECK(r["target"]["wine"]["packages"]["wine64:arm64"].is_string());
    const std::string cwd = r["cwd"];
    CHECK(log_of(r, "stdout") == hello_output({"a", "b c", "--x"}, cwd, "from the test"));
    CHECK(log_of(r, "stderr").empty());
    CHECK(r["wall_s"].get<double>() > 0);
    CHECK(r["user_s"].get<double>() > 0);
    CHECK(r["max_rss_kb"].get<long>() > 1000);
}

TEST_CASE("without --json the program's output is relayed as it is", "[exec]") {
    const auto r = woa_cli({"exec", "--", hello, "x"});
    CHECK(r.status() == 0);
    CHECK(r.out.find("argv[1]: x\r\n") != std::string::npos);
    CHECK(r.out.find("wProcessorArchitecture: 12 (ARM64)\r\n") != std::string::npos);
    CHECK(r.err.empty());
}

TEST_CASE("exit codes pass through, all 32 bits of them in --json", "[exec]") {
    CHECK(woa_cli({"exec", "--", control, "exit", "3"}).status() == 3);
    const json big = exec_json({"--", control, "exit", "1000"});
    CHECK(big["status"] == "exit-code");
    CHECK(big["exit_code"] == 1000);
    CHECK(big["unix_status"] == 232);
    const json hresult = exec_json({"--", control, "exit", "0x80004005"});
    CHECK(hresult["exit_code_hex"] == "0x80004005");
    CHECK(hresult["status"] == "exit-code");
}

TEST_CASE("an access violation is a crash with its NTSTATUS name, not winedbg's error 5",
          "[exec]") {
    const auto plain = woa_cli({"exec", "--", control, "crash"});
    CHECK(plain.status() == 5); // 0xC0000005's low byte, as wine gives it
    CHECK(plain.err.find("crash: 0xC0000005 (STATUS_ACCESS_VIOLATION)") != std::string::npos);
    CHECK(plain.err.find("Can't attach") == std::string::npos);
    const json r = exec_json({"--", control, "crash"});
    CHECK(r["status"] == "crash");
    CHECK(r["exit_code_hex"] == "0xC0000005");
    CHECK(r["exit_code_name"] == "STATUS_ACCESS_VIOLATION");
    CHECK(r["detail"].get<std::string>().find("Unhandled page fault on read access to "
                                              "0000000000000000") != std::string::npos);
    CHECK(log_of(r, "wine").find("wine: Unhandled page fault") != std::string::npos);
    CHECK(log_of(r, "stderr").empty());
}

TEST_CASE("a timeout kills the whole process tree", "[exec]") {
    const UniqueProbe probe(control, "timeout");
    const json r = exec_json({"--timeout", "5", "--", probe.path, "spawn-sleep", "300"});
    CHECK(r["status"] == "timeout");
    CHECK(r["unix_status"] == 124);
    CHECK(r["wall_s"].get<double>() < 60);
    // Neither the program, its child, nor any qemu-aarch64 of this exec is left.
    CHECK(processes_with(probe.name()).empty());
}

TEST_CASE("what a program leaves running ends with it", "[exec]") {
    const UniqueProbe probe(control, "orphan");
    const json r = exec_json({"--", probe.path, "orphan", "300"});
    CHECK(r["status"] == "ok");
    CHECK(log_of(r, "stdout").find("child pid: ") == 0);
    CHECK(r["leftover_processes_killed"].get<int>() >= 1);
    CHECK(processes_with(probe.name()).empty());
}

TEST_CASE("a program printing without end is stopped at woa run's output limit by default",
          "[exec]") {
    // 80 MiB on stdout, past the 64 MiB of stdout + stderr that woa run allows.
    const json r = exec_json({"--timeout", "600", "--", control, "flood", "80"});
    CHECK(r["status"] == "output-limit");
    CHECK(r["unix_status"] == 125);
    CHECK(fs::file_size(r["logs"]["stdout"].get<std::string>()) < (80u << 20));
    fs::remove_all(r["logs"]["dir"].get<std::string>()); // 64 MiB not worth keeping
}

TEST_CASE("stderr holds the program's text, wine's diagnostics go to wine.log", "[exec]") {
    const json r = exec_json({"--winedebug", "+loaddll", "--", control, "stderr", "to stderr"});
    CHECK(r["status"] == "ok");
    CHECK(log_of(r, "stdout") == "stdout\r\n");
    CHECK(log_of(r, "stderr") == "to stderr\r\n");
    const std::string wine = log_of(r, "wine");
    CHECK(wine.find(":trace:loaddll:") != std::string::npos);
    CHECK(wine.find("to stderr") == std::string::npos);
}

TEST_CASE("two execs at once on one target are both right", "[exec]") {
    // No Catch2 assertions inside the threads: they only run woa.
    test::CliRun run_a, run_b;
    std::thread a([&] { run_a = woa_cli({"exec", "--json", "--", hello, "first"}); });
    std::thread b([&] { run_b = woa_cli({"exec", "--json", "--", hello, "second"}); });
    a.join();
    b.join();
    INFO(run_a.err << run_b.err);
    REQUIRE(run_a.status() == 0);
    REQUIRE(run_b.status() == 0);
    const json first = json::parse(run_a.out), second = json::parse(run_b.out);
    CHECK(first["status"] == "ok");
    CHECK(second["status"] == "ok");
    CHECK(log_of(first, "stdout") == hello_output({"first"}, first["cwd"], "(not set)"));
    CHECK(log_of(second, "stdout") == hello_output({"second"}, second["cwd"], "(not set)"));
}

TEST_CASE("the working folder and the program's folder are drives, nothing else", "[exec]") {
    ScratchDir work(fs::temp_directory_path(), "woa-work-");
    const json r = exec_json({"--cwd", work.path().string(), "--", hello});
    CHECK(r["status"] == "ok");
    const std::string cwd = r["cwd"], program = r["command"][0];
    CHECK(cwd.size() == 3);
    CHECK(cwd.substr(1) == ":\\");
    CHECK(program.substr(1) == ":\\hello.exe");
    CHECK(program[0] == cwd[0] + 1);
    CHECK(log_of(r, "stdout").find("current directory: " + cwd + "\r\n") != std::string::npos);
}

TEST_CASE("what is not an arm64 PE is refused with what the inspector knows (126)", "[exec]") {
    ScratchDir work(fs::temp_directory_path(), "woa-work-");
    write_file_atomically(work.path() / "notes.exe", "<html>not a program</html>\n");
    const std::string notes = (work.path() / "notes.exe").string();
    const std::string amd64 =
        (fs::path(WOA_BINARY).parent_path() / "woa-launch-x86_64.exe").string();
    const std::string folder = work.path().string();
    struct Case {
        std::string program, message;
    };
    for (const Case& c :
         {Case{notes, notes + ": not a PE file: no 'MZ' signature at offset 0"},
          Case{WOA_BINARY,
               std::string(WOA_BINARY) + ": not a PE file: no 'MZ' signature at offset 0"},
          Case{amd64, amd64 + ": AMD64 (not arm64): target trixie runs arm64 programs"},
          Case{folder, folder + ": a folder, not a program file"}}) {
        for (const bool json : {false, true}) {
            std::vector<std::string> args{"exec"};
            if (json) args.push_back("--json");
            args.insert(args.end(), {"--cwd", work.path().string(), "--", c.program});
            const auto r = woa_cli(args);
            INFO(c.program << (json ? " --json" : ""));
            CHECK(r.status() == 126);
            CHECK(r.err == "woa: error: " + c.message + "\n");
            CHECK(r.out.empty());
        }
    }
}

TEST_CASE("a program file that does not exist is not found (127)", "[exec]") {
    const auto r = woa_cli({"exec", "--", "/nonexistent/prog.exe"});
    CHECK(r.status() == 127);
    CHECK(r.err == "woa: error: /nonexistent/prog.exe: no such program file\n");
}
