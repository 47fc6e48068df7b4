// CSV as RFC 4180 says: fields separated by commas, records by CRLF or LF; a field with a comma,
// a quote or a line break is quoted, quotes doubled. The writer quotes only what needs it; the
// reader checks every record against the header and every access against the record, so a
// damaged file is a FILE:LINE error (InputError), never a crash.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/diagnostic.hpp"

namespace subsim {

// One field as it must be written (appended to `out`, or returned).
void append_csv_field(std::string& out, std::string_view s);
std::string csv_field(std::string_view s);

class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string>& header) { row(header); }
  void row(const std::vector<std::string>& fields);
  const std::string& str() const { return text_; }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// Every record of `text` in order, the header first: `fields[0 … count)` are its fields (the
// vector may be longer: it is reused between records), `line` its first line. For files too
// large to hold as a table (a book of a million subscriptions). Throws InputError.
using CsvRecordFn =
    std::function<void(const std::vector<std::string>& fields, std::size_t count, int line)>;
// A leading UTF-8 byte order mark is skipped.
void for_each_csv_record(std::string_view text, const std::string& file, const CsvRecordFn& f);

class CsvTable {
 public:
  // Parses `text`; `file` names it in errors. Throws InputError.
  static CsvTable parse(std::string_view text, const std::string& file);
  static CsvTable read_file(const std::string& path);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return rows_.size(); }
  // The index of a column of the header; InputError if the file lacks it.
  std::size_t column(const std::string& name) const;
  bool has_column(const std::string& name) const;
  // Gives column `col` another name (a foreign export's header mapped to subsim's).
  void rename_column(std::size_t col, std::string name) { header_.at(col) = std::move(name); }
  const std::string& at(std::size_t row, std::size_t col) const;
  const std::string& at(std::size_t row, const std::string& col) const {
    return at(row, column(col));
  }
  // Checked conversions: InputError naming the line and column otherwise.
  double number(std::size_t row, std::size_t col) const;
  // The same, with "n/a" (an undefined figure in subsim's outputs) read as NaN.
  double number_or_na(std::size_t row, std::size_t col) const;
  std::int64_t integer(std::size_t row, std::size_t col, std::int64_t lo, std::int64_t hi) const;
  // The file's line number of a row (for messages).
  int line_of(std::size_t row) const { return lines_.at(row); }
  [[noreturn]] void fail(std::size_t row, const std::string& message) const;

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;
};

}  // namespace subsim
