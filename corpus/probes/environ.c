/* environ: the process environment. Set, get (sizes with and without room), delete,
 * case-insensitive names, ExpandEnvironmentStringsW, the GetEnvironmentStringsW block, the
 * variables Windows always defines, and what a child inherits: the modified environment by
 * default, only the given block otherwise. Output: wine's test format (probe_test.h).
 *
 *   environ                    run the tests
 *   environ inherited          child: WOA_PROBE_VAR must be inherited; exit code = failures
 *   environ explicit           child: only the parent's explicit block; exit code = failures */
#include "probe_test.h"

static const WCHAR var_name[] = L"WOA_PROBE_VAR";
static const WCHAR var_value[] = L"v\x00e4lue-\x03a9";

static void test_set_get(void) {
    WCHAR buffer[64];
    DWORD length;

    ok(SetEnvironmentVariableW(var_name, var_value), "SetEnvironmentVariableW failed\n");
    /* Success: the length without the terminator. Too small: the size needed, with it. */
    length = GetEnvironmentVariableW(var_name, buffer, ARRAY_SIZE(buffer));
    ok(length == ARRAY_SIZE(var_value) - 1 && !lstrcmpW(buffer, var_value), "got %lu %s\n", length,
       wine_dbgstr_w(buffer));
    length = GetEnvironmentVariableW(var_name, buffer, 3);
    ok(length == ARRAY_SIZE(var_value), "small buffer: %lu, want %u\n", length,
       (unsigned)ARRAY_SIZE(var_value));
    length = GetEnvironmentVariableW(L"woa_probe_var", buffer, ARRAY_SIZE(buffer));
    ok(length == ARRAY_SIZE(var_value) - 1, "lower-case name not found: %lu\n", length);

    SetLastError(0xdeadbeef);
    length = GetEnvironmentVariableW(L"WOA_PROBE_MISSING", buffer, ARRAY_SIZE(buffer));
    ok(length == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND, "missing variable: %lu, error %lu\n",
       length, GetLastError());

    ok(SetEnvironmentVariableW(L"WOA_PROBE_GONE", L"x"), "setting WOA_PROBE_GONE failed\n");
    ok(SetEnvironmentVariableW(L"WOA_PROBE_GONE", NULL), "deleting WOA_PROBE_GONE failed\n");
    SetLastError(0xdeadbeef);
    ok(!GetEnvironmentVariableW(L"WOA_PROBE_GONE", buffer, ARRAY_SIZE(buffer)) &&
           GetLastError() == ERROR_ENVVAR_NOT_FOUND,
       "deleted variable still there, error %lu\n", GetLastError());
    /* "=" cannot be part of a name. */
    ok(!SetEnvironmentVariableW(L"A=B", L"x"), "a name with '=' was accepted\n");
}

static void test_expand(void) {
    WCHAR buffer[128];
    static const WCHAR expected[] = L"[v\x00e4lue-\x03a9] [%WOA_PROBE_MISSING%] [%]";
    DWORD length = ExpandEnvironmentStringsW(L"[%WOA_PROBE_VAR%] [%WOA_PROBE_MISSING%] [%]",
                                             buffer, ARRAY_SIZE(buffer));
    /* Unknown variables stay as they are; the count includes the terminator. */
    ok(length == ARRAY_SIZE(expected) && !lstrcmpW(buffer, expected), "expanded to %lu %s\n",
       length, wine_dbgstr_w(buffer));
    length = ExpandEnvironmentStringsW(L"%WOA_PROBE_VAR%", buffer, 2);
    ok(length == ARRAY_SIZE(var_value), "small buffer: %lu\n", length);
}

static void test_block(void) {
    WCHAR* block = GetEnvironmentStringsW();
    WCHAR* entry;
    WCHAR wanted[64];
    BOOL found = FALSE;
    int entries = 0;

    if (!ok(block != NULL, "GetEnvironmentStringsW failed\n")) return;
    swprintf(wanted, ARRAY_SIZE(wanted), L"%s=%s", var_name, var_value);
    /* NAME=VALUE strings, each null-terminated, the block ending with an empty one. */
    for (entry = block; *entry; entry += lstrlenW(entry) + 1) {
        entries++;
        if (!lstrcmpW(entry, wanted)) found = TRUE;
        if (*entry != L'=') ok(wcschr(entry, L'=') != NULL, "entry without '=': %s\n",
                               wine_dbgstr_w(entry));
    }
    ok(found, "WOA_PROBE_VAR not in the environment block of %d entries\n", entries);
    ok(FreeEnvironmentStringsW(block), "FreeEnvironmentStringsW failed\n");
}

static void test_standard_variables(void) {
    static const WCHAR* always[] = {L"SystemRoot", L"windir", L"TEMP", L"TMP", L"PATH",
                                    L"COMPUTERNAME", L"NUMBER_OF_PROCESSORS", L"USERPROFILE",
                                    L"ProgramFiles", L"SystemDrive"};
    WCHAR value[MAX_PATH], windows[MAX_PATH];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(always); i++)
        ok(GetEnvironmentVariableW(always[i], value, MAX_PATH) > 0, "%s is not set\n",
           wine_dbgstr_w(always[i]));
    /* An arm64 process sees its own architecture. */
    GetEnvironmentVariableW(L"PROCESSOR_ARCHITECTURE", value, MAX_PATH);
    ok(!lstrcmpW(value, L"ARM64"), "PROCESSOR_ARCHITECTURE is %s\n", wine_dbgstr_w(value));
    GetEnvironmentVariableW(L"SystemRoot", value, MAX_PATH);
    GetWindowsDirectoryW(windows, MAX_PATH);
    ok(!lstrcmpiW(value, windows), "SystemRoot %s, GetWindowsDirectory %s\n", wine_dbgstr_w(value),
       wine_dbgstr_w(windows));
}

static int child_inherited(void) {
    WCHAR buffer[64] = {0};
    GetEnvironmentVariableW(var_name, buffer, ARRAY_SIZE(buffer));
    ok(!lstrcmpW(buffer, var_value), "inherited WOA_PROBE_VAR is %s\n", wine_dbgstr_w(buffer));
    return probe_finish();
}

static int child_explicit(void) {
    WCHAR buffer[64] = {0};
    ok(GetEnvironmentVariableW(L"WOA_ONLY", buffer, ARRAY_SIZE(buffer)) &&
           !lstrcmpW(buffer, L"\x00fcnicode"),
       "WOA_ONLY is %s\n", wine_dbgstr_w(buffer));
    ok(!GetEnvironmentVariableW(var_name, buffer, ARRAY_SIZE(buffer)),
       "WOA_PROBE_VAR leaked into an explicit environment\n");
    return probe_finish();
}

static void run_child(const WCHAR* command, void* environment) {
    STARTUPINFOW startup = {sizeof startup};
    PROCESS_INFORMATION info;
    WCHAR self[MAX_PATH], command_line[MAX_PATH + 32];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(command_line, ARRAY_SIZE(command_line), L"\"%s\" %s", self, command);
    if (ok(CreateProcessW(NULL, command_line, NULL, NULL, FALSE, CREATE_UNICODE_ENVIRONMENT,
                          environment, NULL, &startup, &info),
           "CreateProcessW(%s) failed, error %lu\n", wine_dbgstr_w(command), GetLastError()))
        wait_child_process(&info);
}

static void test_inheritance(void) {
    /* SystemRoot is kept: without it some Windows components cannot load. */
    static WCHAR block[512];
    WCHAR root[MAX_PATH];
    int at;
    GetEnvironmentVariableW(L"SystemRoot", root, MAX_PATH);
    at = swprintf(block, ARRAY_SIZE(block), L"SystemRoot=%s", root) + 1;
    at += swprintf(block + at, ARRAY_SIZE(block) - at, L"WOA_ONLY=\x00fcnicode") + 1;
    block[at] = 0;

    run_child(L"inherited", NULL);
    run_child(L"explicit", block);
}

int main(int argc, char** argv) {
    probe_start("environ");
    if (argc == 2 && !strcmp(argv[1], "inherited")) return child_inherited();
    if (argc == 2 && !strcmp(argv[1], "explicit")) return child_explicit();
    test_set_get();
    test_expand();
    test_block();
    test_standard_variables();
    test_inheritance();
    return probe_finish();
}
