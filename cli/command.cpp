#include "cli/command.h"

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

std::size_t program_start(const CLI::App& app, const std::vector<std::string>& args,
                          bool& has_separator) {
    has_separator = false;
    for (std::size_t i = 0; i < args.size(); i++) {
        const std::string& word = args[i];
        if (word == "--") {
            has_separator = true;
            return i;
        }
        if (word.size() < 2 || word[0] != '-') return i;
        const std::string name = word.substr(0, word.find('='));
        const CLI::Option* option = app.get_option_no_throw(name);
        // An option with a value in the next word ("--timeout 5") skips that word too; unknown
        // options stay with woa, where CLI11 reports them.
        if (option && option->get_expected_max() > 0 && name == word) i++;
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

std::string closest_command(const std::string& typed) {
    std::string best;
    std::size_t best_distance = 3; // farther than two edits is not a typo
    std::vector<std::string> names = {"help"};
    for (const auto& command : command_table())
        names.push_back(command.name);
    for (const auto& name : names) {
        const std::size_t d = edit_distance(typed, name);
        if (d < best_distance) best = name, best_distance = d;
    }
    return best;
}

} // namespace woa::cli
