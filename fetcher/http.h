// HTTP downloads behind a small interface (tests use a loopback server; nothing here knows the
// corpus). The real client is libcurl: redirects (bounded), proxies from https_proxy/no_proxy,
// a connect timeout, a stall timeout, and retries with backoff for transient failures.
#pragma once

#include <filesystem>
#include <string>

namespace woa {

struct HttpOptions {
    long connect_timeout_s = 20;
    long stall_timeout_s = 30; // less than 1 KiB/s for this long: the transfer is stalled
    int attempts = 3;          // tries for transient failures (timeouts, 5xx, 429, resets)
    double backoff_s = 1;      // first pause between tries; doubles each time
    long max_redirects = 10;
    long long max_bytes = 2LL << 30; // refuse bodies larger than this
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    // Downloads `url` into `destination` (created or truncated). Throws Error saying what failed
    // ("HTTP 404", "timed out", "too many redirects", ...) and removes the partial file.
    virtual void download(const std::string& url, const std::filesystem::path& destination,
                          const HttpOptions& options) = 0;
};

class CurlHttpClient : public HttpClient {
public:
    CurlHttpClient();
    void download(const std::string& url, const std::filesystem::path& destination,
                  const HttpOptions& options) override;
};

// A server's base URL from the environment variable `name`, else `fallback`; no trailing slash.
std::string base_url_from_env(const char* name, const std::string& fallback);

} // namespace woa
