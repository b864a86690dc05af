#include "repro/repro.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/regex.h"
#include "differ/known_issues.h"
#include "runner/ntstatus.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_failing(const ResultRecord& result, const std::string& reference_verdict) {
    return result.outcome != "ok" || reference_verdict == "fail";
}

std::string failing_dll(const ResultRecord& result) {
    if (!result.wine.is_object() || !result.wine.contains("unimplemented")) return "";
    for (const auto& item : result.wine.at("unimplemented")) {
        if (!item.is_string()) continue;
        const std::string name = item.get<std::string>(); // kernelbase.dll.Function
        static const Regex dll(R"(^(.+?\.(dll|drv|exe|sys|ocx|cpl))\.)", {true});
        Regex::Groups m;
        if (dll.search(name, &m)) return m[1];
    }
    return "";
}

TraceRun trace_plan(const ResultRecord& result, double relay_budget_s) {
    TraceRun t;
    const std::string& o = result.outcome;
    if (o == "crash" || o == "loader-error" || o == "missing-dll" || o == "launch-failed") {
        t.channels = "+pid,+seh,+loaddll,+module";
        t.why = "exceptions as wine dispatches them (+seh), every DLL loaded and where (+loaddll, "
                "with +pid: names the faulting module of the crashing process), and the loader's "
                "decisions (+module)";
    } else if (o == "unimplemented") {
        t.channels = "+seh,+loaddll";
        t.why = "the stub's exception (+seh) and the DLLs loaded (+loaddll)";
        const std::string dll = failing_dll(result);
        if (!dll.empty() && result.wall_s > 0 && result.wall_s < relay_budget_s) {
            t.channels += ",+relay";
            t.relay_dll = dll;
            t.why += "; +relay for the calls into " + dll +
                     " that led to it (the program is small enough to trace every call; other "
                     "DLLs' relay lines are dropped from the excerpt, kept in the full log)";
        }
    } else if (o == "timeout") {
        t.channels = "+seh,+loaddll,+process";
        t.why = "what it loaded, any exception swallowed on the way, and the processes it started "
                "(+process): what it was waiting for";
    } else {
        t.channels = "+seh,+loaddll";
        t.why = "exceptions the program saw (+seh) and the DLLs it loaded (+loaddll)";
    }
    return t;
}

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

bool shows_failure(const std::string& line, const std::string& outcome) {
    if (line.rfind("wine: Unhandled", 0) == 0 || line.rfind("qemu: uncaught target signal", 0) == 0)
        return true;
    if (outcome == "unimplemented") return line.find("unimplemented function") != std::string::npos;
    if (outcome == "loader-error" || outcome == "missing-dll" || outcome == "launch-failed")
        return line.find(":err:module:") != std::string::npos ||
               line.rfind("wine: could not", 0) == 0;
    return false;
}

bool is_relay_line(const std::string& line) {
    return line.find(":trace:relay:") != std::string::npos ||
           line.find(":Call ") != std::string::npos || line.find(":Ret  ") != std::string::npos;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return text;
}

} // namespace

std::string cut_trace(const std::string& log, const std::string& outcome,
                      const std::string& relay_dll, std::size_t before, std::size_t after,
                      std::size_t max_bytes) {
    std::vector<std::string> lines;
    // Relay lines of other DLLs would push the failure's context out of the window.
    // "0024:Call KERNELBASE.GetTimeZoneInformation(...)": the callee's DLL, not its arguments.
    const Regex callee(":(Call|Ret ) +" +
                           Regex::escape(lower(relay_dll.substr(0, relay_dll.rfind('.')))) + "\\.",
                       {true});
    for (auto& line : split_lines(log)) {
        if (is_relay_line(line) && (relay_dll.empty() || !callee.search(line)))
            continue;
        lines.push_back(std::move(line));
    }
    std::size_t anchor = lines.size();
    for (std::size_t i = 0; i < lines.size(); i++)
        if (shows_failure(lines[i], outcome)) {
            anchor = i;
            break;
        }
    std::size_t first, last; // [first, last)
    std::string head;
    if (anchor == lines.size()) {
        last = lines.size();
        first = last > before + after ? last - before - after : 0;
        head = "# no line of the log shows the failure itself: its last " +
               std::to_string(last - first) + " lines\n";
    } else {
        first = anchor > before ? anchor - before : 0;
        last = std::min(lines.size(), anchor + after + 1);
        head = "# lines " + std::to_string(first + 1) + "-" + std::to_string(last) + " of " +
               std::to_string(lines.size()) +
               (relay_dll.empty() ? "" : " (relay: " + relay_dll + " only)") +
               "; the failure shows at line " + std::to_string(anchor + 1) + "\n";
    }
    std::string body;
    for (std::size_t i = first; i < last; i++) {
        std::string line = lines[i];
        if (line.size() > 400) line = line.substr(0, 400) + " [...]";
        body += line + "\n";
    }
    if (body.size() > max_bytes) // keep the end: the failure is there
        body = "[...]\n" + body.substr(body.size() - max_bytes);
    return head + body;
}

std::string faulting_module(const std::string& log) {
    static const Regex unhandled(
        R"(^wine: Unhandled .* at address ([0-9A-Fa-f]+)(?: \(thread ([0-9A-Fa-f]+)\))?)");
    // "00e8:00ec:trace:loaddll:..." with +pid, "00ec:trace:loaddll:..." without.
    static const Regex prefix(R"(^(?:([0-9a-f]{4}):)?([0-9a-f]{4}):)");
    static const Regex loaded(R"re(Loaded L"([^"]+)" at ([0-9A-Fa-f]+))re");
    struct Module {
        std::string pid, tid, name;
        unsigned long long base;
    };
    unsigned long long address = 0;
    bool found = false;
    std::string thread;
    std::map<std::string, std::string> pid_of; // thread -> process, from +pid prefixes
    std::vector<Module> modules;
    for (const auto& line : split_lines(log)) {
        Regex::Groups m;
        if (!found && unhandled.search(line, &m)) {
            address = std::stoull(m[1], nullptr, 16);
            thread = lower(m[2]);
            found = true;
            continue;
        }
        if (!prefix.search(line, &m)) continue;
        const std::string pid = m[1], tid = m[2];
        if (!pid.empty()) pid_of[tid] = pid;
        if (loaded.search(line, &m)) {
            std::string name = m[1];
            // wine's log doubles backslashes inside L"..." strings.
            for (std::size_t at; (at = name.find("\\\\")) != std::string::npos;)
                name.erase(at, 1);
            modules.push_back({pid, tid, name, std::stoull(m[2], nullptr, 16)});
        }
    }
    if (!found || thread.empty()) return ""; // processes share bases: without a thread, a guess
    // The crashing thread's process (+pid), else modules its own thread loaded (the main one).
    const std::string pid = pid_of.count(thread) ? pid_of[thread] : "";
    const Module* best = nullptr;
    for (const auto& m : modules) {
        const bool same = pid.empty() ? m.tid == thread : m.pid == pid;
        if (same && m.base <= address && (!best || m.base > best->base)) best = &m;
    }
    return best ? best->name : "";
}

std::string exit_code_text(const std::optional<std::int64_t>& code) {
    if (!code) return "none";
    return describe_exit_code(static_cast<std::uint32_t>(*code));
}

namespace {

std::string identity_text(const json& identity, const char* part, const char* field) {
    if (!identity.is_object() || !identity.contains(part)) return "";
    const json& p = identity.at(part);
    return p.is_object() && p.contains(field) && p.at(field).is_string()
               ? p.at(field).get<std::string>()
               : "";
}

std::string package_version(const json& identity, const char* part, const std::string& package) {
    if (!identity.is_object() || !identity.contains(part)) return "";
    const json& p = identity.at(part);
    if (!p.contains("packages") || !p.at("packages").contains(package)) return "";
    const json& v = p.at("packages").at(package);
    return v.is_string() ? v.get<std::string>() : "";
}

std::string text_or(const json& doc, const char* field, const std::string& fallback = "") {
    return doc.is_object() && doc.contains(field) && doc.at(field).is_string()
               ? doc.at(field).get<std::string>()
               : fallback;
}

std::string wine_of(const ReproCase& c) {
    return identity_text(c.identity, "wine", "version");
}
std::string qemu_of(const ReproCase& c) {
    return identity_text(c.identity, "qemu", "version");
}

std::string where(const OtherTarget& o) {
    return o.target + " (" + (o.wine_version.empty() ? "wine ?" : o.wine_version) + ", qemu " +
           (o.qemu_version.empty() ? "?" : o.qemu_version) + ", run " + std::to_string(o.run) + ")";
}

// The command line as Windows sees it, for a reader (woa's launcher is left out).
std::string windows_command(const ReproCase& c) {
    std::string exe = fs::path(c.executable).filename().string();
    std::string out = "E:\\" + exe;
    for (const auto& a : c.args)
        out += " " + (a.find_first_of(" \t\"") == std::string::npos || a.empty()
                          ? (a.empty() ? std::string("\"\"") : a)
                          : "\"" + a + "\"");
    return out;
}

std::string windows_cwd(const ReproCase& c) {
    std::string cwd = "D:\\work";
    if (!c.cwd.empty()) {
        std::string rest = c.cwd;
        std::replace(rest.begin(), rest.end(), '/', '\\');
        cwd += "\\" + rest;
    }
    return cwd;
}

std::string outcome_line(const ReproCase& c) {
    std::string line = "`" + c.result.outcome + "`";
    if (!c.result.detail.empty()) line += ": " + c.result.detail;
    return line;
}

std::vector<std::string> unimplemented_of(const ResultRecord& r) {
    std::vector<std::string> out;
    if (r.wine.is_object() && r.wine.contains("unimplemented"))
        for (const auto& item : r.wine.at("unimplemented"))
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::vector<std::string> missing_of(const ResultRecord& r) {
    std::vector<std::string> out;
    if (r.wine.is_object() && r.wine.contains("missing_dlls"))
        for (const auto& item : r.wine.at("missing_dlls"))
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::string fenced(const std::string& text, const std::string& language = "") {
    std::string body = text;
    if (!body.empty() && body.back() != '\n') body += '\n';
    // A fence longer than any run of backticks inside.
    std::string fence = "```";
    while (body.find(fence) != std::string::npos)
        fence += '`';
    return fence + language + "\n" + body + fence + "\n";
}

std::string last_lines(const std::string& text, std::size_t count) {
    std::vector<std::string> lines = split_lines(text);
    std::string out;
    for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); i++)
        out += lines[i] + "\n";
    return out;
}

std::string expected_text(const ReproCase& c) {
    return exit_code_text(c.expect_exit);
}

std::string program_paragraph(const ReproCase& c) {
    const ProgramOrigin& p = c.program;
    std::string out = "`" + c.executable + "` from " + p.source + " (" + p.licence;
    if (!p.project.empty() && p.project != "woa-compat") out += ", " + p.project;
    if (p.project == "woa-compat") out += ", a probe built by woa-compat from corpus/probes/";
    out += "). ";
    if (p.bundled)
        out += "Its licence allows redistribution: it is in `program/`.";
    else if (!p.url.empty())
        out += "Its licence does not let us redistribute it: `run.sh` downloads it from " + p.url +
               " and checks its " + p.algorithm + ".";
    else
        out += "It is not in the bundle and cannot be fetched automatically: " + p.why_not;
    if (!c.package) return out + "\n";
    const ProgramOrigin& pkg = *c.package;
    out += "\n\nThe test runs under `" + c.runtime + "`'s program, with " + pkg.source + " (" +
           pkg.licence + (pkg.project.empty() ? "" : ", " + pkg.project) +
           ") copied into its working folder, as woa runs it. ";
    if (pkg.bundled)
        out += "Its licence allows redistribution: it is in `package/`.";
    else if (!pkg.url.empty())
        out += "Its licence does not let us redistribute it: `run.sh` downloads it from " +
               pkg.url + " and checks its " + pkg.algorithm + ".";
    else
        out += "It is not in the bundle and cannot be fetched automatically: " + pkg.why_not;
    return out + "\n";
}

std::string versions_table(const ReproCase& c) {
    std::string out = "| | |\n|---|---|\n";
    out += "| wine | " + wine_of(c) + " |\n";
    for (const char* package : {"wine64:arm64", "wine:arm64", "libwine:arm64"}) {
        const std::string v = package_version(c.identity, "wine", package);
        if (!v.empty()) out += std::string("| Debian package | `") + package + " " + v + "` |\n";
    }
    const std::string wine_source = identity_text(c.identity, "wine", "source");
    if (!wine_source.empty()) out += "| wine from | " + wine_source + " |\n";
    out += "| qemu-user | " + qemu_of(c) + " |\n";
    if (c.identity.is_object() && c.identity.contains("qemu") &&
        c.identity.at("qemu").contains("packages"))
        for (const auto& [name, version] : c.identity.at("qemu").at("packages").items())
            if (version.is_string())
                out += "| Debian package | `" + name + " " + version.get<std::string>() + "` |\n";
    const std::string sha = identity_text(c.identity, "qemu", "sha256");
    if (!sha.empty()) out += "| qemu-aarch64 sha256 | `" + sha + "` |\n";
    out += "| qemu CPU model | `" + text_or(c.identity, "cpu", "?") + "` |\n";
    out += "| host | " + text_or(c.host, "kernel", "?") + ", " + text_or(c.host, "machine", "?") +
           ", " + text_or(c.host, "cpu", "?") + " |\n";
    out += "| recorded by | woa " + c.woa_version + ", run " + std::to_string(c.run) + " of " +
           c.run_started + " |\n";
    return out;
}

std::string reference_paragraph(const ReproCase& c) {
    if (c.reference_origin == "recorded")
        return "A `recorded` reference shows what it does on real Windows-on-Arm hardware (" +
               c.reference_text + "); this failure differs from it.\n";
    std::string out = "No `recorded` Windows-on-Arm reference exists for this test: no "
                      "Windows-on-Arm device has recorded the corpus yet, so whether it passes on "
                      "real hardware is not known from evidence.";
    if (!c.reference_origin.empty())
        out += " It is judged against a `" + c.reference_origin + "` reference instead (" +
               c.reference_text + ").";
    return out + "\n";
}

std::string known_paragraph(const ReproCase& c) {
    if (c.known.empty())
        return "No known issue in woa-compat's `corpus/known-issues.json` matches this failure's "
               "signature.\n";
    std::string out;
    for (const auto& k : c.known)
        out += "- Known issue `" + k.id + "`: " + k.title +
               (k.link.empty() ? " (not reported upstream yet)" : " — " + k.link) + "\n";
    return out;
}

std::string failure_details(const ReproCase& c, bool with_diff) {
    std::string out;
    out += "- Outcome: " + outcome_line(c) + "\n";
    out += "- Exit code: " + exit_code_text(c.result.exit_code) + "; the test expects " +
           expected_text(c) + "\n";
    if (c.trace && !c.trace->module.empty())
        out += "- Faulting module (from the `+loaddll` trace: loaded at the highest base at or "
               "below the faulting address): `" +
               c.trace->module + "`\n";
    for (const auto& f : unimplemented_of(c.result))
        out += "- Unimplemented function: `" + f + "`\n";
    for (const auto& m : missing_of(c.result))
        out += "- Missing DLL: `" + m + "`\n";
    if (c.result.outcome == "timeout")
        out += "- Time limit: " + std::to_string(static_cast<long>(c.timeout_s)) + " s\n";
    if (!c.verdict_detail.empty()) out += "- Against the reference: " + c.verdict_detail + "\n";
    const std::string evidence = evidence_of(c.result, 20);
    if (!evidence.empty())
        out += "\nFailing checks (the program's own messages):\n\n" + fenced(evidence);
    if (with_diff && !c.output_diff.empty())
        out += "\nStandard output, expected (reference) vs actual, after normalisation:\n\n" +
               fenced(c.output_diff, "diff");
    return out;
}

// wine's tests: each failing check with its source lines, as a wine developer reads them.
std::string source_section(const ReproCase& c, const char* heading) {
    if (c.sources.empty()) return "";
    std::string out = std::string(heading) + "\n\n";
    for (const auto& s : c.sources) {
        out += "- `" + s.signature + "`" + (s.message.empty() ? "" : ": " + s.message);
        if (!s.url.empty()) out += " ([source](" + s.url + "))";
        if (!s.bundled.empty()) out += ", in `" + s.bundled + "`";
        out += "\n";
        if (!s.text.empty()) out += "\n" + fenced(s.text, "c") + "\n";
    }
    return out + "\n";
}

} // namespace

std::string excerpt_around(const std::string& source, long line, long before, long after) {
    const auto lines = split_lines(source);
    if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return "";
    std::string out;
    for (long n = std::max(1L, line - before);
         n <= std::min(static_cast<long>(lines.size()), line + after); n++) {
        char number[32];
        std::snprintf(number, sizeof number, "%c%5ld | ", n == line ? '>' : ' ', n);
        out += number + lines[static_cast<std::size_t>(n - 1)].substr(0, 200) + "\n";
    }
    return out;
}

std::vector<std::string> cross_target_findings(const ReproCase& c) {
    std::vector<std::string> out;
    const std::string wine = wine_of(c), qemu = qemu_of(c);
    const std::string release = wine_release(wine);
    std::size_t with_result = 0, failing = 0;
    for (const auto& o : c.others) {
        if (o.outcome.empty()) {
            out.push_back("Not run on " + o.target + (o.provisioned ? " (provisioned)" : "") +
                          ": the results store has no result for it.");
            continue;
        }
        with_result++;
        if (o.outcome == "ok") {
            out.push_back("Passes on " + where(o) + ".");
            if (o.wine_version == wine && o.qemu_version != qemu)
                out.push_back("So it depends on qemu: with the same wine it passes under qemu " +
                              o.qemu_version + " and fails under qemu " + qemu + ".");
            else if (o.qemu_version == qemu && o.wine_version != wine) {
                const int order = compare_versions(wine_release(o.wine_version), release);
                if (order < 0)
                    out.push_back("So it regressed in wine: with the same qemu it passes with " +
                                  o.wine_version + " and fails with " + wine + ".");
                else if (order > 0)
                    out.push_back("So a later wine fixed it: with the same qemu it passes with " +
                                  o.wine_version + ".");
                else
                    out.push_back("The same wine release in another build (" + o.wine_version +
                                  ") passes with the same qemu.");
            } else if (o.wine_version != wine) {
                out.push_back("(wine and qemu both differ there, so this alone does not say "
                              "which of them matters.)");
            }
        } else {
            failing++;
            out.push_back("Also fails on " + where(o) + ": `" + o.outcome + "`" +
                          (o.detail.empty() ? "" : " (" + o.detail + ")") + ".");
        }
    }
    if (with_result == 0)
        out.push_back("No other target has a result for this test, so whether the failure is "
                      "specific to this wine or this qemu is not known from evidence.");
    else if (failing == with_result)
        out.push_back("It fails on every target with a result: not specific to one of these "
                      "wine or qemu versions.");
    return out;
}

std::string render_readme(const ReproCase& c) {
    std::string out;
    out += "# " + c.test() + " fails under " + wine_of(c) + " on qemu-user " + qemu_of(c) + ": " +
           c.result.outcome + "\n\n";
    out += "A reproducer made by woa-compat (`woa repro`) for the maintainers of wine, qemu or "
           "the program. `./run.sh` reproduces it with nothing but a qemu-user binary and a "
           "wine-arm64 tree; woa is not needed.\n\n";
    out += "## What fails\n\n";
    if (!c.description.empty()) out += "The test: " + c.description + "\n\n";
    out += "Command (as Windows sees it): `" + windows_command(c) + "`, working folder `" +
           windows_cwd(c) + "`";
    if (!c.inputs.empty()) {
        out += ", holding";
        for (const auto& i : c.inputs)
            out += " `" + fs::path(i).filename().string() + "`";
    }
    out += ".\n\n";
    out += program_paragraph(c) + "\n";
    out += failure_details(c, true) + "\n";
    out += source_section(c, "## The failing checks in wine's sources");
    out += "## Versions\n\n" + versions_table(c) + "\n";
    out += "## Other targets\n\n";
    for (const auto& line : cross_target_findings(c))
        out += "- " + line + "\n";
    out += "\n## On real Windows-on-Arm hardware\n\n" + reference_paragraph(c) + "\n";
    out += "## Known upstream\n\n" + known_paragraph(c) + "\n";
    out += "## Reproduce\n\n";
    out += fenced("./run.sh                       # the target's wine tree and qemu, as recorded\n"
                  "./run.sh --wine-root DIR --qemu FILE [--cpu MODEL]\n"
                  "./run.sh --winedebug +seh,+loaddll\n",
                  "sh");
    out += "\n`--wine-root` is an arm64 root holding wine (`mmdebstrap --mode=chrootless "
           "--variant=extract --architectures=arm64 --include=wine64,libwine SUITE DIR`, then "
           "`lib -> usr/lib` links and no `tmp/`); `--qemu` a static `qemu-aarch64`. Without "
           "binfmt_misc wine cannot exec its arm64 preloader, server and child processes, so "
           "run.sh writes small scripts in `state/bin/` that hand them to qemu "
           "(`WINELOADER`, `WINESERVER`, `WINELOADERNOEXEC=1`), makes its own prefix in "
           "`state/prefix` with `wineboot --init` (about 20 s, once; later runs reuse it), "
           "disables the debugger (winedbg cannot attach under qemu-user) so wine prints its "
           "own crash line, maps `D:` to a fresh working folder and `E:` to the program's "
           "folder, and starts the program through `woa-launch.exe` (in `launcher/`, MIT, "
           "source in woa-compat's runner/launcher/), which writes its full 32-bit exit code: "
           "a unix exit status keeps only 8 bits. The environment is only `PATH`, `HOME`, "
           "`USER`, `LANG=C.UTF-8`, `TZ=UTC`";
    for (const auto& [name, value] : c.env)
        out += ", `" + name + "=" + value + "`";
    out += " and wine's own. It prints the program's output, the exit code, whether that is "
           "the failure recorded, and exits with the program's status (124 on timeout).\n\n";
    out += "## Traces\n\n";
    if (c.trace) {
        out += "`traces/excerpt.txt` is wine's log of the failing run re-executed with "
               "`WINEDEBUG=" +
               c.trace->channels + "` (" + c.trace->why +
               "), cut to the part around the failure; `" + c.trace->full_log +
               "` is the whole log, and `traces/stdout`, `traces/stderr` what the program "
               "printed. The traced run ended `" +
               c.trace->outcome +
               "`. Thread ids and addresses in traces differ from run to run.\n\n";
    } else {
        out += "No traces were taken (`woa repro --no-trace`).\n\n";
    }
    out += "## Files\n\n"
           "- `README.md` this file; `run.sh` the reproducer\n"
           "- `program/` the program (when its licence allows), `inputs/` the test's inputs";
    if (!c.stdin_file.empty()) out += ", `stdin/` what it reads on standard input";
    out += "\n- `launcher/woa-launch.exe` reports the full exit code\n"
           "- `traces/` wine's logs of the traced re-run\n" +
           std::string(c.sources.empty() ? "" : "- `sources/` the test's source files that hold failing checks\n") +
           "- `result.json` the result as the results store holds it\n";
    return out;
}

std::string render_markdown(const ReproCase& c) {
    std::string out;
    out += "**Summary:** " + c.test() + " (" + fs::path(c.executable).filename().string() +
           ") ends `" + c.result.outcome + "` under " + wine_of(c) + " on qemu-user " + qemu_of(c) +
           " (arm64 Windows program, x86-64 host)\n\n";
    out += "### Steps to reproduce\n\n";
    // The maintainer has the bundle, not woa: the report names the file to attach and unpack.
    out += "1. Unpack the reproducer bundle attached to this report: `tar -xzf " +
           bundle_name(c.entry, c.test_name, c.target) + ".tar.gz`.\n";
    out += "2. `./run.sh --wine-root ARM64_ROOT_WITH_WINE --qemu /usr/bin/qemu-aarch64` (no woa, "
           "no binfmt_misc needed).\n";
    out += "3. It runs `" + windows_command(c) + "` in `" + windows_cwd(c) +
           "` and reports the exit code.\n\n";
    out += "### Expected\n\nExit code " + expected_text(c);
    if (c.reference_origin == "recorded") out += ", as recorded on real hardware";
    out += ".\n\n### Actual\n\n" + failure_details(c, true) + "\n";
    out += source_section(c, "### Failing checks in the source");
    out += "### Versions\n\n" + versions_table(c) + "\n";
    out += "### Other targets\n\n";
    for (const auto& line : cross_target_findings(c))
        out += "- " + line + "\n";
    out += "\n### Real hardware\n\n" + reference_paragraph(c) + "\n";
    out += "### Known issue\n\n" + known_paragraph(c) + "\n";
    if (c.trace) {
        out += "### Trace (`WINEDEBUG=" + c.trace->channels + "`, last lines of the excerpt)\n\n";
        out += fenced(last_lines(c.trace->excerpt, 40));
    }
    return out;
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char ch : text) {
        if (ch == '\'')
            out += "'\\''";
        else
            out += ch;
    }
    return out + "'";
}

std::string bundle_name(const std::string& entry, const std::string& test,
                        const std::string& target) {
    return "repro-" + entry + "-" + test + "-" + target;
}

std::string npm_conventional_url(const std::string& registry, const std::string& package,
                                 const std::string& version) {
    std::string base = registry;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    const std::string name = package.substr(package.rfind('/') + 1);
    return base + "/" + package + "/-/" + name + "-" + version + ".tgz";
}

namespace {

// Text for a "# ..." line of run.sh: a newline in it would start a command.
std::string comment_text(std::string text) {
    for (char& ch : text)
        if (ch == '\n' || ch == '\r') ch = ' ';
    return text;
}

// Where the program is: in the bundle, or downloaded and checked against its digest.
// Downloads what the bundle may not ship into $state/download-NAME/tree, checked against the
// digest woa ran, and sets NAME_dir to FOLDER inside it. `executable` places a raw file.
std::string download_section(const ProgramOrigin& o, const std::string& name,
                             const std::string& folder_in_tree, const std::string& executable) {
    const std::string folder = shell_quote(folder_in_tree);
    const std::string dir = "$state/download-" + name;
    std::string s = "\n# The " + name + "'s licence does not let us ship it: download it and check it.\n";
    s += "download=" + dir + "\n";
    s += "if [ ! -f \"$download/ok\" ]; then\n";
    s += "    rm -rf \"$download\"; mkdir -p \"$download/tree\"\n";
    s += "    curl -fsSL -o \"$download/file\" " + shell_quote(o.url) + " || die " +
         shell_quote("download failed: " + o.url) + "\n";
    s += "    echo " + shell_quote(o.digest + "  ") + "\"$download/file\" | " +
         shell_quote(o.algorithm + "sum") + " -c - >/dev/null || die " +
         shell_quote(o.algorithm + " of the download is not the one woa ran") + "\n";
    if (o.format == "tgz" || o.format == "tar.gz")
        s += "    tar -xzf \"$download/file\" -C \"$download/tree\"\n";
    else if (o.format == "tar.xz")
        s += "    tar -xJf \"$download/file\" -C \"$download/tree\"\n";
    else if (o.format == "zip")
        s += "    (cd \"$download/tree\" && unzip -q ../file)\n";
    else
        s += "    mkdir -p \"$download/tree/\"" + folder +
             " && cp \"$download/file\" \"$download/tree/\"" + shell_quote(executable) + "\n";
    s += "    touch \"$download/ok\"\nfi\n";
    return s + name + "_dir=\"$download/tree/\"" + folder + "\n";
}

std::string program_section(const ReproCase& c) {
    const fs::path exe(c.executable);
    std::string s;
    if (c.program.bundled)
        s += "program_dir=\"$here/program/\"" + shell_quote(exe.parent_path().string()) + "\n";
    else if (!c.program.url.empty())
        s += download_section(c.program, "program", exe.parent_path().string(), c.executable);
    else
        s += "die " + shell_quote("the program is not in this bundle: " + c.program.why_not) + "\n";
    const std::string name = shell_quote(exe.filename().string());
    s += "[ -f \"$program_dir/\"" + name + " ] || die \"no program at $program_dir/\"" + name + "\n";
    if (!c.package) return s;
    // A runtime's test: the package is copied into the working folder, as woa does.
    if (c.package->bundled)
        s += "package_dir=\"$here/package\"\n";
    else if (!c.package->url.empty())
        s += download_section(*c.package, "package", "", "");
    else
        s += "die " + shell_quote("the package is not in this bundle: " + c.package->why_not) + "\n";
    return s;
}

} // namespace

std::string render_run_script(const ReproCase& c, const ScriptDefaults& d) {
    std::string s;
    s += "#!/bin/sh\n";
    s += "# Reproduces " +
         comment_text(c.test() + " on " + c.target + " (" + wine_of(c) + ", qemu " + qemu_of(c) +
                      ")") +
         " without woa.\n";
    s += R"sh(#
# Usage: ./run.sh [--wine-root DIR] [--qemu FILE] [--cpu MODEL] [--state DIR] [--winedebug CH]
#   --wine-root DIR  an arm64 root holding wine (qemu -L DIR): Debian's wine64 + libwine for
#                    arm64 extracted with mmdebstrap --variant=extract, with lib -> usr/lib
#                    links and no tmp/ (env WINE_ROOT)
#   --qemu FILE      a static qemu-aarch64 (env QEMU)
#   --cpu MODEL      qemu CPU model; Debian's wine uses BTI, which qemu's "max" breaks (env QEMU_CPU_MODEL)
#   --state DIR      where the prefix and the working folder go (default: state/ beside run.sh)
#   --winedebug CH   WINEDEBUG for the program (default: unset, as when woa recorded it)
# Exit status: the program's (low 8 bits, as wine gives them), 124 on timeout, 125 when wine
# could not be started.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
)sh";
    s += "wine_root=${WINE_ROOT:-" + shell_quote(d.wine_root.string()) + "}\n";
    s += "qemu=${QEMU:-" + shell_quote(d.qemu.string()) + "}\n";
    s += "cpu=${QEMU_CPU_MODEL:-" + shell_quote(d.cpu) + "}\n";
    s += "loader=" + shell_quote(d.loader) + "  # inside the wine root\n";
    s += "server=" + shell_quote(d.server) + "\n";
    s += R"sh(state=${REPRO_STATE:-$here/state}
winedebug=
while [ $# -gt 0 ]; do
    case $1 in
    --wine-root) wine_root=$2; shift 2 ;;
    --qemu) qemu=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --state) state=$2; shift 2 ;;
    --winedebug) winedebug=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -eu/p' "$0" | sed '$d;s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
die() { echo "run.sh: $*" >&2; exit 125; }
[ -x "$qemu" ] || die "no qemu-aarch64 at $qemu (--qemu FILE)"
[ -f "$wine_root/$loader" ] || die "no wine loader $loader in $wine_root (--wine-root DIR)"
[ -e "$wine_root/lib/ld-linux-aarch64.so.1" ] ||
    die "$wine_root has no lib/ld-linux-aarch64.so.1: add the merged-/usr links (lib -> usr/lib)"
[ ! -d "$wine_root/tmp" ] ||
    echo "run.sh: warning: $wine_root/tmp exists: wine will see it instead of the host's /tmp" >&2
mkdir -p "$state/home"
state=$(cd "$state" && pwd -P)

# 1. No binfmt_misc: wine starts its preloader, its server and every child process with exec(),
# and the kernel cannot run arm64 files. WINELOADER makes wine look for its preloader beside
# our loader link, WINESERVER names our server script; each script hands its program to qemu.
bin=$state/bin
mkdir -p "$bin"
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
for name in wine-preloader wine64-preloader; do
    printf '#!/bin/sh\nexec %s -L %s -cpu %s "$@"\n' "$(q "$qemu")" "$(q "$wine_root")" "$(q "$cpu")" >"$bin/$name"
done
printf '#!/bin/sh\nexec %s -L %s -cpu %s %s "$@"\n' "$(q "$qemu")" "$(q "$wine_root")" "$(q "$cpu")" \
    "$(q "$wine_root/$server")" >"$bin/wineserver"
chmod 755 "$bin"/*
loader_link=$bin/${loader##*/}
ln -sfn "$wine_root/$loader" "$loader_link"
wine_env() {
    env -i PATH=/usr/bin:/bin HOME="$state/home" USER="${USER:-root}" LANG=C.UTF-8 TZ=UTC \
        WINEPREFIX="$prefix" WINELOADER="$loader_link" WINESERVER="$bin/wineserver" \
        WINELOADERNOEXEC=1 "$@"
}

# 2. A prefix of our own, made once: no debugger (winedbg cannot attach under qemu-user, so a
# crash would end with exit code 5), no desktop integration, no Z: drive (the host's / is not
# a drive in woa's prefixes), and woa-launch.exe, which reports the full 32-bit exit code.
prefix=$state/prefix
if [ ! -f "$prefix/system.reg" ] || [ ! -f "$prefix/drive_c/woa/woa-launch.exe" ]; then
    echo "run.sh: making a wine prefix in $prefix (wineboot --init, once)" >&2
    rm -rf "$prefix" "$state/prefix.new"
    prefix=$state/prefix.new
    wine_env WINEDEBUG=-all "$bin/wine64-preloader" "$loader_link" wineboot --init >"$state/wineboot.log" 2>&1 ||
        die "wineboot --init failed: see $state/wineboot.log"
    cat >"$state/settings.reg" <<'EOF'
REGEDIT4

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\AeDebug]
"Debugger"="no-debugger %ld %ld"
"Auto"="1"

[HKEY_CURRENT_USER\Software\Wine\DllOverrides]
"winemenubuilder.exe"=""
EOF
    wine_env WINEDEBUG=-all "$bin/wine64-preloader" "$loader_link" regedit /S "Z:$(printf '%s' "$state/settings.reg" | tr / '\\')" >>"$state/wineboot.log" 2>&1 ||
        die "regedit failed: see $state/wineboot.log"
    wine_env "$bin/wineserver" -w
    rm -f "$prefix/dosdevices/z:"
    mkdir -p "$prefix/drive_c/woa"
    cp "$here/launcher/woa-launch.exe" "$prefix/drive_c/woa/"
    mv "$prefix" "$state/prefix"
    prefix=$state/prefix
fi
)sh";
    s += program_section(c);
    s += R"sh(
# 3. A fresh working folder with only the test's inputs, as drive D: (the program works in
# D:\work, a folder as on Windows); the program's folder is drive E:.
rm -rf "$state/drive"
)sh";
    s += "mkdir -p \"$state/drive/work\"" + (c.cwd.empty() ? "" : shell_quote("/" + c.cwd)) + "\n";
    for (const auto& input : c.inputs) {
        const std::string name = fs::path(input).filename().string();
        s += "cp \"$here/inputs/\"" + shell_quote(name) + " \"$state/drive/work/\"\n";
    }
    if (c.package) s += "cp -R \"$package_dir/.\" \"$state/drive/work/\"\n";
    s += R"sh(ln -sfn "$state/drive" "$prefix/dosdevices/d:"
ln -sfn "$program_dir" "$prefix/dosdevices/e:"

# 4. The program, through the launcher, with woa's environment and the test's.
out=$state/last
rm -rf "$out"
mkdir -p "$out"
exit_file="\\\\?\\unix$(printf '%s' "$out/exit" | tr / '\\')"
)sh";
    const std::string stdin_path =
        c.stdin_file.empty()
            ? std::string("/dev/null")
            : "\"$here/stdin/\"" + shell_quote(fs::path(c.stdin_file).filename().string());
    std::string command = "timeout -k 5 " + std::to_string(static_cast<long>(c.timeout_s + 0.999)) +
                          " \"$bin/wine64-preloader\" \"$loader_link\" 'C:\\woa\\woa-launch.exe' " +
                          shell_quote("E:\\" + fs::path(c.executable).filename().string());
    for (const auto& a : c.args)
        command += " " + shell_quote(a);
    std::string env;
    for (const auto& [name, value] : c.env)
        env += " " + shell_quote(name + "=" + value);
    s += "set +e\n(cd \"$prefix/drive_c\" && wine_env ${winedebug:+WINEDEBUG=\"$winedebug\"}" +
         env + " \\\n    WOA_EXIT_FILE=\"$exit_file\" WOA_CWD=" + shell_quote(windows_cwd(c)) +
         " \\\n    " + command + ") <" + stdin_path +
         " >\"$out/stdout\" 2>\"$out/stderr\"\nstatus=$?\nset -e\n";
    s += R"sh(cat "$out/stdout"
cat "$out/stderr" >&2
wine_env "$bin/wineserver" -k 2>/dev/null || true # wine's services and server end with the run

# 5. What happened, against what woa recorded.
)sh";
    s += "recorded_outcome=" + shell_quote(c.result.outcome) + "\n";
    s += "recorded_code=" +
         shell_quote(c.result.exit_code ? std::to_string(*c.result.exit_code) : "") + "\n";
    // wine stops at the first stub the program calls.
    const auto stubs = unimplemented_of(c.result);
    const std::string unimplemented = stubs.empty() ? "" : stubs.front();
    s += "recorded_unimplemented=" + shell_quote(unimplemented) + "\n";
    s += R"sh(code=
if [ -f "$out/exit" ]; then
    read -r kind value <"$out/exit" || true
    [ "$kind" = exit ] && code=$((value))
fi
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    seen=timeout
elif [ -z "$code" ]; then
    seen=loader-error
elif grep -q "unimplemented function" "$out/stderr"; then
    seen=unimplemented
elif [ "$code" -ge 3221225472 ] || grep -q "^wine: Unhandled\|^qemu: uncaught target signal" "$out/stderr"; then
    seen=crash
)sh";
    s += "elif [ \"$code\" -ne " + std::to_string(c.expect_exit) + " ]; then\n";
    s += R"sh(    seen=exit-code
else
    seen=ok
fi
echo "run.sh: $seen, exit code $(if [ -n "$code" ]; then printf '0x%08X (%s)' "$code" "$code"; else echo none; fi)" >&2
same=no
case $recorded_outcome in
timeout | loader-error) [ "$seen" = "$recorded_outcome" ] && same=yes ;;
unimplemented) grep -q "unimplemented function $recorded_unimplemented" "$out/stderr" && same=yes ;;
*) [ "$seen" = "$recorded_outcome" ] && [ "$code" = "$recorded_code" ] && same=yes ;;
esac
if [ $same = yes ]; then
    echo "run.sh: reproduced: the failure woa recorded ($recorded_outcome)" >&2
else
    echo "run.sh: not the failure woa recorded ($recorded_outcome, exit code ${recorded_code:-none})" >&2
fi
[ "$seen" = timeout ] && exit 124
[ -z "$code" ] && exit 125
low=$((code & 255))
[ "$code" -ne 0 ] && [ $low -eq 0 ] && low=1
exit $low
)sh";
    return s;
}

void write_bundle(const std::vector<BundleFile>& files, const fs::path& out) {
    FolderSwap bundle(out, bundle_mark);
    std::vector<const BundleFile*> sorted;
    for (const auto& f : files)
        sorted.push_back(&f);
    std::sort(sorted.begin(), sorted.end(),
              [](const BundleFile* a, const BundleFile* b) { return a->path < b->path; });
    for (const BundleFile* f : sorted) {
        const fs::path rel(f->path);
        if (rel.empty() || rel.is_absolute() || *rel.begin() == "..")
            throw Error("internal: bundle path '" + f->path + "' is not plain");
        const fs::path target = bundle.path() / rel;
        fs::create_directories(target.parent_path());
        if (!f->copy_from.empty())
            fs::copy_file(f->copy_from, target, fs::copy_options::overwrite_existing);
        else
            write_file_atomically(target, f->content);
        fs::permissions(target, f->executable ? fs::perms(0755) : fs::perms(0644));
    }
    bundle.commit(); // an earlier bundle is replaced only now that the new one is complete
}

namespace {

void collect_files(const fs::path& dir, const fs::path& rel, std::vector<fs::path>& out) {
    std::vector<fs::path> children;
    for (const auto& e : fs::directory_iterator(dir / rel))
        children.push_back(rel / e.path().filename());
    std::sort(children.begin(), children.end());
    for (const auto& c : children) {
        out.push_back(c);
        if (fs::is_directory(fs::symlink_status(dir / c))) collect_files(dir, c, out);
    }
}

void check(struct archive* a, int status, const fs::path& file) {
    if (status < ARCHIVE_WARN)
        throw Error("cannot write " + file.string() + ": " + archive_error_string(a));
}

} // namespace

void write_reproducible_tar(const fs::path& dir, const fs::path& tar_file,
                            const std::string& top_folder) {
    std::vector<fs::path> entries;
    collect_files(dir, "", entries);
    fs::path partial = tar_file;
    partial += ".partial";
    struct archive* a = archive_write_new();
    try {
        check(a, archive_write_set_format_pax_restricted(a), tar_file);
        check(a, archive_write_add_filter_gzip(a), tar_file);
        check(a, archive_write_set_filter_option(a, "gzip", "timestamp", nullptr), tar_file);
        check(a, archive_write_open_filename(a, partial.c_str()), tar_file);
        for (const auto& rel : entries) {
            const fs::path path = dir / rel;
            const auto status = fs::symlink_status(path);
            struct archive_entry* e = archive_entry_new();
            archive_entry_set_pathname(e, (fs::path(top_folder) / rel).c_str());
            archive_entry_set_mtime(e, 0, 0);
            archive_entry_set_uid(e, 0);
            archive_entry_set_gid(e, 0);
            archive_entry_set_uname(e, "root");
            archive_entry_set_gname(e, "root");
            std::string data;
            if (fs::is_directory(status)) {
                archive_entry_set_filetype(e, AE_IFDIR);
                archive_entry_set_perm(e, 0755);
            } else if (fs::is_regular_file(status)) {
                data = read_file(path, 1ull << 32);
                const bool exec = (status.permissions() & fs::perms::owner_exec) != fs::perms::none;
                archive_entry_set_filetype(e, AE_IFREG);
                archive_entry_set_perm(e, exec ? 0755 : 0644);
                archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
            } else {
                archive_entry_free(e);
                continue; // bundles hold folders and files only
            }
            const int st = archive_write_header(a, e);
            archive_entry_free(e);
            check(a, st, tar_file);
            if (!data.empty() && archive_write_data(a, data.data(), data.size()) !=
                                     static_cast<la_ssize_t>(data.size()))
                throw Error("cannot write " + tar_file.string() + ": " + archive_error_string(a));
        }
        check(a, archive_write_close(a), tar_file);
        archive_write_free(a);
    } catch (...) {
        archive_write_free(a);
        fs::remove(partial);
        throw;
    }
    fs::rename(partial, tar_file);
}

std::string gzip_bytes(const std::string& bytes) {
    struct archive* a = archive_write_new();
    std::string out(bytes.size() + bytes.size() / 2 + 1024, '\0');
    std::size_t used = 0;
    bool ok = archive_write_set_format_raw(a) == ARCHIVE_OK &&
              archive_write_add_filter_gzip(a) == ARCHIVE_OK &&
              archive_write_set_filter_option(a, "gzip", "timestamp", nullptr) >= ARCHIVE_WARN &&
              archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK &&
              archive_write_open_memory(a, out.data(), out.size(), &used) == ARCHIVE_OK;
    if (ok) {
        struct archive_entry* e = archive_entry_new();
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_pathname(e, "log");
        archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
        ok = archive_write_header(a, e) == ARCHIVE_OK;
        archive_entry_free(e);
        ok = ok && (bytes.empty() || archive_write_data(a, bytes.data(), bytes.size()) ==
                                         static_cast<la_ssize_t>(bytes.size()));
        ok = ok && archive_write_close(a) == ARCHIVE_OK;
    }
    const std::string why = ok ? "" : archive_error_string(a) ? archive_error_string(a) : "?";
    archive_write_free(a);
    if (!ok) throw Error("gzip: " + why);
    out.resize(used);
    return out;
}

} // namespace woa
