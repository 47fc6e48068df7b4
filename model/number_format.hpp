// Numbers as text, one set of rules for every output: a value that rounds to zero is never
// printed with a minus sign ("-0.00"), NaN (undefined) is "n/a". The output files print a
// metric's value by its unit (value_text); the report shows it for a person (display_text:
// thousands grouped, rates in percent, a true minus sign).
#pragma once
#include <string>

#include "model/metric.hpp"

namespace subsim {

// printf's "%.*f" of `v`, without the sign of a negative zero; "n/a" for NaN.
std::string fixed_text(double v, int decimals);

// A metric's value as the output files print it: money (cents) in currency units with two
// decimals, counts as integers when whole (else three decimals), shares, rates and ratios with
// six decimals; "n/a" for NaN, which pandas reads as missing.
std::string value_text(double v, MetricUnit u);

// A mean or difference over replications as compare.csv and the verdict print it: as
// value_text, but counts always with three decimals.
std::string mean_text(double v, MetricUnit u);

// A value for a person: money with two decimals below 10,000, counts whole when whole, shares
// and rates in percent, thousands grouped; "n/a" for NaN. `sign` writes "+" before positive
// values (differences).
std::string display_text(double v, MetricUnit u, bool sign = false);

// A difference for a person: as display_text with its sign, but shares and rates in percentage
// points ("+0.12 pp"), so that it is not read as a relative change.
std::string difference_text(double v, MetricUnit u);

// A relative change already in percent: "+2.35 %", "−12.5 %" (thousands grouped; two
// decimals, one from 10 % up, unless `decimals` says); with `sign`, "+" before a positive value
// whose text does not round to zero; "n/a" for NaN.
std::string percent_text(double percent, bool sign = true, int decimals = -1);

// The terminal columns `text` takes (UTF-8: a code point is one column: "−", "δ", "≥").
std::size_t terminal_width(const std::string& text);

// "+" before `text` when `v` is positive and its text does not round to zero ("+0.12 %", but
// "0.00 %"); `text` is v written out, ending in its unit after a space.
std::string with_plus(const std::string& text, double v);

// `text` padded with spaces to `width` terminal columns, on the right (or, `right`, on the left);
// UTF-8: a code point is one column ("−", "δ", "≥").
std::string pad_columns(const std::string& text, std::size_t width, bool right = false);

// 1234567.891 → "1,234,567.89" with `decimals` decimals (no currency sign; "−", U+2212, before
// a negative value that does not round to zero).
std::string group_thousands(double v, int decimals);

}  // namespace subsim
