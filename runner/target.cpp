#include "runner/target.h"

#include "core/error.h"
#include "core/fs.h"

#include <algorithm>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Source::text() const {
    switch (kind) {
    case Kind::debian:
        return "debian:" + value;
    case Kind::dir:
        return "dir:" + value;
    case Kind::path:
        return "path:" + value;
    case Kind::none:
        return "none";
    }
    return value;
}

Source Source::parse(const std::string& text, const std::string& what) {
    const auto colon = text.find(':');
    const std::string scheme = colon == std::string::npos ? "" : text.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : text.substr(colon + 1);
    const bool wine = what == "--wine";
    const std::string accepted =
        wine ? "debian:SUITE or dir:PATH" : "debian:SUITE, path:FILE or none";
    if (!wine && text == "none") return {Kind::none, ""};
    if (value.empty()) throw UsageError(what + " " + text + ": expected " + accepted);
    if (scheme == "debian") {
        if (value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
            throw UsageError(what + " " + text + ": '" + value + "' is not a Debian suite name");
        return {Kind::debian, value};
    }
    if (wine && scheme == "dir")
        return {Kind::dir, fs::absolute(value).lexically_normal().string()};
    if (!wine && scheme == "path")
        return {Kind::path, fs::absolute(value).lexically_normal().string()};
    throw UsageError(what + " " + text + ": expected " + accepted);
}

std::optional<TargetSpec> preset(const std::string& name) {
    for (const char* suite : {"bookworm", "trixie", "sid"}) {
        if (name == suite)
            return TargetSpec{
                name, {Source::Kind::debian, suite}, {Source::Kind::debian, suite}, default_cpu};
        if (name == std::string(suite) + "-x64")
            return TargetSpec{name, {Source::Kind::debian, suite}, {Source::Kind::none, ""}, "host",
                              x86_64_arch};
    }
    return std::nullopt;
}

std::vector<std::string> preset_names() {
    return {"bookworm", "trixie", "sid", "bookworm-x64", "trixie-x64", "sid-x64"};
}

void check_target_name(const std::string& name) {
    const bool ok =
        !name.empty() && name.size() <= 64 &&
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos &&
        name[0] != '.' && name[0] != '-' && name[0] != '_';
    if (!ok)
        throw UsageError("'" + name +
                         "' is not a target name: use lower-case letters, digits, '.', '_' and "
                         "'-', starting with a letter or digit, at most 64 characters");
    if (name == "host")
        throw UsageError("'host' is not a target name: woa run uses it for the programs' native "
                         "linux-x64 builds");
}

void check_cpu_model(const std::string& cpu) {
    const bool ok = !cpu.empty() && cpu.size() <= 64 &&
                    cpu.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789._,=+-") == std::string::npos;
    if (!ok)
        throw UsageError("'" + cpu + "' is not a qemu CPU model name (see qemu-aarch64 -cpu help)");
}

json to_json(const TargetIdentity& t) {
    return json{
        {"schema", TargetIdentity::schema_version},
        {"name", t.name},
        {"cpu", t.cpu},
        {"arch", t.arch},
        {"provisioned", t.provisioned},
        {"woa_version", t.woa_version},
        {"wine",
         {{"source", t.wine.source.text()},
          {"version", t.wine.version},
          {"packages", t.wine.packages},
          {"loader", t.wine.loader},
          {"server", t.wine.server}}},
        {"qemu",
         {{"source", t.qemu.source.text()},
          {"version", t.qemu.version},
          {"packages", t.qemu.packages},
          {"sha256", t.qemu.sha256}}},
    };
}

namespace {

// Typed field access that names the file and the field when something is off.
class Reader {
public:
    explicit Reader(const fs::path& file) : file_(file) {}

    const json& object(const json& doc, const std::string& key, const std::string& where) const {
        if (!doc.is_object() || !doc.contains(key) || !doc.at(key).is_object())
            fail(where + key, "must be an object");
        return doc.at(key);
    }
    std::string string(const json& doc, const std::string& key, const std::string& where) const {
        if (!doc.contains(key) || !doc.at(key).is_string()) fail(where + key, "must be a string");
        return doc.at(key).get<std::string>();
    }
    std::map<std::string, std::string> string_map(const json& doc, const std::string& key,
                                                  const std::string& where) const {
        std::map<std::string, std::string> out;
        const json& m = object(doc, key, where);
        for (const auto& [k, v] : m.items()) {
            if (!v.is_string()) fail(where + key + "." + k, "must be a string");
            out[k] = v.get<std::string>();
        }
        return out;
    }
    Source source(const json& doc, const std::string& where, const std::string& what) const {
        const std::string text = string(doc, "source", where);
        try {
            return Source::parse(text, what);
        } catch (const UsageError& e) {
            fail(where + "source", e.what());
        }
    }
    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw InputError(file_, "field '" + field + "' " + what);
    }

private:
    fs::path file_;
};

} // namespace

TargetIdentity identity_from_json(const json& doc, const fs::path& file) {
    Reader r(file);
    if (!doc.is_object()) throw InputError(file, "not a JSON object");
    if (!doc.contains("schema") || !doc.at("schema").is_number_integer())
        r.fail("schema", "must be an integer");
    // Compared as JSON numbers: get<int>() would wrap 4294967297 round to 1.
    if (doc.at("schema") != TargetIdentity::schema_version)
        r.fail("schema", "is " + doc.at("schema").dump() + ", this woa reads " +
                             std::to_string(TargetIdentity::schema_version));
    TargetIdentity t;
    t.name = r.string(doc, "name", "");
    t.cpu = r.string(doc, "cpu", "");
    t.arch = doc.contains("arch") ? r.string(doc, "arch", "") : arm64_arch;
    if (t.arch != arm64_arch && t.arch != x86_64_arch)
        r.fail("arch", "is '" + t.arch + "', not aarch64 or x86_64");
    t.provisioned = r.string(doc, "provisioned", "");
    t.woa_version = r.string(doc, "woa_version", "");
    const json& wine = r.object(doc, "wine", "");
    t.wine.source = r.source(wine, "wine.", "--wine");
    t.wine.version = r.string(wine, "version", "wine.");
    t.wine.packages = r.string_map(wine, "packages", "wine.");
    t.wine.loader = r.string(wine, "loader", "wine.");
    t.wine.server = r.string(wine, "server", "wine.");
    const json& qemu = r.object(doc, "qemu", "");
    t.qemu.source = r.source(qemu, "qemu.", "--qemu");
    t.qemu.version = r.string(qemu, "version", "qemu.");
    t.qemu.packages = r.string_map(qemu, "packages", "qemu.");
    t.qemu.sha256 = r.string(qemu, "sha256", "qemu.");
    try {
        check_target_name(t.name);
        check_cpu_model(t.cpu);
    } catch (const UsageError& e) {
        throw InputError(file, e.what());
    }
    return t;
}

std::optional<TargetIdentity> TargetStore::find(const std::string& name) const {
    check_target_name(name);
    const fs::path file = layout(name).json();
    if (!fs::exists(file)) return std::nullopt;
    json doc;
    try {
        doc = json::parse(read_file(file, 1u << 20));
    } catch (const json::parse_error& e) {
        throw InputError(file, std::string("not valid JSON: ") + e.what());
    }
    TargetIdentity t = identity_from_json(doc, file);
    if (t.name != name) throw InputError(file, "names target '" + t.name + "', not '" + name + "'");
    return t;
}

TargetIdentity TargetStore::get(const std::string& name) const {
    if (auto t = find(name)) return *t;
    std::string hint = "woa target add " + name;
    if (!preset(name)) hint += " --wine SRC --qemu SRC";
    throw Error("target '" + name + "' is not provisioned (run: " + hint + ")");
}

std::vector<TargetIdentity> TargetStore::list() const {
    std::vector<TargetIdentity> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.' || !entry.is_directory()) continue;
        try {
            check_target_name(name);
        } catch (const UsageError&) {
            continue;
        }
        if (auto t = find(name)) out.push_back(*t);
    }
    std::sort(out.begin(), out.end(),
              [](const TargetIdentity& a, const TargetIdentity& b) { return a.name < b.name; });
    return out;
}

std::vector<std::string> TargetStore::incomplete() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(".partial-", 0) == 0 && entry.is_directory()) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void TargetStore::remove(const std::string& name) const {
    check_target_name(name);
    const fs::path root = layout(name).root;
    if (!fs::exists(root)) throw Error("target '" + name + "' does not exist");
    // Rename first so that a removal cut short never leaves a target that looks ready.
    const fs::path doomed = dir_ / (".removing-" + name + "-" + std::to_string(::getpid()));
    fs::rename(root, doomed);
    fs::remove_all(doomed);
}

} // namespace woa
