// Text for people, in one place: tables whose columns line up (every command's listing and
// table uses TextTable), and counts with the right plural ("1 test", "2 tests").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace woa {

// Columns padded to their widest cell (counted in UTF-8 characters), two spaces apart; the last
// column is never padded, and a column that is empty in every row (header included) is left
// out. Lines added with `note` follow the row before them, indented, outside the columns (a
// unified diff, the failures under a verdict).
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header = {}, std::string indent = "");
    void add(std::vector<std::string> row);
    void note(std::string line);
    bool empty() const { return rows_.empty(); }
    std::string str() const;

private:
    struct Row {
        std::vector<std::string> cells;
        std::vector<std::string> notes;
    };
    std::vector<std::string> header_;
    std::string indent_;
    std::vector<Row> rows_;
    std::vector<std::string> leading_notes_; // notes before any row
};

// "1 test", "2 tests", "0 tests"; `plural` for words that do not just take an "s".
std::string counted(std::size_t n, const std::string& singular, const std::string& plural = "");

} // namespace woa
