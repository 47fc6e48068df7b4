#include "io/csv.hpp"

#include <cerrno>
#include <cmath>
#include <limits>
#include <cstdlib>

#include "io/text_file.hpp"

namespace subsim {

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_field(std::string_view s) {
  std::string out;
  append_csv_field(out, s);
  return out;
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) text_ += ',';
    append_csv_field(text_, fields[i]);
  }
  text_ += '\n';
}

void for_each_csv_record(std::string_view text, const std::string& file, const CsvRecordFn& f) {
  // A UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first column's name.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // The fields' strings are kept and swapped, not freed: a million records allocate nothing
  // once the first few have sized them.
  std::vector<std::string> rec;
  std::size_t count = 0;
  std::string field;
  int line = 1, rec_line = 1;
  bool quoted = false, was_quoted = false;
  std::size_t i = 0, n = text.size();
  auto end_field = [&] {
    if (count == rec.size()) rec.emplace_back();
    rec[count].swap(field);
    field.clear();
    ++count;
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    f(rec, count, rec_line);
    count = 0;
  };
  while (i < n) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw InputError(file, line, "a quoted field must end at a comma or the end of a line");
        continue;
      }
      if (c == '\n') ++line;
      field += c;
      ++i;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted)
        throw InputError(file, line, "a quote inside an unquoted field");
      quoted = was_quoted = true;
      ++i;
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
      continue;
    }
    if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    if (c == '\n' || c == '\r') {
      end_record();
      ++line;
      rec_line = line;
      ++i;
      continue;
    }
    if (c == '\0') throw InputError(file, line, "a NUL byte: not a text file");
    // The plain run up to the next special character in one append.
    std::size_t j = i + 1;
    while (j < n && text[j] != ',' && text[j] != '"' && text[j] != '\n' && text[j] != '\r' &&
           text[j] != '\0')
      ++j;
    field.append(text.data() + i, j - i);
    i = j;
  }
  if (quoted) throw InputError(file, line, "a quoted field is not closed");
  if (!field.empty() || count > 0 || was_quoted) end_record();
}

CsvTable CsvTable::parse(std::string_view text, const std::string& file) {
  CsvTable t;
  t.file_ = file;
  bool header = true;
  for_each_csv_record(text, file, [&](const std::vector<std::string>& rec, std::size_t count,
                                      int line) {
    if (header) {
      t.header_.assign(rec.begin(), rec.begin() + static_cast<std::ptrdiff_t>(count));
      header = false;
      return;
    }
    if (count != t.header_.size())
      throw InputError(file, line,
                       std::to_string(count) + " fields where the header has " +
                           std::to_string(t.header_.size()));
    t.rows_.emplace_back(rec.begin(), rec.begin() + static_cast<std::ptrdiff_t>(count));
    t.lines_.push_back(line);
  });
  if (header) throw InputError(file, 0, "empty file: a header line is required");
  return t;
}

CsvTable CsvTable::read_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) throw InputError(path, 0, error);
  return parse(*text, path);
}

bool CsvTable::has_column(const std::string& name) const {
  for (const auto& h : header_)
    if (h == name) return true;
  return false;
}

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  throw InputError(file_, 1, "no column '" + name + "' in the header");
}

const std::string& CsvTable::at(std::size_t row, std::size_t col) const {
  if (row >= rows_.size()) throw InputError(file_, 0, "row " + std::to_string(row) + " missing");
  if (col >= header_.size()) fail(row, "column " + std::to_string(col + 1) + " missing");
  return rows_[row][col];
}

void CsvTable::fail(std::size_t row, const std::string& message) const {
  throw InputError(file_, row < lines_.size() ? lines_[row] : 0, message);
}

double CsvTable::number(std::size_t row, std::size_t col) const {
  const std::string& s = at(row, col);
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
    fail(row, header_[col] + ": '" + s + "' is not a number");
  return v;
}

double CsvTable::number_or_na(std::size_t row, std::size_t col) const {
  if (at(row, col) == "n/a") return std::numeric_limits<double>::quiet_NaN();
  return number(row, col);
}

std::int64_t CsvTable::integer(std::size_t row, std::size_t col, std::int64_t lo,
                               std::int64_t hi) const {
  const std::string& s = at(row, col);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE || v < lo || v > hi)
    fail(row, header_[col] + ": '" + s + "' is not a whole number between " + std::to_string(lo) +
                  " and " + std::to_string(hi));
  return v;
}

}  // namespace subsim
