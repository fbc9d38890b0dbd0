#include "vae/objective.hpp"

#include <string>

#include "causalmix/error.hpp"

namespace causalmix::vae {

namespace {

template <class S>
void copy_rows(nn::Graph<S>& g, nn::Var v, const RowMatrixF& source, const int* rows, const char* what) {
  if (v.id < 0) return;
  auto& dst = g.value(v);
  if (source.cols() != dst.cols())
    throw Error(std::string("training data: ") + what + " has " + std::to_string(source.cols()) +
                " columns where the model expects " + std::to_string(dst.cols()));
  for (Eigen::Index i = 0; i < dst.rows(); ++i) dst.row(i) = source.row(rows[i]).template cast<S>();
}

// w·MSE(p, t) + (1 − w)·SmoothL1(p, t), β = 1
template <class S>
nn::Var blended_error(nn::Graph<S>& g, nn::Var predicted, nn::Var target, double mse_share) {
  nn::Var mse = g.mean_all(g.square(g.sub(predicted, target)));
  nn::Var l1 = g.mean_all(g.smooth_l1(predicted, target, S(1)));
  return g.add(g.scale(mse, static_cast<S>(mse_share)), g.scale(l1, static_cast<S>(1 - mse_share)));
}

// Expected squared overlap gap when one discrete variable is redrawn from the observed arm:
// for each discrete variable j and level k, the gap becomes r − d_j(observed) + d_j(k) − α_jk,
// where r = ℓ₀ − ℓ₁ of the row and d_j(k) = log p₀(x_j = k) − log p₁(x_j = k); it is weighted
// by p_T(x_j = k). Averaged over the discrete variables: rows × 1.
template <class S>
nn::Var redrawn_discrete_gap(nn::Graph<S>& g, const HeadLayout& layout, const typename CvaeNetwork<S>::Arm& arm0,
                             const typename CvaeNetwork<S>::Arm& arm1, nn::Var r, nn::Var treatment,
                             nn::Var one_hot, nn::Var level_alpha) {
  std::vector<nn::Var> terms;  // each rows × 1
  // Σ_k p_T(k)·(rest + d(k) − α_k)² for one block of levels; `rest` broadcasts as a column.
  auto expected_square = [&](nn::Var log_p0, nn::Var log_p1, nn::Var rest, nn::Var alpha) {
    nn::Var gap = g.add(g.sub(g.sub(log_p0, log_p1), alpha), rest);
    nn::Var p = g.exp(g.blend(treatment, log_p1, log_p0));
    return g.mul(p, g.square(gap));
  };
  const int b = layout.binary;
  if (b > 0) {
    // log σ(l) for level 1 and log σ(−l) for level 0, stable as −softplus(∓l).
    auto log_p = [&](nn::Var logit, int level) {
      return g.scale(g.softplus(level == 1 ? g.scale(logit, S(-1)) : logit), S(-1));
    };
    nn::Var p00 = log_p(arm0.binary_logit, 0), p01 = log_p(arm0.binary_logit, 1);
    nn::Var p10 = log_p(arm1.binary_logit, 0), p11 = log_p(arm1.binary_logit, 1);
    nn::Var oh0 = g.slice_cols(one_hot, 0, b), oh1 = g.slice_cols(one_hot, b, b);
    nn::Var observed = g.add(g.mul(oh0, g.sub(p00, p10)), g.mul(oh1, g.sub(p01, p11)));
    nn::Var rest = g.add(g.scale(observed, S(-1)), r);  // rows × b
    nn::Var both = g.add(expected_square(p00, p10, rest, g.slice_cols(level_alpha, 0, b)),
                         expected_square(p01, p11, rest, g.slice_cols(level_alpha, b, b)));
    terms.push_back(g.sum_cols(both));
  }
  const DiscreteLevels level_columns = discrete_levels(layout);
  for (int c = 0; c < layout.categorical; ++c) {
    const auto& block = level_columns.columns[static_cast<std::size_t>(b + c)];
    const int offset = block.front(), levels = static_cast<int>(block.size());
    nn::Var lp0 = g.log_softmax(arm0.categorical_logits[c]);
    nn::Var lp1 = g.log_softmax(arm1.categorical_logits[c]);
    nn::Var observed = g.sum_cols(g.mul(g.slice_cols(one_hot, offset, levels), g.sub(lp0, lp1)));
    nn::Var rest = g.sub(r, observed);
    terms.push_back(g.sum_cols(expected_square(lp0, lp1, rest, g.slice_cols(level_alpha, offset, levels))));
  }
  nn::Var total = terms.front();
  for (std::size_t i = 1; i < terms.size(); ++i) total = g.add(total, terms[i]);
  return g.scale(total, S(1) / static_cast<S>(b + layout.categorical));
}

}  // namespace

DiscreteLevels discrete_levels(const HeadLayout& layout) {
  DiscreteLevels out;
  for (int j = 0; j < layout.binary; ++j) out.columns.push_back({j, layout.binary + j});
  out.width = 2 * layout.binary;
  for (int c = 0; c < layout.categorical; ++c) {
    const int levels = layout.heads[layout.gaussian + layout.hurdle + layout.binary + c].levels;
    std::vector<int> block(levels);
    for (int k = 0; k < levels; ++k) block[k] = out.width + k;
    out.columns.push_back(std::move(block));
    out.width += levels;
  }
  return out;
}

RowMatrixF discrete_level_one_hot(const HeadLayout& layout, const RowMatrixF& targets) {
  const DiscreteLevels levels = discrete_levels(layout);
  RowMatrixF out = RowMatrixF::Zero(targets.rows(), levels.width);
  const int first = layout.gaussian + layout.hurdle;
  for (std::size_t j = 0; j < levels.columns.size(); ++j)
    for (Eigen::Index i = 0; i < targets.rows(); ++i)
      out(i, levels.columns[j][static_cast<std::size_t>(targets(i, first + static_cast<int>(j)))]) = 1.0f;
  return out;
}

template <class S>
void TrainingGraph<S>::fill(const TrainingData& data, const int* row_indices, Rng* rng) {
  copy_rows(graph, input, data.input, row_indices, "input");
  copy_rows(graph, targets, data.targets, row_indices, "targets");
  copy_rows(graph, atom_mask, data.atom_mask, row_indices, "atom_mask");
  copy_rows(graph, treatment, data.treatment, row_indices, "treatment");
  copy_rows(graph, alpha, data.alpha, row_indices, "alpha");
  copy_rows(graph, level_one_hot, data.level_one_hot, row_indices, "level_one_hot");
  copy_rows(graph, level_alpha, data.level_alpha, row_indices, "level_alpha");
  copy_rows(graph, condition, data.condition, row_indices, "condition");
  copy_rows(graph, tau, data.tau, row_indices, "tau");
  copy_rows(graph, kappa, data.kappa, row_indices, "kappa");
  for (nn::Var v : {noise, draw_noise}) {
    if (v.id < 0) continue;
    auto& eps = graph.value(v);
    if (rng) {
      for (Eigen::Index i = 0; i < eps.size(); ++i) eps.data()[i] = static_cast<S>(rng->normal());
    } else {
      eps.setZero();
    }
  }
}

template <class S>
std::unique_ptr<TrainingGraph<S>> build_training_graph(const CvaeNetwork<S>& network, ModelKind kind,
                                                        const LossWeights& w, int rows) {
  auto t = std::make_unique<TrainingGraph<S>>();
  auto& g = t->graph;
  const auto& shape = network.shape();
  const auto& layout = shape.layout;
  t->rows = rows;
  t->input = g.input(rows, shape.input_width);
  t->targets = g.input(rows, layout.variable_count());
  if (layout.hurdle > 0) t->atom_mask = g.input(rows, layout.hurdle);
  t->treatment = g.input(rows, 1);
  t->noise = g.input(rows, shape.latent);

  auto encoded = network.encode(g, t->input);
  nn::Var z = network.reparameterize(g, encoded, t->noise);
  nn::Var kl = g.scale(network.kl_divergence(g, encoded), static_cast<S>(w.kl_weight));

  if (kind == ModelKind::Covariates) {
    // Two decoder passes with the same z, at T = 0 and T = 1: the observed arm's
    // likelihood is the reconstruction term and their difference the overlap term.
    t->alpha = g.input(rows, 1);
    nn::Var zeros = g.constant(nn::Matrix<S>::Zero(rows, 1));
    nn::Var ones = g.constant(nn::Matrix<S>::Ones(rows, 1));
    auto arm0 = network.activate(g, network.decode(g, z, zeros), 0);
    auto arm1 = network.activate(g, network.decode(g, z, ones), 0);
    nn::Var nll0 = network.negative_log_likelihood(g, arm0, t->targets, t->atom_mask);
    nn::Var nll1 = network.negative_log_likelihood(g, arm1, t->targets, t->atom_mask);
    nn::Var reconstruction = g.mean_all(g.blend(t->treatment, nll1, nll0));
    nn::Var r = g.sub(nll1, nll0);  // ℓ₀ − ℓ₁ at the observed values
    nn::Var gap = g.sub(r, t->alpha);
    nn::Var overlap = g.scale(g.mean_all(g.square(gap)), static_cast<S>(w.overlap_weight));
    t->loss = g.add(g.add(reconstruction, kl), overlap);
    const int continuous = layout.gaussian + layout.hurdle;
    const int discrete = layout.binary + layout.categorical;
    if (w.overlap_sampled_weight <= 0) return t;
    // Improvement: generation judges ℓ₀ − ℓ₁ on covariates drawn from the decoder, not on
    // observed ones with the encoder's z. Two ways the observed-row penalty misleads:
    // continuous heads can encode α in arm differences that sampling noise amplifies, and a
    // discrete head can meet α at the observed level only (under α = X_bin, a z that encodes
    // X_bin = 1 gets P(X_bin = 1 | z, T=1) = P(·| z, T=0)/e, so T = 1 draws X_bin = 0 most of
    // the time, where ℓ₀ − ℓ₁ is far below 0). So the penalty is also taken on drawn rows:
    // continuous values drawn from the observed arm by reparameterisation, and each discrete
    // variable in turn at every level, weighted by its probability under that arm (exact, so
    // no gradient estimator is needed).
    nn::Var continuous_gap;
    if (continuous > 0) {
      t->draw_noise = g.input(rows, continuous);
      std::vector<nn::Var> drawn;
      auto draw = [&](nn::Var mean0, nn::Var mean1, nn::Var logvar0, nn::Var logvar1, int offset, int count) {
        nn::Var mean = g.blend(t->treatment, mean1, mean0);
        nn::Var sd = g.exp(g.scale(g.blend(t->treatment, logvar1, logvar0), S(0.5)));
        drawn.push_back(g.add(mean, g.mul(sd, g.slice_cols(t->draw_noise, offset, count))));
      };
      if (layout.gaussian > 0)
        draw(arm0.gaussian_mean, arm1.gaussian_mean, arm0.gaussian_logvar, arm1.gaussian_logvar, 0, layout.gaussian);
      if (layout.hurdle > 0)
        draw(arm0.hurdle_mean, arm1.hurdle_mean, arm0.hurdle_logvar, arm1.hurdle_logvar, layout.gaussian, layout.hurdle);
      nn::Var drawn_values = drawn.size() == 1 ? drawn.front() : g.concat_cols(drawn);
      nn::Var drawn0 = network.negative_log_likelihood(g, arm0, t->targets, t->atom_mask, drawn_values);
      nn::Var drawn1 = network.negative_log_likelihood(g, arm1, t->targets, t->atom_mask, drawn_values);
      r = g.sub(drawn1, drawn0);
      continuous_gap = g.mean_all(g.square(g.sub(r, t->alpha)));
    }
    nn::Var sampled = continuous_gap;
    if (discrete > 0) {
      const int width = discrete_levels(layout).width;
      t->level_one_hot = g.input(rows, width);
      t->level_alpha = g.input(rows, width);
      nn::Var redrawn = g.mean_all(
          redrawn_discrete_gap<S>(g, layout, arm0, arm1, r, t->treatment, t->level_one_hot, t->level_alpha));
      sampled = sampled.id >= 0 ? g.add(sampled, redrawn) : redrawn;
    }
    t->loss = g.add(t->loss, g.scale(sampled, static_cast<S>(w.overlap_sampled_weight)));
    return t;
  }

  // Outcome model: arms 0 and 1 from the observed pass; a second pass with T flipped gives
  // the counterfactual-arm means for κ. Both go through the same activations.
  const int outcomes = layout.gaussian + layout.hurdle + layout.binary;
  t->condition = g.input(rows, shape.condition_width - 1);
  t->tau = g.input(rows, outcomes);
  t->kappa = g.input(rows, outcomes);
  nn::Var flipped = g.add_scalar(g.scale(t->treatment, S(-1)), S(1));
  nn::Var observed_raw = network.decode(g, z, g.concat_cols({t->condition, t->treatment}));
  nn::Var flipped_raw = network.decode(g, z, g.concat_cols({t->condition, flipped}));
  auto arm0 = network.activate(g, observed_raw, 0);
  auto arm1 = network.activate(g, observed_raw, 1);
  auto flip0 = network.activate(g, flipped_raw, 0);
  auto flip1 = network.activate(g, flipped_raw, 1);
  nn::Var nll0 = network.negative_log_likelihood(g, arm0, t->targets, t->atom_mask);
  nn::Var nll1 = network.negative_log_likelihood(g, arm1, t->targets, t->atom_mask);
  nn::Var reconstruction = g.mean_all(g.blend(t->treatment, nll1, nll0));

  nn::Var tau_hat = g.sub(arm1.expected, arm0.expected);
  nn::Var kappa_hat = g.blend(t->treatment, g.sub(arm0.expected, flip0.expected),
                              g.sub(flip1.expected, arm1.expected));
  nn::Var tau_gap = g.sub(tau_hat, t->tau);
  nn::Var kappa_gap = g.sub(kappa_hat, t->kappa);
  nn::Var effect = g.scale(blended_error(g, tau_hat, t->tau, w.effect_blend), static_cast<S>(w.effect_rigidity));
  nn::Var confounding =
      g.scale(blended_error(g, kappa_hat, t->kappa, w.confounding_blend), static_cast<S>(w.confounding_rigidity));
  nn::Var spread = g.add(g.scale(g.sum_all(g.var_rows(tau_gap)), static_cast<S>(w.effect_variance_weight)),
                         g.scale(g.sum_all(g.var_rows(kappa_gap)), static_cast<S>(w.confounding_variance_weight)));
  t->loss = g.add(g.add(g.add(reconstruction, kl), g.add(effect, confounding)), spread);
  return t;
}

template struct TrainingGraph<float>;
template struct TrainingGraph<double>;
template std::unique_ptr<TrainingGraph<float>> build_training_graph(const CvaeNetwork<float>&, ModelKind,
                                                                     const LossWeights&, int);
template std::unique_ptr<TrainingGraph<double>> build_training_graph(const CvaeNetwork<double>&, ModelKind,
                                                                      const LossWeights&, int);

}  // namespace causalmix::vae
