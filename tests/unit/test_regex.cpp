// Regular expressions on text woa does not control: RE2 (core/regex.h), linear and without
// recursion. libstdc++'s std::regex recursed once per character, and a long enough line of a
// program's output overflowed the stack (woa run died with SIGSEGV).
#include "core/error.h"
#include "core/regex.h"
#include "differ/known_issues.h"
#include "repro/repro.h"
#include "runner/exec.h"
#include "runner/normalise.h"
#include "runner/run.h"
#include "runner/subtests.h"

#include <catch2/catch.hpp>

using namespace woa;

TEST_CASE("Regex: RE2's syntax, groups, and replacements written as ECMAScript's", "[regex]") {
    Regex::Groups m;
    const Regex shard(R"(([1-9][0-9]*)/([1-9][0-9]*))");
    REQUIRE(shard.full_match("2/4", &m));
    CHECK(m == Regex::Groups{"2/4", "2", "4"});
    CHECK_FALSE(shard.full_match("x2/4"));
    CHECK(shard.search("x2/4"));
    REQUIRE(Regex("a(b)?c").search("zac", &m));
    CHECK(m == Regex::Groups{"ac", ""}); // a group that took no part is empty

    std::string text = "t=12ms, u=3ms; $";
    CHECK(Regex(R"((\d+)ms)").replace_all(text, "<$1 ms> $& $$ \\") == 2);
    CHECK(text == R"(t=<12 ms> 12ms $ \, u=<3 ms> 3ms $ \; $)");
    std::string once = "0164:0165:x";
    CHECK(Regex("^[0-9a-f]{4}:").replace_first(once, ""));
    CHECK(once == "0165:x");

    // Bytes by default, as std::regex was: a code page's byte is a character like any other.
    CHECK(Regex("^a.b$").search("a\xe9"
                                "b"));
    CHECK(Regex("^a.b$", {false, true})
              .search("a\xc3\xa9"
                      "b")); // UTF-8: one character
    CHECK(Regex("KERNEL32", {true}).search("call kernel32"));
    CHECK(Regex(Regex::escape("a.b(")).search("xa.b(y"));
    CHECK_FALSE(Regex(Regex::escape("a.b")).search("axb"));

    // What RE2 does not have is refused when the pattern is read, never met later.
    CHECK_THROWS_WITH(Regex("(a)\\1"), Catch::Contains("not a valid regular expression"));
    CHECK_FALSE(Regex::check("x(?=y)").empty());
    CHECK(Regex::check("x(y)").empty());
}

TEST_CASE("a 16 MiB line of program output through every parser ends, and nothing overflows",
          "[regex][subtests]") {
    const std::size_t size = 16u << 20;
    for (const std::string& line :
         {std::string(size, 'a'), std::string(size, '('),
          "0164:" + std::string(size, 'a') + ":",                   // wine-test's thread id rule
          "wine: Unhandled " + std::string(size, 'a'),              // the crash line
          "0024:trace:loaddll:Loaded L\"" + std::string(size, 'a'), // a module being loaded
          "/tmp/" + std::string(size, 'a'), std::string(size, '7'),
          "ok 1 - " + std::string(size, 'a') + " # SKIP " + std::string(size, 'b'),
          "err:module:import_dll Library " + std::string(size, 'a')}) {
        INFO(line.substr(0, 40));
        CHECK(parse_tap(line).size() <= 1);
        CHECK(parse_wine_test(line).empty());
        CHECK(parse_subtests("tap", line + "\n" + line).size() <= 1);

        std::size_t program = 0, wine = 0;
        StderrSplitter split([&](std::string_view s) { program += s.size(); },
                             [&](std::string_view s) { wine += s.size(); });
        split.feed(line);
        split.feed("\n");
        split.finish();
        CHECK(program + wine >= line.size());
        WineLogSummary summary;
        summary.add(line);

        std::string detail;
        nlohmann::json wine_summary;
        classify_sample(nlohmann::json{{"status", "ok"}, {"exit_code", 0}}, line, 0, detail,
                        wine_summary);

        const Normalised n = normalise(
            line, "D:\\work",
            normalise_rules({{R"([^\s]*[\\/]([a-z]+\.ts))", "<cwd>/$1", "paths"}}, "wine-test"));
        CHECK(n.text.size() >= 5);
        CHECK(failure_signature(line).size() <= line.size());
        CHECK(faulting_module(line).empty());
        CHECK_FALSE(cut_trace(line, "crash", "kernelbase.dll", 5, 5, 1 << 20).empty());
    }
}
