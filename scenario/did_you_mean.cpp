#include "scenario/did_you_mean.hpp"

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
