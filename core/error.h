// The one error family of woa. Everything that should reach the user as
// `woa: error: <message>` is thrown as an Error (or a subclass) and caught once, in cli/main.cpp.
#pragma once

#include "core/exit_codes.h"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace woa {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, int exit_status = exit_code::error)
        : std::runtime_error(message), exit_status_(exit_status) {}
    int exit_status() const { return exit_status_; }

private:
    int exit_status_;
};

// Something is wrong with a file the user (or the corpus) gave us: "<file>: <what and where>".
class InputError : public Error {
public:
    InputError(const std::filesystem::path& file, const std::string& what)
        : Error(file.string() + ": " + what), problem_(what) {}
    // What is wrong, without the file's name.
    const std::string& problem() const { return problem_; }

private:
    std::string problem_;
};

// The command line is wrong (unknown target name, conflicting options...).
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message, exit_code::usage) {}
};

} // namespace woa
