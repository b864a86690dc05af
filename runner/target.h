// Targets: a wine-arm64 build + a qemu-user build + a qemu CPU model, provisioned under
// <woa home>/targets/NAME with an exact, recorded identity (target.json).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace woa {

// Where a wine or qemu build comes from: "debian:trixie", "dir:/opt/wine-arm64",
// "path:/usr/bin/qemu-aarch64-static".
struct Source {
    // none: no qemu at all (an x86-64 target runs wine natively).
    enum class Kind { debian, dir, path, none };
    Kind kind = Kind::debian;
    std::string value;

    std::string text() const;
    // Throws UsageError naming `what` ("--wine", "--qemu") when the text is not a source that
    // `what` accepts: wine takes debian: or dir:, qemu takes debian:, path: or none.
    static Source parse(const std::string& text, const std::string& what);
    bool operator==(const Source& o) const { return kind == o.kind && value == o.value; }
};

// The architecture of a target's wine: aarch64 (under qemu-user, what woa is for) or x86_64
// (Debian's amd64 wine run natively, as a control: what fails there is not arm64's fault).
inline constexpr const char* arm64_arch = "aarch64";
inline constexpr const char* x86_64_arch = "x86_64";

struct TargetSpec {
    std::string name;
    Source wine;
    Source qemu;
    std::string cpu;
    std::string arch = arm64_arch;
};

constexpr const char* default_target = "trixie";
// Debian's trixie/sid arm64 builds use branch protection; qemu's default CPU ("max") emulates
// BTI and wine then dies with SIGILL in __wine_syscall_dispatcher. neoverse-n1 has no BTI.
constexpr const char* default_cpu = "neoverse-n1";

// bookworm, trixie, sid: wine and qemu of the same Debian suite; bookworm-x64, trixie-x64,
// sid-x64: that suite's amd64 wine, natively.
std::optional<TargetSpec> preset(const std::string& name);
std::vector<std::string> preset_names();

// Throws UsageError unless `name` is a usable target name ([a-z0-9][a-z0-9._-]*, <= 64).
void check_target_name(const std::string& name);
// Throws UsageError unless `cpu` is a plausible qemu CPU model name (it ends up in a script).
void check_cpu_model(const std::string& cpu);

struct WineIdentity {
    Source source;
    std::string version;                         // what `wine --version` says
    std::map<std::string, std::string> packages; // "wine64:arm64" -> "10.0~repack-6"
    std::string loader;                          // in the sysroot: "usr/lib/wine/wine64"
    std::string server;                          // the real wineserver: "usr/lib/wine/wineserver64"
};

struct QemuIdentity {
    Source source;
    std::string version;                         // first line of `qemu-aarch64 --version`
    std::map<std::string, std::string> packages; // "qemu-user:amd64" -> "1:10.0.13+ds-0+deb13u1"
    std::string sha256;                          // of the qemu-aarch64 binary
};

struct TargetIdentity {
    static constexpr int schema_version = 1;
    std::string name;
    WineIdentity wine;
    QemuIdentity qemu;
    std::string cpu;
    std::string arch = arm64_arch; // absent from target.json files older than x86-64 targets
    std::string provisioned; // ISO 8601 UTC
    std::string woa_version;
};

nlohmann::json to_json(const TargetIdentity& identity);
// Throws InputError(file, ...) when the document is not a valid target.json.
TargetIdentity identity_from_json(const nlohmann::json& doc, const std::filesystem::path& file);

// The files of one provisioned target.
struct TargetLayout {
    std::filesystem::path root;
    std::filesystem::path json() const { return root / "target.json"; }
    std::filesystem::path qemu() const { return root / "qemu-aarch64"; }
    std::filesystem::path sysroot() const { return root / "sysroot"; }
    std::filesystem::path template_prefix() const { return root / "prefix-template"; }
    std::filesystem::path prefixes() const { return root / "prefixes"; }
    // wine's own PE DLLs and programs (what a Windows program's imports resolve to).
    std::filesystem::path pe_dlls(const std::string& arch = arm64_arch) const {
        return sysroot() / "usr/lib" / (arch + "-linux-gnu") / "wine" / (arch + "-windows");
    }
};

// The folder of targets. A target is ready when its folder holds a valid target.json; the
// provisioner builds it elsewhere and renames it into place, so there is no half-ready state.
class TargetStore {
public:
    explicit TargetStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
    const std::filesystem::path& dir() const { return dir_; }
    TargetLayout layout(const std::string& name) const { return {dir_ / name}; }

    std::vector<TargetIdentity> list() const;    // ready targets, by name
    std::vector<std::string> incomplete() const; // provisioning in progress or abandoned
    std::optional<TargetIdentity> find(const std::string& name) const;
    TargetIdentity get(const std::string& name) const; // throws Error when not provisioned
    void remove(const std::string& name) const;        // throws Error when not there

private:
    std::filesystem::path dir_;
};

} // namespace woa
