// Ctrl-C: woa notes it, ends what it started, and exits 130; nothing is left running.
#pragma once

namespace woa {

void install_interrupt_handler(); // SIGINT/SIGTERM set the flag; SIGPIPE is ignored
bool interrupted();

} // namespace woa
