#include "fetcher/json_schema.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/regex.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#if !VALIJSON_USE_EXCEPTIONS
#error "valijson must throw (VALIJSON_USE_EXCEPTIONS=1): without it a bad schema aborts"
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace woa {

using nlohmann::json;

namespace {

// Keywords of draft 2020-12 that mean the same in draft 7, which valijson implements.
const std::set<std::string>& known_keywords() {
    static const std::set<std::string> keywords = {"$schema",
                                                   "$id",
                                                   "$ref",
                                                   "$defs",
                                                   "definitions",
                                                   "$comment",
                                                   "title",
                                                   "description",
                                                   "examples",
                                                   "default",
                                                   "deprecated",
                                                   "readOnly",
                                                   "writeOnly",
                                                   "format",
                                                   "type",
                                                   "properties",
                                                   "required",
                                                   "additionalProperties",
                                                   "minProperties",
                                                   "maxProperties",
                                                   "propertyNames",
                                                   "items",
                                                   "contains",
                                                   "minItems",
                                                   "maxItems",
                                                   "uniqueItems",
                                                   "enum",
                                                   "const",
                                                   "pattern",
                                                   "minLength",
                                                   "maxLength",
                                                   "minimum",
                                                   "maximum",
                                                   "exclusiveMinimum",
                                                   "exclusiveMaximum",
                                                   "multipleOf",
                                                   "allOf",
                                                   "anyOf",
                                                   "oneOf",
                                                   "not",
                                                   "if",
                                                   "then",
                                                   "else"};
    return keywords;
}

// Words that only describe: valijson is not shown them.
bool is_annotation(const std::string& key) {
    static const std::set<std::string> words = {
        "$schema", "$id",        "$comment", "title",     "description", "examples",
        "default", "deprecated", "readOnly", "writeOnly", "format"};
    return words.count(key) > 0;
}

// The marks the translated schema leaves in valijson's results (see translate()).
const std::string oneof_start = "woa: oneOf starts";
const std::string branch_end = "woa: oneOf branch ends";

bool has_type(const json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") // as valijson counts it: 1.0 is an integer
        return value.is_number_integer() ||
               (value.is_number_float() && std::isfinite(value.get<double>()) &&
                std::floor(value.get<double>()) == value.get<double>());
    if (type == "number") return value.is_number();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    return false;
}

std::string article(const std::string& type) {
    if (type == "integer" || type == "array" || type == "object") return "an " + type;
    if (type == "null") return "null";
    return "a " + type;
}

std::string escape_pointer(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// valijson's context ("<root>", "[tests]", "[0]") as a JSON Pointer ("/tests/0").
std::string pointer_of(const std::vector<std::string>& context) {
    std::string out;
    for (std::size_t i = 1; i < context.size(); i++) {
        const std::string& part = context[i];
        out += "/" + escape_pointer(part.size() >= 2 ? part.substr(1, part.size() - 2) : part);
    }
    return out;
}

std::vector<std::string> tokens_of(const std::string& pointer) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < pointer.size();) {
        std::size_t next = pointer.find('/', at + 1);
        if (next == std::string::npos) next = pointer.size();
        std::string token = pointer.substr(at + 1, next - at - 1);
        for (std::size_t i; (i = token.find("~1")) != std::string::npos;)
            token.replace(i, 2, "/");
        for (std::size_t i; (i = token.find("~0")) != std::string::npos;)
            token.replace(i, 2, "~");
        out.push_back(token);
        at = next;
    }
    return out;
}

bool is_index(const std::string& token) {
    return !token.empty() && token.size() < 10 &&
           token.find_first_not_of("0123456789") == std::string::npos;
}

// Document order of two places: tokens compared one by one, array indexes as numbers.
bool before(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); i++) {
        if (a[i] == b[i]) continue;
        if (is_index(a[i]) && is_index(b[i])) return std::stoul(a[i]) < std::stoul(b[i]);
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

// The number in "... no fewer than 3 elements." after `prefix`.
std::string number_after(const std::string& text, const std::string& prefix) {
    const std::string rest = text.substr(prefix.size());
    return rest.substr(0, rest.find(' '));
}

// --- the constraints woa adds to valijson -----------------------------------------------------

namespace vc = valijson::constraints;

class Re2Pattern : public vc::PolyConstraint {
public:
    explicit Re2Pattern(const std::string& pattern)
        : pattern_(pattern),
          re_(std::make_shared<const Regex>(pattern, RegexOptions{false, true})) {}
    bool validate(const valijson::adapters::Adapter& target,
                  const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (!target.isString() || re_->search(target.asString())) return true;
        if (results) results->pushError(context, "must match " + json(pattern_).dump());
        return false;
    }

private:
    vc::Constraint* cloneInto(void* where) const override { return new (where) Re2Pattern(*this); }
    std::size_t sizeOf() const override { return sizeof(Re2Pattern); }

    std::string pattern_;
    std::shared_ptr<const Regex> re_;
};

// Leaves `text` in the results and passes (or fails, when `pass` is false).
class Mark : public vc::PolyConstraint {
public:
    Mark(std::string text, bool pass) : text_(std::move(text)), pass_(pass) {}
    bool validate(const valijson::adapters::Adapter&, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (results) results->pushError(context, text_);
        return pass_;
    }

private:
    vc::Constraint* cloneInto(void* where) const override { return new (where) Mark(*this); }
    std::size_t sizeOf() const override { return sizeof(Mark); }

    std::string text_;
    bool pass_;
};

// const and enum, with woa's messages: what was asked is said where it was asked, not looked
// up later among the alternatives of a oneOf. Equality is valijson's own (equalTo, strict).
class Equals : public vc::PolyConstraint {
public:
    Equals(json allowed, bool one_of) : allowed_(std::move(allowed)), one_of_(one_of) {}
    bool validate(const valijson::adapters::Adapter& target,
                  const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        for (const auto& value : one_of_ ? allowed_ : json::array({allowed_}))
            if (target.equalTo(valijson::adapters::NlohmannJsonAdapter(value), true)) return true;
        if (!results) return false;
        std::string list;
        for (const auto& value : one_of_ ? allowed_ : json::array({allowed_}))
            list += (list.empty() ? "" : ", ") + value.dump();
        results->pushError(context, (one_of_ ? "must be one of " : "must be ") + list);
        return false;
    }

private:
    vc::Constraint* cloneInto(void* where) const override { return new (where) Equals(*this); }
    std::size_t sizeOf() const override { return sizeof(Equals); }

    json allowed_;
    bool one_of_;
};

// The values of const and enum, by the index translate() left in their place.
struct EqualsBuilder : valijson::ConstraintBuilder {
    EqualsBuilder(const std::vector<json>* values, bool one_of) : values(values), one_of(one_of) {}
    vc::Constraint* make(const valijson::adapters::Adapter& index) const override {
        return new Equals(values->at(static_cast<std::size_t>(index.asInteger())), one_of);
    }
    const std::vector<json>* values;
    bool one_of;
};

struct PatternBuilder : valijson::ConstraintBuilder {
    vc::Constraint* make(const valijson::adapters::Adapter& value) const override {
        return new Re2Pattern(value.asString());
    }
};

struct MarkBuilder : valijson::ConstraintBuilder {
    MarkBuilder(std::string text, bool pass) : text(std::move(text)), pass(pass) {}
    vc::Constraint* make(const valijson::adapters::Adapter&) const override {
        return new Mark(text, pass);
    }
    std::string text;
    bool pass;
};

// Draft 7 ignores what stands beside $ref; 2020-12 applies it. Definitions stay where they
// are: references point into them.
json with_ref_siblings_applied(json schema) {
    if (!schema.is_object() || !schema.contains("$ref")) return schema;
    json rules = json::object(), out = json::object();
    for (const auto& [key, value] : schema.items())
        (key == "$ref" || key == "$defs" || key == "definitions" ? out : rules)[key] = value;
    if (rules.empty()) return out;
    json ref = {{"$ref", out["$ref"]}};
    out.erase("$ref");
    out["allOf"] = json::array({std::move(ref), std::move(rules)});
    return out;
}

// The schema as valijson is given it: rules beside $ref applied (allOf), `pattern` as RE2's
// x-woa-pattern, const and enum as woa's (their values in `values`), annotations dropped, `false`
// as {"not": {}} (so that valijson says where), and each oneOf marked: a first alternative that
// never matches leaves `oneof_start`, and every alternative leaves `branch_end` after its own
// violations, so that validate() can show only the alternative that came closest.
json translate(const json& schema, std::vector<json>& values) {
    if (schema.is_boolean())
        return schema.get<bool>() ? json::object() : json{{"not", json::object()}};
    json out = json::object();
    for (const auto& [key, value] : schema.items()) {
        if (is_annotation(key)) continue;
        if (key == "pattern") {
            out["x-woa-pattern"] = value;
        } else if (key == "const" || key == "enum") {
            out["x-woa-" + key] = values.size();
            values.push_back(value);
        } else if (key == "properties" || key == "$defs" || key == "definitions") {
            out[key] = json::object();
            for (const auto& [name, sub] : value.items())
                out[key][name] = translate(sub, values);
        } else if (key == "additionalProperties") {
            out[key] =
                value.is_boolean() ? value : translate(value, values); // false: valijson names it
        } else if (key == "items" || key == "not" || key == "if" || key == "then" ||
                   key == "else" || key == "contains" || key == "propertyNames") {
            out[key] = translate(value, values);
        } else if (key == "allOf" || key == "anyOf") {
            out[key] = json::array();
            for (const auto& sub : value)
                out[key].push_back(translate(sub, values));
        } else if (key == "oneOf") {
            out[key] = json::array({json{{"x-woa-oneof-start", true}}});
            for (const auto& sub : value) {
                json branch = translate(sub, values);
                branch["x-woa-branch-end"] = true;
                out[key].push_back(with_ref_siblings_applied(std::move(branch)));
            }
        } else {
            out[key] = value;
        }
    }
    return with_ref_siblings_applied(std::move(out));
}

// The subschemas of `root` that apply to the value at `tokens` (every alternative, every
// $ref followed): where validate() looks for what a violated keyword asked.
void applicable(const json& root, const json& schema, const std::vector<std::string>& tokens,
                std::size_t at, std::vector<const json*>& out, int depth = 0) {
    if (!schema.is_object() || depth > 64) return;
    if (schema.contains("$ref")) {
        const std::string ref = schema["$ref"].get<std::string>();
        if (starts_with(ref, "#")) {
            try {
                const json& target = root.at(json::json_pointer(ref.substr(1)));
                applicable(root, target, tokens, at, out, depth + 1);
            } catch (const json::exception&) {
            }
        }
    }
    for (const char* word : {"allOf", "anyOf", "oneOf"})
        if (schema.contains(word))
            for (const auto& sub : schema[word])
                applicable(root, sub, tokens, at, out, depth + 1);
    if (at == tokens.size()) {
        out.push_back(&schema);
        return;
    }
    const std::string& token = tokens[at];
    if (schema.contains("properties") && schema["properties"].contains(token))
        applicable(root, schema["properties"][token], tokens, at + 1, out, depth + 1);
    else if (schema.contains("additionalProperties"))
        applicable(root, schema["additionalProperties"], tokens, at + 1, out, depth + 1);
    if (schema.contains("items")) applicable(root, schema["items"], tokens, at + 1, out, depth + 1);
}

} // namespace

JsonSchema::JsonSchema(json schema, std::string name)
    : root_(std::move(schema)), name_(std::move(name)) {
    check_schema(root_, "");
    compiled_ = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.addConstraintBuilder("x-woa-pattern", new PatternBuilder);
    parser.addConstraintBuilder("x-woa-oneof-start", new MarkBuilder(oneof_start, false));
    parser.addConstraintBuilder("x-woa-branch-end", new MarkBuilder(branch_end, true));
    std::vector<json> values; // of const and enum
    parser.addConstraintBuilder("x-woa-const", new EqualsBuilder(&values, false));
    parser.addConstraintBuilder("x-woa-enum", new EqualsBuilder(&values, true));
    const json translated = translate(root_, values);
    try {
        parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(translated), *compiled_);
    } catch (const std::exception& e) {
        throw InputError(name_, std::string("not a schema woa can use: ") + e.what());
    }
}

JsonSchema::~JsonSchema() = default;
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;

void JsonSchema::check_schema(const json& schema, const std::string& where) const {
    if (schema.is_boolean()) return;
    if (!schema.is_object()) throw InputError(name_, where + ": a schema must be an object");
    for (const auto& [key, value] : schema.items()) {
        if (!known_keywords().count(key))
            throw InputError(name_,
                             where + ": keyword '" + key + "' is not supported by woa's validator");
        const std::string at = where + "/" + key;
        if (key == "properties" || key == "$defs" || key == "definitions") {
            if (!value.is_object()) throw InputError(name_, at + ": must be an object");
            for (const auto& [name, sub] : value.items())
                check_schema(sub, at + "/" + escape_pointer(name));
        }
        if (key == "items" && value.is_array())
            throw InputError(name_, at + ": an array of schemas means other things in draft 7 "
                                         "and 2020-12 (use prefixItems? not supported)");
        if (key == "items" || key == "additionalProperties" || key == "not" || key == "if" ||
            key == "then" || key == "else" || key == "contains" || key == "propertyNames")
            check_schema(value, at);
        if (key == "oneOf" || key == "allOf" || key == "anyOf") {
            if (!value.is_array() || value.empty())
                throw InputError(name_, at + ": must be an array of schemas");
            for (std::size_t i = 0; i < value.size(); i++)
                check_schema(value[i], at + "/" + std::to_string(i));
        }
        if (key == "enum" && !value.is_array()) throw InputError(name_, at + ": must be an array");
        if (key == "pattern") {
            if (!value.is_string()) throw InputError(name_, at + ": must be a string");
            if (const std::string error = Regex::check(value.get<std::string>(), {false, true});
                !error.empty())
                throw InputError(name_, at + ": pattern " + value.dump() +
                                            " is not a valid regex (RE2 syntax): " + error);
        }
        // JSON Pointers into this file only: no other files, no $id or $anchor names.
        if (key == "$ref" && (!value.is_string() || (value.get<std::string>() != "#" &&
                                                     !starts_with(value.get<std::string>(), "#/"))))
            throw InputError(name_, at + ": " + value.dump() +
                                        " is not a reference inside this schema (#/...)");
    }
}

// What valijson's description of a violation at `path` means, in woa's words, with what the
// schema asked for found in the subschemas that apply there.
std::string JsonSchema::explain(const std::string& path, const std::string& what,
                                const json& document) const {
    const std::vector<std::string> tokens = tokens_of(path);
    std::vector<const json*> schemas;
    applicable(root_, root_, tokens, 0, schemas);
    const json* value = nullptr;
    try {
        value = &document.at(json::json_pointer(path));
    } catch (const json::exception&) {
    }
    // The first applicable subschema holding `keyword` whose rule `broken` says is broken.
    auto asked = [&](const char* keyword, auto broken) -> const json* {
        for (const json* s : schemas)
            if (s->contains(keyword) && (!value || broken((*s)[keyword]))) return &(*s)[keyword];
        return nullptr;
    };
    if (what == "Value type not permitted by 'type' constraint.") {
        const json* type = asked("type", [&](const json& t) {
            for (const auto& one : t.is_array() ? t : json::array({t}))
                if (one.is_string() && has_type(*value, one.get<std::string>())) return false;
            return true;
        });
        if (!type) return "has the wrong type";
        std::string wanted;
        for (const auto& one : type->is_array() ? *type : json::array({*type}))
            wanted += (wanted.empty() ? "" : " or ") + article(one.get<std::string>());
        return "must be " + wanted;
    }
    const std::string required = "Missing required property '";
    if (starts_with(what, required))
        return "lacks the required field '" +
               what.substr(required.size(), what.size() - required.size() - 2) + "'";
    const std::string unknown = "Object contains a property that could not be validated using "
                                "'properties' or 'additionalProperties' constraints: '";
    if (starts_with(what, unknown))
        return "has an unknown field '" +
               what.substr(unknown.size(), what.size() - unknown.size() - 2) + "'";
    auto bound = [&](const char* keyword, bool lower) {
        const json* b = asked(keyword, [&](const json& limit) {
            return value->is_number() && limit.is_number() &&
                   (lower ? value->get<double>() < limit.get<double>()
                          : value->get<double>() > limit.get<double>());
        });
        return b ? b->dump() : std::string("the limit");
    };
    if (starts_with(what, "Expected number greater than or equal to "))
        return "must be at least " + bound("minimum", true);
    if (starts_with(what, "Expected number less than or equal to "))
        return "must be at most " + bound("maximum", false);
    if (starts_with(what, "Expected number greater than "))
        return "must be more than " + bound("exclusiveMinimum", true);
    if (starts_with(what, "Expected number less than "))
        return "must be less than " + bound("exclusiveMaximum", false);
    for (const auto& [prefix, text] : std::vector<std::pair<std::string, std::string>>{
             {"String should be no fewer than ", "must have at least % characters"},
             {"String should be no more than ", "must have at most % characters"},
             {"Array should contain no fewer than ", "must have at least % items"},
             {"Array should contain no more than ", "must have at most % items"},
             {"Object should have no fewer than ", "must have at least % fields"},
             {"Object should have no more than ", "must have at most % fields"}})
        if (starts_with(what, prefix)) {
            std::string out = text;
            return out.replace(out.find('%'), 1, number_after(what, prefix));
        }
    if (what == "Target should not validate against schema specified in 'not' constraint.")
        return "is not allowed here";
    std::string out = what;
    if (!out.empty() && out.back() == '.') out.pop_back();
    if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    return out;
}

std::vector<SchemaViolation> JsonSchema::validate(const json& document) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(*compiled_, valijson::adapters::NlohmannJsonAdapter(document), &results))
        return {};
    // valijson reports each violation where it is found, then, further up, each schema that
    // failed because of it ("Failed to validate item #0 in array."): only the first are kept.
    struct OneOf {
        std::size_t start;
        std::vector<std::size_t> ends; // after each alternative's violations
    };
    std::vector<OneOf> open;
    std::vector<SchemaViolation> out;
    valijson::ValidationResults::Error e;
    while (results.popError(e)) {
        const std::string path = pointer_of(e.context);
        const std::string& what = e.description;
        if (what == oneof_start) {
            open.push_back({out.size(), {}});
        } else if (what == branch_end) {
            if (!open.empty()) open.back().ends.push_back(out.size());
        } else if (what == "Failed to validate against any child schemas allowed by oneOf "
                           "constraint.") {
            if (open.empty()) continue;
            // The alternative with the fewest violations came closest: show only its own.
            const OneOf o = open.back();
            open.pop_back();
            std::vector<SchemaViolation> best;
            std::size_t from = o.start;
            bool first = true;
            for (std::size_t end : o.ends) {
                if (first || end - from < best.size())
                    best.assign(out.begin() + static_cast<std::ptrdiff_t>(from),
                                out.begin() + static_cast<std::ptrdiff_t>(end));
                first = false;
                from = end;
            }
            out.resize(o.start);
            if (best.empty()) best.push_back({path, "matches none of the alternatives of oneOf"});
            out.insert(out.end(), best.begin(), best.end());
        } else if (what == "Failed to validate against exactly one child schema.") {
            out.push_back({path, "matches more than one alternative of oneOf"});
        } else if (starts_with(what, "Elements at indexes #")) {
            // "Elements at indexes #0 and #2 violate uniqueness constraint."
            const std::string first = number_after(what, "Elements at indexes #");
            const std::string rest = what.substr(what.find(" and #") + 6);
            out.push_back({path + "/" + rest.substr(0, rest.find(' ')), "repeats item " + first});
        } else if (starts_with(what, "Failed to validate") ||
                   starts_with(what, "Cannot validate") ||
                   starts_with(what, "Failed to any values")) {
            continue; // a schema that failed because of what is already reported
        } else {
            out.push_back({path, explain(path, what, document)});
        }
    }
    if (out.empty()) out.push_back({"", "is not valid"});
    // In the document's order: each object's fields in key order, items by index, a value's
    // own violations before those inside it.
    std::stable_sort(out.begin(), out.end(),
                     [](const SchemaViolation& a, const SchemaViolation& b) {
                         return before(tokens_of(a.path), tokens_of(b.path));
                     });
    return out;
}

json read_json_file(const std::filesystem::path& file, std::uintmax_t limit) {
    try {
        return json::parse(read_file(file, limit));
    } catch (const json::parse_error& e) {
        // nlohmann's message carries "at line L, column C".
        throw InputError(file, std::string("not valid JSON: ") + e.what());
    }
}

JsonSchema load_schema(const std::filesystem::path& file) {
    return JsonSchema(read_json_file(file), file.string());
}

json read_valid_json_file(const std::filesystem::path& file, const JsonSchema& schema,
                          std::uintmax_t limit) {
    json doc = read_json_file(file, limit);
    const auto violations = schema.validate(doc);
    if (!violations.empty())
        throw InputError(file, (violations[0].path.empty() ? "/" : violations[0].path) + ": " +
                                   violations[0].message);
    return doc;
}

} // namespace woa
