// The suggestion for a misspelt name: "did you mean …".
#pragma once
#include <string>
#include <vector>

namespace subsim {

// The closest of `candidates` to `word` if it is a plausible typo of it, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace subsim
