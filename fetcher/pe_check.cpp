// Build-time check that a freshly linked probe really is an arm64 PE executable:
//   woa-pe-check FILE           prints "FILE: PE32+ ARM64 (0xAA64) console" or fails;
//   woa-pe-check --amd64 FILE   the same for an x86-64 one (the x86-64 control's launcher).
#include "core/error.h"
#include "fetcher/pe_header.h"

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    const bool amd64 = argc == 3 && std::string(argv[1]) == "--amd64";
    if (argc != 2 && !amd64) {
        std::fprintf(stderr, "usage: woa-pe-check [--amd64] FILE\n");
        return 2;
    }
    const char* file = argv[argc - 1];
    try {
        const woa::PeHeader h = woa::read_pe_header(file);
        const auto wanted = amd64 ? woa::machine_amd64 : woa::machine_arm64;
        if (h.machine != wanted || h.magic != 0x20B) {
            std::fprintf(stderr, "woa: error: %s: machine %s, not an %s PE32+ image\n", file,
                         woa::machine_name(h.machine).c_str(), amd64 ? "x86-64" : "arm64");
            return 1;
        }
        std::printf("%s: PE32+ %s (0x%04X) %s\n", file, woa::machine_name(h.machine).c_str(),
                    h.machine, h.subsystem == 3 ? "console" : "gui");
        return 0;
    } catch (const woa::Error& e) {
        std::fprintf(stderr, "woa: error: %s\n", e.what());
        return 1;
    }
}
