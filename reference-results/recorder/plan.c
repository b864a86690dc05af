/* plan: plan.json into typed tests; see plan.h. */
#include "plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
    char* message;
    size_t message_size;
};

static int problem(struct reader* r, const char* where, const char* format, ...) {
    char what[256];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    snprintf(r->message, r->message_size, "%s: %s", where[0] ? where : "/", what);
    return 0;
}

static int expect(struct reader* r, const char* where, const struct json_value* v,
                  enum json_type type) {
    if (v->type == type || (type == JSON_TRUE && v->type == JSON_FALSE)) return 1;
    return problem(r, where, "expected %s, found %s", json_type_name(type),
                   json_type_name(v->type));
}

/* where + "/" + key, with '~' and '/' escaped as a JSON pointer wants. */
static void child_key(char* out, size_t size, const char* where, const char* key) {
    size_t n = (size_t)snprintf(out, size, "%s/", where), i;
    for (i = 0; key[i] && n + 3 < size && i < 80; i++) {
        if (key[i] == '~' || key[i] == '/') {
            out[n++] = '~';
            out[n++] = key[i] == '~' ? '0' : '1';
        } else
            out[n++] = key[i];
    }
    out[n < size ? n : size - 1] = 0;
}

static void child_index(char* out, size_t size, const char* where, size_t index) {
    snprintf(out, size, "%s/%u", where, (unsigned)index);
}

static int string_value(struct reader* r, const char* where, const struct json_value* v,
                        const char** out) {
    if (!expect(r, where, v, JSON_STRING)) return 0;
    if (strlen(v->string) != v->length) return problem(r, where, "contains a NUL character");
    *out = v->string;
    return 1;
}

static int path_value(struct reader* r, const char* where, const struct json_value* v, int flags,
                      const char** out) {
    const char* why;
    if (!string_value(r, where, v, out)) return 0;
    why = plan_path_problem(v->string, v->length, flags);
    if (why) return problem(r, where, "\"%.80s\" %s", v->string, why);
    return 1;
}

static const char* device_names[] = {"CON",  "PRN",  "AUX",  "NUL",  "COM1",   "COM2",
                                     "COM3", "COM4", "COM5", "COM6", "COM7",   "COM8",
                                     "COM9", "LPT1", "LPT2", "LPT3", "LPT4",   "LPT5",
                                     "LPT6", "LPT7", "LPT8", "LPT9", "CONIN$", "CONOUT$"};

static int is_device_name(const char* segment, size_t n) {
    size_t base = 0, i, k;
    while (base < n && segment[base] != '.')
        base++;
    while (base > 0 && segment[base - 1] == ' ')
        base--;
    for (i = 0; i < sizeof device_names / sizeof device_names[0]; i++) {
        const char* d = device_names[i];
        if (strlen(d) != base) continue;
        for (k = 0; k < base; k++) {
            char c = segment[k];
            if (c >= 'a' && c <= 'z') c = (char)(c - 32);
            if (c != d[k]) break;
        }
        if (k == base) return 1;
    }
    return 0;
}

const char* plan_path_problem(const char* s, size_t n, int flags) {
    size_t start = 0, i;
    if (n == 0) return (flags & PLAN_PATH_ALLOW_EMPTY) ? NULL : "is empty";
    if (strlen(s) != n) return "contains a NUL character";
    if (n == 1 && s[0] == '.') return (flags & PLAN_PATH_ALLOW_DOT) ? NULL : "is '.'";
    if (s[0] == '/') return "is absolute";
    if (n >= 2 && s[1] == ':' && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return "is absolute (a drive letter)";
    for (i = 0; i < n; i++) {
        if (s[i] == '\\') return "has a backslash (paths use '/')";
        if (s[i] == ':') return "has a ':' (no drive letters or streams)";
    }
    while (start <= n) {
        size_t end = start;
        while (end < n && s[end] != '/')
            end++;
        if (end == start) return "has an empty segment";
        if (end - start == 2 && s[start] == '.' && s[start + 1] == '.') return "has a '..' segment";
        if (end - start == 1 && s[start] == '.') return "has a '.' segment";
        for (i = start; i < end; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x20 || c == 0x7f || strchr("<>\"|?*", c))
                return "has a character Windows does not allow in names";
        }
        if (s[end - 1] == '.' || s[end - 1] == ' ') return "has a name ending in '.' or ' '";
        if (is_device_name(s + start, end - start)) return "names a device (NUL, CON, ...)";
        start = end + 1;
    }
    return NULL;
}

/* ^[a-z0-9][a-z0-9._-]*$, not ending in '.' (Windows would drop the dot from a file name) */
static int id_part_ok(const char* s, size_t n) {
    size_t i;
    if (n == 0 || s[n - 1] == '.') return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return 0;
    }
    return 1;
}

static int string_array(struct reader* r, const char* where, const struct json_value* v,
                        int path_flags, const char*** out, size_t* count) {
    size_t i;
    char at[320];
    if (!expect(r, where, v, JSON_ARRAY)) return 0;
    *out = calloc(v->count ? v->count : 1, sizeof **out);
    if (!*out) return problem(r, where, "out of memory");
    *count = v->count;
    for (i = 0; i < v->count; i++) {
        child_index(at, sizeof at, where, i);
        if (path_flags >= 0 ? !path_value(r, at, v->items[i], path_flags, &(*out)[i])
                            : !string_value(r, at, v->items[i], &(*out)[i]))
            return 0;
    }
    return 1;
}

static int read_test(struct reader* r, const char* where, const struct json_value* v,
                     struct plan_test* t) {
    const struct json_value* field;
    char at[320], at2[400];
    size_t i, j;
    const char* slash;

    if (!expect(r, where, v, JSON_OBJECT)) return 0;
    t->timeout_s = 60;
    t->repeat = 1;
    t->cwd = "";

    child_key(at, sizeof at, where, "test");
    if (!(field = json_get(v, "test"))) return problem(r, where, "\"test\" is required");
    if (!string_value(r, at, field, &t->id)) return 0;
    slash = strchr(t->id, '/');
    if (!slash || !id_part_ok(t->id, (size_t)(slash - t->id)) ||
        !id_part_ok(slash + 1, strlen(slash + 1)))
        return problem(r, at, "\"%.80s\" is not entry/test (a-z, 0-9, '.', '_', '-')", t->id);

    child_key(at, sizeof at, where, "program");
    if (!(field = json_get(v, "program"))) return problem(r, where, "\"program\" is required");
    if (!path_value(r, at, field, 0, &t->program)) return 0;

    if ((field = json_get(v, "args"))) {
        child_key(at, sizeof at, where, "args");
        if (!string_array(r, at, field, -1, &t->args, &t->arg_count)) return 0;
    }

    if ((field = json_get(v, "copy"))) {
        child_key(at, sizeof at, where, "copy");
        if (!expect(r, at, field, JSON_ARRAY)) return 0;
        t->copies = calloc(field->count ? field->count : 1, sizeof *t->copies);
        if (!t->copies) return problem(r, at, "out of memory");
        t->copy_count = field->count;
        for (i = 0; i < field->count; i++) {
            const struct json_value* item = field->items[i];
            const struct json_value* part;
            child_index(at2, sizeof at2, at, i);
            if (!expect(r, at2, item, JSON_OBJECT)) return 0;
            if (!(part = json_get(item, "from"))) return problem(r, at2, "\"from\" is required");
            {
                char at3[480];
                child_key(at3, sizeof at3, at2, "from");
                if (!path_value(r, at3, part, 0, &t->copies[i].from)) return 0;
                if (!(part = json_get(item, "to"))) return problem(r, at2, "\"to\" is required");
                child_key(at3, sizeof at3, at2, "to");
                if (!path_value(r, at3, part, PLAN_PATH_ALLOW_DOT, &t->copies[i].to)) return 0;
            }
        }
    }

    if ((field = json_get(v, "cwd"))) {
        child_key(at, sizeof at, where, "cwd");
        if (!path_value(r, at, field, PLAN_PATH_ALLOW_EMPTY | PLAN_PATH_ALLOW_DOT, &t->cwd))
            return 0;
        if (!strcmp(t->cwd, ".")) t->cwd = "";
    }

    if ((field = json_get(v, "stdin"))) {
        child_key(at, sizeof at, where, "stdin");
        if (!path_value(r, at, field, 0, &t->stdin_file)) return 0;
    }

    if ((field = json_get(v, "env"))) {
        child_key(at, sizeof at, where, "env");
        if (!expect(r, at, field, JSON_OBJECT)) return 0;
        t->env = calloc(field->count ? field->count : 1, sizeof *t->env);
        if (!t->env) return problem(r, at, "out of memory");
        t->env_count = field->count;
        for (i = 0; i < field->count; i++) {
            const struct json_member* m = &field->members[i];
            child_key(at2, sizeof at2, at, m->key);
            if (!m->key_length || strlen(m->key) != m->key_length || strchr(m->key, '='))
                return problem(r, at2, "not a variable name (empty, or has '=' or NUL)");
            /* Windows' variable names ignore case: Path and PATH are one variable */
            for (j = 0; j < i; j++)
                if (!_stricmp(t->env[j].name, m->key))
                    return problem(r, at2, "the same variable as \"%.80s\"", t->env[j].name);
            t->env[i].name = m->key;
            if (!string_value(r, at2, m->value, &t->env[i].value)) return 0;
        }
    }

    if ((field = json_get(v, "timeout_s"))) {
        child_key(at, sizeof at, where, "timeout_s");
        if (!expect(r, at, field, JSON_NUMBER)) return 0;
        if (!(field->number > 0) || field->number > PLAN_MAX_TIMEOUT_S)
            return problem(r, at, "must be more than 0 and at most %g", PLAN_MAX_TIMEOUT_S);
        t->timeout_s = field->number;
    }

    if ((field = json_get(v, "repeat"))) {
        child_key(at, sizeof at, where, "repeat");
        if (!expect(r, at, field, JSON_NUMBER)) return 0;
        if (!field->is_integer) return problem(r, at, "expected an integer");
        if (field->integer < 1 || field->integer > PLAN_MAX_REPEAT)
            return problem(r, at, "must be from 1 to %d", PLAN_MAX_REPEAT);
        t->repeat = (int)field->integer;
    }

    if ((field = json_get(v, "produces"))) {
        child_key(at, sizeof at, where, "produces");
        if (!string_array(r, at, field, 0, &t->produces, &t->produce_count)) return 0;
    }
    return 1;
}

static int read_plan(struct reader* r, const struct json_value* root, struct plan* plan) {
    const struct json_value* field;
    size_t i, j;
    char at[64];

    if (!expect(r, "", root, JSON_OBJECT)) return 0;
    if (!(field = json_get(root, "format"))) return problem(r, "", "\"format\" is required");
    if (!expect(r, "/format", field, JSON_STRING)) return 0;
    if (strcmp(field->string, PLAN_FORMAT) || strlen(field->string) != field->length)
        return problem(r, "/format", "is \"%.80s\", this recorder reads \"%s\"", field->string,
                       PLAN_FORMAT);
    if (!(field = json_get(root, "woa_version")))
        return problem(r, "", "\"woa_version\" is required");
    if (!string_value(r, "/woa_version", field, &plan->woa_version)) return 0;
    if (!(field = json_get(root, "corpus_rev")))
        return problem(r, "", "\"corpus_rev\" is required");
    if (!string_value(r, "/corpus_rev", field, &plan->corpus_rev)) return 0;
    if (!(field = json_get(root, "tests"))) return problem(r, "", "\"tests\" is required");
    if (!expect(r, "/tests", field, JSON_ARRAY)) return 0;
    plan->tests = calloc(field->count ? field->count : 1, sizeof *plan->tests);
    if (!plan->tests) return problem(r, "/tests", "out of memory");
    plan->test_count = field->count;
    for (i = 0; i < field->count; i++) {
        child_index(at, sizeof at, "/tests", i);
        if (!read_test(r, at, field->items[i], &plan->tests[i])) return 0;
        /* one reference file per test: two tests of one name would overwrite each other */
        for (j = 0; j < i; j++)
            if (!strcmp(plan->tests[j].id, plan->tests[i].id))
                return problem(r, at, "test \"%s\" appears twice (also /tests/%u)",
                               plan->tests[i].id, (unsigned)j);
    }
    return 1;
}

int plan_load(const char* text, size_t size, struct plan* plan, char* message,
              size_t message_size) {
    struct json_error error;
    struct reader r;
    memset(plan, 0, sizeof *plan);
    plan->root = json_parse(text, size, &error);
    if (!plan->root) {
        snprintf(message, message_size, "%s at byte %u", error.what, (unsigned)error.offset);
        return 0;
    }
    r.message = message;
    r.message_size = message_size;
    if (!read_plan(&r, plan->root, plan)) {
        plan_free(plan);
        return 0;
    }
    return 1;
}

void plan_free(struct plan* plan) {
    size_t i;
    for (i = 0; i < plan->test_count && plan->tests; i++) {
        free(plan->tests[i].args);
        free(plan->tests[i].copies);
        free(plan->tests[i].env);
        free(plan->tests[i].produces);
    }
    free(plan->tests);
    json_free(plan->root);
    memset(plan, 0, sizeof *plan);
}
