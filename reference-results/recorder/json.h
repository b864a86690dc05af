/* json: the recorder's one reader of untrusted JSON (plan.json) and its writer of references.
 *
 * The reader is strict RFC 8259: objects, arrays, strings (every escape, \uXXXX surrogate pairs
 * decoded to UTF-8, raw bytes checked to be UTF-8), numbers, true, false, null; nothing after
 * the value but white space. It refuses duplicate keys, nesting deeper than JSON_MAX_DEPTH and
 * input larger than JSON_MAX_SIZE. Every error names the byte offset where it was found. A
 * leading UTF-8 byte order mark is skipped (Notepad may write one). */
#pragma once

#include <stddef.h>

#define JSON_MAX_DEPTH 64
#define JSON_MAX_SIZE (16u << 20)

enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
};

struct json_member;

struct json_value {
    enum json_type type;
    size_t offset; /* byte offset of the value's first character in the input */
    /* JSON_NUMBER */
    double number;
    int is_integer; /* written without fraction or exponent, and fits in `integer` */
    long long integer;
    /* JSON_STRING: UTF-8, NUL-terminated; `length` counts bytes (a \u0000 may be inside) */
    char* string;
    size_t length;
    /* JSON_ARRAY: items; JSON_OBJECT: members, in the input's order */
    size_t count;
    struct json_value** items;
    struct json_member* members;
};

struct json_member {
    char* key; /* UTF-8, NUL-terminated */
    size_t key_length;
    struct json_value* value;
};

struct json_error {
    size_t offset;
    char what[128];
};

/* The value in text[0, size), or NULL with `error` filled. Free with json_free. */
struct json_value* json_parse(const char* text, size_t size, struct json_error* error);
void json_free(struct json_value* value);

/* The member named `key` of an object, or NULL. */
const struct json_value* json_get(const struct json_value* object, const char* key);
/* "an object", "a string", ... for messages. */
const char* json_type_name(enum json_type type);

/* Whether bytes[0, size) is well-formed UTF-8 (no overlong forms, surrogates or code points
 * above U+10FFFF). */
int json_utf8_valid(const char* bytes, size_t size);

/* A growing byte buffer for writing JSON. After an allocation failure `failed` is set and
 * further appends do nothing. */
struct json_buffer {
    char* data;
    size_t size, capacity;
    int failed;
};

void json_buffer_append(struct json_buffer* b, const char* bytes, size_t size);
void json_buffer_text(struct json_buffer* b, const char* text);
void json_buffer_printf(struct json_buffer* b, const char* format, ...);
/* A JSON string literal of bytes[0, size) (UTF-8): quotes, backslash and control characters
 * escaped, everything else as is. */
void json_buffer_string(struct json_buffer* b, const char* bytes, size_t size);
/* A JSON number: up to 6 decimals, trailing zeros removed. NaN, infinities and anything
 * beyond +-1e15 become 0 (the recorder writes seconds and ratios). */
void json_buffer_number(struct json_buffer* b, double value);
void json_buffer_free(struct json_buffer* b);
