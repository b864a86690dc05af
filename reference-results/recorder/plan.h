/* plan: the recording kit's plan.json, read into typed tests (format woa-record-plan/1).
 *
 * Unknown keys are ignored; a wrong type, a missing required key or an unsafe path is an
 * error naming its JSON path (/tests/3/args: expected an array). Every path is relative with
 * forward slashes: absolute paths, drive letters and ':', backslashes, '..' segments, empty
 * segments, characters Windows does not allow in names, names ending in '.' or ' ' and device
 * names (NUL, CON, COM1, ...) are refused, so nothing in a plan can point outside the kit or
 * the working folder. */
#pragma once

#include "json.h"

#include <stddef.h>

#define PLAN_FORMAT "woa-record-plan/1"
#define PLAN_MAX_REPEAT 1000
#define PLAN_MAX_TIMEOUT_S 86400.0

struct plan_copy {
    const char* from; /* relative to the kit: a file or a folder (copied recursively) */
    const char* to;   /* relative to the working folder; "." is the folder itself */
};

struct plan_env {
    const char* name;
    const char* value;
};

struct plan_test {
    const char* id;      /* entry/test, as the reference schema's pattern allows */
    const char* program; /* relative to the kit */
    const char** args;
    size_t arg_count;
    struct plan_copy* copies;
    size_t copy_count;
    const char* cwd;        /* below the working folder; "" is the folder itself */
    const char* stdin_file; /* relative to the kit, or NULL for NUL */
    struct plan_env* env;
    size_t env_count;
    double timeout_s;
    int repeat;
    const char** produces; /* relative to the program's working folder */
    size_t produce_count;
};

struct plan {
    struct json_value* root; /* every string above points into it */
    const char* woa_version;
    const char* corpus_rev;
    struct plan_test* tests;
    size_t test_count;
};

/* Reads text[0, size) into `plan`. On error returns 0 and writes "what at byte N" or
 * "/json/path: what" to message[0, message_size). */
int plan_load(const char* text, size_t size, struct plan* plan, char* message, size_t message_size);
void plan_free(struct plan* plan);

#define PLAN_PATH_ALLOW_EMPTY 1 /* "" */
#define PLAN_PATH_ALLOW_DOT 2   /* "." */
/* NULL when `path` is a safe relative path (see above), else why not. */
const char* plan_path_problem(const char* path, size_t length, int flags);
