// What a Windows exit code means. Programs end with small numbers, HRESULTs or NTSTATUS codes;
// an unhandled exception ends the process with the exception's NTSTATUS (0xC0000005 ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace woa {

// "STATUS_ACCESS_VIOLATION" for 0xC0000005; nullopt when the code is not one we know.
std::optional<std::string_view> ntstatus_name(std::uint32_t code);

// True for codes that mean the process died of an unhandled exception (or a fatal runtime
// failure reported like one, e.g. STATUS_STACK_BUFFER_OVERRUN), as opposed to a chosen exit code.
bool is_crash_status(std::uint32_t code);

// "0xC0000005 (STATUS_ACCESS_VIOLATION)", "3", "0x80004005".
std::string describe_exit_code(std::uint32_t code);

// The unix exit status woa gives for a Windows exit code: the low 8 bits, as wine does, but
// never 0 for a non-zero code.
int unix_exit_status(std::uint32_t code);

} // namespace woa
