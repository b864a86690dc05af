/* console: what a console program sees of its standard handles. A child with its stdout on a
 * pipe checks that console calls fail there and bytes pass through unchanged; the parent reads
 * them. The console itself (CONOUT$) is checked when there is one: modes, WriteConsoleW, code
 * pages. Output: wine's test format (probe_test.h).
 *
 *   console                run the tests
 *   console redirected     child: its stdout is a pipe the parent reads and relays;
 *                          exit code = failures */
#include "probe_test.h"

/* UTF-8 for "h\u00e9 \u65e5\n", written as raw bytes. */
static const char utf8_bytes[] = "h\xc3\xa9 \xe6\x97\xa5\n";

static int child_redirected(void) {
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode, written = 0;

    /* First the raw bytes: WriteFile passes them through untouched, whatever the code pages.
     * The parent relays what follows (this child's test output) to its own stdout. */
    ok(WriteFile(out, utf8_bytes, sizeof utf8_bytes - 1, &written, NULL) &&
           written == sizeof utf8_bytes - 1,
       "WriteFile to the pipe: %lu bytes\n", written);
    ok(out != NULL && out != INVALID_HANDLE_VALUE, "no stdout handle\n");
    ok(GetFileType(out) == FILE_TYPE_PIPE, "stdout file type %lu, want FILE_TYPE_PIPE\n",
       GetFileType(out));
    /* Console functions fail on a handle that is not a console. */
    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(out, &mode) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetConsoleMode on a pipe: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleW(out, L"x", 1, &written, NULL), "WriteConsoleW to a pipe succeeded\n");
    return probe_finish();
}

static void test_redirected_child(void) {
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    STARTUPINFOW startup = {sizeof startup};
    PROCESS_INFORMATION info;
    WCHAR self[MAX_PATH], command_line[MAX_PATH + 32];
    HANDLE read_end, write_end;
    static char output[4096];
    DWORD count, total = 0;

    if (!ok(CreatePipe(&read_end, &write_end, &inheritable, 0), "CreatePipe failed\n")) return;
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(command_line, ARRAY_SIZE(command_line), L"\"%s\" redirected", self);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = write_end;
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!ok(CreateProcessW(NULL, command_line, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info),
            "CreateProcessW failed, error %lu\n", GetLastError())) {
        CloseHandle(read_end);
        CloseHandle(write_end);
        return;
    }
    CloseHandle(write_end);
    while (total < sizeof output - 1 &&
           ReadFile(read_end, output + total, sizeof output - 1 - total, &count, NULL) && count)
        total += count;
    CloseHandle(read_end);
    ok(total >= sizeof utf8_bytes - 1 && !memcmp(output, utf8_bytes, sizeof utf8_bytes - 1),
       "the child's first %lu bytes differ from what it wrote\n", total);
    /* Relayed without the child's "\r": our own stdout adds them back in text mode. */
    for (count = sizeof utf8_bytes - 1; count < total; count++)
        if (output[count] != '\r') putchar(output[count]);
    wait_child_process(&info);
}

static void test_console_handles(void) {
    HANDLE console = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    CONSOLE_SCREEN_BUFFER_INFO info;
    DWORD mode, written = 0;
    UINT output_cp, input_cp;

    if (console == INVALID_HANDLE_VALUE) {
        skip("no console (CONOUT$: error %lu)\n", GetLastError());
        return;
    }
    ok(GetFileType(console) == FILE_TYPE_CHAR, "CONOUT$ file type %lu\n", GetFileType(console));
    ok(GetConsoleMode(console, &mode), "GetConsoleMode(CONOUT$) failed, error %lu\n", GetLastError());
    ok(GetConsoleScreenBufferInfo(console, &info) && info.dwSize.X > 0 && info.dwSize.Y > 0,
       "GetConsoleScreenBufferInfo failed, error %lu\n", GetLastError());
    ok(WriteConsoleW(console, L"console: \x00e9\r\n", 11, &written, NULL) && written == 11,
       "WriteConsoleW wrote %lu of 11, error %lu\n", written, GetLastError());

    /* A console has code pages; UTF-8 can be chosen for output and is then reported. */
    output_cp = GetConsoleOutputCP();
    input_cp = GetConsoleCP();
    ok(output_cp != 0 && input_cp != 0, "console code pages %u/%u\n", output_cp, input_cp);
    ok(SetConsoleOutputCP(CP_UTF8), "SetConsoleOutputCP(65001) failed, error %lu\n", GetLastError());
    ok(GetConsoleOutputCP() == CP_UTF8, "output code page %u after setting 65001\n",
       GetConsoleOutputCP());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleOutputCP(12345), "SetConsoleOutputCP of an unknown code page succeeded\n");
    if (output_cp) SetConsoleOutputCP(output_cp);
    CloseHandle(console);
}

static void test_std_handles(void) {
    HANDLE handles[] = {GetStdHandle(STD_INPUT_HANDLE), GetStdHandle(STD_OUTPUT_HANDLE),
                        GetStdHandle(STD_ERROR_HANDLE)};
    static const char* names[] = {"stdin", "stdout", "stderr"};
    DWORD type, mode;
    int i;

    for (i = 0; i < 3; i++) {
        type = handles[i] && handles[i] != INVALID_HANDLE_VALUE ? GetFileType(handles[i]) : 0;
        trace("%s: handle %p, file type %lu, console mode %s\n", names[i], handles[i], type,
              GetConsoleMode(handles[i], &mode) ? "yes" : "no");
        /* A character device that accepts GetConsoleMode is a console; a file or pipe is not. */
        if (type == FILE_TYPE_DISK || type == FILE_TYPE_PIPE)
            ok(!GetConsoleMode(handles[i], &mode), "%s is a file or pipe yet has a console mode\n",
               names[i]);
    }
    ok(GetACP() != 0 && GetOEMCP() != 0, "ANSI/OEM code pages %u/%u\n", GetACP(), GetOEMCP());
    ok(SetConsoleCtrlHandler(NULL, TRUE) && SetConsoleCtrlHandler(NULL, FALSE),
       "SetConsoleCtrlHandler(NULL) failed, error %lu\n", GetLastError());
}

int main(int argc, char** argv) {
    probe_start("console");
    if (argc == 2 && !strcmp(argv[1], "redirected")) return child_redirected();
    test_std_handles();
    test_redirected_child();
    test_console_handles();
    return probe_finish();
}
