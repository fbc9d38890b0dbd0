// A small SVG plotting kit for the report: a plot area with linear axes (nice ticks, axis
// labels), step densities, bars, points, shaded areas, a heat-map grid and a legend. It
// writes markup only; no scripts, no external resources.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace causalmix::eval {

std::string escape_xml(const std::string& text);
// Short human form of a number for ticks and tables ("0.953", "1.2e+04", "–" for NaN).
std::string format_number(double value, int significant = 3);

// Around 5 round tick positions covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

struct LegendItem {
  std::string label, color;
  bool filled = false;  // a filled swatch (area, bars) or a line
};

class SvgPlot {
 public:
  // `width` × `height` pixels; the data ranges map onto the plot area inside the margins.
  SvgPlot(int width, int height, std::string title);
  void set_x(double lo, double hi, std::string label);
  void set_y(double lo, double hi, std::string label);
  // Categorical x axis: the categories at equal spacing (bars).
  void set_x_categories(std::vector<std::string> categories, std::string label);

  double x(double value) const;
  double y(double value) const;

  // A histogram density as a step outline over `edges` (size density + 1).
  void step(const std::vector<double>& edges, const std::vector<double>& density, const std::string& color,
            double width = 1.8, bool fill = false, double fill_opacity = 0.25);
  // A filled polygon between the x axis (y = 0) and `top` at `xs` (same size).
  void area(const std::vector<double>& xs, const std::vector<double>& top, const std::string& color, double opacity);
  // Bars of `series` (of `series_count`) within each category.
  void bars(const std::vector<double>& heights, int series, int series_count, const std::string& color);
  void points(const std::vector<std::pair<double, double>>& xy, const std::string& color, double radius = 2.0,
              double opacity = 0.45);
  void line(double x0, double y0, double x1, double y1, const std::string& color, double width = 1.0,
            bool dashed = false);
  void legend(const std::vector<LegendItem>& items);
  std::string finish() const;

 private:
  std::string axes() const;
  int width_, height_;
  std::string title_;
  double left_ = 58, right_ = 14, top_ = 30, bottom_ = 46;
  double x_lo_ = 0, x_hi_ = 1, y_lo_ = 0, y_hi_ = 1;
  std::string x_label_, y_label_;
  std::vector<std::string> categories_;
  std::string body_;
};

// A square grid of values in [lo, 1] coloured from red (lo) through yellow to green (1),
// rows and columns named; NaN cells grey. Numbers printed when there is room.
std::string heatmap_svg(const std::vector<std::string>& names, const std::vector<std::vector<double>>& values,
                        const std::string& title, double lo);

}  // namespace causalmix::eval
