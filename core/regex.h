// Regular expressions for text woa does not control (program output, manifests, known issues):
// RE2's syntax and engine, linear in the text and without recursion, so a 16 MiB line costs time
// in proportion and never the stack. No backreferences and no lookaround. Patterns are compiled
// once, where they are read or as function-local statics. Text is bytes by default, as it was
// for std::regex: a program's output need not be UTF-8, and `.` or `[^:]` match any byte.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace woa {

struct RegexOptions {
    bool ignore_case = false;
    bool utf8 = false; // pattern and text are UTF-8 and `.` is a character (JSON Schema's patterns)
};

class Regex {
public:
    // Throws Error("not a valid regular expression (RE2 syntax): ...") when `pattern` is not.
    explicit Regex(const std::string& pattern, RegexOptions options = {});
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    // What is wrong with `pattern` as RE2 syntax; "" when it compiles.
    static std::string check(const std::string& pattern, RegexOptions options = {});
    // `text` as a pattern that matches it literally.
    static std::string escape(const std::string& text);

    // [0] the whole match, then each group ("" for a group that took no part).
    using Groups = std::vector<std::string>;
    // Somewhere in `text` (std::regex_search).
    bool search(std::string_view text, Groups* groups = nullptr) const;
    // The whole of `text` (std::regex_match).
    bool full_match(std::string_view text, Groups* groups = nullptr) const;
    // Every match, left to right, with where it starts (std::sregex_iterator).
    struct Found {
        std::size_t at;
        Groups groups;
    };
    std::vector<Found> find_all(std::string_view text) const;
    // Replaces every match, left to right; `with` in ECMAScript's notation ($1, $&, $$) as
    // manifests write it. Returns how many were replaced.
    std::size_t replace_all(std::string& text, const std::string& with) const;
    // The first match only.
    bool replace_first(std::string& text, const std::string& with) const;

    const std::string& pattern() const { return pattern_; }

private:
    bool match(std::string_view text, bool whole, Groups* groups) const;

    std::string pattern_;
    std::unique_ptr<re2::RE2> re_;
};

} // namespace woa
