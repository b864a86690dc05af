// wine's test Makefile.in reader (winetest/units.cpp): parse_makefile_in and read_test_unit on a
// unit folder holding the input as its Makefile.in (and one source file, main.c). Only
// InputError may come out, and an accepted unit's names stay in its folder.
#include "core/error.h"
#include "tests/fuzz/fuzz_support.h"
#include "winetest/units.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = woa::fuzz::text_of(data, size);
    const fs::path tree = woa::fuzz::scratch() / "tree";
    const fs::path dir = "dlls/fuzz/tests";
    static const bool made = (woa::fuzz::write_bytes(tree / dir / "main.c", ""), true);
    (void)made;
    woa::fuzz::write_bytes(tree / dir / "Makefile.in", text);
    try {
        for (const auto& [name, words] : woa::winetest::parse_makefile_in(text, "Makefile.in"))
            woa::fuzz::require(!name.empty(), "variables have names");
        const woa::winetest::TestUnit unit = woa::winetest::read_test_unit(tree, dir);
        woa::fuzz::require(!unit.testdll.empty() && unit.testdll.find('/') == std::string::npos,
                           "TESTDLL is one plain file name");
        for (const auto& source : unit.sources)
            woa::fuzz::require(source.find('/') == std::string::npos, "SOURCES stay in the unit");
        woa::fuzz::require(!unit.program().empty() && !unit.entry_id().empty(),
                           "a unit has a program and an entry id");
    } catch (const woa::InputError&) {
    }
    return 0;
}
