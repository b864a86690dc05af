// Build-time check that a freshly linked probe really is an arm64 PE executable:
//   woa-pe-check FILE   prints "FILE: PE32+ ARM64 (0xAA64) console" or fails.
#include "core/error.h"
#include "fetcher/pe_header.h"

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: woa-pe-check FILE\n");
        return 2;
    }
    try {
        const woa::PeHeader h = woa::read_pe_header(argv[1]);
        if (h.machine != woa::machine_arm64 || h.magic != 0x20B) {
            std::fprintf(stderr, "woa: error: %s: machine %s, not an arm64 PE32+ image\n", argv[1],
                         woa::machine_name(h.machine).c_str());
            return 1;
        }
        std::printf("%s: PE32+ %s (0x%04X) %s\n", argv[1], woa::machine_name(h.machine).c_str(),
                    h.machine, h.subsystem == 3 ? "console" : "gui");
        return 0;
    } catch (const woa::Error& e) {
        std::fprintf(stderr, "woa: error: %s\n", e.what());
        return 1;
    }
}
