#include "eval/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace causalmix::eval {

namespace {
std::string fixed(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}
// Tick labels with just the decimals the tick step needs ("0.2", "2", "0.25").
std::string tick_label(double value, const std::vector<double>& ticks) {
  if (ticks.size() < 2 || std::abs(value) >= 1e5) return format_number(value);
  const double step = ticks[1] - ticks[0];
  int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  const double scaled = step * std::pow(10.0, decimals);
  if (std::abs(scaled - std::round(scaled)) > 1e-6) ++decimals;  // 2.5 × 10^k
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", std::min(decimals, 8), value);
  return buffer;
}
std::string opacity(double v) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", std::clamp(v, 0.0, 1.0));
  return buffer;
}
}  // namespace

std::string escape_xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_number(double value, int significant) {
  if (!std::isfinite(value)) return "–";
  if (value == 0.0) return "0";
  char buffer[48];
  const double magnitude = std::abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) std::snprintf(buffer, sizeof buffer, "%.*g", significant, value);
  else {
    const int digits = std::max(0, significant - 1 - static_cast<int>(std::floor(std::log10(magnitude))));
    std::snprintf(buffer, sizeof buffer, "%.*f", std::min(digits, 6), value);
  }
  return buffer;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step)
    ticks.push_back(std::abs(t) < 1e-12 * step ? 0.0 : t);
  return ticks;
}

SvgPlot::SvgPlot(int width, int height, std::string title) : width_(width), height_(height), title_(std::move(title)) {}

void SvgPlot::set_x(double lo, double hi, std::string label) {
  if (!(hi > lo)) hi = lo + 1;
  x_lo_ = lo;
  x_hi_ = hi;
  x_label_ = std::move(label);
}
void SvgPlot::set_y(double lo, double hi, std::string label) {
  if (!(hi > lo)) hi = lo + 1;
  y_lo_ = lo;
  y_hi_ = hi;
  y_label_ = std::move(label);
}
void SvgPlot::set_x_categories(std::vector<std::string> categories, std::string label) {
  categories_ = std::move(categories);
  x_lo_ = 0;
  x_hi_ = static_cast<double>(std::max<std::size_t>(categories_.size(), 1));
  x_label_ = std::move(label);
}

double SvgPlot::x(double value) const {
  return left_ + (value - x_lo_) / (x_hi_ - x_lo_) * (width_ - left_ - right_);
}
double SvgPlot::y(double value) const {
  const double v = std::clamp(value, y_lo_, y_hi_);
  return height_ - bottom_ - (v - y_lo_) / (y_hi_ - y_lo_) * (height_ - top_ - bottom_);
}

void SvgPlot::step(const std::vector<double>& edges, const std::vector<double>& density, const std::string& color,
                   double width, bool fill, double fill_opacity) {
  if (edges.size() != density.size() + 1 || density.empty()) return;
  std::string path = "M" + fixed(x(edges.front())) + "," + fixed(y(0));
  for (std::size_t k = 0; k < density.size(); ++k) {
    const double d = std::isfinite(density[k]) ? density[k] : 0.0;
    path += " L" + fixed(x(edges[k])) + "," + fixed(y(d)) + " L" + fixed(x(edges[k + 1])) + "," + fixed(y(d));
  }
  path += " L" + fixed(x(edges.back())) + "," + fixed(y(0));
  if (fill)
    body_ += "<path d=\"" + path + " Z\" fill=\"" + color + "\" fill-opacity=\"" + opacity(fill_opacity) + "\" stroke=\"none\"/>";
  body_ += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + fixed(width) + "\"/>";
}

void SvgPlot::area(const std::vector<double>& xs, const std::vector<double>& top, const std::string& color, double alpha) {
  if (xs.empty() || xs.size() != top.size()) return;
  std::string path = "M" + fixed(x(xs.front())) + "," + fixed(y(0));
  for (std::size_t k = 0; k < xs.size(); ++k) path += " L" + fixed(x(xs[k])) + "," + fixed(y(top[k]));
  path += " L" + fixed(x(xs.back())) + "," + fixed(y(0)) + " Z";
  body_ += "<path d=\"" + path + "\" fill=\"" + color + "\" fill-opacity=\"" + opacity(alpha) +
           "\" stroke=\"none\"/>";
}

void SvgPlot::bars(const std::vector<double>& heights, int series, int series_count, const std::string& color) {
  const double slot = 0.8 / series_count;
  for (std::size_t k = 0; k < heights.size(); ++k) {
    const double h = std::isfinite(heights[k]) ? heights[k] : 0.0;
    const double x0 = x(static_cast<double>(k) + 0.1 + slot * series), x1 = x(static_cast<double>(k) + 0.1 + slot * (series + 1));
    body_ += "<rect x=\"" + fixed(x0) + "\" y=\"" + fixed(y(h)) + "\" width=\"" + fixed(std::max(1.0, x1 - x0 - 1)) +
             "\" height=\"" + fixed(std::max(0.0, y(0) - y(h))) + "\" fill=\"" + color + "\"/>";
  }
}

void SvgPlot::points(const std::vector<std::pair<double, double>>& xy, const std::string& color, double radius,
                     double alpha) {
  body_ += "<g fill=\"" + color + "\" fill-opacity=\"" + opacity(alpha) + "\">";
  for (const auto& [px, py] : xy) {
    if (!std::isfinite(px) || !std::isfinite(py)) continue;
    if (px < x_lo_ || px > x_hi_ || py < y_lo_ || py > y_hi_) continue;
    body_ += "<circle cx=\"" + fixed(x(px)) + "\" cy=\"" + fixed(y(py)) + "\" r=\"" + fixed(radius) + "\"/>";
  }
  body_ += "</g>";
}

void SvgPlot::line(double x0, double y0, double x1, double y1, const std::string& color, double width, bool dashed) {
  body_ += "<line x1=\"" + fixed(x(x0)) + "\" y1=\"" + fixed(y(y0)) + "\" x2=\"" + fixed(x(x1)) + "\" y2=\"" +
           fixed(y(y1)) + "\" stroke=\"" + color + "\" stroke-width=\"" + fixed(width) + "\"" +
           (dashed ? " stroke-dasharray=\"5,4\"" : "") + "/>";
}

void SvgPlot::legend(const std::vector<LegendItem>& items) {
  double cx = left_ + 8;
  const double cy = top_ - 12;
  for (const auto& item : items) {
    if (item.filled)
      body_ += "<rect x=\"" + fixed(cx) + "\" y=\"" + fixed(cy - 8) + "\" width=\"12\" height=\"10\" fill=\"" + item.color +
               "\" fill-opacity=\"0.85\"/>";
    else
      body_ += "<line x1=\"" + fixed(cx) + "\" y1=\"" + fixed(cy - 3) + "\" x2=\"" + fixed(cx + 12) + "\" y2=\"" +
               fixed(cy - 3) + "\" stroke=\"" + item.color + "\" stroke-width=\"2.5\"/>";
    body_ += "<text x=\"" + fixed(cx + 16) + "\" y=\"" + fixed(cy + 1) + "\" class=\"legend\">" + escape_xml(item.label) + "</text>";
    cx += 26 + 6.2 * static_cast<double>(item.label.size());
  }
}

std::string SvgPlot::axes() const {
  std::string out;
  const double x0 = left_, x1 = width_ - right_, y0 = height_ - bottom_, y1 = top_;
  out += "<rect x=\"" + fixed(x0) + "\" y=\"" + fixed(y1) + "\" width=\"" + fixed(x1 - x0) + "\" height=\"" +
         fixed(y0 - y1) + "\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.8\"/>";
  if (categories_.empty()) {
    const auto ticks = nice_ticks(x_lo_, x_hi_);
    for (double t : ticks) {
      out += "<line x1=\"" + fixed(x(t)) + "\" y1=\"" + fixed(y0) + "\" x2=\"" + fixed(x(t)) + "\" y2=\"" + fixed(y0 + 4) +
             "\" stroke=\"#666\"/>";
      out += "<text x=\"" + fixed(x(t)) + "\" y=\"" + fixed(y0 + 15) + "\" class=\"tick\" text-anchor=\"middle\">" +
             tick_label(t, ticks) + "</text>";
    }
  } else {
    const bool rotate = categories_.size() > 6;
    for (std::size_t k = 0; k < categories_.size(); ++k) {
      const double cx = x(static_cast<double>(k) + 0.5);
      std::string label = categories_[k].size() > 14 ? categories_[k].substr(0, 13) + "…" : categories_[k];
      if (rotate)
        out += "<text x=\"" + fixed(cx) + "\" y=\"" + fixed(y0 + 12) + "\" class=\"tick\" text-anchor=\"end\" transform=\"rotate(-35 " +
               fixed(cx) + " " + fixed(y0 + 12) + ")\">" + escape_xml(label) + "</text>";
      else
        out += "<text x=\"" + fixed(cx) + "\" y=\"" + fixed(y0 + 15) + "\" class=\"tick\" text-anchor=\"middle\">" +
               escape_xml(label) + "</text>";
    }
  }
  const auto y_ticks = nice_ticks(y_lo_, y_hi_);
  for (double t : y_ticks) {
    out += "<line x1=\"" + fixed(x0 - 4) + "\" y1=\"" + fixed(y(t)) + "\" x2=\"" + fixed(x0) + "\" y2=\"" + fixed(y(t)) +
           "\" stroke=\"#666\"/>";
    out += "<line x1=\"" + fixed(x0) + "\" y1=\"" + fixed(y(t)) + "\" x2=\"" + fixed(x1) + "\" y2=\"" + fixed(y(t)) +
           "\" stroke=\"#eee\"/>";
    out += "<text x=\"" + fixed(x0 - 7) + "\" y=\"" + fixed(y(t) + 4) + "\" class=\"tick\" text-anchor=\"end\">" +
           tick_label(t, y_ticks) + "</text>";
  }
  out += "<text x=\"" + fixed((x0 + x1) / 2) + "\" y=\"" + fixed(height_ - 6.0) + "\" class=\"axis\" text-anchor=\"middle\">" +
         escape_xml(x_label_) + "</text>";
  out += "<text x=\"14\" y=\"" + fixed((y0 + y1) / 2) + "\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
         fixed((y0 + y1) / 2) + ")\">" + escape_xml(y_label_) + "</text>";
  return out;
}

std::string SvgPlot::finish() const {
  return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width_) + "\" height=\"" +
         std::to_string(height_) + "\" viewBox=\"0 0 " + std::to_string(width_) + " " + std::to_string(height_) +
         "\" role=\"img\" aria-label=\"" + escape_xml(title_) + "\"><title>" + escape_xml(title_) + "</title>" +
         "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" + axes() + body_ + "</svg>";
}

namespace {
// Red (lo) → yellow → green (1).
std::string heat_colour(double value, double lo) {
  if (!std::isfinite(value)) return "#ddd";
  const double t = std::clamp((value - lo) / (1.0 - lo), 0.0, 1.0);
  const double stops[3][3] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
  const int segment = t < 0.5 ? 0 : 1;
  const double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x",
                static_cast<int>(stops[segment][0] + u * (stops[segment + 1][0] - stops[segment][0])),
                static_cast<int>(stops[segment][1] + u * (stops[segment + 1][1] - stops[segment][1])),
                static_cast<int>(stops[segment][2] + u * (stops[segment + 1][2] - stops[segment][2])));
  return buffer;
}
}  // namespace

std::string heatmap_svg(const std::vector<std::string>& names, const std::vector<std::vector<double>>& values,
                        const std::string& title, double lo) {
  const int n = static_cast<int>(names.size());
  std::size_t longest = 4;
  for (const auto& name : names) longest = std::max(longest, std::min<std::size_t>(name.size(), 16));
  const double label = 7.0 * static_cast<double>(longest) + 10;
  const double cell = std::clamp(420.0 / std::max(n, 1), 14.0, 46.0);
  const double legend_width = 70;
  const double width = label + cell * n + legend_width + 10, height = label + cell * n + 10;
  std::string out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed(width) + "\" height=\"" +
                    fixed(height) + "\" viewBox=\"0 0 " + fixed(width) + " " + fixed(height) + "\" role=\"img\" aria-label=\"" +
                    escape_xml(title) + "\"><title>" + escape_xml(title) + "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
  for (int i = 0; i < n; ++i) {
    const std::string name = names[static_cast<std::size_t>(i)].size() > 16 ? names[static_cast<std::size_t>(i)].substr(0, 15) + "…"
                                                                             : names[static_cast<std::size_t>(i)];
    out += "<text x=\"" + fixed(label - 5) + "\" y=\"" + fixed(label + cell * (i + 0.5) + 4) + "\" class=\"tick\" text-anchor=\"end\">" +
           escape_xml(name) + "</text>";
    const double cx = label + cell * (i + 0.5);
    out += "<text x=\"" + fixed(cx) + "\" y=\"" + fixed(label - 5) + "\" class=\"tick\" transform=\"rotate(-45 " + fixed(cx) + " " +
           fixed(label - 5) + ")\">" + escape_xml(name) + "</text>";
    for (int j = 0; j < n; ++j) {
      const double v = values[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      out += "<rect x=\"" + fixed(label + cell * j) + "\" y=\"" + fixed(label + cell * i) + "\" width=\"" + fixed(cell - 1) +
             "\" height=\"" + fixed(cell - 1) + "\" fill=\"" + heat_colour(v, lo) + "\"><title>" +
             escape_xml(names[static_cast<std::size_t>(i)] + " × " + names[static_cast<std::size_t>(j)] + ": " + format_number(v)) +
             "</title></rect>";
      if (cell >= 30 && std::isfinite(v))
        out += "<text x=\"" + fixed(label + cell * (j + 0.5)) + "\" y=\"" + fixed(label + cell * (i + 0.5) + 3) +
               "\" class=\"cell\" text-anchor=\"middle\">" + format_number(v, 2) + "</text>";
    }
  }
  // Colour legend.
  const double lx = label + cell * n + 16, ly = label, lh = std::max(cell * n, 80.0);
  for (int k = 0; k < 20; ++k) {
    const double v = 1.0 - (1.0 - lo) * k / 19.0;
    out += "<rect x=\"" + fixed(lx) + "\" y=\"" + fixed(ly + lh * k / 20.0) + "\" width=\"12\" height=\"" + fixed(lh / 20.0 + 0.5) +
           "\" fill=\"" + heat_colour(v, lo) + "\"/>";
  }
  out += "<text x=\"" + fixed(lx + 16) + "\" y=\"" + fixed(ly + 8) + "\" class=\"tick\">1</text>";
  out += "<text x=\"" + fixed(lx + 16) + "\" y=\"" + fixed(ly + lh) + "\" class=\"tick\">≤" + format_number(lo) + "</text>";
  out += "</svg>";
  return out;
}

}  // namespace causalmix::eval
