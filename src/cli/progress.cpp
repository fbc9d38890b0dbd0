#include "cli/progress.hpp"

#include <cstdio>

namespace causalmix::cli {

ProgressCallback stderr_progress(bool quiet) {
  if (quiet) return {};
  return [](const TrainingProgress& p) {
    // Every 10th epoch, the first few, and the last: enough to see it move, not a flood.
    if (!(p.epoch <= 3 || p.epoch % 10 == 0 || p.stopped)) return;
    std::fprintf(stderr, "  %-10s epoch %4d  train %10.4f  validation %10.4f  best %10.4f  %s\n", p.model.c_str(),
                 p.epoch, p.train_loss, p.validation_loss, p.best_validation_loss,
                 p.stopped ? "stopped" : (p.epochs_without_improvement ? "(no improvement)" : ""));
  };
}

}  // namespace causalmix::cli
