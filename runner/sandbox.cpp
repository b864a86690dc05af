#include "runner/sandbox.h"

#include "core/error.h"
#include "core/fs.h"

namespace woa {

namespace fs = std::filesystem;

void write_sandbox_etc(const fs::path& folder) {
    fs::create_directories(folder);
    write_file_atomically(folder / "passwd", "root:x:0:0:root:/root:/bin/sh\n"
                                             "nobody:x:65534:65534:nobody:/nonexistent:"
                                             "/usr/sbin/nologin\n");
    write_file_atomically(folder / "group", "root:x:0:\nnogroup:x:65534:\n");
    write_file_atomically(folder / "hosts", "127.0.0.1 localhost\n::1 localhost\n");
}

SandboxView host_baseline_view(const fs::path& tree, const fs::path& scratch, const fs::path& cwd,
                               const fs::path& etc) {
    SandboxView view;
    view.read_only = {tree};
    view.read_write = {scratch};
    view.cwd = cwd;
    view.etc = etc;
    return view;
}

std::vector<std::string> bubblewrap_command(const SandboxView& view) {
    std::vector<std::string> argv = {
        "bwrap",
        "--die-with-parent", // woa-contain's SIGKILL on a stuck tree ends the sandbox too
        "--new-session",     // no ioctl on woa's terminal (TIOCSTI)
        "--unshare-all",     // user (when it can), ipc, pid, net, uts, cgroup
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/bin", "/bin",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/sbin", "/sbin",
        "--dev", "/dev",
        "--proc", "/proc",
        "--tmpfs", "/tmp"};
    if (view.network) argv.push_back("--share-net");
    // Read-only first: a writable folder inside a read-only one stays writable.
    for (const auto& dir : view.read_only)
        argv.insert(argv.end(), {"--ro-bind", dir.string(), dir.string()});
    for (const auto& dir : view.read_write)
        argv.insert(argv.end(), {"--bind", dir.string(), dir.string()});
    if (!view.etc.empty())
        for (const char* name : sandbox_etc_files)
            argv.insert(argv.end(), {"--ro-bind", (view.etc / name).string(),
                                     std::string("/etc/") + name});
    if (!view.cwd.empty()) argv.insert(argv.end(), {"--chdir", view.cwd.string()});
    return argv;
}

std::string sandbox_problem(ProcessRunner& runner) {
    ProcessSpec p;
    p.argv = bubblewrap_command({});
    p.argv.insert(p.argv.end(), {"--", "/bin/true"});
    p.contained = false;
    p.timeout_s = 30;
    try {
        run_and_capture(runner, p);
    } catch (const Error& e) {
        std::string why = e.what();
        if (const auto nl = why.find(":\n"); nl != std::string::npos) why = why.substr(nl + 2);
        while (!why.empty() && why.back() == '\n')
            why.pop_back();
        return "bubblewrap cannot make a sandbox here (" + why +
               "): user, pid and network namespaces must be allowed (in a container: "
               "--privileged, or a seccomp profile that allows unshare and mount); "
               "without them, run with --no-sandbox, which programs can then reach the host";
    }
    return "";
}

} // namespace woa
