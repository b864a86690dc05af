// Unpacking untrusted archives: what is refused, what the error says, and that a refused
// archive leaves nothing behind.
#include "core/error.h"
#include "core/fs.h"
#include "fetcher/archive.h"
#include "tests/support/archive_maker.h"

#include <catch2/catch.hpp>

using namespace woa;
using namespace woa::test;
namespace fs = std::filesystem;

namespace {

struct Scratch {
    ScratchDir dir{fs::temp_directory_path(), "woa-archive-"};
    fs::path into() const { return dir.path() / "tree"; }
    fs::path make(const std::string& format, const std::vector<ArchiveMember>& members) {
        const fs::path file = dir.path() / ("a." + format);
        fs::remove(file);
        write_archive(file, format, members);
        return file;
    }
    // The error extract_archive gives, with the archive's own path cut off.
    std::string refusal(const fs::path& archive, const ExtractLimits& limits = {}) {
        try {
            extract_archive(archive, into(), limits);
        } catch (const InputError& e) {
            CHECK_FALSE(fs::exists(into())); // nothing half-written stays
            return std::string(e.what()).substr(archive.string().size() + 2);
        }
        FAIL("the archive was accepted");
        return "";
    }
};

} // namespace

TEST_CASE("archives unpack: tar.gz, tar.xz and zip, with modes and safe links", "[archive]") {
    Scratch s;
    for (const std::string format : {"tar.gz", "tar.xz", "zip"}) {
        INFO(format);
        fs::remove_all(s.into());
        const fs::path a = s.make(format, {regular("package/bin/tool.exe", "MZ...", 0755),
                                           regular("package/README.md", "# tool\n"),
                                           soft_link("package/latest", "bin/tool.exe"),
                                           regular("./package/./docs/a.txt", "a")});
        extract_archive(a, s.into());
        CHECK(read_file(s.into() / "package/bin/tool.exe") == "MZ...");
        CHECK((fs::status(s.into() / "package/bin/tool.exe").permissions() &
               fs::perms::owner_exec) != fs::perms::none);
        CHECK((fs::status(s.into() / "package/README.md").permissions() & fs::perms::owner_exec) ==
              fs::perms::none);
        CHECK(fs::is_symlink(s.into() / "package/latest"));
        CHECK(read_file(s.into() / "package/docs/a.txt") == "a");
    }
    fs::remove_all(s.into());
    extract_archive(s.make("tar.gz", {regular("a/one", "1"), hard_link("a/two", "a/one")}),
                    s.into());
    CHECK(read_file(s.into() / "a/two") == "1");
}

TEST_CASE("hostile archives are refused, naming the entry", "[archive]") {
    Scratch s;
    CHECK(s.refusal(s.make("tar.gz", {regular("ok", "1"), regular("/etc/evil", "x")})) ==
          "entry '/etc/evil': absolute path refused");
    CHECK(s.refusal(s.make("tar.gz", {regular("package/../../evil", "x")})) ==
          "entry 'package/../../evil': '..' in the path refused");
    // libarchive already turns a zip's backslashes into slashes; woa would too.
    CHECK(s.refusal(s.make("zip", {regular("..\\..\\evil.exe", "x")})) ==
          "entry '../../evil.exe': '..' in the path refused");
    CHECK(s.refusal(s.make("zip", {regular("C:/Windows/evil.dll", "x")})) ==
          "entry 'C:/Windows/evil.dll': absolute (drive) path refused");
    CHECK(s.refusal(s.make("tar.gz", {soft_link("etc", "/etc")})) ==
          "entry 'etc': symbolic link to absolute path '/etc' leaves the tree");
    CHECK(s.refusal(s.make("tar.gz", {soft_link("a/up", "../../x")})) ==
          "entry 'a/up': symbolic link to '../../x' leaves the tree");
    // A link that stays inside, then a file written through it: the classic two-step escape.
    CHECK(s.refusal(s.make("tar.gz", {soft_link("here", "."), regular("here/x", "1")})) ==
          "entry 'here/x': written through the symbolic link 'here'");
    CHECK(s.refusal(s.make("tar.gz", {hard_link("stolen", "/etc/passwd")})) ==
          "entry 'stolen': absolute path refused");
    CHECK(s.refusal(s.make("tar.gz", {hard_link("stolen", "missing")})) ==
          "entry 'stolen': hard link to 'missing', which is not a file unpacked before it");
    CHECK(s.refusal(s.make("tar.gz", {fifo("pipe")})) ==
          "entry 'pipe': special file (device, fifo or socket) refused");
}

TEST_CASE("links that leave the tree through other links are refused, in either order",
          "[archive]") {
    Scratch s;
    // Each link alone stays inside by counting '..'; `esc` resolved through `up` does not.
    const auto up = soft_link("package/a/b/up", "..");
    const auto esc = soft_link("package/a/b/esc", "up/../../..");
    CHECK(s.refusal(s.make("tar.gz", {up, esc})) ==
          "entry 'package/a/b/esc': symbolic link to 'up/../../..' leaves the tree");
    CHECK(s.refusal(s.make("tar.gz", {esc, up})) ==
          "entry 'package/a/b/esc': symbolic link to 'up/../../..' leaves the tree");
    CHECK(s.refusal(s.make("tar.gz", {soft_link("x/loop", "loop/a")})) ==
          "entry 'x/loop': symbolic link to 'loop/a' goes through too many symbolic links");
    // Chains that stay inside are kept.
    extract_archive(
        s.make("tar.gz",
               {regular("lib/real/libfoo.so.1.2", "elf"), soft_link("lib/libfoo.so", "libfoo.so.1"),
                soft_link("lib/libfoo.so.1", "real/libfoo.so.1.2"), soft_link("lib/here", "."),
                soft_link("lib/again", "here/here/../lib/libfoo.so")}),
        s.into());
    CHECK(read_file(s.into() / "lib/again") == "elf");
}

TEST_CASE("absurd sizes and counts are refused before the disk fills", "[archive]") {
    Scratch s;
    ExtractLimits small;
    small.max_file_bytes = 1000;
    small.max_total_bytes = 1500;
    small.max_entries = 5;
    CHECK(s.refusal(s.make("tar.gz", {regular("big", std::string(2000, 'x'))}), small) ==
          "entry 'big': declares 2000 bytes, over the limit of 1000");
    CHECK(s.refusal(s.make("tar.gz", {regular("a", std::string(900, 'x')),
                                      regular("b", std::string(900, 'x'))}),
                    small) == "entry 'b': the archive unpacks to more than 1500 bytes");
    std::vector<ArchiveMember> many;
    for (int i = 0; i < 6; i++)
        many.push_back(regular("f" + std::to_string(i), ""));
    CHECK(s.refusal(s.make("tar.gz", many), small) == "entry 'f5': more than 5 entries");
}

TEST_CASE("truncated and garbage archives are refused", "[archive]") {
    Scratch s;
    const fs::path good = s.make("tar.gz", {regular("package/x", std::string(100000, 'x'))});
    const std::string bytes = read_file(good);
    const fs::path cut = s.dir.path() / "cut.tar.gz";
    write_file_atomically(cut, bytes.substr(0, bytes.size() / 2));
    CHECK_THAT(s.refusal(cut), Catch::Contains("truncated"));
    const fs::path html = s.dir.path() / "page.tar.gz";
    write_file_atomically(html, "<html><body>Service unavailable</body></html>\n");
    CHECK(s.refusal(html) == "cannot read it as an archive: Unrecognized archive format");
}

TEST_CASE("Debian packages: data.tar is unpacked, anything else refused", "[archive]") {
    Scratch s;
    const fs::path data = s.make("tar.xz", {regular("./usr/share/doc/demo/copyright", "MIT\n"),
                                            regular("./usr/lib/demo/demo.exe", "MZ", 0755)});
    const fs::path deb = s.dir.path() / "demo.deb";
    write_archive(deb, "ar",
                  {regular("debian-binary", "2.0\n"), regular("control.tar.xz", ""),
                   regular("data.tar.xz", read_file(data))});
    extract_deb(deb, s.into());
    CHECK(read_file(s.into() / "usr/lib/demo/demo.exe") == "MZ");

    const fs::path not_deb = s.dir.path() / "other.deb";
    write_archive(not_deb, "ar", {regular("hello.o", "")});
    fs::remove_all(s.into());
    CHECK_THROWS_WITH(extract_deb(not_deb, s.into()),
                      Catch::Contains("not a Debian package: its first member is 'hello.o'"));
    CHECK_FALSE(fs::exists(s.into()));
    const fs::path hostile = s.dir.path() / "hostile.deb";
    write_archive(
        hostile, "ar",
        {regular("debian-binary", "2.0\n"),
         regular("data.tar.xz", read_file(s.make("tar.xz", {regular("/etc/cron.d/x", "")})))});
    CHECK_THROWS_WITH(extract_deb(hostile, s.into()),
                      Catch::Contains("entry '/etc/cron.d/x': absolute path refused"));
    CHECK_FALSE(fs::exists(s.into()));
}
