#include "scenario/diagnostic.hpp"

#include <algorithm>

namespace subsim {

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string printable_text(const std::string& text) {
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    out += printable(text.substr(at, nl - at));
    if (nl < text.size()) out += '\n';
    at = nl + 1;
  }
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // Ties go to the candidate that differs only by separators ('notice60' → 'notice_60', not
  // 'notice_0'): the distance with '_', '-' and '.' removed decides between equals.
  auto bare = [](const std::string& s) {
    std::string out;
    for (char ch : s)
      if (ch != '_' && ch != '-' && ch != '.') out += ch;
    return out;
  };
  const std::string w = bare(word);
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1, best_bare = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d > best_d || (d == best_d && !best.empty() && edit_distance(w, bare(c)) >= best_bare))
      continue;
    if (d == best_d && best.empty()) continue;  // the threshold itself is too far
    best_d = d;
    best_bare = edit_distance(w, bare(c));
    best = c;
  }
  return best;
}

}  // namespace subsim
