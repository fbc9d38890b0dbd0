// The demo table (data/lalonde.csv), embedded in the program at build time.
#pragma once

namespace causalmix::cli {
extern const char* const kLalondeCsv;
}
