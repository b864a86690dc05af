/* time: clocks and calendars. FILETIME and SYSTEMTIME conversions on known dates, the system
 * clock against itself, time-zone information and its bias, conversions with an explicit rule
 * (Central European Time) and with Windows' own "Pacific Standard Time" entry, and monotonic
 * counters. Output: wine's test format (probe_test.h). */
#include "probe_test.h"

static ULONGLONG to_u64(FILETIME time) {
    return ((ULONGLONG)time.dwHighDateTime << 32) | time.dwLowDateTime;
}

static FILETIME from_u64(ULONGLONG value) {
    FILETIME time = {(DWORD)value, (DWORD)(value >> 32)};
    return time;
}

static SYSTEMTIME make_time(WORD year, WORD month, WORD day, WORD hour, WORD minute) {
    SYSTEMTIME time = {year, month, 0, day, hour, minute, 0, 0};
    return time;
}

static void test_conversions(void) {
    /* 1970-01-01 00:00:00 UTC is 116444736000000000 100-ns intervals after 1601-01-01. */
    FILETIME epoch = from_u64(116444736000000000ull), back;
    SYSTEMTIME time, leap = make_time(2024, 2, 29, 12, 30), bad = make_time(2023, 13, 1, 0, 0);

    ok(FileTimeToSystemTime(&epoch, &time), "FileTimeToSystemTime failed\n");
    ok(time.wYear == 1970 && time.wMonth == 1 && time.wDay == 1 && time.wHour == 0 &&
           time.wDayOfWeek == 4,
       "epoch is %04u-%02u-%02u %02u, weekday %u\n", time.wYear, time.wMonth, time.wDay,
       time.wHour, time.wDayOfWeek);
    ok(SystemTimeToFileTime(&leap, &back), "2024-02-29 rejected\n");
    ok(to_u64(back) == 133536834000000000ull, "2024-02-29 12:30 is %llu\n", to_u64(back));
    ok(FileTimeToSystemTime(&back, &time) && time.wDayOfWeek == 4, "2024-02-29 weekday %u\n",
       time.wDayOfWeek);
    /* wMonth is documented as 1 to 12. */
    ok(!SystemTimeToFileTime(&bad, &back), "month 13 accepted\n");
    /* FILETIMEs with the top bit set are out of range. */
    back = from_u64(0x8000000000000000ull);
    ok(!FileTimeToSystemTime(&back, &time), "FILETIME with the top bit set converted\n");
}

static void test_system_clock(void) {
    FILETIME coarse, precise, from_system;
    SYSTEMTIME now;
    LONGLONG difference;

    GetSystemTimeAsFileTime(&coarse);
    GetSystemTimePreciseAsFileTime(&precise);
    GetSystemTime(&now);
    SystemTimeToFileTime(&now, &from_system);
    difference = (LONGLONG)(to_u64(precise) - to_u64(coarse));
    ok(difference >= -200000 && difference < 20000000, "precise - coarse = %lld\n", difference);
    difference = (LONGLONG)(to_u64(from_system) - to_u64(coarse));
    ok(difference >= -200000 && difference < 20000000, "GetSystemTime - coarse = %lld\n", difference);
    /* The clock is after 2024-01-01, so not stuck at an epoch. */
    ok(now.wYear >= 2024, "system year %u\n", now.wYear);
}

static void test_local_zone(void) {
    TIME_ZONE_INFORMATION zone;
    SYSTEMTIME utc, local;
    FILETIME utc_file, local_file;
    LONG bias;
    LONGLONG offset_minutes;
    DWORD id = GetTimeZoneInformation(&zone);

    ok(id == TIME_ZONE_ID_UNKNOWN || id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT,
       "GetTimeZoneInformation returned %lu\n", id);
    trace("zone %s, bias %ld, id %lu\n", wine_dbgstr_w(zone.StandardName), zone.Bias, id);
    bias = zone.Bias + (id == TIME_ZONE_ID_DAYLIGHT   ? zone.DaylightBias
                        : id == TIME_ZONE_ID_STANDARD ? zone.StandardBias
                                                      : 0);
    /* Local time = UTC - bias. */
    GetSystemTime(&utc);
    GetLocalTime(&local);
    SystemTimeToFileTime(&utc, &utc_file);
    SystemTimeToFileTime(&local, &local_file);
    offset_minutes = ((LONGLONG)(to_u64(local_file) - to_u64(utc_file)) + 300000000) / 600000000;
    ok(offset_minutes == -bias, "local - UTC = %lld min, bias says %ld\n", offset_minutes, -bias);

    ok(FileTimeToLocalFileTime(&utc_file, &local_file), "FileTimeToLocalFileTime failed\n");
    offset_minutes = ((LONGLONG)(to_u64(local_file) - to_u64(utc_file))) / 600000000;
    ok(offset_minutes == -bias, "FileTimeToLocalFileTime offset %lld min\n", offset_minutes);
}

static void test_explicit_zone(void) {
    /* Central European Time: UTC+1, UTC+2 from the last Sunday of March 02:00 to the last
     * Sunday of October 03:00 (wDay 5 = last occurrence). */
    TIME_ZONE_INFORMATION cet = {0};
    SYSTEMTIME winter = make_time(2023, 1, 15, 12, 0), summer = make_time(2023, 7, 15, 12, 0);
    SYSTEMTIME local, back;

    cet.Bias = -60;
    cet.StandardDate = make_time(0, 10, 5, 3, 0);
    cet.DaylightDate = make_time(0, 3, 5, 2, 0);
    cet.DaylightBias = -60;

    ok(SystemTimeToTzSpecificLocalTime(&cet, &winter, &local) && local.wHour == 13,
       "January noon UTC in CET is %02u:%02u\n", local.wHour, local.wMinute);
    ok(SystemTimeToTzSpecificLocalTime(&cet, &summer, &local) && local.wHour == 14,
       "July noon UTC in CEST is %02u:%02u\n", local.wHour, local.wMinute);
    ok(TzSpecificLocalTimeToSystemTime(&cet, &local, &back) && back.wHour == 12 && back.wDay == 15,
       "CEST 14:00 back to UTC is day %u %02u:00\n", back.wDay, back.wHour);
}

typedef BOOL(WINAPI* tz_local_time_ex_fn)(const DYNAMIC_TIME_ZONE_INFORMATION*, const SYSTEMTIME*,
                                           SYSTEMTIME*);

static void test_named_zone(void) {
    /* Microsoft documents SystemTimeToTzSpecificLocalTimeEx in kernel32.dll; a program importing
     * it from there does not load if kernel32 lacks it, so look it up there first. */
    tz_local_time_ex_fn to_local = (tz_local_time_ex_fn)(void*)GetProcAddress(
        GetModuleHandleW(L"kernel32.dll"), "SystemTimeToTzSpecificLocalTimeEx");
    DYNAMIC_TIME_ZONE_INFORMATION zone;
    SYSTEMTIME winter = make_time(2023, 1, 15, 12, 0), summer = make_time(2023, 7, 1, 12, 0);
    SYSTEMTIME local;
    DWORD index, rc;
    BOOL found = FALSE;

    for (index = 0; !found; index++) {
        rc = EnumDynamicTimeZoneInformation(index, &zone);
        if (rc != ERROR_SUCCESS) break;
        found = !lstrcmpW(zone.TimeZoneKeyName, L"Pacific Standard Time");
    }
    ok(index > 10, "only %lu time zones enumerated\n", index);
    ok(to_local != NULL, "kernel32.dll does not export SystemTimeToTzSpecificLocalTimeEx\n");
    if (!to_local)
        to_local = (tz_local_time_ex_fn)(void*)GetProcAddress(GetModuleHandleW(L"kernelbase.dll"),
                                                              "SystemTimeToTzSpecificLocalTimeEx");
    if (!to_local) return;
    if (!ok(found, "\"Pacific Standard Time\" not among the time zones\n")) return;
    /* US rules since 2007: PST is UTC-8, PDT (from the second Sunday in March) UTC-7. */
    ok(to_local(&zone, &winter, &local) && local.wHour == 4,
       "January noon UTC in PST is %02u:00\n", local.wHour);
    ok(to_local(&zone, &summer, &local) && local.wHour == 5,
       "July noon UTC in PDT is %02u:00\n", local.wHour);
}

static void test_counters(void) {
    LARGE_INTEGER frequency, previous, now, start;
    ULONGLONG ticks_before, ticks_after;
    double elapsed_ms;
    int i, backwards = 0;

    ok(QueryPerformanceFrequency(&frequency) && frequency.QuadPart > 0, "no QPC frequency\n");
    QueryPerformanceCounter(&previous);
    for (i = 0; i < 100000; i++) {
        QueryPerformanceCounter(&now);
        if (now.QuadPart < previous.QuadPart) backwards++;
        previous = now;
    }
    ok(!backwards, "QueryPerformanceCounter went backwards %d times\n", backwards);

    ticks_before = GetTickCount64();
    QueryPerformanceCounter(&start);
    Sleep(200);
    QueryPerformanceCounter(&now);
    ticks_after = GetTickCount64();
    elapsed_ms = (double)(now.QuadPart - start.QuadPart) * 1000.0 / (double)frequency.QuadPart;
    /* Sleep may last longer, never much shorter (timer granularity is about 16 ms). */
    ok(elapsed_ms >= 180 && elapsed_ms < 5000, "Sleep(200) took %.1f ms by QPC\n", elapsed_ms);
    ok(ticks_after - ticks_before >= 180 && ticks_after - ticks_before < 5000,
       "Sleep(200) took %llu ms by GetTickCount64\n", ticks_after - ticks_before);
}

int main(void) {
    probe_start("time");
    test_conversions();
    test_system_clock();
    test_local_zone();
    test_explicit_zone();
    test_counters();
    test_named_zone(); /* last: wine 10 aborts in a stub here */
    return probe_finish();
}
