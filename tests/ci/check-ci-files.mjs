// node check-ci-files.mjs WOA FILE...
// Checks CI files the way their hosts would, then checks the woa commands inside them against
// the built woa:
// - GitHub Actions workflows (.github/workflows/*.yml, docs/ci/github-actions.yml): SchemaStore's
//   github-workflow schema, as @action-validator/core embeds it;
// - GitLab CI pipelines (docs/ci/gitlab-ci.yml): GitLab's own ci.json schema, as gitlab-ci-local
//   ships it, with Ajv configured as gitlab-ci-local configures it, on the YAML as js-yaml reads
//   it (anchors and merge keys resolved);
// - every `woa ...` / `build/woa ...` line of a run:/script: step: its command path exists and
//   each option it passes is in `woa COMMAND... --help` (or is a global option).
// Prints one line per check and exits 1 when any failed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import * as actionValidator from "@action-validator/core";
import Ajv from "ajv";
import yaml from "js-yaml";
import { schema as gitlabSchema } from "gitlab-ci-local/src/schema/schema.js";

const [woa, ...files] = process.argv.slice(2);
if (!woa || files.length === 0) {
    console.error("usage: node check-ci-files.mjs WOA FILE...");
    process.exit(2);
}
let failures = 0;
const fail = (what) => {
    failures++;
    console.log(`FAIL ${what}`);
};
const pass = (what) => console.log(`ok   ${what}`);

// `woa PATH... --help`, or null when woa does not know the path.
const helpCache = new Map();
function help(path) {
    const key = path.join(" ");
    if (!helpCache.has(key)) {
        try {
            helpCache.set(key, execFileSync(woa, [...path, "--help"], { encoding: "utf8" }));
        } catch {
            helpCache.set(key, null);
        }
    }
    return helpCache.get(key);
}
const subcommands = (text) => {
    const at = text.indexOf("\nSubcommands:\n");
    if (at < 0) return new Set();
    return new Set([...text.slice(at).matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]));
};
const options = (text) => new Set([...text.matchAll(/(?<![\w-])(--?[A-Za-z][\w-]*)/g)].map((m) => m[1]));

// The shell text of every step: GitHub `run:`, GitLab `script:` / `before_script:`.
function shellTexts(doc) {
    const out = [];
    const visit = (node) => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (node === null || typeof node !== "object") return;
        for (const [key, value] of Object.entries(node)) {
            if (key === "run" && typeof value === "string") out.push(value);
            else if (["script", "before_script", "after_script"].includes(key))
                out.push(...[value].flat(Infinity).filter((v) => typeof v === "string"));
            else visit(value);
        }
    };
    visit(doc);
    return out;
}

// Each woa invocation: from `woa` to the end of its shell command (continuations joined).
function invocations(text) {
    const joined = text.replace(/\\\n\s*/g, " ");
    const out = [];
    for (const m of joined.matchAll(/(?:^|[\s;(&|$])(?:build\/)?woa\s+([^\n;&|)]*)/g))
        out.push(m[1].replace(/\s(#|[12]?>).*$/, "").trim()); // comments, redirections
    return out;
}

function checkInvocation(file, line) {
    const words = line.split(/\s+/).filter(Boolean);
    const root = help([]);
    const path = [];
    let text = root;
    for (const word of words) {
        if (word.startsWith("-")) continue; // global options may come first
        if (!subcommands(text).has(word)) break;
        path.push(word);
        text = help(path);
        if (text === null) break;
    }
    const name = `${file}: woa ${line}`;
    if (path.length === 0 && !words.every((w) => w.startsWith("-"))) {
        return fail(`${name}: no command '${words[0]}' in woa --help`);
    }
    // Options of the command, of the commands above it (fallthrough) and woa's global ones.
    const known = new Set(options(root));
    for (let i = 1; i <= path.length; i++) for (const o of options(help(path.slice(0, i)))) known.add(o);
    const used = [...line.matchAll(/(?:^|[\s+])(--?[A-Za-z][\w-]*)/g)].map((m) => m[1]);
    const unknown = used.filter((o) => !known.has(o));
    if (unknown.length) return fail(`${name}: woa ${path.join(" ")} has no option ${unknown.join(", ")}`);
    pass(name);
}

for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    let doc;
    try {
        doc = yaml.load(text);
    } catch (e) {
        fail(`${file}: not YAML: ${e.message}`);
        continue;
    }
    const gitlab = /gitlab/.test(file);
    if (gitlab) {
        const ajv = new Ajv({
            allErrors: true,
            allowUnionTypes: true,
            validateFormats: false,
            strictTypes: false,
            keywords: ["markdownDescription"],
        });
        const validate = ajv.compile(gitlabSchema);
        if (validate(doc)) pass(`${file}: GitLab CI schema`);
        else fail(`${file}: GitLab CI schema: ${ajv.errorsText(validate.errors, { separator: "\n  " })}`);
    } else {
        const result = actionValidator.validateWorkflow(text);
        if (result.errors.length === 0) pass(`${file}: GitHub Actions workflow schema`);
        else fail(`${file}: GitHub Actions workflow schema: ${JSON.stringify(result.errors, null, 1)}`);
    }
    let count = 0;
    for (const script of shellTexts(doc))
        for (const line of invocations(script)) {
            checkInvocation(file, line);
            count++;
        }
    if (/docs\/ci\//.test(file) && count === 0) fail(`${file}: runs no woa command`);
}
console.log(`${failures ? "FAILED" : "passed"}: ${failures} failures`);
process.exit(failures ? 1 : 0);
