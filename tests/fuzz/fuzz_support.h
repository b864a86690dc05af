// What every fuzz target shares: the input as text, a scratch folder of the process's own for
// readers that take files, and invariants that abort (so libFuzzer keeps the input).
#pragma once

#include "core/fs.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace woa::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Made once per process, removed at exit; the readers under test write only below it. In
// memory (/dev/shm) when there is one: on a disk, writeback costs most of each execution.
const std::filesystem::path& scratch();

// Writes `bytes` to `path` (parents made), as a downloaded file would arrive.
void write_bytes(const std::filesystem::path& path, std::string_view bytes);

// A broken promise of the reader: report it and abort, so the input is saved as a crash.
[[noreturn]] inline void broken(const char* promise) {
    std::fprintf(stderr, "woa fuzz: broken promise: %s\n", promise);
    std::abort();
}
inline void require(bool holds, const char* promise) {
    if (!holds) broken(promise);
}

} // namespace woa::fuzz
