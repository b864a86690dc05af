// StderrSplitter (runner/exec.cpp) on any stderr bytes, fed in chunks of sizes the first byte
// chooses: wine's lines go one way, the program's bytes the other, and together (wine's lines
// with their newline back) they are the input in order.
#include "runner/exec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view input = woa::fuzz::text_of(data + 1, size - 1);
    const std::size_t chunk = 1 + data[0] % 32;
    std::string both;
    woa::StderrSplitter splitter([&](std::string_view program) { both.append(program); },
                                 [&](std::string_view wine) {
                                     woa::fuzz::require(wine.find('\n') == std::string_view::npos,
                                                        "a wine line holds no newline");
                                     both.append(wine).append("\n");
                                 });
    for (std::size_t at = 0; at < input.size(); at += chunk)
        splitter.feed(input.substr(at, chunk));
    splitter.finish();
    woa::fuzz::require(both == input, "nothing is lost, added or reordered");
    return 0;
}
