// The LIEF inspector (fetcher/inspect.cpp) on any file the PE header reader lets through:
// inspection, exports and the import check against a folder holding the same file as a DLL
// and as wine's API set schema. Only InputError may come out.
#include "fetcher/inspect.h"

#include "core/error.h"
#include "tests/fuzz/fuzz_support.h"

namespace fs = std::filesystem;

namespace {

bool plain_file_name(const std::string& name) {
    return !name.empty() && name.size() < 64 && name != "." && name != ".." &&
           name.find_first_of(std::string("/\0", 2)) == std::string::npos;
}

void check_imports(const woa::Inspection& program, const fs::path& dlls) {
    for (const auto& m : woa::missing_functions(program, {dlls}))
        woa::fuzz::require(!m.dll.empty() && !m.effect.empty() && !m.why.empty(),
                           "every missing function says which DLL, what happens and why");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = woa::fuzz::text_of(data, size);
    const fs::path program = woa::fuzz::scratch() / "program.exe";
    const fs::path dlls = woa::fuzz::scratch() / "dlls";
    woa::fuzz::write_bytes(program, bytes);
    try {
        const woa::Inspection inspection = woa::inspect_pe(program);
        woa::fuzz::require(!inspection.machine.empty(), "an inspection names the machine");
        woa::fuzz::write_bytes(dlls / "apisetschema.dll", bytes);
        // The program's first import resolves to itself: its exports are read too.
        if (!inspection.imports.empty() && plain_file_name(inspection.imports[0].name))
            woa::fuzz::write_bytes(dlls / inspection.imports[0].name, bytes);
        check_imports(inspection, dlls);
    } catch (const woa::InputError&) {
    }
    std::error_code ec;
    fs::remove_all(dlls, ec);
    return 0;
}
