#include "fetcher/inspect.h"

#include "core/error.h"
#include "fetcher/pe_header.h"

#include <LIEF/PE.hpp>
#include <LIEF/logging.hpp>
#include <algorithm>
#include <cctype>
#include <mutex>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// LIEF 0.9 logs its own warnings to the terminal; woa reports problems itself.
void quiet_lief() {
    static std::once_flag once;
    std::call_once(once, [] { LIEF::Logger::disable(); });
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string subsystem_name(std::uint16_t value) {
    switch (value) {
    case 1:
        return "native";
    case 2:
        return "gui";
    case 3:
        return "console";
    case 10:
        return "efi-application";
    case 11:
        return "efi-boot-service-driver";
    case 12:
        return "efi-runtime-driver";
    case 16:
        return "windows-boot-application";
    default:
        return std::to_string(value);
    }
}

// Bounds-checked reads of a loaded image by RVA, through the sections LIEF parsed: what LIEF
// 0.9 does not decode itself (delay imports, the hybrid-metadata pointer) is read here.
// Each section's content is copied out of LIEF once (Section::content() copies on every call:
// per byte of every name, a hostile delay-import table made that quadratic).
class RvaReader {
public:
    explicit RvaReader(const LIEF::PE::Binary& binary) {
        for (const LIEF::PE::Section& s : binary.sections())
            sections_.push_back({s.virtual_address(),
                                 std::max<std::uint64_t>(s.virtual_size(), s.size()), s.content()});
    }

    bool bytes(std::uint64_t rva, std::size_t size, std::vector<std::uint8_t>& out) const {
        for (const Mapped& s : sections_) {
            if (rva < s.start || rva >= s.start + s.extent) continue;
            const std::uint64_t offset = rva - s.start;
            if (offset > s.content.size() || s.content.size() - offset < size) return false;
            out.assign(s.content.begin() + static_cast<long>(offset),
                       s.content.begin() + static_cast<long>(offset + size));
            return true;
        }
        return false;
    }
    std::uint64_t u64(std::uint64_t rva, bool& ok) const {
        std::vector<std::uint8_t> b;
        if (!bytes(rva, 8, b)) return ok = false, 0;
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; i--)
            v = v << 8 | b[static_cast<std::size_t>(i)];
        return v;
    }
    std::uint32_t u32(std::uint64_t rva, bool& ok) const {
        std::vector<std::uint8_t> b;
        if (!bytes(rva, 4, b)) return ok = false, 0;
        return b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24;
    }
    // A NUL-terminated name of at most 512 bytes.
    std::string name(std::uint64_t rva, bool& ok) const {
        std::string out;
        std::vector<std::uint8_t> b;
        for (std::size_t i = 0; i < 512; i++) {
            if (!bytes(rva + i, 1, b)) return ok = false, out;
            if (b[0] == 0) return out;
            out += static_cast<char>(b[0]);
        }
        ok = false;
        return out;
    }

private:
    struct Mapped {
        std::uint64_t start, extent; // virtual address and size
        std::vector<std::uint8_t> content;
    };
    std::vector<Mapped> sections_;
};

// IMAGE_DELAYLOAD_DESCRIPTOR entries (32 bytes each), their DLL names and name tables.
std::vector<ImportedDll> delay_imports(const LIEF::PE::Binary& binary, const RvaReader& image,
                                       const fs::path& file) {
    std::vector<ImportedDll> out;
    const auto& dir = binary.data_directory(LIEF::PE::DATA_DIRECTORY::DELAY_IMPORT_DESCRIPTOR);
    if (dir.RVA() == 0 || dir.size() == 0) return out;
    bool ok = true;
    // Descriptors run until an all-zero one; the directory's size is often not exact.
    for (std::uint64_t d = dir.RVA();; d += 32) {
        const std::uint32_t name_rva = image.u32(d + 4, ok);
        const std::uint32_t int_rva = image.u32(d + 16, ok);
        if (!ok) throw InputError(file, "delay-import descriptor outside the image");
        if (name_rva == 0) break; // the all-zero terminator
        ImportedDll dll;
        dll.delay_loaded = true;
        dll.name = image.name(name_rva, ok);
        // The delay-load helper would call LoadLibrary(""): no linker writes such a descriptor.
        if (ok && dll.name.empty())
            throw InputError(file, "delay-import descriptor " + std::to_string(out.size()) +
                                       " names no DLL");
        for (std::uint64_t t = int_rva; ok && t != 0; t += 8) {
            const std::uint64_t thunk = image.u64(t, ok);
            if (!ok || thunk == 0) break;
            if (thunk >> 63)
                dll.functions.push_back("#" + std::to_string(thunk & 0xFFFF));
            else
                dll.functions.push_back(image.name((thunk & 0x7FFFFFFF) + 2, ok));
            if (dll.functions.size() > 65536) ok = false;
        }
        if (!ok) throw InputError(file, "delay imports of '" + dll.name + "' are damaged");
        out.push_back(std::move(dll));
        if (out.size() > 4096) throw InputError(file, "absurdly many delay-loaded DLLs");
    }
    return out;
}

// Hybrid binaries carry a CHPE metadata pointer in their load configuration (offset 0xC8 of
// IMAGE_LOAD_CONFIG_DIRECTORY64): AMD64 + pointer is ARM64EC, ARM64 + pointer is ARM64X.
bool has_hybrid_metadata(const LIEF::PE::Binary& binary, const RvaReader& image) {
    const auto& dir = binary.data_directory(LIEF::PE::DATA_DIRECTORY::LOAD_CONFIG_TABLE);
    if (dir.RVA() == 0) return false;
    bool ok = true;
    const std::uint32_t size = image.u32(dir.RVA(), ok);
    if (!ok || size < 0xD0) return false;
    return image.u64(dir.RVA() + 0xC8, ok) != 0 && ok;
}

std::unique_ptr<LIEF::PE::Binary> parse(const fs::path& file) {
    read_pe_header(file); // our own bounds-checked gate first
    quiet_lief();
    try {
        auto binary = LIEF::PE::Parser::parse(file.string());
        if (!binary) throw InputError(file, "LIEF could not read it as a PE file");
        return binary;
    } catch (const LIEF::exception& e) {
        throw InputError(file, std::string("not a readable PE file: ") + e.what());
    }
}

// wine's API set schema (apisetschema.dll, section .apiset, Windows' API_SET_NAMESPACE version 6):
// which real DLL stands behind "api-ms-win-crt-math-l1-1-0.dll". Keys are the names up to their
// last hyphen, lower-case, as the loader matches them.
std::map<std::string, std::string> read_api_set_schema(const fs::path& dll) {
    const auto binary = parse(dll);
    std::map<std::string, std::string> out;
    for (const LIEF::PE::Section& section : binary->sections()) {
        if (section.name() != ".apiset") continue;
        const std::vector<std::uint8_t> data = section.content();
        auto u32 = [&](std::uint64_t at) -> std::uint32_t {
            if (at + 4 > data.size()) throw InputError(dll, ".apiset: read past its end");
            return data[at] | data[at + 1] << 8 | data[at + 2] << 16 |
                   static_cast<std::uint32_t>(data[at + 3]) << 24;
        };
        auto utf16 = [&](std::uint64_t at, std::uint64_t bytes) {
            if (at + bytes > data.size() || bytes > 1024)
                throw InputError(dll, ".apiset: a name outside the section");
            std::string text; // API set names are ASCII
            for (std::uint64_t i = 0; i + 1 < bytes; i += 2)
                text += static_cast<char>(std::tolower(data[at + i]));
            return text;
        };
        if (u32(0) != 6) throw InputError(dll, ".apiset: not schema version 6");
        const std::uint32_t count = u32(12), entries = u32(16);
        for (std::uint32_t i = 0; i < count && i < 100000; i++) {
            const std::uint64_t e = entries + std::uint64_t(i) * 24;
            const std::string name = utf16(u32(e + 4), u32(e + 12)); // the hashed part
            const std::uint32_t values = u32(e + 16), value_count = u32(e + 20);
            if (value_count == 0) continue;
            out[name] = utf16(u32(values + 12), u32(values + 16)); // the default host
        }
    }
    return out;
}

// "api-ms-win-crt-math-l1-1-0.dll" -> "api-ms-win-crt-math-l1-1"; "" when not an API set.
std::string api_set_key(const std::string& dll) {
    std::string name = lower(dll);
    if (name.compare(0, 4, "api-") != 0 && name.compare(0, 4, "ext-") != 0) return "";
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dll") == 0)
        name.resize(name.size() - 4);
    const std::size_t hyphen = name.rfind('-');
    return hyphen == std::string::npos ? "" : name.substr(0, hyphen);
}

} // namespace

Inspection inspect_pe(const fs::path& file) {
    const PeHeader header = read_pe_header(file);
    const auto binary = parse(file);
    try {
        const RvaReader image(*binary);
        Inspection out;
        out.file = file;
        out.machine_value = header.machine;
        out.machine = machine_name(header.machine);
        if (has_hybrid_metadata(*binary, image)) {
            if (header.machine == machine_amd64) out.machine = "ARM64EC";
            if (header.machine == machine_arm64) out.machine = "ARM64X";
        }
        out.dll = (header.characteristics & 0x2000) != 0;
        out.subsystem = subsystem_name(header.subsystem);
        if (binary->has_imports())
            for (const LIEF::PE::Import& import : binary->imports()) {
                ImportedDll dll;
                dll.name = import.name();
                if (dll.name.empty())
                    throw InputError(file, "import descriptor " +
                                               std::to_string(out.imports.size()) +
                                               " names no DLL");
                for (const LIEF::PE::ImportEntry& entry : import.entries())
                    dll.functions.push_back(
                        entry.is_ordinal() ? "#" + std::to_string(entry.ordinal()) : entry.name());
                out.imports.push_back(std::move(dll));
            }
        for (auto& dll : delay_imports(*binary, image, file))
            out.imports.push_back(std::move(dll));
        out.imports = folded_imports(std::move(out.imports));
        if (binary->has_exports())
            for (const LIEF::PE::ExportEntry& entry : binary->get_export().entries())
                if (!entry.name().empty()) out.exports.push_back(entry.name());
        if (binary->has_tls()) out.tls_callbacks = binary->tls().callbacks().size();
        out.dotnet =
            binary->data_directory(LIEF::PE::DATA_DIRECTORY::CLR_RUNTIME_HEADER).RVA() != 0;
        out.signed_ =
            binary->data_directory(LIEF::PE::DATA_DIRECTORY::CERTIFICATE_TABLE).RVA() != 0;
        return out;
    } catch (const LIEF::exception& e) {
        throw InputError(file, std::string("damaged PE file: ") + e.what());
    }
}

std::vector<ImportedDll> folded_imports(std::vector<ImportedDll> imports) {
    std::vector<ImportedDll> out;
    std::map<std::pair<std::string, bool>, std::size_t> at; // (name, delay-loaded) -> index
    std::vector<std::set<std::string>> seen;
    for (auto& dll : imports) {
        const auto key = std::make_pair(lower(dll.name), dll.delay_loaded);
        auto it = at.find(key);
        if (it == at.end()) {
            it = at.emplace(key, out.size()).first;
            out.push_back({key.first, dll.delay_loaded, {}});
            seen.emplace_back();
        }
        for (auto& function : dll.functions)
            if (seen[it->second].insert(function).second)
                out[it->second].functions.push_back(std::move(function));
    }
    return out;
}

std::string pe_machine(const fs::path& file) {
    if (read_pe_header(file).machine == machine_arm64) return "ARM64";
    return inspect_pe(file).machine;
}

DllExports read_exports(const fs::path& dll) {
    const auto binary = parse(dll);
    DllExports out;
    try {
        if (binary->has_exports())
            for (const LIEF::PE::ExportEntry& entry : binary->get_export().entries())
                if (!entry.name().empty()) out.names.insert(entry.name());
        if (out.names.empty()) {
            const std::vector<std::uint8_t>& stub = binary->dos_stub();
            const std::string text(stub.begin(), stub.end());
            out.placeholder = text.find("Wine placeholder DLL") != std::string::npos;
        }
        const std::string prefix = "__wine_stub_";
        for (const LIEF::PE::Symbol& symbol : binary->symbols()) {
            const std::string& name = symbol.name();
            if (name.compare(0, prefix.size(), prefix) == 0)
                out.stubs.insert(name.substr(prefix.size()));
        }
    } catch (const LIEF::exception& e) {
        throw InputError(dll, std::string("damaged PE file: ") + e.what());
    }
    return out;
}

std::vector<MissingFunction> missing_functions(const Inspection& program,
                                               const std::vector<fs::path>& dll_dirs) {
    // One directory listing per folder, matched case-insensitively as Windows does.
    std::map<std::string, fs::path> available;
    for (const auto& dir : dll_dirs) {
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(dir, ec))
            available.emplace(lower(item.path().filename().string()), item.path());
    }
    std::map<std::string, std::string> api_sets;
    if (auto schema = available.find("apisetschema.dll"); schema != available.end())
        api_sets = read_api_set_schema(schema->second);
    std::map<std::string, DllExports> exports;
    std::vector<MissingFunction> out;
    for (const ImportedDll& dll : program.imports) {
        const std::string load_effect =
            dll.delay_loaded ? "will fail when called" : "will not load";
        std::string file_name = lower(dll.name);
        if (auto host = api_sets.find(api_set_key(dll.name)); host != api_sets.end())
            file_name = host->second;
        const auto found = available.find(file_name);
        if (found == available.end()) {
            out.push_back({dll.name, "", load_effect, "no such DLL"});
            continue;
        }
        auto it = exports.find(found->first);
        if (it == exports.end())
            it = exports.emplace(found->first, read_exports(found->second)).first;
        if (it->second.placeholder) {
            out.push_back({dll.name, "", "not checked",
                           "a placeholder for an ELF builtin, whose exports are not readable"});
            continue;
        }
        for (const std::string& function : dll.functions) {
            if (function[0] == '#') continue; // ordinals: no names to compare
            // Windows would refuse to load the program; wine's loader puts a stub in the import
            // table instead (err:module:import_dll ... not found) that fails only if called.
            if (!it->second.names.count(function))
                out.push_back({dll.name, function, "will fail when called", "not exported"});
            else if (it->second.stubs.count(function))
                out.push_back({dll.name, function, "will fail when called", "a wine stub"});
        }
    }
    return out;
}

json to_json(const Inspection& i) {
    json imports = json::array();
    for (const auto& dll : i.imports)
        imports.push_back(
            {{"dll", dll.name}, {"delay_loaded", dll.delay_loaded}, {"functions", dll.functions}});
    return {{"file", i.file.string()},
            {"machine", i.machine},
            {"machine_value", i.machine_value},
            {"runs_as_arm64", i.runs_as_arm64()},
            {"kind", i.dll ? "dll" : "exe"},
            {"subsystem", i.subsystem},
            {"imports", imports},
            {"exports", i.exports},
            {"tls_callbacks", i.tls_callbacks},
            {"dotnet", i.dotnet},
            {"signed", i.signed_}};
}

json to_json(const std::vector<MissingFunction>& missing) {
    json out = json::array();
    for (const auto& m : missing)
        out.push_back({{"dll", m.dll},
                       {"function", m.function.empty() ? json(nullptr) : json(m.function)},
                       {"effect", m.effect},
                       {"why", m.why}});
    return out;
}

} // namespace woa
