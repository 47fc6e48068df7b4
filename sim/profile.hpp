// A synthetic customer's attributes, drawn from its own stream, so they can be drawn again
// whenever needed instead of being stored.
#pragma once
#include "model/order.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

struct Profile {
  Order order;  // what the customer orders first: edition, basis, term, seats, reseller
  bool federal = false;
  bool trial_first = false;
};

Profile draw_profile(const Scenario& sc, std::uint64_t seed, std::uint32_t replication,
                     std::uint32_t customer);

}  // namespace subsim
