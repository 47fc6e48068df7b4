// A value with its gradient and Hessian in two variables (second-order forward-mode automatic
// differentiation): the likelihoods of stats/sbg written once, as plain arithmetic, give the
// Newton steps and the observed information exactly — no hand-derived second derivatives, no
// finite differences. Only what those likelihoods need: + − × ÷, log, exp.
#pragma once
#include <cmath>

namespace subsim {

struct Jet {
  double v = 0;
  double g[2] = {0, 0};
  double h[2][2] = {{0, 0}, {0, 0}};

  Jet() = default;
  Jet(double value) : v(value) {}  // a constant (implicit: 1 - q, q * r)
  static Jet variable(double value, int i) {
    Jet j(value);
    j.g[i] = 1;
    return j;
  }
};

// f(x) from f, f', f'' at x.v: the chain rule to second order.
inline Jet chain(const Jet& x, double f, double d1, double d2) {
  Jet r(f);
  for (int i = 0; i < 2; ++i) {
    r.g[i] = d1 * x.g[i];
    for (int k = 0; k < 2; ++k) r.h[i][k] = d1 * x.h[i][k] + d2 * x.g[i] * x.g[k];
  }
  return r;
}

inline Jet operator+(const Jet& a, const Jet& b) {
  Jet r(a.v + b.v);
  for (int i = 0; i < 2; ++i) {
    r.g[i] = a.g[i] + b.g[i];
    for (int k = 0; k < 2; ++k) r.h[i][k] = a.h[i][k] + b.h[i][k];
  }
  return r;
}

inline Jet operator-(const Jet& a, const Jet& b) {
  Jet r(a.v - b.v);
  for (int i = 0; i < 2; ++i) {
    r.g[i] = a.g[i] - b.g[i];
    for (int k = 0; k < 2; ++k) r.h[i][k] = a.h[i][k] - b.h[i][k];
  }
  return r;
}

inline Jet operator*(const Jet& a, const Jet& b) {
  Jet r(a.v * b.v);
  for (int i = 0; i < 2; ++i) {
    r.g[i] = a.g[i] * b.v + a.v * b.g[i];
    for (int k = 0; k < 2; ++k)
      r.h[i][k] = a.h[i][k] * b.v + a.g[i] * b.g[k] + a.g[k] * b.g[i] + a.v * b.h[i][k];
  }
  return r;
}

inline Jet reciprocal(const Jet& a) { return chain(a, 1 / a.v, -1 / (a.v * a.v), 2 / (a.v * a.v * a.v)); }
inline Jet operator/(const Jet& a, const Jet& b) { return a * reciprocal(b); }
inline Jet log(const Jet& a) { return chain(a, std::log(a.v), 1 / a.v, -1 / (a.v * a.v)); }
inline Jet exp(const Jet& a) {
  const double e = std::exp(a.v);
  return chain(a, e, e, e);
}

}  // namespace subsim
