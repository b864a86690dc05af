#include "runner/results_db.h"

#include "core/error.h"
#include "runner/normalise.h"

#include <chrono>
#include <cstdlib>
#include <sqlite3.h>
#include <thread>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// One prepared statement; binds by position, steps, reads columns; finalised on scope exit.
class Statement {
public:
    Statement(sqlite3* db, const char* sql, const fs::path& file) : db_(db), file_(file) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw InputError(file, std::string("database: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    Statement& bind(int i, double v) {
        sqlite3_bind_double(stmt_, i, v);
        return *this;
    }
    Statement& bind(int i, const std::optional<std::int64_t>& v) {
        if (v)
            sqlite3_bind_int64(stmt_, i, *v);
        else
            sqlite3_bind_null(stmt_, i);
        return *this;
    }
    // True while there is a row.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw InputError(file_, std::string("database: ") + sqlite3_errmsg(db_));
    }
    std::string text(int c) const {
        const auto* t = sqlite3_column_text(stmt_, c);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    std::int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
    double real(int c) const { return sqlite3_column_double(stmt_, c); }
    std::optional<std::int64_t> maybe(int c) const {
        if (sqlite3_column_type(stmt_, c) == SQLITE_NULL) return std::nullopt;
        return integer(c);
    }
    json document(int c) const {
        const std::string t = text(c);
        return t.empty() ? json() : json::parse(t, nullptr, false);
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    fs::path file_;
};

// Schema versions, oldest first: migration N takes the database from version N to N+1.
const char* const migrations[] = {
    R"sql(
    CREATE TABLE runs(
      id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, state TEXT NOT NULL,
      host TEXT, woa_version TEXT, corpus_rev TEXT, args TEXT);
    CREATE TABLE targets(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL,
      wine_version TEXT, qemu_version TEXT, cpu TEXT, qemu_sha256 TEXT, identity TEXT NOT NULL,
      PRIMARY KEY(run_id, name));
    CREATE TABLE results(
      id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      test TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL, exit_code INTEGER,
      detail TEXT, started TEXT, wall_s REAL, user_s REAL, sys_s REAL, max_rss_kb INTEGER,
      artifacts TEXT, files TEXT, wine TEXT,
      UNIQUE(run_id, test, target));
    CREATE TABLE samples(
      result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE, repeat INTEGER NOT NULL,
      outcome TEXT NOT NULL, exit_code INTEGER, wall_s REAL, user_s REAL, sys_s REAL,
      max_rss_kb INTEGER, PRIMARY KEY(result_id, repeat));
    CREATE TABLE subtests(
      result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE, name TEXT NOT NULL,
      outcome TEXT NOT NULL, message TEXT, PRIMARY KEY(result_id, name));
    CREATE INDEX results_by_test ON results(test, target);
    )sql",
    // 2: the normalised standard output of each result (see normalise.h).
    "ALTER TABLE results ADD COLUMN output TEXT;",
    // 3: wine's conformance-test counters of each result (subtests.h: WineTestCounts).
    "ALTER TABLE results ADD COLUMN counts TEXT;",
};
static_assert(sizeof migrations / sizeof migrations[0] == ResultsDb::schema_version);

std::string identity_field(const json& identity, const char* a, const char* b) {
    if (identity.contains(a) && identity[a].is_object() && identity[a].contains(b) &&
        identity[a][b].is_string())
        return identity[a][b];
    return "";
}

} // namespace

ResultsDb::ResultsDb(const fs::path& file) : ResultsDb(file, Access::create) {}

ResultsDb ResultsDb::open_read_only(const fs::path& file) {
    return ResultsDb(file, Access::read_only);
}

ResultsDb ResultsDb::open_existing(const fs::path& file) {
    return ResultsDb(file, Access::existing);
}

// Absolute: artifacts paths derived from it are handed to other processes with other folders.
ResultsDb::ResultsDb(const fs::path& file, Access access) : file_(fs::absolute(file)) {
    if (access != Access::create && !fs::exists(file_))
        throw InputError(file, "no such results database (woa run writes it)");
    if (access == Access::create) fs::create_directories(file_.parent_path());
    try {
        open(access);
    } catch (const InputError& e) {
        sqlite3_close(db_);
        db_ = nullptr;
        const std::string what = e.what();
        // "file is not a database" from SQLite, said in woa's words.
        if (what.find("not a database") != std::string::npos)
            throw InputError(file_, "not a woa results database (SQLite cannot read it)");
        throw;
    }
}

void ResultsDb::open(Access access) {
    const int flags = access == Access::read_only ? SQLITE_OPEN_READONLY
                                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(file_.c_str(), &db_, flags, nullptr) != SQLITE_OK)
        throw InputError(file_, std::string("cannot open the results database: ") +
                                    (db_ ? sqlite3_errmsg(db_) : "out of memory"));
    // Two `woa run`s on one file queue for the write lock instead of failing at once.
    sqlite3_busy_timeout(db_, 60000);
    // Reading the file is what tells a corrupt or foreign one: before anything is written.
    {
        Statement check(db_, "PRAGMA quick_check", file_);
        if (!check.step() || check.text(0) != "ok")
            throw InputError(file_, "the results database is damaged (" + check.text(0) + ")");
    }
    if (access != Access::read_only) {
        migrate();
        return;
    }
    const int version = stored_version();
    if (version == 0) throw InputError(file_, "not a woa results database (it is empty)");
    if (version == schema_version) return;
    // Written by an older woa: migrated once (the one write a reader makes), then read.
    sqlite3_close(db_);
    db_ = nullptr;
    { const ResultsDb migrated(file_); }
    open(access);
}

ResultsDb::~ResultsDb() {
    sqlite3_close(db_);
}

void ResultsDb::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw InputError(file_, "database: " + why);
    }
}

// The schema version, after checking that the file is woa's and not from a newer woa.
int ResultsDb::stored_version() {
    // One statement, one snapshot: another woa may be building the schema meanwhile.
    Statement state(db_,
                    "SELECT (SELECT user_version FROM pragma_user_version), "
                    "(SELECT count(*) FROM sqlite_master)",
                    file_);
    state.step();
    const int current = static_cast<int>(state.integer(0));
    if (current > schema_version)
        throw InputError(file_, "written by a newer woa (schema " + std::to_string(current) +
                                    ", this woa knows " + std::to_string(schema_version) + ")");
    // A version-0 file must be empty: never build tables into someone else's database.
    if (current == 0 && state.integer(1) != 0)
        throw InputError(file_, "not a woa results database");
    return current;
}

void ResultsDb::migrate() {
    // Read first, write nothing to a file that is not ours (not even the journal mode).
    stored_version();
    // Two processes opening a new file at once: switching it to WAL needs a lock that SQLite
    // does not wait for through the busy handler. Wait here, as long as the busy timeout would.
    for (int waited_ms = 0;; waited_ms += 20) {
        const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) break;
        if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= 60000) exec("PRAGMA journal_mode=WAL");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    exec("PRAGMA foreign_keys=ON");
    // Then under the write lock: two woa processes opening a new file at once must not both
    // build the schema (the second waits, then finds it built).
    exec("BEGIN IMMEDIATE");
    try {
        const int current = stored_version();
        for (int v = current; v < schema_version; v++) {
            exec(migrations[v]);
            exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

fs::path ResultsDb::artifacts_root() const {
    fs::path root = file_;
    root += ".artifacts";
    return root;
}

std::int64_t ResultsDb::begin_run(const RunRecord& run, const std::vector<TargetRecord>& targets) {
    exec("BEGIN IMMEDIATE");
    try {
        Statement insert(db_,
                         "INSERT INTO runs(started, finished, state, host, woa_version, "
                         "corpus_rev, args) VALUES (?, NULLIF(?, ''), ?, ?, ?, ?, ?)",
                         file_);
        insert.bind(1, run.started)
            .bind(2, run.finished)
            .bind(3, run.state.empty() ? std::string("running") : run.state)
            .bind(4, run.host)
            .bind(5, run.woa_version)
            .bind(6, run.corpus_rev)
            .bind(7, run.args.dump());
        insert.step();
        const std::int64_t id = sqlite3_last_insert_rowid(db_);
        for (const auto& t : targets) {
            Statement target(db_,
                             "INSERT INTO targets(run_id, name, wine_version, qemu_version, cpu, "
                             "qemu_sha256, identity) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             file_);
            target.bind(1, id)
                .bind(2, t.name)
                .bind(3, identity_field(t.identity, "wine", "version"))
                .bind(4, identity_field(t.identity, "qemu", "version"))
                .bind(5, t.identity.value("cpu", std::string()))
                .bind(6, identity_field(t.identity, "qemu", "sha256"))
                .bind(7, t.identity.dump());
            target.step();
        }
        exec("COMMIT");
        return id;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void ResultsDb::finish_run(std::int64_t run, const std::string& state) {
    Statement update(db_,
                     "UPDATE runs SET state = ?, finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                     "WHERE id = ?",
                     file_);
    update.bind(1, state).bind(2, run);
    update.step();
}

bool ResultsDb::add_result(std::int64_t run, const ResultRecord& r) {
    exec("BEGIN IMMEDIATE");
    try {
        if (has_result(run, r.test, r.target)) {
            exec("ROLLBACK");
            return false;
        }
        Statement insert(
            db_,
            "INSERT INTO results(run_id, test, target, outcome, exit_code, detail, "
            "started, wall_s, user_s, sys_s, max_rss_kb, artifacts, files, wine, output, counts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            file_);
        insert.bind(1, run)
            .bind(2, r.test)
            .bind(3, r.target)
            .bind(4, r.outcome)
            .bind(5, r.exit_code)
            .bind(6, r.detail)
            .bind(7, r.started)
            .bind(8, r.wall_s)
            .bind(9, r.user_s)
            .bind(10, r.sys_s)
            .bind(11, static_cast<std::int64_t>(r.max_rss_kb))
            .bind(12, r.artifacts)
            .bind(13, r.files.dump())
            .bind(14, r.wine.dump())
            .bind(15, r.output.is_null() ? std::string() : r.output.dump())
            .bind(16, r.counts.is_null() ? std::string() : r.counts.dump());
        insert.step();
        const std::int64_t id = sqlite3_last_insert_rowid(db_);
        for (const auto& s : r.samples) {
            Statement sample(db_,
                             "INSERT INTO samples(result_id, repeat, outcome, exit_code, wall_s, "
                             "user_s, sys_s, max_rss_kb) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             file_);
            sample.bind(1, id)
                .bind(2, static_cast<std::int64_t>(s.repeat))
                .bind(3, s.outcome)
                .bind(4, s.exit_code)
                .bind(5, s.wall_s)
                .bind(6, s.user_s)
                .bind(7, s.sys_s)
                .bind(8, static_cast<std::int64_t>(s.max_rss_kb));
            sample.step();
        }
        for (const auto& t : r.subtests) {
            // A suite may repeat a name; the first outcome stands (OR IGNORE).
            Statement sub(db_,
                          "INSERT OR IGNORE INTO subtests(result_id, name, outcome, message) "
                          "VALUES (?, ?, ?, ?)",
                          file_);
            sub.bind(1, id).bind(2, t.name).bind(3, t.outcome).bind(4, t.message);
            sub.step();
        }
        exec("COMMIT");
        return true;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

namespace {

RunRecord read_run(const Statement& s) {
    RunRecord r;
    r.id = s.integer(0);
    r.started = s.text(1);
    r.finished = s.text(2);
    r.state = s.text(3);
    r.host = s.text(4);
    r.woa_version = s.text(5);
    r.corpus_rev = s.text(6);
    r.args = s.document(7);
    r.result_count = s.integer(8);
    return r;
}

const char* const run_columns =
    "SELECT id, started, finished, state, host, woa_version, corpus_rev, args, "
    "(SELECT count(*) FROM results WHERE run_id = runs.id) FROM runs ";

} // namespace

std::vector<RunRecord> ResultsDb::list_runs() const {
    Statement s(db_, (std::string(run_columns) + "ORDER BY id").c_str(), file_);
    std::vector<RunRecord> out;
    while (s.step())
        out.push_back(read_run(s));
    return out;
}

std::optional<RunRecord> ResultsDb::get_run(std::int64_t run) const {
    Statement s(db_, (std::string(run_columns) + "WHERE id = ?").c_str(), file_);
    s.bind(1, run);
    if (!s.step()) return std::nullopt;
    return read_run(s);
}

RunRecord ResultsDb::require_run(std::int64_t run) const {
    if (auto found = get_run(run)) return *found;
    throw Error("no run " + std::to_string(run) + " in " + file_.string());
}

std::vector<TargetRecord> ResultsDb::targets(std::int64_t run) const {
    Statement s(db_, "SELECT name, identity FROM targets WHERE run_id = ? ORDER BY name", file_);
    s.bind(1, run);
    std::vector<TargetRecord> out;
    while (s.step())
        out.push_back({s.text(0), s.document(1)});
    return out;
}

std::vector<ResultRecord> ResultsDb::results(std::int64_t run) const {
    Statement s(db_,
                "SELECT id, test, target, outcome, exit_code, detail, started, wall_s, user_s, "
                "sys_s, max_rss_kb, artifacts, files, wine, output, counts FROM results "
                "WHERE run_id = ? "
                "ORDER BY test, target",
                file_);
    s.bind(1, run);
    std::vector<ResultRecord> out;
    while (s.step()) {
        ResultRecord r;
        const std::int64_t id = s.integer(0);
        r.test = s.text(1);
        r.target = s.text(2);
        r.outcome = s.text(3);
        r.exit_code = s.maybe(4);
        r.detail = s.text(5);
        r.started = s.text(6);
        r.wall_s = s.real(7);
        r.user_s = s.real(8);
        r.sys_s = s.real(9);
        r.max_rss_kb = static_cast<long>(s.integer(10));
        r.artifacts = s.text(11);
        r.files = s.document(12);
        r.wine = s.document(13);
        r.output = s.document(14);
        r.counts = s.document(15);
        Statement samples(db_,
                          "SELECT repeat, outcome, exit_code, wall_s, user_s, sys_s, max_rss_kb "
                          "FROM samples WHERE result_id = ? ORDER BY repeat",
                          file_);
        samples.bind(1, id);
        while (samples.step())
            r.samples.push_back({static_cast<int>(samples.integer(0)), samples.text(1),
                                 samples.maybe(2), samples.real(3), samples.real(4),
                                 samples.real(5), static_cast<long>(samples.integer(6))});
        Statement subtests(
            db_, "SELECT name, outcome, message FROM subtests WHERE result_id = ? ORDER BY rowid",
            file_);
        subtests.bind(1, id);
        while (subtests.step())
            // Stores written before woa made sub-tests valid UTF-8 may hold a program's bytes.
            r.subtests.push_back(
                {valid_utf8(subtests.text(0)), subtests.text(1), valid_utf8(subtests.text(2))});
        out.push_back(std::move(r));
    }
    return out;
}

bool ResultsDb::has_result(std::int64_t run, const std::string& test,
                           const std::string& target) const {
    Statement s(db_, "SELECT 1 FROM results WHERE run_id = ? AND test = ? AND target = ?", file_);
    s.bind(1, run).bind(2, test).bind(3, target);
    return s.step();
}

void ResultsDb::copy_to(const fs::path& file) const {
    Statement copy(db_, "VACUUM INTO ?", file_);
    copy.bind(1, fs::absolute(file).string());
    copy.step();
}

void ResultsDb::remove_run(std::int64_t run) {
    require_run(run);
    Statement s(db_, "DELETE FROM runs WHERE id = ?", file_);
    s.bind(1, run);
    s.step();
    std::error_code ignored;
    fs::remove_all(artifacts_root() / std::to_string(run), ignored);
}

fs::path default_results_db() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return fs::path(data) / "woa" / "results.db";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : "/tmp") / ".local" / "share" / "woa" / "results.db";
}

std::map<std::string, std::string> wine_versions(const std::vector<TargetRecord>& targets) {
    std::map<std::string, std::string> out;
    for (const auto& t : targets)
        if (const std::string v = identity_field(t.identity, "wine", "version"); !v.empty())
            out[t.name] = v;
    return out;
}

} // namespace woa
