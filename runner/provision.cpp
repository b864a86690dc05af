#include "runner/provision.h"

#include "core/error.h"
#include "core/fs.h"
#include "fetcher/debian.h"
#include "runner/shims.h"
#include "runner/wine_env.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;

std::vector<std::string> mmdebstrap_command(const std::string& suite, const std::string& arch,
                                            const std::vector<std::string>& packages,
                                            const fs::path& dir, const std::string& mirror) {
    std::string include;
    for (const auto& p : packages)
        include += (include.empty() ? "" : ",") + p;
    return {"mmdebstrap", "--mode=chrootless", "--variant=extract", "--quiet",
            "--architectures=" + arch, "--include=" + include,
            // sid's Release file is often past its Valid-Until date in the archive.
            "--aptopt=Acquire::Check-Valid-Until \"false\"",
            // Record exact versions while the .deb files are still there (extract mode leaves no
            // dpkg status behind).
            "--extract-hook=for f in \"$1\"/var/cache/apt/archives/*.deb; do "
            "dpkg-deb --showformat='${Package}:${Architecture} ${Version}\\n' -W \"$f\"; done "
            "> \"$1\"/woa-packages",
            suite, dir.string(), mirror};
}

std::string qemu_package_for(const std::string& suite) {
    // Until bookworm the static build had its own package; from trixie on qemu-user is static.
    for (const char* old : {"buster", "bullseye", "bookworm"})
        if (suite == old) return "qemu-user-static";
    return "qemu-user";
}

std::string qemu_version(const std::string& output) {
    std::string line = output.substr(0, output.find('\n'));
    const std::string marker = " version ";
    const auto at = line.find(marker);
    return at == std::string::npos ? line : line.substr(at + marker.size());
}

std::map<std::string, std::string> parse_package_list(const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto space = line.find(' ');
        if (space == std::string::npos || space == 0) continue;
        out[line.substr(0, space)] = line.substr(space + 1);
    }
    return out;
}

void fix_sysroot(const fs::path& sysroot) {
    for (const char* dir : {"lib", "bin", "sbin", "lib64"}) {
        const fs::path link = sysroot / dir;
        if (!fs::exists(fs::symlink_status(link)) && fs::is_directory(sysroot / "usr" / dir))
            fs::create_directory_symlink(fs::path("usr") / dir, link);
    }
    for (const char* dir :
         {"tmp", "dev", "var", "run", "proc", "sys", "home", "root", "mnt", "media", "srv", "boot"})
        fs::remove_all(sysroot / dir);
}

std::string prefix_registry_settings() {
    return "REGEDIT4\n\n"
           // winedbg cannot attach under qemu-user (no ptrace): with it, a crash ends with exit
           // code 5 and "Can't attach process". A debugger that does not exist makes wine print
           // its own crash line and end the process with the exception's NTSTATUS.
           "[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug]\n"
           "\"Debugger\"=\"woa-no-debugger %ld %ld\"\n"
           "\"Auto\"=\"1\"\n\n"
           // No desktop integration: it only writes menus and costs a process per start.
           "[HKEY_CURRENT_USER\\Software\\Wine\\DllOverrides]\n"
           "\"winemenubuilder.exe\"=\"\"\n";
}

std::string elf_machine(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char header[20] = {};
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return {};
    const bool elf = header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F';
    if (!elf || header[4] != 2 /* 64-bit */) return {};
    const int machine = header[18] | (header[19] << 8); // little-endian e_machine
    if (machine == 183) return arm64_arch;              // EM_AARCH64
    if (machine == 62) return x86_64_arch;              // EM_X86_64
    return {};
}

bool is_aarch64_elf(const fs::path& file) {
    return elf_machine(file) == arm64_arch;
}

std::string dynamic_linker(const std::string& arch) {
    return arch == x86_64_arch ? "lib64/ld-linux-x86-64.so.2" : "lib/ld-linux-aarch64.so.1";
}

namespace {

struct Step {
    const ProvisionSettings& settings;
    int total;
    int number = 0;
    void operator()(const std::string& what) {
        settings.progress("[" + std::to_string(++number) + "/" + std::to_string(total) + "] " +
                          what);
    }
};

// The wine loader of `arch` in a sysroot (Debian's or an upstream install tree), relative to
// it; "" when there is none.
std::string find_wine_loader(const fs::path& sysroot, const std::string& arch) {
    const std::string multiarch = "usr/lib/" + arch + "-linux-gnu/wine/";
    // Debian up to 10.0~repack-6 (usr/lib/wine), Debian's multiarch layout from
    // 10.0~repack-12 (usr/lib/<arch>-linux-gnu/wine), and upstream install trees (bin/).
    for (const std::string& candidate : std::vector<std::string>{
             "usr/lib/wine/wine64", "usr/lib/wine/wine", multiarch + "wine64", multiarch + "wine",
             "usr/bin/wine64", "usr/bin/wine", "usr/local/bin/wine64", "usr/local/bin/wine",
             "bin/wine64", "bin/wine"})
        if (elf_machine(sysroot / candidate) == arch) return candidate;
    return {};
}

std::string no_loader_message(const std::string& source, const std::string& arch) {
    const std::string multiarch = "usr/lib/" + arch + "-linux-gnu/wine/";
    return source + ": no " + (arch == x86_64_arch ? "x86-64" : "arm64") +
           " wine loader (usr/lib/wine/wine64, " + multiarch + "wine, bin/wine, ...) in it";
}

// Finds the wine loader and server of `arch` in a sysroot (Debian's or an upstream install tree).
void locate_wine(const fs::path& sysroot, WineIdentity& wine, const std::string& source,
                 const std::string& arch) {
    const std::string name = arch == x86_64_arch ? "x86-64" : "arm64";
    wine.loader = find_wine_loader(sysroot, arch);
    if (wine.loader.empty()) throw Error(no_loader_message(source, arch));
    const fs::path dir = fs::path(wine.loader).parent_path();
    for (const char* name : {"wineserver64", "wineserver"}) {
        if (elf_machine(sysroot / dir / name) == arch) {
            wine.server = (dir / name).string();
            break;
        }
    }
    if (wine.server.empty())
        throw Error(source + ": no " + name + " wineserver beside the loader in " + dir.string());
    if (!fs::exists(sysroot / dynamic_linker(arch)))
        throw Error(source + ": no " + name + " C library (" + dynamic_linker(arch) +
                    "): the wine tree must be a complete " + name + " root");
}

// What Debian's maintainer scripts would have done for a native x86-64 wine, which extraction
// skips: the loader beside wine's (wine finds its files relative to /proc/self/exe, which is
// the loader when the shims start a program), data where wine's relative lookup ends
// (Debian's datadir is /usr/share/wine, so wine looks in share/wine/wine/nls), and the mingw
// zlib1.dll marked as a wine builtin, as libwine's postinst does.
void complete_x86_64_sysroot(const fs::path& sysroot, const WineIdentity& wine) {
    const fs::path loader_dir = sysroot / fs::path(wine.loader).parent_path();
    fs::copy_file(sysroot / dynamic_linker(x86_64_arch), loader_dir / x86_64_dynamic_loader,
                  fs::copy_options::overwrite_existing);
    if (fs::is_directory(sysroot / "usr/share/wine") &&
        !fs::exists(fs::symlink_status(sysroot / "usr/share/wine/wine")))
        fs::create_directory_symlink(".", sysroot / "usr/share/wine/wine");
    const fs::path zlib = sysroot / "usr/x86_64-w64-mingw32/lib/zlib1.dll";
    const fs::path dlls = TargetLayout{sysroot.parent_path()}.pe_dlls(x86_64_arch);
    if (!fs::is_regular_file(zlib) || !fs::is_directory(dlls)) return;
    std::string bytes = read_file(zlib, 64u << 20);
    if (bytes.size() < 96) throw Error(zlib.string() + ": too short for a PE file");
    // Bytes 64..95 of the DOS stub: "Wine builtin DLL" and 16 NULs mark a builtin.
    const std::string marker = std::string("Wine builtin DLL") + std::string(16, '\0');
    bytes.replace(64, 32, marker);
    write_file_atomically(dlls / "zlib1.dll", bytes);
}

void write_executable(const fs::path& path, const std::string& content) {
    fs::remove(path); // may be a hard link into a tree we do not own: never write through it
    write_file_atomically(path, content);
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
}

void install_shims(const fs::path& sysroot, WineIdentity& wine, const std::string& cpu,
                   const std::string& arch) {
    const ShimSettings settings{fs::path(wine.loader).parent_path(), cpu, arch};
    const fs::path dir = sysroot / settings.loader_dir;
    // An upstream tree names the real server "wineserver": move it aside for the shim.
    if (fs::path(wine.server).filename() == "wineserver") {
        const fs::path real = fs::path(wine.server).parent_path() / "wineserver.woa-real";
        fs::rename(sysroot / wine.server, sysroot / real);
        wine.server = real.string();
    }
    for (const char* name : preloader_names) {
        if (fs::exists(dir / name)) fs::rename(dir / name, dir / (std::string(name) + ".woa-real"));
        write_executable(dir / name, preloader_shim(settings));
    }
    write_executable(dir / "wineserver", wineserver_shim(settings, wine.server));
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

void provision_wine(ProcessRunner& runner, const TargetSpec& spec, const fs::path& partial,
                    const ProvisionSettings& settings, WineIdentity& wine) {
    const fs::path sysroot = partial / "sysroot";
    wine.source = spec.wine;
    if (spec.wine.kind == Source::Kind::debian) {
        ProcessSpec p;
        p.argv = mmdebstrap_command(spec.wine.value, spec.arch == x86_64_arch ? "amd64" : "arm64",
                                    {"wine64", "libwine"}, sysroot, settings.mirror);
        p.contained = false;
        run_and_capture(runner, p);
        wine.packages = parse_package_list(read_file(sysroot / "woa-packages"));
        fs::remove(sysroot / "woa-packages");
        if (wine.packages.empty())
            throw Error("mmdebstrap for " + spec.wine.text() + " installed no packages");
    } else {
        // Hard links where the filesystem allows: the shims replace files, never write them.
        clone_tree(spec.wine.value, sysroot, [](const fs::path&) { return true; });
    }
    fix_sysroot(sysroot);
    locate_wine(sysroot, wine, spec.wine.text(), spec.arch);
    if (spec.arch == x86_64_arch) complete_x86_64_sysroot(sysroot, wine);
}

void provision_qemu(ProcessRunner& runner, const TargetSpec& spec, const fs::path& partial,
                    const ProvisionSettings& settings, QemuIdentity& qemu) {
    const fs::path destination = TargetLayout{partial}.qemu();
    qemu.source = spec.qemu;
    if (spec.qemu.kind == Source::Kind::none) {
        qemu.version = "none";
        return;
    }
    if (spec.qemu.kind == Source::Kind::debian) {
        ScratchDir root(partial, ".qemu-root-");
        ProcessSpec p;
        p.argv = mmdebstrap_command(spec.qemu.value, "amd64", {qemu_package_for(spec.qemu.value)},
                                    root.path() / "tree", settings.mirror);
        p.contained = false;
        run_and_capture(runner, p);
        qemu.packages = parse_package_list(read_file(root.path() / "tree" / "woa-packages"));
        fs::path binary;
        for (const char* name : {"usr/bin/qemu-aarch64", "usr/bin/qemu-aarch64-static"})
            if (fs::exists(root.path() / "tree" / name)) binary = root.path() / "tree" / name;
        if (binary.empty())
            throw Error(spec.qemu.text() + ": " + qemu_package_for(spec.qemu.value) +
                        " has no usr/bin/qemu-aarch64");
        fs::copy_file(binary, destination);
    } else {
        if (!fs::is_regular_file(spec.qemu.value)) throw Error(spec.qemu.text() + ": not a file");
        fs::copy_file(spec.qemu.value, destination);
    }
    fs::permissions(destination, fs::perms::owner_all | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read |
                                     fs::perms::others_exec);
    qemu.sha256 = sha256_file(destination);
    qemu.version = run_qemu_version(runner, destination);
}

void make_template_prefix(ProcessRunner& runner, const TargetLayout& layout,
                          const TargetIdentity& t) {
    const fs::path prefix = layout.template_prefix();
    const WineCommand wine(layout, t);
    auto run_wine = [&](std::vector<std::string> args, double timeout) {
        ProcessSpec p = wine.spec(prefix, std::move(args));
        p.env["WINEDEBUG"] = "-all";
        p.cwd = layout.root;
        p.timeout_s = timeout;
        p.contained = false;
        return run_and_capture(runner, p);
    };
    try {
        // The first start of a prefix runs wineboot --init (15-25 s here); done once, here.
        run_wine({"wineboot", "--init"}, 900);
        write_file_atomically(prefix / "drive_c" / "woa-setup.reg", prefix_registry_settings());
        run_wine({"reg", "import", "C:\\woa-setup.reg"}, 300);
        ProcessSpec wait = wine.server_spec(prefix, {"-w"});
        wait.timeout_s = 120;
        wait.contained = false;
        run_and_capture(runner, wait);
    } catch (...) {
        kill_prefix_processes(prefix); // a wineserver spinning on a broken prefix
        throw;
    }
    fs::remove(prefix / "drive_c" / "woa-setup.reg");
    // No Z: drive: a program must not wander the host's /; woa maps the folders it needs.
    fs::remove(prefix / "dosdevices" / "z:");
}

} // namespace

std::string wine_version(ProcessRunner& runner, const TargetLayout& layout,
                         const TargetIdentity& t) {
    ProcessSpec p;
    if (t.arch == x86_64_arch)
        p.argv = {WineCommand(layout, t).preloader().string(),
                  (layout.sysroot() / t.wine.loader).string(), "--version"};
    else
        p.argv = {layout.qemu().string(),
                  "-L",
                  layout.sysroot().string(),
                  "-cpu",
                  t.cpu,
                  (layout.sysroot() / t.wine.loader).string(),
                  "--version"};
    p.contained = false;
    p.timeout_s = 60;
    return first_line(run_and_capture(runner, p));
}

std::string run_qemu_version(ProcessRunner& runner, const fs::path& qemu) {
    ProcessSpec p;
    p.argv = {qemu.string(), "--version"};
    p.contained = false;
    p.timeout_s = 30;
    return qemu_version(run_and_capture(runner, p));
}

void check_sources(const TargetStore& store, const TargetSpec& spec,
                   const ProvisionSettings& settings) {
    if (spec.wine.kind == Source::Kind::dir) {
        const fs::path source = spec.wine.value;
        if (!fs::is_directory(source)) throw Error(spec.wine.text() + ": not a folder");
        std::error_code ec;
        const fs::path tree = fs::canonical(source, ec);
        fs::create_directories(store.dir());
        const fs::path targets = fs::canonical(store.dir());
        auto below = [](const fs::path& inner, const fs::path& outer) {
            auto [end, _] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
            return end == outer.end();
        };
        if (!ec && below(targets, tree))
            throw Error(spec.wine.text() + ": holds woa's targets folder " + targets.string() +
                        " (in WOA_HOME): it would be hard-linked into itself; give an arm64 root "
                        "outside WOA_HOME");
        if (!ec && below(tree, targets))
            throw Error(spec.wine.text() + ": lies inside woa's targets folder " +
                        targets.string() + " (in WOA_HOME): give an arm64 root outside it");
        if (find_wine_loader(tree, spec.arch).empty())
            throw Error(no_loader_message(spec.wine.text(), spec.arch));
    }
    if (!settings.http || settings.mirror.rfind("http", 0) != 0) return;
    std::optional<ScratchDir> scratch;
    for (const Source* source : {&spec.wine, &spec.qemu}) {
        if (source->kind != Source::Kind::debian) continue;
        if (!scratch) scratch.emplace(fs::temp_directory_path(), "woa-suite-");
        try {
            check_debian_suite(*settings.http, settings.mirror, source->value, scratch->path(),
                               HttpOptions{});
        } catch (const Error& e) {
            throw Error(source->text() + ": " + e.what());
        }
    }
}

TargetIdentity provision_target(ProcessRunner& runner, const TargetStore& store,
                                const TargetSpec& spec, const ProvisionSettings& settings) {
    check_target_name(spec.name);
    check_cpu_model(spec.cpu);
    check_sources(store, spec, settings);
    fs::create_directories(store.dir());
    const FileLock lock =
        FileLock::removed_when_released(store.dir() / ("." + spec.name + ".lock"));
    if (fs::exists(store.layout(spec.name).root))
        throw Error("target '" + spec.name + "' already exists (woa target remove " + spec.name +
                    " first)");

    ScratchDir partial(store.dir(), ".partial-" + spec.name + "-");
    const TargetLayout layout{partial.path()};
    Step step{settings, 5};
    TargetIdentity t;
    t.name = spec.name;
    t.cpu = spec.cpu;
    t.arch = spec.arch;
    t.woa_version = settings.woa_version;

    const bool native = spec.arch == x86_64_arch;
    step("wine from " + spec.wine.text() + (native ? " (x86-64 sysroot)" : " (arm64 sysroot)"));
    provision_wine(runner, spec, partial.path(), settings, t.wine);
    step(native ? std::string("no qemu: x86-64 wine runs natively")
                : "qemu-user from " + spec.qemu.text());
    provision_qemu(runner, spec, partial.path(), settings, t.qemu);
    step(native ? std::string("shims: wine's preloader and server with the sysroot's C library")
                : "shims: wine's preloader and server through qemu -cpu " + spec.cpu);
    install_shims(layout.sysroot(), t.wine, spec.cpu, spec.arch);
    t.wine.version = wine_version(runner, layout, t);
    step("template prefix (wineboot --init, once)");
    make_template_prefix(runner, layout, t);
    step("identity: " + t.wine.version + " + qemu " + t.qemu.version);
    t.provisioned = iso8601_utc(settings.clock());
    write_file_atomically(layout.json(), to_json(t).dump(2) + "\n");
    fs::rename(partial.path(), store.layout(spec.name).root);
    partial.keep();
    return t;
}

} // namespace woa
