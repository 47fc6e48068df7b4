// A synthetic customer's attributes, drawn from its own stream, so they can be drawn again
// whenever needed instead of being stored.
#pragma once
#include "sim/scenario.hpp"

namespace subsim {

struct Profile {
  Edition edition = 0;
  Basis basis = Basis::per_device;
  TermType term = TermType::monthly;
  std::int32_t seats = 1;
  std::uint16_t reseller = 0;
  bool federal = false;
  bool trial_first = false;
};

Profile draw_profile(const Scenario& sc, std::uint64_t seed, std::uint32_t replication,
                     std::uint32_t customer);

}  // namespace subsim
