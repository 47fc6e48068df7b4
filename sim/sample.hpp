// Sampling a scenario's distributions from a customer's stream, with Boost.Random (the std::
// distributions differ between standard libraries, and results must not).
#pragma once
#include "scenario/distribution.hpp"
#include "model/random_stream.hpp"

namespace subsim {

double sample(const Distribution& d, RandomStream& rng);
// For choice: the index of the key drawn.
int sample_index(const Distribution& d, RandomStream& rng);

}  // namespace subsim
