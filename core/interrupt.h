// Ctrl-C: woa notes it, ends what it started, and exits 130; nothing is left running.
#pragma once

namespace woa {

void install_interrupt_handler(); // SIGINT and SIGTERM set the flag instead of killing woa
bool interrupted();

} // namespace woa
