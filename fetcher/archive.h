// Unpacking downloaded archives (npm's tar.gz, zip, tar.xz, Debian's .deb) with libarchive.
// Archives are untrusted: this is the one place that reads them, and it refuses what could write
// outside the destination or fill the disk, naming the archive and the entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

namespace woa {

struct ExtractLimits {
    std::uint64_t max_file_bytes = 2ull << 30;  // one file, as declared and as written
    std::uint64_t max_total_bytes = 8ull << 30; // everything written
    std::uint64_t max_entries = 200000;
};

// Unpacks `archive` (any tar/zip/cpio/ar libarchive reads, compressed or not) into `into`, a
// folder that must not exist yet. Refuses absolute paths, `..`, symbolic or hard links that
// leave the tree (a link followed through the others, once all is unpacked), writing through a
// link, device files, and sizes over `limits`. On any error it throws InputError(archive, "entry
// 'NAME': what") and `into` does not exist afterwards.
void extract_archive(const std::filesystem::path& archive, const std::filesystem::path& into,
                     const ExtractLimits& limits = {});

// A Debian package: unpacks its data.tar.* member (the files it installs) the same way.
void extract_deb(const std::filesystem::path& deb, const std::filesystem::path& into,
                 const ExtractLimits& limits = {});

// A single compressed file (gzip, xz, bzip2, zstd or none): its decompressed bytes, in chunks,
// to `sink`; throws InputError past `max_bytes` or on corrupt data.
void decompress(const std::filesystem::path& file, std::uint64_t max_bytes,
                const std::function<void(std::string_view)>& sink);

} // namespace woa
