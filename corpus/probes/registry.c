/* registry: the calls configuration code makes under HKEY_CURRENT_USER. Create and open
 * dispositions, every common value type with its stored size, ERROR_MORE_DATA, RegGetValueW's
 * type filter and expansion, enumeration, case-insensitive names, volatile keys, change
 * notification, and deletion of trees. Output: wine's test format (probe_test.h). */
#include "probe_test.h"

static WCHAR root_name[64];

static void test_create_and_values(HKEY root) {
    static const WCHAR text[] = L"caf\x00e9";
    static const WCHAR multi[] = L"one\0two\0";
    static const BYTE blob[] = {0, 1, 2, 0xfe, 0xff};
    DWORD dword = 0x12345678, type, size;
    ULONGLONG qword = 0x1122334455667788ull;
    BYTE buffer[64];
    WCHAR too_small[2];

    ok(!RegSetValueExW(root, L"text", 0, REG_SZ, (const BYTE*)text, sizeof text), "REG_SZ\n");
    ok(!RegSetValueExW(root, L"number", 0, REG_DWORD, (const BYTE*)&dword, sizeof dword),
       "REG_DWORD\n");
    ok(!RegSetValueExW(root, L"big", 0, REG_QWORD, (const BYTE*)&qword, sizeof qword),
       "REG_QWORD\n");
    ok(!RegSetValueExW(root, L"blob", 0, REG_BINARY, blob, sizeof blob), "REG_BINARY\n");
    ok(!RegSetValueExW(root, L"list", 0, REG_MULTI_SZ, (const BYTE*)multi, sizeof multi),
       "REG_MULTI_SZ\n");
    ok(!RegSetValueExW(root, L"path", 0, REG_EXPAND_SZ, (const BYTE*)L"%SystemRoot%\\x",
                       sizeof L"%SystemRoot%\\x"),
       "REG_EXPAND_SZ\n");

    /* Sizes are in bytes and a string's include its terminator. */
    size = sizeof buffer;
    ok(!RegQueryValueExW(root, L"text", NULL, &type, buffer, &size) && type == REG_SZ &&
           size == sizeof text && !memcmp(buffer, text, sizeof text),
       "REG_SZ read back: type %lu size %lu\n", type, size);
    size = sizeof buffer;
    ok(!RegQueryValueExW(root, L"number", NULL, &type, buffer, &size) && type == REG_DWORD &&
           size == 4 && *(DWORD*)buffer == dword,
       "REG_DWORD read back: type %lu size %lu\n", type, size);
    size = sizeof buffer;
    ok(!RegQueryValueExW(root, L"big", NULL, &type, buffer, &size) && type == REG_QWORD &&
           size == 8 && !memcmp(buffer, &qword, 8),
       "REG_QWORD read back: type %lu size %lu\n", type, size);
    size = sizeof buffer;
    ok(!RegQueryValueExW(root, L"blob", NULL, &type, buffer, &size) && type == REG_BINARY &&
           size == sizeof blob && !memcmp(buffer, blob, sizeof blob),
       "REG_BINARY read back: type %lu size %lu\n", type, size);
    size = sizeof buffer;
    ok(!RegQueryValueExW(root, L"list", NULL, &type, buffer, &size) && type == REG_MULTI_SZ &&
           size == sizeof multi && !memcmp(buffer, multi, sizeof multi),
       "REG_MULTI_SZ read back: type %lu size %lu\n", type, size);

    /* Too small a buffer: ERROR_MORE_DATA and the size needed. No buffer: just the size. */
    size = sizeof too_small;
    ok(RegQueryValueExW(root, L"text", NULL, NULL, (BYTE*)too_small, &size) == ERROR_MORE_DATA &&
           size == sizeof text,
       "small buffer: size %lu\n", size);
    size = 0;
    ok(!RegQueryValueExW(root, L"text", NULL, NULL, NULL, &size) && size == sizeof text,
       "size query: %lu\n", size);
    ok(RegQueryValueExW(root, L"missing", NULL, NULL, NULL, &size) == ERROR_FILE_NOT_FOUND,
       "missing value not ERROR_FILE_NOT_FOUND\n");
    /* Value names are case-insensitive. */
    size = sizeof buffer;
    ok(!RegQueryValueExW(root, L"NUMBER", NULL, &type, buffer, &size) && type == REG_DWORD,
       "value name lookup is case-sensitive\n");
}

static void test_get_value(HKEY root) {
    WCHAR expanded[MAX_PATH], wanted[MAX_PATH];
    DWORD size, type, dword;

    /* RRF_RT_REG_SZ on a REG_EXPAND_SZ value expands it and reports REG_SZ. */
    ExpandEnvironmentStringsW(L"%SystemRoot%\\x", wanted, MAX_PATH);
    size = sizeof expanded;
    ok(!RegGetValueW(root, NULL, L"path", RRF_RT_REG_SZ, &type, expanded, &size) &&
           type == REG_SZ && !lstrcmpW(expanded, wanted),
       "RegGetValueW expanding: type %lu, %s\n", type, wine_dbgstr_w(expanded));
    size = sizeof expanded;
    ok(!RegGetValueW(root, NULL, L"path", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, expanded,
                     &size) &&
           type == REG_EXPAND_SZ && !lstrcmpW(expanded, L"%SystemRoot%\\x"),
       "RegGetValueW with RRF_NOEXPAND: %s\n", wine_dbgstr_w(expanded));
    size = sizeof expanded;
    ok(RegGetValueW(root, NULL, L"path", RRF_RT_REG_EXPAND_SZ, &type, expanded, &size) ==
           ERROR_INVALID_PARAMETER,
       "RRF_RT_REG_EXPAND_SZ without RRF_NOEXPAND is not ERROR_INVALID_PARAMETER\n");
    size = sizeof dword;
    ok(RegGetValueW(root, NULL, L"text", RRF_RT_REG_DWORD, &type, &dword, &size) ==
           ERROR_UNSUPPORTED_TYPE,
       "type filter mismatch is not ERROR_UNSUPPORTED_TYPE\n");
    size = sizeof dword;
    ok(!RegGetValueW(root, NULL, L"number", RRF_RT_DWORD, &type, &dword, &size) &&
           dword == 0x12345678,
       "RegGetValueW REG_DWORD: 0x%lx\n", dword);
}

static void test_subkeys(HKEY root) {
    static const WCHAR* names[] = {L"Alpha", L"Beta", L"Gamma"};
    WCHAR name[64];
    DWORD disposition, subkeys, values, max_name, length, i;
    HKEY key;
    LONG rc;

    for (i = 0; i < ARRAY_SIZE(names); i++) {
        ok(!RegCreateKeyExW(root, names[i], 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition) &&
               disposition == REG_CREATED_NEW_KEY,
           "creating %s: disposition %lu\n", wine_dbgstr_w(names[i]), disposition);
        RegCloseKey(key);
    }
    ok(!RegCreateKeyExW(root, L"BETA", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition) &&
           disposition == REG_OPENED_EXISTING_KEY,
       "re-creating BETA: disposition %lu\n", disposition);
    RegCloseKey(key);

    ok(!RegQueryInfoKeyW(root, NULL, NULL, NULL, &subkeys, &max_name, NULL, &values, NULL, NULL,
                         NULL, NULL),
       "RegQueryInfoKeyW failed\n");
    ok(subkeys == 3 && values == 6 && max_name == 5, "subkeys %lu values %lu longest %lu\n",
       subkeys, values, max_name);

    for (i = 0;; i++) {
        length = ARRAY_SIZE(name);
        rc = RegEnumKeyExW(root, i, name, &length, NULL, NULL, NULL, NULL);
        if (rc) break;
    }
    ok(rc == ERROR_NO_MORE_ITEMS && i == 3, "RegEnumKeyExW ended with %ld after %lu keys\n", rc, i);
    for (i = 0;; i++) {
        length = ARRAY_SIZE(name);
        rc = RegEnumValueW(root, i, name, &length, NULL, NULL, NULL, NULL);
        if (rc) break;
    }
    ok(rc == ERROR_NO_MORE_ITEMS && i == 6, "RegEnumValueW ended with %ld after %lu values\n", rc, i);

    /* A key with subkeys cannot be deleted alone; RegDeleteTreeW deletes everything below. */
    RegCreateKeyExW(root, L"Alpha\\Child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    RegCloseKey(key);
    ok(RegDeleteKeyW(root, L"Alpha") != ERROR_SUCCESS, "deleted a key that has a subkey\n");
    ok(!RegDeleteTreeW(root, L"Alpha"), "RegDeleteTreeW failed\n");
    ok(RegOpenKeyExW(root, L"Alpha", 0, KEY_READ, &key) == ERROR_FILE_NOT_FOUND,
       "Alpha still there\n");
}

static void test_volatile(HKEY root) {
    HKEY volatile_key, child;
    ok(!RegCreateKeyExW(root, L"Volatile", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL,
                        &volatile_key, NULL),
       "creating a volatile key failed\n");
    /* Stable keys cannot live under volatile ones. */
    ok(RegCreateKeyExW(volatile_key, L"Stable", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, NULL) ==
           ERROR_CHILD_MUST_BE_VOLATILE,
       "a stable child of a volatile key is not ERROR_CHILD_MUST_BE_VOLATILE\n");
    ok(!RegCreateKeyExW(volatile_key, L"AlsoVolatile", 0, NULL, REG_OPTION_VOLATILE,
                        KEY_ALL_ACCESS, NULL, &child, NULL),
       "a volatile child failed\n");
    RegCloseKey(child);
    RegCloseKey(volatile_key);
}

static void test_notify(HKEY root) {
    HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
    DWORD value = 1;
    ok(!RegNotifyChangeKeyValue(root, FALSE, REG_NOTIFY_CHANGE_LAST_SET, event, TRUE),
       "RegNotifyChangeKeyValue failed\n");
    ok(WaitForSingleObject(event, 100) == WAIT_TIMEOUT, "signalled before any change\n");
    RegSetValueExW(root, L"notified", 0, REG_DWORD, (const BYTE*)&value, sizeof value);
    ok(WaitForSingleObject(event, 5000) == WAIT_OBJECT_0, "not signalled by a value change\n");
    CloseHandle(event);
}

static void test_system_keys(void) {
    WCHAR product[128];
    DWORD size = sizeof product;
    LONG rc = RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                           L"ProductName", RRF_RT_REG_SZ, NULL, product, &size);
    ok(rc == ERROR_SUCCESS, "reading ProductName failed: %ld\n", rc);
    if (!rc) trace("ProductName: %s\n", wine_dbgstr_w(product));
}

int main(void) {
    HKEY root;
    DWORD disposition;
    probe_start("registry");
    swprintf(root_name, ARRAY_SIZE(root_name), L"Software\\woa-compat-probe-%lu",
             GetCurrentProcessId());
    if (!ok(!RegCreateKeyExW(HKEY_CURRENT_USER, root_name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root,
                             &disposition) &&
                disposition == REG_CREATED_NEW_KEY,
            "creating HKCU\\%s failed\n", wine_dbgstr_w(root_name)))
        return probe_finish();
    test_create_and_values(root);
    test_get_value(root);
    test_subkeys(root);
    test_volatile(root);
    test_notify(root);
    RegCloseKey(root);
    test_system_keys();
    ok(!RegDeleteTreeW(HKEY_CURRENT_USER, root_name), "RegDeleteTreeW of the root failed\n");
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, root_name, 0, KEY_READ, &root) == ERROR_FILE_NOT_FOUND,
       "root key survived RegDeleteTreeW\n");
    return probe_finish();
}
