/* threads: the synchronisation primitives runtimes build on. Events (manual and auto reset),
 * mutexes (recursion, ownership, abandonment), semaphores, WaitForMultipleObjects, critical
 * sections, SRW locks, condition variables, one-time initialisation, TLS, named objects and the
 * thread pool. Counts under contention also check that atomics hold under emulation.
 * Output: wine's test format (probe_test.h). */
#include "probe_test.h"

#define WORKERS 4
#define ROUNDS 20000

static HANDLE start_thread(LPTHREAD_START_ROUTINE routine, void* arg) {
    return CreateThread(NULL, 0, routine, arg, 0, NULL);
}

static BOOL join_all(HANDLE* threads, int count) {
    BOOL done = WaitForMultipleObjects(count, threads, TRUE, 60000) == WAIT_OBJECT_0;
    int i;
    for (i = 0; i < count; i++) CloseHandle(threads[i]);
    return done;
}

static DWORD WINAPI return_argument(void* arg) {
    return (DWORD)(ULONG_PTR)arg;
}

static void test_thread_basics(void) {
    DWORD exit_code = 0;
    HRESULT hr;
    HANDLE thread = start_thread(return_argument, (void*)1234);
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(GetExitCodeThread(thread, &exit_code) && exit_code == 1234, "thread exit code %lu\n",
       exit_code);
    CloseHandle(thread);
    /* Both return "an HRESULT that denotes a successful operation": SUCCEEDED, not S_OK. */
    hr = SetThreadDescription(GetCurrentThread(), L"probe main");
    ok(SUCCEEDED(hr), "SetThreadDescription: 0x%08lx\n", hr);
    {
        WCHAR* description = NULL;
        hr = GetThreadDescription(GetCurrentThread(), &description);
        ok(SUCCEEDED(hr) && description && !lstrcmpW(description, L"probe main"),
           "GetThreadDescription: 0x%08lx, %s\n", hr, wine_dbgstr_w(description));
        LocalFree(description);
    }
}

static HANDLE auto_event;
static LONG woken;

static DWORD WINAPI wait_auto_event(void* arg) {
    if (WaitForSingleObject(auto_event, 3000) == WAIT_OBJECT_0) InterlockedIncrement(&woken);
    return 0;
}

static void test_events(void) {
    HANDLE manual = CreateEventW(NULL, TRUE, FALSE, NULL), threads[3];
    int i;

    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "new event signalled\n");
    SetEvent(manual);
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0 && WaitForSingleObject(manual, 0) == WAIT_OBJECT_0,
       "manual-reset event did not stay signalled\n");
    ResetEvent(manual);
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "ResetEvent did not reset\n");
    CloseHandle(manual);

    /* One SetEvent on an auto-reset event releases exactly one waiter. */
    auto_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    for (i = 0; i < 3; i++) threads[i] = start_thread(wait_auto_event, NULL);
    Sleep(300);
    SetEvent(auto_event);
    join_all(threads, 3);
    ok(woken == 1, "%ld waiters woke for one SetEvent\n", woken);
    CloseHandle(auto_event);
}

static HANDLE shared_mutex;

static DWORD WINAPI release_foreign_mutex(void* arg) {
    SetLastError(0xdeadbeef);
    if (ReleaseMutex(shared_mutex)) return 1;
    return GetLastError();
}

static DWORD WINAPI take_mutex_and_exit(void* arg) {
    WaitForSingleObject(shared_mutex, INFINITE);
    return 0;
}

static void test_mutexes(void) {
    HANDLE thread;
    DWORD result = 0;

    shared_mutex = CreateMutexW(NULL, TRUE, NULL);
    /* The owner may take it again, and must release it as many times. */
    ok(WaitForSingleObject(shared_mutex, 0) == WAIT_OBJECT_0, "recursive acquire failed\n");
    thread = start_thread(release_foreign_mutex, NULL);
    WaitForSingleObject(thread, 10000);
    GetExitCodeThread(thread, &result);
    CloseHandle(thread);
    ok(result == ERROR_NOT_OWNER, "ReleaseMutex by another thread: %lu, want ERROR_NOT_OWNER\n",
       result);
    ok(ReleaseMutex(shared_mutex) && ReleaseMutex(shared_mutex), "releasing twice failed\n");
    ok(!ReleaseMutex(shared_mutex) && GetLastError() == ERROR_NOT_OWNER,
       "third release: error %lu\n", GetLastError());

    /* A thread that exits holding a mutex abandons it; the next waiter is told so. */
    thread = start_thread(take_mutex_and_exit, NULL);
    WaitForSingleObject(thread, 10000);
    CloseHandle(thread);
    ok(WaitForSingleObject(shared_mutex, 5000) == WAIT_ABANDONED, "abandoned mutex not reported\n");
    ReleaseMutex(shared_mutex);
    CloseHandle(shared_mutex);
}

static void test_semaphores_and_multiple_waits(void) {
    HANDLE semaphore = CreateSemaphoreW(NULL, 2, 2, NULL), objects[3];
    LONG previous = -1;

    ok(WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0 &&
           WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0 &&
           WaitForSingleObject(semaphore, 0) == WAIT_TIMEOUT,
       "semaphore of 2 did not allow exactly 2\n");
    ok(ReleaseSemaphore(semaphore, 1, &previous) && previous == 0, "previous count %ld\n", previous);
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(semaphore, 2, &previous) && GetLastError() == ERROR_TOO_MANY_POSTS,
       "releasing past the maximum: error %lu\n", GetLastError());

    objects[0] = CreateEventW(NULL, TRUE, FALSE, NULL);
    objects[1] = CreateEventW(NULL, TRUE, FALSE, NULL);
    objects[2] = semaphore;
    /* The semaphore (count 1) is the only signalled object. */
    ok(WaitForMultipleObjects(3, objects, FALSE, 0) == WAIT_OBJECT_0 + 2, "wait-any index wrong\n");
    ok(WaitForMultipleObjects(3, objects, TRUE, 0) == WAIT_TIMEOUT, "wait-all not a timeout\n");
    SetEvent(objects[0]);
    SetEvent(objects[1]);
    ReleaseSemaphore(semaphore, 1, NULL);
    ok(WaitForMultipleObjects(3, objects, TRUE, 0) == WAIT_OBJECT_0, "wait-all failed\n");
    /* Wait-any reports the lowest signalled index. */
    ok(WaitForMultipleObjects(3, objects, FALSE, 0) == WAIT_OBJECT_0, "lowest index not reported\n");
    CloseHandle(objects[0]);
    CloseHandle(objects[1]);
    CloseHandle(semaphore);
}

static CRITICAL_SECTION section;
static SRWLOCK srw = SRWLOCK_INIT;
static LONG plain_counter;

static DWORD WINAPI count_in_section(void* arg) {
    int i;
    for (i = 0; i < ROUNDS; i++) {
        EnterCriticalSection(&section);
        plain_counter++;
        LeaveCriticalSection(&section);
    }
    return 0;
}

static DWORD WINAPI count_in_srw(void* arg) {
    int i;
    for (i = 0; i < ROUNDS; i++) {
        AcquireSRWLockExclusive(&srw);
        plain_counter++;
        ReleaseSRWLockExclusive(&srw);
    }
    return 0;
}

static DWORD WINAPI count_interlocked(void* arg) {
    int i;
    for (i = 0; i < ROUNDS; i++) InterlockedIncrement(&plain_counter);
    return 0;
}

static DWORD WINAPI try_enter_section(void* arg) {
    BOOL entered = TryEnterCriticalSection(&section);
    if (entered) LeaveCriticalSection(&section);
    return entered;
}

static DWORD WINAPI try_exclusive_srw(void* arg) {
    BOOL acquired = TryAcquireSRWLockExclusive(&srw);
    if (acquired) ReleaseSRWLockExclusive(&srw);
    return acquired;
}

static DWORD WINAPI try_shared_srw(void* arg) {
    BOOL acquired = TryAcquireSRWLockShared(&srw);
    if (acquired) ReleaseSRWLockShared(&srw);
    return acquired;
}

static DWORD run_and_get_exit_code(LPTHREAD_START_ROUTINE routine) {
    DWORD exit_code = 0xdeadbeef;
    HANDLE thread = start_thread(routine, NULL);
    WaitForSingleObject(thread, 10000);
    GetExitCodeThread(thread, &exit_code);
    CloseHandle(thread);
    return exit_code;
}

static void count_with(LPTHREAD_START_ROUTINE routine, const char* what) {
    HANDLE threads[WORKERS];
    int i;
    plain_counter = 0;
    for (i = 0; i < WORKERS; i++) threads[i] = start_thread(routine, NULL);
    ok(join_all(threads, WORKERS), "%s: workers did not finish\n", what);
    ok(plain_counter == WORKERS * ROUNDS, "%s: counter %ld, want %d\n", what, plain_counter,
       WORKERS * ROUNDS);
}

static void test_locks(void) {
    InitializeCriticalSection(&section);
    count_with(count_in_section, "critical section");
    count_with(count_in_srw, "SRW lock");
    count_with(count_interlocked, "InterlockedIncrement");

    EnterCriticalSection(&section);
    ok(TryEnterCriticalSection(&section), "owner cannot re-enter\n");
    LeaveCriticalSection(&section);
    ok(run_and_get_exit_code(try_enter_section) == FALSE, "another thread entered a held section\n");
    LeaveCriticalSection(&section);
    ok(run_and_get_exit_code(try_enter_section) == TRUE, "free section not entered\n");
    DeleteCriticalSection(&section);

    /* Shared SRW holders admit other readers and keep writers out. */
    AcquireSRWLockShared(&srw);
    ok(run_and_get_exit_code(try_shared_srw) == TRUE, "second reader refused\n");
    ok(run_and_get_exit_code(try_exclusive_srw) == FALSE, "writer admitted beside a reader\n");
    ReleaseSRWLockShared(&srw);
    ok(run_and_get_exit_code(try_exclusive_srw) == TRUE, "writer refused on a free lock\n");
}

static CRITICAL_SECTION queue_lock;
static CONDITION_VARIABLE queue_changed = CONDITION_VARIABLE_INIT;
static int queue[64], queue_length, consumed_sum;

static DWORD WINAPI consume(void* arg) {
    int taken = 0;
    while (taken < 32) {
        EnterCriticalSection(&queue_lock);
        while (!queue_length) SleepConditionVariableCS(&queue_changed, &queue_lock, INFINITE);
        consumed_sum += queue[--queue_length];
        taken++;
        LeaveCriticalSection(&queue_lock);
    }
    return 0;
}

static void test_condition_variables(void) {
    HANDLE consumer;
    int i, expected = 0;
    BOOL slept;

    InitializeCriticalSection(&queue_lock);
    consumer = start_thread(consume, NULL);
    for (i = 1; i <= 32; i++) {
        EnterCriticalSection(&queue_lock);
        queue[queue_length++] = i;
        expected += i;
        LeaveCriticalSection(&queue_lock);
        WakeConditionVariable(&queue_changed);
        if (i % 8 == 0) Sleep(10);
    }
    ok(WaitForSingleObject(consumer, 20000) == WAIT_OBJECT_0, "consumer did not finish\n");
    CloseHandle(consumer);
    ok(consumed_sum == expected, "consumed %d, want %d\n", consumed_sum, expected);
    DeleteCriticalSection(&queue_lock);

    /* Nobody wakes it: the sleep times out with ERROR_TIMEOUT. */
    AcquireSRWLockExclusive(&srw);
    SetLastError(0xdeadbeef);
    slept = SleepConditionVariableSRW(&queue_changed, &srw, 50, 0);
    ok(!slept && GetLastError() == ERROR_TIMEOUT, "timed-out sleep: %d, error %lu\n", slept,
       GetLastError());
    ReleaseSRWLockExclusive(&srw);
}

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static LONG once_calls;

static BOOL CALLBACK initialise_once(INIT_ONCE* init_once, void* parameter, void** context) {
    InterlockedIncrement(&once_calls);
    Sleep(50);
    *context = (void*)0x1230;
    return TRUE;
}

static DWORD WINAPI run_once(void* arg) {
    void* context = NULL;
    InitOnceExecuteOnce(&once, initialise_once, NULL, &context);
    return context == (void*)0x1230;
}

static DWORD tls_slot;

static DWORD WINAPI check_tls(void* arg) {
    BOOL fresh = TlsGetValue(tls_slot) == NULL;
    TlsSetValue(tls_slot, arg);
    Sleep(20);
    return fresh && TlsGetValue(tls_slot) == arg;
}

static void test_once_and_tls(void) {
    HANDLE threads[WORKERS];
    DWORD result;
    int i, good = 0;

    for (i = 0; i < WORKERS; i++) threads[i] = start_thread(run_once, NULL);
    WaitForMultipleObjects(WORKERS, threads, TRUE, 20000);
    for (i = 0; i < WORKERS; i++) {
        GetExitCodeThread(threads[i], &result);
        good += result == 1;
        CloseHandle(threads[i]);
    }
    ok(once_calls == 1 && good == WORKERS, "InitOnceExecuteOnce ran %ld times, %d saw the result\n",
       once_calls, good);

    tls_slot = TlsAlloc();
    ok(tls_slot != TLS_OUT_OF_INDEXES, "TlsAlloc failed\n");
    TlsSetValue(tls_slot, (void*)1);
    for (i = 0; i < WORKERS; i++) threads[i] = start_thread(check_tls, (void*)(ULONG_PTR)(i + 10));
    WaitForMultipleObjects(WORKERS, threads, TRUE, 20000);
    for (good = 0, i = 0; i < WORKERS; i++) {
        GetExitCodeThread(threads[i], &result);
        good += result == 1;
        CloseHandle(threads[i]);
    }
    ok(good == WORKERS, "%d of %d threads had their own TLS value\n", good, WORKERS);
    ok(TlsGetValue(tls_slot) == (void*)1, "main thread's TLS value changed\n");
    TlsFree(tls_slot);
}

static void test_named_objects(void) {
    WCHAR name[64];
    HANDLE first, second, opened;
    swprintf(name, ARRAY_SIZE(name), L"Local\\woa-threads-%lu", GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    first = CreateEventW(NULL, TRUE, FALSE, name);
    ok(first && GetLastError() != ERROR_ALREADY_EXISTS, "first CreateEventW: error %lu\n",
       GetLastError());
    second = CreateEventW(NULL, TRUE, FALSE, name);
    ok(second && GetLastError() == ERROR_ALREADY_EXISTS, "second CreateEventW: error %lu\n",
       GetLastError());
    opened = OpenEventW(EVENT_MODIFY_STATE, FALSE, name);
    ok(opened != NULL, "OpenEventW failed, error %lu\n", GetLastError());
    SetEvent(opened);
    ok(WaitForSingleObject(first, 0) == WAIT_OBJECT_0, "the named event is not the same object\n");
    /* The same name for another kind of object is refused. */
    SetLastError(0xdeadbeef);
    ok(!CreateMutexW(NULL, FALSE, name) && GetLastError() == ERROR_INVALID_HANDLE,
       "CreateMutexW with an event's name: error %lu\n", GetLastError());
    CloseHandle(opened);
    CloseHandle(second);
    CloseHandle(first);
}

static LONG pool_runs;
static HANDLE pool_done;

static void CALLBACK pool_work(PTP_CALLBACK_INSTANCE instance, void* context, PTP_WORK work) {
    if (InterlockedIncrement(&pool_runs) == 8) SetEvent(pool_done);
}

static void test_thread_pool(void) {
    PTP_WORK work = CreateThreadpoolWork(pool_work, NULL, NULL);
    int i;
    pool_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!ok(work != NULL, "CreateThreadpoolWork failed, error %lu\n", GetLastError())) return;
    for (i = 0; i < 8; i++) SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(pool_runs == 8, "thread pool ran %ld of 8 callbacks\n", pool_runs);
    CloseThreadpoolWork(work);
    CloseHandle(pool_done);
}

int main(void) {
    probe_start("threads");
    test_thread_basics();
    test_events();
    test_mutexes();
    test_semaphores_and_multiple_waits();
    test_locks();
    test_condition_variables();
    test_once_and_tls();
    test_named_objects();
    test_thread_pool();
    return probe_finish();
}
