// Validates JSON documents against a JSON Schema. Debian 12 packages no C++ JSON Schema
// validator, so this implements the subset woa's own schemas use (draft 2020-12 keywords:
// type, properties, required, additionalProperties, items, enum, const, pattern, min/max
// lengths, items and values, uniqueItems, oneOf, $ref into $defs). A schema that uses any
// other keyword is refused, so no rule in a schema file is silently ignored.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace woa {

struct SchemaViolation {
    std::string path;    // JSON Pointer into the document: "/tests/0/timeout_s" ("" = the root)
    std::string message; // "must be a number", "unknown field 'foo'", ...
};

class JsonSchema {
public:
    // Throws Error naming `name` when the schema itself is malformed or uses an unknown keyword.
    JsonSchema(nlohmann::json schema, std::string name);
    // All violations (object fields in key order); empty when the document is valid.
    std::vector<SchemaViolation> validate(const nlohmann::json& document) const;

private:
    void check_schema(const nlohmann::json& schema, const std::string& where) const;
    void validate(const nlohmann::json& schema, const nlohmann::json& value,
                  const std::string& path, std::vector<SchemaViolation>& out) const;
    const nlohmann::json& resolve(const nlohmann::json& schema) const;

    nlohmann::json root_;
    std::string name_;
};

// Reads `file` (at most `limit` bytes) as JSON; InputError naming the file and the place when
// it is not JSON.
nlohmann::json read_json_file(const std::filesystem::path& file, std::uintmax_t limit = 1u << 20);

// The schema in `file`, ready to validate with.
JsonSchema load_schema(const std::filesystem::path& file);

// read_json_file, then InputError naming the file and JSON path of the first violation.
nlohmann::json read_valid_json_file(const std::filesystem::path& file, const JsonSchema& schema,
                                    std::uintmax_t limit = 1u << 20);

} // namespace woa
