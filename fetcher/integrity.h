// Integrity of downloaded bytes: the npm registry's Subresource Integrity strings
// ("sha512-<base64>") and plain sha256 hex digests. Nothing downloaded is visible in the cache
// before its digest matched.
#pragma once

#include <filesystem>
#include <string>

namespace woa {

struct Integrity {
    std::string algorithm; // "sha256" or "sha512"
    std::string hex;       // lower-case hex digest

    // "sha512-<base64>" (SRI) or 64 hex digits (sha256). Throws Error naming `what` otherwise.
    static Integrity parse(const std::string& text, const std::string& what);
    std::string text() const { return algorithm + ":" + hex; }
};

// Digests of files: file_digest() in core/fs.h.

} // namespace woa
