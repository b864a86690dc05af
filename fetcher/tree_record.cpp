#include "fetcher/tree_record.h"

#include "core/error.h"
#include "core/fs.h"

#include <nlohmann/json.hpp>
#include <set>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Each entry below `tree` by its relative path: {"kind": "file", "size", "sha256"},
// {"kind": "link", "target"} or {"kind": "folder"}.
json describe(const fs::path& tree, bool hash) {
    json entries = json::object();
    for (auto it = fs::recursive_directory_iterator(tree); it != fs::recursive_directory_iterator();
         ++it) {
        const fs::path& p = it->path();
        const std::string rel = p.lexically_relative(tree).generic_string();
        const fs::file_status s = it->symlink_status();
        if (fs::is_symlink(s)) {
            entries[rel] = {{"kind", "link"}, {"target", fs::read_symlink(p).string()}};
        } else if (fs::is_directory(s)) {
            entries[rel] = {{"kind", "folder"}};
        } else if (fs::is_regular_file(s)) {
            json file = {{"kind", "file"}, {"size", fs::file_size(p)}};
            if (hash) file["sha256"] = sha256_file(p);
            entries[rel] = file;
        } else {
            entries[rel] = {{"kind", "other"}};
        }
    }
    return entries;
}

} // namespace

fs::path tree_record_path(const fs::path& tree) {
    return tree.parent_path() / (tree.filename().string() + ".files.json");
}

void record_tree(const fs::path& tree, const fs::path& final_tree) {
    write_file_atomically(tree_record_path(final_tree),
                          json{{"version", 1}, {"entries", describe(tree, true)}}.dump() + "\n");
}

std::string check_tree(const fs::path& tree, bool hash) {
    const fs::path record_file = tree_record_path(tree);
    json record;
    try {
        record = json::parse(read_file(record_file, 256u << 20));
    } catch (const std::exception&) {
        return "no record of its files (" + record_file.string() +
               " is missing or damaged; unpacked by an older woa?)";
    }
    if (!record.is_object() || !record.contains("entries") || !record["entries"].is_object())
        return "its record " + record_file.string() + " is damaged";
    json found;
    try {
        found = describe(tree, hash);
    } catch (const fs::filesystem_error& e) {
        return std::string("cannot be read: ") + e.what();
    }
    const json& recorded = record["entries"];
    for (const auto& [rel, want] : recorded.items()) {
        if (!found.contains(rel)) return rel + ": missing";
        const json& have = found[rel];
        const std::string kind = want.value("kind", "");
        if (have.value("kind", "") != kind)
            return rel + ": a " + have.value("kind", "") + ", recorded as a " + kind;
        if (kind == "link" && have.value("target", "") != want.value("target", ""))
            return rel + ": links to " + have.value("target", "") + ", recorded " +
                   want.value("target", "");
        if (kind == "file" && have.value("size", 0ull) != want.value("size", 0ull))
            return rel + ": " + std::to_string(have.value("size", 0ull)) + " bytes, recorded " +
                   std::to_string(want.value("size", 0ull));
        if (kind == "file" && hash && have.value("sha256", "") != want.value("sha256", ""))
            return rel + ": sha256 " + have.value("sha256", "") + ", recorded " +
                   want.value("sha256", "");
    }
    // What a program added beside itself does not change what was unpacked; only the full
    // check, which can repair, counts it.
    if (hash)
        for (const auto& [rel, have] : found.items())
            if (!recorded.contains(rel)) return rel + ": not part of the unpacked source";
    return "";
}

void remove_tree(const fs::path& tree) {
    std::error_code ec;
    fs::remove(tree_record_path(tree), ec);
    fs::remove_all(tree, ec);
    if (ec) throw Error("cannot remove the damaged tree " + tree.string() + ": " + ec.message());
}

} // namespace woa
