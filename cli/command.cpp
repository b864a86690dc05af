#include "cli/command.h"

#include "core/error.h"
#include "fetcher/manifest.h"

#include <algorithm>
#include <iostream>

namespace woa::cli {

const std::vector<Command>& command_table() {
    static const std::vector<Command> table = {
        target_command(),  exec_command(),   corpus_command(), fetch_command(),
        inspect_command(), run_command(),    runs_command(),   merge_command(),
        diff_command(),    bisect_command(), record_command(), publish_command(),
        repro_command(),   completion_command(),
    };
    return table;
}

namespace {

bool is_option(const std::string& word) {
    return word.size() > 1 && word[0] == '-';
}

// Whether `word` is an option of `app` (or of a command above it) whose value is the next word
// ("--timeout 5", not "--timeout=5"); unknown options stay with woa, where CLI11 reports them.
bool value_follows(const CLI::App& app, const std::string& word) {
    for (const CLI::App* at = &app; at; at = at->get_parent())
        if (const CLI::Option* option = at->get_option_no_throw(word))
            return option->get_expected_max() > 0;
    return false;
}

} // namespace

std::size_t program_start(const CLI::App& app, const std::vector<std::string>& args,
                          bool& has_separator) {
    has_separator = false;
    for (std::size_t i = 0; i < args.size(); i++) {
        const std::string& word = args[i];
        if (word == "--") {
            has_separator = true;
            return i;
        }
        if (!is_option(word)) return i;
        if (value_follows(app, word)) i++;
    }
    return args.size();
}

namespace {
Verbosity current_verbosity = Verbosity::normal;
}

Verbosity verbosity() {
    return current_verbosity;
}

void set_verbosity(Verbosity level) {
    current_verbosity = level;
}

std::ostream& note() {
    static std::ostream nowhere(nullptr); // no buffer: writes are dropped
    return current_verbosity == Verbosity::quiet ? nowhere : std::cerr;
}

std::filesystem::path chosen_corpus(const std::string& option) {
    return option.empty() ? default_corpus_dir() : std::filesystem::path(option);
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); j++)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); i++) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); j++) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::string closest_name(const std::string& typed, const std::vector<std::string>& names) {
    std::string best;
    std::size_t best_distance = 3; // farther than two edits is not a typo
    for (const auto& name : names) {
        const std::size_t d = edit_distance(typed, name);
        if (d < best_distance) best = name, best_distance = d;
    }
    return best;
}

namespace {

const CLI::App* subcommand_named(const CLI::App& app, const std::string& name) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == name) return sub;
    return nullptr;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(sub->get_name());
    return names;
}

// `path` is the commands typed before, "" or "runs".
[[noreturn]] void unknown_command(const CLI::App& parent, const std::string& path,
                                  const std::string& typed) {
    const std::string before = path.empty() ? "" : path + " ";
    const std::string hint = closest_name(typed, subcommand_names(parent));
    throw UsageError("unknown command '" + before + typed + "'" +
                     (hint.empty() ? " (see 'woa help" + (path.empty() ? "" : " " + path) + "')"
                                   : " (did you mean '" + before + hint + "'?)"));
}

} // namespace

void check_command_words(const CLI::App& app, const std::vector<std::string>& words) {
    const CLI::App* at = &app;
    std::string path;
    for (std::size_t i = 0; i < words.size(); i++) {
        const std::string& word = words[i];
        if (word == "--") return;
        if (is_option(word)) {
            if (value_follows(*at, word)) i++;
            continue;
        }
        const CLI::App* sub = subcommand_named(*at, word);
        if (!sub) {
            // Not where a command must be: the word is a command's argument ("repro TEST").
            if (at->get_require_subcommand_min() == 0) return;
            unknown_command(*at, path, word);
        }
        path += (path.empty() ? "" : " ") + word;
        at = sub;
    }
}

const CLI::App& command_named(const CLI::App& app, const std::vector<std::string>& words) {
    const CLI::App* at = &app;
    std::string path;
    for (const auto& word : words) {
        const CLI::App* sub = subcommand_named(*at, word);
        if (!sub) unknown_command(*at, path, word);
        path += (path.empty() ? "" : " ") + word;
        at = sub;
    }
    return *at;
}

} // namespace woa::cli
