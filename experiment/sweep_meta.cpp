#include "experiment/sweep_meta.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "io/csv.hpp"
#include "io/diagnostic.hpp"
#include "io/text_file.hpp"

namespace subsim {

std::string sweep_meta_text(const SweepMeta& m) {
  std::string s = "fingerprint " + m.fingerprint + "\npoints " + std::to_string(m.points) +
                  "\nreplications " + std::to_string(m.replications) + "\ndesign " + m.design +
                  "\nseed " + std::to_string(m.seed) + (m.second_order ? "\nsecond_order 1" : "") +
                  "\nshard " + std::to_string(m.shard) + "/" +
                  std::to_string(m.shards) + "\nmetrics";
  for (const auto& x : m.metrics) s += " " + x;
  return s + "\n";
}

namespace {

template <class T>
T number(const std::string& text, T lo, T hi, const std::string& file, int line,
         const std::string& key) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
    throw InputError(file, line, key + ": not a valid value: '" + text + "'");
  return v;
}

}  // namespace

SweepMeta read_sweep_meta(const std::filesystem::path& dir) {
  const std::string file = (dir / "sweep.meta").string();
  std::string error;
  auto text = read_text_file(file, error);
  if (!text) throw InputError(file, 0, error + " (not a sweep directory?)");
  return parse_sweep_meta(*text, file);
}

SweepMeta parse_sweep_meta(const std::string& text, const std::string& file) {
  SweepMeta m;
  std::istringstream in(text);
  unsigned seen = 0;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    std::size_t sp = line.find(' ');
    std::string key = line.substr(0, sp);
    std::string value = sp == std::string::npos ? std::string() : line.substr(sp + 1);
    auto need = [&](unsigned bit) {
      if (seen & bit) throw InputError(file, line_no, key + ": given twice");
      seen |= bit;
    };
    if (key == "fingerprint") {
      need(1);
      if (value.size() != 16 || value.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw InputError(file, line_no, "fingerprint: not 16 hex digits");
      m.fingerprint = value;
    } else if (key == "points") {
      need(2);
      m.points = number<std::size_t>(value, 0, std::size_t{1} << 40, file, line_no, key);
    } else if (key == "replications") {
      need(4);
      m.replications = number<int>(value, 1, 1 << 20, file, line_no, key);
    } else if (key == "design") {
      need(8);
      const auto& names = sweep_design_names();
      if (std::find(names.begin(), names.end(), value) == names.end())
        throw InputError(file, line_no, "design: expected grid, lhs or sobol, not '" + value + "'");
      m.design = value;
    } else if (key == "seed") {
      need(16);
      m.seed = number<std::uint64_t>(value, 0, UINT64_MAX, file, line_no, key);
    } else if (key == "shard") {
      need(32);
      std::size_t slash = value.find('/');
      if (slash == std::string::npos) throw InputError(file, line_no, "shard: expected I/N");
      m.shards = number<int>(value.substr(slash + 1), 1, 1 << 20, file, line_no, key);
      m.shard = number<int>(value.substr(0, slash), 0, m.shards - 1, file, line_no, key);
    } else if (key == "second_order") {
      if (m.second_order || value != "1")
        throw InputError(file, line_no, "second_order: expected 1, once");
      m.second_order = true;
    } else if (key == "metrics") {
      need(64);
      std::istringstream ls(value);
      for (std::string x; ls >> x;) m.metrics.push_back(x);
      if (m.metrics.empty()) throw InputError(file, line_no, "metrics: none listed");
    } else {
      throw InputError(file, line_no, "unknown key '" + key + "'");
    }
  }
  if (seen != 127) throw InputError(file, 0, "incomplete (a key is missing)");
  return m;
}

SweepPoints read_sweep_points(const std::filesystem::path& dir) {
  return sweep_points_of(CsvTable::read_file((dir / "points.csv").string()));
}

SweepPoints sweep_points_of(const CsvTable& t) {
  if (t.header().empty() || t.header()[0] != "point")
    throw InputError(t.file(), 1, "the first column must be 'point'");
  SweepPoints p;
  p.names.assign(t.header().begin() + 1, t.header().end());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.integer(r, 0, 0, INT64_MAX) != static_cast<std::int64_t>(r))
      t.fail(r, "points must be numbered 0, 1, 2 … in order");
    std::vector<std::string> v;
    for (std::size_t c = 1; c < t.header().size(); ++c) v.push_back(t.at(r, c));
    p.values.push_back(std::move(v));
  }
  return p;
}

}  // namespace subsim
