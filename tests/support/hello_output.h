// What corpus/probes/hello.c prints, written out independently of the probe: the integration
// tests compare the real output with it.
#pragma once

#include <string>
#include <vector>

namespace woa::test {

inline std::string hello_output(const std::vector<std::string>& args, const std::string& cwd,
                                const std::string& env) {
    std::string out = "hello from arm64 Windows\r\nargc: " + std::to_string(args.size() + 1) +
                      "\r\nargv[0]: (program)\r\n";
    for (std::size_t i = 0; i < args.size(); i++)
        out += "argv[" + std::to_string(i + 1) + "]: " + args[i] + "\r\n";
    return out + "wProcessorArchitecture: 12 (ARM64)\r\ncurrent directory: " + cwd +
           "\r\nWOA_HELLO: " + env + "\r\n";
}

} // namespace woa::test
