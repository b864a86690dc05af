#include "tests/fuzz/fuzz_support.h"

#include <fstream>

namespace woa::fuzz {

const std::filesystem::path& scratch() {
    static const std::filesystem::path shm = "/dev/shm";
    static const ScratchDir dir(
        std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path(),
        "woa-fuzz-");
    return dir.path();
}

void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) broken("the scratch file can be written");
}

} // namespace woa::fuzz
