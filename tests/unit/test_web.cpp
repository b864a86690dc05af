// The website: the page model (counts, order, history, changes, API gaps), its rendering
// (hostile program output stays text, the DOM contract of tests/browser), the SVG charts, the
// site written whole, and `woa publish` end to end on a small results store.
#include "core/error.h"
#include "core/fs.h"
#include "core/regex.h"
#include "runner/results_db.h"
#include "tests/support/woa_cli.h"
#include "web/model.h"
#include "web/render.h"
#include "web/site.h"
#include "web/svg.h"
#include "web/wine_tests.h"
#include "winetest/sources.h"

#include <catch2/catch.hpp>

using namespace woa;
using namespace woa::web;
namespace fs = std::filesystem;

namespace {

ResultRecord result(const std::string& test, const std::string& target, const std::string& outcome,
                    std::vector<double> walls = {1.0}) {
    ResultRecord r;
    r.test = test;
    r.target = target;
    r.outcome = outcome;
    r.exit_code = outcome == "ok" ? 0 : 1;
    r.detail = outcome == "ok" ? "" : "why " + outcome;
    for (std::size_t i = 0; i < walls.size(); i++) {
        SampleRecord s;
        s.repeat = static_cast<int>(i + 1);
        s.outcome = outcome;
        s.wall_s = walls[i];
        r.samples.push_back(s);
    }
    r.wall_s = walls.empty() ? 0 : walls[walls.size() / 2];
    return r;
}

TargetRecord target(const std::string& name, const std::string& wine, const std::string& qemu) {
    return {
        name,
        {{"name", name},
         {"wine",
          {{"version", "wine-" + wine + " (Debian " + wine + "~repack-1)"},
           {"source", "debian:" + name},
           {"packages", {{"wine64:arm64", wine}, {"libfoo:arm64", "1"}}}}},
         {"qemu", {{"version", qemu + " (Debian 1:" + qemu + ")"}, {"source", "debian:" + name}}},
         {"cpu", "neoverse-n1"},
         {"provisioned", "2026-11-01T00:00:00Z"}}};
}

Entry entry(const std::string& id, const std::vector<std::string>& tests,
            std::vector<std::string> tags = {"demo"}) {
    Entry e;
    e.id = id;
    e.title = "Title of " + id;
    e.project = "https://example.org/" + id;
    e.licence = "MIT";
    e.toolchain = "c";
    e.tags = std::move(tags);
    e.source.kind = "probe";
    e.source.name = id;
    e.executables = {id + ".exe"};
    for (const auto& name : tests) {
        TestSpec t;
        t.name = name;
        t.description = "checks " + name;
        t.args = {"--flag"};
        e.tests.push_back(t);
    }
    return e;
}

RunResults run(std::int64_t id, std::vector<TargetRecord> targets,
               std::vector<ResultRecord> results) {
    RunResults r;
    r.run.id = id;
    r.run.started = "2026-11-0" + std::to_string(id) + "T00:00:00Z";
    r.run.state = "complete";
    r.targets = std::move(targets);
    r.results = std::move(results);
    return r;
}

// A crash in which wine said which functions it lacks, as the runner records them.
ResultRecord unimplemented(const std::string& test, const std::string& target) {
    ResultRecord r = result(test, target, "unimplemented");
    r.wine = {{"unimplemented",
               {"kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx", "KERNEL32.dll.Rare"}}};
    return r;
}

const SiteFile& file(const std::vector<SiteFile>& files, const std::string& path) {
    for (const auto& f : files)
        if (f.path == path) return f;
    FAIL("no " << path << " in the site");
    throw 0;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        n++;
    return n;
}

} // namespace

TEST_CASE("web: hostile program output and details stay text", "[web]") {
    SiteInput in;
    in.entries = {entry("evil", {"out"})};
    auto r = result("evil/out", "trixie", "exit-code");
    r.output = {{"text", "<script>alert(1)</script>\n\"><img src=x onerror=alert(1)>\n"}};
    r.detail = "\"><img src=x onerror=alert(1)>";
    r.subtests = {{"<b>sub</b>", "fail", "<script>alert(2)</script>"}};
    r.wine = {{"err_lines", 1},
              {"fixme_lines", 0},
              {"errors", {"<iframe src=x>"}},
              {"unimplemented", {"KERNEL32.<svg onload=alert(3)>"}}};
    in.runs = {run(1, {target("trixie", "10.0", "10.0.1")}, {r})};
    const Site site = build_site(in);
    const auto files = render_site(site);

    const std::string& page = file(files, "tests/evil/out.html").content;
    CHECK(page.find("<script>alert") == std::string::npos);
    CHECK(page.find("<img src=x") == std::string::npos);
    CHECK(page.find("<iframe") == std::string::npos);
    CHECK(page.find("<svg onload") == std::string::npos);
    CHECK(page.find("<b>sub") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(page.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    // The output is in its <pre class="output">, as text.
    CHECK(Regex("<pre class=\"output\">&lt;script&gt;").search(page));
    // ... with its lines kept (the output is preformatted text).
    CHECK(page.find("&lt;/script&gt;\n&quot;&gt;&lt;img") != std::string::npos);

    // The reason is a tooltip on the matrix: escaped inside the attribute too.
    const std::string& index = file(files, "index.html").content;
    CHECK(index.find("<img src=x") == std::string::npos);
    CHECK(index.find("title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"") !=
          std::string::npos);
    // The JSON data says the same as text.
    CHECK(file(files, "data/matrix.json").content.find("onerror") != std::string::npos);
}

TEST_CASE("web: matrix DOM, counts per target and the reference column", "[web]") {
    SiteInput in;
    in.entries = {entry("alpha", {"one", "two"}), entry("beta", {"three"}, {"other", "c"})};
    ResultRecord crash = result("alpha/two", "trixie", "crash");
    crash.exit_code = 0xC0000005;
    in.runs = {run(1, {target("trixie", "10.0", "10.0.1"), target("bookworm", "8.0", "7.2.0")},
                   {result("alpha/one", "trixie", "ok"), crash,
                    result("beta/three", "trixie", "ok"), result("alpha/one", "bookworm", "ok"),
                    result("alpha/two", "bookworm", "timeout")})};
    const Site site = build_site(in);
    REQUIRE(site.targets == std::vector<std::string>{"bookworm", "trixie"}); // older wine first
    const auto& trixie = site.target_pages.at(1);
    CHECK(trixie.counts.at("no-reference") == 2);
    CHECK(trixie.counts.at("crash") == 1);
    CHECK(site.target_pages.at(0).counts.at("not-run") == 1);

    const auto files = render_site(site);
    const std::string& index = file(files, "index.html").content;
    CHECK(index.find("<table id=\"matrix\"") != std::string::npos);
    CHECK(index.find("<th scope=\"col\" data-target=\"bookworm\">") != std::string::npos);
    CHECK(index.find("<th scope=\"col\" data-target=\"reference\">") != std::string::npos);
    CHECK(index.find("<tbody data-program=\"alpha\">") != std::string::npos);
    CHECK(index.find("<tr data-test=\"beta/three\" data-tags=\"other c\">") != std::string::npos);
    CHECK(index.find("<th scope=\"row\"><a href=\"tests/alpha/one.html\">one</a></th>") !=
          std::string::npos);
    // No test here has a reference: each cell says what happened, with a second mark.
    CHECK(Regex("<td data-target=\"trixie\" data-status=\"crash\" data-reference=\"none\" "
                "title=\"why crash\" [^>]*><a href=\"tests/alpha/two.html#target-trixie\"><span "
                "class=\"glyph\" aria-hidden=\"true\">[^<]+</span> crash 0xC0000005 "
                "\\(STATUS_ACCESS_VIOLATION\\) <span class=\"mark\">no reference</span>")
              .search(index));
    CHECK(Regex("<td data-target=\"trixie\" data-status=\"no-reference\" data-reference=\"none\" "
                "[^>]*><a href=\"tests/alpha/one.html#target-trixie\"><span "
                "class=\"glyph\" aria-hidden=\"true\">[^<]+</span> ran ok <span")
              .search(index));
    CHECK(Regex("<tr data-target=\"trixie\">.*<td data-mark=\"no-reference\" data-n=\"3\">3</td>")
              .search(index));
    CHECK(Regex("<tr data-target=\"bookworm\">.*<td data-mark=\"no-reference\" data-n=\"2\">2</td>")
              .search(index));
    CHECK(index.find("<input type=\"checkbox\" name=\"reference\" value=\"none\" checked>") !=
          std::string::npos);
    CHECK(Regex("<tr data-target=\"trixie\">.*<td data-status=\"no-reference\" data-n=\"2\">2</td>")
              .search(index));
    CHECK(Regex("<tr data-target=\"bookworm\">.*<td data-status=\"not-run\" data-n=\"1\">1</td>")
              .search(index));
    CHECK(count(index, "<td data-target=\"trixie\" data-status=") == 3);
    CHECK(count(index, "<td data-target=\"reference\"") == 3);
    CHECK(index.find("<input type=\"checkbox\" name=\"status\" value=\"crash\" checked>") !=
          std::string::npos);
    CHECK(index.find("<select id=\"filter-tag\"><option value=\"\">") != std::string::npos);
    CHECK(index.find("<option value=\"other\">other</option>") != std::string::npos);
    CHECK(index.find("<select id=\"filter-target\"><option value=\"\">") != std::string::npos);
    CHECK(index.find("<input type=\"search\" id=\"filter-text\"") != std::string::npos);
    CHECK(index.find("src=\"assets/site.js\"") != std::string::npos);
    // Nothing external: every link and script is relative.
    CHECK(index.find("src=\"http") == std::string::npos);
    CHECK(index.find("href=\"http") == std::string::npos);

    // Every page of the layout exists and links back with relative paths.
    for (const char* path :
         {"programs/alpha.html", "programs/beta.html", "tests/alpha/one.html",
          "tests/beta/three.html", "targets/trixie.html", "targets/bookworm.html",
          "regressions.html", "api.html", "data/matrix.json", "data/tests/alpha/two.json",
          "assets/site.css", "assets/site.js"})
        CHECK(!file(files, path).content.empty());
    const std::string& test = file(files, "tests/alpha/two.html").content;
    CHECK(test.find("<section id=\"target-trixie\"") != std::string::npos);
    CHECK(test.find("href=\"../../assets/site.css\"") != std::string::npos);
    CHECK(test.find("class=\"reference-origin\"") != std::string::npos);
    const auto matrix = nlohmann::json::parse(file(files, "data/matrix.json").content);
    CHECK(matrix["tests"].size() == 3);
    CHECK(matrix["targets"][1]["counts"]["crash"] == 1);
}

TEST_CASE("web: regressions and new failures first, history across runs", "[web]") {
    SiteInput in;
    in.entries = {entry("calm", {"a"}), entry("known", {"b"}), entry("fresh", {"c"}),
                  entry("broken", {"d", "e"})};
    const auto t = target("trixie", "10.0", "10.0.1");
    const auto ok = [](const char* test) { return result(test, "trixie", "ok"); };
    in.runs = {run(1, {t},
                   {ok("calm/a"), ok("known/b"), result("fresh/c", "trixie", "exit-code"),
                    ok("broken/d"), ok("broken/e")}),
               run(2, {t},
                   {ok("calm/a"), ok("known/b"), result("fresh/c", "trixie", "exit-code"),
                    ok("broken/e")}),
               run(3, {t},
                   {ok("calm/a"), ok("known/b"), result("fresh/c", "trixie", "exit-code"),
                    ok("broken/d"), result("broken/e", "trixie", "crash")})};
    const Site site = build_site(in);
    std::vector<std::string> order;
    for (const auto& p : site.programs)
        order.push_back(p.entry->id);
    // The regression (broken/e), then the failure no known issue explains (fresh/c), then the
    // rest in corpus order.
    CHECK(order == std::vector<std::string>{"broken", "fresh", "calm", "known"});
    const auto& broken = site.programs.front();
    CHECK(site.tests[broken.tests.at(0)].id == "broken/e");
    CHECK(site.tests[broken.tests.at(1)].id == "broken/d");

    const TestModel* d = site.find_test("broken/d");
    REQUIRE(d);
    const auto& history = d->targets.at(0).history;
    REQUIRE(history.size() == 3);
    CHECK(history[0].status == "no-reference");
    CHECK(history[1].status == "not-run");
    CHECK(history[2].status == "no-reference");
    CHECK(site.find_test("fresh/c")->targets.at(0).new_failure);
    CHECK(site.find_test("broken/e")->targets.at(0).change == "regression");

    const auto files = render_site(site);
    const std::string& page = file(files, "tests/broken/d.html").content;
    CHECK(count(page, "<li class=\"s-") == 3);
    CHECK(page.find("title=\"run 2 (2026-11-02T00:00:00Z): not run\"") != std::string::npos);
    CHECK(file(files, "index.html").content.find("<span class=\"change\">regressed</span>") !=
          std::string::npos);

    // The regressions page: trixie's run 2 against run 3, regressed first.
    REQUIRE(site.changes.size() == 1);
    CHECK(site.changes[0].title == "trixie: run 2 → run 3");
    REQUIRE(site.changes[0].changes.size() == 2);
    CHECK(site.changes[0].changes[0].test == "broken/e");
    CHECK(site.changes[0].changes[0].kind == "regressed");
    CHECK(site.changes[0].changes[1].kind == "new");
}

TEST_CASE("web: targets compared in wine/qemu order, API gaps ranked", "[web]") {
    SiteInput in;
    in.entries = {entry("p1", {"t"}), entry("p2", {"t"})};
    in.runs = {run(5,
                   {target("sid", "10.0", "11.0.0"), target("trixie", "10.0", "10.0.1"),
                    target("bookworm", "8.0", "7.2.0")},
                   {result("p1/t", "bookworm", "ok"), unimplemented("p1/t", "trixie"),
                    result("p1/t", "sid", "ok"), result("p2/t", "sid", "ok"),
                    result("p1/t", "host", "ok", {0.5}), result("p2/t", "host", "ok", {0.25})})};
    ProgramInspection i1, i2;
    i1.inspected = i2.inspected = true;
    i1.missing["trixie"] = {{"KERNEL32.dll", "Rare", "will fail when called", "not exported"},
                            {"KERNEL32.dll", "Common", "will fail when called", "not exported"}};
    i2.missing["trixie"] = {{"KERNEL32.dll", "Common", "will fail when called", "not exported"}};
    i2.missing["bookworm"] = {{"KERNEL32.dll", "", "not checked", "placeholder"}};
    in.inspections = {{"p1", i1}, {"p2", i2}};
    const Site site = build_site(in);
    CHECK(site.targets == std::vector<std::string>{"bookworm", "trixie", "sid"});
    std::vector<std::string> titles;
    for (const auto& g : site.changes)
        titles.push_back(g.title);
    CHECK(titles == std::vector<std::string>{"bookworm → trixie", "trixie → sid"});
    CHECK(site.changes[0].changes.at(0).kind == "regressed");
    REQUIRE(site.changes[1].changes.size() == 2); // p2/t is new on sid: new before fixed
    CHECK(site.changes[1].changes[0].kind == "new");
    CHECK(site.changes[1].changes[1].test == "p1/t");
    CHECK(site.changes[1].changes[1].kind == "fixed");
    // host is the baseline, not a column: sid is 4x its native build on p2/t, 2x on p1/t.
    const auto& sid = site.target_pages.at(2);
    CHECK(sid.slowdowns.size() == 2);
    CHECK(sid.geomean == Approx(std::sqrt(8.0)));
    CHECK(site.target_pages.at(1).differing.size() == 1);

    // DLL names folded (Windows ignores their case); what wine reported unimplemented at run
    // time beside what the import tables say, merged with the static gap of the same function.
    REQUIRE(site.api.size() == 3);
    CHECK(site.api[0].dll == "kernel32.dll");
    CHECK(site.api[0].function == "Common");
    CHECK(site.api[0].programs.size() == 2);
    CHECK(site.api[0].effect == "will fail when called");
    const auto& tz = *std::find_if(site.api.begin(), site.api.end(), [](const ApiGap& g) {
        return g.function == "SystemTimeToTzSpecificLocalTimeEx";
    });
    CHECK(tz.dll == "kernelbase.dll");
    CHECK(tz.effect == "failed when called");
    CHECK(tz.why == "seen at run time");
    CHECK(tz.targets == std::vector<std::string>{"trixie"});
    CHECK(tz.seen_in == std::vector<std::pair<std::string, std::string>>{{"p1", "t"}});
    const auto& rare = *std::find_if(site.api.begin(), site.api.end(),
                                     [](const ApiGap& g) { return g.function == "Rare"; });
    CHECK(rare.seen_in == std::vector<std::pair<std::string, std::string>>{{"p1", "t"}});
    CHECK(rare.effect == "will fail when called"); // the import table says more than the run
    CHECK(site.unchecked_targets == std::vector<std::string>{"bookworm"});
    const auto files = render_site(site);
    const std::string& api = file(files, "api.html").content;
    CHECK(api.find("kernel32.dll!Common") != std::string::npos);
    CHECK(api.find("KERNEL32") == std::string::npos);
    CHECK(api.find("<a href=\"tests/p1/t.html\">p1/t</a>") != std::string::npos);
    CHECK(file(files, "targets/sid.html").content.find("<svg") != std::string::npos);
    CHECK(file(files, "targets/trixie.html").content.find("No test has both") != std::string::npos);
}

TEST_CASE("web: SVG charts with zero, one and many samples", "[web]") {
    CHECK(timing_chart({}).empty());
    CHECK(timing_chart({{"trixie", {}, 0}}).empty());
    const std::string one = timing_chart({{"trixie", {1.5}, 1.5}});
    CHECK(count(one, "<circle") == 1);
    CHECK(count(one, "class=\"median\"") == 1);
    const std::string many = timing_chart({{"trixie", {1, 2, 3, 4, 5}, 3},
                                           {"host", {0.1}, 0.1},
                                           {"reference", {}, 0.2},
                                           {"<b>", {}, 0}});
    CHECK(count(many, "<circle") == 6);
    CHECK(count(many, "class=\"median\"") == 3);
    CHECK(many.find("<b>") == std::string::npos); // a row with nothing is left out
    CHECK(slowdown_chart({}).empty());
    const std::string hist = slowdown_chart({0.5, 1.5, 3, 3.5, 100});
    CHECK(count(hist, "<rect") == 8);
    CHECK(hist.find("2-4x: 2 tests") != std::string::npos);
    CHECK(hist.find("≥ 64x: 1 tests") != std::string::npos);
}

TEST_CASE("web: nothing to publish is a clear error, unsafe names are refused", "[web]") {
    SiteInput in;
    in.entries = {entry("a", {"b"})};
    CHECK_THROWS_WITH(build_site(in), Catch::Contains("no runs to publish"));
    in.runs = {run(1, {}, {result("a/b", "../../etc", "ok")})};
    CHECK_THROWS_WITH(render_site(build_site(in)), Catch::Contains("cannot name a page"));
}

TEST_CASE("web: the site is written whole and replaces only a site of its own", "[web]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-site-");
    const fs::path out = dir.path() / "site";
    CHECK(write_site({{"index.html", "one"}, {"tests/a/b.html", "x"}}, out) == out / "index.html");
    CHECK(read_file(out / "index.html") == "one");
    CHECK(fs::exists(out / site_marker));
    CHECK(write_site({{"index.html", "two"}}, out.string() + "/") == out / "index.html");
    CHECK(read_file(out / "index.html") == "two");
    CHECK(!fs::exists(out / "tests")); // nothing of the old site is left
    CHECK(!fs::exists(dir.path() / "site.partial"));

    const fs::path mine = dir.path() / "mine";
    fs::create_directories(mine);
    write_file_atomically(mine / "notes.txt", "precious");
    CHECK_THROWS_WITH(write_site({{"index.html", "x"}}, mine),
                      Catch::Contains("not a site made by woa"));
    CHECK(read_file(mine / "notes.txt") == "precious");
    CHECK(!fs::exists(dir.path() / "mine.partial"));
    write_file_atomically(dir.path() / "file", "f");
    CHECK_THROWS_AS(write_site({{"index.html", "x"}}, dir.path() / "file"), InputError);
}

TEST_CASE("woa publish: a small store, the printed index, and its errors", "[web][cli]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-publish-");
    const fs::path db_file = dir.path() / "results.db";
    const std::map<std::string, std::string> env = {{"WOA_HOME", (dir.path() / "home").string()}};
    {
        ResultsDb db(db_file);
        RunRecord r;
        r.started = "2026-11-01T00:00:00Z";
        r.state = "running";
        r.args = nlohmann::json::object();
        const auto id = db.begin_run(r, {target("trixie", "10.0", "10.0.1")});
        auto hostile = result("probe-hello/arguments", "trixie", "exit-code");
        hostile.output = {{"text", "<script>alert(1)</script>"}};
        db.add_result(id, hostile);
        db.add_result(id, result("probe-control/exit-code", "trixie", "ok"));
        db.finish_run(id, "complete");
    }
    const fs::path out = dir.path() / "site";
    auto run = test::woa_cli({"publish", "--db", db_file.string(), "--out", out.string()}, env);
    INFO(run.err);
    REQUIRE(run.status() == 0);
    CHECK(run.out == (out / "index.html").string() + "\n");
    const std::string page = read_file(out / "tests/probe-hello/arguments.html");
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(page.find("class=\"reference-origin\">spec: ") != std::string::npos);
    CHECK(fs::exists(out / "targets/trixie.html"));
    CHECK(fs::exists(out / "data/tests/probe-hello/arguments.json"));
    CHECK(page.find("Reproducer") == std::string::npos);

    // A reproducer bundle made by `woa repro --tar` is copied into the site and linked from its
    // test's page.
    const fs::path bundles = dir.path() / "bundles";
    fs::create_directories(bundles);
    write_file_atomically(bundles / "repro-probe-hello-arguments-trixie.tar.gz", "bundle bytes");
    run = test::woa_cli(
        {"publish", "--db", db_file.string(), "--out", out.string(), "--bundles", bundles.string()},
        env);
    REQUIRE(run.status() == 0);
    CHECK(read_file(out / "repro/probe-hello/arguments/trixie.tar.gz") == "bundle bytes");
    CHECK(read_file(out / "tests/probe-hello/arguments.html")
              .find("href=\"../../repro/probe-hello/arguments/trixie.tar.gz\"") !=
          std::string::npos);
    CHECK(!fs::exists(out / "repro/probe-control"));
    run = test::woa_cli({"publish", "--db", db_file.string(), "--out", out.string(), "--bundles",
                         (dir.path() / "nowhere").string()},
                        env);
    CHECK(run.status() == 1);
    CHECK(run.err.find("nowhere: no such folder") != std::string::npos);
    run = test::woa_cli({"publish", "--db", db_file.string(), "--out", out.string()}, env);
    REQUIRE(run.status() == 0);
    const std::string again = read_file(out / "tests/probe-hello/arguments.html");

    // An unrelated folder is refused; an empty store is an error naming it.
    const fs::path other = dir.path() / "other";
    fs::create_directories(other);
    write_file_atomically(other / "keep.txt", "x");
    run = test::woa_cli({"publish", "--db", db_file.string(), "--out", other.string()}, env);
    CHECK(run.status() == 1);
    CHECK(run.err.find("woa: error: " + other.string() +
                       ": already exists and is not a site made by woa publish") !=
          std::string::npos);
    { ResultsDb empty(dir.path() / "empty.db"); }
    run = test::woa_cli(
        {"publish", "--db", (dir.path() / "empty.db").string(), "--out", out.string()}, env);
    CHECK(run.status() == 1);
    CHECK(run.err.find("empty.db: holds no runs yet") != std::string::npos);
    CHECK(read_file(out / "tests/probe-hello/arguments.html") == again); // the old site stays
    run = test::woa_cli(
        {"publish", "--db", (dir.path() / "none.db").string(), "--out", out.string()}, env);
    CHECK(run.status() == 1);
    CHECK(!fs::exists(dir.path() / "none.db"));
}

namespace {

Entry wine_unit(const std::string& unit, const std::vector<std::string>& files) {
    Entry e = entry("wine-" + unit, files, {"wine-tests"});
    e.source.kind = "wine-test";
    e.source.package = "wine";
    e.source.version = "10.0~repack-6";
    e.source.name = unit;
    e.source.dir = "dlls/" + unit + "/tests";
    return e;
}

ResultRecord wine_file(const std::string& test, const std::string& target,
                       std::vector<std::string> failing, std::uint64_t executed) {
    ResultRecord r = result(test, target, failing.empty() ? "ok" : "exit-code");
    r.exit_code = static_cast<std::int64_t>(failing.size());
    for (const auto& name : failing)
        r.subtests.push_back({name, "fail", "Test failed: got 0"});
    r.counts = {{"executed", executed}, {"failures", failing.size()}, {"todo", 0},
                {"flaky", 0},          {"skipped", 0}};
    return r;
}

} // namespace

TEST_CASE("web: a wine test's failure lines name the known issue of each, unexplained first",
          "[web][winetest][known]") {
    SiteInput in;
    in.known_issues = KnownIssues::load(fs::path(WOA_SOURCE_DIR) / "corpus/known-issues.json");
    in.entries = {wine_unit("kernel32", {"profile"})};
    ResultRecord r = wine_file("wine-kernel32/profile", "trixie", {"profile.c:559"}, 578);
    r.subtests[0].message = "Expected FALSE, got 1"; // env-root-ignores-file-permissions
    r.subtests.push_back({"profile.c:600", "fail", "a failure nobody explained"});
    in.runs = {run(1, {target("trixie", "10.0", "10.0.1")}, {r})};
    const Site site = build_site(in);
    const TestOnTarget& cell = site.tests.at(0).targets.at(0);
    CHECK(cell.verdict.known.empty()); // one line is unexplained: the file is a new failure
    CHECK(cell.new_failure);
    REQUIRE(cell.verdict.known_lines.size() == 1);
    CHECK(cell.verdict.known_lines.begin()->second.id == "env-root-ignores-file-permissions");
    const auto files = render_site(site); // kept: the page is a reference into it
    const std::string& page = file(files, "tests/wine-kernel32/profile.html").content;
    CHECK(page.find("1 of the failures explained by known issues") != std::string::npos);
    CHECK(page.find("known: env-root-ignores-file-permissions") != std::string::npos);
    CHECK(page.find("a failure nobody explained") < page.find("Expected FALSE, got 1"));
}

TEST_CASE("web: the wine-tests page: totals, arm64-only failures first, source links",
          "[web][winetest]") {
    SiteInput in;
    in.references = ReferenceSet::load(fs::path(WOA_SOURCE_DIR) / "reference-results");
    in.entries = {wine_unit("ntdll", {"info"}), wine_unit("kernel32", {"path", "file", "sync"})};
    TargetRecord control = target("trixie-x64", "10.0", "10.0.1");
    control.identity["arch"] = "x86_64";
    in.runs = {run(1, {target("trixie", "10.0", "10.0.1"), control},
                   {wine_file("wine-kernel32/path", "trixie", {}, 100),
                    wine_file("wine-kernel32/file", "trixie", {"file.c:10", "file.c:20"}, 50),
                    wine_file("wine-ntdll/info", "trixie", {"info.c:5"}, 7),
                    wine_file("wine-kernel32/path", "trixie-x64", {}, 100),
                    wine_file("wine-kernel32/file", "trixie-x64", {"file.c:10"}, 50),
                    wine_file("wine-ntdll/info", "trixie-x64", {"info.c:5"}, 7)})};
    in.runs[0].results.push_back(result("wine-kernel32/sync", "trixie", "not-built"));
    // An earlier run of the arm64 target: file crashed without counters, path failed 3 checks.
    in.runs.insert(in.runs.begin(),
                   run(0, {target("trixie", "10.0", "10.0.1")},
                       {wine_file("wine-kernel32/path", "trixie", {"path.c:1", "path.c:2", "path.c:3"}, 9),
                        result("wine-kernel32/file", "trixie", "crash")}));
    const Site site = build_site(in);
    const WineTests wine = build_wine_tests(site);
    CHECK(control_of("trixie", {{"trixie", in.runs[0].targets[0].identity},
                                {"trixie-x64", control.identity}}) == "trixie-x64");
    REQUIRE(wine.totals.size() == 2);
    const WineTargetTotals& arm64 = wine.totals[0].target == "trixie" ? wine.totals[0] : wine.totals[1];
    CHECK(arm64.control == "trixie-x64");
    CHECK(arm64.units == 2);
    CHECK(arm64.units_built == 2);
    CHECK(arm64.files_run == 3);
    CHECK(arm64.files_failing == 2);
    CHECK(arm64.executed == 157);
    CHECK(arm64.failures == 3);
    CHECK(arm64.arm64_only == 1); // file.c:20
    REQUIRE(wine.units.size() == 2);
    CHECK(wine.units[0].unit == "kernel32"); // its arm64-only failure puts it first
    CHECK(wine.units[0].arm64_only == 1);
    CHECK(wine.units[1].arm64_only == 0);
    // The history strip counts failed assertions per run, not files.
    const WineUnitCell& kernel32_arm64 =
        wine.units[0].cells[0].target == "trixie" ? wine.units[0].cells[0] : wine.units[0].cells[1];
    REQUIRE(kernel32_arm64.history.size() == 2);
    CHECK(kernel32_arm64.history[0].files_failing == 2);
    CHECK(kernel32_arm64.history[0].failures == 3);
    CHECK(kernel32_arm64.history[0].without_counters == 1);
    CHECK(kernel32_arm64.history[1].failures == 2);
    CHECK(kernel32_arm64.history[1].without_counters == 0);

    const auto files = render_site(site);
    const std::string& page = file(files, "wine-tests.html").content;
    CHECK(page.find("1 in 1 units") != std::string::npos);
    CHECK(page.find("<strong>1 arm64-only</strong>") != std::string::npos);
    CHECK(page.find(", 1 not built") != std::string::npos);
    CHECK(page.find(">3+</li>") != std::string::npos);
    CHECK(page.find("3 failed assertions in 2 of 2 files, 1 failing without counters") != std::string::npos);
    CHECK(page.find("id=\"unit-kernel32\"") < page.find("id=\"unit-ntdll\""));
    CHECK(file(files, "index.html").content.find("wine-tests.html") != std::string::npos);
    const auto data = nlohmann::json::parse(file(files, "data/wine-tests.json").content);
    CHECK(data["units"][0]["targets"]["trixie"]["arm64_only"] == 1);
    // Each failure line links to its line at the version the tests were built from.
    const std::string& test_page = file(files, "tests/wine-kernel32/file.html").content;
    CHECK(test_page.find("href=\"https://sources.debian.org/src/wine/10.0~repack-6/dlls/kernel32/"
                         "tests/file.c/#L20\"") != std::string::npos);
    CHECK(test_page.find("50 assertions executed, 2 failed") != std::string::npos);
    CHECK(winetest::source_line_url(in.entries[0], "../x.c:1").empty());
    CHECK(winetest::source_line_url(in.entries[0], "info").empty());
    CHECK(winetest::source_line_url(in.entries[0], "info.c:0").empty());
    CHECK(winetest::source_line_url(in.entries[0], "info.c:99999999999").empty());

    // A site without wine's tests has no such page and no link to one.
    SiteInput plain;
    plain.entries = {entry("probe", {"x"})};
    plain.runs = {run(1, {target("trixie", "10.0", "10.0.1")}, {result("probe/x", "trixie", "ok")})};
    const auto plain_files = render_site(build_site(plain));
    CHECK(file(plain_files, "index.html").content.find("wine-tests.html") == std::string::npos);
}
