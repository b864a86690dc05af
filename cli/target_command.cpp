// woa target add|list|show|remove|doctor|stop
#include "cli/command.h"
#include "core/error.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "core/version.h"
#include "fetcher/http.h"
#include "runner/doctor.h"
#include "runner/exec.h"
#include "runner/provision.h"
#include "runner/wine_env.h"

#include <iostream>
#include <memory>

namespace woa::cli {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

TargetStore default_store() {
    return TargetStore(woa_home() / "targets");
}

// The packages a person asks about first; the full list (every library wine pulled in) is in
// --json and target.json.
bool headline_package(const std::string& name) {
    for (const char* prefix : {"wine", "libwine", "qemu", "libc6:"})
        if (name.rfind(prefix, 0) == 0) return true;
    return false;
}

void print_packages(const std::map<std::string, std::string>& packages) {
    std::size_t others = 0;
    for (const auto& [package, version] : packages) {
        if (headline_package(package))
            std::cout << "             " << package << " " << version << "\n";
        else
            others++;
    }
    if (others)
        std::cout << "             (and " << others << " more packages: --json lists them)\n";
}

void print_identity(const TargetIdentity& t, const TargetLayout& layout) {
    std::cout << "name:        " << t.name << "\n"
              << "path:        " << layout.root.string() << "\n"
              << "wine:        " << t.wine.version << "  [" << t.wine.source.text() << "]\n";
    print_packages(t.wine.packages);
    std::cout << "qemu:        " << t.qemu.version << "  [" << t.qemu.source.text() << "]\n";
    print_packages(t.qemu.packages);
    std::cout << "qemu sha256: " << t.qemu.sha256 << "\n"
              << "cpu:         " << t.cpu << "\n"
              << "provisioned: " << t.provisioned << " (woa " << t.woa_version << ")\n";
}

nlohmann::json identity_json(const TargetIdentity& t, const TargetStore& store) {
    nlohmann::json doc = to_json(t);
    doc["state"] = "ready";
    doc["path"] = store.layout(t.name).root.string();
    return doc;
}

struct Options {
    std::string name, wine, qemu, cpu, arch, mirror = "http://deb.debian.org/debian";
    bool json = false;
};

int add(Context& context, const Options& o) {
    check_target_name(o.name);
    std::optional<TargetSpec> spec = preset(o.name);
    const bool x86_64 = o.arch == x86_64_arch || (spec && spec->arch == x86_64_arch && o.arch.empty());
    if (!spec) {
        if (o.wine.empty() || (o.qemu.empty() && !x86_64))
            throw UsageError("target '" + o.name + "' is not a preset (" + joined(preset_names()) +
                             "): give --wine SRC and --qemu SRC (or --arch x86_64)");
        spec = TargetSpec{o.name, {}, {Source::Kind::none, ""}, default_cpu};
    }
    if (x86_64) {
        if (!o.qemu.empty() || !o.cpu.empty())
            throw UsageError("an x86_64 target runs wine natively: it takes no --qemu or --cpu");
        spec->arch = x86_64_arch;
        spec->qemu = {Source::Kind::none, ""};
        spec->cpu = "host";
    }
    if (!o.wine.empty()) spec->wine = Source::parse(o.wine, "--wine");
    if (!o.qemu.empty()) spec->qemu = Source::parse(o.qemu, "--qemu");
    if (!o.cpu.empty()) spec->cpu = o.cpu;
    if (!x86_64) check_cpu_model(spec->cpu);
    if (!x86_64 && spec->qemu.kind == Source::Kind::none)
        throw UsageError("an aarch64 target needs qemu: --qemu debian:SUITE or path:FILE");

    const TargetStore store = default_store();
    if (auto existing = store.find(o.name)) {
        if (existing->wine.source == spec->wine && existing->qemu.source == spec->qemu &&
            existing->cpu == spec->cpu && existing->arch == spec->arch) {
            note() << "woa: target " << o.name << " is already provisioned ("
                   << existing->wine.version << " + qemu " << existing->qemu.version << ")\n";
            return exit_code::ok;
        }
        throw Error("target '" + o.name + "' exists with other sources (woa target remove " +
                    o.name + " first)");
    }
    ProvisionSettings settings;
    settings.mirror = o.mirror;
    settings.woa_version = WOA_VERSION;
    CurlHttpClient http;
    settings.http = &http;
    settings.progress = [&](const std::string& line) {
        note() << "woa: target " << o.name << ": " << line << std::endl;
    };
    const TargetIdentity t = provision_target(context.runner, store, *spec, settings);
    note() << "woa: target " << o.name << " is ready" << std::endl;
    if (o.json) std::cout << identity_json(t, store).dump(2) << "\n";
    return exit_code::ok;
}

int list(const Options& o) {
    const TargetStore store = default_store();
    const auto targets = store.list();
    if (o.json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const auto& t : targets)
            doc.push_back(identity_json(t, store));
        for (const auto& partial : store.incomplete())
            doc.push_back({{"name", partial}, {"state", "incomplete"}});
        std::cout << doc.dump(2) << "\n";
        return exit_code::ok;
    }
    if (targets.empty()) note() << "woa: no targets yet (woa target add trixie)\n";
    TextTable table({"target", "state", "wine", "qemu", "cpu"});
    for (const auto& t : targets)
        table.add({t.name, "ready", t.wine.version, t.qemu.version, t.cpu});
    for (const auto& partial : store.incomplete())
        table.add({partial, "incomplete (provisioning, or abandoned: safe to delete)"});
    std::cout << table.str();
    return exit_code::ok;
}

int show(const Options& o) {
    const TargetStore store = default_store();
    const TargetIdentity t = store.get(o.name);
    if (o.json)
        std::cout << identity_json(t, store).dump(2) << "\n";
    else
        print_identity(t, store.layout(o.name));
    return exit_code::ok;
}

int remove(const Options& o) {
    const TargetStore store = default_store();
    check_target_name(o.name);
    const TargetLayout layout = store.layout(o.name);
    kill_prefix_processes(layout.template_prefix());
    kill_prefix_processes(layout.prefixes() / "exec");
    store.remove(o.name);
    note() << "woa: removed target " << o.name << "\n";
    return exit_code::ok;
}

int run_doctor(Context& context, const Options& o) {
    const auto checks = doctor(context.runner, default_store(), o.name);
    bool all_ok = true;
    if (o.json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const auto& c : checks)
            doc.push_back({{"check", c.name}, {"ok", c.ok}, {"message", c.message}});
        std::cout << doc.dump(2) << "\n";
    }
    for (const auto& c : checks) {
        all_ok = all_ok && c.ok;
        if (!o.json)
            std::cout << (c.ok ? "ok    " : "FAIL  ") << c.name << ": " << c.message << "\n";
    }
    if (!all_ok) throw Error("target '" + o.name + "' is not healthy (see the FAIL lines)");
    return exit_code::ok;
}

int stop(Context& context, const Options& o) {
    const TargetStore store = default_store();
    Executor(context.runner, store, "", woa_home() / "logs").stop(o.name);
    note() << "woa: stopped the warm wineserver of " << o.name << "\n";
    return exit_code::ok;
}

} // namespace

Command target_command() {
    return {"target", "Provision and inspect emulation targets (wine + qemu + CPU model)",
            [](CLI::App& app, Context& context) -> Action {
                auto o = std::make_shared<Options>();
                app.require_subcommand(1);
                auto name = [&](CLI::App* sub) {
                    sub->add_option("name", o->name, "Target name")->required();
                };
                CLI::App* add_cmd = app.add_subcommand(
                    "add", "Provision a target: presets bookworm, trixie (default), sid, and "
                           "their x86-64 controls bookworm-x64, trixie-x64, sid-x64");
                name(add_cmd);
                add_cmd->add_option("--wine", o->wine, "Wine source: debian:SUITE or dir:PATH");
                add_cmd->add_option("--qemu", o->qemu, "qemu source: debian:SUITE or path:FILE");
                add_cmd->add_option("--arch", o->arch,
                                    "aarch64 (default: under qemu) or x86_64 (the control: "
                                    "Debian's amd64 wine, natively, no qemu)")
                    ->check(CLI::IsMember({"aarch64", "x86_64"}));
                add_cmd->add_option("--cpu", o->cpu,
                                    std::string("qemu CPU model (default ") + default_cpu + ")");
                add_cmd->add_option("--mirror", o->mirror, "Debian mirror for debian: sources")
                    ->capture_default_str();
                add_cmd->add_flag("--json", o->json, "Print the new target's identity as JSON");
                CLI::App* list_cmd = app.add_subcommand("list", "List provisioned targets");
                list_cmd->add_flag("--json", o->json, "JSON output");
                CLI::App* show_cmd = app.add_subcommand("show", "Show a target's exact identity");
                name(show_cmd);
                show_cmd->add_flag("--json", o->json, "JSON output");
                CLI::App* remove_cmd = app.add_subcommand("remove", "Delete a target");
                name(remove_cmd);
                CLI::App* doctor_cmd =
                    app.add_subcommand("doctor", "Check a target's wiring and say what is wrong");
                name(doctor_cmd);
                doctor_cmd->add_flag("--json", o->json, "JSON output");
                CLI::App* stop_cmd =
                    app.add_subcommand("stop", "Stop the warm wineserver of a target");
                name(stop_cmd);
                return [=, &context]() -> int {
                    if (add_cmd->parsed()) return add(context, *o);
                    if (list_cmd->parsed()) return list(*o);
                    if (show_cmd->parsed()) return show(*o);
                    if (remove_cmd->parsed()) return remove(*o);
                    if (doctor_cmd->parsed()) return run_doctor(context, *o);
                    if (stop_cmd->parsed()) return stop(context, *o);
                    return exit_code::usage;
                };
            }};
}

} // namespace woa::cli
