#include "core/error.h"
#include "core/fs.h"
#include "core/text_table.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <vector>

using namespace woa;
namespace fs = std::filesystem;

TEST_CASE("files are replaced whole", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    const fs::path file = dir.path() / "f.json";
    write_file_atomically(file, "one");
    write_file_atomically(file, "two");
    CHECK(read_file(file) == "two");
    // no temporary file left beside it
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("threads replacing the same file do not collide", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    const fs::path file = dir.path() / "shared.json";
    std::vector<std::string> contents;
    for (char c = 'a'; c < 'a' + 6; c++)
        contents.push_back(std::string(256 * 1024, c));
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    for (const auto& content : contents)
        writers.emplace_back([&file, &content, &failures] {
            for (int i = 0; i < 20; i++) {
                try {
                    write_file_atomically(file, content);
                } catch (const Error&) {
                    failures++;
                }
            }
        });
    for (auto& w : writers)
        w.join();
    CHECK(failures == 0);
    // One writer's content, whole, and no temporary file left beside it.
    CHECK(std::find(contents.begin(), contents.end(), read_file(file)) != contents.end());
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("reading is bounded and names the file", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    const fs::path file = dir.path() / "big";
    write_file_atomically(file, std::string(100, 'x'));
    CHECK(read_file(file, 100).size() == 100);
    try {
        read_file(file, 99);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == file.string() + ": larger than 99 bytes");
    }
    CHECK_THROWS_AS(read_file(dir.path() / "missing"), InputError);
}

TEST_CASE("sha256 of known content", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    write_file_atomically(dir.path() / "abc", "abc");
    CHECK(sha256_file(dir.path() / "abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("clone_tree links what may be shared and copies the rest", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    const fs::path from = dir.path() / "from";
    fs::create_directories(from / "sub");
    write_file_atomically(from / "sub/a.dll", "dll");
    write_file_atomically(from / "system.reg", "reg");
    fs::create_symlink("../drive_c", from / "c:");
    clone_tree(from, dir.path() / "to", [](const fs::path& p) { return p.extension() == ".dll"; });
    CHECK(fs::hard_link_count(dir.path() / "to/sub/a.dll") == 2);
    CHECK(fs::hard_link_count(dir.path() / "to/system.reg") == 1);
    CHECK(read_file(dir.path() / "to/system.reg") == "reg");
    CHECK(fs::read_symlink(dir.path() / "to/c:") == "../drive_c");
}

TEST_CASE("a file lock excludes a second holder until released", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    const fs::path lock_file = dir.path() / "x.lock";
    FileLock first;
    REQUIRE(FileLock::try_lock(lock_file, first));
    FileLock second;
    CHECK_FALSE(FileLock::try_lock(lock_file, second));
    first = FileLock();
    CHECK(FileLock::try_lock(lock_file, second));
}

TEST_CASE("a lock removed when released leaves no file and still excludes", "[fs]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
    const fs::path lock_file = dir.path() / ".trixie.lock";
    std::atomic<int> holders{0}, most{0};
    auto hold = [&] {
        for (int i = 0; i < 200; i++) {
            const FileLock lock = FileLock::removed_when_released(lock_file);
            const int now = ++holders;
            most = std::max(most.load(), now);
            CHECK(fs::exists(lock_file));
            --holders;
        }
    };
    std::thread a(hold), b(hold);
    a.join();
    b.join();
    CHECK(most == 1); // a waiter on a removed file never holds a lock beside the new holder
    CHECK_FALSE(fs::exists(lock_file));
}

TEST_CASE("a scratch folder disappears unless kept", "[fs]") {
    fs::path path;
    {
        ScratchDir dir(fs::temp_directory_path(), "woa-fs-");
        path = dir.path();
        write_file_atomically(path / "f", "x");
    }
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("text tables line up their columns, and counts take the right plural", "[text]") {
    TextTable table({"verdict", "time", "test", "detail"}, "  ");
    table.add({"regression", "", "a/b", "output differs"});
    table.note("--- expected");
    table.add({"pass", "", "a/long-name", ""});
    table.add({"pass+slower", "1.50x", "é/t", "1.50x slower"});
    CHECK(table.str() == "  verdict      time   test         detail\n"
                         "  regression          a/b          output differs\n"
                         "      --- expected\n"
                         "  pass                a/long-name\n"
                         "  pass+slower  1.50x  é/t          1.50x slower\n");
    TextTable sparse({"", "b", ""});
    sparse.add({"", "x", ""});
    CHECK(sparse.str() == "b\nx\n"); // a column empty everywhere is left out
    CHECK(TextTable({"h"}).str().empty()); // no rows, no header
    CHECK(counted(1, "test") == "1 test");
    CHECK(counted(2, "test") == "2 tests");
    CHECK(counted(0, "entry", "entries") == "0 entries");
}
