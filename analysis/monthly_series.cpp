#include "analysis/monthly_series.hpp"

namespace subsim {

static_assert(kSeriesCount == 21, "a Series without its row in model/metric's series_registry()");

const char* series_name(Series s) { return series_registry()[static_cast<int>(s)].name; }

MetricUnit series_unit(Series s) { return series_registry()[static_cast<int>(s)].unit; }

void MonthlySeries::record_move(int m, MrrMove move, std::int64_t s, std::int64_t e,
                                bool involuntary, std::int64_t price) {
  if (price != 0 && s > 0 && e > 0) {
    if (price > 0)
      add_exact(at(Series::price_expansion_mrr, m), price, "price expansion MRR");
    else
      add_exact(at(Series::price_contraction_mrr, m), -price, "price contraction MRR");
    const std::int64_t rest = e - s - price;
    move = rest > 0 ? MrrMove::expansion : rest < 0 ? MrrMove::contraction : MrrMove::none;
    e = s + rest;
  }
  switch (move) {
    case MrrMove::new_business:
      add_exact(at(Series::new_mrr, m), e, "new MRR");
      ++at(Series::new_customers, m);
      break;
    case MrrMove::reactivation:
      add_exact(at(Series::reactivation_mrr, m), e, "reactivation MRR");
      ++at(Series::reactivated_customers, m);
      break;
    case MrrMove::churn:
      add_exact(at(Series::churned_mrr, m), s, "churned MRR");
      ++at(Series::churned_customers, m);
      ++at(involuntary ? Series::churned_involuntary : Series::churned_voluntary, m);
      break;
    case MrrMove::expansion:
      add_exact(at(Series::expansion_mrr, m), e - s, "expansion MRR");
      break;
    case MrrMove::contraction:
      add_exact(at(Series::contraction_mrr, m), s - e, "contraction MRR");
      break;
    case MrrMove::none:
      break;
  }
}

void MonthlySeries::close_levels(int m, const MonthLevels& now) {
  at(Series::customers_start, m) =
      m == 0 ? now.opening_customers : series(Series::active_customers, m - 1);
  at(Series::active_customers, m) = now.customers;
  at(Series::active_subscriptions, m) = now.subscriptions;
  at(Series::seats, m) = now.seats;
  at(Series::in_grace, m) = now.in_grace;
  std::int64_t mrr = m == 0 ? now.opening_mrr : series(Series::mrr, m - 1);
  add_exact(mrr, series(Series::new_mrr, m), "MRR");
  add_exact(mrr, series(Series::expansion_mrr, m), "MRR");
  add_exact(mrr, series(Series::price_expansion_mrr, m), "MRR");
  add_exact(mrr, -series(Series::price_contraction_mrr, m), "MRR");
  add_exact(mrr, series(Series::reactivation_mrr, m), "MRR");
  add_exact(mrr, -series(Series::contraction_mrr, m), "MRR");
  add_exact(mrr, -series(Series::churned_mrr, m), "MRR");
  at(Series::mrr, m) = mrr;
}

void MonthlySeries::merge(const MonthlySeries& o) {
  for (int s = 0; s < kSeriesCount; ++s)
    for (int m = 0; m < months; ++m)
      add_exact(values[s][m], o.values[s][m], series_name(static_cast<Series>(s)));
  for (int m = 0; m < months; ++m) {
    add_exact(retention[m].base, o.retention[m].base, "trailing retention");
    add_exact(retention[m].gross, o.retention[m].gross, "trailing retention");
    add_exact(retention[m].net, o.retention[m].net, "trailing retention");
  }
}

}  // namespace subsim
