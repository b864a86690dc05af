#include "fetcher/http.h"

#include "core/error.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <curl/curl.h>
#include <thread>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;

namespace {

struct Sink {
    std::FILE* file;
    long long written = 0; // including what an earlier attempt left (resumed from)
    long long limit;
    CURL* curl = nullptr;
    bool resuming = false, checked = false, too_large = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const size_t bytes = size * count;
    if (sink->resuming && !sink->checked) {
        // A server that ignores the Range request sends the whole body again (200, not 206):
        // start the file over rather than append a second copy.
        sink->checked = true;
        long status = 0;
        curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &status);
        if (status != 206) {
            if (std::fflush(sink->file) != 0 || ::ftruncate(::fileno(sink->file), 0) != 0) return 0;
            std::rewind(sink->file);
            sink->written = 0;
        }
    }
    sink->written += static_cast<long long>(bytes);
    if (sink->written > sink->limit) {
        sink->too_large = true;
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    return std::fwrite(data, 1, bytes, sink->file);
}

struct Attempt {
    bool ok = false;
    bool transient = false;
    std::string why;
};

// One try; `resume_from` > 0 continues a body an earlier try cut short.
Attempt try_once(const std::string& url, const fs::path& destination, const HttpOptions& o,
                 long long resume_from) {
    Attempt a;
    std::FILE* file = std::fopen(destination.c_str(), resume_from > 0 ? "ab" : "wb");
    if (!file) {
        a.why = "cannot write " + destination.string();
        return a;
    }
    CURL* curl = curl_easy_init();
    Sink sink{file, resume_from, o.max_bytes, curl, resume_from > 0};
    if (resume_from > 0) curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, curl_off_t(resume_from));
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, o.max_redirects);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, o.stall_timeout_s);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "woa-compat");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    const bool flushed = std::fclose(file) == 0;

    if (sink.too_large) {
        a.why = "larger than " + std::to_string(o.max_bytes) + " bytes";
    } else if (code == CURLE_TOO_MANY_REDIRECTS) {
        a.why = "too many redirects (more than " + std::to_string(o.max_redirects) + ")";
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        a.why = "stalled: less than 1 KiB/s for " + std::to_string(o.stall_timeout_s) + " s";
        a.transient = true;
    } else if (code != CURLE_OK) {
        a.why = error[0] ? error : curl_easy_strerror(code);
        a.transient = code == CURLE_COULDNT_CONNECT || code == CURLE_RECV_ERROR ||
                      code == CURLE_RANGE_ERROR || code == CURLE_SEND_ERROR ||
                      code == CURLE_PARTIAL_FILE || code == CURLE_GOT_NOTHING ||
                      code == CURLE_COULDNT_RESOLVE_HOST;
    } else if (status >= 400) {
        a.why = "HTTP " + std::to_string(status);
        a.transient = status >= 500 || status == 408 || status == 429 ||
                      (status == 416 && resume_from > 0); // the range was wrong: start over
    } else if (!flushed) {
        a.why = "cannot write " + destination.string();
    } else {
        a.ok = true;
    }
    return a;
}

} // namespace

std::string base_url_from_env(const char* name, const std::string& fallback) {
    const char* env = std::getenv(name);
    std::string url = env && *env ? env : fallback;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

CurlHttpClient::CurlHttpClient() {
    static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (init != CURLE_OK) throw Error("libcurl failed to start");
}

void CurlHttpClient::download(const std::string& url, const fs::path& destination,
                              const HttpOptions& options) {
    double pause = options.backoff_s;
    Attempt last;
    long long resume_from = 0;
    for (int attempt = 1; attempt <= options.attempts; attempt++) {
        last = try_once(url, destination, options, resume_from);
        if (last.ok) return;
        // A body cut short is continued where it stopped (an HTTP range request); anything
        // else starts over. The digest check after the download judges the result either way.
        std::error_code ec;
        const bool keep = last.transient && last.why.rfind("HTTP ", 0) != 0;
        const auto size = keep ? fs::file_size(destination, ec) : 0;
        resume_from = keep && !ec ? static_cast<long long>(size) : 0;
        if (!resume_from) fs::remove(destination, ec);
        if (!last.transient || attempt == options.attempts) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(pause));
        pause *= 2;
    }
    std::error_code ec;
    fs::remove(destination, ec);
    throw Error(url + ": " + last.why);
}

} // namespace woa
