/* json: strict reader and small writer; see json.h. */
#include "json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    const unsigned char* text;
    size_t size;
    size_t pos;
    int depth;
    struct json_error* error;
};

static int fail(struct parser* p, size_t offset, const char* format, ...) {
    va_list args;
    if (p->error->what[0]) return 0; /* keep the first error */
    p->error->offset = offset;
    va_start(args, format);
    vsnprintf(p->error->what, sizeof p->error->what, format, args);
    va_end(args);
    return 0;
}

static int out_of_memory(struct parser* p) {
    return fail(p, p->pos, "out of memory");
}

/* A printable description of the byte at `pos` for messages. */
static const char* describe_byte(const struct parser* p, size_t pos, char* buf, size_t size) {
    unsigned char c;
    if (pos >= p->size) return "the end of the input";
    c = p->text[pos];
    if (c >= 0x21 && c < 0x7f)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "byte 0x%02x", c);
    return buf;
}

static void skip_space(struct parser* p) {
    while (p->pos < p->size && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
                                p->text[p->pos] == '\n' || p->text[p->pos] == '\r'))
        p->pos++;
}

/* Length of the UTF-8 sequence at s[0, size), or 0 when it is not well-formed. */
static size_t utf8_sequence(const unsigned char* s, size_t size) {
    unsigned char c = s[0], lo = 0x80, hi = 0xbf;
    size_t n, i;
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f; /* no surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f; /* nothing above U+10FFFF */
    } else
        return 0;
    if (size < n) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf) return 0;
    return n;
}

int json_utf8_valid(const char* bytes, size_t size) {
    const unsigned char* s = (const unsigned char*)bytes;
    size_t i = 0, n;
    while (i < size) {
        n = utf8_sequence(s + i, size - i);
        if (!n) return 0;
        i += n;
    }
    return 1;
}

static int hex4(struct parser* p, size_t at, unsigned* value) {
    size_t i;
    unsigned v = 0, d;
    if (at + 4 > p->size) return fail(p, at, "\\u needs four hex digits");
    for (i = 0; i < 4; i++) {
        unsigned char c = p->text[at + i];
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return fail(p, at + i, "\\u needs four hex digits");
        v = v * 16 + d;
    }
    *value = v;
    return 1;
}

static size_t put_utf8(unsigned cp, char* out) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A string starting at the opening quote; the decoded bytes are never longer than the
 * literal, so one allocation of the literal's size is enough. */
static int parse_string(struct parser* p, char** result, size_t* length) {
    size_t start = p->pos, end, n = 0;
    char* out;
    p->pos++;
    /* find the closing quote first, to size the buffer */
    for (end = p->pos; end < p->size && p->text[end] != '"'; end++)
        if (p->text[end] == '\\') end++;
    if (end >= p->size) return fail(p, start, "unterminated string");
    out = malloc(end - p->pos + 1);
    if (!out) return out_of_memory(p);
    while (p->text[p->pos] != '"') {
        unsigned char c = p->text[p->pos];
        if (c < 0x20) {
            free(out);
            return fail(p, p->pos, "control character 0x%02x in a string (escape it)", c);
        }
        if (c == '\\') {
            unsigned char e = p->text[p->pos + 1];
            size_t at = p->pos;
            p->pos += 2;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out[n++] = (char)e;
                break;
            case 'b':
                out[n++] = '\b';
                break;
            case 'f':
                out[n++] = '\f';
                break;
            case 'n':
                out[n++] = '\n';
                break;
            case 'r':
                out[n++] = '\r';
                break;
            case 't':
                out[n++] = '\t';
                break;
            case 'u': {
                unsigned cp, low;
                if (!hex4(p, p->pos, &cp)) {
                    free(out);
                    return 0;
                }
                p->pos += 4;
                if (cp >= 0xdc00 && cp <= 0xdfff) {
                    free(out);
                    return fail(p, at, "\\u%04x is a low surrogate without a high one", cp);
                }
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    if (p->pos + 2 > end || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u') {
                        free(out);
                        return fail(p, at, "\\u%04x is a high surrogate without a low one", cp);
                    }
                    if (!hex4(p, p->pos + 2, &low)) {
                        free(out);
                        return 0;
                    }
                    if (low < 0xdc00 || low > 0xdfff) {
                        free(out);
                        return fail(p, at, "\\u%04x is a high surrogate without a low one", cp);
                    }
                    p->pos += 6;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                }
                /* a \uXXXX literal is 6 bytes, its UTF-8 at most 3 (4 for a 12-byte pair) */
                n += put_utf8(cp, out + n);
                break;
            }
            default: {
                char buf[16];
                free(out);
                return fail(p, at + 1, "invalid escape \\%s",
                            describe_byte(p, at + 1, buf, sizeof buf));
            }
            }
            continue;
        }
        if (c < 0x80) {
            out[n++] = (char)c;
            p->pos++;
        } else {
            size_t len = utf8_sequence(p->text + p->pos, end - p->pos);
            if (!len) {
                free(out);
                return fail(p, p->pos, "invalid UTF-8 in a string");
            }
            memcpy(out + n, p->text + p->pos, len);
            n += len;
            p->pos += len;
        }
    }
    p->pos++; /* closing quote */
    out[n] = 0;
    *result = out;
    *length = n;
    return 1;
}

static int is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

static int parse_number(struct parser* p, struct json_value* v) {
    size_t start = p->pos;
    int integral = 1;
    char buf[512];
    char* end;
    if (p->pos < p->size && p->text[p->pos] == '-') p->pos++;
    if (p->pos >= p->size || !is_digit(p->text[p->pos]))
        return fail(p, p->pos, "a number needs a digit here");
    if (p->text[p->pos] == '0') {
        p->pos++;
        if (p->pos < p->size && is_digit(p->text[p->pos]))
            return fail(p, start, "a number may not start with 0");
    } else
        while (p->pos < p->size && is_digit(p->text[p->pos]))
            p->pos++;
    if (p->pos < p->size && p->text[p->pos] == '.') {
        integral = 0;
        p->pos++;
        if (p->pos >= p->size || !is_digit(p->text[p->pos]))
            return fail(p, p->pos, "a number needs a digit after '.'");
        while (p->pos < p->size && is_digit(p->text[p->pos]))
            p->pos++;
    }
    if (p->pos < p->size && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E')) {
        integral = 0;
        p->pos++;
        if (p->pos < p->size && (p->text[p->pos] == '+' || p->text[p->pos] == '-')) p->pos++;
        if (p->pos >= p->size || !is_digit(p->text[p->pos]))
            return fail(p, p->pos, "a number needs a digit in its exponent");
        while (p->pos < p->size && is_digit(p->text[p->pos]))
            p->pos++;
    }
    if (p->pos - start >= sizeof buf) return fail(p, start, "number too long");
    memcpy(buf, p->text + start, p->pos - start);
    buf[p->pos - start] = 0;
    errno = 0;
    v->number = strtod(buf, &end);
    if (errno == ERANGE && (v->number > 1.0 || v->number < -1.0))
        return fail(p, start, "number out of range");
    v->type = JSON_NUMBER;
    if (integral) {
        errno = 0;
        v->integer = strtoll(buf, &end, 10);
        v->is_integer = errno != ERANGE;
    }
    return 1;
}

static int literal(struct parser* p, const char* word, enum json_type type, struct json_value* v) {
    size_t n = strlen(word);
    if (p->size - p->pos < n || memcmp(p->text + p->pos, word, n))
        return fail(p, p->pos, "invalid literal (expected %s)", word);
    p->pos += n;
    v->type = type;
    return 1;
}

static struct json_value* parse_value(struct parser* p);

static int parse_array(struct parser* p, struct json_value* v) {
    size_t capacity = 0;
    v->type = JSON_ARRAY;
    p->pos++;
    skip_space(p);
    if (p->pos < p->size && p->text[p->pos] == ']') {
        p->pos++;
        return 1;
    }
    for (;;) {
        struct json_value* item;
        char buf[16];
        if (v->count == capacity) {
            size_t grown = capacity ? capacity * 2 : 8;
            struct json_value** items = realloc(v->items, grown * sizeof *items);
            if (!items) return out_of_memory(p);
            v->items = items;
            capacity = grown;
        }
        item = parse_value(p);
        if (!item) return 0;
        v->items[v->count++] = item;
        skip_space(p);
        if (p->pos < p->size && p->text[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->size && p->text[p->pos] == ']') {
            p->pos++;
            return 1;
        }
        return fail(p, p->pos, "expected ',' or ']' in an array, found %s",
                    describe_byte(p, p->pos, buf, sizeof buf));
    }
}

static int parse_object(struct parser* p, struct json_value* v) {
    size_t capacity = 0, i;
    v->type = JSON_OBJECT;
    p->pos++;
    skip_space(p);
    if (p->pos < p->size && p->text[p->pos] == '}') {
        p->pos++;
        return 1;
    }
    for (;;) {
        struct json_member* m;
        size_t key_at;
        char buf[16];
        if (v->count == capacity) {
            size_t grown = capacity ? capacity * 2 : 8;
            struct json_member* members = realloc(v->members, grown * sizeof *members);
            if (!members) return out_of_memory(p);
            v->members = members;
            capacity = grown;
        }
        skip_space(p);
        key_at = p->pos;
        if (p->pos >= p->size || p->text[p->pos] != '"')
            return fail(p, p->pos, "expected a string key in an object, found %s",
                        describe_byte(p, p->pos, buf, sizeof buf));
        m = &v->members[v->count];
        m->value = NULL;
        if (!parse_string(p, &m->key, &m->key_length)) return 0;
        v->count++;
        for (i = 0; i + 1 < v->count; i++)
            if (v->members[i].key_length == m->key_length &&
                !memcmp(v->members[i].key, m->key, m->key_length))
                return fail(p, key_at, "duplicate key \"%.60s\"", m->key);
        skip_space(p);
        if (p->pos >= p->size || p->text[p->pos] != ':')
            return fail(p, p->pos, "expected ':' after a key, found %s",
                        describe_byte(p, p->pos, buf, sizeof buf));
        p->pos++;
        m->value = parse_value(p);
        if (!m->value) return 0;
        skip_space(p);
        if (p->pos < p->size && p->text[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->size && p->text[p->pos] == '}') {
            p->pos++;
            return 1;
        }
        return fail(p, p->pos, "expected ',' or '}' in an object, found %s",
                    describe_byte(p, p->pos, buf, sizeof buf));
    }
}

static struct json_value* parse_value(struct parser* p) {
    struct json_value* v;
    int ok;
    char buf[16];
    skip_space(p);
    if (p->pos >= p->size) {
        fail(p, p->pos, "unexpected end of input");
        return NULL;
    }
    v = calloc(1, sizeof *v);
    if (!v) {
        out_of_memory(p);
        return NULL;
    }
    v->offset = p->pos;
    switch (p->text[p->pos]) {
    case '{':
    case '[':
        if (++p->depth > JSON_MAX_DEPTH) {
            fail(p, p->pos, "nested deeper than %d levels", JSON_MAX_DEPTH);
            free(v);
            return NULL;
        }
        ok = p->text[p->pos] == '{' ? parse_object(p, v) : parse_array(p, v);
        p->depth--;
        break;
    case '"':
        v->type = JSON_STRING;
        ok = parse_string(p, &v->string, &v->length);
        break;
    case 't':
        ok = literal(p, "true", JSON_TRUE, v);
        break;
    case 'f':
        ok = literal(p, "false", JSON_FALSE, v);
        break;
    case 'n':
        ok = literal(p, "null", JSON_NULL, v);
        break;
    default:
        if (p->text[p->pos] == '-' || is_digit(p->text[p->pos]))
            ok = parse_number(p, v);
        else
            ok = fail(p, p->pos, "unexpected %s", describe_byte(p, p->pos, buf, sizeof buf));
    }
    if (!ok) {
        json_free(v);
        return NULL;
    }
    return v;
}

struct json_value* json_parse(const char* text, size_t size, struct json_error* error) {
    struct parser p;
    struct json_value* v;
    char buf[16];
    memset(&p, 0, sizeof p);
    p.text = (const unsigned char*)text;
    p.size = size;
    p.error = error;
    error->offset = 0;
    error->what[0] = 0;
    if (size > JSON_MAX_SIZE) {
        fail(&p, JSON_MAX_SIZE, "input larger than %u MiB", JSON_MAX_SIZE >> 20);
        return NULL;
    }
    if (size >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) p.pos = 3;
    v = parse_value(&p);
    if (!v) return NULL;
    skip_space(&p);
    if (p.pos != p.size) {
        fail(&p, p.pos, "unexpected %s after the value", describe_byte(&p, p.pos, buf, sizeof buf));
        json_free(v);
        return NULL;
    }
    return v;
}

void json_free(struct json_value* v) {
    size_t i;
    if (!v) return;
    if (v->type == JSON_ARRAY)
        for (i = 0; i < v->count; i++)
            json_free(v->items[i]);
    if (v->type == JSON_OBJECT)
        for (i = 0; i < v->count; i++) {
            free(v->members[i].key);
            json_free(v->members[i].value);
        }
    free(v->items);
    free(v->members);
    free(v->string);
    free(v);
}

const struct json_value* json_get(const struct json_value* object, const char* key) {
    size_t i, n = strlen(key);
    if (!object || object->type != JSON_OBJECT) return NULL;
    for (i = 0; i < object->count; i++)
        if (object->members[i].key_length == n && !memcmp(object->members[i].key, key, n))
            return object->members[i].value;
    return NULL;
}

const char* json_type_name(enum json_type type) {
    switch (type) {
    case JSON_NULL:
        return "null";
    case JSON_FALSE:
    case JSON_TRUE:
        return "a boolean";
    case JSON_NUMBER:
        return "a number";
    case JSON_STRING:
        return "a string";
    case JSON_ARRAY:
        return "an array";
    case JSON_OBJECT:
        return "an object";
    }
    return "?";
}

/* Writing */

void json_buffer_append(struct json_buffer* b, const char* bytes, size_t size) {
    if (b->failed) return;
    if (b->size + size + 1 > b->capacity) {
        size_t grown = b->capacity ? b->capacity : 256;
        char* data;
        while (grown < b->size + size + 1)
            grown *= 2;
        data = realloc(b->data, grown);
        if (!data) {
            b->failed = 1;
            return;
        }
        b->data = data;
        b->capacity = grown;
    }
    memcpy(b->data + b->size, bytes, size);
    b->size += size;
    b->data[b->size] = 0;
}

void json_buffer_text(struct json_buffer* b, const char* text) {
    json_buffer_append(b, text, strlen(text));
}

void json_buffer_printf(struct json_buffer* b, const char* format, ...) {
    char buf[512];
    int n;
    va_list args;
    va_start(args, format);
    n = vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    if (n < 0 || (size_t)n >= sizeof buf)
        b->failed = 1;
    else
        json_buffer_append(b, buf, (size_t)n);
}

void json_buffer_string(struct json_buffer* b, const char* bytes, size_t size) {
    size_t i, run = 0;
    json_buffer_append(b, "\"", 1);
    for (i = 0; i < size; i++) {
        unsigned char c = (unsigned char)bytes[i];
        const char* escape = NULL;
        char hex[8];
        switch (c) {
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        case '\b':
            escape = "\\b";
            break;
        case '\f':
            escape = "\\f";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(hex, sizeof hex, "\\u%04x", c);
                escape = hex;
            }
        }
        if (escape) {
            json_buffer_append(b, bytes + i - run, run);
            run = 0;
            json_buffer_text(b, escape);
        } else
            run++;
    }
    json_buffer_append(b, bytes + size - run, run);
    json_buffer_append(b, "\"", 1);
}

void json_buffer_number(struct json_buffer* b, double value) {
    char buf[64];
    size_t n;
    if (value != value || value > 1e15 || value < -1e15) value = 0; /* fits in buf */
    snprintf(buf, sizeof buf, "%.6f", value);
    n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0')
        n--;
    if (buf[n - 1] == '.') n--;
    buf[n] = 0;
    if (!strcmp(buf, "-0")) strcpy(buf, "0");
    json_buffer_text(b, buf);
}

void json_buffer_free(struct json_buffer* b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}
