/* woa-launch: runs inside wine, starts the program under test and reports its full 32-bit exit
 * code. A wine process's unix exit status keeps only the low 8 bits (0xC0000005 becomes 5), and
 * a compatibility tool must tell ExitProcess(1000) from an access violation, so woa starts every
 * program through this launcher.
 *
 * usage (inside wine): woa-launch.exe PROGRAM [ARGS...]
 * environment (both removed before the program starts):
 *   WOA_EXIT_FILE  where to write the result
 *   WOA_CWD        the program's working directory (a drive path such as D:\). woa passes it
 *                  explicitly: when two drives map the same host folder, wine would otherwise
 *                  pick the first one for a unix working directory.
 *
 * It uses kernel32 alone, no C runtime: the launcher must work wherever wine can start a
 * process at all (wine 8's arm64 ucrtbase is an ELF builtin whose printf crashes when called
 * from PE code), and every DLL it does not load is time saved on each exec.
 *
 * The result file holds one line:
 *   exit 0x%08lx          the program ran and ended with this exit code
 *   create-failed %lu     CreateProcess failed with this Windows error code
 */
#include <windows.h>

/* The command line after the launcher's own name, exactly as wine quoted it. */
static WCHAR* arguments_after_self(WCHAR* p) {
    if (*p == L'"') {
        for (p++; *p && *p != L'"'; p++)
            ;
        if (*p) p++;
    } else {
        while (*p && *p != L' ' && *p != L'\t')
            p++;
    }
    while (*p == L' ' || *p == L'\t')
        p++;
    return p;
}

/* Writes "<word> <value>\n" (value in hex with "0x", or decimal) to the result file. */
static void report(const WCHAR* path, const char* word, DWORD value, int hex) {
    char line[64];
    char digits[16];
    int n = 0, d = 0;
    HANDLE file;
    DWORD written;

    if (!path[0]) return;
    while (*word)
        line[n++] = *word++;
    line[n++] = ' ';
    if (hex) {
        line[n++] = '0';
        line[n++] = 'x';
        for (d = 7; d >= 0; d--)
            line[n++] = "0123456789abcdef"[(value >> (4 * d)) & 15];
    } else {
        do
            digits[d++] = (char)('0' + value % 10);
        while (value /= 10);
        while (d)
            line[n++] = digits[--d];
    }
    line[n++] = '\n';
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return;
    WriteFile(file, line, (DWORD)n, &written, NULL);
    CloseHandle(file);
}

void __stdcall woa_launch_entry(void) {
    static WCHAR exit_file[4096], cwd[4096];
    WCHAR* command = arguments_after_self(GetCommandLineW());
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    if (!GetEnvironmentVariableW(L"WOA_EXIT_FILE", exit_file, ARRAYSIZE(exit_file)))
        exit_file[0] = 0;
    if (!GetEnvironmentVariableW(L"WOA_CWD", cwd, ARRAYSIZE(cwd))) cwd[0] = 0;
    SetEnvironmentVariableW(L"WOA_EXIT_FILE", NULL);
    SetEnvironmentVariableW(L"WOA_CWD", NULL);

    GetStartupInfoW(&si); /* fills every field: no memset without a C runtime */
    si.dwFlags |= STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, 0, NULL, cwd[0] ? cwd : NULL, &si, &pi)) {
        report(exit_file, "create-failed", GetLastError(), 0);
        ExitProcess(1);
    }
    CloseHandle(pi.hThread);
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    report(exit_file, "exit", code, 1);
    ExitProcess(code);
}
