// Training progress on stderr: one line per model every few epochs and when it stops.
#pragma once

#include "causalmix/sandbox.hpp"

namespace causalmix::cli {

// A callback that prints progress (or nothing when quiet).
ProgressCallback stderr_progress(bool quiet);

}  // namespace causalmix::cli
