// The PE header reader (fetcher/pe_header.cpp) on any bytes: an InputError or a header whose
// fields it promises, never a read out of bounds.
#include "fetcher/pe_header.h"

#include "core/error.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// The first pages of a larger file (as read_pe_header reads it): the same header, or a refusal.
void check_first_pages(std::string_view bytes, const woa::PeHeader& whole) {
    try {
        const woa::PeHeader h =
            woa::parse_pe_header(bytes.substr(0, bytes.size() / 2), "fuzz.exe", bytes.size());
        woa::fuzz::require(h.machine == whole.machine && h.magic == whole.magic &&
                               h.subsystem == whole.subsystem &&
                               h.section_count == whole.section_count,
                           "the first pages give the whole file's header");
    } catch (const woa::InputError&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = woa::fuzz::text_of(data, size);
    try {
        const woa::PeHeader header = woa::parse_pe_header(bytes, "fuzz.exe");
        woa::fuzz::require(header.magic == 0x20B || header.magic == 0x10B,
                           "an accepted header is PE32 or PE32+");
        woa::fuzz::require(!woa::machine_name(header.machine).empty(), "every machine has a name");
        check_first_pages(bytes, header);
    } catch (const woa::InputError&) {
    }
    return 0;
}
