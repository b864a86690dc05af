/* codepage: a program that prints bytes of a code page, not UTF-8, where woa reads text: in
 * sub-test names and messages, on stdout and stderr, and in a line of wine's err: format (as
 * the libraries a program loads print them). Windows-1252 bytes: 0xE9 (e acute) and 0x80-0x9F
 * (the euro sign and the other characters no ISO 8859 code page has there). woa must keep
 * running, storing and publishing such a result. The checks themselves are the code page's
 * documented table (Microsoft's "Windows 1252" code page). Output: wine's test format
 * (probe_test.h). */
#include "probe_test.h"

/* U+20AC (euro sign), U+0178 (Y diaeresis), U+201C, U+201D, U+00E9 and their CP1252 bytes, in
 * an order where no run of them happens to be UTF-8 too (0xE9 0x80 0x9F would be U+901F). */
static const WCHAR unicode[] = {0x20ac, 0x0178, 0x201c, 0x201d, 0x00e9, 0};
static const char cp1252[] = "\x80\x9f\x93\x94\xe9";

static void test_cp1252_table(void) {
    char bytes[16] = {0};
    WCHAR chars[16] = {0};
    int n;

    n = WideCharToMultiByte(1252, 0, unicode, -1, bytes, sizeof bytes, NULL, NULL);
    ok(n == (int)sizeof cp1252 && !memcmp(bytes, cp1252, sizeof cp1252),
       "WideCharToMultiByte(1252) gave %d bytes\n", n);
    n = MultiByteToWideChar(1252, 0, cp1252, -1, chars, ARRAY_SIZE(chars));
    ok(n == (int)ARRAY_SIZE(unicode) && !memcmp(chars, unicode, sizeof unicode),
       "MultiByteToWideChar(1252) gave %d characters: %s\n", n, wine_dbgstr_w(chars));
}

/* Bytes that are not UTF-8 wherever woa reads text of a program. */
static void print_cp1252_everywhere(void) {
    /* A sub-test whose name (the "file" part) and message hold them. */
    probe_skip_at("r\xe9sum\xe9.c", __LINE__, "CP1252 bytes in a message: %s \x80\x9f\n", cp1252);
    trace("CP1252 bytes on stdout: %s\n", cp1252);
    fprintf(stderr, "codepage: CP1252 bytes on stderr: %s\n", cp1252);
    fprintf(stderr, "%04x:err:codepage:print_cp1252_everywhere caf\xe9 %s\n",
            (UINT)GetCurrentThreadId(), cp1252);
    fflush(stderr);
}

int main(void) {
    probe_start("codepage");
    test_cp1252_table();
    print_cp1252_everywhere();
    return probe_finish();
}
