#include "fetcher/pe_header.h"

#include "core/error.h"

#include <cstdio>
#include <fstream>

namespace woa {

namespace fs = std::filesystem;

namespace {

class Bytes {
public:
    Bytes(std::string_view data, const fs::path& name) : data_(data), name_(name) {}
    std::uint16_t u16(std::size_t offset, const char* what) const {
        need(offset, 2, what);
        return static_cast<std::uint16_t>(byte(offset) | byte(offset + 1) << 8);
    }
    std::uint32_t u32(std::size_t offset, const char* what) const {
        need(offset, 4, what);
        return byte(offset) | byte(offset + 1) << 8 | byte(offset + 2) << 16 |
               static_cast<std::uint32_t>(byte(offset + 3)) << 24;
    }
    [[noreturn]] void fail(const std::string& what, std::size_t offset) const {
        throw InputError(name_, what + " at offset " + std::to_string(offset));
    }

private:
    std::uint32_t byte(std::size_t i) const { return static_cast<unsigned char>(data_[i]); }
    void need(std::size_t offset, std::size_t size, const char* what) const {
        if (offset > data_.size() || data_.size() - offset < size)
            fail(std::string("truncated: no room for the ") + what + " (file has " +
                     std::to_string(data_.size()) + " bytes)",
                 offset);
    }
    std::string_view data_;
    fs::path name_;
};

} // namespace

PeHeader parse_pe_header(std::string_view data, const fs::path& name, std::uint64_t file_size) {
    const Bytes b(data, name);
    if (b.u16(0, "DOS header") != 0x5A4D) b.fail("not a PE file: no 'MZ' signature", 0);
    const std::uint32_t pe = b.u32(0x3C, "PE header offset (e_lfanew)");
    if (b.u32(pe, "PE signature") != 0x00004550) b.fail("no 'PE\\0\\0' signature", pe);
    PeHeader h;
    const std::size_t coff = std::size_t(pe) + 4;
    h.machine = b.u16(coff, "COFF header");
    h.section_count = b.u16(coff + 2, "COFF header");
    const std::uint16_t optional_size = b.u16(coff + 16, "COFF header");
    h.characteristics = b.u16(coff + 18, "COFF header");
    const std::size_t optional = coff + 20;
    if (optional_size < 70)
        b.fail("optional header too small (" + std::to_string(optional_size) + " bytes)",
               coff + 16);
    h.magic = b.u16(optional, "optional header");
    if (h.magic != 0x10B && h.magic != 0x20B) {
        char text[64];
        std::snprintf(text, sizeof text, "unknown optional header magic 0x%X", h.magic);
        b.fail(text, optional);
    }
    h.subsystem = b.u16(optional + 68, "optional header");
    if (h.section_count > 96) b.fail("more sections than Windows loads (96)", coff + 2);
    // Every section's bytes must be in the file: a cut download or a damaged copy shows here.
    const std::size_t table = optional + optional_size;
    for (std::size_t i = 0; i < h.section_count; i++) {
        const std::size_t at = table + 40 * i;
        const std::uint64_t raw_size = b.u32(at + 16, "section table");
        const std::uint64_t raw_pointer = b.u32(at + 20, "section table");
        if (raw_size && raw_pointer + raw_size > file_size)
            b.fail("truncated: section " + std::to_string(i + 1) + "'s data ends at byte " +
                       std::to_string(raw_pointer + raw_size) + ", past the end of the file (" +
                       std::to_string(file_size) + " bytes)",
                   at);
    }
    return h;
}

PeHeader parse_pe_header(std::string_view data, const fs::path& name) {
    return parse_pe_header(data, name, data.size());
}

PeHeader read_pe_header(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file, "cannot open");
    // Headers live in the first pages; a hostile e_lfanew beyond them is reported as truncated.
    std::string data(64 * 1024, '\0');
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(file, ec);
    return parse_pe_header(data, file, ec ? data.size() : size);
}

std::string machine_name(std::uint16_t machine) {
    switch (machine) {
    case machine_arm64:
        return "ARM64";
    case machine_arm64ec:
        return "ARM64EC";
    case machine_amd64:
        return "AMD64";
    case 0x014C:
        return "i386";
    case 0x01C4:
        return "ARMNT";
    default: {
        char text[16];
        std::snprintf(text, sizeof text, "0x%04X", machine);
        return text;
    }
    }
}

} // namespace woa
