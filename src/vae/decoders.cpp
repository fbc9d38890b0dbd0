#include "vae/decoders.hpp"

#include <cmath>
#include <algorithm>

namespace causalmix::vae {

std::unique_ptr<CovariateDecoder> build_covariate_decoder(const CvaeNetwork<float>& network, int rows) {
  auto d = std::make_unique<CovariateDecoder>();
  auto& g = d->graph;
  const auto& shape = network.shape();
  d->z = g.input(rows, shape.latent);
  nn::Var zeros = g.constant(nn::Matrix<float>::Zero(rows, 1));
  nn::Var ones = g.constant(nn::Matrix<float>::Ones(rows, 1));
  d->arm0 = network.activate(g, network.decode(g, d->z, zeros), 0);
  d->arm1 = network.activate(g, network.decode(g, d->z, ones), 0);
  // The targets come after the decoder passes, so scoring drawn covariates re-runs only the
  // likelihood nodes (forward_from(targets)).
  d->targets = g.input(rows, shape.layout.variable_count());
  if (shape.layout.hurdle > 0) d->atom_mask = g.input(rows, shape.layout.hurdle);
  d->nll0 = network.negative_log_likelihood(g, d->arm0, d->targets, d->atom_mask);
  d->nll1 = network.negative_log_likelihood(g, d->arm1, d->targets, d->atom_mask);
  return d;
}

std::unique_ptr<OutcomeDecoder> build_outcome_decoder(const CvaeNetwork<float>& network, int rows) {
  auto d = std::make_unique<OutcomeDecoder>();
  auto& g = d->graph;
  const auto& shape = network.shape();
  d->z = g.input(rows, shape.latent);
  d->condition = g.input(rows, shape.condition_width - 1);
  d->treatment = g.input(rows, 1);
  nn::Var flipped = g.add_scalar(g.scale(d->treatment, -1.0f), 1.0f);
  nn::Var observed = network.decode(g, d->z, g.concat_cols({d->condition, d->treatment}));
  nn::Var counterfactual = network.decode(g, d->z, g.concat_cols({d->condition, flipped}));
  d->arm0 = network.activate(g, observed, 0);
  d->arm1 = network.activate(g, observed, 1);
  d->flip0 = network.activate(g, counterfactual, 0);
  d->flip1 = network.activate(g, counterfactual, 1);
  return d;
}

EncoderOutputs encode_rows(const CvaeNetwork<float>& network, const RowMatrixF& input, const std::vector<int>& rows) {
  constexpr int kChunk = 4096;
  const int latent = network.shape().latent;
  EncoderOutputs out;
  out.mean.resize(static_cast<Eigen::Index>(rows.size()), latent);
  out.logvar.resize(static_cast<Eigen::Index>(rows.size()), latent);
  std::unique_ptr<nn::Graph<float>> g;
  int graph_rows = -1;
  nn::Var in;
  CvaeNetwork<float>::Encoded e;
  for (std::size_t start = 0; start < rows.size(); start += kChunk) {
    const int count = static_cast<int>(std::min<std::size_t>(kChunk, rows.size() - start));
    if (count != graph_rows) {
      g = std::make_unique<nn::Graph<float>>();
      in = g->input(count, static_cast<int>(input.cols()));
      e = network.encode(*g, in);
      graph_rows = count;
    }
    auto& x = g->value(in);
    for (int i = 0; i < count; ++i) x.row(i) = input.row(rows[start + i]);
    g->forward();
    out.mean.middleRows(static_cast<Eigen::Index>(start), count) = g->value(e.mean).cast<double>();
    out.logvar.middleRows(static_cast<Eigen::Index>(start), count) = g->value(e.logvar).cast<double>();
  }
  return out;
}

namespace {

double clamp_to(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

double sigmoid(double x) {
  return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}

}  // namespace

void draw_variables(const HeadLayout& layout, const nn::Graph<float>& g, const CvaeNetwork<float>::Arm& arm, int row,
                    Rng& rng, double* out) {
  int v = 0;
  for (int j = 0; j < layout.gaussian; ++j, ++v) {
    const auto& head = layout.heads[v];
    const double mean = g.value(arm.gaussian_mean)(row, j);
    const double sd = std::exp(0.5 * static_cast<double>(g.value(arm.gaussian_logvar)(row, j)));
    out[v] = clamp_to(mean + sd * rng.normal(), head.lower, head.upper);
  }
  for (int j = 0; j < layout.hurdle; ++j, ++v) {
    const auto& head = layout.heads[v];
    const double p = sigmoid(g.value(arm.hurdle_logit)(row, j));
    const double mean = g.value(arm.hurdle_mean)(row, j);
    const double sd = std::exp(0.5 * static_cast<double>(g.value(arm.hurdle_logvar)(row, j)));
    // Both draws are always made so the stream does not depend on the outcome of the first.
    const bool at_atom = rng.bernoulli(p);
    const double continuous = clamp_to(mean + sd * rng.normal(), head.lower, head.upper);
    out[v] = at_atom ? head.atom : continuous;
  }
  for (int j = 0; j < layout.binary; ++j, ++v) {
    out[v] = rng.bernoulli(sigmoid(g.value(arm.binary_logit)(row, j))) ? 1.0 : 0.0;
  }
  for (int j = 0; j < layout.categorical; ++j, ++v) {
    const auto& logits = g.value(arm.categorical_logits[j]);
    const int k = static_cast<int>(logits.cols());
    double top = -INFINITY;
    for (int c = 0; c < k; ++c) top = std::max(top, static_cast<double>(logits(row, c)));
    double weights[256];
    std::vector<double> large;
    double* w = k <= 256 ? weights : (large.resize(k), large.data());
    for (int c = 0; c < k; ++c) w[c] = std::exp(static_cast<double>(logits(row, c)) - top);
    out[v] = static_cast<double>(rng.categorical(std::span<const double>(w, k)));
  }
}

}  // namespace causalmix::vae
