/* memory: virtual memory as JITs, garbage collectors and allocators use it. Reserve/commit
 * granularity, zero-filled commits, VirtualProtect and VirtualQuery, faults on protected pages
 * (reported to a vectored handler with the address and access kind), guard pages that fault
 * once, executable memory written at run time, write watches, shared file mappings, heaps.
 * Output: wine's test format (probe_test.h). */
#include "probe_test.h"

/* The last fault the handler saw; the handler skips the faulting instruction (4 bytes on
 * arm64) so the probe carries on. */
static volatile DWORD fault_code;
static volatile ULONG_PTR fault_kind, fault_address;
static volatile LONG fault_count;

static LONG CALLBACK record_fault(EXCEPTION_POINTERS* pointers) {
    EXCEPTION_RECORD* record = pointers->ExceptionRecord;
    if (record->ExceptionCode != EXCEPTION_ACCESS_VIOLATION &&
        record->ExceptionCode != STATUS_GUARD_PAGE_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    fault_code = record->ExceptionCode;
    fault_kind = record->NumberParameters >= 2 ? record->ExceptionInformation[0] : ~0ul;
    fault_address = record->NumberParameters >= 2 ? record->ExceptionInformation[1] : 0;
    InterlockedIncrement(&fault_count);
    pointers->ContextRecord->Pc += 4;
    return EXCEPTION_CONTINUE_EXECUTION;
}

/* One load or store each, so skipping one instruction skips exactly the access. */
__attribute__((noinline)) static void read_byte(volatile char* address) {
    __asm__ volatile("ldrb w9, [%0]" ::"r"(address) : "w9", "memory");
}

__attribute__((noinline)) static void write_byte(volatile char* address) {
    __asm__ volatile("strb wzr, [%0]" ::"r"(address) : "memory");
}

static void reset_fault(void) {
    fault_code = 0;
    fault_kind = ~0ul;
    fault_address = 0;
    fault_count = 0;
}

static SYSTEM_INFO system_info;

static void test_reserve_commit(void) {
    MEMORY_BASIC_INFORMATION info;
    char* region = VirtualAlloc(NULL, 1 << 20, MEM_RESERVE, PAGE_NOACCESS);
    char* committed;
    int i, nonzero = 0;

    if (!ok(region != NULL, "reserving 1 MiB failed, error %lu\n", GetLastError())) return;
    ok(((ULONG_PTR)region % system_info.dwAllocationGranularity) == 0,
       "reservation at %p is not aligned to %lu\n", region, system_info.dwAllocationGranularity);
    ok(VirtualQuery(region, &info, sizeof info) == sizeof info && info.State == MEM_RESERVE &&
           info.AllocationBase == region && info.RegionSize == 1 << 20,
       "reserved region: state 0x%lx size 0x%Ix\n", info.State, info.RegionSize);

    committed = VirtualAlloc(region + 3 * system_info.dwPageSize + 5, 100, MEM_COMMIT, PAGE_READWRITE);
    /* Commit rounds down to the page. */
    ok(committed == region + 3 * system_info.dwPageSize, "commit returned %p, want %p\n", committed,
       region + 3 * system_info.dwPageSize);
    if (committed) {
        for (i = 0; i < (int)system_info.dwPageSize; i++) nonzero += committed[i] != 0;
        ok(!nonzero, "%d bytes of a fresh commit are not zero\n", nonzero);
        ok(VirtualQuery(committed, &info, sizeof info) && info.State == MEM_COMMIT &&
               info.Protect == PAGE_READWRITE && info.RegionSize == system_info.dwPageSize,
           "committed page: state 0x%lx protect 0x%lx size 0x%Ix\n", info.State, info.Protect,
           info.RegionSize);
    }

    /* A reserved page that is not committed faults. */
    reset_fault();
    read_byte(region);
    ok(fault_count == 1 && fault_code == EXCEPTION_ACCESS_VIOLATION && fault_kind == 0 &&
           fault_address == (ULONG_PTR)region,
       "read of reserved memory: count %ld code 0x%lx kind %Iu address %p\n", fault_count,
       fault_code, fault_kind, (void*)fault_address);

    ok(VirtualFree(committed, system_info.dwPageSize, MEM_DECOMMIT), "MEM_DECOMMIT failed\n");
    ok(VirtualFree(region, 0, MEM_RELEASE), "MEM_RELEASE failed, error %lu\n", GetLastError());
    ok(VirtualQuery(region, &info, sizeof info) && info.State == MEM_FREE,
       "released region state 0x%lx\n", info.State);

    /* 64-bit address space: a 4 GiB reservation fits. */
    region = VirtualAlloc(NULL, (SIZE_T)4 << 30, MEM_RESERVE, PAGE_NOACCESS);
    ok(region != NULL, "reserving 4 GiB failed, error %lu\n", GetLastError());
    if (region) VirtualFree(region, 0, MEM_RELEASE);
}

static void test_protection(void) {
    MEMORY_BASIC_INFORMATION info;
    DWORD old = 0;
    char* page = VirtualAlloc(NULL, system_info.dwPageSize, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!ok(page != NULL, "VirtualAlloc failed, error %lu\n", GetLastError())) return;
    page[0] = 1;

    ok(VirtualProtect(page, system_info.dwPageSize, PAGE_READONLY, &old) && old == PAGE_READWRITE,
       "VirtualProtect to read-only: old 0x%lx\n", old);
    ok(VirtualQuery(page, &info, sizeof info) && info.Protect == PAGE_READONLY,
       "protection now 0x%lx\n", info.Protect);
    reset_fault();
    read_byte(page);
    ok(fault_count == 0, "read of a read-only page faulted\n");
    write_byte(page + 8);
    ok(fault_count == 1 && fault_kind == 1 && fault_address == (ULONG_PTR)(page + 8),
       "write to read-only: count %ld kind %Iu address %p (page %p)\n", fault_count, fault_kind,
       (void*)fault_address, page);
    ok(page[8] == 0, "the write went through\n");

    VirtualProtect(page, system_info.dwPageSize, PAGE_NOACCESS, &old);
    ok(old == PAGE_READONLY, "old protection 0x%lx\n", old);
    reset_fault();
    read_byte(page + 100);
    ok(fault_count == 1 && fault_kind == 0 && fault_address == (ULONG_PTR)(page + 100),
       "read of no-access: count %ld kind %Iu\n", fault_count, fault_kind);
    VirtualFree(page, 0, MEM_RELEASE);
}

static void test_guard_pages(void) {
    MEMORY_BASIC_INFORMATION info;
    char* page = VirtualAlloc(NULL, system_info.dwPageSize, MEM_COMMIT | MEM_RESERVE,
                              PAGE_READWRITE | PAGE_GUARD);
    if (!ok(page != NULL, "VirtualAlloc with PAGE_GUARD failed, error %lu\n", GetLastError())) return;
    ok(VirtualQuery(page, &info, sizeof info) && info.Protect == (PAGE_READWRITE | PAGE_GUARD),
       "guard page protection 0x%lx\n", info.Protect);
    /* The first access raises STATUS_GUARD_PAGE_VIOLATION and clears the guard; the next is
     * an ordinary access. */
    reset_fault();
    read_byte(page + 16);
    ok(fault_count == 1 && fault_code == STATUS_GUARD_PAGE_VIOLATION,
       "first access: count %ld code 0x%lx\n", fault_count, fault_code);
    ok(fault_address == (ULONG_PTR)(page + 16), "guard fault address %p, want %p\n",
       (void*)fault_address, page + 16);
    read_byte(page + 16);
    write_byte(page + 16);
    ok(fault_count == 1, "guard page faulted %ld times\n", fault_count);
    ok(VirtualQuery(page, &info, sizeof info) && info.Protect == PAGE_READWRITE,
       "protection after the guard fired: 0x%lx\n", info.Protect);
    VirtualFree(page, 0, MEM_RELEASE);
}

typedef int (*int_function)(void);

static void test_executable_memory(void) {
    /* mov w0, #42 ; ret   then   mov w0, #7 ; ret */
    static const DWORD return_42[] = {0x52800540, 0xd65f03c0};
    static const DWORD return_7[] = {0x528000e0, 0xd65f03c0};
    DWORD old;
    DWORD* code = VirtualAlloc(NULL, system_info.dwPageSize, MEM_COMMIT | MEM_RESERVE,
                               PAGE_EXECUTE_READWRITE);
    if (!ok(code != NULL, "PAGE_EXECUTE_READWRITE allocation failed, error %lu\n", GetLastError()))
        return;
    memcpy(code, return_42, sizeof return_42);
    FlushInstructionCache(GetCurrentProcess(), code, sizeof return_42);
    ok(((int_function)code)() == 42, "generated code did not return 42\n");
    /* Rewriting code that already ran: the new code must run (self-modifying code). */
    memcpy(code, return_7, sizeof return_7);
    FlushInstructionCache(GetCurrentProcess(), code, sizeof return_7);
    ok(((int_function)code)() == 7, "rewritten code did not return 7\n");

    /* W^X style: write while read-write, then switch to execute-read. */
    VirtualProtect(code, system_info.dwPageSize, PAGE_READWRITE, &old);
    memcpy(code, return_42, sizeof return_42);
    ok(VirtualProtect(code, system_info.dwPageSize, PAGE_EXECUTE_READ, &old) && old == PAGE_READWRITE,
       "switch to PAGE_EXECUTE_READ: old 0x%lx\n", old);
    FlushInstructionCache(GetCurrentProcess(), code, sizeof return_42);
    ok(((int_function)code)() == 42, "code after W^X switch did not return 42\n");
    VirtualFree(code, 0, MEM_RELEASE);
}

static void test_write_watch(void) {
    void* addresses[8];
    ULONG_PTR count = ARRAY_SIZE(addresses);
    ULONG granularity = 0;
    char* region = VirtualAlloc(NULL, 4 * system_info.dwPageSize, MEM_RESERVE | MEM_COMMIT | MEM_WRITE_WATCH,
                                PAGE_READWRITE);
    if (!ok(region != NULL, "MEM_WRITE_WATCH allocation failed, error %lu\n", GetLastError())) return;
    /* Fresh memory counts as unwritten; a write marks its page. */
    GetWriteWatch(WRITE_WATCH_FLAG_RESET, region, 4 * system_info.dwPageSize, addresses, &count,
                  &granularity);
    region[2 * system_info.dwPageSize + 1] = 1;
    count = ARRAY_SIZE(addresses);
    ok(GetWriteWatch(0, region, 4 * system_info.dwPageSize, addresses, &count, &granularity) == 0 &&
           count == 1 && addresses[0] == region + 2 * system_info.dwPageSize &&
           granularity == system_info.dwPageSize,
       "GetWriteWatch: %Iu pages, first %p (want %p)\n", count, count ? addresses[0] : NULL,
       region + 2 * system_info.dwPageSize);
    VirtualFree(region, 0, MEM_RELEASE);
}

static void test_mappings_and_heaps(void) {
    HANDLE mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 1 << 16, NULL);
    char *first, *second, *block;
    HANDLE heap;

    if (ok(mapping != NULL, "CreateFileMappingW failed, error %lu\n", GetLastError())) {
        first = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
        second = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
        ok(first && second && first != second, "two views: %p %p\n", first, second);
        if (first && second) {
            strcpy(first + 100, "shared");
            ok(!strcmp(second + 100, "shared"), "a write in one view is not in the other\n");
        }
        if (first) UnmapViewOfFile(first);
        if (second) UnmapViewOfFile(second);
        CloseHandle(mapping);
    }

    heap = HeapCreate(0, 0, 0);
    block = HeapAlloc(heap, HEAP_ZERO_MEMORY, 1000);
    ok(block && !block[0] && !block[999] && HeapSize(heap, 0, block) == 1000,
       "HeapAlloc zeroed 1000: size %Iu\n", block ? HeapSize(heap, 0, block) : 0);
    block = HeapReAlloc(heap, HEAP_ZERO_MEMORY, block, 100000);
    ok(block && !block[99999] && HeapSize(heap, 0, block) == 100000, "HeapReAlloc failed\n");
    ok(HeapFree(heap, 0, block) && HeapDestroy(heap), "HeapFree/HeapDestroy failed\n");
}

int main(void) {
    void* handler;
    probe_start("memory");
    GetSystemInfo(&system_info);
    ok(system_info.dwPageSize == 4096, "page size %lu\n", system_info.dwPageSize);
    ok(system_info.dwAllocationGranularity == 65536, "allocation granularity %lu\n",
       system_info.dwAllocationGranularity);
    handler = AddVectoredExceptionHandler(1, record_fault);
    test_reserve_commit();
    test_protection();
    test_guard_pages();
    test_executable_memory();
    test_write_watch();
    test_mappings_and_heaps();
    RemoveVectoredExceptionHandler(handler);
    return probe_finish();
}
