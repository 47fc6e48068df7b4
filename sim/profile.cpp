#include "sim/profile.hpp"
#include "sim/sample.hpp"

#include <algorithm>
#include <cmath>

namespace subsim {

Profile draw_profile(const Scenario& sc, std::uint64_t seed, std::uint32_t replication,
                     std::uint32_t customer) {
  const Population& pop = sc.population;
  RandomStream rng(seed, replication, customer, Purpose::profile, stream_index::profile_attributes);
  Profile p;
  Order& o = p.order;
  o.term = sample_index(pop.term, rng) == 0 ? TermType::monthly : TermType::annual;
  if (pop.edition.cumulative.empty())
    o.edition = static_cast<Edition>(rng.uniform_int(0, sc.catalog.editions.size() - 1));
  else
    o.edition = static_cast<Edition>(sample_index(pop.edition, rng));
  o.basis = sample_index(pop.basis, rng) == 0 ? Basis::per_device : Basis::per_user;
  o.seats =
      std::max<std::int32_t>(1, static_cast<std::int32_t>(std::lround(sample(pop.seats, rng))));
  int first_reseller = static_cast<int>(sc.resellers.size()) - pop.resellers;
  o.reseller = static_cast<std::uint16_t>(first_reseller + rng.uniform_int(0, pop.resellers - 1));
  p.federal = rng.bernoulli(pop.federal);
  p.trial_first = rng.bernoulli(pop.trial_first);
  return p;
}

}  // namespace subsim
