// Every exit status woa itself chooses, in one place. `woa exec` otherwise passes the program's
// own exit code through (see runner/exec.h for how a 32-bit Windows code becomes a unix status).
#pragma once

namespace woa::exit_code {
constexpr int ok = 0;
constexpr int error = 1;     // woa could not do what was asked: bad input, missing target, ...
constexpr int usage = 2;     // the command line itself is wrong
constexpr int regressions = 3; // `woa diff`: something that passed before does not now
constexpr int timeout = 124; // `woa exec`: the program ran past --timeout (as timeout(1) says)
constexpr int harness = 125; // `woa exec`: wine/qemu (or woa) failed before the program ran
constexpr int cannot_execute = 126; // `woa exec`: Windows refused to start it (bad format, ...)
constexpr int not_found = 127;      // `woa exec`: Windows found no such program
constexpr int interrupted = 130;    // SIGINT
} // namespace woa::exit_code
