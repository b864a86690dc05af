/* probe_test.h: the output of wine's conformance tests (include/wine/test.h, wine 10), for
 * probes. A probe prints exactly what a wine test prints, so the one `wine-test` output parser
 * reads both, and a probe's failure looks like a wine test's failure:
 *
 *   paths.c:42: Test failed: GetFinalPathNameByHandleW returned 0, error 2
 *   paths.c:57: Tests skipped: no short names on this volume
 *   paths.c:60: some trace
 *   002c:paths: 31 tests executed (0 marked as todo, 0 as flaky, 1 failure), 1 skipped.
 *
 * The exit code is the number of failures, capped at 255, as wine's run_test() returns it; a
 * child probe's exit code is added to its parent's failures by wait_child_process(), as
 * winetest_wait_child_process() does. todo and flaky blocks are not needed: a probe states
 * documented Windows behaviour and a wine failure is a finding, so both counts stay 0.
 *
 * Use: define the probe's name, include this header, call probe_start() first in main() and
 * return probe_finish(). ok/skip/trace take printf formats ending in "\n", as in wine. They may
 * be called from any thread: counters are interlocked and each message is printed whole. */
#ifndef WOA_PROBE_TEST_H
#define WOA_PROBE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

static const char* probe_name = "probe";
static LONG probe_successes, probe_failures, probe_skipped;
static CRITICAL_SECTION probe_print_lock;

/* wine prints the source file's base name, not the path the compiler was given. */
static inline const char* probe_basename(const char* file) {
    const char* slash = strrchr(file, '/');
    const char* backslash = strrchr(file, '\\');
    if (backslash > slash) slash = backslash;
    return slash ? slash + 1 : file;
}

static inline void probe_vprint(const char* file, int line, const char* kind, const char* fmt,
                         va_list args) {
    EnterCriticalSection(&probe_print_lock);
    printf("%s:%d: %s", probe_basename(file), line, kind);
    vprintf(fmt, args);
    LeaveCriticalSection(&probe_print_lock);
}

static inline int __attribute__((format(printf, 4, 5)))
probe_ok_at(const char* file, int line, int condition, const char* fmt, ...) {
    va_list args;
    if (condition) {
        InterlockedIncrement(&probe_successes);
        return 1;
    }
    va_start(args, fmt);
    probe_vprint(file, line, "Test failed: ", fmt, args);
    va_end(args);
    InterlockedIncrement(&probe_failures);
    return 0;
}

static inline void __attribute__((format(printf, 3, 4)))
probe_skip_at(const char* file, int line, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    probe_vprint(file, line, "Tests skipped: ", fmt, args);
    va_end(args);
    InterlockedIncrement(&probe_skipped);
}

static inline void __attribute__((format(printf, 3, 4)))
probe_trace_at(const char* file, int line, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    probe_vprint(file, line, "", fmt, args);
    va_end(args);
}

/* A wide string for a message, escaped as wine's wine_dbgstr_w() does: L"text\\00e9". The
 * result lives in one of a few rotating buffers, enough for one message. */
static inline const char* wine_dbgstr_w(const WCHAR* str) {
    static char buffers[8][512];
    static LONG next;
    char* out = buffers[InterlockedIncrement(&next) % ARRAY_SIZE(buffers)];
    char* end = out + sizeof buffers[0] - 12;
    char* dst = out;

    if (!str) return "(null)";
    *dst++ = 'L';
    *dst++ = '"';
    for (; *str && dst < end; str++) {
        WCHAR c = *str;
        if (c == '\n') dst += sprintf(dst, "\\n");
        else if (c == '\r') dst += sprintf(dst, "\\r");
        else if (c == '\t') dst += sprintf(dst, "\\t");
        else if (c == '"') dst += sprintf(dst, "\\\"");
        else if (c == '\\') dst += sprintf(dst, "\\\\");
        else if (c >= ' ' && c <= 126) *dst++ = (char)c;
        else dst += sprintf(dst, "\\%04x", c);
    }
    *dst++ = '"';
    if (*str) dst += sprintf(dst, "...");
    *dst = 0;
    return out;
}

#define ok(cond, ...) probe_ok_at(__FILE__, __LINE__, (cond) != 0, __VA_ARGS__)
#define skip(...) probe_skip_at(__FILE__, __LINE__, __VA_ARGS__)
#define win_skip(...) probe_skip_at(__FILE__, __LINE__, __VA_ARGS__)
#define trace(...) probe_trace_at(__FILE__, __LINE__, __VA_ARGS__)

static inline void probe_start(const char* name) {
    probe_name = name;
    /* Unbuffered, as wine's test main() makes it: nothing is lost if the probe crashes. */
    setvbuf(stdout, NULL, _IONBF, 0);
    InitializeCriticalSection(&probe_print_lock);
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
}

/* Prints wine's summary line and returns the exit code wine's run_test() would. */
static inline int probe_finish(void) {
    LONG failures = probe_failures;
    printf("%04x:%s: %d tests executed (%d marked as todo, %d as flaky, %d %s), %d skipped.\n",
           (UINT)GetCurrentProcessId(), probe_name, (int)(probe_successes + failures), 0, 0,
           (int)failures, failures != 1 ? "failures" : "failure", (int)probe_skipped);
    fflush(stdout);
    return failures > 255 ? 255 : (int)failures;
}

static inline LONG winetest_get_failures(void) {
    return probe_failures;
}

/* Waits for a child probe and counts its failures (its exit code) as ours, as
 * winetest_wait_child_process() does; an exit code above 255 is an exception in the child. */
#define wait_child_process(info) probe_wait_child_at(__FILE__, __LINE__, (info))
static inline void probe_wait_child_at(const char* file, int line, const PROCESS_INFORMATION* info) {
    DWORD wait = WaitForSingleObject(info->hProcess, 30000), exit_code = 1;
    if (wait != WAIT_OBJECT_0) {
        probe_ok_at(file, line, 0, "waiting for child process %04x: %lu, error %lu\n",
                    (UINT)info->dwProcessId, wait, GetLastError());
        TerminateProcess(info->hProcess, 1);
    } else if (!GetExitCodeProcess(info->hProcess, &exit_code)) {
        probe_ok_at(file, line, 0, "GetExitCodeProcess failed, error %lu\n", GetLastError());
    } else if (exit_code > 255) {
        EnterCriticalSection(&probe_print_lock);
        printf("%s:%d: unhandled exception %08x in child process %04x\n", probe_basename(file),
               line, (UINT)exit_code, (UINT)info->dwProcessId);
        LeaveCriticalSection(&probe_print_lock);
        InterlockedIncrement(&probe_failures);
    } else if (exit_code) {
        EnterCriticalSection(&probe_print_lock);
        printf("%s:%d: %u failures in child process\n", probe_basename(file), line,
               (UINT)exit_code);
        LeaveCriticalSection(&probe_print_lock);
        while (exit_code--) InterlockedIncrement(&probe_failures);
    }
    CloseHandle(info->hProcess);
    CloseHandle(info->hThread);
}

#endif
