#include "vae/trainer.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "nn/adam.hpp"

namespace causalmix::vae {

namespace {

// One graph per distinct batch size (the full batch, the last partial one, validation).
class GraphCache {
 public:
  GraphCache(const CvaeNetwork<float>& network, ModelKind kind, const LossWeights& weights)
      : network_(network), kind_(kind), weights_(weights) {}
  TrainingGraph<float>& get(int rows) {
    auto& slot = graphs_[rows];
    if (!slot) slot = build_training_graph(network_, kind_, weights_, rows);
    return *slot;
  }

 private:
  const CvaeNetwork<float>& network_;
  ModelKind kind_;
  LossWeights weights_;
  std::map<int, std::unique_ptr<TrainingGraph<float>>> graphs_;
};

double mean_loss(GraphCache& cache, const TrainingData& data, const std::vector<int>& rows) {
  constexpr int kChunk = 4096;
  double total = 0.0;
  for (std::size_t start = 0; start < rows.size(); start += kChunk) {
    const int count = static_cast<int>(std::min<std::size_t>(kChunk, rows.size() - start));
    auto& t = cache.get(count);
    t.fill(data, rows.data() + start, nullptr);
    t.graph.forward();
    total += static_cast<double>(t.graph.value(t.loss)(0, 0)) * count;
  }
  return rows.empty() ? 0.0 : total / static_cast<double>(rows.size());
}

}  // namespace

double evaluate_loss(CvaeNetwork<float>& network, ModelKind kind, const LossWeights& weights,
                     const TrainingData& data, const std::vector<int>& rows) {
  GraphCache cache(network, kind, weights);
  return mean_loss(cache, data, rows);
}

TrainingResult train(CvaeNetwork<float>& network, ModelKind kind, const LossWeights& weights,
                     const TrainingData& data, const std::vector<int>& train_rows,
                     const std::vector<int>& validation_rows, const TrainerOptions& options, Rng& rng,
                     const EpochCallback& on_epoch) {
  GraphCache cache(network, kind, weights);
  auto& params = network.parameters();
  nn::Adam<float> adam(params, {options.learning_rate, 0.9, 0.999, 1e-8});

  // Without a validation split, judge on the training rows themselves.
  const std::vector<int>& judged = validation_rows.empty() ? train_rows : validation_rows;
  TrainingResult result;
  result.initial_validation_loss = mean_loss(cache, data, judged);
  result.best_validation_loss = std::numeric_limits<double>::infinity();

  std::vector<nn::Matrix<float>> best;
  for (const auto& p : params) best.push_back(p.value);

  std::vector<int> order = train_rows;
  int stale = 0;
  const int batch = std::max(1, options.batch_size);
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    rng.shuffle(order);
    double total = 0.0;
    for (std::size_t start = 0; start < order.size(); start += batch) {
      const int count = static_cast<int>(std::min<std::size_t>(batch, order.size() - start));
      auto& t = cache.get(count);
      t.fill(data, order.data() + start, &rng);
      t.graph.forward();
      t.graph.backward(t.loss);
      adam.step();
      total += static_cast<double>(t.graph.value(t.loss)(0, 0)) * count;
    }
    EpochRecord record;
    record.epoch = epoch;
    record.train_loss = order.empty() ? 0.0 : total / static_cast<double>(order.size());
    record.validation_loss = mean_loss(cache, data, judged);
    result.history.push_back(record);

    if (record.validation_loss < result.best_validation_loss) {
      result.best_validation_loss = record.validation_loss;
      result.best_epoch = epoch;
      for (std::size_t i = 0; i < params.size(); ++i) best[i] = params[i].value;
      stale = 0;
    } else {
      ++stale;
    }
    if (on_epoch) on_epoch(record, result, stale);
    if (stale >= options.patience) {
      result.stopped_early = true;
      break;
    }
  }
  // Improvement over the reference: keep the weights of the best validation epoch.
  for (std::size_t i = 0; i < params.size(); ++i) params[i].value = best[i];
  return result;
}

}  // namespace causalmix::vae
