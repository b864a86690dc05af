#include "core/error.h"
#include "fetcher/pe_header.h"

#include <catch2/catch.hpp>

using namespace woa;

namespace {

// A minimal PE32+ header: MZ, e_lfanew = 0x40, PE\0\0, COFF, optional header, and a table of
// three sections without data.
std::string minimal_pe(std::uint16_t machine, std::uint16_t magic = 0x20B) {
    std::string b(0x40 + 24 + 240 + 3 * 40, '\0');
    b[0] = 'M', b[1] = 'Z';
    b[0x3C] = 0x40;
    b[0x40] = 'P', b[0x41] = 'E';
    b[0x44] = static_cast<char>(machine & 0xff), b[0x45] = static_cast<char>(machine >> 8);
    b[0x46] = 3;    // sections
    b[0x54] = 0xF0; // size of optional header
    b[0x56] = 0x22; // characteristics
    b[0x58] = static_cast<char>(magic & 0xff), b[0x59] = static_cast<char>(magic >> 8);
    b[0x58 + 68] = 3; // console subsystem
    return b;
}

} // namespace

TEST_CASE("PE headers: machine, magic and subsystem", "[pe]") {
    const PeHeader h = parse_pe_header(minimal_pe(0xAA64), "x.exe");
    CHECK(h.machine == machine_arm64);
    CHECK(h.magic == 0x20B);
    CHECK(h.subsystem == 3);
    CHECK(h.section_count == 3);
    CHECK(machine_name(h.machine) == "ARM64");
    CHECK(machine_name(0x8664) == "AMD64");
    CHECK(machine_name(0xA641) == "ARM64EC");
    CHECK(machine_name(0x1234) == "0x1234");
}

TEST_CASE("hostile and truncated PE files are refused with the place", "[pe]") {
    CHECK_THROWS_WITH(
        parse_pe_header("", "x.exe"),
        "x.exe: truncated: no room for the DOS header (file has 0 bytes) at offset 0");
    CHECK_THROWS_WITH(parse_pe_header("<html>hello</html>", "x.exe"),
                      "x.exe: not a PE file: no 'MZ' signature at offset 0");
    std::string far = minimal_pe(0xAA64);
    far[0x3C] = '\xff', far[0x3D] = '\xff', far[0x3E] = '\xff', far[0x3F] = '\x7f';
    CHECK_THROWS_WITH(parse_pe_header(far, "x.exe"),
                      Catch::Contains("no room for the PE signature") &&
                          Catch::Contains("at offset 2147483647"));
    std::string cut = minimal_pe(0xAA64).substr(0, 0x50);
    CHECK_THROWS_WITH(parse_pe_header(cut, "x.exe"), Catch::Contains("truncated"));
    CHECK_THROWS_WITH(parse_pe_header(minimal_pe(0xAA64, 0x999), "x.exe"),
                      "x.exe: unknown optional header magic 0x999 at offset 88");
    std::string short_data = minimal_pe(0xAA64);
    short_data[0x148 + 16] = 0x10; // the first section claims 16 bytes at offset 0x1000
    short_data[0x148 + 21] = 0x10;
    CHECK_THROWS_WITH(parse_pe_header(short_data, "x.exe"),
                      "x.exe: truncated: section 1's data ends at byte 4112, past the end of the "
                      "file (448 bytes) at offset 328");
}
