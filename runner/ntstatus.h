// What a Windows exit code means. Programs end with small numbers, HRESULTs or NTSTATUS codes;
// an unhandled exception ends the process with the exception's NTSTATUS (0xC0000005 ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace woa {

// What wine ends a process with when it calls a function wine does not implement (a stub).
constexpr std::uint32_t exception_wine_stub = 0x80000100;
// What a process ends with when a DLL it imports is not found.
constexpr std::uint32_t status_dll_not_found = 0xC0000135;

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
