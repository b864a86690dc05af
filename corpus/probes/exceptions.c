/* exceptions: structured exception handling as MSVC-built programs use it. __try/__except and
 * __finally (with the order of filter, unwind and handler), RaiseException's parameters and
 * flags, access-violation details, breakpoints, vectored exception and continue handlers, stack
 * walking, unhandled-exception filters and stack overflow (these two in child processes).
 * Built with -fms-extensions: clang supports __try on arm64 Windows when the exception comes
 * from a call, which is why every faulting operation is a separate noinline function.
 * Output: wine's test format (probe_test.h).
 *
 *   exceptions                      run the tests
 *   exceptions unhandled-execute    child: filter returns EXCEPTION_EXECUTE_HANDLER
 *   exceptions unhandled-continue   child: filter returns EXCEPTION_CONTINUE_EXECUTION
 *   exceptions stack-overflow       child: recursion caught as EXCEPTION_STACK_OVERFLOW */
#include <stdlib.h>
#include "probe_test.h"

/* wine's excpt.h defines these for MSVC only; clang has the same intrinsics. */
#ifndef GetExceptionCode
#define GetExceptionCode() _exception_code()
#define GetExceptionInformation() ((EXCEPTION_POINTERS*)_exception_info())
#define AbnormalTermination() _abnormal_termination()
#endif

/* Documented in errhandlingapi.h and winnt.h; wine's headers lack these declarations. */
PVOID WINAPI AddVectoredContinueHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler);
ULONG WINAPI RemoveVectoredContinueHandler(PVOID handle);
PRUNTIME_FUNCTION WINAPI RtlLookupFunctionEntry(ULONG_PTR pc, ULONG_PTR* image_base,
                                                 void* history);

#define APP_EXCEPTION 0xE0000101u

static EXCEPTION_RECORD last_record;

static int save_record(EXCEPTION_POINTERS* pointers) {
    last_record = *pointers->ExceptionRecord;
    return EXCEPTION_EXECUTE_HANDLER;
}

__attribute__((noinline)) static void raise_with_parameters(DWORD flags) {
    ULONG_PTR parameters[3] = {1, 0xfeedface, (ULONG_PTR)&last_record};
    RaiseException(APP_EXCEPTION, flags, 3, parameters);
}

__attribute__((noinline)) static int read_address(volatile int* address) {
    return *address;
}

__attribute__((noinline)) static void write_address(volatile int* address) {
    *address = 1;
}

__attribute__((noinline)) static void break_here(void) {
    __builtin_debugtrap();
}

static void test_raise_exception(void) {
    BOOL handled = FALSE;
    memset(&last_record, 0, sizeof last_record);
    __try {
        raise_with_parameters(0);
    } __except (save_record(GetExceptionInformation())) {
        handled = TRUE;
    }
    ok(handled, "__except did not run\n");
    ok(last_record.ExceptionCode == APP_EXCEPTION, "code 0x%08lx\n", last_record.ExceptionCode);
    ok(last_record.ExceptionFlags == 0, "flags 0x%lx\n", last_record.ExceptionFlags);
    ok(last_record.NumberParameters == 3 && last_record.ExceptionInformation[0] == 1 &&
           last_record.ExceptionInformation[1] == 0xfeedface &&
           last_record.ExceptionInformation[2] == (ULONG_PTR)&last_record,
       "parameters %lu: %Ix %Ix\n", last_record.NumberParameters,
       last_record.ExceptionInformation[0], last_record.ExceptionInformation[1]);

    __try {
        raise_with_parameters(EXCEPTION_NONCONTINUABLE);
    } __except (save_record(GetExceptionInformation())) {
    }
    ok(last_record.ExceptionFlags & EXCEPTION_NONCONTINUABLE, "non-continuable flag lost: 0x%lx\n",
       last_record.ExceptionFlags);
}

static void test_hardware_exceptions(void) {
    volatile int* bad = (volatile int*)(ULONG_PTR)0x10;
    DWORD code = 0;

    memset(&last_record, 0, sizeof last_record);
    __try {
        read_address(bad);
    } __except (save_record(GetExceptionInformation())) {
        code = GetExceptionCode();
    }
    ok(last_record.ExceptionCode == EXCEPTION_ACCESS_VIOLATION, "read of 0x10: record code 0x%08lx\n",
       last_record.ExceptionCode);
    /* GetExceptionCode() is also valid in the __except block itself. */
    ok(code == EXCEPTION_ACCESS_VIOLATION, "GetExceptionCode() in the __except block: 0x%08lx\n",
       code);
    ok(last_record.NumberParameters == 2 && last_record.ExceptionInformation[0] == 0 &&
           last_record.ExceptionInformation[1] == 0x10,
       "read of 0x10: %lu parameters, kind %Iu, address %Ix\n", last_record.NumberParameters,
       last_record.ExceptionInformation[0], last_record.ExceptionInformation[1]);

    __try {
        write_address(bad);
    } __except (save_record(GetExceptionInformation())) {
    }
    ok(last_record.ExceptionInformation[0] == 1 && last_record.ExceptionInformation[1] == 0x10,
       "write to 0x10: kind %Iu address %Ix\n", last_record.ExceptionInformation[0],
       last_record.ExceptionInformation[1]);

    memset(&last_record, 0, sizeof last_record);
    __try {
        break_here();
    } __except (save_record(GetExceptionInformation())) {
    }
    ok(last_record.ExceptionCode == EXCEPTION_BREAKPOINT, "brk #0xf000: record code 0x%08lx\n",
       last_record.ExceptionCode);
}

/* Records the order: 'F' filter, 'U' __finally during unwind, 'H' handler body. */
static char order[8];
static int order_length;

static int note_filter(void) {
    order[order_length++] = 'F';
    return EXCEPTION_EXECUTE_HANDLER;
}

__attribute__((noinline)) static void raise_inside_finally(void) {
    __try {
        raise_with_parameters(0);
    } __finally {
        order[order_length++] = AbnormalTermination() ? 'U' : 'N';
    }
}

static void test_two_phase_order(void) {
    order_length = 0;
    __try {
        raise_inside_finally();
    } __except (note_filter()) {
        order[order_length++] = 'H';
    }
    order[order_length] = 0;
    /* The search phase runs filters first; unwinding runs __finally blocks; then the handler. */
    ok(!strcmp(order, "FUH"), "handler order %s, want FUH\n", order);
}

static LONG vectored_calls, continue_calls;

static LONG CALLBACK vectored_handler(EXCEPTION_POINTERS* pointers) {
    if (pointers->ExceptionRecord->ExceptionCode != APP_EXCEPTION + 1) return EXCEPTION_CONTINUE_SEARCH;
    InterlockedIncrement(&vectored_calls);
    /* A software exception is continuable: RaiseException simply returns. */
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG CALLBACK continue_handler(EXCEPTION_POINTERS* pointers) {
    if (pointers->ExceptionRecord->ExceptionCode == APP_EXCEPTION + 1)
        InterlockedIncrement(&continue_calls);
    return EXCEPTION_CONTINUE_SEARCH;
}

static void test_vectored_handlers(void) {
    void* handler = AddVectoredExceptionHandler(1, vectored_handler);
    void* after = AddVectoredContinueHandler(1, continue_handler);
    BOOL reached_except = FALSE;

    ok(handler != NULL && after != NULL, "adding vectored handlers failed\n");
    __try {
        RaiseException(APP_EXCEPTION + 1, 0, 0, NULL);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        reached_except = TRUE;
    }
    ok(vectored_calls == 1 && !reached_except,
       "vectored handler calls %ld, frame handler reached %d\n", vectored_calls, reached_except);
    /* Continue handlers run when execution continues. */
    ok(continue_calls == 1, "continue handler calls %ld\n", continue_calls);
    ok(RemoveVectoredExceptionHandler(handler), "RemoveVectoredExceptionHandler failed\n");
    ok(RemoveVectoredContinueHandler(after), "RemoveVectoredContinueHandler failed\n");
    ok(!RemoveVectoredExceptionHandler(handler), "removed the same handler twice\n");

    __try {
        RaiseException(APP_EXCEPTION + 1, 0, 0, NULL);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        reached_except = TRUE;
    }
    ok(vectored_calls == 1 && reached_except, "removed handler still called\n");
}

__attribute__((noinline)) static USHORT capture_here(void** frames, ULONG capacity) {
    /* volatile: a tail call would make frames[0] the caller's. */
    volatile USHORT count = RtlCaptureStackBackTrace(0, capacity, frames, NULL);
    return count;
}

static void test_stack_walk(void) {
    void* frames[32];
    ULONG_PTR image_base = 0;
    RUNTIME_FUNCTION* function;
    USHORT count = capture_here(frames, ARRAY_SIZE(frames));

    ok(count >= 3, "RtlCaptureStackBackTrace found %u frames\n", count);
    if (!count) return;
    /* frames[0] is a return address inside capture_here; its unwind entry starts there. */
    function = RtlLookupFunctionEntry((ULONG_PTR)frames[0], &image_base, NULL);
    ok(function != NULL && image_base == (ULONG_PTR)GetModuleHandleW(NULL),
       "RtlLookupFunctionEntry: %p base %Ix\n", function, image_base);
    if (function)
        ok(image_base + function->BeginAddress == (ULONG_PTR)capture_here,
           "frame 0 is in the function at %Ix, not capture_here %p\n",
           image_base + function->BeginAddress, capture_here);
}

static LONG WINAPI filter_execute(EXCEPTION_POINTERS* pointers) {
    return EXCEPTION_EXECUTE_HANDLER;
}

static LONG WINAPI filter_continue(EXCEPTION_POINTERS* pointers) {
    return EXCEPTION_CONTINUE_EXECUTION;
}

static volatile int depth_reached;

__attribute__((noinline)) static int recurse(int depth) {
    volatile char frame[1024];
    frame[0] = (char)depth;
    depth_reached = depth;
    if (depth < 0) return 0; /* never: only there so the compiler accepts the recursion */
    return recurse(depth + 1) + frame[0];
}

static int child_main(const char* command) {
    if (!strcmp(command, "unhandled-execute")) {
        /* The process ends with the exception code as its exit code. */
        SetUnhandledExceptionFilter(filter_execute);
        RaiseException(APP_EXCEPTION + 2, 0, 0, NULL);
        return 100;
    }
    if (!strcmp(command, "unhandled-continue")) {
        LPTOP_LEVEL_EXCEPTION_FILTER previous = SetUnhandledExceptionFilter(filter_continue);
        ok(SetUnhandledExceptionFilter(filter_continue) == filter_continue,
           "SetUnhandledExceptionFilter did not return the previous filter\n");
        (void)previous;
        RaiseException(APP_EXCEPTION + 3, 0, 0, NULL);
        return probe_finish();
    }
    if (!strcmp(command, "stack-overflow")) {
        __try {
            recurse(0);
        } __except (save_record(GetExceptionInformation())) {
        }
        ok(last_record.ExceptionCode == EXCEPTION_STACK_OVERFLOW,
           "deep recursion: code 0x%08lx at depth %d\n", last_record.ExceptionCode, depth_reached);
        return probe_finish();
    }
    return 2;
}

static DWORD run_child(const WCHAR* command) {
    STARTUPINFOW startup = {sizeof startup};
    PROCESS_INFORMATION info;
    WCHAR self[MAX_PATH], command_line[MAX_PATH + 32];
    DWORD exit_code = 0xdeadbeef;
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(command_line, ARRAY_SIZE(command_line), L"\"%s\" %s", self, command);
    if (!ok(CreateProcessW(NULL, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info),
            "CreateProcessW failed, error %lu\n", GetLastError()))
        return exit_code;
    if (WaitForSingleObject(info.hProcess, 60000) != WAIT_OBJECT_0) TerminateProcess(info.hProcess, 1);
    GetExitCodeProcess(info.hProcess, &exit_code);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
    return exit_code;
}

static void test_unhandled(void) {
    DWORD exit_code = run_child(L"unhandled-execute");
    ok(exit_code == APP_EXCEPTION + 2, "unhandled exception with EXECUTE_HANDLER filter: exit 0x%08lx\n",
       exit_code);
    exit_code = run_child(L"unhandled-continue");
    ok(exit_code == 0, "continued unhandled exception: exit 0x%08lx\n", exit_code);
    exit_code = run_child(L"stack-overflow");
    ok(exit_code == 0, "stack-overflow child: exit 0x%08lx\n", exit_code);
}

int main(int argc, char** argv) {
    probe_start("exceptions");
    if (argc == 2) return child_main(argv[1]);
    test_raise_exception();
    test_hardware_exceptions();
    test_two_phase_order();
    test_vectored_handlers();
    test_stack_walk();
    test_unhandled();
    return probe_finish();
}
