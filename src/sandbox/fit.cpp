// Sandbox::fit: checks the table, evaluates the knobs on every row, builds the two models'
// training data, trains the covariate and outcome VAEs (in parallel: they are independent
// given the data) and fits each latent prior.
#include <cmath>
#include <mutex>
#include <sstream>
#include <thread>

#include "causalmix/error.hpp"
#include "sandbox/overlap_levels.hpp"
#include "sandbox/state.hpp"
#include "vae/decoders.hpp"

namespace causalmix {

namespace {

// Streams derived from the seed, one per sub-task, so that the result does not depend on
// the order or the thread in which the sub-tasks run.
// A model uses three consecutive streams: initial weights, training, mixture.
enum Stream : std::uint64_t { kSplit = 1, kCovariateModel = 10, kOutcomeModel = 20 };

const Column& require_column(const Table& data, const std::string& name, const char* role) {
  if (auto i = data.find(name)) return data.columns[*i];
  throw Error(std::string(role) + " column '" + name + "' is not in the table" + did_you_mean(name, data.names()));
}

void check_treatment(const Column& t) {
  const bool two_levels = t.discrete() && t.levels.size() == 2;
  if (!two_levels) {
    std::ostringstream msg;
    msg << "treatment column '" << t.name << "' is not binary: it is " << to_string(t.type);
    if (t.discrete()) msg << " with " << t.levels.size() << " levels";
    msg << "; the treatment must take exactly two values";
    throw Error(msg.str());
  }
  std::size_t treated = 0;
  for (double v : t.values) treated += v == 1.0;
  if (treated < 2 || t.values.size() - treated < 2)
    throw Error("treatment column '" + t.name + "' has fewer than 2 rows in one arm (" + std::to_string(treated) +
                " with level '" + t.levels[1] + "', " + std::to_string(t.values.size() - treated) +
                " with level '" + t.levels[0] + "')");
}

void check_outcome(const Column& y) {
  if (y.type == ColumnType::Categorical && y.levels.size() > 2)
    throw Error("outcome column '" + y.name + "' is categorical with " + std::to_string(y.levels.size()) +
                " levels: the potential-outcome model needs a binary or numerical outcome");
}

vae::RowMatrixF to_rows(const Eigen::MatrixXf& m) { return m; }

vae::RowMatrixF column_of(const Eigen::MatrixXd& encoded, int c) { return encoded.col(c).cast<float>(); }

vae::RowMatrixF as_column(const std::vector<double>& v, double divide_by) {
  vae::RowMatrixF out(static_cast<Eigen::Index>(v.size()), 1);
  for (std::size_t i = 0; i < v.size(); ++i) out(static_cast<Eigen::Index>(i), 0) = static_cast<float>(v[i] / divide_by);
  return out;
}

// Trains one model and fits its latent prior; runs on its own thread when allowed.
void train_latent_model(sandbox::LatentModel& model, vae::ModelKind kind, const vae::LossWeights& weights,
                        const vae::TrainingData& data, const std::vector<int>& train_rows,
                        const std::vector<int>& validation_rows, const FitOptions& options, const Rng& root,
                        std::uint64_t first_stream, const char* name, const ProgressCallback& progress) {
  Rng init = root.derive(first_stream);
  Rng training = root.derive(first_stream + 1);
  Rng mixture_rng = root.derive(first_stream + 2);
  model.network = std::make_unique<vae::CvaeNetwork<float>>(model.shape, init);
  vae::TrainerOptions trainer{options.batch_size, options.max_epochs, options.patience, options.learning_rate};
  vae::EpochCallback on_epoch;
  if (progress) {
    on_epoch = [&](const vae::EpochRecord& r, const vae::TrainingResult& so_far, int stale) {
      TrainingProgress p;
      p.model = name;
      p.epoch = r.epoch;
      p.train_loss = r.train_loss;
      p.validation_loss = r.validation_loss;
      p.best_validation_loss = so_far.best_validation_loss;
      p.epochs_without_improvement = stale;
      p.stopped = stale >= options.patience || r.epoch == options.max_epochs;
      progress(p);
    };
  }
  model.training = vae::train(*model.network, kind, weights, data, train_rows, validation_rows, trainer, training,
                              on_epoch);

  const auto encoded = vae::encode_rows(*model.network, data.input, train_rows);
  model.noise_logvar = encoded.logvar.colwise().mean().transpose();
  MixtureOptions mixture = options.mixture;
  if (mixture.components <= 0) mixture.components = model.shape.latent;
  model.mixture = GaussianMixture::fit(encoded.mean, mixture, mixture_rng);
}

}  // namespace

Sandbox Sandbox::fit(const Table& data, const std::string& treatment, const std::string& outcome,
                     const Knobs& knobs, const FitOptions& options, const ProgressCallback& progress) {
  const Column& t_column = require_column(data, treatment, "treatment");
  const Column& y_column = require_column(data, outcome, "outcome");
  if (treatment == outcome) throw Error("the treatment and the outcome are the same column '" + treatment + "'");
  check_treatment(t_column);
  check_outcome(y_column);
  for (const auto& c : data.columns)
    for (const char* reserved : {truth::kY0, truth::kY1, truth::kMu0, truth::kMu1, truth::kTau, truth::kKappa,
                                 truth::kLogDensityRatio, truth::kPropensity})
      if (c.name == reserved)
        throw Error("column '" + c.name +
                    "' has the name of a truth column of the generated table; rename it or leave it out (--drop " +
                    c.name + ")");
  if (data.cols() < 3) throw Error("the table needs at least one covariate besides the treatment and the outcome");
  if (data.rows() < 10) throw Error("the table has " + std::to_string(data.rows()) + " rows; at least 10 are needed");
  if (options.batch_size < 1) throw Error("batch size must be at least 1");
  if (!(options.validation_split >= 0.0 && options.validation_split < 1.0))
    throw Error("validation split must be in [0, 1)");

  auto state = std::make_unique<State>();
  State& s = *state;
  s.treatment = treatment;
  s.outcome = outcome;
  s.knobs = knobs;
  s.options = options;

  // The modelled table: covariates in file order, then the treatment, then the outcome.
  Table model_table;
  for (const auto& c : data.columns)
    if (c.name != treatment && c.name != outcome) {
      s.covariates.push_back(c.name);
      model_table.columns.push_back(c);
    }
  model_table.columns.push_back(t_column);
  model_table.columns.push_back(y_column);
  s.encoding = Encoding::fit(model_table, &s.warnings);
  s.standardization = Standardization::fit(model_table);
  s.compiled_knobs = sandbox::CompiledKnobs::compile(knobs, model_table.schema(), treatment);

  // Knob targets, once per row, before training.
  const std::size_t n = model_table.rows();
  const auto& t_values = model_table.columns[s.treatment_column()].values;
  auto values = s.compiled_knobs.evaluate(model_table, treatment, s.standardization, std::nullopt);
  if (s.compiled_knobs.propensity_form()) {
    double sum = 0.0;
    for (double e : values.propensity) sum += e;
    s.treatment_rate = sum / static_cast<double>(n);
    values = s.compiled_knobs.evaluate(model_table, treatment, s.standardization, s.treatment_rate);
  } else {
    double treated = 0.0;
    for (double t : t_values) treated += t;
    s.treatment_rate = treated / static_cast<double>(n);
  }
  {
    double sum = 0.0, count = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      if (t_values[i] == 1.0) {
        sum += std::exp(values.alpha[i]);
        count += 1.0;
      }
    s.attained_exp_alpha = sum / count;
    if (!(s.attained_exp_alpha > 0.8 && s.attained_exp_alpha < 1.25)) {
      std::ostringstream msg;
      msg << "the overlap target is not attainable exactly: E[exp(alpha) | T=1] = " << s.attained_exp_alpha
          << " on this table (1 for an attainable target); the covariates will be distorted to approach it. "
             "A target propensity (--propensity) is always attainable";
      s.warnings.push_back(msg.str());
    }
  }

  const Eigen::MatrixXd encoded = s.encoding.encode(model_table);
  const int p = s.covariate_count();
  std::vector<int> covariate_columns(p);
  for (int j = 0; j < p; ++j) covariate_columns[j] = j;
  const Encoding x_encoding = s.covariate_encoding();
  const Encoding y_encoding = s.outcome_encoding();
  const vae::RowMatrixF x_one_hot = to_rows(x_encoding.one_hot(encoded.leftCols(p)));

  // The 80/20 split, shared by both models (the mixture is fitted on the training split).
  const Rng root(options.seed);
  Rng split = root.derive(kSplit);
  std::vector<int> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<int>(i);
  split.shuffle(order);
  const auto validation_count = static_cast<std::size_t>(std::llround(options.validation_split * static_cast<double>(n)));
  std::vector<int> validation_rows(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(validation_count));
  std::vector<int> train_rows(order.begin() + static_cast<std::ptrdiff_t>(validation_count), order.end());
  s.training_rows = train_rows.size();
  s.validation_rows = validation_rows.size();

  vae::LossWeights weights;
  weights.kl_weight = options.kl_weight;
  weights.overlap_weight = options.overlap_weight;
  weights.overlap_sampled_weight = options.overlap_sampled_weight;
  weights.effect_rigidity = options.effect_rigidity;
  weights.confounding_rigidity = options.confounding_rigidity;
  weights.effect_blend = options.effect_blend;
  weights.confounding_blend = options.confounding_blend;
  weights.effect_variance_weight = options.effect_variance_weight;
  weights.confounding_variance_weight = options.confounding_variance_weight;

  // Covariate model X | T.
  vae::TrainingData x_data;
  auto& xm = s.covariate_model;
  xm.shape.layout = vae::make_head_layout(s.encoding, covariate_columns, encoded, options.point_mass_share);
  xm.shape.input_width = x_encoding.one_hot_width();
  xm.shape.condition_width = 1;
  xm.shape.latent = options.covariate_latent > 0 ? options.covariate_latent : p;
  xm.shape.hidden = options.hidden;
  xm.shape.arms = 1;
  x_data.input = x_one_hot;
  x_data.targets = vae::layout_targets(xm.shape.layout, encoded);
  x_data.atom_mask = vae::layout_atom_mask(xm.shape.layout, encoded);
  x_data.treatment = column_of(encoded, s.treatment_column());
  x_data.alpha = as_column(values.alpha, 1.0);
  x_data.level_one_hot = vae::discrete_level_one_hot(xm.shape.layout, x_data.targets);
  x_data.level_alpha = sandbox::alpha_at_levels(s.compiled_knobs, model_table, treatment, s.standardization,
                                       s.compiled_knobs.propensity_form() ? std::optional<double>(s.treatment_rate)
                                                                          : std::nullopt,
                                       xm.shape.layout, values.alpha);

  // Outcome model Y(0), Y(1) | X, T.
  vae::TrainingData y_data;
  auto& ym = s.outcome_model;
  ym.shape.layout = vae::make_head_layout(s.encoding, {s.outcome_column()}, encoded, options.point_mass_share);
  ym.shape.input_width = y_encoding.one_hot_width();
  ym.shape.condition_width = x_encoding.one_hot_width() + 1;
  ym.shape.latent = options.outcome_latent > 0 ? options.outcome_latent : 2;
  ym.shape.hidden = options.hidden;
  ym.shape.arms = 2;
  y_data.input = to_rows(y_encoding.one_hot(encoded.col(s.outcome_column())));
  y_data.targets = vae::layout_targets(ym.shape.layout, encoded);
  y_data.atom_mask = vae::layout_atom_mask(ym.shape.layout, encoded);
  y_data.treatment = x_data.treatment;
  y_data.condition = x_one_hot;
  y_data.tau = as_column(values.tau, s.outcome_scale());
  y_data.kappa = as_column(values.kappa, s.outcome_scale());

  // Progress may come from two threads at once.
  std::mutex progress_mutex;
  ProgressCallback locked;
  if (progress)
    locked = [&](const TrainingProgress& p) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      progress(p);
    };
  auto fit_covariates = [&] {
    train_latent_model(xm, vae::ModelKind::Covariates, weights, x_data, train_rows, validation_rows, options, root,
                       kCovariateModel, "covariates", locked);
  };
  auto fit_outcome = [&] {
    train_latent_model(ym, vae::ModelKind::Outcome, weights, y_data, train_rows, validation_rows, options, root,
                       kOutcomeModel, "outcome", locked);
  };
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads) : hardware;
  if (threads >= 2) {
    std::exception_ptr failure;
    std::thread worker([&] {
      try {
        fit_outcome();
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      fit_covariates();
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (failure) std::rethrow_exception(failure);
  } else {
    fit_covariates();
    fit_outcome();
  }
  return Sandbox(std::move(state));
}

}  // namespace causalmix
