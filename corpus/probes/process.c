/* process: creating and managing child processes, as build tools and shells do. The probe runs
 * itself as the child. Redirected stdin/stdout through pipes, process ids, parent ids in a
 * toolhelp snapshot, exit codes (STILL_ACTIVE, TerminateProcess), command-line quoting, and
 * job objects (accounting, kill-on-close). Output: wine's test format (probe_test.h).
 *
 *   process                    run the tests
 *   process echo               child: print "pid=N", then upper-case stdin onto stdout
 *   process argv ARGS...       child: check its parsed arguments; exit code = failures
 *   process sleep SECONDS      child: sleep
 *   process exit CODE          child: exit with CODE */
#include <stdlib.h>
#include "probe_test.h"
#include <tlhelp32.h>

static WCHAR self_path[MAX_PATH];

static BOOL start_child(const WCHAR* args, DWORD flags, STARTUPINFOW* startup, BOOL inherit,
                        PROCESS_INFORMATION* info) {
    WCHAR command_line[1024];
    STARTUPINFOW default_startup = {sizeof default_startup};
    swprintf(command_line, ARRAY_SIZE(command_line), L"\"%s\" %s", self_path, args);
    return CreateProcessW(NULL, command_line, NULL, NULL, inherit, flags, NULL, NULL,
                          startup ? startup : &default_startup, info);
}

static int child_echo(void) {
    char line[256];
    size_t i;
    printf("pid=%lu\n", GetCurrentProcessId());
    while (fgets(line, sizeof line, stdin)) {
        for (i = 0; line[i]; i++)
            if (line[i] >= 'a' && line[i] <= 'z') line[i] -= 32;
        fputs(line, stdout);
    }
    return 0;
}

static void test_pipes(void) {
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    HANDLE child_stdin_read, child_stdin_write, child_stdout_read, child_stdout_write;
    STARTUPINFOW startup = {sizeof startup};
    PROCESS_INFORMATION info;
    char output[256] = {0}, expected[64];
    DWORD count, total = 0, exit_code;

    if (!ok(CreatePipe(&child_stdin_read, &child_stdin_write, &inheritable, 0),
            "CreatePipe failed, error %lu\n", GetLastError()))
        return;
    if (!ok(CreatePipe(&child_stdout_read, &child_stdout_write, &inheritable, 0),
            "CreatePipe failed, error %lu\n", GetLastError()))
        return;
    /* The parent's ends must not be inherited, or the child never sees end of input. */
    SetHandleInformation(child_stdin_write, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(child_stdout_read, HANDLE_FLAG_INHERIT, 0);
    ok(GetFileType(child_stdout_read) == FILE_TYPE_PIPE, "pipe has file type %lu\n",
       GetFileType(child_stdout_read));

    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = child_stdin_read;
    startup.hStdOutput = child_stdout_write;
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!ok(start_child(L"echo", 0, &startup, TRUE, &info), "CreateProcessW failed, error %lu\n",
            GetLastError()))
        return;
    CloseHandle(child_stdin_read);
    CloseHandle(child_stdout_write);
    ok(info.dwProcessId != GetCurrentProcessId() && info.dwProcessId == GetProcessId(info.hProcess),
       "child pid %lu, GetProcessId %lu\n", info.dwProcessId, GetProcessId(info.hProcess));

    ok(GetExitCodeProcess(info.hProcess, &exit_code) && exit_code == STILL_ACTIVE,
       "running child exit code %lu\n", exit_code);
    WriteFile(child_stdin_write, "hello\nworld\n", 12, &count, NULL);
    CloseHandle(child_stdin_write);
    while (total < sizeof output - 1 &&
           ReadFile(child_stdout_read, output + total, sizeof output - 1 - total, &count, NULL) && count)
        total += count;
    /* After the last write end closes, ReadFile fails with ERROR_BROKEN_PIPE. */
    ok(GetLastError() == ERROR_BROKEN_PIPE, "end of pipe: error %lu\n", GetLastError());
    CloseHandle(child_stdout_read);

    /* ucrt text mode turns "\n" into "\r\n" on a redirected stdout. */
    snprintf(expected, sizeof expected, "pid=%lu\r\nHELLO\r\nWORLD\r\n", info.dwProcessId);
    ok(!strcmp(output, expected), "child wrote \"%s\"\n", output);
    ok(WaitForSingleObject(info.hProcess, 10000) == WAIT_OBJECT_0, "child did not exit\n");
    ok(GetExitCodeProcess(info.hProcess, &exit_code) && exit_code == 0, "exit code %lu\n",
       exit_code);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
}

static void test_parent_id(void) {
    PROCESS_INFORMATION info;
    PROCESSENTRY32W entry = {sizeof entry};
    HANDLE snapshot;
    BOOL found = FALSE;

    if (!start_child(L"sleep 5", 0, NULL, FALSE, &info)) return;
    snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    ok(snapshot != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed, error %lu\n",
       GetLastError());
    if (snapshot != INVALID_HANDLE_VALUE && Process32FirstW(snapshot, &entry)) {
        do {
            if (entry.th32ProcessID != info.dwProcessId) continue;
            found = TRUE;
            ok(entry.th32ParentProcessID == GetCurrentProcessId(), "child's parent is %lu\n",
               entry.th32ParentProcessID);
            ok(!lstrcmpiW(entry.szExeFile, L"process.exe"), "child's image %s\n",
               wine_dbgstr_w(entry.szExeFile));
        } while (Process32NextW(snapshot, &entry));
        CloseHandle(snapshot);
    }
    ok(found, "child not in the process snapshot\n");

    /* TerminateProcess sets the exit code the caller chose. */
    ok(TerminateProcess(info.hProcess, 42), "TerminateProcess failed, error %lu\n", GetLastError());
    WaitForSingleObject(info.hProcess, 10000);
    {
        DWORD exit_code = 0;
        ok(GetExitCodeProcess(info.hProcess, &exit_code) && exit_code == 42,
           "terminated child exit code %lu\n", exit_code);
    }
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
}

static void test_exit_code(void) {
    PROCESS_INFORMATION info;
    DWORD exit_code = 0;
    if (!ok(start_child(L"exit 3221225477", 0, NULL, FALSE, &info), "CreateProcessW failed\n")) return;
    WaitForSingleObject(info.hProcess, 20000);
    ok(GetExitCodeProcess(info.hProcess, &exit_code) && exit_code == 0xC0000005,
       "32-bit exit code: 0x%08lx\n", exit_code);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
}

/* The child checks what the C runtime parsed from this command line. */
static const char* expected_argv[] = {"a b", "c\"d", "e\\\\f", "g\\", "", "h"};

static int child_argv(int argc, char** argv) {
    int i;
    ok(argc == 2 + (int)ARRAY_SIZE(expected_argv), "child argc %d\n", argc);
    for (i = 0; i < (int)ARRAY_SIZE(expected_argv) && i + 2 < argc; i++)
        ok(!strcmp(argv[i + 2], expected_argv[i]), "argv[%d] = [%s], want [%s]\n", i + 2,
           argv[i + 2], expected_argv[i]);
    return probe_finish();
}

static void test_command_line(void) {
    PROCESS_INFORMATION info;
    /* Backslashes are literal unless they precede a quote; \" is a quote. */
    if (ok(start_child(L"argv \"a b\" c\\\"d e\\\\f \"g\\\\\" \"\" h", 0, NULL, FALSE, &info),
           "CreateProcessW failed, error %lu\n", GetLastError()))
        wait_child_process(&info);
}

static void test_jobs(void) {
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = {0};
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting = {0};
    PROCESS_INFORMATION info;
    BOOL in_job = FALSE;
    DWORD exit_code = 0;
    HANDLE job = CreateJobObjectW(NULL, NULL);

    if (!ok(job != NULL, "CreateJobObjectW failed, error %lu\n", GetLastError())) return;
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    ok(SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits),
       "SetInformationJobObject failed, error %lu\n", GetLastError());
    if (!ok(start_child(L"sleep 60", CREATE_SUSPENDED, NULL, FALSE, &info),
            "CreateProcessW failed, error %lu\n", GetLastError())) {
        CloseHandle(job);
        return;
    }
    ok(AssignProcessToJobObject(job, info.hProcess), "AssignProcessToJobObject failed, error %lu\n",
       GetLastError());
    ResumeThread(info.hThread);
    ok(IsProcessInJob(info.hProcess, job, &in_job) && in_job, "IsProcessInJob: %d\n", in_job);
    ok(QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &accounting,
                                 sizeof accounting, NULL) &&
           accounting.ActiveProcesses == 1 && accounting.TotalProcesses == 1,
       "job accounting: %lu active, %lu total\n", accounting.ActiveProcesses,
       accounting.TotalProcesses);

    /* Closing the last handle of a kill-on-close job ends its processes. */
    CloseHandle(job);
    ok(WaitForSingleObject(info.hProcess, 10000) == WAIT_OBJECT_0,
       "child still running after its kill-on-close job was closed\n");
    GetExitCodeProcess(info.hProcess, &exit_code);
    ok(exit_code != STILL_ACTIVE, "exit code %lu\n", exit_code);
    if (exit_code == STILL_ACTIVE) TerminateProcess(info.hProcess, 1);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);

    /* TerminateJobObject ends every process with the given code. */
    job = CreateJobObjectW(NULL, NULL);
    if (start_child(L"sleep 60", CREATE_SUSPENDED, NULL, FALSE, &info)) {
        AssignProcessToJobObject(job, info.hProcess);
        ResumeThread(info.hThread);
        ok(TerminateJobObject(job, 7), "TerminateJobObject failed, error %lu\n", GetLastError());
        ok(WaitForSingleObject(info.hProcess, 10000) == WAIT_OBJECT_0, "job member still running\n");
        ok(GetExitCodeProcess(info.hProcess, &exit_code) && exit_code == 7,
           "exit code after TerminateJobObject: %lu\n", exit_code);
        CloseHandle(info.hProcess);
        CloseHandle(info.hThread);
    }
    CloseHandle(job);
}

int main(int argc, char** argv) {
    GetModuleFileNameW(NULL, self_path, MAX_PATH);
    if (argc >= 2 && !strcmp(argv[1], "echo")) return child_echo();
    if (argc >= 3 && !strcmp(argv[1], "sleep")) {
        Sleep(atoi(argv[2]) * 1000);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "exit")) ExitProcess(strtoul(argv[2], NULL, 0));
    probe_start("process");
    if (argc >= 2 && !strcmp(argv[1], "argv")) return child_argv(argc, argv);

    ok(GetCurrentProcessId() != 0, "no process id\n");
    test_pipes();
    test_parent_id();
    test_exit_code();
    test_command_line();
    test_jobs();
    return probe_finish();
}
