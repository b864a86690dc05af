#include "core/interrupt.h"

#include <csignal>

namespace woa {

namespace {
volatile std::sig_atomic_t flag = 0;
extern "C" void on_signal(int) {
    flag = 1;
}
} // namespace

void install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // `woa exec -- prog | head -1`: a reader that goes away must not kill woa before it has
    // ended the program's process tree; writes then fail with EPIPE instead.
    ::signal(SIGPIPE, SIG_IGN);
}

bool interrupted() {
    return flag != 0;
}

} // namespace woa
