#include "runner/ntstatus.h"

#include <catch2/catch.hpp>

using namespace woa;

TEST_CASE("NTSTATUS codes are named", "[ntstatus]") {
    CHECK(ntstatus_name(0xC0000005) == "STATUS_ACCESS_VIOLATION");
    CHECK(ntstatus_name(0xC00000FD) == "STATUS_STACK_OVERFLOW");
    CHECK(ntstatus_name(0xC0000135) == "STATUS_DLL_NOT_FOUND");
    CHECK_FALSE(ntstatus_name(0x12345678).has_value());
}

TEST_CASE("exceptions are crashes, chosen exit codes are not", "[ntstatus]") {
    CHECK(is_crash_status(0xC0000005));
    CHECK(is_crash_status(0xC0000409));
    CHECK(is_crash_status(0x80000003));
    CHECK_FALSE(is_crash_status(0));
    CHECK_FALSE(is_crash_status(1));
    CHECK_FALSE(is_crash_status(0xC0000135)); // a missing DLL is a loader failure
    CHECK_FALSE(is_crash_status(0x80004005)); // E_FAIL returned by a program
}

TEST_CASE("exit codes are described as a person reads them", "[ntstatus]") {
    CHECK(describe_exit_code(0) == "0");
    CHECK(describe_exit_code(3) == "3");
    CHECK(describe_exit_code(1000) == "1000");
    CHECK(describe_exit_code(0xC0000005) == "0xC0000005 (STATUS_ACCESS_VIOLATION)");
    CHECK(describe_exit_code(0x80004005) == "0x80004005");
}

TEST_CASE("Windows exit codes become unix statuses as wine makes them", "[ntstatus]") {
    CHECK(unix_exit_status(0) == 0);
    CHECK(unix_exit_status(3) == 3);
    CHECK(unix_exit_status(1000) == 232);
    CHECK(unix_exit_status(0xC0000005) == 5);
    CHECK(unix_exit_status(0x100) == 1); // never 0 for a non-zero code
}
