#include "runner/subtests.h"

#include "core/regex.h"
#include "runner/normalise.h"

#include <algorithm>
#include <map>
#include <tinyxml2.h>

namespace woa {

namespace {

constexpr std::size_t max_line = 4096;

// Calls `each` with every line (without \r\n), cut at max_line.
template <typename Each> void lines(std::string_view text, Each each) {
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        each(line.substr(0, max_line));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

class Collector {
public:
    // The first outcome of a name stands, except that a failure overrides a pass. Names and
    // messages are the program's bytes (code pages, lines cut anywhere): cut at max_line (TAP
    // nests names, so one line's name can hold every parent's) and made valid UTF-8 here.
    void add(Subtest t) {
        t.name = valid_utf8(std::string_view(t.name).substr(0, max_line));
        t.message = valid_utf8(std::string_view(t.message).substr(0, max_line));
        auto it = index_.find(t.name);
        if (it != index_.end()) {
            Subtest& old = out_[it->second];
            if (t.outcome == "fail" && old.outcome != "fail") old = std::move(t);
            return;
        }
        if (out_.size() >= max_subtests) return;
        index_.emplace(t.name, out_.size());
        out_.push_back(std::move(t));
    }
    // Gives the named sub-test a message when it has none (TAP's diagnostics after a failure).
    void describe(const std::string& name, std::string_view message) {
        const auto it = index_.find(valid_utf8(std::string_view(name).substr(0, max_line)));
        if (it == index_.end() || !out_[it->second].message.empty()) return;
        out_[it->second].message = valid_utf8(message.substr(0, max_line));
    }
    std::vector<Subtest> take() { return std::move(out_); }
    bool empty() const { return out_.empty(); }

private:
    std::vector<Subtest> out_;
    std::map<std::string, std::size_t> index_;
};

} // namespace

namespace {

// A cursor over one line: each step consumes what it expects, or fails and leaves the line.
class Cursor {
public:
    explicit Cursor(std::string_view text) : rest_(text) {}
    bool literal(std::string_view word) {
        if (rest_.substr(0, word.size()) != word) return false;
        rest_.remove_prefix(word.size());
        return true;
    }
    // Decimal digits, saturating; false when there are none.
    bool number(std::uint64_t& value) {
        std::size_t n = 0;
        value = 0;
        for (; n < rest_.size() && rest_[n] >= '0' && rest_[n] <= '9'; n++) {
            const std::uint64_t digit = static_cast<std::uint64_t>(rest_[n] - '0');
            value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
        }
        rest_.remove_prefix(n);
        return n > 0;
    }
    // Up to (not including) the first of `stops`; false when empty or no stop follows.
    bool until(std::string_view stops, std::string_view& word) {
        const std::size_t n = rest_.find_first_of(stops);
        if (n == 0 || n == std::string_view::npos) return false;
        word = rest_.substr(0, n);
        rest_.remove_prefix(n);
        return true;
    }
    void skip(std::string_view chars) {
        rest_.remove_prefix(std::min(rest_.find_first_not_of(chars), rest_.size()));
    }
    bool done() const { return rest_.empty(); }

private:
    std::string_view rest_;
};

struct SummaryLine {
    std::string_view name;
    WineTestCounts counts;
};

// "name:[elapsed] N tests executed (T marked as todo, [F as flaky, ]X failures), S skipped."
// (wine/test.h's format; "as flaky" since wine 9).
std::optional<SummaryLine> summary_after_pid(std::string_view line) {
    Cursor c(line);
    SummaryLine s;
    WineTestCounts& n = s.counts;
    if (!c.until(": \t", s.name) || !c.literal(":")) return std::nullopt;
    c.skip("0123456789.");
    if (!c.literal(" ") || !c.number(n.executed) || !c.literal(" test")) return std::nullopt;
    c.literal("s");
    if (!c.literal(" executed (") || !c.number(n.todo) || !c.literal(" marked as todo, "))
        return std::nullopt;
    std::uint64_t value = 0;
    if (!c.number(value)) return std::nullopt;
    if (c.literal(" as flaky, ")) {
        n.flaky = value;
        if (!c.number(value)) return std::nullopt;
    }
    n.failures = value;
    if (!c.literal(" failure")) return std::nullopt;
    c.literal("s");
    if (!c.literal("), ") || !c.number(n.skipped) || !c.literal(" skipped.") || !c.done())
        return std::nullopt;
    n.processes = 1;
    return s;
}

// The line may start with the process id wine prints ("0024:"), 4 to 8 hex digits.
std::optional<SummaryLine> summary_line(std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon >= 4 && colon <= 8 &&
        line.substr(0, colon).find_first_not_of("0123456789abcdef") == std::string_view::npos)
        if (auto s = summary_after_pid(line.substr(colon + 1))) return s;
    return summary_after_pid(line);
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

} // namespace

std::vector<Subtest> parse_wine_test(std::string_view output) {
    static const Regex check(
        R"(^(?:[0-9a-f]{4,8}:)?([^:\s]+\.[a-z]+:\d+):[0-9.]* (Test failed|Test succeeded inside todo block|Test marked todo|Tests skipped|Test marked flaky|Test succeeded inside flaky todo block): ?(.*)$)");
    Collector collected;
    std::map<std::string, int> summaries;
    lines(output, [&](std::string_view view) {
        Regex::Groups m;
        if (check.full_match(view, &m)) {
            const std::string kind = m[2];
            const std::string outcome = kind == "Tests skipped"      ? "skip"
                                        : kind == "Test marked todo" ? "todo"
                                        : kind.find("flaky") != std::string::npos ? "flaky"
                                                                     : "fail";
            collected.add({m[1], outcome, m[3]});
        } else if (const auto s = summary_line(view)) {
            std::string name(s->name);
            // Children (and repeated runs) print their own summary under the same name.
            if (int n = ++summaries[name]; n > 1) name += "#" + std::to_string(n);
            const WineTestCounts& n = s->counts;
            collected.add({name, n.failures ? "fail" : "pass",
                           std::to_string(n.executed) + " tests executed, " +
                               std::to_string(n.failures) + " failures, " +
                               std::to_string(n.skipped) + " skipped"});
        }
    });
    return collected.take();
}

std::optional<WineTestCounts> wine_test_counts(std::string_view output) {
    std::optional<WineTestCounts> total;
    lines(output, [&](std::string_view line) {
        const auto s = summary_line(line);
        if (!s) return;
        if (!total) total.emplace();
        const WineTestCounts& n = s->counts;
        total->executed = saturating_add(total->executed, n.executed);
        total->todo = saturating_add(total->todo, n.todo);
        total->flaky = saturating_add(total->flaky, n.flaky);
        total->failures = saturating_add(total->failures, n.failures);
        total->skipped = saturating_add(total->skipped, n.skipped);
        total->processes++;
    });
    return total;
}

std::vector<Subtest> parse_tap(std::string_view output) {
    static const Regex result(
        R"(^(\s*)(not ok|ok)\b(?:\s+\d+)?(?:\s*-)?\s*(.*?)\s*(?:#\s*(SKIP|TODO|skip|todo)\b\s*(.*))?$)");
    static const Regex subtest(R"((\s*)# Subtest: (.*))");
    static const Regex diagnostic(R"(\s*#\s*(.*?)\s*)");
    Collector collected;
    std::vector<std::pair<std::size_t, std::string>> parents; // indentation, name
    std::string failed_just_now; // a "not ok" line's sub-test, until a line other than "# ..."
    lines(output, [&](std::string_view view) {
        Regex::Groups m;
        if (!failed_just_now.empty() && !subtest.full_match(view, &m) &&
            diagnostic.full_match(view, &m)) {
            collected.describe(failed_just_now, m[1]); // "# got 1, want 2" says why
            return;
        }
        failed_just_now.clear();
        if (subtest.full_match(view, &m)) {
            const std::size_t indent = m[1].length();
            while (!parents.empty() && parents.back().first >= indent)
                parents.pop_back();
            parents.emplace_back(indent, m[2]);
            return;
        }
        if (!result.full_match(view, &m)) return;
        const std::size_t indent = m[1].length();
        std::string name;
        for (const auto& [level, parent] : parents)
            if (level < indent) name += parent + " > ";
        std::string description = m[3];
        name += description.empty() ? "(unnamed)" : description;
        const std::string directive = m[4];
        std::string outcome = m[2] == "ok" ? "pass" : "fail";
        if (directive == "SKIP" || directive == "skip") outcome = "skip";
        if (directive == "TODO" || directive == "todo") outcome = "todo";
        if (outcome == "fail") failed_just_now = name;
        collected.add({name, outcome, m[5]});
    });
    return collected.take();
}

namespace {

void junit_cases(const tinyxml2::XMLNode* element, Collector& collected, int depth) {
    if (depth > 64) return; // hostile nesting
    for (const auto* child = element->FirstChildElement(); child;
         child = child->NextSiblingElement()) {
        const std::string tag = child->Name();
        if (tag == "testsuite" || tag == "testsuites") {
            junit_cases(child, collected, depth + 1);
            continue;
        }
        if (tag != "testcase") continue;
        const char* name = child->Attribute("name");
        const char* classname = child->Attribute("classname");
        Subtest t;
        t.name = std::string(classname && *classname ? std::string(classname) + " > " : "") +
                 (name && *name ? name : "(unnamed)");
        t.outcome = "pass";
        for (const char* bad : {"failure", "error"})
            if (const auto* f = child->FirstChildElement(bad)) {
                t.outcome = "fail";
                const char* message = f->Attribute("message");
                t.message = message ? message : (f->GetText() ? f->GetText() : bad);
            }
        if (const auto* s = child->FirstChildElement("skipped"); s && t.outcome == "pass") {
            t.outcome = "skip";
            const char* message = s->Attribute("message");
            t.message = message ? message : "";
        }
        collected.add(std::move(t));
    }
}

} // namespace

std::vector<Subtest> parse_junit(std::string_view output) {
    const std::size_t start = output.find('<');
    if (start == std::string_view::npos) return {};
    const std::string xml(output.substr(start));
    tinyxml2::XMLDocument doc;
    if (doc.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) return {};
    Collector collected;
    junit_cases(&doc, collected, 0);
    return collected.take();
}

std::vector<Subtest> parse_subtests(const std::string& kind, std::string_view output) {
    if (kind == "wine-test") return parse_wine_test(output);
    if (kind == "tap") return parse_tap(output);
    if (kind == "junit") return parse_junit(output);
    return {};
}

} // namespace woa
