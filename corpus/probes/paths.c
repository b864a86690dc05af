/* paths: file names as Windows programs use them. Unicode names (including characters outside
 * the BMP), case-insensitive lookup, long paths through the \\?\ prefix, GetFullPathNameW's
 * normalisation, GetFinalPathNameByHandleW's forms, and names Windows refuses.
 * Output: wine's test format (probe_test.h). */
#include "probe_test.h"

static WCHAR base_dir[MAX_PATH];

/* A fresh folder under %TEMP%, with its long name (GetTempPath may return an 8.3 form). */
static BOOL make_base_dir(void) {
    WCHAR temp[MAX_PATH], long_temp[MAX_PATH];
    if (!GetTempPathW(MAX_PATH, temp)) return FALSE;
    if (!GetLongPathNameW(temp, long_temp, MAX_PATH)) lstrcpyW(long_temp, temp);
    swprintf(base_dir, MAX_PATH, L"%swoa-paths-%lu", long_temp, GetCurrentProcessId());
    return CreateDirectoryW(base_dir, NULL);
}

static BOOL write_small_file(const WCHAR* path, const char* text) {
    DWORD written = 0;
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    WriteFile(file, text, (DWORD)strlen(text), &written, NULL);
    CloseHandle(file);
    return written == strlen(text);
}

static void test_unicode_names(void) {
    /* e-acute, Greek omega, CJK, and U+1F600 as a surrogate pair. */
    static const WCHAR name[] = L"h\x00e9llo-\x03a9-\x65e5\x672c-\xd83d\xde00.txt";
    static const WCHAR upper_name[] = L"H\x00c9LLO-\x03a9-\x65e5\x672c-\xd83d\xde00.TXT";
    WCHAR path[MAX_PATH], upper_path[MAX_PATH], pattern[MAX_PATH];
    WIN32_FIND_DATAW found;
    HANDLE find, file;

    swprintf(path, MAX_PATH, L"%s\\%s", base_dir, name);
    ok(write_small_file(path, "unicode"), "creating a Unicode file name failed, error %lu\n",
       GetLastError());
    ok(GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES,
       "GetFileAttributesW of the Unicode name failed, error %lu\n", GetLastError());

    swprintf(pattern, MAX_PATH, L"%s\\h*", base_dir);
    find = FindFirstFileW(pattern, &found);
    ok(find != INVALID_HANDLE_VALUE, "FindFirstFileW failed, error %lu\n", GetLastError());
    if (find != INVALID_HANDLE_VALUE) {
        ok(!lstrcmpW(found.cFileName, name), "FindFirstFileW found %s\n",
           wine_dbgstr_w(found.cFileName));
        FindClose(find);
    }

    /* NTFS compares names case-insensitively with its upcase table, beyond ASCII. */
    swprintf(upper_path, MAX_PATH, L"%s\\%s", base_dir, upper_name);
    file = CreateFileW(upper_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "opening the upper-case name failed, error %lu\n",
       GetLastError());
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    ok(DeleteFileW(path), "DeleteFileW of the Unicode name failed, error %lu\n", GetLastError());
}

static void test_long_paths(void) {
    static const WCHAR component[] = L"a-directory-name-that-is-exactly-fifty-characters";
    static WCHAR path[1024], file_path[1100], final[1100]; /* static: frames stay under a page (no __chkstk) */
    HANDLE file;
    DWORD length, needed;
    int depth;

    /* \\?\ turns off the MAX_PATH limit for every Unicode file function. */
    swprintf(path, ARRAY_SIZE(path), L"\\\\?\\%s", base_dir);
    for (depth = 0; depth < 8; depth++) {
        lstrcatW(path, L"\\");
        lstrcatW(path, component);
        if (!ok(CreateDirectoryW(path, NULL), "CreateDirectoryW at depth %d (%d chars), error %lu\n",
                depth, lstrlenW(path), GetLastError()))
            return;
    }
    ok(lstrlenW(path) > MAX_PATH, "path is only %d characters\n", lstrlenW(path));
    swprintf(file_path, ARRAY_SIZE(file_path), L"%s\\deep.txt", path);
    ok(write_small_file(file_path, "deep"), "creating a file at %d characters failed, error %lu\n",
       lstrlenW(file_path), GetLastError());

    file = CreateFileW(file_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "opening the long path failed, error %lu\n", GetLastError());
    if (file == INVALID_HANDLE_VALUE) return;

    /* The result carries the \\?\ prefix and the length excludes the terminating null. */
    length = GetFinalPathNameByHandleW(file, final, ARRAY_SIZE(final),
                                       FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    ok(length == (DWORD)lstrlenW(file_path),
       "GetFinalPathNameByHandleW returned %lu, want %d, error %lu\n", length,
       lstrlenW(file_path), GetLastError());
    ok(!lstrcmpiW(final, file_path), "GetFinalPathNameByHandleW gave %s\n", wine_dbgstr_w(final));

    /* Too small a buffer: the size needed, counting the terminating null. */
    needed = GetFinalPathNameByHandleW(file, final, 10, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    ok(needed == length + 1, "with a small buffer: %lu, want %lu\n", needed, length + 1);
    CloseHandle(file);

    ok(DeleteFileW(file_path), "deleting the deep file failed, error %lu\n", GetLastError());
    for (depth = 0; depth < 8; depth++) {
        ok(RemoveDirectoryW(path), "RemoveDirectoryW at depth %d, error %lu\n", 7 - depth,
           GetLastError());
        *wcsrchr(path, L'\\') = 0;
    }
}

static void test_final_path_forms(void) {
    WCHAR path[MAX_PATH], final[MAX_PATH];
    HANDLE file;
    DWORD length;

    swprintf(path, MAX_PATH, L"%s\\Final.TXT", base_dir);
    if (!ok(write_small_file(path, "x"), "creating Final.TXT failed, error %lu\n", GetLastError()))
        return;
    /* Open it by a name in another case: the normalised name is the one on disk. */
    swprintf(path, MAX_PATH, L"%s\\final.txt", base_dir);
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (!ok(file != INVALID_HANDLE_VALUE, "opening final.txt failed, error %lu\n", GetLastError()))
        return;

    length = GetFinalPathNameByHandleW(file, final, MAX_PATH, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    ok(length && !wcsncmp(final, L"\\\\?\\", 4), "VOLUME_NAME_DOS gave %s\n", wine_dbgstr_w(final));
    ok(length > 10 && !wcscmp(final + length - 10, L"\\Final.TXT"),
       "normalised name keeps the case on disk: %s\n", wine_dbgstr_w(final));
    ok(length > 4 && !_wcsnicmp(final + 4, base_dir, lstrlenW(base_dir)), "unexpected folder in %s\n",
       wine_dbgstr_w(final));

    length = GetFinalPathNameByHandleW(file, final, MAX_PATH, FILE_NAME_NORMALIZED | VOLUME_NAME_NONE);
    ok(length && final[0] == L'\\' && final[1] != L'\\' && !wcschr(final, L':'),
       "VOLUME_NAME_NONE gave %s\n", wine_dbgstr_w(final));

    length = GetFinalPathNameByHandleW(file, final, MAX_PATH, FILE_NAME_NORMALIZED | VOLUME_NAME_NT);
    ok(length && !wcsncmp(final, L"\\Device\\", 8), "VOLUME_NAME_NT gave %s\n",
       wine_dbgstr_w(final));

    length = GetFinalPathNameByHandleW(file, final, MAX_PATH, FILE_NAME_NORMALIZED | VOLUME_NAME_GUID);
    ok(length && !wcsncmp(final, L"\\\\?\\Volume{", 11), "VOLUME_NAME_GUID gave %s, error %lu\n",
       wine_dbgstr_w(final), GetLastError());
    CloseHandle(file);
    DeleteFileW(path);
}

static void test_full_path_name(void) {
    static const struct {
        const WCHAR* input;
        const WCHAR* expected;
    } cases[] = {
        {L"C:\\a\\b\\..\\c.txt", L"C:\\a\\c.txt"},
        {L"C:\\a\\.\\b\\.\\c", L"C:\\a\\b\\c"},
        {L"C:/a/b/c", L"C:\\a\\b\\c"},
        {L"C:\\a\\..\\..\\..\\b", L"C:\\b"},
        /* Trailing dots and spaces are removed from the last component. */
        {L"C:\\dir\\file. . ", L"C:\\dir\\file"},
        {L"\\\\server\\share\\x\\..\\y", L"\\\\server\\share\\y"},
    };
    WCHAR full[MAX_PATH], cwd[MAX_PATH], expected[MAX_PATH];
    WCHAR* file_part;
    DWORD length;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        length = GetFullPathNameW(cases[i].input, MAX_PATH, full, NULL);
        ok(length == (DWORD)lstrlenW(cases[i].expected) && !lstrcmpW(full, cases[i].expected),
           "GetFullPathNameW(%s) = %s (%lu)\n", wine_dbgstr_w(cases[i].input),
           wine_dbgstr_w(full), length);
    }

    /* A relative name is resolved against the current directory. */
    GetCurrentDirectoryW(MAX_PATH, cwd);
    swprintf(expected, MAX_PATH, L"%s%sname.txt", cwd,
             cwd[lstrlenW(cwd) - 1] == L'\\' ? L"" : L"\\");
    length = GetFullPathNameW(L"name.txt", MAX_PATH, full, &file_part);
    ok(!lstrcmpiW(full, expected), "relative name gave %s, want %s\n", wine_dbgstr_w(full),
       wine_dbgstr_w(expected));
    ok(length && file_part && !lstrcmpW(file_part, L"name.txt"), "file part %s\n",
       file_part ? wine_dbgstr_w(file_part) : "(null)");
}

static void test_invalid_names(void) {
    static const WCHAR* bad[] = {L"a<b", L"a>b", L"a|b", L"a\"b", L"a?b", L"a*b"};
    WCHAR path[MAX_PATH];
    HANDLE file;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        swprintf(path, MAX_PATH, L"%s\\%s", base_dir, bad[i]);
        SetLastError(0xdeadbeef);
        file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        ok(file == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
           "CreateFileW(%s): handle %p, error %lu, want ERROR_INVALID_NAME\n",
           wine_dbgstr_w(bad[i]), file, GetLastError());
        if (file != INVALID_HANDLE_VALUE) {
            CloseHandle(file);
            DeleteFileW(path);
        }
    }

    /* NUL is a device in every folder. */
    swprintf(path, MAX_PATH, L"%s\\NUL", base_dir);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "opening NUL in a folder failed, error %lu\n", GetLastError());
    if (file != INVALID_HANDLE_VALUE) {
        ok(GetFileType(file) == FILE_TYPE_CHAR, "NUL has file type %lu\n", GetFileType(file));
        CloseHandle(file);
    }
}

static void test_rename_and_attributes(void) {
    WCHAR from[MAX_PATH], to[MAX_PATH];
    DWORD attributes;

    swprintf(from, MAX_PATH, L"%s\\before-\x00fc.txt", base_dir);
    swprintf(to, MAX_PATH, L"%s\\after-\x4e2d.txt", base_dir);
    if (!ok(write_small_file(from, "rename"), "creating before file failed\n")) return;
    ok(MoveFileExW(from, to, 0), "MoveFileExW failed, error %lu\n", GetLastError());
    ok(GetFileAttributesW(from) == INVALID_FILE_ATTRIBUTES &&
           GetLastError() == ERROR_FILE_NOT_FOUND,
       "old name still there or wrong error %lu\n", GetLastError());

    ok(SetFileAttributesW(to, FILE_ATTRIBUTE_READONLY), "SetFileAttributesW failed, error %lu\n",
       GetLastError());
    attributes = GetFileAttributesW(to);
    ok(attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY),
       "attributes 0x%lx\n", attributes);
    /* A read-only file cannot be deleted. */
    SetLastError(0xdeadbeef);
    ok(!DeleteFileW(to) && GetLastError() == ERROR_ACCESS_DENIED,
       "DeleteFileW of a read-only file: error %lu\n", GetLastError());
    SetFileAttributesW(to, FILE_ATTRIBUTE_NORMAL);
    ok(DeleteFileW(to), "DeleteFileW failed, error %lu\n", GetLastError());
}

int main(void) {
    probe_start("paths");
    if (!make_base_dir()) {
        ok(0, "cannot create a folder under %%TEMP%%, error %lu\n", GetLastError());
        return probe_finish();
    }
    test_unicode_names();
    test_long_paths();
    test_final_path_forms();
    test_full_path_name();
    test_invalid_names();
    test_rename_and_attributes();
    ok(RemoveDirectoryW(base_dir), "removing %s failed, error %lu\n", wine_dbgstr_w(base_dir),
       GetLastError());
    return probe_finish();
}
