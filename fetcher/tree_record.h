// What an unpacked tree held when woa made it: beside each tree of the cache
// (trees/<algorithm>/<hex>), <hex>.files.json lists every file with its size and sha256, every
// link with its target, and every folder. It is written before the tree is renamed into place,
// so a tree without one was not made whole by this woa.
//
// Two checks, by cost: check_tree(..., hash=false) compares what stat tells (each recorded
// entry there, of its kind, files of their size, links to their target): a
// readdir and a stat per entry, cheap enough for `woa run` to do once per tree and run. With
// hash=true (`woa fetch --verify`) every file's content is hashed too, so a damaged byte that
// kept the size is found, and what is there beyond the record counts as a difference too.
#pragma once

#include <filesystem>
#include <string>

namespace woa {

// <tree>.files.json
std::filesystem::path tree_record_path(const std::filesystem::path& tree);

// Records `tree` (a folder made aside, about to be renamed to `final_tree`) in `final_tree`'s
// record, atomically.
void record_tree(const std::filesystem::path& tree, const std::filesystem::path& final_tree);

// "" when `tree` is what its record says; else the first difference ("package/a.js: 120
// bytes, recorded 4096", "no record of its files (...)").
std::string check_tree(const std::filesystem::path& tree, bool hash);

// Removes a tree and its record (a damaged tree, before it is made again).
void remove_tree(const std::filesystem::path& tree);

} // namespace woa
