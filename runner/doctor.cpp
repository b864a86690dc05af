#include "runner/doctor.h"

#include "core/error.h"
#include "core/fs.h"
#include "runner/provision.h"
#include "runner/sandbox.h"
#include "runner/shims.h"
#include "runner/wine_env.h"

#include <functional>

namespace woa {

namespace fs = std::filesystem;

namespace {

using Check = std::function<bool(const std::string&, bool, const std::string&, const std::string&)>;

// qemu-aarch64 as recorded, and running on this host.
void check_qemu(ProcessRunner& runner, const TargetLayout& layout, const TargetIdentity& t,
                const Check& check) {
    const bool qemu_there = fs::is_regular_file(layout.qemu());
    const std::string sha = qemu_there ? sha256_file(layout.qemu()) : "";
    if (!check("qemu binary", qemu_there && sha == t.qemu.sha256,
               "qemu-aarch64 sha256 " + sha.substr(0, 16) + "... as recorded",
               qemu_there ? "qemu-aarch64 changed since provisioning (sha256 " + sha.substr(0, 16) +
                                "..., recorded " + t.qemu.sha256.substr(0, 16) +
                                "...): results would not be of the recorded build"
                          : "qemu-aarch64 is missing: nothing arm64 can run"))
        return;
    std::string version;
    try {
        version = run_qemu_version(runner, layout.qemu());
    } catch (const Error& e) {
        version = std::string("(") + e.what() + ")";
    }
    check("qemu runs", version == t.qemu.version, "qemu-aarch64 --version: " + version,
          "qemu-aarch64 --version says '" + version + "', not '" + t.qemu.version +
              "': it does not run on this host (a dynamic build needs its libraries)");
}

} // namespace

std::vector<DoctorCheck> doctor(ProcessRunner& runner, const TargetStore& store,
                                const std::string& name) {
    std::vector<DoctorCheck> checks;
    const std::string fix = " (fix: woa target remove " + name + ", then add it again)";
    auto check = [&](const std::string& what, bool ok, const std::string& good,
                     const std::string& bad) {
        checks.push_back({what, ok, ok ? good : bad + fix});
        return ok;
    };

    std::optional<TargetIdentity> found;
    try {
        found = store.find(name);
    } catch (const Error& e) {
        check("identity", false, "", e.what());
        return checks;
    }
    if (!found) {
        checks.push_back(
            {"identity", false,
             "target '" + name + "' is not provisioned (woa target add " + name + ")"});
        return checks;
    }
    const TargetIdentity& t = *found;
    const TargetLayout layout = store.layout(name);
    check("identity", true, "target.json: " + t.wine.version + " + qemu " + t.qemu.version, "");

    const bool native = t.arch == x86_64_arch;
    if (native) {
        check("qemu binary", true, "no qemu: an x86-64 control runs its wine natively", "");
    } else {
        check_qemu(runner, layout, t, check);
    }

    const fs::path sysroot = layout.sysroot();
    const std::string arch_word = native ? "x86-64" : "arm64";
    check("wine loader", elf_machine(sysroot / t.wine.loader) == t.arch,
          t.wine.loader + " is an " + arch_word + " ELF program",
          t.wine.loader + " is missing or not an " + arch_word + " ELF program: wine cannot start");
    check("wine server", elf_machine(sysroot / t.wine.server) == t.arch,
          t.wine.server + " is an " + arch_word + " ELF program" +
              (native ? "" : " (an x86-64 server cannot serve arm64 wine)"),
          t.wine.server + " is missing or not " + arch_word + ": wine has no server to talk to");
    const std::string linker = dynamic_linker(t.arch);
    check("dynamic linker", fs::exists(sysroot / linker),
          linker + " resolves inside the sysroot",
          linker + " does not resolve in the sysroot (merged-/usr links missing?): " +
              (native ? "the shims cannot start wine with the sysroot's C library"
                      : "qemu cannot load any arm64 program"));
    if (native) {
        const fs::path beside = fs::path(t.wine.loader).parent_path() / x86_64_dynamic_loader;
        check("loader beside wine", elf_machine(sysroot / beside) == x86_64_arch,
              beside.string() + " is there: wine finds its files beside /proc/self/exe",
              beside.string() + " is missing: wine, started through the sysroot's loader, "
                                "looks for its DLLs beside that loader");
    } else {
        std::string shadowing;
        for (const char* dir : {"tmp", "dev", "var"})
            if (fs::exists(fs::symlink_status(sysroot / dir))) shadowing += std::string(" /") + dir;
        check("sysroot paths", shadowing.empty(),
              "no tmp, dev or var in the sysroot: programs see the host's",
              "the sysroot has" + shadowing +
                  ": qemu -L resolves paths there first, so programs see an empty folder instead "
                  "of the host's (wine: could not open working directory L\"unix\\\\tmp\\\\\")");
    }

    const ShimSettings shim{fs::path(t.wine.loader).parent_path(), t.cpu, t.arch};
    bool shims_ok = true;
    std::string broken;
    auto shim_is = [&](const fs::path& file, const std::string& expected) {
        std::string content;
        try {
            content = read_file(sysroot / file, 1u << 16);
        } catch (const Error&) {
        }
        if (content != expected) shims_ok = false, broken += " " + file.string();
    };
    for (const char* preloader : preloader_names)
        shim_is(shim.loader_dir / preloader, preloader_shim(shim));
    shim_is(shim.loader_dir / "wineserver", wineserver_shim(shim, t.wine.server));
    check("shims", shims_ok,
          native ? "preloader and wineserver shims run wine's processes with the sysroot's "
                   "loader and C library"
                 : "preloader and wineserver shims run wine's processes through qemu -cpu " + t.cpu,
          "shims missing or changed:" + broken +
              ": without them wine cannot start child processes or its server (no binfmt_misc)");

    if (!native)
    check("cpu model", t.cpu != "max" && t.cpu != "any",
          "qemu CPU model " + t.cpu + " (no BTI emulation)",
          "qemu CPU model '" + t.cpu +
              "' emulates BTI: Debian's branch-protected wine then dies "
              "with SIGILL in __wine_syscall_dispatcher and wineboot spins forever");

    const fs::path prefix = layout.template_prefix();
    check("template prefix", fs::exists(prefix / "system.reg"),
          "template prefix initialised by wineboot --init",
          "the template prefix has no system.reg: wineboot --init never finished");
    check("no Z: drive", !fs::exists(fs::symlink_status(prefix / "dosdevices" / "z:")),
          "no Z: drive (wine still maps \\\\?\\unix\\ to the host's /: only a sandbox "
          "keeps a program from the host)",
          "the template prefix maps Z: to the host's /: programs can wander the whole host");
    std::string registry;
    try {
        registry = read_file(prefix / "system.reg", 64u << 20);
    } catch (const Error&) {
    }
    check("crash handling", registry.find("woa-no-debugger") != std::string::npos,
          "no debugger on unhandled exceptions: wine reports the crash and the real NTSTATUS",
          "AeDebug still starts winedbg, which cannot attach under qemu-user: crashes end with "
          "\"Can't attach process\" and exit code 5 instead of the exception code");

    std::string version;
    try {
        version = wine_version(runner, layout, t);
    } catch (const Error& e) {
        version = std::string("(") + e.what() + ")";
    }
    const std::string how = native ? "natively" : "under qemu";
    check("wine starts", version == t.wine.version, "wine --version " + how + ": " + version,
          "wine --version " + how + " says '" + version + "', not '" + t.wine.version + "'");
    // Of this machine, not of the target: no fix by provisioning again.
    const std::string sandbox = sandbox_problem(runner);
    checks.push_back({"sandbox", sandbox.empty(),
                      sandbox.empty() ? "bubblewrap makes user, pid and network namespaces here: "
                                        "host baselines run sandboxed"
                                      : sandbox});
    return checks;
}

} // namespace woa
