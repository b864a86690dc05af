#include "core/text_table.h"

#include <algorithm>

namespace woa {

namespace {

// Characters, not bytes: program output and test names may hold UTF-8.
std::size_t width(const std::string& text) {
    std::size_t n = 0;
    for (const unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace

TextTable::TextTable(std::vector<std::string> header, std::string indent)
    : header_(std::move(header)), indent_(std::move(indent)) {}

void TextTable::add(std::vector<std::string> row) {
    rows_.push_back({std::move(row), {}});
}

void TextTable::note(std::string line) {
    if (rows_.empty())
        leading_notes_.push_back(std::move(line));
    else
        rows_.back().notes.push_back(std::move(line));
}

std::string TextTable::str() const {
    std::size_t columns = header_.size();
    for (const auto& row : rows_)
        columns = std::max(columns, row.cells.size());
    std::vector<std::size_t> widths(columns, 0);
    auto measure = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); i++)
            widths[i] = std::max(widths[i], width(cells[i]));
    };
    if (!rows_.empty()) measure(header_);
    for (const auto& row : rows_)
        measure(row.cells);
    // The last column that has something in it ends each line: nothing is padded after it.
    std::size_t last = 0;
    for (std::size_t i = 0; i < columns; i++)
        if (widths[i]) last = i;

    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text = indent_;
        bool first = true;
        for (std::size_t i = 0; i <= last && i < columns; i++) {
            if (!widths[i]) continue;
            const std::string cell = i < cells.size() ? cells[i] : "";
            if (!first) text += "  ";
            first = false;
            text += cell;
            if (i != last) text += std::string(widths[i] - width(cell), ' ');
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        out += text + "\n";
    };
    for (const auto& n : leading_notes_)
        out += indent_ + n + "\n";
    if (!rows_.empty() && !header_.empty()) line(header_);
    for (const auto& row : rows_) {
        line(row.cells);
        for (const auto& n : row.notes)
            out += indent_ + "    " + n + "\n";
    }
    return out;
}

std::string counted(std::size_t n, const std::string& singular, const std::string& plural) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural.empty() ? singular + "s" : plural);
}

} // namespace woa
