// Sampling a scenario's distributions from a customer's stream, with Boost.Random (the std::
// distributions differ between standard libraries, and results must not).
#pragma once
#include "scenario/distribution.hpp"
#include "model/random_stream.hpp"

namespace subsim {

double sample(const Distribution& d, RandomStream& rng);
// For choice: the index of the key drawn.
int sample_index(const Distribution& d, RandomStream& rng);
// P(D ≥ x).
double tail_probability(const Distribution& d, double x);
// A draw of D given D ≥ x (x itself when the tail is empty): exact for exponential, uniform,
// choice and empirical; by rejection for the others.
double sample_at_least(const Distribution& d, double x, RandomStream& rng);

}  // namespace subsim
