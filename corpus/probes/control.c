/* control: a program that misbehaves on request, so the runner's handling of exit codes,
 * crashes, hangs and process trees can be tested against real wine behaviour.
 *
 *   control exit CODE          exit with CODE (decimal or 0x hex, full 32 bits)
 *   control crash              read through a null pointer (EXCEPTION_ACCESS_VIOLATION)
 *   control sleep SECONDS      sleep, then exit 0
 *   control spawn-sleep SECONDS  start a child "control sleep SECONDS", then sleep as well
 *   control orphan SECONDS     start a child "control sleep SECONDS" and exit at once
 *   control stderr TEXT [CODE] print TEXT on stderr and "stdout" on stdout, exit CODE (0); a
 *                              program printing what wine or qemu would print ("qemu: uncaught
 *                              target signal 11") must not change its own outcome
 *   control flood MIB          print MIB mebibytes of text on stdout (0: without end)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static int usage(void) {
    fprintf(stderr,
            "usage: control exit CODE | crash | sleep S | spawn-sleep S | orphan S | stderr TEXT"
            " [CODE] | flood MIB\n");
    return 2;
}

static int spawn_sleeper(const char* seconds) {
    char self[MAX_PATH], cmdline[2 * MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;

    if (!GetModuleFileNameA(NULL, self, sizeof self)) return 3;
    snprintf(cmdline, sizeof cmdline, "\"%s\" sleep %s", self, seconds);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (!CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        fprintf(stderr, "CreateProcess failed: %lu\n", GetLastError());
        return 3;
    }
    printf("child pid: %lu\n", pi.dwProcessId);
    fflush(stdout);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    if (!strcmp(argv[1], "exit") && argc == 3) {
        unsigned long code = strtoul(argv[2], NULL, 0);
        printf("exiting with 0x%08lx\n", code);
        fflush(stdout);
        ExitProcess((UINT)code);
    }
    if (!strcmp(argv[1], "crash")) {
        volatile int* null_pointer = NULL;
        printf("reading address 0\n");
        fflush(stdout);
        return *null_pointer;
    }
    if (!strcmp(argv[1], "sleep") && argc == 3) {
        printf("sleeping %s s\n", argv[2]);
        fflush(stdout);
        Sleep((DWORD)(atof(argv[2]) * 1000));
        return 0;
    }
    if (!strcmp(argv[1], "spawn-sleep") && argc == 3) {
        int rc = spawn_sleeper(argv[2]);
        if (rc) return rc;
        Sleep((DWORD)(atof(argv[2]) * 1000));
        return 0;
    }
    if (!strcmp(argv[1], "orphan") && argc == 3) return spawn_sleeper(argv[2]);
    if (!strcmp(argv[1], "stderr") && (argc == 3 || argc == 4)) {
        fprintf(stderr, "%s\n", argv[2]);
        printf("stdout\n");
        return argc == 4 ? (int)strtoul(argv[3], NULL, 0) : 0;
    }
    if (!strcmp(argv[1], "flood") && argc == 3) {
        static char line[1024];
        long mib = atol(argv[2]), i;
        memset(line, 'x', sizeof line - 1);
        line[sizeof line - 2] = '\n';
        for (i = 0; mib == 0 || i < mib * 1024; i++)
            fputs(line, stdout);
        return 0;
    }
    return usage();
}
