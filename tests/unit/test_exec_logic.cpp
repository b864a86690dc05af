#include "runner/exec.h"

#include <catch2/catch.hpp>
#include <csignal>

using namespace woa;

TEST_CASE("wine's diagnostics are told from a program's stderr", "[exec]") {
    CHECK(is_wine_diagnostic("0024:err:module:import_dll Library foo.dll not found"));
    CHECK(is_wine_diagnostic("0020:0024:fixme:ntdll:NtQuerySystemInformation info_class 0x99"));
    CHECK(is_wine_diagnostic("err:seh:start_debugger Couldn't start debugger"));
    CHECK(is_wine_diagnostic("wine: Unhandled page fault on read access to 0000000000000000"));
    CHECK(is_wine_diagnostic("qemu: uncaught target signal 11 (Segmentation fault) - core dumped"));
    CHECK(is_wine_diagnostic("Read the Wine Developers Guide on how to set up winedbg"));
    CHECK(is_wine_diagnostic("0024:Call KERNEL32.GetTickCount() ret=140001234"));
    CHECK(is_wine_diagnostic("0020:0024:Ret  KERNEL32.GetTickCount() retval=00000001"));
    CHECK(is_wine_diagnostic("00e4:Starting thread proc 0000000140001000 (arg=000000007FFD0000)"));
    CHECK_FALSE(is_wine_diagnostic("Call me at 5"));
    CHECK_FALSE(is_wine_diagnostic("error: cannot open input.txt"));
    CHECK_FALSE(is_wine_diagnostic("err: mine"));
    CHECK_FALSE(is_wine_diagnostic("warning: wine is great"));
    CHECK_FALSE(is_wine_diagnostic(""));
}

TEST_CASE("stderr is split line by line, partial lines kept together", "[exec]") {
    std::string program, wine;
    StderrSplitter s([&](std::string_view b) { program += b; },
                     [&](std::string_view l) { wine += std::string(l) + "|"; });
    s.feed("first line\n0024:err:mod");
    s.feed("ule:x broken\npartial");
    CHECK(program == "first line\n");
    CHECK(wine == "0024:err:module:x broken|");
    s.feed(" rest\r\n0024:fixme:x:y z\r\n");
    CHECK(program == "first line\npartial rest\r\n");
    s.feed("no newline at the end");
    s.finish();
    CHECK(program == "first line\npartial rest\r\nno newline at the end");
    CHECK(wine == "0024:err:module:x broken|0024:fixme:x:y z\r|");
}

TEST_CASE("the launcher's report is read strictly", "[exec]") {
    auto exit = parse_launch_report("exit 0xc0000005\n");
    REQUIRE(exit);
    CHECK(exit->created);
    CHECK(exit->value == 0xC0000005u);
    auto failed = parse_launch_report("create-failed 193\n");
    REQUIRE(failed);
    CHECK_FALSE(failed->created);
    CHECK(failed->value == 193);
    CHECK_FALSE(parse_launch_report(""));
    CHECK_FALSE(parse_launch_report("exit"));
    CHECK_FALSE(parse_launch_report("exit 0x1ffffffff"));
    CHECK_FALSE(parse_launch_report("<html>"));
}

namespace {
ExecResult finished() {
    ExecResult r;
    r.process.exited = true;
    r.process.wall_s = 1.5;
    return r;
}
} // namespace

TEST_CASE("outcomes are decided from the evidence", "[exec]") {
    SECTION("ok") {
        ExecResult r = finished();
        classify(r, LaunchReport{true, 0});
        CHECK(r.status == ExecStatus::ok);
        CHECK(r.unix_status == 0);
    }
    SECTION("a chosen exit code keeps all 32 bits") {
        ExecResult r = finished();
        classify(r, LaunchReport{true, 1000});
        CHECK(r.status == ExecStatus::exit_code);
        CHECK(*r.exit_code == 1000);
        CHECK(r.unix_status == 232);
        CHECK(r.detail == "exit code 1000");
    }
    SECTION("an access violation is a crash, with wine's line") {
        ExecResult r = finished();
        r.wine.add("wine: Unhandled page fault on read access to 0000000000000000 at address 1");
        classify(r, LaunchReport{true, 0xC0000005});
        CHECK(r.status == ExecStatus::crash);
        CHECK(r.detail == "0xC0000005 (STATUS_ACCESS_VIOLATION): wine: Unhandled page fault on "
                          "read access to 0000000000000000 at address 1");
        CHECK(r.unix_status == 5);
    }
    SECTION("qemu dying under the program is a crash even with exit code 0") {
        // Known from the wait status of a process of the tree; qemu's line says more.
        ExecResult r = finished();
        r.process.crashed_processes = 1;
        r.process.crash_signal = SIGSEGV;
        r.wine.add("qemu: uncaught target signal 11 (Segmentation fault) - core dumped");
        classify(r, LaunchReport{true, 0});
        CHECK(r.status == ExecStatus::crash);
        CHECK(r.detail == "qemu: uncaught target signal 11 (Segmentation fault); the program had "
                          "ended with exit code 0");
        ExecResult quiet = finished();
        quiet.process.crashed_processes = 1;
        quiet.process.crash_signal = SIGILL;
        classify(quiet, LaunchReport{true, 0});
        CHECK(quiet.status == ExecStatus::crash);
        CHECK(quiet.detail == "a process of the program died of SIGILL; the program had ended "
                              "with exit code 0");
    }
    SECTION("qemu's words printed by the program itself change nothing") {
        ExecResult r = finished();
        r.wine.add("qemu: uncaught target signal 11 (Segmentation fault) - core dumped");
        classify(r, LaunchReport{true, 0});
        CHECK(r.status == ExecStatus::ok);
    }
    SECTION("timeout wins over everything") {
        ExecResult r = finished();
        r.process.timed_out = true;
        classify(r, std::nullopt);
        CHECK(r.status == ExecStatus::timeout);
        CHECK(r.unix_status == 124);
    }
    SECTION("Windows could not start it") {
        ExecResult r = finished();
        classify(r, LaunchReport{false, 193});
        CHECK(r.status == ExecStatus::launch_failed);
        CHECK(r.detail == "CreateProcess failed: ERROR_BAD_EXE_FORMAT");
        CHECK(r.unix_status == 126);
        classify(r, LaunchReport{false, 2});
        CHECK(r.unix_status == 127);
    }
    SECTION("no report at all: wine never ran it") {
        ExecResult r = finished();
        r.process.exit_status = 53;
        r.wine.add("wine: could not load kernel32.dll, status c0000135");
        classify(r, std::nullopt);
        CHECK(r.status == ExecStatus::loader_error);
        CHECK(r.detail == "wine did not start the program (exited with 53): wine: could not load "
                          "kernel32.dll, status c0000135");
        CHECK(r.unix_status == 125);
    }
}

TEST_CASE("wine's log summary counts err and fixme lines", "[exec]") {
    WineLogSummary s;
    s.add("0024:err:a:b x");
    s.add("0024:fixme:a:b x");
    s.add("0020:0024:fixme:a:b y");
    s.add("wine: Unhandled exception 0x80000003 in thread 24 at address 0");
    CHECK(s.err_lines == 1);
    CHECK(s.fixme_lines == 2);
    CHECK(s.crash_line == "wine: Unhandled exception 0x80000003 in thread 24 at address 0");
}

TEST_CASE("drive letters and Windows paths", "[exec]") {
    CHECK(slot_drives(0) == std::pair<char, char>('d', 'e'));
    CHECK(slot_drives(exec_slots - 1) == std::pair<char, char>('x', 'y'));
    CHECK(windows_path('d', "/home/me/proj", "/home/me/proj/bin/x.exe") == "D:\\bin\\x.exe");
    CHECK(windows_path('d', "/home/me/proj", "/home/me/proj") == "D:\\");
    CHECK_FALSE(windows_path('d', "/home/me/proj", "/home/me/other/x.exe"));
    CHECK_FALSE(windows_path('d', "/home/me/proj", "/home/me/projector/x.exe"));
}
