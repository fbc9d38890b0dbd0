// Training one conditional VAE: Adam over shuffled mini-batches of the training rows,
// validation loss after every epoch, early stopping with the best weights restored.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "vae/objective.hpp"

namespace causalmix::vae {

struct TrainerOptions {
  int batch_size = 10;
  int max_epochs = 1000;
  int patience = 5;
  double learning_rate = 1e-3;
};

struct EpochRecord {
  int epoch = 0;
  double train_loss = 0, validation_loss = 0;
};

struct TrainingResult {
  std::vector<EpochRecord> history;
  int best_epoch = 0;
  double best_validation_loss = 0;
  double initial_validation_loss = 0;  // before the first step
  bool stopped_early = false;
};

using EpochCallback = std::function<void(const EpochRecord&, const TrainingResult&, int epochs_without_improvement)>;

// Trains `network` in place on `train_rows` of `data`, judged on `validation_rows`
// (the whole validation set in one batch, with z = μ so the judgement is not noisy).
// Deterministic for `rng`'s seed.
TrainingResult train(CvaeNetwork<float>& network, ModelKind kind, const LossWeights& weights,
                     const TrainingData& data, const std::vector<int>& train_rows,
                     const std::vector<int>& validation_rows, const TrainerOptions& options, Rng& rng,
                     const EpochCallback& on_epoch = {});

// Mean loss over `rows` with z = μ (no noise), in batches of at most 4096 rows.
double evaluate_loss(CvaeNetwork<float>& network, ModelKind kind, const LossWeights& weights,
                     const TrainingData& data, const std::vector<int>& rows);

}  // namespace causalmix::vae
