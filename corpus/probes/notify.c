/* notify: folder change notifications, which build tools and editors rely on to watch files.
 * FindFirstChangeNotificationW signals and re-arms, ReadDirectoryChangesW reports additions,
 * renames (old then new name), removals, and names relative to the watched folder in a subtree.
 * Output: wine's test format (probe_test.h). */
#include "probe_test.h"

static WCHAR dir_path[MAX_PATH];

/* Names of files and of folders: a new folder is a FILE_NOTIFY_CHANGE_DIR_NAME change. */
#define WATCHED_CHANGES (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME)

static void touch(const WCHAR* name) {
    WCHAR path[MAX_PATH];
    HANDLE file;
    swprintf(path, MAX_PATH, L"%s\\%s", dir_path, name);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
}

static void remove_file(const WCHAR* name) {
    WCHAR path[MAX_PATH];
    swprintf(path, MAX_PATH, L"%s\\%s", dir_path, name);
    DeleteFileW(path);
}

static void test_find_change_notification(void) {
    HANDLE change = FindFirstChangeNotificationW(dir_path, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);
    if (!ok(change != INVALID_HANDLE_VALUE, "FindFirstChangeNotificationW failed, error %lu\n",
            GetLastError()))
        return;
    ok(WaitForSingleObject(change, 100) == WAIT_TIMEOUT, "signalled with no change\n");
    touch(L"first.txt");
    ok(WaitForSingleObject(change, 5000) == WAIT_OBJECT_0, "not signalled by a new file\n");
    ok(FindNextChangeNotification(change), "FindNextChangeNotification failed, error %lu\n",
       GetLastError());
    ok(WaitForSingleObject(change, 100) == WAIT_TIMEOUT, "still signalled after re-arming\n");
    remove_file(L"first.txt");
    ok(WaitForSingleObject(change, 5000) == WAIT_OBJECT_0, "not signalled by a deletion\n");
    ok(FindCloseChangeNotification(change), "FindCloseChangeNotification failed, error %lu\n",
       GetLastError());
}

/* Collected FILE_NOTIFY_INFORMATION records, flattened to "action:name" strings. */
struct events {
    WCHAR text[32][MAX_PATH];
    int count;
};

static void append_records(struct events* events, const BYTE* buffer) {
    const FILE_NOTIFY_INFORMATION* record = (const FILE_NOTIFY_INFORMATION*)buffer;
    for (;;) {
        if (events->count < (int)ARRAY_SIZE(events->text))
            swprintf(events->text[events->count++], MAX_PATH, L"%lu:%.*s", record->Action,
                     (int)(record->FileNameLength / sizeof(WCHAR)), record->FileName);
        if (!record->NextEntryOffset) break;
        record = (const FILE_NOTIFY_INFORMATION*)((const BYTE*)record + record->NextEntryOffset);
    }
}

/* Reads changes until `wanted` records arrived or 5 s passed without one. */
static void read_changes(HANDLE dir, BOOL subtree, struct events* events, int wanted) {
    static DWORD buffer[4096];
    OVERLAPPED overlapped = {0};
    DWORD bytes;

    overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    while (events->count < wanted) {
        ResetEvent(overlapped.hEvent);
        if (!ReadDirectoryChangesW(dir, buffer, sizeof buffer, subtree, WATCHED_CHANGES,
                                   NULL, &overlapped, NULL)) {
            ok(0, "ReadDirectoryChangesW failed, error %lu\n", GetLastError());
            break;
        }
        if (WaitForSingleObject(overlapped.hEvent, 5000) != WAIT_OBJECT_0) {
            CancelIo(dir);
            GetOverlappedResult(dir, &overlapped, &bytes, TRUE);
            break;
        }
        if (!GetOverlappedResult(dir, &overlapped, &bytes, FALSE) || !bytes) break;
        append_records(events, (const BYTE*)buffer);
    }
    CloseHandle(overlapped.hEvent);
}

static BOOL has_event(const struct events* events, const WCHAR* text) {
    int i;
    for (i = 0; i < events->count; i++)
        if (!lstrcmpiW(events->text[i], text)) return TRUE;
    return FALSE;
}

static int index_of(const struct events* events, const WCHAR* text) {
    int i;
    for (i = 0; i < events->count; i++)
        if (!lstrcmpiW(events->text[i], text)) return i;
    return -1;
}

static void trace_events(const struct events* events) {
    int i;
    for (i = 0; i < events->count; i++) trace("event %d: %s\n", i, wine_dbgstr_w(events->text[i]));
}

static void test_read_directory_changes(void) {
    static struct events events;
    WCHAR from[MAX_PATH], to[MAX_PATH], sub[MAX_PATH];
    HANDLE dir;
    int old_index, new_index;

    dir = CreateFileW(dir_path, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, NULL);
    if (!ok(dir != INVALID_HANDLE_VALUE, "opening the folder failed, error %lu\n", GetLastError()))
        return;

    /* The first call starts the watch; changes after it are queued even between calls. */
    memset(&events, 0, sizeof events);
    {
        static DWORD buffer[1024];
        OVERLAPPED overlapped = {0};
        DWORD bytes = 0;
        overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
        ok(ReadDirectoryChangesW(dir, buffer, sizeof buffer, TRUE, WATCHED_CHANGES,
                                 NULL, &overlapped, NULL),
           "ReadDirectoryChangesW failed, error %lu\n", GetLastError());
        touch(L"added.txt");
        ok(WaitForSingleObject(overlapped.hEvent, 5000) == WAIT_OBJECT_0, "no change reported\n");
        if (GetOverlappedResult(dir, &overlapped, &bytes, FALSE) && bytes)
            append_records(&events, (const BYTE*)buffer);
        CloseHandle(overlapped.hEvent);
    }
    ok(has_event(&events, L"1:added.txt"), "FILE_ACTION_ADDED for added.txt missing\n");

    swprintf(from, MAX_PATH, L"%s\\added.txt", dir_path);
    swprintf(to, MAX_PATH, L"%s\\renamed.txt", dir_path);
    MoveFileW(from, to);
    DeleteFileW(to);
    read_changes(dir, TRUE, &events, 4);
    old_index = index_of(&events, L"4:added.txt");
    new_index = index_of(&events, L"5:renamed.txt");
    ok(old_index >= 0 && new_index == old_index + 1,
       "rename: FILE_ACTION_RENAMED_OLD_NAME then _NEW_NAME expected (at %d and %d)\n", old_index,
       new_index);
    ok(has_event(&events, L"2:renamed.txt"), "FILE_ACTION_REMOVED for renamed.txt missing\n");

    /* In a subtree watch, names are relative to the watched folder. */
    swprintf(sub, MAX_PATH, L"%s\\sub", dir_path);
    CreateDirectoryW(sub, NULL);
    touch(L"sub\\nested.txt");
    read_changes(dir, TRUE, &events, 6);
    ok(has_event(&events, L"1:sub"), "FILE_ACTION_ADDED for the folder missing\n");
    ok(has_event(&events, L"1:sub\\nested.txt"), "FILE_ACTION_ADDED for sub\\nested.txt missing\n");
    if (winetest_get_failures()) trace_events(&events);

    remove_file(L"sub\\nested.txt");
    RemoveDirectoryW(sub);
    CloseHandle(dir);
}

int main(void) {
    WCHAR temp[MAX_PATH];
    probe_start("notify");
    GetTempPathW(MAX_PATH, temp);
    swprintf(dir_path, MAX_PATH, L"%swoa-notify-%lu", temp, GetCurrentProcessId());
    if (!ok(CreateDirectoryW(dir_path, NULL), "CreateDirectoryW failed, error %lu\n", GetLastError()))
        return probe_finish();
    test_find_change_notification();
    test_read_directory_changes();
    ok(RemoveDirectoryW(dir_path), "removing the folder failed, error %lu\n", GetLastError());
    return probe_finish();
}
