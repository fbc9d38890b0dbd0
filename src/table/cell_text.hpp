// What a CSV cell means: the one place that decides what counts as a number or a missing
// value, and how numbers and labels are printed so that they read back unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace causalmix::table_detail {

// A finite number, allowing surrounding spaces and a leading '+'; nullopt for anything else
// (text, "inf", "nan", "1.5x").
std::optional<double> parse_number(std::string_view cell);

// "", "NA", "N/A", "NaN", "nan", "null", "NULL" (surrounding spaces allowed). Only for cells
// that were not quoted: a quoted "NA" is a label.
bool is_missing_token(std::string_view cell);

// A whole number that a double holds exactly (|v| < 2^53).
bool is_whole(double value);

// Shortest text that reads back to the same double (std::to_chars); whole numbers of an
// integer column print without exponent. Writes at most 32 chars; returns the end.
char* format_number(double value, char* out);
std::string format_number(double value);
char* format_integer(double value, char* out);

// Quoted per RFC 4180 when the label would otherwise be misread: it contains a comma, quote
// or line break, is empty, is a missing token, or has surrounding spaces.
std::string quote_if_needed(std::string_view label);

// Labels in level order: numerically when every label is a number, else bytewise.
void sort_levels(std::vector<std::string>& levels);

}  // namespace causalmix::table_detail
