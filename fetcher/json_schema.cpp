#include "fetcher/json_schema.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/regex.h"

#include <algorithm>
#include <set>

namespace woa {

using nlohmann::json;

namespace {

const std::set<std::string>& known_keywords() {
    static const std::set<std::string> keywords = {"$schema",
                                                   "$id",
                                                   "$ref",
                                                   "$defs",
                                                   "$comment",
                                                   "title",
                                                   "description",
                                                   "examples",
                                                   "default",
                                                   "type",
                                                   "properties",
                                                   "required",
                                                   "additionalProperties",
                                                   "items",
                                                   "enum",
                                                   "const",
                                                   "pattern",
                                                   "minLength",
                                                   "maxLength",
                                                   "minimum",
                                                   "maximum",
                                                   "minItems",
                                                   "maxItems",
                                                   "uniqueItems",
                                                   "oneOf"};
    return keywords;
}

bool has_type(const json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_number_integer();
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

} // namespace

JsonSchema::JsonSchema(json schema, std::string name)
    : root_(std::move(schema)), name_(std::move(name)) {
    check_schema(root_, "");
}

void JsonSchema::check_schema(const json& schema, const std::string& where) const {
    if (schema.is_boolean()) return;
    if (!schema.is_object()) throw InputError(name_, where + ": a schema must be an object");
    for (const auto& [key, value] : schema.items()) {
        if (!known_keywords().count(key))
            throw InputError(name_,
                             where + ": keyword '" + key + "' is not supported by woa's validator");
        if (key == "properties" || key == "$defs")
            for (const auto& [name, sub] : value.items())
                check_schema(sub, where + "/" + key + "/" + name);
        if (key == "items" || key == "additionalProperties") check_schema(value, where + "/" + key);
        if (key == "oneOf")
            for (std::size_t i = 0; i < value.size(); i++)
                check_schema(value[i], where + "/oneOf/" + std::to_string(i));
        if (key == "pattern") {
            const std::string error = Regex::check(value.get<std::string>(), {false, true});
            if (!error.empty())
                throw InputError(name_, where + ": pattern " + value.dump() +
                                            " is not a valid regex (RE2 syntax): " + error);
        }
        if (key == "$ref") resolve(schema);
    }
}

const json& JsonSchema::resolve(const json& schema) const {
    const std::string ref = schema.at("$ref").get<std::string>();
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0 || !root_.contains("$defs") ||
        !root_["$defs"].contains(ref.substr(prefix.size())))
        throw InputError(name_, "$ref " + ref + " does not name an entry of $defs");
    return root_["$defs"][ref.substr(prefix.size())];
}

std::vector<SchemaViolation> JsonSchema::validate(const json& document) const {
    std::vector<SchemaViolation> out;
    validate(root_, document, "", out);
    return out;
}

void JsonSchema::validate(const json& schema, const json& value, const std::string& path,
                          std::vector<SchemaViolation>& out) const {
    if (schema.is_boolean()) {
        if (!schema.get<bool>()) out.push_back({path, "is not allowed here"});
        return;
    }
    if (schema.contains("$ref")) {
        validate(resolve(schema), value, path, out);
        return;
    }
    if (schema.contains("type")) {
        const json& type = schema["type"];
        std::vector<std::string> types;
        if (type.is_array())
            for (const auto& t : type)
                types.push_back(t.get<std::string>());
        else
            types.push_back(type.get<std::string>());
        if (std::none_of(types.begin(), types.end(),
                         [&](const std::string& t) { return has_type(value, t); })) {
            std::string wanted;
            for (const auto& t : types)
                wanted += (wanted.empty() ? "" : " or ") + article(t);
            out.push_back({path, "must be " + wanted});
            return; // the other keywords would only repeat it
        }
    }
    if (schema.contains("const") && value != schema["const"])
        out.push_back({path, "must be " + schema["const"].dump()});
    if (schema.contains("enum")) {
        const json& options = schema["enum"];
        if (std::find(options.begin(), options.end(), value) == options.end()) {
            std::string list;
            for (const auto& o : options)
                list += (list.empty() ? "" : ", ") + o.dump();
            out.push_back({path, "must be one of " + list});
        }
    }
    if (value.is_string()) {
        const std::string text = value.get<std::string>();
        if (schema.contains("minLength") && text.size() < schema["minLength"].get<std::size_t>())
            out.push_back(
                {path, "must have at least " + schema["minLength"].dump() + " characters"});
        if (schema.contains("maxLength") && text.size() > schema["maxLength"].get<std::size_t>())
            out.push_back(
                {path, "must have at most " + schema["maxLength"].dump() + " characters"});
        if (schema.contains("pattern") &&
            !Regex(schema["pattern"].get<std::string>(), {false, true}).search(text))
            out.push_back({path, "must match " + schema["pattern"].dump()});
    }
    if (value.is_number()) {
        if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>())
            out.push_back({path, "must be at least " + schema["minimum"].dump()});
        if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>())
            out.push_back({path, "must be at most " + schema["maximum"].dump()});
    }
    if (value.is_array()) {
        if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
            out.push_back({path, "must have at least " + schema["minItems"].dump() + " items"});
        if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>())
            out.push_back({path, "must have at most " + schema["maxItems"].dump() + " items"});
        if (schema.value("uniqueItems", false))
            for (std::size_t i = 0; i < value.size(); i++)
                for (std::size_t j = 0; j < i; j++)
                    if (value[i] == value[j])
                        out.push_back(
                            {path + "/" + std::to_string(i), "repeats item " + std::to_string(j)});
        if (schema.contains("items"))
            for (std::size_t i = 0; i < value.size(); i++)
                validate(schema["items"], value[i], path + "/" + std::to_string(i), out);
    }
    if (value.is_object()) {
        for (const auto& name : schema.value("required", json::array()))
            if (!value.contains(name.get<std::string>()))
                out.push_back({path, "lacks the required field '" + name.get<std::string>() + "'"});
        const json properties = schema.value("properties", json::object());
        for (const auto& [key, item] : value.items()) {
            const std::string child = path + "/" + escape_pointer(key);
            if (properties.contains(key))
                validate(properties[key], item, child, out);
            else if (schema.contains("additionalProperties")) {
                if (schema["additionalProperties"] == false)
                    out.push_back({path, "has an unknown field '" + key + "'"});
                else
                    validate(schema["additionalProperties"], item, child, out);
            }
        }
    }
    if (schema.contains("oneOf")) {
        // Report the branch that came closest (fewest violations), not a wall of alternatives.
        std::vector<SchemaViolation> best;
        std::size_t matches = 0;
        bool first = true;
        for (const auto& branch : schema["oneOf"]) {
            std::vector<SchemaViolation> found;
            validate(branch, value, path, found);
            if (found.empty()) matches++;
            if (first || found.size() < best.size()) best = found, first = false;
        }
        if (matches == 0)
            out.insert(out.end(), best.begin(), best.end());
        else if (matches > 1)
            out.push_back({path, "matches more than one alternative of oneOf"});
    }
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
