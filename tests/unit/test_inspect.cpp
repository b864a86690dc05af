// The inspector on PE files the build made: what it reads, what it finds missing, and that
// damaged files give errors, never crashes.
#include "core/error.h"
#include "core/fs.h"
#include "fetcher/inspect.h"

#include <catch2/catch.hpp>
#include <random>

using namespace woa;
namespace fs = std::filesystem;

namespace {

const fs::path hello = fs::path(WOA_PROBES) / "hello.exe";
const fs::path inspect_me = fs::path(WOA_FIXTURES) / "inspect_me.exe";

bool imports(const Inspection& i, const std::string& dll, const std::string& function) {
    for (const auto& d : i.imports)
        if (d.name == dll)
            for (const auto& f : d.functions)
                if (f == function) return true;
    return false;
}

} // namespace

TEST_CASE("an arm64 console program: machine, subsystem, imports, exports", "[inspect]") {
    const Inspection h = inspect_pe(hello);
    CHECK(h.machine == "ARM64");
    CHECK(h.machine_value == 0xAA64);
    CHECK(h.runs_as_arm64());
    CHECK(h.subsystem == "console");
    CHECK_FALSE(h.dll);
    CHECK_FALSE(h.dotnet);
    CHECK_FALSE(h.signed_);
    CHECK(imports(h, "kernel32.dll", "GetNativeSystemInfo"));
    CHECK(imports(h, "ucrtbase.dll", "__stdio_common_vfprintf"));

    const Inspection me = inspect_pe(inspect_me);
    CHECK(std::find(me.exports.begin(), me.exports.end(), "woa_inspect_me") != me.exports.end());
    CHECK(imports(me, "kernel32.dll", "WoaNoSuchFunction"));
    CHECK(to_json(me)["machine"] == "ARM64");
    CHECK(pe_machine(hello) == "ARM64");
    CHECK_THROWS_AS(pe_machine(WOA_BINARY), InputError);
}

TEST_CASE("missing functions: no such DLL, not exported, a wine stub", "[inspect]") {
    ScratchDir dlls(fs::temp_directory_path(), "woa-dlls-");
    const Inspection me = inspect_pe(inspect_me);
    // No DLLs at all: every imported DLL is missing, and the program will not load.
    auto missing = missing_functions(me, {dlls.path()});
    REQUIRE_FALSE(missing.empty());
    CHECK(missing[0].why == "no such DLL");
    CHECK(missing[0].effect == "will not load");

    // A "kernel32.dll" that is this very program (exports woa_inspect_me only): every kernel32
    // import is reported by name, matched case-insensitively.
    fs::copy_file(inspect_me, dlls.path() / "KERNEL32.DLL");
    missing = missing_functions(me, {dlls.path()});
    bool reported = false;
    for (const auto& m : missing)
        reported |= m.dll == "kernel32.dll" && m.function == "WoaNoSuchFunction" &&
                    m.why == "not exported" && m.effect == "will fail when called";
    CHECK(reported);
}

TEST_CASE("damaged PE files give errors, not crashes", "[inspect]") {
    const std::string bytes = read_file(inspect_me);
    ScratchDir dir(fs::temp_directory_path(), "woa-bad-pe-");
    const fs::path bad = dir.path() / "bad.exe";
    std::mt19937 random(20261123); // fixed: a failure must be reproducible
    int rejected = 0, read = 0;
    for (int round = 0; round < 300; round++) {
        std::string damaged = bytes;
        if (round < 60) {
            damaged.resize(bytes.size() * static_cast<std::size_t>(round) / 60);
        } else {
            for (int k = 0; k < 8; k++)
                damaged[random() % std::min<std::size_t>(damaged.size(), 2048)] =
                    static_cast<char>(random());
        }
        write_file_atomically(bad, damaged);
        try {
            inspect_pe(bad);
            read++;
        } catch (const InputError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith(bad.string() + ": "));
            rejected++;
        }
    }
    CHECK(rejected >= 60); // every truncation at least
    INFO("read " << read << ", rejected " << rejected);
}

TEST_CASE("an import that names no DLL makes the file damaged", "[inspect]") {
    // Found by bench/fuzz.sh: a delay-import descriptor whose name is "" came out as a DLL with
    // no name, and the import check then reported a missing DLL without naming it.
    const fs::path file =
        fs::path(WOA_SOURCE_DIR) / "tests/fuzz/corpus/inspect/delay-import-naming-no-dll";
    CHECK_THROWS_WITH(inspect_pe(file),
                      file.string() + ": delay-import descriptor 0 names no DLL");
}

TEST_CASE("imported DLLs are one per name whatever its case", "[inspect]") {
    const auto folded =
        folded_imports({{"ADVAPI32.dll", false, {"RegOpenKeyExW", "RegCloseKey"}},
                        {"KERNEL32.dll", false, {"ExitProcess"}},
                        {"advapi32.dll", false, {"RegCloseKey", "RegQueryValueExW"}},
                        {"Advapi32.DLL", true, {"CryptAcquireContextW"}}});
    REQUIRE(folded.size() == 3);
    CHECK(folded[0].name == "advapi32.dll");
    CHECK_FALSE(folded[0].delay_loaded);
    CHECK(folded[0].functions ==
          std::vector<std::string>{"RegOpenKeyExW", "RegCloseKey", "RegQueryValueExW"});
    CHECK(folded[1].name == "kernel32.dll");
    CHECK(folded[2].name == "advapi32.dll");
    CHECK(folded[2].delay_loaded);
}
