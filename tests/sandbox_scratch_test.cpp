#include <gtest/gtest.h>
#include <chrono>
#include <cmath>
#include <iostream>
#include "causalmix/metrics.hpp"
#include "sandbox_fixtures.hpp"

namespace causalmix {
using namespace testing;
TEST(Scratch, ToyFit) {
  auto data = toy_observed();
  Knobs k; k.effect = "0.1"; k.confounding = "0"; k.overlap = "X_bin";
  auto t0 = std::chrono::steady_clock::now();
  auto s = Sandbox::fit(data, "T", "Y", k, reference_options(1), [](const TrainingProgress& p){ if (p.stopped) std::cerr << p.model << " stopped at " << p.epoch << "\n"; });
  auto t1 = std::chrono::steady_clock::now();
  std::cerr << "fit " << std::chrono::duration<double>(t1-t0).count() << " s\n" << s.summary();
  auto out = s.sample(20000, 5);
  auto t2 = std::chrono::steady_clock::now();
  std::cerr << "sample " << std::chrono::duration<double>(t2-t1).count() << " s\n";
  auto targets = s.targets(out);
  auto rep = causal_control(out, "T", &targets);
  std::cerr << rep.to_json().dump(1) << "\n";
  auto fid = fidelity(data, out);
  std::cerr << "KS " << fid.ks_complement << " TV " << fid.tv_complement << "\n";
}
}
