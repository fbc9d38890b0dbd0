// Sandbox::sample: the generative chain T ~ Bern(p̂) → z → X | T → z′ → (Y(0), Y(1)) | X, T,
// in fixed chunks of rows, each chunk with its own streams derived from the seed (so the
// output does not depend on the thread count), then decoded to original units with the
// truth columns appended.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "causalmix/error.hpp"
#include "sandbox/state.hpp"
#include "vae/decoders.hpp"

namespace causalmix {

namespace {

constexpr std::size_t kChunkRows = 4096;

double sigmoid(double x) { return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); }

// Rounds a standardised value of an integer column to the nearest whole original value.
double round_standardised(const ColumnEncoding& c, double z) {
  return (std::round(z * c.scale + c.mean) - c.mean) / c.scale;
}

struct SampleBuffers {
  Eigen::MatrixXd encoded;  // n × (covariates, treatment, outcome)
  Eigen::VectorXd y0, y1;   // standardised / codes
  Eigen::VectorXd mu0, mu1, kappa, log_density_ratio, propensity;
};

// Decoder graphs for one worker, one per chunk size.
struct Worker {
  std::map<int, std::unique_ptr<vae::CovariateDecoder>> covariate;
  std::map<int, std::unique_ptr<vae::OutcomeDecoder>> outcome;
};

void sample_chunk(const Sandbox::State& s, Prior prior, std::uint64_t seed, std::size_t chunk, std::size_t first,
                  int rows, Worker& worker, SampleBuffers& out) {
  const Rng base = Rng(seed).derive(chunk);
  Rng treatment_rng = base.derive(1), x_latent_rng = base.derive(2), x_rng = base.derive(3),
      y_latent_rng = base.derive(4), y_rng = base.derive(5);
  const int p = s.covariate_count();
  const auto& columns = s.encoding.columns();
  auto block = out.encoded.middleRows(static_cast<Eigen::Index>(first), rows);

  // T ~ Bernoulli(p̂)
  for (int i = 0; i < rows; ++i) block(i, p) = treatment_rng.bernoulli(s.treatment_rate) ? 1.0 : 0.0;

  // X | T: decode both arms from one latent draw, draw from the row's arm.
  const auto& xm = s.covariate_model;
  const auto& x_layout = xm.shape.layout;
  auto& xd_slot = worker.covariate[rows];
  if (!xd_slot) xd_slot = vae::build_covariate_decoder(*xm.network, rows);
  auto& xd = *xd_slot;
  xd.graph.value(xd.z) = xm.sample_latent(static_cast<std::size_t>(rows), prior, x_latent_rng).cast<float>();
  xd.graph.value(xd.targets).setZero();
  if (xd.atom_mask.id >= 0) xd.graph.value(xd.atom_mask).setZero();
  xd.graph.forward();  // the likelihood nodes see zero targets here; they are re-run below
  std::vector<double> drawn(x_layout.variable_count());
  for (int i = 0; i < rows; ++i) {
    const auto& arm = block(i, p) == 1.0 ? xd.arm1 : xd.arm0;
    vae::draw_variables(x_layout, xd.graph, arm, i, x_rng, drawn.data());
    for (int v = 0; v < x_layout.variable_count(); ++v) {
      const int c = x_layout.heads[v].encoded_column;
      block(i, c) = columns[c].spec.type == ColumnType::Integer ? round_standardised(columns[c], drawn[v]) : drawn[v];
    }
  }
  // ℓ₀ − ℓ₁ of the drawn covariates under the same latent draw, and the implied propensity.
  {
    auto& targets = xd.graph.value(xd.targets);
    for (int v = 0; v < x_layout.variable_count(); ++v)
      targets.col(v) = block.col(x_layout.heads[v].encoded_column).cast<float>();
    if (xd.atom_mask.id >= 0) {
      auto& mask = xd.graph.value(xd.atom_mask);
      for (int h = 0; h < x_layout.hurdle; ++h) {
        const auto& head = x_layout.heads[x_layout.gaussian + h];
        mask.col(h) = (block.col(head.encoded_column).array() == head.atom).cast<float>();
      }
    }
    xd.graph.forward_from(xd.targets);
    const double base_logit = std::log(s.treatment_rate) - std::log1p(-s.treatment_rate);
    for (int i = 0; i < rows; ++i) {
      const double ratio = static_cast<double>(xd.graph.value(xd.nll1)(i, 0)) - xd.graph.value(xd.nll0)(i, 0);
      out.log_density_ratio(first + i) = ratio;
      out.propensity(first + i) = sigmoid(base_logit - ratio);
    }
  }

  // (Y(0), Y(1)) | X, T: both arms from the observed pass; the flipped pass gives κ.
  const auto& ym = s.outcome_model;
  const auto& y_layout = ym.shape.layout;
  auto& yd_slot = worker.outcome[rows];
  if (!yd_slot) yd_slot = vae::build_outcome_decoder(*ym.network, rows);
  auto& yd = *yd_slot;
  yd.graph.value(yd.z) = ym.sample_latent(static_cast<std::size_t>(rows), prior, y_latent_rng).cast<float>();
  yd.graph.value(yd.condition) = s.covariate_encoding().one_hot(block.leftCols(p));
  yd.graph.value(yd.treatment) = block.col(p).cast<float>();
  yd.graph.forward();
  const ColumnEncoding& y_column = columns[s.outcome_column()];
  const bool binary_outcome = y_column.spec.discrete();
  const double scale = s.outcome_scale();
  const double shift = binary_outcome ? 0.0 : y_column.mean;
  for (int i = 0; i < rows; ++i) {
    double y0 = 0, y1 = 0;
    vae::draw_variables(y_layout, yd.graph, yd.arm0, i, y_rng, &y0);
    vae::draw_variables(y_layout, yd.graph, yd.arm1, i, y_rng, &y1);
    if (y_column.spec.type == ColumnType::Integer) {
      y0 = round_standardised(y_column, y0);
      y1 = round_standardised(y_column, y1);
    }
    const bool treated = block(i, p) == 1.0;
    const double m0 = vae::expected_value(yd.graph, yd.arm0, i, 0);
    const double m1 = vae::expected_value(yd.graph, yd.arm1, i, 0);
    const double m0_flipped = vae::expected_value(yd.graph, yd.flip0, i, 0);
    const double m1_flipped = vae::expected_value(yd.graph, yd.flip1, i, 0);
    const double kappa = treated ? m0 - m0_flipped : m1_flipped - m1;
    block(i, p + 1) = treated ? y1 : y0;
    out.y0(first + i) = y0;
    out.y1(first + i) = y1;
    out.mu0(first + i) = shift + scale * m0;
    out.mu1(first + i) = shift + scale * m1;
    out.kappa(first + i) = scale * kappa;
  }
}

Column numeric_column(const std::string& name, const Eigen::VectorXd& values) {
  Column c;
  c.name = name;
  c.type = ColumnType::Numerical;
  c.values.assign(values.data(), values.data() + values.size());
  return c;
}

}  // namespace

Table Sandbox::sample(std::size_t n, std::uint64_t seed, Prior prior, int threads) const {
  const State& s = *state_;
  const int p = s.covariate_count();
  SampleBuffers out;
  out.encoded.resize(static_cast<Eigen::Index>(n), p + 2);
  for (auto* v : {&out.y0, &out.y1, &out.mu0, &out.mu1, &out.kappa, &out.log_density_ratio, &out.propensity})
    v->resize(static_cast<Eigen::Index>(n));

  const std::size_t chunks = (n + kChunkRows - 1) / kChunkRows;
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers =
      std::max<std::size_t>(1, std::min<std::size_t>(chunks, threads > 0 ? static_cast<unsigned>(threads) : hardware));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&] {
    Worker worker;
    try {
      for (std::size_t c; (c = next.fetch_add(1)) < chunks;) {
        const std::size_t first = c * kChunkRows;
        const int rows = static_cast<int>(std::min(kChunkRows, n - first));
        sample_chunk(s, prior, seed, c, first, rows, worker, out);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = chunks;
    }
  };
  if (workers == 1) {
    run();
  } else {
    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < workers; ++w) pool.emplace_back(run);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);

  Table table = s.encoding.decode(out.encoded);
  const Encoding y_encoding = s.outcome_encoding();
  auto potential = [&](const Eigen::VectorXd& values, const char* name) {
    Column c = y_encoding.decode(values).columns.front();
    c.name = name;
    return c;
  };
  table.columns.push_back(potential(out.y0, truth::kY0));
  table.columns.push_back(potential(out.y1, truth::kY1));
  table.columns.push_back(numeric_column(truth::kMu0, out.mu0));
  table.columns.push_back(numeric_column(truth::kMu1, out.mu1));
  table.columns.push_back(numeric_column(truth::kTau, out.mu1 - out.mu0));
  table.columns.push_back(numeric_column(truth::kKappa, out.kappa));
  table.columns.push_back(numeric_column(truth::kLogDensityRatio, out.log_density_ratio));
  table.columns.push_back(numeric_column(truth::kPropensity, out.propensity));
  return table;
}

}  // namespace causalmix
