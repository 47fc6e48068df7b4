#!/usr/bin/python3
"""The benchmark population (scenarios/benchmark.yaml) as a SimPy model, for docs/performance.md.

Debian 12's python3-simpy (SimPy 2.3, run with /usr/bin/python3). Each customer is a SimPy
process living term after term: 70 % monthly, 30 % annual terms anchored on a day of the first
term (C1, month-end clamping from the anchor), 1-50 seats at 4.00 a seat a month (annual: 12
months less 10 %); each term it may cancel (2 % monthly, 10 % annual; auto-renew turned off 0-60
days before the term end, a turn-off inside the 30 days' notice paying one more term, N2) or add
seats (5 %, 1-10 seats from a day inside the term). Recorded, as subsim's metrics do (a subset
of them): bookings by invoice month, revenue recognised daily and split over the months, MRR at
each month end, customers churned. Less than subsim does (no upgrades, snafus, grace, deletion,
come-backs, reseller switches, cohorts, retention, survival), so the ratio it gives is a lower
bound.

    /usr/bin/python3 docs/bench/simpy_benchmark.py 20000 5
"""
import calendar
import datetime as dt
import random
import sys
import time

from SimPy.Simulation import Process, activate, hold, initialize, now, simulate

START = dt.date(2027, 1, 1)


def add_months(anchor, months):
    m = anchor.month - 1 + months
    y, m = anchor.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(anchor.day, calendar.monthrange(y, m)[1]))


class Stats:
    def __init__(self, months):
        self.bookings = [0] * months
        self.revenue = [0] * months
        self.mrr = [0] * months
        self.churned = 0
        self.mrr_now = 0  # kept up to date by the customers, read at each month end
        self.month_first = [(add_months(START, k) - START).days for k in range(months + 1)]

    def month(self, day):
        lo, hi = 0, len(self.month_first) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self.month_first[mid] <= day else (lo, mid)
        return lo

    def invoice(self, amount, first, last):  # days from START, [first, last]
        days = len(self.month_first) and self.month_first[-1]
        if first < days:
            self.bookings[self.month(first)] += amount
        total, done, before = last - first + 1, 0, 0
        while done < total and first + done < days:
            m = self.month(first + done)
            upto = min(total, self.month_first[m + 1] - first, days - first)
            after = amount if upto == total else (amount * upto + total // 2) // total
            self.revenue[m] += after - before
            before, done = after, upto


class Customer(Process):
    def __init__(self, stats, rng):
        Process.__init__(self)
        self.stats, self.rng = stats, rng
        self.months = 1 if rng.random() < 0.7 else 12
        self.anchor = START - dt.timedelta(days=rng.randint(0, 27 if self.months == 1 else 364))
        self.seats = rng.randint(1, 50)

    def amount(self):
        a = self.seats * 400 * self.months
        return a if self.months == 1 else a * 9 // 10

    def life(self):
        n = 0
        self.stats.mrr_now += self.amount() // self.months
        while True:
            first = (add_months(self.anchor, n * self.months) - START).days
            end = (add_months(self.anchor, (n + 1) * self.months) - START).days - 1
            if first > 0:
                self.stats.invoice(self.amount(), first, end)
            leaving = self.rng.random() < (0.02 if self.months == 1 else 0.10)
            if self.rng.random() < 0.05:  # seats added inside the term
                yield hold, self, max(0, self.rng.randint(max(first, int(now())), end) - now())
                before = self.amount() // self.months
                self.seats += self.rng.randint(1, 10)
                self.stats.mrr_now += self.amount() // self.months - before
            if leaving:
                off = end - self.rng.randint(0, 60)
                late = off > end - 30  # after the notice cut-off: one more term (N2)
                if late:
                    n += 1
                    first, end = end + 1, (add_months(self.anchor, (n + 1) * self.months) - START).days - 1
                    self.stats.invoice(self.amount(), first, end)
                yield hold, self, max(0, end + 1 - now())
                self.stats.churned += 1
                self.stats.mrr_now -= self.amount() // self.months
                return
            yield hold, self, max(0, end + 1 - now())
            n += 1


class MonthEnd(Process):
    def run(self, stats):
        for k in range(1, len(stats.month_first)):
            yield hold, self, stats.month_first[k] - 1 - now()
            stats.mrr[k - 1] = stats.mrr_now


def main():
    customers, years = int(sys.argv[1]), int(sys.argv[2])
    months = 12 * years
    stats = Stats(months)
    rng = random.Random(2027)
    t0 = time.perf_counter()
    initialize()
    for _ in range(customers):
        c = Customer(stats, rng)
        activate(c, c.life())
    m = MonthEnd()
    activate(m, m.run(stats))
    simulate(until=stats.month_first[-1])
    wall = time.perf_counter() - t0
    print(f"{customers} customers, {years} years: {wall:.2f} s, "
          f"{customers * years / wall:,.0f} customer-years/s; churned {stats.churned}, "
          f"bookings {sum(stats.bookings) / 100:,.2f}, MRR at the end {stats.mrr[-1] / 100:,.2f}")


if __name__ == "__main__":
    main()
