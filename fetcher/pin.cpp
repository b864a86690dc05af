#include "fetcher/pin.h"

#include "core/error.h"
#include "core/fs.h"
#include "fetcher/debian.h"

#include <nlohmann/json.hpp>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

std::string text_field(const ordered_json& object, const char* key, const fs::path& file,
                       const std::string& where) {
    if (!object.contains(key) || !object[key].is_string() || object[key].get<std::string>().empty())
        throw InputError(file, where + "/" + key + ": needed to pin, and missing");
    return object[key];
}

EntrySource source_to_pin(const ordered_json& s, const fs::path& file, const std::string& where) {
    if (!s.is_object()) throw InputError(file, where + ": must be an object");
    EntrySource out;
    out.kind = text_field(s, "kind", file, where);
    if (out.kind == "npm") {
        out.package = text_field(s, "package", file, where);
        out.version = text_field(s, "version", file, where);
    } else if (out.kind == "deb") {
        out.suite = text_field(s, "suite", file, where);
        out.arch = text_field(s, "arch", file, where);
        out.package = text_field(s, "package", file, where);
        out.version = text_field(s, "version", file, where);
    } else if (out.kind == "url") {
        out.url = text_field(s, "url", file, where);
    } else {
        throw InputError(file, where + "/kind: '" + out.kind + "' sources have nothing to pin");
    }
    return out;
}

} // namespace

std::string current_pin(HttpClient& http, const EntrySource& source,
                        const FetchSettings& settings) {
    ScratchDir scratch(fs::temp_directory_path(), "woa-pin-");
    if (source.kind == "npm")
        return npm_dist(http, settings.registry, source.package, source.version, scratch.path(),
                        settings.http)
            .integrity;
    if (source.kind == "deb")
        return find_debian_package(http, settings.debian_mirror, source.suite, source.arch,
                                   source.package, source.version, scratch.path(), settings.http)
            .sha256;
    http.download(source.url, scratch.path() / "download", settings.http);
    return file_digest(scratch.path() / "download", "sha256");
}

std::vector<PinChange> pin_manifest(const fs::path& file, HttpClient& http,
                                    const FetchSettings& settings) {
    std::string text = read_file(file, 1u << 20);
    ordered_json doc;
    try {
        doc = ordered_json::parse(text);
    } catch (const ordered_json::parse_error& e) {
        throw InputError(file, std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("source"))
        throw InputError(file, "/source: needed to pin, and missing");
    std::vector<std::pair<std::string, ordered_json*>> sources{{"/source", &doc["source"]}};
    if (doc.contains("host_baseline") && doc["host_baseline"].is_object() &&
        doc["host_baseline"].contains("source"))
        sources.push_back({"/host_baseline/source", &doc["host_baseline"]["source"]});

    std::vector<PinChange> changes;
    bool layout_kept = true;
    for (auto& [where, object] : sources) {
        const EntrySource source = source_to_pin(*object, file, where);
        const char* field = source.kind == "npm" ? "integrity" : "sha256";
        const std::string before = object->value(field, "");
        std::string after;
        try {
            after = current_pin(http, source, settings);
        } catch (const Error& e) {
            throw InputError(file, where + ": " + e.what());
        }
        if (before == after) continue;
        changes.push_back({where + "/" + field, before, after});
        (*object)[field] = after;
        // Replace the old value in place when it is unambiguous: the file keeps its layout.
        const std::string quoted = "\"" + before + "\"";
        const std::size_t at = before.empty() ? std::string::npos : text.find(quoted);
        if (at != std::string::npos && text.find(quoted, at + 1) == std::string::npos)
            text.replace(at, quoted.size(), "\"" + after + "\"");
        else
            layout_kept = false;
    }
    if (changes.empty()) return changes;
    write_file_atomically(file, layout_kept ? text : doc.dump(2) + "\n");
    return changes;
}

} // namespace woa
