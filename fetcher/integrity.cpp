#include "fetcher/integrity.h"

#include "core/error.h"

#include <fstream>
#include <openssl/evp.h>

namespace woa {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; i++) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

} // namespace

Integrity Integrity::parse(const std::string& text, const std::string& what) {
    if (text.rfind("sha512-", 0) == 0) {
        const std::string b64 = text.substr(7);
        if (b64.size() != 88) throw Error(what + ": '" + text + "' is not a sha512 SRI string");
        unsigned char raw[66];
        const int n = EVP_DecodeBlock(raw, reinterpret_cast<const unsigned char*>(b64.data()),
                                      static_cast<int>(b64.size()));
        if (n != 66) throw Error(what + ": '" + text + "' is not valid base64");
        return {"sha512", to_hex(raw, 64)}; // EVP_DecodeBlock counts the two padding bytes
    }
    if (text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos)
        return {"sha256", text};
    throw Error(what + ": '" + text + "' is neither sha512-<base64> nor a sha256 hex digest");
}

std::string file_digest(const std::filesystem::path& file, const std::string& algorithm) {
    const EVP_MD* md = algorithm == "sha512"   ? EVP_sha512()
                       : algorithm == "sha256" ? EVP_sha256()
                                               : nullptr;
    if (!md) throw Error("internal: unknown digest " + algorithm);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file, "cannot open");
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, md, nullptr);
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        EVP_DigestUpdate(ctx, buffer, static_cast<std::size_t>(in.gcount()));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx, digest, &size);
    EVP_MD_CTX_free(ctx);
    return to_hex(digest, size);
}

} // namespace woa
