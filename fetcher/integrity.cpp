#include "fetcher/integrity.h"

#include "core/error.h"
#include "core/fs.h"

#include <openssl/evp.h>

namespace woa {

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

} // namespace woa
