// Downloads and the blob cache against a loopback HTTP server started here (cpp-httplib):
// faults are injected on purpose; the internet is never touched.
#include "core/error.h"
#include "core/fs.h"
#include "fetcher/blob_store.h"
#include "fetcher/fetch.h"
#include "fetcher/integrity.h"
#include "fetcher/pin.h"
#include "fetcher/tree_record.h"
#include "tests/support/archive_maker.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <httplib.h>
#include <thread>

using namespace woa;
namespace fs = std::filesystem;

namespace {

// An npm-style package: a tar.gz whose files sit under package/.
std::string make_tarball() {
    ScratchDir dir(fs::temp_directory_path(), "woa-tgz-");
    test::write_archive(dir.path() / "t.tgz", "tar.gz",
                        {test::regular("package/package.json", "{}\n"),
                         test::regular("package/tool.exe", "not really a PE\n", 0755)});
    return read_file(dir.path() / "t.tgz");
}
const std::string tarball = make_tarball();
// sha512 of `tarball`, as the npm registry would publish it.
std::string tarball_sri() {
    ScratchDir dir(fs::temp_directory_path(), "woa-sri-");
    write_file_atomically(dir.path() / "t", tarball);
    const std::string hex = file_digest(dir.path() / "t", "sha512");
    unsigned char raw[64];
    for (int i = 0; i < 64; i++)
        raw[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    for (int i = 0; i < 64; i += 3) {
        const unsigned v =
            raw[i] << 16 | (i + 1 < 64 ? raw[i + 1] << 8 : 0) | (i + 2 < 64 ? raw[i + 2] : 0);
        b64 += table[v >> 18 & 63];
        b64 += table[v >> 12 & 63];
        b64 += i + 1 < 64 ? table[v >> 6 & 63] : '=';
        b64 += i + 2 < 64 ? table[v & 63] : '=';
    }
    return "sha512-" + b64;
}

std::string file_bytes(const std::string& format, const std::vector<test::ArchiveMember>& members) {
    ScratchDir dir(fs::temp_directory_path(), "woa-make-");
    test::write_archive(dir.path() / "a", format, members);
    return read_file(dir.path() / "a");
}

std::string sha256_of(const std::string& bytes) {
    ScratchDir dir(fs::temp_directory_path(), "woa-sha-");
    write_file_atomically(dir.path() / "f", bytes);
    return file_digest(dir.path() / "f", "sha256");
}

// What the url and deb sources download: a zip, a bare .exe, and a little Debian mirror.
std::map<std::string, std::string> static_files() {
    std::map<std::string, std::string> files;
    files["/files/tool.zip"] = file_bytes("zip", {test::regular("tool/tool.exe", "zip tool\n")});
    files["/files/tool.exe"] = "bare tool\n";
    const std::string deb = file_bytes(
        "ar",
        {test::regular("debian-binary", "2.0\n"),
         test::regular("data.tar.xz",
                       file_bytes("tar.xz", {test::regular("./usr/lib/demo/demo.exe", "deb\n")}))});
    files["/debian/pool/main/d/demo/demo_1.0-1_arm64.deb"] = deb;
    const std::string packages = "Package: other\nVersion: 1.0-1\nFilename: pool/x.deb\n"
                                 "SHA256: 00\n\nPackage: demo\nVersion: 1.0-1\n"
                                 "Description: a demo\n folded line\nArchitecture: arm64\n"
                                 "Filename: pool/main/d/demo/demo_1.0-1_arm64.deb\nSHA256: " +
                                 sha256_of(deb) + "\n";
    files["/debian/dists/testing/main/binary-arm64/Packages.xz"] =
        file_bytes("xz", {test::regular("Packages", packages)});
    return files;
}

struct LoopbackServer {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> flaky_calls{0};
    std::string cut_body = std::string(150000, 'a') + std::string(150000, 'b');
    std::vector<std::string> cut_ranges;
    std::string sri = tarball_sri();
    std::map<std::string, std::string> files = static_files();

    LoopbackServer() {
        server.Get("/ok", [](const httplib::Request&, httplib::Response& r) {
            r.set_content(tarball, "application/octet-stream");
        });
        server.Get("/missing",
                   [](const httplib::Request&, httplib::Response& r) { r.status = 404; });
        server.Get("/flaky", [this](const httplib::Request&, httplib::Response& r) {
            if (++flaky_calls < 3)
                r.status = 503;
            else
                r.set_content(tarball, "application/octet-stream");
        });
        server.Get("/loop",
                   [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/loop"); });
        server.Get("/html", [](const httplib::Request&, httplib::Response& r) {
            r.set_content("<html><body>not a tarball</body></html>", "text/html");
        });
        server.Get("/stall", [](const httplib::Request&, httplib::Response& r) {
            r.set_chunked_content_provider("application/octet-stream",
                                           [](size_t offset, httplib::DataSink& sink) {
                                               if (offset == 0) sink.write("x", 1);
                                               std::this_thread::sleep_for(std::chrono::seconds(4));
                                               sink.done();
                                               return true;
                                           });
        });
        // The first answer breaks off halfway; later ones honour the Range header (httplib
        // slices a sized content provider itself).
        server.Get("/cut", [this](const httplib::Request& request, httplib::Response& r) {
            cut_ranges.push_back(request.get_header_value("Range"));
            const bool first = cut_ranges.size() == 1;
            r.set_content_provider(
                cut_body.size(), "application/octet-stream",
                [this, first](size_t offset, size_t length, httplib::DataSink& sink) {
                    if (first && offset + length > cut_body.size() / 2) {
                        sink.write(cut_body.data() + offset, cut_body.size() / 2 - offset);
                        return false; // the connection drops
                    }
                    sink.write(cut_body.data() + offset, length);
                    return true;
                });
        });
        server.Get("/big", [](const httplib::Request&, httplib::Response& r) {
            r.set_content(std::string(4096, 'x'), "text/plain");
        });
        server.Get("/registry/demo/1.0.0", [this](const httplib::Request&, httplib::Response& r) {
            r.set_content("{\"dist\": {\"tarball\": \"" + url("/ok") + "\", \"integrity\": \"" +
                              sri + "\"}}",
                          "application/json");
        });
        for (const auto& [path, body] : files)
            server.Get(path, [body = body](const httplib::Request&, httplib::Response& r) {
                r.set_content(body, "application/octet-stream");
            });
        server.Get("/registry/demo/2.0.0", [](const httplib::Request&, httplib::Response& r) {
            r.set_content("<html>", "text/html");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~LoopbackServer() {
        server.stop();
        thread.join();
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port) + path;
    }
};

HttpOptions quick() {
    HttpOptions o;
    o.backoff_s = 0.05;
    o.stall_timeout_s = 1;
    o.connect_timeout_s = 5;
    return o;
}

} // namespace

TEST_CASE("integrity strings: npm's SRI and sha256 hex", "[fetch]") {
    const Integrity sri = Integrity::parse(tarball_sri(), "x");
    CHECK(sri.algorithm == "sha512");
    CHECK(sri.hex.size() == 128);
    const Integrity hex = Integrity::parse(std::string(64, 'a'), "x");
    CHECK(hex.algorithm == "sha256");
    CHECK_THROWS_AS(Integrity::parse("md5-abc", "x"), Error);
    CHECK_THROWS_AS(Integrity::parse("sha512-!!!", "x"), Error);
}

TEST_CASE("downloads: success, errors said in words, retries, loops, stalls, sizes", "[fetch]") {
    LoopbackServer s;
    CurlHttpClient http;
    ScratchDir dir(fs::temp_directory_path(), "woa-dl-");
    const fs::path out = dir.path() / "file";

    http.download(s.url("/ok"), out, quick());
    CHECK(read_file(out) == tarball);

    CHECK_THROWS_WITH(http.download(s.url("/missing"), out, quick()),
                      s.url("/missing") + ": HTTP 404");
    CHECK_FALSE(fs::exists(out));

    http.download(s.url("/flaky"), out, quick()); // 503, 503, then the body
    CHECK(s.flaky_calls == 3);
    CHECK(read_file(out) == tarball);

    CHECK_THROWS_WITH(http.download(s.url("/loop"), out, quick()),
                      Catch::Contains("too many redirects"));
    CHECK_THROWS_WITH(http.download(s.url("/stall"), out,
                                    [] {
                                        auto o = quick();
                                        o.attempts = 1;
                                        return o;
                                    }()),
                      Catch::Contains("stalled"));
    CHECK_THROWS_WITH(http.download(s.url("/big"), out,
                                    [] {
                                        auto o = quick();
                                        o.max_bytes = 1000;
                                        return o;
                                    }()),
                      Catch::Contains("larger than 1000 bytes"));
    CHECK_THROWS_AS(http.download("http://127.0.0.1:1/nothing-listens", out, quick()), Error);
    CHECK_FALSE(fs::exists(out));

    // A body cut short is resumed with a range request, not downloaded again.
    http.download(s.url("/cut"), out, quick());
    CHECK(read_file(out) == s.cut_body);
    REQUIRE(s.cut_ranges.size() == 2);
    CHECK(s.cut_ranges[0].empty());
    CHECK(s.cut_ranges[1].rfind("bytes=", 0) == 0);
    CHECK(s.cut_ranges[1] != "bytes=0-");
}

TEST_CASE("the cache holds only verified blobs", "[fetch]") {
    LoopbackServer s;
    CurlHttpClient http;
    ScratchDir home(fs::temp_directory_path(), "woa-blobs-");
    const Cache cache(home.path());
    const Integrity good = Integrity::parse(s.sri, "test");

    CHECK_FALSE(cache.blobs.has(good));
    const fs::path stored = cache.blobs.fetch(http, s.url("/ok"), good, quick());
    CHECK(cache.blobs.has(good));
    CHECK(read_file(stored) == tarball);

    const Integrity wrong = Integrity::parse(std::string(64, 'b'), "test");
    CHECK_THROWS_WITH(cache.blobs.fetch(http, s.url("/html"), wrong, quick()),
                      Catch::Contains("sha256 mismatch"));
    CHECK_FALSE(cache.blobs.has(wrong));
    CHECK(fs::is_empty(home.path() / "blobs/tmp")); // no partial download left behind
}

namespace {

// The npm package the loopback registry serves, as an entry, and the settings to fetch it.
Entry npm_demo(const LoopbackServer& s) {
    Entry entry;
    entry.id = "demo";
    entry.source.kind = "npm";
    entry.source.package = "demo";
    entry.source.version = "1.0.0";
    entry.source.integrity = s.sri;
    entry.executables = {"package/tool.exe"};
    return entry;
}

FetchSettings settings_of(const LoopbackServer& s) {
    FetchSettings settings;
    settings.registry = s.url("/registry");
    settings.http = quick();
    return settings;
}

} // namespace

TEST_CASE("npm entries: metadata, pinned integrity, cache, offline", "[fetch]") {
    LoopbackServer s;
    CurlHttpClient http;
    ScratchDir home(fs::temp_directory_path(), "woa-blobs-");
    const Cache cache(home.path());
    Entry entry = npm_demo(s);
    FetchSettings settings = settings_of(s);

    settings.offline = true;
    CHECK(fetch_entry(http, cache, entry, settings).at(0).state == "failed");
    settings.offline = false;
    auto first = fetch_entry(http, cache, entry, settings);
    CHECK(first.at(0).state == "fetched");
    // Unpacked into its tree; the "executable" is no PE, and fetch says so.
    const fs::path tree = cache.tree(entry.source);
    CHECK(first.at(0).detail == tree.string());
    CHECK(read_file(tree / "package/package.json") == "{}\n");
    REQUIRE(first.at(0).warnings.size() == 1);
    CHECK_THAT(first.at(0).warnings[0], Catch::Contains("not a PE file"));
    auto second = fetch_entry(http, cache, entry, settings);
    CHECK(second.at(0).state == "cached");

    Entry missing_exe = entry;
    missing_exe.executables = {"package/other.exe"};
    auto missing = fetch_entry(http, cache, missing_exe, settings);
    CHECK(missing.at(0).state == "failed");
    CHECK_THAT(missing.at(0).detail, Catch::Contains("'package/other.exe' is not in the unpacked"));

    Entry republished = entry;
    republished.id = "other";
    republished.source.integrity = "sha512-" + std::string(86, 'A') + "==";
    auto bad = fetch_entry(http, cache, republished, settings);
    CHECK(bad.at(0).state == "failed");
    CHECK(bad.at(0).detail.find("differs from the pinned one") != std::string::npos);

    Entry html = entry;
    html.source.version = "2.0.0";
    html.source.integrity = "sha512-" + std::string(86, 'B') + "==";
    CHECK(fetch_entry(http, cache, html, settings).at(0).detail.find("not JSON") !=
          std::string::npos);
}

TEST_CASE("damage after fetching: fetch makes again what stat shows, --verify what hashes show",
          "[fetch][verify]") {
    LoopbackServer s;
    CurlHttpClient http;
    ScratchDir home(fs::temp_directory_path(), "woa-verify-");
    const Cache cache(home.path());
    Entry entry = npm_demo(s);
    entry.executables = {"package/package.json"};
    FetchSettings settings = settings_of(s);
    REQUIRE(fetch_entry(http, cache, entry, settings).at(0).state == "fetched");
    const fs::path tree = cache.tree(entry.source);
    const fs::path file = tree / "package/package.json";
    const Integrity integrity = Integrity::parse(s.sri, "test");
    REQUIRE(check_tree(tree, true).empty());
    auto fetch = [&](bool verify) {
        settings.verify = verify;
        return fetch_entry(http, cache, entry, settings).at(0);
    };

    SECTION("a file cut short: found by a plain fetch, unpacked again") {
        write_file_atomically(file, "{");
        CHECK(check_tree(tree, false) == "package/package.json: 1 bytes, recorded 3");
        const FetchOutcome o = fetch(false);
        CHECK(o.state == "repaired");
        REQUIRE(o.warnings.size() == 2); // and: package.json is not a PE file
        CHECK_THAT(o.warnings[0], Catch::Contains("failed verification (package/package.json"));
        CHECK(read_file(file) == "{}\n");
        CHECK(check_tree(tree, true).empty());
    }
    SECTION("a byte changed, the size kept: only --verify sees it") {
        write_file_atomically(file, "[]\n");
        CHECK(check_tree(tree, false).empty());
        CHECK_THAT(check_tree(tree, true), Catch::StartsWith("package/package.json: sha256 "));
        CHECK(fetch(false).state == "cached");
        CHECK(fetch(true).state == "repaired");
        CHECK(read_file(file) == "{}\n");
    }
    SECTION("a file deleted, a file added, a tree without its record") {
        fs::remove(file);
        CHECK(check_tree(tree, false) == "package/package.json: missing");
        CHECK(fetch(false).state == "repaired");
        write_file_atomically(tree / "package/extra.txt", "x");
        CHECK(check_tree(tree, false).empty()); // what a program left beside itself
        CHECK(check_tree(tree, true) == "package/extra.txt: not part of the unpacked source");
        CHECK(fetch(true).state == "repaired");
        CHECK_FALSE(fs::exists(tree / "package/extra.txt"));
        fs::remove(tree_record_path(tree));
        CHECK_THAT(check_tree(tree, false), Catch::Contains("no record of its files"));
        CHECK(fetch(false).state == "repaired");
        CHECK(check_tree(tree, true).empty());
    }
    SECTION("a damaged blob: --verify downloads it again") {
        const fs::path blob = cache.blobs.path(integrity);
        write_file_atomically(blob, "not the tarball");
        CHECK(fetch(false).state == "cached"); // the tree is whole; the blob is not read
        const FetchOutcome o = fetch(true);
        CHECK(o.state == "repaired");
        REQUIRE_FALSE(o.warnings.empty());
        CHECK_THAT(o.warnings[0], Catch::Contains("cached blob") && Catch::Contains("damaged"));
        CHECK(file_digest(blob, integrity.algorithm) == integrity.hex);
        CHECK(check_tree(tree, true).empty());
        CHECK(fetch(true).state == "cached");
    }
}

TEST_CASE("url and deb sources: sha256-pinned, unpacked by format", "[fetch]") {
    LoopbackServer s;
    CurlHttpClient http;
    ScratchDir home(fs::temp_directory_path(), "woa-blobs-");
    const Cache cache(home.path());
    FetchSettings settings;
    settings.debian_mirror = s.url("/debian");
    settings.http = quick();
    auto fetch = [&](const EntrySource& source, const std::string& executable) {
        Entry entry;
        entry.id = "demo";
        entry.source = source;
        entry.executables = {executable};
        return fetch_entry(http, cache, entry, settings).at(0);
    };

    EntrySource zip;
    zip.kind = "url";
    zip.url = s.url("/files/tool.zip");
    zip.sha256 = sha256_of(s.files["/files/tool.zip"]);
    const FetchOutcome zipped = fetch(zip, "tool/tool.exe");
    CHECK(zipped.state == "fetched");
    CHECK(read_file(cache.tree(zip) / "tool/tool.exe") == "zip tool\n");

    EntrySource exe = zip;
    exe.url = s.url("/files/tool.exe?download=1"); // the query is not part of the file's name
    exe.sha256 = sha256_of("bare tool\n");
    const FetchOutcome bare = fetch(exe, "tool.exe");
    INFO(bare.detail);
    CHECK(bare.state == "fetched");
    CHECK(read_file(cache.tree(exe) / "tool.exe") == "bare tool\n");

    EntrySource deb;
    deb.kind = "deb";
    deb.suite = "testing";
    deb.arch = "arm64";
    deb.package = "demo";
    deb.version = "1.0-1";
    deb.sha256 = sha256_of(s.files["/debian/pool/main/d/demo/demo_1.0-1_arm64.deb"]);
    const FetchOutcome from_debian = fetch(deb, "usr/lib/demo/demo.exe");
    INFO(from_debian.detail);
    CHECK(from_debian.state == "fetched");
    CHECK(read_file(cache.tree(deb) / "usr/lib/demo/demo.exe") == "deb\n");

    EntrySource gone = deb;
    gone.version = "0.9-1";
    gone.sha256 = std::string(64, 'd');
    CHECK_THAT(fetch(gone, "x").detail, Catch::Contains("no demo 0.9-1"));
    EntrySource rebuilt = deb;
    rebuilt.sha256 = std::string(64, 'c');
    CHECK_THAT(fetch(rebuilt, "x").detail, Catch::Contains("different SHA256 from the pinned one"));
}

TEST_CASE("pinning writes what the registry and the URL serve, keeping the layout it can",
          "[fetch]") {
    LoopbackServer s;
    CurlHttpClient http;
    ScratchDir dir(fs::temp_directory_path(), "woa-pin-");
    FetchSettings settings;
    settings.registry = s.url("/registry");
    settings.http = quick();
    const fs::path manifest = dir.path() / "demo.json";
    const std::string old_sri = "sha512-" + std::string(86, 'A') + "==";
    write_file_atomically(manifest, "{\"id\": \"demo\",\n  \"source\": {\"kind\": \"npm\", "
                                    "\"package\": \"demo\", \"version\": \"1.0.0\", "
                                    "\"integrity\": \"" +
                                        old_sri + "\"}}\n");
    auto changes = pin_manifest(manifest, http, settings);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].where == "/source/integrity");
    CHECK(changes[0].before == old_sri);
    CHECK(changes[0].after == s.sri);
    CHECK(read_file(manifest).find("{\"id\": \"demo\",\n  \"source\"") == 0); // layout kept
    CHECK(pin_manifest(manifest, http, settings).empty());

    // A new host baseline without its sha256 yet: the URL's bytes decide it.
    auto doc = nlohmann::json::parse(read_file(manifest));
    doc["host_baseline"] = {{"source", {{"kind", "url"}, {"url", s.url("/files/tool.exe")}}},
                            {"executable", "tool.exe"}};
    write_file_atomically(manifest, doc.dump());
    changes = pin_manifest(manifest, http, settings);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].where == "/host_baseline/source/sha256");
    CHECK(nlohmann::json::parse(read_file(manifest))["host_baseline"]["source"]["sha256"] ==
          sha256_of("bare tool\n"));

    write_file_atomically(manifest, "{\"source\": {\"kind\": \"npm\", \"package\": \"demo\"}}");
    CHECK_THROWS_WITH(pin_manifest(manifest, http, settings),
                      manifest.string() + ": /source/version: needed to pin, and missing");
    write_file_atomically(manifest, "{\"source\": {\"kind\": \"npm\", \"package\": \"demo\", "
                                    "\"version\": \"3.0.0\"}}");
    CHECK_THROWS_WITH(pin_manifest(manifest, http, settings),
                      Catch::StartsWith(manifest.string() + ": /source: ") &&
                          Catch::Contains("HTTP 404"));
}
