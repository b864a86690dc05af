#include "web/svg.h"

#include "core/markup.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace woa::web {

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

} // namespace

std::string format_seconds(double seconds) {
    char text[48];
    if (seconds < 10)
        std::snprintf(text, sizeof text, "%.2f s", seconds);
    else if (seconds < 120)
        std::snprintf(text, sizeof text, "%.1f s", seconds);
    else
        std::snprintf(text, sizeof text, "%d min %d s", static_cast<int>(seconds) / 60,
                      static_cast<int>(seconds) % 60);
    return text;
}

std::string timing_chart(const std::vector<TimingRow>& rows) {
    double top = 0;
    std::size_t shown = 0;
    for (const auto& row : rows) {
        for (double s : row.samples)
            top = std::max(top, s);
        top = std::max(top, row.median);
        if (!row.samples.empty() || row.median > 0) shown++;
    }
    if (shown == 0 || top <= 0) return "";
    top *= 1.08;
    const double left = 130, width = 620, row_height = 28, head = 10;
    const double height = head + row_height * shown + 24;
    auto x = [&](double s) { return left + width * s / top; };

    std::string aria = "Wall time per target:";
    std::string body;
    double y = head;
    for (const auto& row : rows) {
        if (row.samples.empty() && row.median <= 0) continue;
        const double mid = y + row_height / 2;
        body += "<text x=\"" + number(left - 8) + "\" y=\"" + number(mid + 4) +
                "\" text-anchor=\"end\">" + escape_xml(row.label) + "</text>";
        body += "<line class=\"axis\" x1=\"" + number(left) + "\" x2=\"" + number(left + width) +
                "\" y1=\"" + number(mid) + "\" y2=\"" + number(mid) +
                "\" stroke-dasharray=\"2 3\"/>";
        for (double s : row.samples)
            body += "<circle class=\"sample\" cx=\"" + number(x(s)) + "\" cy=\"" + number(mid) +
                    "\" r=\"4\"><title>" + escape_xml(row.label) + ": " + format_seconds(s) +
                    "</title></circle>";
        if (row.median > 0) {
            body += "<line class=\"median\" x1=\"" + number(x(row.median)) + "\" x2=\"" +
                    number(x(row.median)) + "\" y1=\"" + number(mid - 9) + "\" y2=\"" +
                    number(mid + 9) + "\"><title>" + escape_xml(row.label) + " median " +
                    format_seconds(row.median) + "</title></line>";
            body += "<text x=\"" + number(std::min(x(row.median) + 6, left + width - 40)) +
                    "\" y=\"" + number(mid - 6) + "\">" + format_seconds(row.median) + "</text>";
            aria += " " + row.label + " " + format_seconds(row.median) + ";";
        }
        y += row_height;
    }
    // The scale: 0, half and the top.
    const double axis_y = y + 4;
    body += "<line class=\"axis\" x1=\"" + number(left) + "\" x2=\"" + number(left + width) +
            "\" y1=\"" + number(axis_y) + "\" y2=\"" + number(axis_y) + "\"/>";
    for (double f : {0.0, 0.5, 1.0})
        body += "<text x=\"" + number(left + width * f) + "\" y=\"" + number(axis_y + 14) +
                "\" text-anchor=\"middle\">" + format_seconds(top * f) + "</text>";
    return "<svg class=\"chart\" role=\"img\" aria-label=\"" + escape_xml(aria) + "\" width=\"" +
           number(left + width + 30) + "\" height=\"" + number(height) + "\" viewBox=\"0 0 " +
           number(left + width + 30) + " " + number(height) +
           "\" xmlns=\"http://www.w3.org/2000/svg\">" + body + "</svg>";
}

std::string slowdown_chart(const std::vector<double>& ratios) {
    if (ratios.empty()) return "";
    // Bins: < 1x, [1,2), [2,4), ... [32,64), >= 64x.
    const std::vector<std::string> labels = {"< 1x",  "1-2x",   "2-4x",   "4-8x",
                                             "8-16x", "16-32x", "32-64x", "≥ 64x"};
    std::vector<std::size_t> counts(labels.size(), 0);
    for (double r : ratios) {
        std::size_t bin = 0;
        if (r >= 1) bin = std::min<std::size_t>(labels.size() - 1, 1 + std::floor(std::log2(r)));
        counts[bin]++;
    }
    const std::size_t most = *std::max_element(counts.begin(), counts.end());
    const double bar_width = 56, gap = 10, chart_height = 140, base = 20 + chart_height;
    const double width = labels.size() * (bar_width + gap) + gap;
    std::string aria = "Tests per slowdown range:";
    std::string body;
    for (std::size_t i = 0; i < labels.size(); i++) {
        const double h = most ? chart_height * counts[i] / most : 0;
        const double x = gap + i * (bar_width + gap);
        body += "<rect class=\"bar\" x=\"" + number(x) + "\" y=\"" + number(base - h) +
                "\" width=\"" + number(bar_width) + "\" height=\"" + number(h) + "\"><title>" +
                labels[i] + ": " + std::to_string(counts[i]) + " tests</title></rect>";
        body += "<text x=\"" + number(x + bar_width / 2) + "\" y=\"" + number(base - h - 4) +
                "\" text-anchor=\"middle\">" + std::to_string(counts[i]) + "</text>";
        body += "<text x=\"" + number(x + bar_width / 2) + "\" y=\"" + number(base + 16) +
                "\" text-anchor=\"middle\">" + labels[i] + "</text>";
        aria += " " + labels[i] + " " + std::to_string(counts[i]) + ";";
    }
    body += "<line class=\"axis\" x1=\"0\" x2=\"" + number(width) + "\" y1=\"" + number(base) +
            "\" y2=\"" + number(base) + "\"/>";
    return "<svg class=\"chart\" role=\"img\" aria-label=\"" + escape_xml(aria) + "\" width=\"" +
           number(width) + "\" height=\"" + number(base + 24) + "\" viewBox=\"0 0 " +
           number(width) + " " + number(base + 24) + "\" xmlns=\"http://www.w3.org/2000/svg\">" +
           body + "</svg>";
}

} // namespace woa::web
