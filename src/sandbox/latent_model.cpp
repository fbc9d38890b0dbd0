#include <cmath>

#include "sandbox/state.hpp"

namespace causalmix::sandbox {

Eigen::MatrixXd LatentModel::sample_latent(std::size_t rows, Prior prior, Rng& rng) const {
  const int d = shape.latent;
  Eigen::MatrixXd z(static_cast<Eigen::Index>(rows), d);
  if (prior == Prior::Normal) {
    for (Eigen::Index i = 0; i < z.rows(); ++i)
      for (int j = 0; j < d; ++j) z(i, j) = rng.normal();
    return z;
  }
  z = mixture.sample(rows, rng);
  const Eigen::VectorXd sd = (0.5 * noise_logvar.array()).exp();
  for (Eigen::Index i = 0; i < z.rows(); ++i)
    for (int j = 0; j < d; ++j) z(i, j) += sd(j) * rng.normal();
  return z;
}

}  // namespace causalmix::sandbox

namespace causalmix {

Encoding Sandbox::State::covariate_encoding() const {
  return Encoding(std::vector<ColumnEncoding>(encoding.columns().begin(),
                                              encoding.columns().begin() + covariate_count()));
}

Encoding Sandbox::State::outcome_encoding() const {
  return Encoding({encoding.columns()[outcome_column()]});
}

double Sandbox::State::outcome_scale() const {
  const auto& c = encoding.columns()[outcome_column()];
  return c.spec.discrete() ? 1.0 : c.scale;
}

}  // namespace causalmix
