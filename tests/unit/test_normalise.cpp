// Output normalisation (runner/normalise.h) and comparing outputs (differ/output.h): each rule,
// the stored record, and the unified diff a reader sees.
#include "core/error.h"
#include "core/fs.h"
#include "differ/compare.h"
#include "differ/output.h"
#include "runner/normalise.h"

#include <catch2/catch.hpp>

using namespace woa;
namespace fs = std::filesystem;

TEST_CASE("normalisation rules: line endings, the working folder, the test's own", "[normalise]") {
    const auto rules = normalise_rules({{"\\d+ms", "<ms>", "esbuild's timing"}});
    REQUIRE(rules.size() == 3);
    CHECK(rules[2].name == "esbuild's timing");

    struct Case {
        std::string raw, folder, want;
        std::vector<std::pair<std::string, std::size_t>> applied;
    };
    const std::vector<Case> cases = {
        {"a\r\nb\r\n", "D:\\", "a\nb\n", {{"line-endings", 2}}},
        {"lone\rcarriage", "D:\\", "lone\rcarriage", {}},
        // A drive root and a device's folder both leave "<cwd>\file".
        {"D:\\app.js built\n", "D:\\", "<cwd>\\app.js built\n", {{"working-folder", 1}}},
        {"c:\\users\\me\\.work\\app.js\n",
         "C:\\Users\\me\\.work",
         "<cwd>\\app.js\n",
         {{"working-folder", 1}}},
        // Inside JSON the backslashes are doubled; some programs print forward slashes.
        {"{\"file\":\"D:\\\\sub\\\\a.js\"}",
         "D:\\sub",
         "{\"file\":\"<cwd>\\\\a.js\"}",
         {{"working-folder", 1}}},
        {"D:/sub/a.js", "D:\\sub", "<cwd>/a.js", {{"working-folder", 1}}},
        {"/tmp/w-1/out.txt", "/tmp/w-1", "<cwd>/out.txt", {{"working-folder", 1}}},
        {"done in 12ms and 3ms\r\n",
         "D:\\",
         "done in <ms> and <ms>\n",
         {{"line-endings", 1}, {"esbuild's timing", 2}}},
    };
    for (const auto& c : cases) {
        INFO(c.raw);
        const Normalised n = normalise(c.raw, c.folder, rules);
        CHECK(n.text == c.want);
        CHECK(n.applied == c.applied);
    }
    CHECK_THROWS_AS(normalise("x", "", {{"broken", "(", ""}}, "corpus/entries/x.json"), InputError);
}

TEST_CASE("UTF-8 check: what can be kept as JSON text", "[normalise]") {
    CHECK(is_clean_utf8("plain ascii"));
    CHECK(is_clean_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80"));
    CHECK_FALSE(is_clean_utf8(std::string("nul\0byte", 8)));
    CHECK_FALSE(is_clean_utf8("\xC3"));             // cut short
    CHECK_FALSE(is_clean_utf8("\xC0\xAF"));         // overlong
    CHECK_FALSE(is_clean_utf8("\xED\xA0\x80"));     // a surrogate
    CHECK_FALSE(is_clean_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
}

TEST_CASE("output records: hashes, small text kept, large or binary output hashed", "[normalise]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-out-");
    const auto rules = normalise_rules({});
    write_file_atomically(dir.path() / "small", "D:\\a.txt\r\n");
    const auto small = output_record(dir.path() / "small", "D:\\", rules);
    CHECK(small["text"] == "<cwd>\\a.txt\n");
    CHECK(small["sha256"] == sha256_text("<cwd>\\a.txt\n"));
    CHECK(small["raw_sha256"] == sha256_text("D:\\a.txt\r\n"));
    CHECK(small["applied"]["line-endings"] == 1);
    CHECK(rules_of(small).size() == 2);

    // A code page's byte in text: kept, as U+FFFD, so that a diff can show the line.
    write_file_atomically(dir.path() / "cp1252", "caf\xe9\r\n");
    const auto cp1252 = output_record(dir.path() / "cp1252", "D:\\", rules);
    CHECK(cp1252["text"] == "caf\xEF\xBF\xBD\n");
    CHECK(cp1252["text_replaced"] == true);
    CHECK(cp1252["sha256"] == sha256_text("caf\xe9\n")); // the hash is of the bytes as they were
    write_file_atomically(dir.path() / "binary", std::string("\xff\xfe\x00", 3));
    CHECK_FALSE(output_record(dir.path() / "binary", "D:\\", rules).contains("text"));
    write_file_atomically(dir.path() / "big", std::string(max_output_text + 1, 'x'));
    const auto big = output_record(dir.path() / "big", "D:\\", rules);
    CHECK_FALSE(big.contains("text"));
    CHECK(big["bytes"] == max_output_text + 1);
    // A program that printed nothing has an output too: the empty one.
    const auto none = output_record(dir.path() / "absent", "D:\\", rules);
    CHECK(none["sha256"] == sha256_text(""));
}

TEST_CASE("comparing outputs: same after normalisation, or a unified diff", "[normalise]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-out-");
    const auto rules = normalise_rules({});
    write_file_atomically(dir.path() / "a", "one\r\ntwo\r\nthree\r\n");
    write_file_atomically(dir.path() / "b", "one\ntwo\nthree\n");
    write_file_atomically(dir.path() / "c", "one\nTWO\nthree\n");
    const auto a = output_record(dir.path() / "a", "D:\\", rules);
    const auto b = output_record(dir.path() / "b", "/tmp/x", rules);
    const auto c = output_record(dir.path() / "c", "/tmp/x", rules);
    const OutputComparison same = compare_output(a, b);
    CHECK(same.comparable);
    CHECK(same.same);
    CHECK(same.rules == std::vector<std::string>{"line-endings (3)"});
    const OutputComparison differs = compare_output(c, a);
    CHECK_FALSE(differs.same);
    CHECK(differs.diff == "--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n");
    CHECK_FALSE(compare_output(nlohmann::json(), a).comparable);

    // A reference's raw text goes through the result's rules, with its own working folder.
    const auto ref = reference_output_record(
        {{"text", "C:\\Users\\me\\.work\\x\r\n"}, {"working_folder", "C:\\Users\\me\\.work"}},
        output_record(dir.path() / "b", "D:\\", rules));
    CHECK(ref["text"] == "<cwd>\\x\n");

    std::string many;
    for (int i = 0; i < 200; i++)
        many += "line " + std::to_string(i) + "\n";
    const std::string cut = unified_diff("", many, "a", "b", 20);
    INFO(cut);
    CHECK(cut.find("... 183 more lines") != std::string::npos);
}

TEST_CASE("run against run: equal outcomes with different output are a regression", "[normalise]") {
    auto with_output = [](const std::string& target, const std::string& text) {
        ResultRecord r;
        r.test = "demo/print";
        r.target = target;
        r.outcome = "ok";
        r.output = {
            {"sha256", sha256_text(text)}, {"raw_sha256", sha256_text(text)}, {"text", text}};
        return r;
    };
    const auto v = compare({with_output("trixie", "b\n")}, {with_output("trixie", "a\n")}, false);
    REQUIRE(v.size() == 1);
    CHECK(v[0].verdict == "regression");
    CHECK(v[0].detail == "output differs");
    CHECK(v[0].output_diff.find("-a\n+b\n") != std::string::npos);
    CHECK(
        compare({with_output("trixie", "a\n")}, {with_output("trixie", "a\n")}, false)[0].verdict ==
        "pass");
}

TEST_CASE("wine-test output: the thread ids that start its lines are normalised", "[normalise]") {
    const auto rules = normalise_rules({}, "wine-test");
    const Normalised a = normalise("0164:bcrypt: 47 tests executed (0 failures)\r\n"
                                   "bcrypt.c:12: Test failed: 00ff:x\n"
                                   "016c:bcrypt.c:30: Test failed: want 1\n",
                                   "D:\\work", rules);
    CHECK(a.text == "<tid>:bcrypt: 47 tests executed (0 failures)\n"
                    "bcrypt.c:12: Test failed: 00ff:x\n"
                    "<tid>:bcrypt.c:30: Test failed: want 1\n");
    // The same run from another thread is the same output; plain output keeps its numbers.
    CHECK(normalise("019c:bcrypt: 47 tests executed (0 failures)\n", "", rules).text ==
          "<tid>:bcrypt: 47 tests executed (0 failures)\n");
    CHECK(normalise("0164:bcrypt: x\n", "", normalise_rules({})).text == "0164:bcrypt: x\n");
}
