/* hello: the smallest useful arm64 Windows program. Prints what a person checks first when a
 * program starts under an emulator: its arguments, the machine Windows says it is, where it
 * runs, and one environment variable (WOA_HELLO). */
#include <stdio.h>
#include <windows.h>

static const char* arch_name(WORD arch) {
    switch (arch) {
    case PROCESSOR_ARCHITECTURE_ARM64:
        return "ARM64";
    case PROCESSOR_ARCHITECTURE_AMD64:
        return "AMD64";
    case PROCESSOR_ARCHITECTURE_INTEL:
        return "x86";
    case PROCESSOR_ARCHITECTURE_ARM:
        return "ARM";
    default:
        return "unknown";
    }
}

int main(int argc, char** argv) {
    SYSTEM_INFO info;
    char cwd[MAX_PATH];
    char value[256];
    DWORD n;
    int i;

    printf("hello from arm64 Windows\n");
    printf("argc: %d\n", argc);
    for (i = 0; i < argc; i++)
        printf("argv[%d]: %s\n", i, i == 0 ? "(program)" : argv[i]);

    GetNativeSystemInfo(&info);
    printf("wProcessorArchitecture: %u (%s)\n", info.wProcessorArchitecture,
           arch_name(info.wProcessorArchitecture));

    n = GetCurrentDirectoryA(sizeof cwd, cwd);
    printf("current directory: %s\n", n ? cwd : "(unavailable)");

    n = GetEnvironmentVariableA("WOA_HELLO", value, sizeof value);
    printf("WOA_HELLO: %s\n", n && n < sizeof value ? value : "(not set)");
    return 0;
}
