#include "runner/ntstatus.h"

#include <cstdio>

namespace woa {

namespace {

struct Status {
    std::uint32_t code;
    std::string_view name;
    bool crash;
};

// The codes that end processes in practice (ntstatus.h), most of them exceptions.
constexpr Status known[] = {
    {0x40000015, "STATUS_FATAL_APP_EXIT", false},
    {0x40010004, "DBG_TERMINATE_PROCESS", false},
    {0x80000002, "STATUS_DATATYPE_MISALIGNMENT", true},
    {0x80000003, "STATUS_BREAKPOINT", true},
    {0x80000004, "STATUS_SINGLE_STEP", true},
    {exception_wine_stub, "EXCEPTION_WINE_STUB", true},
    {0xC0000005, "STATUS_ACCESS_VIOLATION", true},
    {0xC0000006, "STATUS_IN_PAGE_ERROR", true},
    {0xC0000008, "STATUS_INVALID_HANDLE", true},
    {0xC000000D, "STATUS_INVALID_PARAMETER", false},
    {0xC0000017, "STATUS_NO_MEMORY", false},
    {0xC000001D, "STATUS_ILLEGAL_INSTRUCTION", true},
    {0xC0000025, "STATUS_NONCONTINUABLE_EXCEPTION", true},
    {0xC0000026, "STATUS_INVALID_DISPOSITION", true},
    {0xC000008C, "STATUS_ARRAY_BOUNDS_EXCEEDED", true},
    {0xC000008D, "STATUS_FLOAT_DENORMAL_OPERAND", true},
    {0xC000008E, "STATUS_FLOAT_DIVIDE_BY_ZERO", true},
    {0xC000008F, "STATUS_FLOAT_INEXACT_RESULT", true},
    {0xC0000090, "STATUS_FLOAT_INVALID_OPERATION", true},
    {0xC0000091, "STATUS_FLOAT_OVERFLOW", true},
    {0xC0000092, "STATUS_FLOAT_STACK_CHECK", true},
    {0xC0000093, "STATUS_FLOAT_UNDERFLOW", true},
    {0xC0000094, "STATUS_INTEGER_DIVIDE_BY_ZERO", true},
    {0xC0000095, "STATUS_INTEGER_OVERFLOW", true},
    {0xC0000096, "STATUS_PRIVILEGED_INSTRUCTION", true},
    {0xC00000FD, "STATUS_STACK_OVERFLOW", true},
    {0xC0000135, "STATUS_DLL_NOT_FOUND", false},
    {0xC0000138, "STATUS_ORDINAL_NOT_FOUND", false},
    {0xC0000139, "STATUS_ENTRYPOINT_NOT_FOUND", false},
    {0xC000013A, "STATUS_CONTROL_C_EXIT", false},
    {0xC0000142, "STATUS_DLL_INIT_FAILED", false},
    {0xC000014B, "STATUS_PIPE_BROKEN", false},
    {0xC00001A5, "STATUS_INVALID_EXCEPTION_HANDLER", true},
    {0xC0000194, "STATUS_POSSIBLE_DEADLOCK", true},
    {0xC0000374, "STATUS_HEAP_CORRUPTION", true},
    {0xC0000409, "STATUS_STACK_BUFFER_OVERRUN", true},
    {0xC0000417, "STATUS_INVALID_CRUNTIME_PARAMETER", true},
    {0xC0000420, "STATUS_ASSERTION_FAILURE", true},
    {0xC000041D, "STATUS_FATAL_USER_CALLBACK_EXCEPTION", true},
    {0xC0000602, "STATUS_FAIL_FAST_EXCEPTION", true},
    {0xC06D007E, "VCPP_EXCEPTION_MOD_NOT_FOUND", true},  // delay-load DLL missing
    {0xC06D007F, "VCPP_EXCEPTION_PROC_NOT_FOUND", true}, // delay-load function missing
    {0xE06D7363, "MSVC_CXX_EXCEPTION", true},            // uncaught C++ exception (MSVC)
    {0xE0434352, "CLR_EXCEPTION", true},                 // uncaught .NET exception
};

const Status* find(std::uint32_t code) {
    for (const auto& s : known)
        if (s.code == code) return &s;
    return nullptr;
}

} // namespace

std::optional<std::string_view> ntstatus_name(std::uint32_t code) {
    if (const Status* s = find(code)) return s->name;
    return std::nullopt;
}

bool is_crash_status(std::uint32_t code) {
    const Status* s = find(code);
    return s && s->crash;
}

std::string describe_exit_code(std::uint32_t code) {
    char text[32];
    // Small codes are what programs choose; large ones are HRESULT/NTSTATUS-shaped.
    if (code < 0x10000)
        std::snprintf(text, sizeof text, "%u", code);
    else
        std::snprintf(text, sizeof text, "0x%08X", code);
    std::string out = text;
    if (code >= 0x10000)
        if (auto name = ntstatus_name(code)) out += " (" + std::string(*name) + ")";
    return out;
}

int unix_exit_status(std::uint32_t code) {
    if (code != 0 && (code & 0xff) == 0) return 1;
    return static_cast<int>(code & 0xff);
}

} // namespace woa
