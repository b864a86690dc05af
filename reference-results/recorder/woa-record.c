/* woa-record: the on-device reference recorder. Runs every test of a recording kit's plan.json
 * natively on Windows on Arm and writes one reference result per test
 * (<out>/<entry>/<test>.json, reference-results/schema/reference.schema.json). See README.md.
 *
 * usage: woa-record.exe [--plan FILE] [--out DIR] [--filter GLOB]... [--repeat N]
 *
 * Exit status: 0 every selected test recorded; 1 some test got no reference (timed out, could
 * not start, or the recorder could not prepare or write it); 2 bad command line or plan.
 *
 * Under wine (ntdll exports wine_get_version) the references say "kind": "emulated", never
 * "recorded": only a real device may claim to be one.
 *
 * Only kernel32, advapi32 (registry), bcrypt (SHA-256) and ntdll (looked up at run time) are
 * used; ucrtbase is the C library. Paths are handled as UTF-16 and given to file functions
 * with the \\?\ prefix, so deep package trees work without long-path settings. */
/* bcrypt.h needs windows.h's types first */
/* clang-format off */
#include <windows.h>
#include <bcrypt.h>
/* clang-format on */
#include "json.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORDER_VERSION 1
#define TEXT_LIMIT 65536 /* stdout up to this size is kept as text */
#define MAX_COMMAND_LINE 32767

typedef const char*(CDECL* wine_get_version_fn)(void);
typedef void(CDECL* wine_get_host_version_fn)(const char** sysname, const char** release);
typedef LONG(WINAPI* rtl_get_version_fn)(RTL_OSVERSIONINFOEXW* info);

struct origin {
    int emulated;
    char wine[64];
    char host[192];
    int has_host;
    char device[256];
    char windows_build[64];
    char cpu[256];
};

struct context {
    struct plan plan;
    const char* plan_name; /* for messages */
    WCHAR* kit;            /* the plan's folder */
    WCHAR* out;
    WCHAR* work;  /* <out>\.work: the working folder, fresh for every repeat */
    WCHAR* stdio; /* <out>\.stdio: the program's stdout and stderr */
    WCHAR* stdout_path;
    WCHAR* stderr_path;
    struct origin origin;
    char recorder[256];
    BCRYPT_ALG_HANDLE sha256;
    LARGE_INTEGER frequency;
    int repeat_override; /* 0: the plan's */
};

/* Memory and strings */

static void* xmalloc(size_t size) {
    void* p = malloc(size ? size : 1);
    if (!p) {
        fputs("woa-record: error: out of memory\n", stderr);
        ExitProcess(1);
    }
    return p;
}

static WCHAR* wide_of(const char* utf8) {
    int n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
    WCHAR* w = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(WCHAR));
    if (n <= 0 || !MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, n)) w[0] = 0;
    return w;
}

static char* utf8_of(const WCHAR* wide) {
    int n = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    char* s = xmalloc((size_t)(n > 0 ? n : 1));
    if (n <= 0 || !WideCharToMultiByte(CP_UTF8, 0, wide, -1, s, n, NULL, NULL)) s[0] = 0;
    return s;
}

static WCHAR* wconcat(const WCHAR* a, const WCHAR* b) {
    size_t na = wcslen(a), nb = wcslen(b);
    WCHAR* w = xmalloc((na + nb + 1) * sizeof(WCHAR));
    memcpy(w, a, na * sizeof(WCHAR));
    memcpy(w + na, b, (nb + 1) * sizeof(WCHAR));
    return w;
}

/* base + "\" + a plan path (already checked: relative, '/'-separated, no '.' or '..'
 * segments); "" and "." are base itself. */
static WCHAR* join(const WCHAR* base, const char* relative) {
    WCHAR *rel, *sep, *w, *p;
    size_t n = wcslen(base);
    if (!relative[0] || !strcmp(relative, ".")) return wconcat(base, L"");
    rel = wide_of(relative);
    for (p = rel; *p; p++)
        if (*p == L'/') *p = L'\\';
    sep = wconcat(base, n && base[n - 1] == L'\\' ? L"" : L"\\");
    w = wconcat(sep, rel);
    free(sep);
    free(rel);
    return w;
}

static WCHAR* wjoin(const WCHAR* base, const WCHAR* name) {
    size_t n = wcslen(base);
    WCHAR* sep = wconcat(base, n && base[n - 1] == L'\\' ? L"" : L"\\");
    WCHAR* w = wconcat(sep, name);
    free(sep);
    return w;
}

/* The \\?\ form of a full path, for file functions: no MAX_PATH limit. */
static WCHAR* ext(const WCHAR* path) {
    if (!wcsncmp(path, L"\\\\?\\", 4) || !wcsncmp(path, L"\\\\.\\", 4)) return wconcat(path, L"");
    if (path[0] == L'\\' && path[1] == L'\\') return wconcat(L"\\\\?\\UNC\\", path + 2);
    return wconcat(L"\\\\?\\", path);
}

static WCHAR* full_path(const WCHAR* path) {
    DWORD n = GetFullPathNameW(path, 0, NULL, NULL);
    WCHAR* w;
    if (!n) return NULL;
    w = xmalloc((n + 1) * sizeof(WCHAR));
    if (!GetFullPathNameW(path, n + 1, w, NULL)) {
        free(w);
        return NULL;
    }
    /* no trailing separator except on a root ("C:\") */
    n = (DWORD)wcslen(w);
    while (n > 3 && w[n - 1] == L'\\')
        w[--n] = 0;
    return w;
}

static const char* error_text(DWORD code, char* buf, size_t size) {
    WCHAR message[512];
    char* utf8;
    size_t n;
    DWORD got = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                               code, 0, message, ARRAYSIZE(message), NULL);
    if (!got) {
        snprintf(buf, size, "error %lu", code);
        return buf;
    }
    utf8 = utf8_of(message);
    n = strlen(utf8);
    while (n &&
           (utf8[n - 1] == '\r' || utf8[n - 1] == '\n' || utf8[n - 1] == ' ' || utf8[n - 1] == '.'))
        utf8[--n] = 0;
    snprintf(buf, size, "%s (error %lu)", utf8, code);
    free(utf8);
    return buf;
}

/* "woa-record: <test>: <what>: <Windows' message>" */
static void test_error(const char* test, const char* what, const WCHAR* path, DWORD code) {
    char buf[600];
    char* p = path ? utf8_of(path) : NULL;
    fprintf(stderr, "woa-record: %s: %s%s%s: %s\n", test, what, p ? " " : "", p ? p : "",
            error_text(code, buf, sizeof buf));
    free(p);
}

/* Files and folders */

/* Windows may hold a file a little after its last handle closed (a dying child, an
 * anti-virus scanner): some operations are retried for up to five seconds. */
static int transient(DWORD code) {
    return code == ERROR_SHARING_VIOLATION || code == ERROR_ACCESS_DENIED ||
           code == ERROR_DIR_NOT_EMPTY || code == ERROR_LOCK_VIOLATION ||
           code == ERROR_DELETE_PENDING;
}

static DWORD attributes(const WCHAR* path) {
    WCHAR* x = ext(path);
    DWORD a = GetFileAttributesW(x);
    free(x);
    return a;
}

static int is_folder(const WCHAR* path) {
    DWORD a = attributes(path);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

/* Length of the root of a full path: "C:\" or "\\server\share\". */
static size_t root_length(const WCHAR* path) {
    size_t i, seps = 0;
    if (path[0] == L'\\' && path[1] == L'\\') {
        for (i = 2; path[i]; i++)
            if (path[i] == L'\\' && ++seps == 2) return i + 1;
        return i;
    }
    return path[0] && path[1] == L':' && path[2] == L'\\' ? 3 : 0;
}

/* Creates `path` and every missing folder above it. */
static int make_folders(const WCHAR* path, DWORD* error) {
    WCHAR* copy = wconcat(path, L"");
    size_t i, n = wcslen(copy);
    int ok = 1;
    for (i = root_length(copy); i <= n && ok; i++) {
        if (copy[i] == L'\\' || copy[i] == 0) {
            WCHAR saved = copy[i];
            WCHAR* x;
            int tries;
            copy[i] = 0;
            x = ext(copy);
            for (tries = 0;; tries++) {
                if (CreateDirectoryW(x, NULL)) break;
                *error = GetLastError();
                if (*error == ERROR_ALREADY_EXISTS && is_folder(copy)) break;
                /* a folder being deleted refuses a new one of its name for a moment */
                if (!transient(*error) || tries == 50) {
                    ok = 0;
                    break;
                }
                Sleep(100);
            }
            free(x);
            copy[i] = saved;
        }
    }
    free(copy);
    return ok;
}

/* Deletes a file or a whole folder. A link (junction, symbolic link) is removed itself, never
 * followed: a program under test must not make the recorder delete anything outside. */
static int remove_tree(const WCHAR* path, DWORD* error) {
    WCHAR* x = ext(path);
    DWORD a = GetFileAttributesW(x);
    int ok = 1, tries;

    if (a == INVALID_FILE_ATTRIBUTES) {
        *error = GetLastError();
        free(x);
        return *error == ERROR_FILE_NOT_FOUND || *error == ERROR_PATH_NOT_FOUND;
    }
    if (a & FILE_ATTRIBUTE_READONLY) SetFileAttributesW(x, a & ~FILE_ATTRIBUTE_READONLY);
    if ((a & FILE_ATTRIBUTE_DIRECTORY) && !(a & FILE_ATTRIBUTE_REPARSE_POINT)) {
        WCHAR* pattern = wjoin(x, L"*");
        WIN32_FIND_DATAW found;
        HANDLE find =
            FindFirstFileExW(pattern, FindExInfoBasic, &found, FindExSearchNameMatch, NULL, 0);
        free(pattern);
        if (find != INVALID_HANDLE_VALUE) {
            do {
                WCHAR* child;
                if (!wcscmp(found.cFileName, L".") || !wcscmp(found.cFileName, L"..")) continue;
                child = wjoin(path, found.cFileName);
                if (!remove_tree(child, error)) ok = 0;
                free(child);
            } while (FindNextFileW(find, &found));
            FindClose(find);
        }
    }
    for (tries = 0;; tries++) {
        BOOL done = (a & FILE_ATTRIBUTE_DIRECTORY) ? RemoveDirectoryW(x) : DeleteFileW(x);
        if (done) break;
        *error = GetLastError();
        if (*error == ERROR_FILE_NOT_FOUND || *error == ERROR_PATH_NOT_FOUND) break;
        if (!transient(*error) || tries == 50) {
            ok = 0;
            break;
        }
        Sleep(100);
    }
    free(x);
    return ok;
}

/* Copies a file, or a folder with everything in it, to `to` (created). `skip` (the output
 * folder) is never copied, should a copied folder hold it. */
static int copy_tree(const char* test, const WCHAR* from, const WCHAR* to, const WCHAR* skip) {
    WCHAR *xfrom = ext(from), *xto;
    DWORD a = GetFileAttributesW(xfrom), error = 0;
    int ok = 1;

    if (a == INVALID_FILE_ATTRIBUTES) {
        test_error(test, "cannot copy", from, GetLastError());
        free(xfrom);
        return 0;
    }
    if (!(a & FILE_ATTRIBUTE_DIRECTORY)) {
        xto = ext(to);
        if (!CopyFileW(xfrom, xto, FALSE)) {
            test_error(test, "cannot copy a file to", to, GetLastError());
            ok = 0;
        }
        free(xto);
        free(xfrom);
        return ok;
    }
    if (a & FILE_ATTRIBUTE_REPARSE_POINT) {
        char* p = utf8_of(from);
        fprintf(stderr, "woa-record: %s: %s is a link; a kit holds plain folders\n", test, p);
        free(p);
        free(xfrom);
        return 0;
    }
    if (!make_folders(to, &error)) {
        test_error(test, "cannot create", to, error);
        free(xfrom);
        return 0;
    }
    {
        WCHAR* pattern = wjoin(xfrom, L"*");
        WIN32_FIND_DATAW found;
        HANDLE find =
            FindFirstFileExW(pattern, FindExInfoBasic, &found, FindExSearchNameMatch, NULL, 0);
        free(pattern);
        if (find == INVALID_HANDLE_VALUE) {
            test_error(test, "cannot list", from, GetLastError());
            free(xfrom);
            return 0;
        }
        do {
            WCHAR *child_from, *child_to;
            if (!wcscmp(found.cFileName, L".") || !wcscmp(found.cFileName, L"..")) continue;
            child_from = wjoin(from, found.cFileName);
            child_to = wjoin(to, found.cFileName);
            if (CompareStringOrdinal(child_from, -1, skip, -1, TRUE) != CSTR_EQUAL)
                ok = copy_tree(test, child_from, child_to, skip) && ok;
            free(child_from);
            free(child_to);
        } while (ok && FindNextFileW(find, &found));
        FindClose(find);
    }
    free(xfrom);
    return ok;
}

/* SHA-256 */

static void hex_of(const unsigned char* digest, char hex[65]) {
    int i;
    for (i = 0; i < 32; i++) {
        hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
    hex[64] = 0;
}

/* The sha256 of a file's bytes and its size; with `keep` (and a file of at most `keep_max`
 * bytes) also its content (NUL-terminated, to be freed). Returns 0 with `error` set. */
static int hash_file(const struct context* ctx, const WCHAR* path, char hex[65], ULONGLONG* size,
                     char** keep, size_t keep_max, DWORD* error) {
    WCHAR* x = ext(path);
    HANDLE file =
        CreateFileW(x, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    BCRYPT_HASH_HANDLE hash = NULL;
    static unsigned char buf[1 << 16];
    unsigned char digest[32];
    LARGE_INTEGER length;
    DWORD got;
    int ok = 0;
    size_t kept = 0;

    free(x);
    if (keep) *keep = NULL;
    if (file == INVALID_HANDLE_VALUE) {
        *error = GetLastError();
        return 0;
    }
    if (!GetFileSizeEx(file, &length)) {
        *error = GetLastError();
        CloseHandle(file);
        return 0;
    }
    if (keep && (ULONGLONG)length.QuadPart <= keep_max)
        *keep = xmalloc((size_t)length.QuadPart + 1);
    *size = 0;
    if (BCryptCreateHash(ctx->sha256, &hash, NULL, 0, NULL, 0, 0) != 0) {
        *error = ERROR_INVALID_FUNCTION;
        goto done;
    }
    for (;;) {
        if (!ReadFile(file, buf, sizeof buf, &got, NULL)) {
            *error = GetLastError();
            goto done;
        }
        if (!got) break;
        if (BCryptHashData(hash, buf, got, 0) != 0) {
            *error = ERROR_INVALID_FUNCTION;
            goto done;
        }
        if (keep && *keep) {
            if (kept + got > keep_max) { /* it grew while being read */
                free(*keep);
                *keep = NULL;
            } else
                memcpy(*keep + kept, buf, got);
            kept += got;
        }
        *size += got;
    }
    if (BCryptFinishHash(hash, digest, sizeof digest, 0) != 0) {
        *error = ERROR_INVALID_FUNCTION;
        goto done;
    }
    hex_of(digest, hex);
    if (keep && *keep) (*keep)[kept] = 0;
    ok = 1;
done:
    if (hash) BCryptDestroyHash(hash);
    CloseHandle(file);
    if (!ok && keep && *keep) {
        free(*keep);
        *keep = NULL;
    }
    return ok;
}

/* The command line */

/* Appends `arg` quoted as the Microsoft C runtime (CommandLineToArgvW, argv) splits it back:
 * quotes around arguments that are empty or hold white space or quotes; inside, backslashes
 * before a quote (or before the closing quote) are doubled and the quote is escaped. */
static void append_argument(WCHAR* line, size_t* n, const WCHAR* arg) {
    const WCHAR* p;
    size_t k;
    if (arg[0] && !wcspbrk(arg, L" \t\n\v\"")) {
        for (p = arg; *p; p++)
            line[(*n)++] = *p;
        return;
    }
    line[(*n)++] = L'"';
    for (p = arg;; p++) {
        size_t backslashes = 0;
        while (*p == L'\\') {
            backslashes++;
            p++;
        }
        if (!*p) {
            for (k = 0; k < 2 * backslashes; k++)
                line[(*n)++] = L'\\';
            break;
        }
        if (*p == L'"') {
            for (k = 0; k < 2 * backslashes + 1; k++)
                line[(*n)++] = L'\\';
        } else {
            for (k = 0; k < backslashes; k++)
                line[(*n)++] = L'\\';
        }
        line[(*n)++] = *p;
    }
    line[(*n)++] = L'"';
}

/* The program (always quoted: argv[0] has no escapes, and a path has no quotes) and the
 * arguments; NULL when longer than Windows allows. */
static WCHAR* command_line(const WCHAR* program, const char** args, size_t count) {
    size_t i, n = 0, capacity = wcslen(program) + 3;
    WCHAR** wide = xmalloc((count ? count : 1) * sizeof *wide);
    WCHAR* line;
    for (i = 0; i < count; i++) {
        wide[i] = wide_of(args[i]);
        capacity += 2 * wcslen(wide[i]) + 3; /* every character escaped, quotes, space */
    }
    line = xmalloc((capacity + 1) * sizeof(WCHAR));
    line[n++] = L'"';
    for (i = 0; program[i]; i++)
        line[n++] = program[i];
    line[n++] = L'"';
    for (i = 0; i < count; i++) {
        line[n++] = L' ';
        append_argument(line, &n, wide[i]);
        free(wide[i]);
    }
    line[n] = 0;
    free(wide);
    if (n >= MAX_COMMAND_LINE) {
        free(line);
        return NULL;
    }
    return line;
}

/* Splits the recorder's own command line by the same rules (including "" inside quotes for
 * one quote, as the Microsoft C runtime does since 2008). */
static WCHAR** split_command_line(const WCHAR* p, int* argc) {
    size_t capacity = wcslen(p) + 1;
    WCHAR** argv = xmalloc((capacity + 1) * sizeof *argv);
    WCHAR* arg;
    size_t n;
    int in_quotes;
    *argc = 0;
    /* argv[0]: up to the closing quote or white space, no escapes */
    arg = xmalloc(capacity * sizeof(WCHAR));
    n = 0;
    if (*p == L'"') {
        for (p++; *p && *p != L'"'; p++)
            arg[n++] = *p;
        if (*p) p++;
    } else
        for (; *p && *p != L' ' && *p != L'\t'; p++)
            arg[n++] = *p;
    arg[n] = 0;
    argv[(*argc)++] = arg;
    for (;;) {
        while (*p == L' ' || *p == L'\t')
            p++;
        if (!*p) break;
        arg = xmalloc(capacity * sizeof(WCHAR));
        n = 0;
        in_quotes = 0;
        while (*p && (in_quotes || (*p != L' ' && *p != L'\t'))) {
            if (*p == L'\\') {
                size_t backslashes = 0, k;
                while (*p == L'\\') {
                    backslashes++;
                    p++;
                }
                if (*p == L'"') {
                    for (k = 0; k < backslashes / 2; k++)
                        arg[n++] = L'\\';
                    if (backslashes % 2) arg[n++] = *p++;
                } else
                    for (k = 0; k < backslashes; k++)
                        arg[n++] = L'\\';
            } else if (*p == L'"') {
                if (in_quotes && p[1] == L'"') {
                    arg[n++] = L'"';
                    p += 2;
                } else {
                    in_quotes = !in_quotes;
                    p++;
                }
            } else
                arg[n++] = *p++;
        }
        arg[n] = 0;
        argv[(*argc)++] = arg;
    }
    argv[*argc] = NULL;
    return argv;
}

/* Running one repeat */

enum run_status { RUN_OK, RUN_TIMEOUT, RUN_FAILED };

static HANDLE open_inheritable(const WCHAR* path, DWORD access, DWORD disposition) {
    SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
    WCHAR* x = wcscmp(path, L"NUL") ? ext(path) : wconcat(path, L"");
    HANDLE h = CreateFileW(x, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           &inherit, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
    free(x);
    return h;
}

static DWORD active_processes(HANDLE job) {
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION info;
    if (!QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &info, sizeof info,
                                   NULL))
        return 0;
    return info.ActiveProcesses;
}

/* Ends what is left in the job and waits (up to 10 s) until it is empty, so that nothing holds
 * the working folder or the output files any more. */
static void end_job(HANDLE job) {
    int tries;
    TerminateJobObject(job, 1);
    for (tries = 0; tries < 100 && active_processes(job); tries++)
        Sleep(100);
}

struct saved_variable {
    WCHAR* name;
    WCHAR* value; /* NULL: was not set */
};

/* Sets the test's variables in the recorder's own environment (the child inherits it with
 * everything else), remembering what was there. */
static struct saved_variable* set_environment(const struct plan_test* t) {
    struct saved_variable* saved = xmalloc((t->env_count ? t->env_count : 1) * sizeof *saved);
    size_t i;
    for (i = 0; i < t->env_count; i++) {
        WCHAR* value = wide_of(t->env[i].value);
        DWORD n;
        saved[i].name = wide_of(t->env[i].name);
        saved[i].value = NULL;
        SetLastError(0);
        n = GetEnvironmentVariableW(saved[i].name, NULL, 0);
        if (n || GetLastError() != ERROR_ENVVAR_NOT_FOUND) {
            saved[i].value = xmalloc((n + 1) * sizeof(WCHAR));
            if (!GetEnvironmentVariableW(saved[i].name, saved[i].value, n + 1))
                saved[i].value[0] = 0;
        }
        SetEnvironmentVariableW(saved[i].name, value);
        free(value);
    }
    return saved;
}

static void restore_environment(const struct plan_test* t, struct saved_variable* saved) {
    size_t i = t->env_count;
    while (i--) { /* in reverse: the first saved value of a name is the original */
        SetEnvironmentVariableW(saved[i].name, saved[i].value);
        free(saved[i].name);
        free(saved[i].value);
    }
    free(saved);
}

static enum run_status run_once(const struct context* ctx, const struct plan_test* t,
                                const WCHAR* program, const WCHAR* line, const WCHAR* cwd,
                                const WCHAR* stdin_path, DWORD* exit_code, double* wall_s) {
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    HANDLE job, in, out, err;
    struct saved_variable* saved;
    LARGE_INTEGER start, end;
    WCHAR* writable = wconcat(line, L"");
    DWORD wait, timeout_ms = (DWORD)(t->timeout_s * 1000.0 + 0.5), error;
    BOOL created;

    in = open_inheritable(stdin_path ? stdin_path : L"NUL", GENERIC_READ, OPEN_EXISTING);
    if (in == INVALID_HANDLE_VALUE) {
        test_error(t->id, "cannot open stdin", stdin_path ? stdin_path : L"NUL", GetLastError());
        free(writable);
        return RUN_FAILED;
    }
    out = open_inheritable(ctx->stdout_path, GENERIC_WRITE, CREATE_ALWAYS);
    err = open_inheritable(ctx->stderr_path, GENERIC_WRITE, CREATE_ALWAYS);
    if (out == INVALID_HANDLE_VALUE || err == INVALID_HANDLE_VALUE) {
        test_error(t->id, "cannot create", ctx->stdio, GetLastError());
        CloseHandle(in);
        if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
        if (err != INVALID_HANDLE_VALUE) CloseHandle(err);
        free(writable);
        return RUN_FAILED;
    }

    /* Everything the program starts is in the job and dies with it. An unhandled exception
     * ends a process at once with its code (no error dialog waiting for a click). */
    job = CreateJobObjectW(NULL, NULL);
    memset(&limits, 0, sizeof limits);
    limits.BasicLimitInformation.LimitFlags =
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
    if (job &&
        !SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits,
                                     sizeof limits)) {
            CloseHandle(job);
            job = NULL;
        }
    }
    if (!job) {
        test_error(t->id, "cannot create a job object", NULL, GetLastError());
        CloseHandle(in);
        CloseHandle(out);
        CloseHandle(err);
        free(writable);
        return RUN_FAILED;
    }

    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in;
    si.hStdOutput = out;
    si.hStdError = err;
    saved = set_environment(t);
    QueryPerformanceCounter(&start);
    created =
        CreateProcessW(program, writable, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, cwd, &si, &pi);
    error = GetLastError();
    restore_environment(t, saved);
    CloseHandle(in);
    CloseHandle(out);
    CloseHandle(err);
    free(writable);
    if (!created) {
        char buf[600];
        fprintf(stderr, "woa-record: %s: cannot start %s: %s\n", t->id, t->program,
                error_text(error, buf, sizeof buf));
        if (wcslen(cwd) >= MAX_PATH - 1 || wcslen(program) >= MAX_PATH)
            fprintf(stderr,
                    "woa-record: %s: the program or its folder is longer than MAX_PATH (%d); "
                    "use a shorter kit folder or --out\n",
                    t->id, MAX_PATH);
        CloseHandle(job);
        return RUN_FAILED;
    }
    if (!AssignProcessToJobObject(job, pi.hProcess)) {
        test_error(t->id, "cannot put the program into a job object", NULL, GetLastError());
        TerminateProcess(pi.hProcess, 1);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
        CloseHandle(job);
        return RUN_FAILED;
    }
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);

    wait = WaitForSingleObject(pi.hProcess, timeout_ms);
    QueryPerformanceCounter(&end);
    *wall_s = (double)(end.QuadPart - start.QuadPart) / (double)ctx->frequency.QuadPart;
    if (wait != WAIT_OBJECT_0) {
        end_job(job);
        WaitForSingleObject(pi.hProcess, 10000);
        CloseHandle(pi.hProcess);
        CloseHandle(job);
        if (wait == WAIT_TIMEOUT) return RUN_TIMEOUT;
        test_error(t->id, "cannot wait for the program", NULL, GetLastError());
        return RUN_FAILED;
    }
    GetExitCodeProcess(pi.hProcess, exit_code);
    CloseHandle(pi.hProcess);
    /* what the program left running ends with it, as woa's runner does */
    if (active_processes(job))
        fprintf(stderr, "woa-record: %s: the program left processes running; ended them\n", t->id);
    end_job(job);
    CloseHandle(job);
    return RUN_OK;
}

/* Recording one test */

static int compare_doubles(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

static void utc_now(char* out, size_t size) {
    SYSTEMTIME st;
    GetSystemTime(&st);
    snprintf(out, size, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour,
             st.wMinute, st.wSecond);
}

static void write_origin(struct json_buffer* b, const struct context* ctx, const char* date) {
    const struct origin* o = &ctx->origin;
    json_buffer_text(b, "  \"origin\": {\n    \"kind\": ");
    if (o->emulated) {
        /* not a device: say so, and what it was instead */
        json_buffer_text(b, "\"emulated\",\n    \"wine\": ");
        json_buffer_string(b, o->wine, strlen(o->wine));
        if (o->has_host) {
            json_buffer_text(b, ",\n    \"host\": ");
            json_buffer_string(b, o->host, strlen(o->host));
        }
    } else
        json_buffer_text(b, "\"recorded\"");
    json_buffer_text(b, ",\n    \"device\": ");
    json_buffer_string(b, o->device, strlen(o->device));
    json_buffer_text(b, ",\n    \"windows_build\": ");
    json_buffer_string(b, o->windows_build, strlen(o->windows_build));
    json_buffer_text(b, ",\n    \"cpu\": ");
    json_buffer_string(b, o->cpu, strlen(o->cpu));
    json_buffer_text(b, ",\n    \"date\": ");
    json_buffer_string(b, date, strlen(date));
    json_buffer_text(b, ",\n    \"recorder\": ");
    json_buffer_string(b, ctx->recorder, strlen(ctx->recorder));
    json_buffer_text(b, "\n  },\n");
}

/* Writes <out>\<entry>\<test>.json whole: a .partial file, then renamed over the old one. */
static int write_reference(const struct context* ctx, const struct plan_test* t,
                           const struct json_buffer* b) {
    const char* slash = strchr(t->id, '/');
    char* entry = xmalloc((size_t)(slash - t->id) + 1);
    WCHAR *wentry, *wname, *folder, *name, *final, *partial, *xfinal, *xpartial;
    HANDLE file;
    DWORD error = 0, written;
    int ok = 0;

    memcpy(entry, t->id, (size_t)(slash - t->id));
    entry[slash - t->id] = 0;
    wentry = wide_of(entry);
    wname = wide_of(slash + 1);
    folder = wjoin(ctx->out, wentry);
    name = wconcat(wname, L".json");
    final = wjoin(folder, name);
    partial = wconcat(final, L".partial");
    xfinal = ext(final);
    xpartial = ext(partial);
    if (!make_folders(folder, &error)) {
        test_error(t->id, "cannot create", folder, error);
        goto done;
    }
    file =
        CreateFileW(xpartial, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        test_error(t->id, "cannot create", partial, GetLastError());
        goto done;
    }
    if (!WriteFile(file, b->data, (DWORD)b->size, &written, NULL) || written != b->size ||
        !FlushFileBuffers(file)) {
        test_error(t->id, "cannot write", partial, GetLastError());
        CloseHandle(file);
        DeleteFileW(xpartial);
        goto done;
    }
    CloseHandle(file);
    if (!MoveFileExW(xpartial, xfinal, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        test_error(t->id, "cannot rename to", final, GetLastError());
        DeleteFileW(xpartial);
        goto done;
    }
    ok = 1;
done:
    free(entry);
    free(wentry);
    free(wname);
    free(folder);
    free(name);
    free(final);
    free(partial);
    free(xfinal);
    free(xpartial);
    return ok;
}

/* A fresh, empty working folder with the test's copies in it and the program's folder. */
static int prepare_work(const struct context* ctx, const struct plan_test* t, const WCHAR* cwd) {
    DWORD error = 0;
    size_t i;
    if (!remove_tree(ctx->work, &error)) {
        test_error(t->id, "cannot empty the working folder", ctx->work, error);
        return 0;
    }
    if (!make_folders(ctx->work, &error)) {
        test_error(t->id, "cannot create", ctx->work, error);
        return 0;
    }
    for (i = 0; i < t->copy_count; i++) {
        WCHAR* from = join(ctx->kit, t->copies[i].from);
        WCHAR* to = join(ctx->work, t->copies[i].to);
        WCHAR* parent;
        int ok;
        /* a file copied to a folder that exists ("." or a copied one) keeps its name */
        if (!is_folder(from) && is_folder(to)) {
            WCHAR* name = wcsrchr(from, L'\\');
            WCHAR* into = wjoin(to, name + 1);
            free(to);
            to = into;
        }
        parent = wconcat(to, L"");
        *wcsrchr(parent, L'\\') = 0;
        ok = make_folders(parent, &error);
        if (!ok) test_error(t->id, "cannot create", parent, error);
        ok = ok && copy_tree(t->id, from, to, ctx->out);
        free(parent);
        free(from);
        free(to);
        if (!ok) return 0;
    }
    if (!make_folders(cwd, &error)) {
        test_error(t->id, "cannot create", cwd, error);
        return 0;
    }
    return 1;
}

static int record_test(const struct context* ctx, const struct plan_test* t) {
    int repeat = ctx->repeat_override ? ctx->repeat_override : t->repeat, r;
    WCHAR* program = join(ctx->kit, t->program);
    WCHAR* cwd = join(ctx->work, t->cwd);
    WCHAR* stdin_path = t->stdin_file ? join(ctx->kit, t->stdin_file) : NULL;
    WCHAR* line = command_line(program, t->args, t->arg_count);
    double* walls = xmalloc((size_t)repeat * sizeof *walls);
    DWORD exit_code = 0, first_exit = 0, error = 0;
    char date[32], hex[65];
    char* text = NULL;
    char* cwd_utf8 = NULL;
    ULONGLONG bytes = 0;
    struct json_buffer b;
    size_t i;
    int ok = 0, files_started = 0;
    double median, spread;

    memset(&b, 0, sizeof b);
    utc_now(date, sizeof date);
    if (!line) {
        fprintf(stderr, "woa-record: %s: the command line is longer than Windows allows\n", t->id);
        goto done;
    }
    for (r = 0; r < repeat; r++) {
        enum run_status status;
        if (!prepare_work(ctx, t, cwd)) goto done;
        status = run_once(ctx, t, program, line, cwd, stdin_path, &exit_code, &walls[r]);
        if (status == RUN_TIMEOUT) {
            fprintf(stderr, "woa-record: %s: timed out after %g s\n", t->id, t->timeout_s);
            goto done;
        }
        if (status != RUN_OK) goto done;
        if (r == 0) first_exit = exit_code;
        if (exit_code != first_exit)
            fprintf(stderr,
                    "woa-record: %s: warning: exit codes differ between repeats (%lu, then "
                    "%lu); the reference has the last\n",
                    t->id, first_exit, exit_code);
    }

    /* the last repeat's stdout and produced files */
    if (!hash_file(ctx, ctx->stdout_path, hex, &bytes, &text, TEXT_LIMIT, &error)) {
        test_error(t->id, "cannot read the program's stdout", ctx->stdout_path, error);
        goto done;
    }
    cwd_utf8 = utf8_of(cwd);
    json_buffer_text(&b, "{\n  \"test\": ");
    json_buffer_string(&b, t->id, strlen(t->id));
    json_buffer_text(&b, ",\n");
    write_origin(&b, ctx, date);
    json_buffer_printf(&b, "  \"exit_code\": %lu,\n", exit_code);
    json_buffer_text(&b, "  \"output\": {\n    ");
    if (text && strlen(text) == bytes && json_utf8_valid(text, (size_t)bytes)) {
        json_buffer_text(&b, "\"text\": ");
        json_buffer_string(&b, text, (size_t)bytes);
    } else
        json_buffer_printf(&b, "\"sha256\": \"%s\",\n    \"bytes\": %llu", hex, bytes);
    json_buffer_text(&b, ",\n    \"working_folder\": ");
    json_buffer_string(&b, cwd_utf8, strlen(cwd_utf8));
    json_buffer_text(&b, "\n  },\n");
    if (t->produce_count) {
        json_buffer_text(&b, "  \"files\": {");
        for (i = 0; i < t->produce_count; i++) {
            WCHAR* path = join(cwd, t->produces[i]);
            char file_hex[65];
            ULONGLONG size;
            if (hash_file(ctx, path, file_hex, &size, NULL, 0, &error)) {
                json_buffer_text(&b, files_started ? ",\n    " : "\n    ");
                json_buffer_string(&b, t->produces[i], strlen(t->produces[i]));
                json_buffer_printf(&b, ": \"%s\"", file_hex);
                files_started = 1;
            } else if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
                fprintf(stderr, "woa-record: %s: %s was not produced\n", t->id, t->produces[i]);
            else {
                test_error(t->id, "cannot read", path, error);
                free(path);
                goto done;
            }
            free(path);
        }
        json_buffer_text(&b, files_started ? "\n  },\n" : "},\n");
    }
    qsort(walls, (size_t)repeat, sizeof *walls, compare_doubles);
    median = repeat % 2 ? walls[repeat / 2] : (walls[repeat / 2 - 1] + walls[repeat / 2]) / 2;
    spread = repeat > 1 && median > 0 ? (walls[repeat - 1] - walls[0]) / median : 0;
    json_buffer_text(&b, "  \"timing\": {\n    \"median_s\": ");
    json_buffer_number(&b, median);
    json_buffer_text(&b, ",\n    \"spread\": ");
    json_buffer_number(&b, spread);
    json_buffer_printf(&b, ",\n    \"repeats\": %d\n  }\n}\n", repeat);
    if (b.failed) {
        fprintf(stderr, "woa-record: %s: out of memory\n", t->id);
        goto done;
    }
    if (!write_reference(ctx, t, &b)) goto done;
    if (exit_code > 0xffff)
        printf("recorded %s: exit %lu (0x%08lx), %.2f s median of %d\n", t->id, exit_code,
               exit_code, median, repeat);
    else
        printf("recorded %s: exit %lu, %.2f s median of %d\n", t->id, exit_code, median, repeat);
    fflush(stdout);
    ok = 1;
done:
    json_buffer_free(&b);
    free(text);
    free(cwd_utf8);
    free(walls);
    free(line);
    free(stdin_path);
    free(cwd);
    free(program);
    return ok;
}

/* Where it runs */

static void trim_copy(char* out, size_t size, const char* in) {
    size_t start = 0, n = strlen(in);
    while (in[start] == ' ' || in[start] == '\t')
        start++;
    while (n > start && (in[n - 1] == ' ' || in[n - 1] == '\t'))
        n--;
    snprintf(out, size, "%.*s", (int)(n - start), in + start);
}

static void registry_string(const WCHAR* key, const WCHAR* name, char* out, size_t size) {
    WCHAR value[512];
    DWORD bytes = sizeof value;
    char* utf8;
    out[0] = 0;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key, name, RRF_RT_REG_SZ, NULL, value, &bytes) !=
        ERROR_SUCCESS)
        return;
    utf8 = utf8_of(value);
    trim_copy(out, size, utf8);
    free(utf8);
}

static void find_origin(struct origin* o) {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    wine_get_version_fn wine_version =
        ntdll ? (wine_get_version_fn)(void*)GetProcAddress(ntdll, "wine_get_version") : NULL;
    wine_get_host_version_fn host_version =
        ntdll ? (wine_get_host_version_fn)(void*)GetProcAddress(ntdll, "wine_get_host_version")
              : NULL;
    rtl_get_version_fn rtl_version =
        ntdll ? (rtl_get_version_fn)(void*)GetProcAddress(ntdll, "RtlGetVersion") : NULL;
    RTL_OSVERSIONINFOEXW version;
    char manufacturer[128], product[128];
    DWORD ubr = 0, bytes = sizeof ubr;
    HKEY wine_key;

    memset(o, 0, sizeof *o);
    /* wine's HideWineExports setting hides wine_get_version from programs; wine's own key in
     * the registry stays. Either one means this is not a device. */
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Wine", 0, KEY_READ, &wine_key) ==
        ERROR_SUCCESS) {
        RegCloseKey(wine_key);
        o->emulated = 1;
        strcpy(o->wine, "unknown");
    }
    if (wine_version) {
        const char* v = wine_version();
        o->emulated = 1;
        trim_copy(o->wine, sizeof o->wine, v && v[0] ? v : "unknown");
        if (!o->wine[0]) strcpy(o->wine, "unknown");
        if (host_version) {
            const char *sysname = NULL, *release = NULL;
            host_version(&sysname, &release);
            snprintf(o->host, sizeof o->host, "%s %s", sysname ? sysname : "unknown",
                     release ? release : "unknown");
            o->has_host = 1;
        }
    }
    registry_string(L"HARDWARE\\DESCRIPTION\\System\\BIOS", L"SystemManufacturer", manufacturer,
                    sizeof manufacturer);
    registry_string(L"HARDWARE\\DESCRIPTION\\System\\BIOS", L"SystemProductName", product,
                    sizeof product);
    snprintf(o->device, sizeof o->device, "%s%s%s", manufacturer,
             manufacturer[0] && product[0] ? " " : "", product);
    if (!o->device[0]) strcpy(o->device, "unknown");
    registry_string(L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", L"ProcessorNameString",
                    o->cpu, sizeof o->cpu);
    if (!o->cpu[0]) strcpy(o->cpu, "unknown");
    memset(&version, 0, sizeof version);
    version.dwOSVersionInfoSize = sizeof version;
    if (rtl_version && rtl_version(&version) == 0) {
        snprintf(o->windows_build, sizeof o->windows_build, "%lu.%lu.%lu", version.dwMajorVersion,
                 version.dwMinorVersion, version.dwBuildNumber);
        /* the update build revision, when Windows has one (wine does not) */
        if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                         L"UBR", RRF_RT_REG_DWORD, NULL, &ubr, &bytes) == ERROR_SUCCESS) {
            size_t n = strlen(o->windows_build);
            snprintf(o->windows_build + n, sizeof o->windows_build - n, ".%lu", ubr);
        }
    } else
        strcpy(o->windows_build, "unknown");
}

/* The command line */

static int glob_match(const char* pattern, const char* s) {
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*pattern == '*') {
            star = pattern++;
            resume = s;
        } else if (*pattern == '?' || *pattern == *s) {
            pattern++;
            s++;
        } else if (star) {
            pattern = star + 1;
            s = ++resume;
        } else
            return 0;
    }
    while (*pattern == '*')
        pattern++;
    return !*pattern;
}

static void usage(FILE* to) {
    fputs("usage: woa-record.exe [--plan FILE] [--out DIR] [--filter GLOB]... [--repeat N]\n"
          "\n"
          "Runs every test of a recording kit natively on Windows on Arm and writes one\n"
          "reference result per test: OUT\\<entry>\\<test>.json.\n"
          "\n"
          "  --plan FILE     the kit's plan (default: plan.json next to woa-record.exe);\n"
          "                  every path in it is relative to its folder\n"
          "  --out DIR       where the references go (default: references next to the plan)\n"
          "  --filter GLOB   only tests whose entry/test matches ('*', '?'); repeatable\n"
          "  --repeat N      run each test N times (default: the plan's repeat)\n"
          "  --help, --version\n"
          "\n"
          "Exit status: 0 all recorded, 1 some test got no reference, 2 bad usage or plan.\n",
          to);
}

static int usage_error(const char* what, const char* arg) {
    fprintf(stderr, "woa-record: error: %s%s%s (see --help)\n", what, arg ? " " : "",
            arg ? arg : "");
    return 2;
}

/* The whole plan file, or NULL with `error`; refuses files above JSON_MAX_SIZE. */
static char* read_plan_file(const WCHAR* path, size_t* size, DWORD* error) {
    WCHAR* x = ext(path);
    HANDLE file = CreateFileW(x, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER length;
    char* text;
    DWORD got;
    free(x);
    if (file == INVALID_HANDLE_VALUE) {
        *error = GetLastError();
        return NULL;
    }
    if (!GetFileSizeEx(file, &length)) {
        *error = GetLastError();
        CloseHandle(file);
        return NULL;
    }
    if (length.QuadPart > JSON_MAX_SIZE) {
        *error = ERROR_FILE_TOO_LARGE;
        CloseHandle(file);
        return NULL;
    }
    text = xmalloc((size_t)length.QuadPart + 1);
    *size = 0;
    while (*size < (size_t)length.QuadPart) {
        if (!ReadFile(file, text + *size, (DWORD)((size_t)length.QuadPart - *size), &got, NULL)) {
            *error = GetLastError();
            free(text);
            CloseHandle(file);
            return NULL;
        }
        if (!got) break;
        *size += got;
    }
    text[*size] = 0;
    CloseHandle(file);
    return text;
}

static int record(void) {
    static struct context ctx;
    int argc, i, failed = 0, selected = 0;
    WCHAR** argv = split_command_line(GetCommandLineW(), &argc);
    const WCHAR *plan_arg = NULL, *out_arg = NULL;
    char** filters = xmalloc((size_t)argc * sizeof *filters);
    int filter_count = 0;
    WCHAR* plan_path;
    char *text, *name, message[512];
    size_t size, t;
    DWORD error = 0;

    for (i = 1; i < argc; i++) {
        const WCHAR* a = argv[i];
        const WCHAR** target = NULL;
        const WCHAR* value = NULL;
        char* utf8 = utf8_of(a);
        if (!wcscmp(a, L"--help") || !wcscmp(a, L"-h")) {
            usage(stdout);
            return 0;
        }
        if (!wcscmp(a, L"--version")) {
            printf("woa-record %d\n", RECORDER_VERSION);
            return 0;
        }
        if (!wcsncmp(a, L"--plan", 6) || !wcsncmp(a, L"--out", 5) || !wcsncmp(a, L"--filter", 8) ||
            !wcsncmp(a, L"--repeat", 8)) {
            const WCHAR* eq = wcschr(a, L'=');
            size_t n = eq ? (size_t)(eq - a) : wcslen(a);
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return usage_error("missing value for", utf8);
            if (n == 6 && !wcsncmp(a, L"--plan", 6))
                target = &plan_arg;
            else if (n == 5 && !wcsncmp(a, L"--out", 5))
                target = &out_arg;
            else if (n == 8 && !wcsncmp(a, L"--filter", 8))
                filters[filter_count++] = utf8_of(value);
            else if (n == 8 && !wcsncmp(a, L"--repeat", 8)) {
                WCHAR* end;
                long r = wcstol(value, &end, 10);
                if (!value[0] || *end || r < 1 || r > PLAN_MAX_REPEAT)
                    return usage_error("--repeat needs a number from 1 to 1000, not",
                                       utf8_of(value));
                ctx.repeat_override = (int)r;
            } else
                return usage_error("unknown option", utf8);
            if (target) {
                if (!value[0]) return usage_error("empty value for", utf8);
                *target = value;
            }
        } else
            return usage_error(a[0] == L'-' ? "unknown option" : "unexpected argument", utf8);
        free(utf8);
    }

    /* the plan: read and checked whole before anything is written */
    if (plan_arg)
        plan_path = full_path(plan_arg);
    else {
        WCHAR* self = xmalloc(MAX_COMMAND_LINE * sizeof(WCHAR));
        DWORD n = GetModuleFileNameW(NULL, self, MAX_COMMAND_LINE);
        WCHAR* slash;
        self[n < MAX_COMMAND_LINE ? n : 0] = 0;
        slash = wcsrchr(self, L'\\');
        if (slash) *slash = 0;
        plan_path = wjoin(self, L"plan.json");
        free(self);
    }
    if (!plan_path) return usage_error("not a usable path:", utf8_of(plan_arg));
    name = utf8_of(plan_path);
    ctx.plan_name = name;
    text = read_plan_file(plan_path, &size, &error);
    if (!text) {
        if (error == ERROR_FILE_TOO_LARGE)
            fprintf(stderr, "woa-record: error: %s: larger than %u MiB at byte %u\n", name,
                    JSON_MAX_SIZE >> 20, JSON_MAX_SIZE);
        else
            fprintf(stderr, "woa-record: error: %s: cannot read: %s\n", name,
                    error_text(error, message, sizeof message));
        return 2;
    }
    if (!plan_load(text, size, &ctx.plan, message, sizeof message)) {
        fprintf(stderr, "woa-record: error: %s: %s\n", name, message);
        return 2;
    }
    free(text);
    for (t = 0; t < ctx.plan.test_count; t++) {
        int match = !filter_count;
        for (i = 0; i < filter_count && !match; i++)
            match = glob_match(filters[i], ctx.plan.tests[t].id);
        selected += match;
    }
    if (!selected) {
        fprintf(stderr, "woa-record: error: %s: no test %s\n", name,
                filter_count ? "matches the filters" : "in the plan");
        return 2;
    }

    ctx.kit = wconcat(plan_path, L"");
    *wcsrchr(ctx.kit, L'\\') = 0;
    if (wcslen(ctx.kit) == 2) { /* "C:" -> "C:\" */
        WCHAR* root = wconcat(ctx.kit, L"\\");
        free(ctx.kit);
        ctx.kit = root;
    }
    ctx.out = out_arg ? full_path(out_arg) : wjoin(ctx.kit, L"references");
    if (!ctx.out) return usage_error("not a usable path:", utf8_of(out_arg));
    ctx.work = wjoin(ctx.out, L".work");
    ctx.stdio = wjoin(ctx.out, L".stdio");
    ctx.stdout_path = wjoin(ctx.stdio, L"stdout");
    ctx.stderr_path = wjoin(ctx.stdio, L"stderr");
    snprintf(ctx.recorder, sizeof ctx.recorder, "woa-record %d (woa %s, corpus %s)",
             RECORDER_VERSION, ctx.plan.woa_version, ctx.plan.corpus_rev);
    QueryPerformanceFrequency(&ctx.frequency);
    if (BCryptOpenAlgorithmProvider(&ctx.sha256, BCRYPT_SHA256_ALGORITHM, NULL, 0) != 0) {
        fputs("woa-record: error: bcrypt has no SHA-256\n", stderr);
        return 1;
    }
    find_origin(&ctx.origin);
    if (ctx.origin.emulated)
        fprintf(stderr,
                "woa-record: warning: running under wine %s, not on a Windows device: these "
                "references say \"kind\": \"emulated\"; they are not recorded references and "
                "are no evidence of what Windows does\n",
                ctx.origin.wine);

    if (!make_folders(ctx.stdio, &error)) {
        char* p = utf8_of(ctx.stdio);
        fprintf(stderr, "woa-record: error: cannot create %s: %s\n", p,
                error_text(error, message, sizeof message));
        return 1;
    }
    for (t = 0; t < ctx.plan.test_count; t++) {
        int match = !filter_count;
        for (i = 0; i < filter_count && !match; i++)
            match = glob_match(filters[i], ctx.plan.tests[t].id);
        if (match && !record_test(&ctx, &ctx.plan.tests[t])) failed++;
    }
    if (!remove_tree(ctx.work, &error) || !remove_tree(ctx.stdio, &error)) {
        fprintf(stderr, "woa-record: warning: cannot remove %s: %s\n",
                utf8_of(attributes(ctx.work) != INVALID_FILE_ATTRIBUTES ? ctx.work : ctx.stdio),
                error_text(error, message, sizeof message));
    }
    if (failed) fprintf(stderr, "woa-record: %d of %d tests got no reference\n", failed, selected);
    BCryptCloseAlgorithmProvider(ctx.sha256, 0);
    plan_free(&ctx.plan);
    return failed ? 1 : 0;
}

int main(void) {
    UINT console_cp = GetConsoleOutputCP();
    int status;
    /* no dialog may wait for a click: not for a missing DLL, not for a crash (children
     * inherit the error mode) */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    if (console_cp) SetConsoleOutputCP(CP_UTF8); /* paths in messages are UTF-8 */
    status = record();
    fflush(stdout);
    fflush(stderr);
    if (console_cp) SetConsoleOutputCP(console_cp);
    return status;
}
