// Validates JSON documents against woa's JSON Schemas (draft 2020-12) with valijson, Debian's
// header-only validator, through its nlohmann adapter.
//
// valijson implements draft 7; the two drafts agree on the keywords woa's schemas may use, but
// for two things this wrapper translates each schema before valijson reads it:
//   - rules beside `$ref` apply too, as in 2020-12 (draft 7 ignores them): such a schema becomes
//     allOf [{$ref}, {the rest}];
//   - `pattern` is matched by RE2 (core/regex.h), not by valijson's std::regex, which recurses
//     on long strings; `format` is an annotation, as in 2020-12.
// Keywords whose meaning differs between the drafts (items as an array, additionalItems,
// dependencies), those of 2020-12 that valijson lacks (prefixItems, unevaluatedProperties, ...),
// patternProperties (std::regex again) and unknown ones are refused, so no rule in a schema
// file is silently ignored. References must stay inside the schema's own file.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace valijson {
class Schema;
}

namespace woa {

struct SchemaViolation {
    std::string path;    // JSON Pointer into the document: "/tests/0/timeout_s" ("" = the root)
    std::string message; // "must be a number", "has an unknown field 'foo'", ...
};

class JsonSchema {
public:
    // Throws InputError naming `name` when the schema itself is malformed, uses a keyword
    // woa's validator refuses, or refers to what it does not hold.
    JsonSchema(nlohmann::json schema, std::string name);
    ~JsonSchema();
    JsonSchema(JsonSchema&&) noexcept;
    JsonSchema& operator=(JsonSchema&&) noexcept;

    // The violations in document order (each object's fields in key order, items by index; of
    // a oneOf that nothing matches, those of the alternative that came closest); empty when
    // the document is valid.
    std::vector<SchemaViolation> validate(const nlohmann::json& document) const;

private:
    void check_schema(const nlohmann::json& schema, const std::string& where) const;
    std::string explain(const std::string& path, const std::string& what,
                        const nlohmann::json& document) const;

    nlohmann::json root_;
    std::string name_;
    std::unique_ptr<valijson::Schema> compiled_;
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
