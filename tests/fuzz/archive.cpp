// The archive unpacker (fetcher/archive.cpp) on any bytes, as an archive, a .deb or a compressed
// file (the first byte chooses), into a scratch folder that is deleted afterwards. A refusal is
// an InputError and leaves no folder; what is unpacked stays inside its folder.
#include "fetcher/archive.h"

#include "core/error.h"
#include "tests/fuzz/fuzz_support.h"

namespace fs = std::filesystem;

namespace {

// Small limits: the fuzzer must not fill the disk while it looks for the checks' edges.
constexpr woa::ExtractLimits limits{1u << 20, 4u << 20, 2000};

bool inside(const fs::path& path, const fs::path& root) {
    const fs::path resolved = fs::weakly_canonical(path);
    const auto [end, _] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
    return end == root.end();
}

void check_unpacked(const fs::path& into) {
    const fs::path root = fs::canonical(into);
    for (const auto& item : fs::recursive_directory_iterator(into))
        woa::fuzz::require(inside(item.path(), root), "every unpacked path resolves inside");
}

enum class How { archive, deb, compressed };

void unpack(How how, const fs::path& file, const fs::path& into) {
    if (how == How::archive) return woa::extract_archive(file, into, limits);
    if (how == How::deb) return woa::extract_deb(file, into, limits);
    std::uint64_t total = 0;
    woa::decompress(file, 1u << 20, [&](std::string_view chunk) { total += chunk.size(); });
    woa::fuzz::require(total <= 1u << 20, "decompress stops at its limit");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const fs::path file = woa::fuzz::scratch() / "archive";
    const fs::path into = woa::fuzz::scratch() / "unpacked";
    woa::fuzz::write_bytes(file, woa::fuzz::text_of(data + 1, size - 1));
    const How how = static_cast<How>(data[0] % 3);
    try {
        unpack(how, file, into);
        if (how != How::compressed) check_unpacked(into);
    } catch (const woa::InputError&) {
        woa::fuzz::require(!fs::exists(into), "a refused archive leaves no folder");
    }
    std::error_code ec;
    fs::remove_all(into, ec);
    return 0;
}
