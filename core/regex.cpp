#include "core/regex.h"

#include "core/error.h"

#include <re2/re2.h>

namespace woa {

namespace {

RE2::Options re2_options(RegexOptions options) {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_case_sensitive(!options.ignore_case);
    o.set_encoding(options.utf8 ? RE2::Options::EncodingUTF8 : RE2::Options::EncodingLatin1);
    return o;
}

// ECMAScript's replacement notation to RE2's rewrite string: $n and $nn name groups, $& the
// match, $$ a dollar; backslashes are literal there and must be escaped for RE2.
std::string rewrite_of(const std::string& with, int groups) {
    std::string out;
    for (std::size_t i = 0; i < with.size(); i++) {
        const char c = with[i];
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '$' && i + 1 < with.size()) {
            const char n = with[i + 1];
            if (n == '$') {
                out += '$';
                i++;
            } else if (n == '&') {
                out += "\\0";
                i++;
            } else if (n >= '1' && n <= '9' && n - '0' <= groups) {
                out += '\\';
                out += n;
                i++;
            } else {
                out += c;
            }
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

Regex::Regex(const std::string& pattern, RegexOptions options)
    : pattern_(pattern), re_(std::make_unique<RE2>(pattern, re2_options(options))) {
    if (!re_->ok()) throw Error("not a valid regular expression (RE2 syntax): " + re_->error());
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::string Regex::check(const std::string& pattern, RegexOptions options) {
    const RE2 re(pattern, re2_options(options));
    return re.ok() ? "" : re.error();
}

std::string Regex::escape(const std::string& text) {
    return RE2::QuoteMeta(text);
}

bool Regex::match(std::string_view text, bool whole, Groups* groups) const {
    const int n = groups ? re_->NumberOfCapturingGroups() + 1 : 0;
    std::vector<re2::StringPiece> found(static_cast<std::size_t>(n));
    if (!re_->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                    whole ? RE2::ANCHOR_BOTH : RE2::UNANCHORED, found.data(), n))
        return false;
    if (groups) {
        groups->clear();
        for (const auto& piece : found)
            groups->emplace_back(piece.data() ? std::string(piece.data(), piece.size()) : "");
    }
    return true;
}

bool Regex::search(std::string_view text, Groups* groups) const {
    return match(text, false, groups);
}

bool Regex::full_match(std::string_view text, Groups* groups) const {
    return match(text, true, groups);
}

std::vector<Regex::Found> Regex::find_all(std::string_view text) const {
    std::vector<Found> out;
    const int n = re_->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> found(static_cast<std::size_t>(n));
    const re2::StringPiece whole(text.data(), text.size());
    for (std::size_t at = 0; at <= text.size();) {
        if (!re_->Match(whole, at, text.size(), RE2::UNANCHORED, found.data(), n)) break;
        Found f{static_cast<std::size_t>(found[0].data() - text.data()), {}};
        for (const auto& piece : found)
            f.groups.emplace_back(piece.data() ? std::string(piece.data(), piece.size()) : "");
        const std::size_t end = f.at + found[0].size();
        at = end > f.at ? end : end + 1; // an empty match moves on by one
        out.push_back(std::move(f));
    }
    return out;
}

std::size_t Regex::replace_all(std::string& text, const std::string& with) const {
    return static_cast<std::size_t>(
        RE2::GlobalReplace(&text, *re_, rewrite_of(with, re_->NumberOfCapturingGroups())));
}

bool Regex::replace_first(std::string& text, const std::string& with) const {
    return RE2::Replace(&text, *re_, rewrite_of(with, re_->NumberOfCapturingGroups()));
}

} // namespace woa
