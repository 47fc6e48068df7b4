#include "model/mixing.hpp"

namespace subsim {

Decision check_mixing(const Account& account, Edition edition, Basis basis, TermType term,
                      int replacing) {
  for (int i = 0; i < static_cast<int>(account.subs.size()); ++i) {
    const Subscription& s = account.subs[i];
    if (i == replacing || !holds_place(s.state)) continue;
    if (s.basis != basis) return Decision::reject(RuleId::M3);
    if (s.edition == edition && s.term != term) return Decision::reject(RuleId::M2);
  }
  return Decision::accept(RuleId::M1);
}

}  // namespace subsim
