// What a Windows binary is and what it needs, read with LIEF before anything runs it: machine
// (ARM64, ARM64EC, ARM64X, AMD64, ...), subsystem, imports and delay imports per DLL, exports,
// TLS callbacks, .NET, signature. PE files are untrusted: read_pe_header (pe_header.h) must
// accept the file before LIEF sees it, and every LIEF failure becomes an InputError.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace woa {

struct ImportedDll {
    std::string name;                   // lower case, e.g. "kernel32.dll" (Windows ignores case)
    bool delay_loaded = false;          // loaded on first call, not at start
    std::vector<std::string> functions; // names, or "#ordinal"
};

struct Inspection {
    std::filesystem::path file;
    std::uint16_t machine_value = 0;
    std::string machine; // ARM64, ARM64EC, ARM64X, AMD64, x86, ARM, or 0x1234
    bool dll = false;
    std::string subsystem; // console, gui, native, efi-application, ... or a number
    std::vector<ImportedDll> imports;
    std::vector<std::string> exports;
    std::size_t tls_callbacks = 0;
    bool dotnet = false; // has a CLR header: a .NET assembly
    bool signed_ = false;
    // Does it run as an arm64 program (ARM64, or ARM64X whose native view is arm64)?
    bool runs_as_arm64() const { return machine == "ARM64" || machine == "ARM64X"; }
};

// Throws InputError("<file>: ...") for anything that is not a PE file LIEF can read.
Inspection inspect_pe(const std::filesystem::path& file);

// DLL names in lower case, and one entry per DLL (and delay-loading) in the order first seen,
// its functions in order without repeats: a linker may name "ADVAPI32.dll" and "advapi32.dll"
// in two import descriptors, which are one DLL to Windows.
std::vector<ImportedDll> folded_imports(std::vector<ImportedDll> imports);

// What woa needs before running a file, fast: "ARM64" from the header alone (ARM64X also runs
// as arm64), else the full inspection's name (ARM64EC hides behind AMD64). node.exe is 80 MB:
// LIEF reading it for every test and every fetch would cost seconds.
std::string pe_machine(const std::filesystem::path& file);

// The exports of a DLL, and which of them are wine stubs ("unimplemented function" when
// called), known from the __wine_stub_<name> symbols wine's build leaves in its DLLs.
struct DllExports {
    std::set<std::string> names, stubs;
    // wine's "placeholder" DLLs stand for ELF builtins (aarch64-unix/NAME.so, as in wine 8's
    // arm64 packages): their exports are not in the PE file, so they cannot be checked here.
    bool placeholder = false;
};
DllExports read_exports(const std::filesystem::path& dll);

struct MissingFunction {
    std::string dll, function;
    std::string effect; // "will not load", "will fail when called", "not checked"
    std::string why;    // "no such DLL", "not exported", "a wine stub", ...
};

// Every imported function the DLLs in `dll_dirs` (searched in order; a target's own arm64 DLLs,
// then the program's folder) do not provide. A missing DLL makes the program fail to load (a
// delay-loaded one: fail when first called). A missing export would stop it loading on
// Windows, but wine's loader binds a stub instead, so it fails when called, as wine stubs do.
std::vector<MissingFunction> missing_functions(const Inspection& program,
                                               const std::vector<std::filesystem::path>& dll_dirs);

nlohmann::json to_json(const Inspection& inspection);
nlohmann::json to_json(const std::vector<MissingFunction>& missing);

} // namespace woa
