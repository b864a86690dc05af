// The one place woa reads PE headers (untrusted bytes): DOS header, PE signature, COFF header
// and the optional header's magic and subsystem, every read bounds-checked against the file.
// Deeper inspection (imports, exports) builds on a header this reader accepted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace woa {

struct PeHeader {
    std::uint16_t machine = 0; // 0xAA64 ARM64, 0xA641 ARM64EC, 0x8664 AMD64, ...
    std::uint16_t section_count = 0;
    std::uint16_t characteristics = 0; // IMAGE_FILE_DLL = 0x2000
    std::uint16_t magic = 0;           // 0x20B PE32+, 0x10B PE32
    std::uint16_t subsystem = 0;       // 3 console, 2 GUI
};

constexpr std::uint16_t machine_arm64 = 0xAA64;
constexpr std::uint16_t machine_arm64ec = 0xA641;
constexpr std::uint16_t machine_amd64 = 0x8664;

// Throws InputError("<file>: <what> at offset N") for anything that is not a well-formed PE.
PeHeader read_pe_header(const std::filesystem::path& file);
PeHeader parse_pe_header(std::string_view bytes, const std::filesystem::path& name);
// `bytes` may be the file's first pages only; `file_size` is the whole file's.
PeHeader parse_pe_header(std::string_view bytes, const std::filesystem::path& name,
                         std::uint64_t file_size);

// "ARM64", "AMD64", ...; "0x1234" for machines we do not name.
std::string machine_name(std::uint16_t machine);

} // namespace woa
