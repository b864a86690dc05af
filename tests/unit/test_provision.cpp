#include "core/error.h"
#include "core/fs.h"
#include "runner/provision.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

using namespace woa;
namespace fs = std::filesystem;

namespace {

void write_elf(const fs::path& file, unsigned machine) {
    fs::create_directories(file.parent_path());
    std::string header(64, '\0');
    header[0] = 0x7f, header[1] = 'E', header[2] = 'L', header[3] = 'F', header[4] = 2;
    header[18] = static_cast<char>(machine & 0xff);
    header[19] = static_cast<char>(machine >> 8);
    write_file_atomically(file, header);
}

// Stands in for mmdebstrap and the emulated tools: builds the trees they would, records what
// it was asked, and fails on the step the test chooses.
class FakeRunner : public ProcessRunner {
public:
    std::vector<std::vector<std::string>> calls;
    std::string fail_on; // a word of the command line that makes it fail

    ProcessResult run(const ProcessSpec& spec) override {
        calls.push_back(spec.argv);
        ProcessResult r;
        r.exited = true;
        std::string line;
        for (const auto& a : spec.argv)
            line += a + " ";
        if (!fail_on.empty() && line.find(fail_on) != std::string::npos) {
            r.exit_status = 1;
            return r;
        }
        if (spec.argv[0] == "mmdebstrap") {
            const fs::path tree = spec.argv[spec.argv.size() - 2];
            if (line.find("--architectures=arm64") != std::string::npos) {
                write_elf(tree / "usr/lib/wine/wine64", 183);
                write_elf(tree / "usr/lib/wine/wineserver64", 183);
                write_elf(tree / "usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1", 183);
                fs::create_directories(tree / "usr/lib");
                fs::create_symlink("aarch64-linux-gnu/ld-linux-aarch64.so.1",
                                   tree / "usr/lib/ld-linux-aarch64.so.1");
                fs::create_directories(tree / "tmp");
                write_file_atomically(tree / "woa-packages", "wine64:arm64 10.0~repack-6\n");
            } else {
                write_elf(tree / "usr/bin/qemu-aarch64", 62);
                write_file_atomically(tree / "woa-packages", "qemu-user:amd64 1:10.0.13\n");
            }
        }
        if (!spec.stdout_path.empty()) {
            std::string out;
            if (line.find("--version") != std::string::npos)
                out = spec.argv.size() == 2 ? "qemu-aarch64 version 10.0.13\n" : "wine-10.0\n";
            write_file_atomically(spec.stdout_path, out);
            write_file_atomically(spec.stderr_path, "");
        }
        if (line.find("wineboot") != std::string::npos) {
            const fs::path prefix = spec.env.at("WINEPREFIX");
            fs::create_directories(prefix / "dosdevices");
            fs::create_directories(prefix / "drive_c");
            fs::create_directory_symlink("/", prefix / "dosdevices/z:");
            write_file_atomically(prefix / "system.reg", "WINE REGISTRY Version 2\n");
        }
        return r;
    }
};

// Debian's archive as far as Release files go: it has the suites named.
class FakeArchive : public HttpClient {
public:
    std::set<std::string> suites{"trixie", "bookworm", "sid"};
    std::vector<std::string> urls;
    void download(const std::string& url, const fs::path& destination,
                  const HttpOptions&) override {
        urls.push_back(url);
        for (const auto& suite : suites)
            if (url == "http://deb.debian.org/debian/dists/" + suite + "/Release") {
                write_file_atomically(destination, "Suite: " + suite + "\n");
                return;
            }
        throw Error(url + ": HTTP 404");
    }
};

ProvisionSettings quiet_settings() {
    ProvisionSettings s;
    s.woa_version = "test";
    s.clock = [] {
        return std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    };
    return s;
}

} // namespace

TEST_CASE("mmdebstrap extracts without maintainer scripts and records versions", "[provision]") {
    const auto cmd = mmdebstrap_command("sid", "arm64", {"wine64", "libwine"}, "/t/sysroot",
                                        "http://deb.debian.org/debian");
    CHECK(cmd[0] == "mmdebstrap");
    CHECK(std::find(cmd.begin(), cmd.end(), "--variant=extract") != cmd.end());
    CHECK(std::find(cmd.begin(), cmd.end(), "--mode=chrootless") != cmd.end());
    CHECK(std::find(cmd.begin(), cmd.end(), "--include=wine64,libwine") != cmd.end());
    CHECK(std::find(cmd.begin(), cmd.end(), "--aptopt=Acquire::Check-Valid-Until \"false\"") !=
          cmd.end());
    CHECK(cmd[cmd.size() - 3] == "sid");
    CHECK(cmd[cmd.size() - 2] == "/t/sysroot");
}

TEST_CASE("static qemu comes from qemu-user-static until bookworm", "[provision]") {
    CHECK(qemu_package_for("bookworm") == "qemu-user-static");
    CHECK(qemu_package_for("trixie") == "qemu-user");
    CHECK(qemu_package_for("sid") == "qemu-user");
}

TEST_CASE("qemu's version is read from its --version text", "[provision]") {
    CHECK(qemu_version("qemu-aarch64 version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)\nCopyright") ==
          "10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)");
    CHECK(qemu_version("qemu-aarch64-static version 7.2.0\n") == "7.2.0");
}

TEST_CASE("package lists are read line by line", "[provision]") {
    const auto m =
        parse_package_list("wine64:arm64 10.0~repack-6\nlibwine:arm64 10.0~repack-6\n\nbad\n");
    CHECK(m.size() == 2);
    CHECK(m.at("wine64:arm64") == "10.0~repack-6");
}

TEST_CASE("fix_sysroot adds merged-/usr links and drops folders that would hide the host's",
          "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-sysroot-");
    for (const char* d : {"usr/lib", "usr/bin", "usr/sbin", "tmp", "dev/shm", "var/lib"})
        fs::create_directories(dir.path() / d);
    fix_sysroot(dir.path());
    CHECK(fs::read_symlink(dir.path() / "lib") == "usr/lib");
    CHECK(fs::read_symlink(dir.path() / "bin") == "usr/bin");
    CHECK(fs::read_symlink(dir.path() / "sbin") == "usr/sbin");
    CHECK_FALSE(fs::exists(dir.path() / "lib64"));
    for (const char* d : {"tmp", "dev", "var"})
        CHECK_FALSE(fs::exists(dir.path() / d));
}

TEST_CASE("every template prefix disables the debugger that cannot attach", "[provision]") {
    const std::string reg = prefix_registry_settings();
    CHECK(reg.rfind("REGEDIT4\n", 0) == 0);
    CHECK(reg.find(
              "[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug]") !=
          std::string::npos);
    CHECK(reg.find("\"Debugger\"=\"woa-no-debugger %ld %ld\"") != std::string::npos);
}

TEST_CASE("arm64 ELF files are told from others", "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-elf-");
    write_elf(dir.path() / "arm64", 183);
    write_elf(dir.path() / "x86-64", 62);
    write_file_atomically(dir.path() / "script", "#!/bin/sh\n");
    CHECK(is_aarch64_elf(dir.path() / "arm64"));
    CHECK_FALSE(is_aarch64_elf(dir.path() / "x86-64"));
    CHECK_FALSE(is_aarch64_elf(dir.path() / "script"));
    CHECK_FALSE(is_aarch64_elf(dir.path() / "missing"));
}

TEST_CASE("provisioning wires a target and records its identity", "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-prov-");
    const TargetStore store(dir.path());
    FakeRunner runner;
    const auto spec = *preset("trixie");
    const TargetIdentity t = provision_target(runner, store, spec, quiet_settings());
    CHECK(t.wine.packages.at("wine64:arm64") == "10.0~repack-6");
    CHECK(t.qemu.packages.at("qemu-user:amd64") == "1:10.0.13");
    CHECK(t.qemu.version == "10.0.13");
    CHECK(t.wine.loader == "usr/lib/wine/wine64");
    CHECK(t.wine.server == "usr/lib/wine/wineserver64");
    CHECK(t.provisioned == "2027-01-15T08:00:00Z");
    const TargetLayout layout = store.layout("trixie");
    CHECK(store.find("trixie").has_value());
    CHECK(sha256_file(layout.qemu()) == t.qemu.sha256);
    CHECK(fs::exists(layout.sysroot() / "usr/lib/wine/wine64-preloader"));
    CHECK(fs::exists(layout.sysroot() / "usr/lib/wine/wine-preloader"));
    CHECK(fs::exists(layout.sysroot() / "usr/lib/wine/wineserver"));
    CHECK_FALSE(fs::exists(layout.sysroot() / "tmp"));
    CHECK_FALSE(fs::exists(fs::symlink_status(layout.template_prefix() / "dosdevices/z:")));
    CHECK(store.incomplete().empty());
    // Adding it again is refused rather than mixing two builds.
    CHECK_THROWS_AS(provision_target(runner, store, spec, quiet_settings()), Error);
}

TEST_CASE("a provisioning that fails leaves no target and no partial folder", "[provision]") {
    for (const char* step : {"--architectures=amd64", "wineboot", "reg"}) {
        ScratchDir dir(fs::temp_directory_path(), "woa-prov-");
        const TargetStore store(dir.path());
        FakeRunner runner;
        runner.fail_on = step;
        CHECK_THROWS_AS(provision_target(runner, store, *preset("sid"), quiet_settings()), Error);
        CHECK(store.list().empty());
        CHECK(store.incomplete().empty());
        CHECK_FALSE(fs::exists(dir.path() / "sid"));
    }
}

TEST_CASE("a wine tree without an arm64 loader is refused with its name", "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-prov-");
    fs::create_directories(dir.path() / "wine/bin");
    write_elf(dir.path() / "wine/bin/wine", 62); // an x86-64 wine
    TargetSpec spec{"mine", Source::parse("dir:" + (dir.path() / "wine").string(), "--wine"),
                    Source::parse("debian:trixie", "--qemu"), "neoverse-n1"};
    FakeRunner runner;
    CHECK_THROWS_WITH(
        provision_target(runner, TargetStore(dir.path() / "targets"), spec, quiet_settings()),
        Catch::Contains("no arm64 wine loader"));
}

TEST_CASE("a Debian suite the archive does not have is said so before mmdebstrap runs",
          "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-prov-");
    const TargetStore store(dir.path());
    FakeRunner runner;
    FakeArchive archive;
    ProvisionSettings settings = quiet_settings();
    settings.http = &archive;
    TargetSpec spec{"mine", Source::parse("debian:nosuchsuite", "--wine"),
                    Source::parse("debian:trixie", "--qemu"), "neoverse-n1"};
    CHECK_THROWS_WITH(provision_target(runner, store, spec, settings),
                      "debian:nosuchsuite: Debian's archive http://deb.debian.org/debian "
                      "has no suite 'nosuchsuite' (http://deb.debian.org/debian/dists/"
                      "nosuchsuite/Release: HTTP 404)");
    CHECK(runner.calls.empty());
    CHECK(store.list().empty());
    // A suite it has goes on to mmdebstrap.
    provision_target(runner, store, *preset("trixie"), settings);
    CHECK(archive.urls.back() == "http://deb.debian.org/debian/dists/trixie/Release");
}

TEST_CASE("a dir: wine source is checked for a loader and kept apart from woa's home first",
          "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-prov-");
    const fs::path home = dir.path() / "home";
    const TargetStore store(home / "targets");
    // A complete arm64 root that holds woa's home, as dir:/tmp does when WOA_HOME is in /tmp.
    write_elf(dir.path() / "usr/lib/wine/wine64", 183);
    write_elf(dir.path() / "usr/lib/wine/wineserver64", 183);
    write_elf(dir.path() / "usr/lib/ld-linux-aarch64.so.1", 183);
    FakeRunner runner;
    auto spec_of = [](const fs::path& root) {
        return TargetSpec{"mine", Source::parse("dir:" + root.string(), "--wine"),
                          Source::parse("debian:trixie", "--qemu"), "neoverse-n1"};
    };
    CHECK_THROWS_WITH(
        provision_target(runner, store, spec_of(dir.path()), quiet_settings()),
        Catch::StartsWith("dir:" + dir.path().string() + ": holds woa's targets folder"));
    CHECK_THROWS_WITH(provision_target(runner, store, spec_of(home), quiet_settings()),
                      Catch::Contains(": holds woa's targets folder"));
    fs::create_directories(home / "targets/other/sysroot");
    CHECK_THROWS_WITH(
        provision_target(runner, store, spec_of(home / "targets/other/sysroot"), quiet_settings()),
        Catch::Contains(": lies inside woa's targets folder"));
    // A folder without a loader is refused before anything is copied or run.
    fs::create_directories(dir.path() / "empty/usr/share");
    CHECK_THROWS_WITH(
        provision_target(runner, store, spec_of(dir.path() / "empty"), quiet_settings()),
        Catch::Contains("empty: no arm64 wine loader"));
    CHECK(runner.calls.empty());
    CHECK(store.incomplete().empty());
}

TEST_CASE("provisioning leaves no lock file behind", "[provision]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-prov-");
    const TargetStore store(dir.path());
    FakeRunner runner;
    provision_target(runner, store, *preset("trixie"), quiet_settings());
    runner.fail_on = "wineboot";
    CHECK_THROWS(provision_target(runner, store, *preset("sid"), quiet_settings()));
    std::vector<std::string> hidden;
    for (const auto& e : fs::directory_iterator(dir.path()))
        if (e.path().filename().string()[0] == '.') hidden.push_back(e.path().filename());
    CHECK(hidden.empty());
}
