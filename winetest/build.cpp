#include "winetest/build.h"

#include "core/error.h"
#include "core/fs.h"
#include "fetcher/inspect.h"
#include "fetcher/json_schema.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace woa::winetest {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Raise when the steps change, so cached builds made by older steps are not reused.
constexpr int builder_version = 2;

void append(std::vector<std::string>& argv, std::initializer_list<std::string> args) {
    argv.insert(argv.end(), args.begin(), args.end());
}

std::string stem_of(const std::string& name) {
    return fs::path(name).stem().string();
}

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// The C runtime a unit links, and the define wine's headers need for it (as makedep decides:
// tests use msvcrt unless they import another C runtime).
struct Crt {
    std::string library, define;
};
Crt crt_of(const TestUnit& unit) {
    for (const auto& import : unit.imports) {
        if (import.rfind("ucrt", 0) == 0) return {import, "-D_UCRT"};
        if (import.rfind("msvcr", 0) == 0 && import.size() > 5 &&
            std::isdigit(static_cast<unsigned char>(import[5])))
            return {import, "-D_MSVCR_VER=" + import.substr(5)};
    }
    return {"msvcrt", "-D_MSVCR_VER=0"};
}

std::string pe_target(const Toolchain& tc) {
    return tc.arch + "-windows";
}

// Include folders for the compiler and wine's tools: the build folder (generated headers), the
// unit's sources, then wine's installed headers, and the source tree's include/ (wine/test.h).
std::vector<std::string> includes(const fs::path& tree, const TestUnit& unit, const fs::path& out) {
    std::vector<std::string> args{"-I" + out.string(), "-I" + (tree / unit.dir).string()};
    if (!unit.parentsrc.empty())
        args.push_back("-I" + (tree / unit.dir / unit.parentsrc).lexically_normal().string());
    return args;
}

std::vector<std::string> c_flags(const fs::path& tree, const TestUnit& unit, const Toolchain& tc,
                                 const fs::path& out) {
    std::vector<std::string> args{tc.cc.string(),
                                  "--target=" + tc.arch + "-windows-gnu",
                                  "-nostdinc",
                                  "-isystem",
                                  (tc.include_dir() / "msvcrt").string(),
                                  "-isystem",
                                  (tc.include_dir() / "windows").string(),
                                  "-isystem",
                                  (tc.cc_resources / "include").string(),
                                  "-idirafter",
                                  (tree / "include").string(),
                                  "-D__WINESRC__",
                                  crt_of(unit).define,
                                  "-O2",
                                  "-fno-strict-aliasing",
                                  "-w"};
    const auto more = includes(tree, unit, out);
    args.insert(args.end(), more.begin(), more.end());
    args.insert(args.end(), unit.extradefs.begin(), unit.extradefs.end());
    return args;
}

// wrc and widl: the same include order as the compiler, as -I options.
std::vector<std::string> tool_includes(const fs::path& tree, const TestUnit& unit,
                                       const Toolchain& tc, const fs::path& out) {
    auto args = includes(tree, unit, out);
    args.push_back("-I" + (tc.include_dir() / "windows").string());
    args.push_back("-I" + (tree / "include").string());
    args.push_back("-D__WINESRC__");
    return args;
}

BuildStep compile(const fs::path& tree, const TestUnit& unit, const Toolchain& tc,
                  const fs::path& out, const fs::path& source, const std::string& label,
                  BuildStep::Kind kind) {
    BuildStep step;
    step.kind = kind;
    step.label = label;
    if (kind == BuildStep::Kind::test_object) step.test = stem_of(label);
    step.output = out / (fs::path(label).stem().string() + ".o");
    step.into_program = true;
    step.argv = c_flags(tree, unit, tc, out);
    append(step.argv, {"-c", source.string(), "-o", step.output.string()});
    return step;
}

// What an .idl asks widl to make (`#pragma makedep header ident proxy client server typelib`).
std::vector<std::string> idl_outputs(const fs::path& idl) {
    std::vector<std::string> kinds{"header"};
    std::istringstream in(read_file(idl, 4u << 20));
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string hash, pragma;
        if (!(words >> hash >> pragma) || hash != "#pragma" || pragma != "makedep") continue;
        for (std::string kind; words >> kind;)
            if (!has(kinds, kind)) kinds.push_back(kind);
    }
    return kinds;
}

void plan_idl(const fs::path& tree, const TestUnit& unit, const Toolchain& tc, const fs::path& out,
              const fs::path& idl, std::vector<BuildStep>& steps) {
    const std::string base = idl.stem().string();
    // header first: the generated .c files and the tests include it.
    static const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> kinds = {
        {"header", {"-h", ".h"}},     {"ident", {"-u", "_i.c"}},   {"client", {"-c", "_c.c"}},
        {"server", {"-s", "_s.c"}},   {"proxy", {"-p", "_p.c"}},   {"typelib", {"-t", ".tlb"}}};
    const auto wanted = idl_outputs(idl);
    for (const auto& [kind, how] : kinds) {
        if (!has(wanted, kind)) continue;
        BuildStep step;
        step.label = idl.filename().string();
        step.output = out / (base + how.second);
        step.argv = {(tc.tools / "widl").string(), "-b", pe_target(tc)};
        const auto inc = tool_includes(tree, unit, tc, out);
        step.argv.insert(step.argv.end(), inc.begin(), inc.end());
        step.argv.insert(step.argv.end(), unit.extraidlflags.begin(), unit.extraidlflags.end());
        append(step.argv, {how.first, std::string("-o"), step.output.string(), idl.string()});
        steps.push_back(step);
        if (how.second.size() > 2 && how.second.substr(how.second.size() - 2) == ".c")
            steps.push_back(compile(tree, unit, tc, out, step.output, base + how.second,
                                    BuildStep::Kind::support));
    }
}

BuildStep resource(const fs::path& tree, const TestUnit& unit, const Toolchain& tc,
                   const fs::path& out, const fs::path& rc, const std::string& label) {
    BuildStep step;
    step.label = label;
    step.output = out / (rc.stem().string() + ".res");
    step.into_program = true;
    step.argv = {(tc.tools / "wrc").string(), "--target=" + pe_target(tc), "--nostdinc"};
    const auto inc = tool_includes(tree, unit, tc, out);
    step.argv.insert(step.argv.end(), inc.begin(), inc.end());
    append(step.argv, {crt_of(unit).define, std::string("-o"), step.output.string(), rc.string()});
    return step;
}

std::vector<std::string> link_libraries(const TestUnit& unit, const Toolchain& tc) {
    std::vector<std::string> args{"-L" + tc.lib_dir().string(), "-lwinecrt0"};
    for (const auto& import : unit.imports)
        if (import.find("$(") == std::string::npos && import.find('/') == std::string::npos)
            args.push_back("-l" + import);
    for (const auto& lib : std::vector<std::string>{crt_of(unit).library, std::string("kernel32"), std::string("ntdll")})
        args.push_back("-l" + lib);
    return args;
}

std::vector<std::string> linker(const Toolchain& tc) {
    return {tc.cc.string(), "--target=" + tc.arch + "-windows-gnu", "-fuse-ld=lld", "-nostdlib"};
}

// A .c with a .spec of its name: a DLL the tests extract from their own resources (TESTDLL).
void plan_helper_dll(const fs::path& tree, const TestUnit& unit, const Toolchain& tc,
                     const fs::path& out, const std::string& c_name, std::vector<BuildStep>& steps) {
    const std::string base = stem_of(c_name);
    const fs::path spec = unit_source(tree, unit, base + ".spec");
    BuildStep object = compile(tree, unit, tc, out, unit_source(tree, unit, c_name), c_name,
                               BuildStep::Kind::support);
    object.into_program = false; // it goes into the helper DLL
    steps.push_back(object);
    BuildStep def;
    def.label = base + ".spec";
    def.output = out / (base + ".def");
    def.argv = {(tc.tools / "winebuild").string(), "-w", "-b", pe_target(tc), "--def", "-o",
                def.output.string(), "--export", spec.string()};
    steps.push_back(def);
    BuildStep dll;
    dll.label = base + ".dll";
    dll.argv = linker(tc);
    dll.output = out / (base + ".dll");
    append(dll.argv, {std::string("-shared"), (out / (base + ".o")).string(), def.output.string()});
    const auto libs = link_libraries(unit, tc);
    dll.argv.insert(dll.argv.end(), libs.begin(), libs.end());
    dll.argv.push_back("-o");
    dll.argv.push_back(dll.output.string());
    steps.push_back(dll);
    // Embedded as makedep does: `NAME.dll TESTDLL "NAME.dll"` compiled by wrc.
    const fs::path rc = out / (base + "_dll.rc");
    BuildStep res = resource(tree, unit, tc, out, rc, base + "_dll.rc");
    res.write_path = rc;
    // wrc opens it relative to the .rc's own folder (an absolute path it does not open).
    res.write_text = base + ".dll TESTDLL \"" + base + ".dll\"\n";
    steps.push_back(res);
}

} // namespace

fs::path Toolchain::lib_dir() const {
    const std::string triplet = arch == "x86_64" ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
    return sdk / "usr/lib" / triplet / "wine" / (arch + "-windows");
}

std::vector<BuildStep> plan_unit(const fs::path& tree, const TestUnit& unit, const Toolchain& tc,
                                 const fs::path& out) {
    std::vector<BuildStep> steps;
    auto present = [&](const std::string& name) { return !unit_source(tree, unit, name).empty(); };
    for (const auto& name : unit.sources)
        if (fs::path(name).extension() == ".idl" && present(name))
            plan_idl(tree, unit, tc, out, unit_source(tree, unit, name), steps);
    for (const auto& name : unit.sources) {
        if (!present(name)) continue;
        const std::string ext = fs::path(name).extension().string();
        if (ext == ".c" && has(unit.sources, stem_of(name) + ".spec"))
            plan_helper_dll(tree, unit, tc, out, name, steps);
        else if (ext == ".rc")
            steps.push_back(resource(tree, unit, tc, out, unit_source(tree, unit, name), name));
    }
    for (const auto& test : unit.tests)
        steps.push_back(compile(tree, unit, tc, out, unit_source(tree, unit, test + ".c"),
                                test + ".c", BuildStep::Kind::test_object));
    return steps;
}

std::string testlist_source(const std::vector<std::string>& tests) {
    std::string text = "/* Written by woa, as wine's makedep does. */\n"
                       "#define WIN32_LEAN_AND_MEAN\n#include <windows.h>\n\n"
                       "#define STANDALONE\n#include \"wine/test.h\"\n\n";
    for (const auto& t : tests)
        text += "extern void func_" + t + "(void);\n";
    text += "\nconst struct test winetest_testlist[] =\n{\n";
    for (const auto& t : tests)
        text += "    { \"" + t + "\", func_" + t + " },\n";
    return text + "    { 0, 0 }\n};\n";
}

// Clang's x86_64-windows-gnu code probes large stack frames with ___chkstk_ms, which lives in
// libgcc or compiler-rt, neither of which Debian ships for Windows; wine's ntdll has only the
// MSVC name. This is libgcc's: touch each page from the stack pointer down, change nothing.
const char* const chkstk_x86_64 = R"(	.text
	.globl ___chkstk_ms
___chkstk_ms:
	pushq %rcx
	pushq %rax
	cmpq $0x1000, %rax
	leaq 24(%rsp), %rcx
	jb 2f
1:	subq $0x1000, %rcx
	orq $0, (%rcx)
	subq $0x1000, %rax
	cmpq $0x1000, %rax
	ja 1b
2:	subq %rax, %rcx
	orq $0, (%rcx)
	popq %rax
	popq %rcx
	ret
)";

std::vector<BuildStep> link_steps(const TestUnit& unit, const Toolchain& tc, const fs::path& out,
                                  const std::vector<fs::path>& objects) {
    // testlist.c needs only wine/test.h: the tree is not needed beyond its include/ folder,
    // which the test objects' flags already name; the caller compiles it like them.
    std::vector<BuildStep> steps;
    std::vector<fs::path> inputs = objects;
    if (tc.arch == "x86_64") {
        BuildStep probe;
        probe.label = "chkstk.S";
        probe.write_path = out / "woa_chkstk.S";
        probe.write_text = chkstk_x86_64;
        probe.output = out / "woa_chkstk.o";
        probe.argv = {tc.cc.string(), "--target=x86_64-windows-gnu", "-c",
                      probe.write_path.string(), "-o", probe.output.string()};
        steps.push_back(probe);
        inputs.push_back(probe.output);
    }
    BuildStep link;
    link.kind = BuildStep::Kind::link;
    link.label = unit.program();
    link.argv = linker(tc);
    link.output = out / unit.program();
    for (const auto& object : inputs)
        link.argv.push_back(object.string());
    const auto libs = link_libraries(unit, tc);
    link.argv.insert(link.argv.end(), libs.begin(), libs.end());
    append(link.argv, {std::string("-Wl,--subsystem,console"), std::string("-o"), link.output.string()});
    steps.push_back(link);
    return steps;
}

std::string first_error(const std::string& log) {
    std::istringstream in(log);
    std::string first, line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (first.empty()) first = line;
        if (line.find("error") != std::string::npos || line.find("Error") != std::string::npos)
            return line.substr(0, 400);
    }
    return first.substr(0, 400);
}

json to_json(const UnitBuild& b) {
    return {{"unit", b.unit},   {"arch", b.arch},         {"state", b.state},
            {"error", b.error}, {"tests", b.tests},       {"not_built", b.not_built},
            {"program", b.program.filename().string()},  {"seconds", b.seconds}};
}

UnitBuild unit_build_from_json(const json& doc, const fs::path& file) {
    try {
        UnitBuild b;
        b.unit = doc.at("unit");
        b.arch = doc.at("arch");
        b.state = doc.at("state");
        b.error = doc.at("error");
        b.tests = doc.at("tests").get<std::vector<std::string>>();
        b.not_built = doc.at("not_built").get<std::map<std::string, std::string>>();
        const std::string program = doc.at("program");
        if (program.find('/') != std::string::npos) throw InputError(file, "/program: not a file name");
        b.program = file.parent_path() / program;
        b.seconds = doc.value("seconds", 0.0);
        return b;
    } catch (const json::exception& e) {
        throw InputError(file, std::string("not a unit build record: ") + e.what());
    }
}

fs::path unit_build_dir(const fs::path& builds, const std::string& source_id,
                        const Toolchain& tc, const std::string& unit) {
    const std::string key = sha256_text(source_id + "\n" + tc.identity + "\n" + tc.arch + "\n" +
                                        std::to_string(builder_version))
                                .substr(0, 16);
    return builds / key / tc.arch / unit;
}

std::optional<UnitBuild> cached_build(const fs::path& builds, const std::string& source_id,
                                      const Toolchain& tc, const std::string& unit) {
    const fs::path record = unit_build_dir(builds, source_id, tc, unit) / "build.json";
    if (!fs::is_regular_file(record)) return std::nullopt;
    return unit_build_from_json(read_json_file(record), record);
}

bool Builder::run_step(const BuildStep& step, const fs::path& out, std::string& error) const {
    if (!step.write_path.empty()) write_file_atomically(step.write_path, step.write_text);
    ProcessSpec p;
    p.argv = step.argv;
    p.cwd = out;
    p.contained = false; // a compiler leaves nothing behind; builds run on several threads
    p.timeout_s = 600;
    const fs::path log = out / "logs" / (step.label + "." + step.output.filename().string() + ".log");
    fs::create_directories(log.parent_path());
    p.stdout_path = log;
    p.stderr_path = fs::path(log.string() + ".err");
    const ProcessResult r = processes_.run(p);
    if (r.exited && r.exit_status == 0 && fs::exists(step.output)) return true;
    std::string said = first_error(read_file(p.stderr_path, 16u << 20));
    if (said.empty()) said = first_error(read_file(log, 16u << 20));
    // The build folder is renamed when done: name its files relative to it.
    const std::string folder = out.string() + "/";
    for (std::size_t at; (at = said.find(folder)) != std::string::npos;)
        said.erase(at, folder.size());
    error = step.label + ": " + (said.empty() ? describe(r) : said);
    return false;
}

UnitBuild Builder::run_steps(const fs::path& tree, const TestUnit& unit, const Toolchain& tc,
                             const fs::path& out) const {
    // Sources the package lacks (unit.missing) are not tests of the index: nothing to say here.
    UnitBuild b{unit.name, tc.arch, "failed", "", {}, {}, {}, 0};
    std::vector<fs::path> objects;
    for (const auto& step : plan_unit(tree, unit, tc, out)) {
        std::string error;
        const bool ok = run_step(step, out, error);
        if (step.kind == BuildStep::Kind::test_object) {
            if (!ok) {
                b.not_built[step.test] = error;
                continue;
            }
            b.tests.push_back(step.test);
            objects.push_back(step.output);
            continue;
        }
        if (!ok) {
            b.error = error;
            return b;
        }
        if (step.into_program) objects.push_back(step.output);
    }
    if (b.tests.empty()) {
        b.error = "no test file compiled";
        return b;
    }
    write_file_atomically(out / "testlist.c", testlist_source(b.tests));
    std::vector<BuildStep> steps{compile(tree, unit, tc, out, out / "testlist.c", "testlist.c",
                                         BuildStep::Kind::support)};
    objects.push_back(steps[0].output);
    for (auto& step : link_steps(unit, tc, out, objects))
        steps.push_back(step);
    for (const auto& step : steps) {
        std::string error;
        if (!run_step(step, out, error)) {
            b.error = error;
            return b;
        }
    }
    const std::string machine = pe_machine(out / unit.program());
    const std::string wanted = tc.arch == "x86_64" ? "AMD64" : "ARM64";
    if (machine != wanted) {
        b.error = unit.program() + " is " + machine + ", not " + wanted;
        return b;
    }
    b.state = "built";
    b.program = out / unit.program();
    return b;
}

UnitBuild Builder::build(const fs::path& tree, const TestUnit& unit, const Toolchain& tc) const {
    const fs::path final_dir = unit_build_dir(builds_, source_id_, tc, unit.name);
    fs::create_directories(final_dir.parent_path());
    FileLock lock(final_dir.parent_path() / ("." + unit.name + ".lock"));
    if (auto done = cached_build(builds_, source_id_, tc, unit.name)) return *done;
    const auto start = std::chrono::steady_clock::now();
    ScratchDir aside(final_dir.parent_path(), ".partial-" + unit.name + "-");
    const fs::path out = aside.path() / unit.name;
    fs::create_directories(out);
    UnitBuild b = run_steps(tree, unit, tc, out);
    b.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    write_file_atomically(out / "build.json", to_json(b).dump(2) + "\n");
    fs::rename(out, final_dir);
    b.program = b.state == "built" ? final_dir / unit.program() : fs::path();
    return b;
}

} // namespace woa::winetest
