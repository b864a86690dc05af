#include "core/fs.h"
#include "core/process.h"
#include "runner/shims.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace woa;
namespace fs = std::filesystem;

TEST_CASE("shims pass the CPU model and find the target from their own location", "[shims]") {
    const ShimSettings s{"usr/lib/wine", "neoverse-n1"};
    const std::string pre = preloader_shim(s);
    CHECK(pre.rfind("#!/bin/sh\n", 0) == 0);
    CHECK(pre.find("-cpu neoverse-n1 \"$@\"") != std::string::npos);
    // usr/lib/wine is three levels below the sysroot, which is one below the target
    CHECK(pre.find("${0%/*}/../../../..") != std::string::npos);
    const std::string server = wineserver_shim(s, "usr/lib/wine/wineserver64");
    CHECK(server.find("\"$target/sysroot/usr/lib/wine/wineserver64\" \"$@\"") != std::string::npos);
}

TEST_CASE("a loader folder that climbs out is refused", "[shims]") {
    CHECK_THROWS(preloader_shim({"usr/../../etc", "max"}));
}

// Runs the generated scripts for real with /bin/sh, with a stand-in qemu that prints its
// arguments, in a target folder that is then moved: the shims must follow.
TEST_CASE("shims run qemu with the sysroot and the arguments, wherever the target is", "[shims]") {
    ScratchDir scratch(fs::temp_directory_path(), "woa-shims-");
    auto make_target = [&](const fs::path& root) {
        fs::create_directories(root / "sysroot/usr/lib/wine");
        std::ofstream(root / "qemu-aarch64")
            << "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n";
        fs::permissions(root / "qemu-aarch64", fs::perms::owner_all);
        const ShimSettings s{"usr/lib/wine", "cortex-a72"};
        std::ofstream(root / "sysroot/usr/lib/wine/wine64-preloader") << preloader_shim(s);
        std::ofstream(root / "sysroot/usr/lib/wine/wineserver")
            << wineserver_shim(s, "usr/lib/wine/wineserver64");
        fs::permissions(root / "sysroot/usr/lib/wine/wine64-preloader", fs::perms::owner_all);
        fs::permissions(root / "sysroot/usr/lib/wine/wineserver", fs::perms::owner_all);
    };
    const fs::path first = scratch.path() / "a";
    make_target(first);
    const fs::path moved = scratch.path() / "moved target";
    fs::rename(first, moved);

    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec p;
    p.argv = {(moved / "sysroot/usr/lib/wine/wine64-preloader").string(), "/x/wine64", "a b"};
    const std::string out = run_and_capture(runner, p);
    const std::string root = fs::canonical(moved).string();
    CHECK(out == "[-L]\n[" + root + "/sysroot]\n[-cpu]\n[cortex-a72]\n[/x/wine64]\n[a b]\n");

    p.argv = {(moved / "sysroot/usr/lib/wine/wineserver").string(), "-p60"};
    CHECK(run_and_capture(runner, p) == "[-L]\n[" + root + "/sysroot]\n[-cpu]\n[cortex-a72]\n[" +
                                            root + "/sysroot/usr/lib/wine/wineserver64]\n[-p60]\n");
}
