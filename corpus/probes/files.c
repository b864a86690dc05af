/* files: sharing modes and byte-range locks, which Windows enforces between handles and Linux
 * does not: CreateFile share-mode conflicts, delete sharing, FILE_FLAG_DELETE_ON_CLOSE,
 * LockFileEx exclusive and shared locks, blocking locks released by another thread.
 * Output: wine's test format (probe_test.h). */
#include "probe_test.h"

static WCHAR file_path[MAX_PATH];

static HANDLE open_file(DWORD access, DWORD share, DWORD disposition) {
    return CreateFileW(file_path, access, share, NULL, disposition, 0, NULL);
}

static void test_share_modes(void) {
    HANDLE first, second, third;

    first = open_file(GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    if (!ok(first != INVALID_HANDLE_VALUE, "creating the file failed, error %lu\n", GetLastError()))
        return;
    /* No sharing: every other open fails. */
    SetLastError(0xdeadbeef);
    second = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(second == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "open of an unshared file: handle %p, error %lu\n", second, GetLastError());
    if (second != INVALID_HANDLE_VALUE) CloseHandle(second);
    CloseHandle(first);

    /* FILE_SHARE_READ lets readers in and keeps writers out. */
    first = open_file(GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    second = open_file(GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(second != INVALID_HANDLE_VALUE, "second reader refused, error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    third = open_file(GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(third == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "writer let in by FILE_SHARE_READ: error %lu\n", GetLastError());
    if (third != INVALID_HANDLE_VALUE) CloseHandle(third);
    CloseHandle(second);
    CloseHandle(first);

    /* The new open's share mode must also allow the access already granted. */
    first = open_file(GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    second = open_file(GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(second == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "reader not sharing write, while a writer is open: error %lu\n", GetLastError());
    if (second != INVALID_HANDLE_VALUE) CloseHandle(second);
    second = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(second != INVALID_HANDLE_VALUE, "compatible reader refused, error %lu\n", GetLastError());
    if (second != INVALID_HANDLE_VALUE) CloseHandle(second);

    /* Deleting needs FILE_SHARE_DELETE from every open handle. */
    SetLastError(0xdeadbeef);
    ok(!DeleteFileW(file_path) && GetLastError() == ERROR_SHARING_VIOLATION,
       "DeleteFileW without FILE_SHARE_DELETE: error %lu\n", GetLastError());
    CloseHandle(first);

    first = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING);
    ok(DeleteFileW(file_path), "DeleteFileW with FILE_SHARE_DELETE failed, error %lu\n",
       GetLastError());
    CloseHandle(first);
    ok(GetFileAttributesW(file_path) == INVALID_FILE_ATTRIBUTES,
       "file still exists after the last handle closed\n");
}

static void test_delete_on_close(void) {
    HANDLE file = CreateFileW(file_path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                              CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    HANDLE reader;
    if (!ok(file != INVALID_HANDLE_VALUE, "CreateFileW failed, error %lu\n", GetLastError())) return;
    ok(GetFileAttributesW(file_path) != INVALID_FILE_ATTRIBUTES, "file not visible while open\n");
    /* Other opens must share delete access, since the file will be deleted. */
    SetLastError(0xdeadbeef);
    reader = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(reader == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "open without FILE_SHARE_DELETE: error %lu\n", GetLastError());
    if (reader != INVALID_HANDLE_VALUE) CloseHandle(reader);
    CloseHandle(file);
    ok(GetFileAttributesW(file_path) == INVALID_FILE_ATTRIBUTES,
       "FILE_FLAG_DELETE_ON_CLOSE file survived its handle\n");
}

struct lock_waiter {
    HANDLE file;
    HANDLE done;
    BOOL locked;
};

static DWORD WINAPI wait_for_lock(void* arg) {
    struct lock_waiter* waiter = arg;
    OVERLAPPED range = {0};
    waiter->locked = LockFileEx(waiter->file, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &range);
    SetEvent(waiter->done);
    return 0;
}

static void test_locks(void) {
    static const char data[64] = "0123456789abcdefghijklmnopqrstuvwxyz";
    HANDLE first, second, thread;
    OVERLAPPED range = {0};
    struct lock_waiter waiter;
    char buffer[16];
    DWORD count;

    first = open_file(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS);
    if (!ok(first != INVALID_HANDLE_VALUE, "CreateFileW failed, error %lu\n", GetLastError())) return;
    WriteFile(first, data, sizeof data, &count, NULL);
    second = open_file(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(second != INVALID_HANDLE_VALUE, "second open failed, error %lu\n", GetLastError());

    /* Exclusive lock on bytes 0-9: other handles can neither read nor write them, even in the
     * same process, but can use the rest of the file. */
    ok(LockFileEx(first, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &range),
       "exclusive LockFileEx failed, error %lu\n", GetLastError());
    SetFilePointer(second, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok(!ReadFile(second, buffer, 4, &count, NULL) && GetLastError() == ERROR_LOCK_VIOLATION,
       "read of an exclusively locked range: error %lu\n", GetLastError());
    SetFilePointer(second, 20, NULL, FILE_BEGIN);
    ok(ReadFile(second, buffer, 4, &count, NULL) && count == 4 && !memcmp(buffer, "klmn", 4),
       "read outside the locked range failed, error %lu\n", GetLastError());
    SetFilePointer(first, 0, NULL, FILE_BEGIN);
    ok(ReadFile(first, buffer, 4, &count, NULL) && count == 4,
       "the lock's owner cannot read its range, error %lu\n", GetLastError());

    /* A conflicting lock fails at once with LOCKFILE_FAIL_IMMEDIATELY. */
    range.Offset = 5;
    SetLastError(0xdeadbeef);
    ok(!LockFileEx(second, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &range) &&
           GetLastError() == ERROR_LOCK_VIOLATION,
       "overlapping shared lock: error %lu\n", GetLastError());

    /* Without it, LockFileEx waits until the owner unlocks. */
    waiter.file = second;
    waiter.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    waiter.locked = FALSE;
    thread = CreateThread(NULL, 0, wait_for_lock, &waiter, 0, NULL);
    ok(WaitForSingleObject(waiter.done, 300) == WAIT_TIMEOUT, "blocking LockFileEx did not wait\n");
    range.Offset = 0;
    ok(UnlockFileEx(first, 0, 10, 0, &range), "UnlockFileEx failed, error %lu\n", GetLastError());
    ok(WaitForSingleObject(waiter.done, 10000) == WAIT_OBJECT_0 && waiter.locked,
       "blocking LockFileEx did not get the lock after the unlock\n");
    WaitForSingleObject(thread, 10000);
    CloseHandle(thread);
    CloseHandle(waiter.done);
    ok(UnlockFileEx(second, 0, 10, 0, &range), "unlock by the waiter failed, error %lu\n",
       GetLastError());

    /* Unlocking a range that is not locked fails (Windows: ERROR_NOT_LOCKED, from
     * STATUS_RANGE_NOT_LOCKED; the code itself is not documented, so only traced). */
    SetLastError(0xdeadbeef);
    ok(!UnlockFileEx(first, 0, 10, 0, &range), "unlocking an unlocked range succeeded\n");
    if (GetLastError() != ERROR_NOT_LOCKED)
        trace("unlocking an unlocked range: error %lu\n", GetLastError());

    /* Shared locks coexist, and keep everyone, the owners too, from writing. */
    ok(LockFileEx(first, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &range),
       "first shared lock failed, error %lu\n", GetLastError());
    ok(LockFileEx(second, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &range),
       "second shared lock failed, error %lu\n", GetLastError());
    SetFilePointer(first, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok(!WriteFile(first, "X", 1, &count, NULL) && GetLastError() == ERROR_LOCK_VIOLATION,
       "write into a shared-locked range: error %lu\n", GetLastError());
    SetFilePointer(second, 0, NULL, FILE_BEGIN);
    ok(ReadFile(second, buffer, 4, &count, NULL) && count == 4,
       "read of a shared-locked range failed, error %lu\n", GetLastError());
    UnlockFileEx(first, 0, 10, 0, &range);
    UnlockFileEx(second, 0, 10, 0, &range);

    /* Locking past the end of the file is allowed. */
    range.Offset = 1 << 20;
    ok(LockFileEx(first, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, &range),
       "lock beyond end of file failed, error %lu\n", GetLastError());
    ok(UnlockFileEx(first, 0, 100, 0, &range), "unlock beyond end of file failed\n");

    /* Closing the handle releases its locks. */
    range.Offset = 0;
    LockFileEx(first, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &range);
    CloseHandle(first);
    ok(LockFileEx(second, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &range),
       "lock still held after its handle closed, error %lu\n", GetLastError());
    CloseHandle(second);
    DeleteFileW(file_path);
}

int main(void) {
    WCHAR temp[MAX_PATH];
    probe_start("files");
    GetTempPathW(MAX_PATH, temp);
    swprintf(file_path, MAX_PATH, L"%swoa-files-%lu.dat", temp, GetCurrentProcessId());
    test_share_modes();
    test_delete_on_close();
    test_locks();
    return probe_finish();
}
