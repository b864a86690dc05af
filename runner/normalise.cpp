#include "runner/normalise.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/regex.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string replace_all(std::string text, const std::string& from, char to_char) {
    std::string out;
    for (char c : text)
        out += c == from[0] ? std::string(1, to_char) : std::string(1, c);
    return out;
}

// Replaces every occurrence of `needle` (ASCII case-insensitive) with `with`; returns the count.
std::size_t replace_folded(std::string& text, const std::string& needle, const std::string& with) {
    if (needle.empty()) return 0;
    const std::string folded = lower(text), key = lower(needle);
    std::string out;
    std::size_t count = 0, from = 0;
    for (std::size_t at = folded.find(key); at != std::string::npos; at = folded.find(key, from)) {
        out.append(text, from, at - from);
        out += with;
        from = at + key.size();
        count++;
    }
    if (!count) return 0;
    out.append(text, from, std::string::npos);
    text = std::move(out);
    return count;
}

std::size_t crlf_to_lf(std::string& text) {
    std::size_t count = 0;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); i++) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            count++;
            continue;
        }
        out += text[i];
    }
    text = std::move(out);
    return count;
}

// The folder as programs print it: with backslashes, doubled backslashes (inside JSON or
// source maps) and forward slashes; without a trailing separator, so that "D:\" and a device's
// "C:\Users\me\.work" both leave "<cwd>\file".
std::size_t replace_working_folder(std::string& text, std::string folder) {
    while (folder.size() > 1 && (folder.back() == '\\' || folder.back() == '/'))
        folder.pop_back();
    if (folder.empty() || folder == "/") return 0;
    const std::string back = replace_all(folder, "/", '\\');
    std::string doubled;
    for (char c : back)
        doubled += c == '\\' ? std::string("\\\\") : std::string(1, c);
    const std::string forward = replace_all(folder, "\\", '/');
    std::size_t count = 0;
    for (const std::string& form : {doubled, back, forward})
        count += replace_folded(text, form, "<cwd>");
    return count;
}

} // namespace

namespace {

// wine's test framework starts lines with the thread that printed them ("0164:bcrypt: 47
// tests executed"): a new number every run.
NormaliseRule wine_test_thread_ids() {
    return {"wine-test thread ids", R"((^|\n)[0-9a-f]{4}:([\w.-]+:))", "$1<tid>:$2"};
}

} // namespace

std::vector<NormaliseRule> normalise_rules(const std::vector<Normalisation>& test_rules,
                                           const std::string& output_format) {
    std::vector<NormaliseRule> rules = {{"line-endings", "", ""}, {"working-folder", "", ""}};
    if (output_format == "wine-test")
        rules.push_back(wine_test_thread_ids());
    for (std::size_t i = 0; i < test_rules.size(); i++) {
        const auto& r = test_rules[i];
        rules.push_back(
            {r.why.empty() ? "rule " + std::to_string(i + 1) : r.why, r.regex, r.replace});
    }
    return rules;
}

Normalised normalise(const std::string& raw, const std::string& working_folder,
                     const std::vector<NormaliseRule>& rules, const std::string& origin) {
    Normalised out{raw, {}};
    for (const auto& rule : rules) {
        std::size_t count = 0;
        if (rule.regex.empty()) {
            if (rule.name == "line-endings")
                count = crlf_to_lf(out.text);
            else if (rule.name == "working-folder")
                count = replace_working_folder(out.text, working_folder);
            else
                throw InputError(origin, "unknown built-in normalisation rule '" + rule.name + "'");
        } else {
            // Compiled once per output (RE2: linear in the text, whatever the program printed).
            std::optional<Regex> re;
            try {
                re.emplace(rule.regex);
            } catch (const Error& e) {
                throw InputError(origin, "normalisation rule '" + rule.name + "': " + e.what());
            }
            count = re->replace_all(out.text, rule.replace);
        }
        if (count) out.applied.emplace_back(rule.name, count);
    }
    return out;
}

namespace {

// The length of the UTF-8 sequence at `at`, or 0 when none starts there (cut short, overlong,
// a surrogate, past U+10FFFF).
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + at;
    const std::size_t left = text.size() - at;
    const unsigned char c = p[0];
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 0;
    if (!len || len > left) return 0;
    std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

} // namespace

bool is_clean_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = text[i] ? utf8_sequence(text, i) : 0;
        if (!len) return false;
        i += len;
    }
    return true;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8_sequence(text, i);
        out.append(len ? text.substr(i, len) : std::string_view("\xEF\xBF\xBD"));
        i += len ? len : 1;
    }
    return out;
}

json output_record(const fs::path& stdout_file, const std::string& working_folder,
                   const std::vector<NormaliseRule>& rules) {
    json out;
    std::error_code ec;
    const std::uintmax_t size =
        fs::is_regular_file(stdout_file, ec) ? fs::file_size(stdout_file, ec) : 0;
    out["bytes"] = size;
    out["working_folder"] = working_folder;
    out["rules"] = json::array();
    for (const auto& r : rules)
        out["rules"].push_back({{"name", r.name}, {"regex", r.regex}, {"replace", r.replace}});
    if (size > max_normalised_output) {
        out["raw_sha256"] = out["sha256"] = sha256_file(stdout_file);
        out["normalised"] = false;
        return out;
    }
    const std::string raw = size ? read_file(stdout_file, max_normalised_output) : std::string();
    out["raw_sha256"] = sha256_text(raw);
    const Normalised n = normalise(raw, working_folder, rules, stdout_file.string());
    out["sha256"] = sha256_text(n.text);
    out["applied"] = json::object();
    for (const auto& [name, count] : n.applied)
        out["applied"][name] = count;
    // Text with a byte that is not UTF-8 here and there (a code page's) is kept with U+FFFD in
    // its place, so that a diff can show it; output with NUL bytes is not text.
    if (n.text.size() <= max_output_text && is_clean_utf8(n.text)) {
        out["text"] = n.text;
    } else if (n.text.size() <= max_output_text && n.text.find('\0') == std::string::npos) {
        out["text"] = valid_utf8(n.text);
        out["text_replaced"] = true;
    }
    return out;
}

std::vector<NormaliseRule> rules_of(const json& record) {
    std::vector<NormaliseRule> rules;
    if (!record.is_object() || !record.contains("rules") || !record["rules"].is_array())
        return rules;
    for (const auto& r : record["rules"]) {
        if (!r.is_object()) continue;
        NormaliseRule rule{r.value("name", ""), r.value("regex", ""), r.value("replace", "")};
        // Stores written before woa's regexes were RE2 keep this rule with a lookahead.
        if (rule.name == "wine-test thread ids" &&
            rule.regex == R"((^|\n)[0-9a-f]{4}:(?=[\w.-]+:))")
            rule = wine_test_thread_ids();
        rules.push_back(std::move(rule));
    }
    return rules;
}

} // namespace woa
