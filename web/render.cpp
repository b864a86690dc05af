#include "web/render.h"

#include "core/error.h"
#include "core/version.h"
#include "runner/normalise.h"
#include "runner/ntstatus.h"
#include "web/embedded.h"
#include "web/svg.h"
#include "web/wine_tests.h"
#include "winetest/sources.h"

#include <algorithm>
#include <cctype>
#include <ctemplate/template.h>
#include <mutex>
#include <set>
#include <sstream>

namespace woa::web {

namespace {

namespace ct = ctemplate;
using Dict = ct::TemplateDictionary;
using nlohmann::json;

constexpr ct::Strip strip = ct::STRIP_BLANK_LINES;

// Puts the compiled-in templates into ctemplate's cache once; a template ctemplate rejects
// (bad syntax, an unsafe modifier under auto-escaping) is an error of this build.
void load_templates() {
    static std::once_flag once;
    static std::string failed;
    std::call_once(once, [] {
        for (const auto& file : embedded_files()) {
            if (file.path.rfind("templates/", 0) != 0) continue;
            const std::string name = file.path.substr(10);
            if (!ct::StringToTemplateCache(name, file.content, strip)) failed += " " + name;
        }
    });
    if (!failed.empty()) throw Error("web templates that ctemplate rejects:" + failed);
}

std::string expand(const std::string& name, const Dict& dict) {
    load_templates();
    std::string out;
    if (!ct::ExpandTemplate(name, strip, &dict, &out))
        throw Error("web template " + name + " could not be expanded");
    return out;
}

const std::vector<std::string>& status_order() {
    static const std::vector<std::string> order = {
        "pass",        "fail",         "crash",      "timeout",      "unimplemented",
        "missing-dll", "loader-error", "wrong-arch", "not-built",    "output-limit", "harness-error",
        "flaky",       "no-reference", "not-run"};
    return order;
}

std::string status_class(const std::string& status) {
    const auto& order = status_order();
    return std::find(order.begin(), order.end(), status) != order.end() ? status : "other";
}

// A path segment of the site: names from the corpus are checked by its schema, but target
// names come from a results store, and a file name must never climb out of the site.
const std::string& segment(const std::string& name) {
    bool ok = !name.empty() && name.size() <= 100 && name[0] != '.';
    for (char c : name)
        ok =
            ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
    if (!ok) throw Error("'" + name + "' cannot name a page of the site (letters, digits, . _ -)");
    return name;
}

std::string test_path(const std::string& entry, const std::string& name) {
    return "tests/" + segment(entry) + "/" + segment(name) + ".html";
}
std::string program_path(const std::string& entry) {
    return "programs/" + segment(entry) + ".html";
}
std::string target_path(const std::string& target) {
    return "targets/" + segment(target) + ".html";
}

std::string wine_of(const json& identity) {
    return identity.value("/wine/version"_json_pointer, std::string());
}
std::string qemu_of(const json& identity) {
    const std::string v = identity.value("/qemu/version"_json_pointer, std::string());
    return v.substr(0, v.find(' '));
}

double median_of(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::vector<double> samples_of(const ResultRecord& r) {
    std::vector<double> out;
    for (const auto& s : r.samples)
        if (s.wall_s > 0) out.push_back(s.wall_s);
    if (out.empty() && r.wall_s > 0) out.push_back(r.wall_s);
    return out;
}

std::string ratio_text(double ratio) {
    if (ratio <= 0) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", ratio);
    return text;
}

// NTSTATUS-like codes read better in hex: 0xC0000005, not 3221225477.
std::string exit_code_text(std::int64_t code) {
    if (code >= 0 && code < 0x10000) return std::to_string(code);
    char text[32];
    std::snprintf(text, sizeof text, "0x%08llX",
                  static_cast<unsigned long long>(code) & 0xFFFFFFFFull);
    return text;
}

// How the matrix's headings and filters name a status: a test that ran ok with nothing to
// judge it by is "ok, no reference", not only "no reference".
std::string status_name(const std::string& status) {
    return status == "no-reference" ? "ok, no reference" : status;
}

void set_status(Dict* d, const std::string& status) {
    d->SetValue("STATUS", status);
    d->SetValue("STATUS_NAME", status_name(status));
    d->SetValue("CLASS", status_class(status));
    d->SetValue("GLYPH", status_glyph(status));
}

class Renderer {
public:
    explicit Renderer(const Site& site) : site_(site), wine_(build_wine_tests(site)) {}

    std::vector<SiteFile> run() {
        index();
        for (const auto& program : site_.programs)
            program_page(program);
        for (const auto& test : site_.tests)
            test_page(test);
        for (std::size_t t = 0; t < site_.target_pages.size(); t++)
            target_page(t);
        regressions();
        if (!wine_.empty()) wine_tests();
        api();
        data();
        for (const auto& file : embedded_files())
            if (file.path.rfind("assets/", 0) == 0) files_.push_back({file.path, file.content});
        return std::move(files_);
    }

private:
    const Site& site_;
    const WineTests wine_;
    std::vector<SiteFile> files_;

    static std::string root_of(const std::string& path) {
        std::string root;
        for (char c : path)
            if (c == '/') root += "../";
        return root;
    }

    // The head and foot shared by every page.
    void frame(Dict& dict, const std::string& path, const std::string& title, bool script = false) {
        const std::string root = root_of(path);
        dict.SetValue("ROOT", root);
        Dict* head = dict.AddIncludeDictionary("HEAD");
        head->SetFilename("head.tpl");
        head->SetValue("TITLE", title);
        head->SetValue("ROOT", root);
        head->SetValue("VERSION", WOA_VERSION);
        if (!site_.base_url.empty()) {
            head->AddSectionDictionary("CANONICAL")->SetValue("URL", site_.base_url + "/" + path);
            head->AddSectionDictionary("DATA")->SetValue("URL",
                                                         site_.base_url + "/data/matrix.json");
        }
        if (!wine_.empty()) head->ShowSection("WINE_TESTS_NAV");
        for (const auto& target : site_.targets) {
            Dict* t = head->AddSectionDictionary("NAV_TARGET");
            t->SetValue("HREF", root + target_path(target));
            t->SetValue("NAME", target);
        }
        Dict* foot = dict.AddIncludeDictionary("FOOT");
        foot->SetFilename("foot.tpl");
        foot->SetValue("ROOT", root);
        foot->SetValue("VERSION", WOA_VERSION);
        foot->SetValue("GENERATED", site_.generated);
        foot->SetIntValue("RUN_COUNT", static_cast<long>(site_.run_count));
        foot->SetIntValue("LATEST_RUN", static_cast<long>(site_.latest_run));
        if (script) foot->ShowSection("SCRIPT");
    }

    void emit(const std::string& path, const std::string& template_name, const Dict& dict) {
        files_.push_back({path, expand(template_name, dict)});
    }

    // The cells of a target that ran and have no reference to be judged by, whatever their status.
    std::size_t unreferenced_cells(const std::string& target) const {
        std::size_t n = 0;
        for (const auto& test : site_.tests)
            for (const auto& c : test.targets)
                n += c.target == target && unreferenced(test, c);
        return n;
    }

    // Statuses that occur in the matrix, in the canonical order (unknown ones last).
    std::vector<std::string> statuses_in_use() const {
        std::set<std::string> seen;
        for (const auto& test : site_.tests)
            for (const auto& cell : test.targets)
                seen.insert(cell.status);
        std::vector<std::string> out;
        for (const auto& s : status_order())
            if (seen.erase(s)) out.push_back(s);
        out.insert(out.end(), seen.begin(), seen.end());
        return out;
    }

    std::string tags_of(const Entry& entry) const {
        std::string tags;
        for (const auto& tag : entry.tags)
            tags += (tags.empty() ? "" : " ") + tag;
        if (!entry.toolchain.empty() &&
            std::find(entry.tags.begin(), entry.tags.end(), entry.toolchain) == entry.tags.end())
            tags += (tags.empty() ? "" : " ") + entry.toolchain;
        return tags;
    }

    // A cell no reference judges: what happened, in a few words ("ran ok", "exit code 3",
    // "crash 0xC0000005 (STATUS_ACCESS_VIOLATION)", "timeout").
    static std::string outcome_label(const TestOnTarget& c) {
        if (!c.result || c.status == "flaky") return c.status;
        const ResultRecord& r = *c.result;
        if (r.outcome == "ok") return "ran ok";
        if ((r.outcome == "exit-code" || r.outcome == "crash") && r.exit_code)
            return (r.outcome == "crash" ? "crash " : "exit code ") +
                   describe_exit_code(static_cast<std::uint32_t>(*r.exit_code));
        return r.outcome;
    }

    static bool unreferenced(const TestModel& test, const TestOnTarget& c) {
        return !test.reference && c.status != "not-run";
    }

    void cell(Dict* row, const TestModel& test, const TestOnTarget& c, const std::string& root) {
        Dict* d = row->AddSectionDictionary("CELL");
        d->SetValue("TARGET", c.target);
        set_status(d, c.status);
        // Without a reference the cell still says what happened; "no reference" is a mark.
        const bool none = unreferenced(test, c);
        d->SetValue("LABEL", none ? outcome_label(c) : c.status);
        d->SetValue("REFERENCE", none ? "none" : "yes");
        if (none) d->ShowSection("NO_REF");
        d->SetValue("REASON", c.reason);
        d->SetValue("HREF", root + test_path(test.entry, test.name) + "#target-" + c.target);
        if (c.change == "regression" || c.change == "fix")
            d->AddSectionDictionary("CHANGE")->SetValue("WHAT",
                                                        c.change == "fix" ? "fixed" : "regressed");
    }

    void index() {
        Dict dict("index");
        frame(dict, "index.html", "Compatibility matrix", true);
        dict.SetIntValue("TEST_COUNT", static_cast<long>(site_.tests.size()));
        dict.SetIntValue("PROGRAM_COUNT", static_cast<long>(site_.programs.size()));
        dict.SetIntValue("TARGET_COUNT", static_cast<long>(site_.targets.size()));
        const auto statuses = statuses_in_use();
        for (const auto& s : statuses) {
            set_status(dict.AddSectionDictionary("STATUS_HEAD"), s);
            set_status(dict.AddSectionDictionary("STATUS_FILTER"), s);
        }
        for (const auto& page : site_.target_pages) {
            Dict* row = dict.AddSectionDictionary("COUNT_ROW");
            row->SetValue("TARGET", page.name);
            row->SetValue("HREF", target_path(page.name));
            row->SetValue("WINE", wine_of(page.identity));
            for (const auto& s : statuses) {
                Dict* c = row->AddSectionDictionary("COUNT");
                c->SetValue("STATUS", s);
                const auto n = page.counts.find(s);
                c->SetIntValue("N", n == page.counts.end() ? 0 : static_cast<long>(n->second));
            }
            row->SetIntValue("NO_REF_N", static_cast<long>(unreferenced_cells(page.name)));
        }
        for (const auto& tag : site_.tags)
            dict.AddSectionDictionary("TAG")->SetValue("TAG", tag);
        for (const auto& page : site_.target_pages) {
            dict.AddSectionDictionary("TARGET_OPTION")->SetValue("TARGET", page.name);
            Dict* head = dict.AddSectionDictionary("TARGET_HEAD");
            head->SetValue("TARGET", page.name);
            head->SetValue("HREF", target_path(page.name));
            head->SetValue("WINE", wine_of(page.identity));
            head->SetValue("QEMU", qemu_of(page.identity));
        }
        for (const auto& program : site_.programs) {
            const Entry& entry = *program.entry;
            Dict* p = dict.AddSectionDictionary("PROGRAM");
            p->SetValue("ENTRY", entry.id);
            p->SetValue("TITLE", entry.title);
            p->SetValue("TOOLCHAIN", entry.toolchain);
            p->SetValue("HREF", program_path(entry.id));
            p->SetIntValue("COLSPAN", static_cast<long>(site_.targets.size() + 2));
            const std::string tags = tags_of(entry);
            for (std::size_t i : program.tests) {
                const TestModel& test = site_.tests[i];
                Dict* row = p->AddSectionDictionary("ROW");
                row->SetValue("ID", test.id);
                row->SetValue("NAME", test.name);
                row->SetValue("TAGS", tags);
                row->SetValue("HREF", test_path(test.entry, test.name));
                row->SetValue("ORIGIN", test.reference ? test.reference->origin : "none");
                for (const auto& c : test.targets)
                    cell(row, test, c, "");
            }
        }
        emit("index.html", "index.tpl", dict);
    }

    void program_page(const ProgramModel& program) {
        const Entry& entry = *program.entry;
        const std::string path = program_path(entry.id);
        const std::string root = root_of(path);
        Dict dict("program");
        frame(dict, path, entry.title + " (" + entry.id + ")");
        dict.SetValue("ENTRY", entry.id);
        dict.SetValue("TITLE", entry.title);
        dict.SetValue("DESCRIPTION", entry.description);
        if (entry.project.rfind("https://", 0) == 0)
            dict.AddSectionDictionary("UPSTREAM_LINK")->SetValue("URL", entry.project);
        else
            dict.AddSectionDictionary("UPSTREAM_TEXT")->SetValue("TEXT", entry.project);
        dict.SetValue("LICENCE", entry.licence);
        if (entry.redistributable) dict.ShowSection("REDISTRIBUTABLE");
        const EntrySource& src = entry.source;
        dict.SetValue("VERSION_TEXT",
                      !src.version.empty()
                          ? src.version
                          : (src.kind == "probe" ? "built from this repository" : "-"));
        dict.SetValue("SOURCE", src.text());
        const std::string integrity = !src.integrity.empty() ? src.integrity
                                      : !src.sha256.empty()  ? "sha256-" + src.sha256
                                                             : "";
        if (!integrity.empty())
            dict.AddSectionDictionary("INTEGRITY")->SetValue("VALUE", integrity);
        dict.SetValue("TOOLCHAIN", entry.toolchain);
        dict.SetValue("TAGS", tags_of(entry));
        if (!entry.runtime.empty()) {
            Dict* r = dict.AddSectionDictionary("RUNTIME");
            r->SetValue("ID", entry.runtime);
            r->SetValue("HREF", root + program_path(entry.runtime));
        }
        if (entry.host_baseline)
            dict.AddSectionDictionary("HOST_BASELINE")
                ->SetValue("SOURCE", entry.host_baseline->source.text());
        const ProgramInspection& inspection = program.inspection;
        for (std::size_t i = 0; i < entry.executables.size(); i++) {
            Dict* e = dict.AddSectionDictionary("EXE");
            e->SetValue("NAME", entry.executables[i]);
            e->SetValue("MACHINE",
                        i < inspection.machines.size() ? "(" + inspection.machines[i] + ")" : "");
        }
        if (inspection.inspected) {
            Dict* in = dict.AddSectionDictionary("INSPECTED");
            for (const auto& [dll, n] : inspection.imports) {
                Dict* d = in->AddSectionDictionary("DLL");
                d->SetValue("NAME", dll);
                d->SetIntValue("N", static_cast<long>(n));
            }
            for (const auto& target : site_.targets) {
                const auto it = inspection.missing.find(target);
                if (it == inspection.missing.end()) continue;
                Dict* t = in->AddSectionDictionary("TARGET_MISSING");
                t->SetValue("TARGET", target);
                if (it->second.empty())
                    t->ShowSection("NONE");
                else {
                    Dict* some = t->AddSectionDictionary("SOME");
                    for (const auto& m : it->second) {
                        Dict* f = some->AddSectionDictionary("FN");
                        f->SetValue("NAME", m.dll + (m.function.empty() ? "" : "!" + m.function));
                        f->SetValue("EFFECT", m.effect);
                        f->SetValue("WHY", m.why);
                    }
                }
            }
        } else {
            dict.AddSectionDictionary("NOT_INSPECTED")
                ->SetValue("NOTE", inspection.note.empty() ? "not fetched" : inspection.note);
        }
        for (const auto& target : site_.targets) {
            Dict* h = dict.AddSectionDictionary("TARGET_HEAD");
            h->SetValue("TARGET", target);
            h->SetValue("HREF", root + target_path(target));
        }
        for (std::size_t i : program.tests) {
            const TestModel& test = site_.tests[i];
            Dict* row = dict.AddSectionDictionary("ROW");
            row->SetValue("ID", test.id);
            row->SetValue("NAME", test.name);
            row->SetValue("HREF", root + test_path(test.entry, test.name));
            row->SetValue("ORIGIN", test.reference ? test.reference->origin : "none");
            for (const auto& c : test.targets)
                cell(row, test, c, root);
        }
        emit(path, "program.tpl", dict);
    }

    void test_page(const TestModel& test) {
        const std::string path = test_path(test.entry, test.name);
        const std::string root = root_of(path);
        const TestSpec& spec = *test.spec;
        Dict dict("test");
        frame(dict, path, test.id);
        dict.SetValue("ID", test.id);
        dict.SetValue("ENTRY", test.entry);
        dict.SetValue("PROGRAM_HREF", root + program_path(test.entry));
        dict.SetValue("DESCRIPTION", spec.description);
        std::string command = spec.executable.empty() ? "(the entry's program)" : spec.executable;
        for (const auto& a : spec.args)
            command += " " + (a.find_first_of(" \t\"") == std::string::npos ? a : "\"" + a + "\"");
        dict.SetValue("COMMAND", command);
        if (!spec.cwd.empty()) dict.AddSectionDictionary("CWD")->SetValue("VALUE", spec.cwd);
        if (!spec.stdin_file.empty())
            dict.AddSectionDictionary("STDIN")->SetValue("VALUE", spec.stdin_file);
        for (const auto& input : spec.inputs)
            dict.AddSectionDictionary("INPUT")->SetValue("VALUE", input);
        if (spec.inputs.empty()) dict.ShowSection("NO_INPUT");
        if (!spec.produces.empty()) {
            Dict* p = dict.AddSectionDictionary("PRODUCES");
            for (const auto& f : spec.produces)
                p->AddSectionDictionary("FILE")->SetValue("VALUE", f);
        }
        dict.SetIntValue("EXPECT_EXIT", static_cast<long>(spec.expect_exit));
        char timeout[32];
        std::snprintf(timeout, sizeof timeout, "%g", spec.timeout_s);
        dict.SetValue("TIMEOUT", timeout);
        if (spec.repeat > 1) dict.AddSectionDictionary("REPEAT")->SetIntValue("N", spec.repeat);
        dict.SetValue("OUTPUT_FORMAT", spec.output);
        for (const auto& rule : normalise_rule_names(spec)) {
            Dict* r = dict.AddSectionDictionary("RULE");
            r->SetValue("NAME", rule.name);
            if (!rule.regex.empty()) {
                Dict* re = r->AddSectionDictionary("REGEX");
                re->SetValue("REGEX", rule.regex);
                re->SetValue("REPLACE", rule.replace);
            }
        }
        if (const Reference* ref = test.reference) {
            Dict* r = dict.AddSectionDictionary("REFERENCE");
            r->SetValue("ORIGIN", ref->origin);
            r->SetValue("ORIGIN_TEXT", ref->origin_text);
            r->SetIntValue("EXIT_CODE", static_cast<long>(ref->exit_code));
            r->SetValue("OUTPUT",
                        ref->output.is_object()
                            ? (ref->output.contains("text") ? "text, compared after normalisation"
                                                            : "sha256 of the normalised text")
                            : "not compared");
            if (!ref->subtests.empty())
                r->AddSectionDictionary("SUBTESTS")->SetIntValue("N", ref->subtests.size());
            if (!ref->files.empty())
                r->AddSectionDictionary("FILES")->SetIntValue("N", ref->files.size());
            if (ref->median_s > 0)
                r->AddSectionDictionary("TIMING")->SetValue("MEDIAN",
                                                            format_seconds(ref->median_s));
        } else {
            dict.ShowSection("NO_REFERENCE");
        }

        // Timings: every target's repeats, the host baseline and a recorded reference's median.
        std::vector<TimingRow> rows;
        const double host_median = test.host && test.host->wall_s > 0 ? test.host->wall_s : 0;
        for (const auto& c : test.targets) {
            TimingRow row{c.target, {}, 0};
            if (c.result) {
                row.samples = samples_of(*c.result);
                row.median = c.result->wall_s > 0 ? c.result->wall_s : median_of(row.samples);
            }
            rows.push_back(row);
            Dict* t = dict.AddSectionDictionary("TIMING_ROW");
            t->SetValue("TARGET", c.target);
            t->SetValue("OUTCOME", c.result ? c.result->outcome : "not run");
            t->SetIntValue("REPEATS", static_cast<long>(row.samples.size()));
            t->SetValue("MEDIAN", row.median > 0 ? format_seconds(row.median) : "-");
            // Only two programs that ended ok are compared: a crash's time means nothing.
            const bool comparable = host_median > 0 && row.median > 0 &&
                                    test.host->outcome == "ok" && c.result &&
                                    c.result->outcome == "ok";
            t->SetValue("RATIO", comparable ? ratio_text(row.median / host_median) : "-");
        }
        if (test.host) {
            TimingRow row{"host", samples_of(*test.host), host_median};
            rows.push_back(row);
            Dict* t = dict.AddSectionDictionary("TIMING_ROW");
            t->SetValue("TARGET", "host (native linux-x64)");
            t->SetValue("OUTCOME", test.host->outcome);
            t->SetIntValue("REPEATS", static_cast<long>(row.samples.size()));
            t->SetValue("MEDIAN", host_median > 0 ? format_seconds(host_median) : "-");
            t->SetValue("RATIO", "1.00x");
        }
        if (test.reference && test.reference->median_s > 0)
            rows.push_back({"reference", {}, test.reference->median_s});
        const std::string svg = timing_chart(rows);
        if (svg.empty())
            dict.ShowSection("NO_CHART");
        else
            dict.AddSectionDictionary("CHART")->SetValue("SVG", svg);

        for (const auto& c : test.targets)
            target_section(dict.AddSectionDictionary("TARGET"), test, c, root);
        emit(path, "test.tpl", dict);
    }

    struct RuleName {
        std::string name, regex, replace;
    };
    // The runner's own pipeline for the test, built-in rules described in words.
    static std::vector<RuleName> normalise_rule_names(const TestSpec& spec) {
        std::vector<RuleName> out;
        for (const auto& rule : normalise_rules(spec.normalise, spec.output)) {
            if (rule.name == "line-endings")
                out.push_back({"line-endings (CRLF to LF)", "", ""});
            else if (rule.name == "working-folder")
                out.push_back({"working-folder (the program's folder becomes <cwd>)", "", ""});
            else
                out.push_back({rule.name, rule.regex, rule.replace});
        }
        return out;
    }

    void target_section(Dict* d, const TestModel& test, const TestOnTarget& c,
                        const std::string& root) {
        d->SetValue("TARGET", c.target);
        d->SetValue("TARGET_HREF", root + target_path(c.target));
        set_status(d, c.status);
        d->SetValue("REASON", c.reason);
        d->SetValue("RUN", c.result ? std::to_string(c.run) : "not run in the published runs");
        if (!c.change.empty())
            d->AddSectionDictionary("CHANGE")->SetValue(
                "WHAT", c.change == "regression" ? "regressed" : "fixed");
        for (const auto& k : c.verdict.known) {
            Dict* kd = d->AddSectionDictionary("KNOWN");
            kd->SetValue("TITLE", k.title);
            if (k.link.rfind("https://", 0) == 0) {
                Dict* l = kd->AddSectionDictionary("LINK");
                l->SetValue("URL", k.link);
                l->SetValue("ID", k.id);
            } else {
                kd->AddSectionDictionary("NO_LINK")->SetValue("ID", k.id);
            }
        }
        if (c.new_failure) d->ShowSection("NEW_FAILURE");
        if (!c.bundle.empty()) {
            const std::string file = "repro/" + test.id + "/" + c.target + ".tar.gz";
            files_.push_back({file, "", c.bundle});
            d->AddSectionDictionary("BUNDLE")->SetValue("HREF", root + file);
        }
        if (c.result) {
            const ResultRecord& r = *c.result;
            Dict* rd = d->AddSectionDictionary("RESULT");
            rd->SetValue("OUTCOME", r.outcome);
            if (r.exit_code)
                rd->AddSectionDictionary("EXIT")->SetValue("CODE", exit_code_text(*r.exit_code));
            wine_summary(d, r.wine);
            output_section(d, c, r);
            assertion_counts(d, r.counts);
            subtests(d, r, entry_of(test.entry), c.verdict.known_lines);
        }
        for (const auto& h : c.history) {
            Dict* hd = d->AddSectionDictionary("H");
            set_status(hd, h.status);
            hd->SetIntValue("RUN", static_cast<long>(h.run));
            hd->SetValue("STARTED", h.started);
            hd->SetValue("REASON", h.reason);
        }
    }

    static void wine_summary(Dict* d, const json& wine) {
        if (!wine.is_object()) return;
        Dict* w = d->AddSectionDictionary("WINE");
        w->SetIntValue("ERR", wine.value("err_lines", 0L));
        w->SetIntValue("FIXME", wine.value("fixme_lines", 0L));
        auto names = [&](const char* key, const char* section, const char* item) {
            const auto it = wine.find(key);
            if (it == wine.end() || !it->is_array() || it->empty()) return;
            Dict* s = w->AddSectionDictionary(section);
            for (const auto& v : *it)
                if (v.is_string())
                    s->AddSectionDictionary(item)->SetValue("NAME", v.get<std::string>());
        };
        names("unimplemented", "UNIMPLEMENTED", "FN");
        names("missing_dlls", "MISSING_DLLS", "DLL");
        const auto errors = wine.find("errors");
        if (errors != wine.end() && errors->is_array() && !errors->empty()) {
            std::string text;
            std::size_t n = 0;
            for (const auto& e : *errors) {
                if (!e.is_string() || n == 20) continue;
                text += e.get<std::string>().substr(0, 300) + "\n";
                n++;
            }
            Dict* e = d->AddSectionDictionary("WINE_ERRORS");
            e->SetIntValue("N", static_cast<long>(n));
            e->SetValue("TEXT", text);
        }
    }

    static void output_section(Dict* d, const TestOnTarget& c, const ResultRecord& r) {
        if (!c.verdict.output_diff.empty()) {
            Dict* diff = d->AddSectionDictionary("DIFF");
            diff->SetValue("AGAINST", "the reference");
            std::string rules;
            for (const auto& rule : c.verdict.normalisation)
                rules += (rules.empty() ? "" : ", ") + rule;
            diff->SetValue("RULES", rules.empty() ? "nothing to normalise" : rules);
            std::istringstream lines(c.verdict.output_diff);
            for (std::string line; std::getline(lines, line);) {
                Dict* l = diff->AddSectionDictionary("LINE");
                const char first = line.empty() ? ' ' : line[0];
                l->SetValue("CLASS", line.rfind("@@", 0) == 0 ? "hunk"
                                     : line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0
                                         ? "hunk"
                                     : first == '+' ? "add"
                                     : first == '-' ? "del"
                                                    : "ctx");
                l->SetValue("TEXT", line);
                l->SetValue("NL", "\n");
            }
        }
        if (r.output.is_object() && r.output.contains("text") && r.output["text"].is_string()) {
            const std::string text = r.output["text"].get<std::string>();
            if (text.empty()) return;
            Dict* o = d->AddSectionDictionary("OUTPUT");
            std::size_t cut = std::min(text.size(), max_output_shown);
            // Do not cut a UTF-8 sequence in two.
            while (cut < text.size() && cut > 0 &&
                   (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
                cut--;
            o->SetValue("TEXT", text.substr(0, cut));
            if (cut < text.size()) {
                Dict* more = o->AddSectionDictionary("CUT");
                more->SetIntValue("SHOWN", static_cast<long>(cut));
                more->SetIntValue("BYTES", static_cast<long>(text.size()));
            }
        }
    }

    // wine's summary counters: the assertions behind the sub-tests.
    static void assertion_counts(Dict* d, const json& counts) {
        if (!counts.is_object()) return;
        Dict* c = d->AddSectionDictionary("COUNTS");
        for (const char* key : {"executed", "failures", "todo", "flaky", "skipped"})
            c->SetValue(upper(key), std::to_string(counts.value(key, std::uint64_t{0})));
    }

    static std::string upper(std::string text) {
        for (char& c : text)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return text;
    }

    // Each failure line links to its source at the version the test was built from, and names
    // the known issue that explains it; the unexplained failures come first.
    static void subtests(Dict* d, const ResultRecord& r, const Entry* entry,
                         const std::map<std::string, Verdict::Known>& known_lines) {
        if (r.subtests.empty()) return;
        // Each sub-test with the issue that explains it (failures only), looked up once.
        std::vector<std::pair<const SubtestRecord*, const Verdict::Known*>> order;
        std::map<std::string, std::size_t> counts;
        std::size_t explained = 0;
        for (const auto& s : r.subtests) {
            const auto it = s.outcome == "fail" ? known_lines.find(s.name + ": " + s.message)
                                                : known_lines.end();
            order.emplace_back(&s, it == known_lines.end() ? nullptr : &it->second);
            counts[s.outcome]++;
            explained += order.back().second != nullptr;
        }
        auto rank = [](const auto& s) {
            return s.first->outcome == "pass" || s.first->outcome == "ok" ? 2 : s.second ? 1 : 0;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
        Dict* t = d->AddSectionDictionary("SUBTEST_TABLE");
        std::string summary;
        for (const auto& [outcome, n] : counts)
            summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + outcome;
        if (explained)
            summary += " (" + std::to_string(explained) + " of the failures explained by known issues)";
        t->SetValue("SUMMARY", summary);
        for (std::size_t i = 0; i < order.size() && i < max_subtests_shown; i++) {
            const auto& [sub, k] = order[i];
            Dict* s = t->AddSectionDictionary("SUB");
            s->SetValue("NAME", sub->name);
            if (k) {
                Dict* kd = s->AddSectionDictionary("KNOWN_LINE");
                kd->SetValue("ID", k->id);
                kd->SetValue("TITLE", k->title);
            }
            if (const std::string url = entry ? winetest::source_line_url(*entry, sub->name) : "";
                !url.empty())
                s->AddSectionDictionary("SOURCE")->SetValue("URL", url);
            else
                s->ShowSection("NO_SOURCE");
            s->SetValue("OUTCOME", sub->outcome);
            s->SetValue("MESSAGE", sub->message.substr(0, 400));
        }
        if (order.size() > max_subtests_shown)
            t->AddSectionDictionary("MORE")->SetIntValue(
                "N", static_cast<long>(order.size() - max_subtests_shown));
    }

    void target_page(std::size_t index) {
        const TargetModel& page = site_.target_pages[index];
        const std::string path = target_path(page.name);
        const std::string root = root_of(path);
        Dict dict("target");
        frame(dict, path, "Target " + page.name);
        dict.SetValue("TARGET", page.name);
        dict.SetIntValue("RUN", static_cast<long>(page.run));
        dict.SetValue("RUN_STARTED", page.run_started);
        const json& id = page.identity;
        auto text = [&](const char* pointer) {
            const json::json_pointer p(pointer);
            return id.contains(p) && id.at(p).is_string() ? id.at(p).get<std::string>()
                                                          : std::string("unknown");
        };
        dict.SetValue("WINE", text("/wine/version"));
        dict.SetValue("WINE_SOURCE", text("/wine/source"));
        dict.SetValue("QEMU", text("/qemu/version"));
        dict.SetValue("QEMU_SOURCE", text("/qemu/source"));
        dict.SetValue("QEMU_SHA256", text("/qemu/sha256"));
        dict.SetValue("CPU", text("/cpu"));
        dict.SetValue("PROVISIONED", text("/provisioned"));
        // The packages that make the target (wine's and qemu's), then how many libraries more.
        std::size_t more = 0;
        for (const char* part : {"/wine/packages", "/qemu/packages"}) {
            const json::json_pointer p(part);
            if (!id.contains(p) || !id.at(p).is_object()) continue;
            for (const auto& [name, version] : id.at(p).items()) {
                const bool main = name.rfind("wine", 0) == 0 || name.rfind("libwine", 0) == 0 ||
                                  name.rfind("qemu", 0) == 0;
                if (!main) {
                    more++;
                    continue;
                }
                Dict* pk = dict.AddSectionDictionary("PACKAGE");
                pk->SetValue("NAME", name);
                pk->SetValue("VERSION", version.is_string() ? version.get<std::string>() : "");
            }
        }
        if (more)
            dict.AddSectionDictionary("MORE_PACKAGES")->SetIntValue("N", static_cast<long>(more));
        for (const auto& s : status_order()) {
            const auto n = page.counts.find(s);
            if (n == page.counts.end()) continue;
            Dict* c = dict.AddSectionDictionary("COUNT");
            set_status(c, s);
            c->SetIntValue("N", static_cast<long>(n->second));
        }
        for (const auto& [s, n] : page.counts)
            if (status_class(s) == "other") {
                Dict* c = dict.AddSectionDictionary("COUNT");
                set_status(c, s);
                c->SetIntValue("N", static_cast<long>(n));
            }
        const std::string svg = slowdown_chart(page.slowdowns);
        if (svg.empty())
            dict.ShowSection("NO_CHART");
        else {
            Dict* c = dict.AddSectionDictionary("CHART");
            c->SetValue("SVG", svg);
            c->SetIntValue("N", static_cast<long>(page.slowdowns.size()));
            c->SetValue("GEOMEAN", ratio_text(page.geomean));
        }
        if (page.differing.empty())
            dict.ShowSection("NO_DIFFERING");
        else {
            Dict* t = dict.AddSectionDictionary("DIFFERING");
            for (const auto& target : site_.targets)
                t->AddSectionDictionary("TARGET_HEAD")->SetValue("TARGET", target);
            for (std::size_t i : page.differing) {
                const TestModel& test = site_.tests[i];
                Dict* row = t->AddSectionDictionary("ROW");
                row->SetValue("ID", test.id);
                row->SetValue("HREF",
                              root + test_path(test.entry, test.name) + "#target-" + page.name);
                for (const auto& c : test.targets) {
                    Dict* cd = row->AddSectionDictionary("CELL");
                    set_status(cd, c.status);
                    cd->SetValue("REASON", c.reason);
                }
            }
        }
        emit(path, "target.tpl", dict);
    }

    const Entry* entry_of(const std::string& id) const {
        for (const auto& p : site_.programs)
            if (p.entry->id == id) return p.entry;
        return nullptr;
    }

    std::string href_of_test(const std::string& id) const {
        const TestModel* t = site_.find_test(id);
        return t ? test_path(t->entry, t->name) : "index.html";
    }

    void regressions() {
        Dict dict("regressions");
        frame(dict, "regressions.html", "Regressions");
        if (site_.changes.empty()) dict.ShowSection("NO_GROUPS");
        for (const auto& group : site_.changes) {
            Dict* g = dict.AddSectionDictionary("GROUP");
            g->SetValue("TITLE", group.title);
            std::map<std::string, std::size_t> kinds;
            for (const auto& c : group.changes)
                kinds[c.kind]++;
            for (const char* kind : {"regressed", "new", "flaky", "fixed"}) {
                Dict* k = g->AddSectionDictionary("KIND");
                k->SetValue("KIND", kind);
                k->SetValue("CLASS", change_class(kind));
                k->SetIntValue("N", static_cast<long>(kinds[kind]));
            }
            if (group.changes.empty()) {
                g->ShowSection("NO_CHANGES");
                continue;
            }
            Dict* t = g->AddSectionDictionary("CHANGES");
            t->SetValue("FROM", group.from);
            t->SetValue("TO", group.to);
            for (const auto& c : group.changes) {
                Dict* row = t->AddSectionDictionary("CHANGE");
                row->SetValue("TEST", c.test);
                row->SetValue("HREF", href_of_test(c.test));
                row->SetValue("KIND", c.kind);
                row->SetValue("CLASS", change_class(c.kind));
                row->SetValue("BEFORE", c.before);
                row->SetValue("AFTER", c.after);
                row->SetValue("DETAIL", c.detail);
            }
        }
        emit("regressions.html", "regressions.tpl", dict);
    }

    void wine_tests() {
        Dict dict("wine-tests");
        frame(dict, "wine-tests.html", "Wine's conformance tests");
        for (const auto& t : wine_.totals) {
            Dict* row = dict.AddSectionDictionary("TOTAL");
            row->SetValue("TARGET", t.target);
            row->SetValue("HREF", target_path(t.target));
            row->SetValue("ARCH", t.arch);
            row->SetValue("CONTROL", t.arch == "x86_64" ? "(is one)" : t.control.empty() ? "none" : t.control);
            for (const auto& [key, n] : std::map<std::string, std::uint64_t>{
                     {"UNITS", t.units}, {"UNITS_BUILT", t.units_built},
                     {"FILES_RUN", t.files_run}, {"FILES_FAILING", t.files_failing},
                     {"EXECUTED", t.executed}, {"FAILURES", t.failures}})
                row->SetValue(key, std::to_string(n));
            row->SetValue("ARM64_ONLY", t.arch == "x86_64" || t.control.empty()
                                            ? "-"
                                            : std::to_string(t.arm64_only) + " in " +
                                                  std::to_string(t.arm64_only_files) + " units");
            dict.AddSectionDictionary("TARGET_HEAD")->SetValue("TARGET", t.target);
        }
        for (const auto& unit : wine_.units) {
            Dict* row = dict.AddSectionDictionary("UNIT");
            row->SetValue("UNIT", unit.unit);
            row->SetValue("DIR", unit.dir);
            row->SetValue("HREF", program_path(unit.entry));
            for (const auto& c : unit.cells) {
                Dict* cd = row->AddSectionDictionary("CELL");
                cd->SetValue("UNIT", unit.unit);
                cd->SetValue("TARGET", c.target);
                cd->SetValue("STATUS", c.status);
                cd->SetValue("CLASS", status_class(c.status));
                cd->SetValue("FAILING", std::to_string(c.files_failing));
                cd->SetValue("RUN", std::to_string(c.files_run));
                cd->SetValue("FAILURES", std::to_string(c.failures));
                cd->SetValue("EXECUTED", std::to_string(c.executed));
                if (c.not_built)
                    cd->AddSectionDictionary("NOT_BUILT")->SetValue("N", std::to_string(c.not_built));
                if (c.arm64_only)
                    cd->AddSectionDictionary("ARM64_ONLY")->SetValue("N", std::to_string(c.arm64_only));
                for (const UnitRun& point : c.history) {
                    Dict* h = cd->AddSectionDictionary("H");
                    h->SetValue("CLASS", !point.ran() ? "not-run" : point.files_failing ? "fail" : "pass");
                    h->SetValue("N", !point.ran()              ? "·"
                                     : point.without_counters ? std::to_string(point.failures) + "+"
                                                              : std::to_string(point.failures));
                    h->SetValue("TEXT", history_text(point));
                }
            }
        }
        emit("wine-tests.html", "wine-tests.tpl", dict);
        files_.push_back({"data/wine-tests.json", wine_tests_json().dump(1) + "\n"});
    }

    static json history_json(const std::vector<UnitRun>& history) {
        json out = json::array();
        for (const UnitRun& p : history)
            out.push_back(p.ran() ? json{{"run", p.run},
                                         {"files_run", p.files_run},
                                         {"files_failing", p.files_failing},
                                         {"failures", p.failures},
                                         {"without_counters", p.without_counters}}
                                  : json{{"run", p.run}, {"files_run", 0}});
        return out;
    }

    // A history point's tooltip: "run 7 (2026-12-01 09:08): 12 failed assertions in 2 of 5
    // files, 1 without counters (crash or timeout)".
    static std::string history_text(const UnitRun& point) {
        std::string text = "run " + std::to_string(point.run) + " (" + point.started + "): ";
        if (!point.ran()) return text + "not run";
        text += std::to_string(point.failures) + " failed assertions in " +
                std::to_string(point.files_failing) + " of " + std::to_string(point.files_run) + " files";
        if (point.without_counters)
            text += ", " + std::to_string(point.without_counters) +
                    " failing without counters (crash or timeout)";
        return text;
    }

    json wine_tests_json() const {
        json doc = {{"totals", json::array()}, {"units", json::array()}};
        for (const auto& t : wine_.totals)
            doc["totals"].push_back({{"target", t.target},         {"arch", t.arch},
                                     {"control", t.control},       {"units", t.units},
                                     {"units_built", t.units_built}, {"files_run", t.files_run},
                                     {"files_failing", t.files_failing}, {"executed", t.executed},
                                     {"failures", t.failures},     {"arm64_only", t.arm64_only}});
        for (const auto& u : wine_.units) {
            json cells = json::object();
            for (const auto& c : u.cells)
                cells[c.target] = {{"status", c.status},       {"files", c.files},
                                   {"files_run", c.files_run}, {"files_failing", c.files_failing},
                                   {"not_built", c.not_built}, {"executed", c.executed},
                                   {"failures", c.failures},   {"arm64_only", c.arm64_only},
                                   {"history", history_json(c.history)}};
            doc["units"].push_back({{"entry", u.entry}, {"unit", u.unit}, {"dir", u.dir},
                                    {"version", u.version}, {"targets", cells}});
        }
        return doc;
    }

    static std::string change_class(const std::string& kind) {
        return kind == "regressed" ? "fail"
               : kind == "fixed"   ? "pass"
               : kind == "flaky"   ? "flaky"
                                   : "no-reference";
    }

    void api() {
        Dict dict("api");
        frame(dict, "api.html", "API coverage");
        std::size_t inspected = 0;
        for (const auto& p : site_.programs)
            inspected += p.inspection.inspected;
        dict.SetIntValue("INSPECTED", static_cast<long>(inspected));
        dict.SetIntValue("PROGRAMS", static_cast<long>(site_.programs.size()));
        if (!site_.unchecked_targets.empty()) {
            std::string targets;
            for (const auto& t : site_.unchecked_targets)
                targets += (targets.empty() ? "" : ", ") + t;
            dict.AddSectionDictionary("UNCHECKED")->SetValue("TARGETS", targets);
        }
        if (site_.api.empty())
            dict.ShowSection("NO_GAPS");
        else {
            Dict* t = dict.AddSectionDictionary("GAPS");
            for (const auto& gap : site_.api) {
                Dict* g = t->AddSectionDictionary("GAP");
                g->SetValue("NAME", gap.dll + (gap.function.empty() ? "" : "!" + gap.function));
                g->SetIntValue("N", static_cast<long>(gap.programs.size()));
                g->SetValue("EFFECT", gap.effect);
                g->SetValue("WHY", gap.why);
                std::string targets;
                for (const auto& name : gap.targets)
                    targets += (targets.empty() ? "" : ", ") + name;
                g->SetValue("TARGETS", targets);
                for (const auto& id : gap.programs) {
                    Dict* p = g->AddSectionDictionary("PROGRAM");
                    p->SetValue("ID", id);
                    p->SetValue("HREF", program_path(id));
                }
                for (const auto& [entry, name] : gap.seen_in) {
                    Dict* s = g->AddSectionDictionary("SEEN");
                    s->SetValue("ID", entry + "/" + name);
                    s->SetValue("HREF", test_path(entry, name));
                }
            }
        }
        emit("api.html", "api.tpl", dict);
    }

    void data() {
        json matrix = {{"generated", site_.generated},
                       {"generator", std::string("woa-compat ") + WOA_VERSION},
                       {"latest_run", site_.latest_run},
                       {"targets", json::array()},
                       {"tests", json::array()}};
        if (!site_.base_url.empty()) matrix["base_url"] = site_.base_url;
        for (const auto& page : site_.target_pages)
            matrix["targets"].push_back({{"name", page.name},
                                         {"wine", wine_of(page.identity)},
                                         {"qemu", qemu_of(page.identity)},
                                         {"cpu", page.identity.value("cpu", "")},
                                         {"run", page.run},
                                         {"counts", page.counts}});
        for (const auto& program : site_.programs)
            for (std::size_t i : program.tests) {
                const TestModel& test = site_.tests[i];
                json cells = json::object();
                json detail = {{"test", test.id},
                               {"program", test.entry},
                               {"reference",
                                test.reference ? json(test.reference->origin_text) : json(nullptr)},
                               {"targets", json::object()}};
                for (const auto& c : test.targets) {
                    cells[c.target] = {{"status", c.status}, {"reason", c.reason}};
                    json t = {{"status", c.status}, {"reason", c.reason}, {"run", c.run}};
                    if (c.result) {
                        t["outcome"] = c.result->outcome;
                        t["exit_code"] =
                            c.result->exit_code ? json(*c.result->exit_code) : json(nullptr);
                        t["wall_s"] = c.result->wall_s;
                        t["samples_s"] = samples_of(*c.result);
                        t["wine"] = c.result->wine;
                        t["output_diff"] = c.verdict.output_diff;
                    }
                    if (!c.change.empty()) t["change"] = c.change;
                    json known = json::array();
                    for (const auto& k : c.verdict.known)
                        known.push_back({{"id", k.id}, {"title", k.title}, {"link", k.link}});
                    t["known_issues"] = known;
                    json history = json::array();
                    for (const auto& h : c.history)
                        history.push_back({{"run", h.run}, {"status", h.status}});
                    t["history"] = history;
                    detail["targets"][c.target] = t;
                }
                if (test.host)
                    detail["host"] = {{"outcome", test.host->outcome},
                                      {"wall_s", test.host->wall_s}};
                matrix["tests"].push_back(
                    {{"test", test.id},
                     {"program", test.entry},
                     {"tags", tags_of(*program.entry)},
                     {"reference", test.reference ? json(test.reference->origin) : json(nullptr)},
                     {"cells", cells}});
                files_.push_back(
                    {"data/tests/" + segment(test.entry) + "/" + segment(test.name) + ".json",
                     detail.dump(1) + "\n"});
            }
        files_.push_back({"data/matrix.json", matrix.dump(1) + "\n"});
    }
};

} // namespace

std::string status_glyph(const std::string& status) {
    static const std::map<std::string, std::string> glyphs = {
        {"pass", "✓"},          {"fail", "✗"},          {"crash", "✹"},
        {"timeout", "◷"},       {"unimplemented", "∅"}, {"missing-dll", "⊘"},
        {"loader-error", "⊗"},  {"wrong-arch", "⇄"},    {"not-built", "⊡"},
        {"output-limit", "≫"},
        {"harness-error", "◇"}, {"flaky", "≈"},         {"no-reference", "○"},
        {"not-run", "·"}};
    const auto it = glyphs.find(status);
    return it == glyphs.end() ? "?" : it->second;
}

std::vector<SiteFile> render_site(const Site& site) {
    return Renderer(site).run();
}

} // namespace woa::web
