#include "vae/network.hpp"

#include <cmath>

namespace causalmix::vae {

template <class S>
CvaeNetwork<S>::CvaeNetwork(const NetworkShape& shape, Rng& rng) : shape_(shape) {
  // Creation order fixes the parameter order (initial draws, save/load, Adam).
  const int last_encoder = shape.hidden.empty() ? shape.input_width : shape.hidden.back();
  encoder_ = nn::Mlp<S>::create(params_, "encoder", shape.input_width, shape.hidden, rng);
  to_mean_ = nn::Linear<S>::create(params_, "encoder.mean", last_encoder, shape.latent, rng);
  to_logvar_ = nn::Linear<S>::create(params_, "encoder.logvar", last_encoder, shape.latent, rng);
  std::vector<int> reversed(shape.hidden.rbegin(), shape.hidden.rend());
  decoder_ = nn::Mlp<S>::create(params_, "decoder", shape.latent + shape.condition_width, reversed, rng);
  const int last_decoder = reversed.empty() ? shape.latent + shape.condition_width : reversed.back();
  head_ = nn::Linear<S>::create(params_, "heads", last_decoder, shape.arms * shape.layout.arm_width(), rng);

  const auto& layout = shape.layout;
  const int continuous = layout.gaussian + layout.hurdle;
  lower_row_.setZero(1, continuous);
  upper_row_.setZero(1, continuous);
  span_row_.setZero(1, continuous);
  atom_row_.setZero(1, std::max(1, layout.hurdle));
  for (int v = 0; v < continuous; ++v) {
    const auto& h = layout.heads[v];
    lower_row_(0, v) = std::isfinite(h.lower) ? static_cast<S>(h.lower) : S(0);
    upper_row_(0, v) = std::isfinite(h.upper) ? static_cast<S>(h.upper) : S(0);
    span_row_(0, v) = upper_row_(0, v) - lower_row_(0, v);
  }
  for (int v = 0; v < layout.hurdle; ++v) atom_row_(0, v) = static_cast<S>(layout.heads[layout.gaussian + v].atom);
}

template <class S>
typename CvaeNetwork<S>::Encoded CvaeNetwork<S>::encode(Graph& g, Var y_input) const {
  Var h = shape_.hidden.empty() ? y_input : encoder_.apply(g, y_input);
  return {to_mean_.apply(g, h), to_logvar_.apply(g, h)};
}

template <class S>
nn::Var CvaeNetwork<S>::reparameterize(Graph& g, const Encoded& e, Var noise) const {
  return g.add(e.mean, g.mul(g.exp(g.scale(e.logvar, S(0.5))), noise));
}

template <class S>
nn::Var CvaeNetwork<S>::decode(Graph& g, Var z, Var condition) const {
  Var input = shape_.condition_width > 0 ? g.concat_cols({z, condition}) : z;
  Var h = shape_.hidden.empty() ? input : decoder_.apply(g, input);
  return head_.apply(g, h);
}

template <class S>
nn::Var CvaeNetwork<S>::bounded_mean(Graph& g, Var raw, const std::vector<HeadLayout::Run>& runs,
                                    int group_start) const {
  // Squash each run of equal bound kind with its own form (method.md §3).
  std::vector<Var> parts;
  for (const auto& run : runs) {
    Var m = g.slice_cols(raw, run.start, run.count);
    const int at = group_start + run.start;
    switch (run.kind) {
      case BoundKind::Both:
        m = g.add(g.mul(g.sigmoid(m), g.constant(span_row_.middleCols(at, run.count))),
                  g.constant(lower_row_.middleCols(at, run.count)));
        break;
      case BoundKind::LowerOnly:
        m = g.add(g.softplus(m), g.constant(lower_row_.middleCols(at, run.count)));
        break;
      case BoundKind::UpperOnly:  // hi − softplus(m)
        m = g.scale(g.sub(g.softplus(m), g.constant(upper_row_.middleCols(at, run.count))), S(-1));
        break;
      case BoundKind::None:
        break;
    }
    parts.push_back(m);
  }
  return parts.size() == 1 ? parts.front() : g.concat_cols(parts);
}

template <class S>
typename CvaeNetwork<S>::Arm CvaeNetwork<S>::activate(Graph& g, Var raw_all, int arm) const {
  const auto& L = shape_.layout;
  const int width = L.arm_width();
  Var raw = shape_.arms == 1 ? raw_all : g.slice_cols(raw_all, arm * width, width);
  Arm out;
  std::vector<Var> expected;
  if (L.gaussian > 0) {
    out.gaussian_mean = bounded_mean(g, g.slice_cols(raw, L.gaussian_offset(), L.gaussian), L.gaussian_runs, 0);
    out.gaussian_logvar = g.scale(g.tanh(g.slice_cols(raw, L.gaussian_offset() + L.gaussian, L.gaussian)), S(5));
    expected.push_back(out.gaussian_mean);
  }
  if (L.hurdle > 0) {
    const int o = L.hurdle_offset();
    out.hurdle_logit = g.slice_cols(raw, o, L.hurdle);
    out.hurdle_mean = bounded_mean(g, g.slice_cols(raw, o + L.hurdle, L.hurdle), L.hurdle_runs, L.gaussian);
    out.hurdle_logvar = g.scale(g.tanh(g.slice_cols(raw, o + 2 * L.hurdle, L.hurdle)), S(5));
    // p·atom + (1 − p)·μ = μ − p·(μ − atom)
    Var p = g.sigmoid(out.hurdle_logit);
    Var gap = g.sub(out.hurdle_mean, g.constant(atom_row_.leftCols(L.hurdle)));
    expected.push_back(g.sub(out.hurdle_mean, g.mul(p, gap)));
  }
  if (L.binary > 0) {
    out.binary_logit = g.slice_cols(raw, L.binary_offset(), L.binary);
    expected.push_back(g.sigmoid(out.binary_logit));
  }
  int offset = L.categorical_offset();
  for (int c = 0; c < L.categorical; ++c) {
    const int levels = L.heads[L.gaussian + L.hurdle + L.binary + c].levels;
    out.categorical_logits.push_back(g.slice_cols(raw, offset, levels));
    offset += levels;
  }
  if (!expected.empty()) out.expected = expected.size() == 1 ? expected.front() : g.concat_cols(expected);
  return out;
}

template <class S>
nn::Var CvaeNetwork<S>::negative_log_likelihood(Graph& g, const Arm& arm, Var targets, Var atom_mask,
                                                Var continuous) const {
  const auto& L = shape_.layout;
  const bool replaced = continuous.id >= 0;
  std::vector<Var> terms;  // each rows × 1
  if (L.gaussian > 0) {
    Var y = g.slice_cols(replaced ? continuous : targets, 0, L.gaussian);
    terms.push_back(g.sum_cols(g.gaussian_nll(y, arm.gaussian_mean, arm.gaussian_logvar)));
  }
  if (L.hurdle > 0) {
    // At the atom: −log p. Elsewhere: −log(1 − p) − log N(y; μ, σ²).
    Var y = g.slice_cols(replaced ? continuous : targets, L.gaussian, L.hurdle);
    Var atom = g.bce_with_logits(arm.hurdle_logit, atom_mask);
    Var off_atom = g.add_scalar(g.scale(atom_mask, S(-1)), S(1));
    Var continuous = g.mul(off_atom, g.gaussian_nll(y, arm.hurdle_mean, arm.hurdle_logvar));
    terms.push_back(g.sum_cols(g.add(atom, continuous)));
  }
  if (L.binary > 0) {
    Var y = g.slice_cols(targets, L.gaussian + L.hurdle, L.binary);
    terms.push_back(g.sum_cols(g.bce_with_logits(arm.binary_logit, y)));
  }
  for (int c = 0; c < L.categorical; ++c) {
    Var y = g.slice_cols(targets, L.gaussian + L.hurdle + L.binary + c, 1);
    terms.push_back(g.softmax_cross_entropy(arm.categorical_logits[c], y));
  }
  Var total = terms.front();
  for (std::size_t i = 1; i < terms.size(); ++i) total = g.add(total, terms[i]);
  return total;
}

template <class S>
nn::Var CvaeNetwork<S>::kl_divergence(Graph& g, const Encoded& e) const {
  Var inside = g.sub(g.sub(g.add_scalar(e.logvar, S(1)), g.square(e.mean)), g.exp(e.logvar));
  const int rows = g.rows(e.mean);
  return g.scale(g.sum_all(inside), S(-0.5) / static_cast<S>(rows));
}

template class CvaeNetwork<float>;
template class CvaeNetwork<double>;

}  // namespace causalmix::vae
