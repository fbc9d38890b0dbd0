// The parameter registry and its bit-exact byte format:
//   "CMXPARAM" | u32 format version | u32 scalar bytes | u64 count |
//   count × (u64 name length | name | u64 rows | u64 cols | rows·cols raw scalars, row-major)
// integers little-endian as stored in memory (the format is for this machine's round trips:
// checkpoints and model files, not for exchange between architectures).
#include <algorithm>
#include <cstring>
#include <string>

#include "causalmix/error.hpp"
#include "nn/graph.hpp"

namespace causalmix::nn {
namespace {

constexpr char kMagic[8] = {'C', 'M', 'X', 'P', 'A', 'R', 'A', 'M'};
constexpr std::uint32_t kFormatVersion = 1;

std::string shape(long rows, long cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

void put_bytes(std::vector<std::uint8_t>& out, const void* data, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n);
  if (n > 0) std::memcpy(out.data() + at, data, n);
}

template <class T>
void put(std::vector<std::uint8_t>& out, const T& v) {
  put_bytes(out, &v, sizeof(T));
}

// Reads from a byte buffer, throwing on truncation.
class Reader {
 public:
  explicit Reader(const std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}
  void read(void* dst, std::size_t n, const char* what) {
    if (n > bytes_.size() - pos_)
      throw Error(std::string("nn::ParameterSet::load: input truncated while reading ") + what +
                  " at byte " + std::to_string(pos_) + " of " + std::to_string(bytes_.size()));
    if (n > 0) std::memcpy(dst, bytes_.data() + pos_, n);
    pos_ += n;
  }
  void skip(std::size_t n) { pos_ += n; }  // callers check remaining() first
  template <class T>
  T get(const char* what) {
    T v;
    read(&v, sizeof(T), what);
    return v;
  }
  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  const std::vector<std::uint8_t>& bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

template <class S>
Parameter<S>& ParameterSet<S>::add(const std::string& name, int rows, int cols) {
  if (rows <= 0 || cols <= 0)
    throw Error("nn::ParameterSet::add: parameter '" + name + "' has empty shape " +
                shape(rows, cols));
  for (const auto& p : params_)
    if (p.name == name)
      throw Error("nn::ParameterSet::add: duplicate parameter name '" + name + "'");
  Parameter<S>& p = params_.emplace_back();
  p.name = name;
  p.value = Matrix<S>::Zero(rows, cols);
  p.grad = Matrix<S>::Zero(rows, cols);
  return p;
}

template <class S>
void ParameterSet<S>::zero_grad() {
  for (auto& p : params_) p.grad.setZero();
}

template <class S>
std::size_t ParameterSet<S>::scalar_count() const {
  std::size_t n = 0;
  for (const auto& p : params_) n += static_cast<std::size_t>(p.value.size());
  return n;
}

template <class S>
std::vector<std::uint8_t> ParameterSet<S>::save() const {
  std::vector<std::uint8_t> out;
  put_bytes(out, kMagic, sizeof(kMagic));
  put(out, kFormatVersion);
  put(out, static_cast<std::uint32_t>(sizeof(S)));
  put(out, static_cast<std::uint64_t>(params_.size()));
  for (const auto& p : params_) {
    put(out, static_cast<std::uint64_t>(p.name.size()));
    put_bytes(out, p.name.data(), p.name.size());
    put(out, static_cast<std::uint64_t>(p.value.rows()));
    put(out, static_cast<std::uint64_t>(p.value.cols()));
    put_bytes(out, p.value.data(), sizeof(S) * static_cast<std::size_t>(p.value.size()));
  }
  return out;
}

template <class S>
void ParameterSet<S>::load(const std::vector<std::uint8_t>& bytes) {
  // Check everything before writing anything, so a failed load leaves the values intact.
  Reader in(bytes);
  char magic[sizeof(kMagic)];
  in.read(magic, sizeof(magic), "the header");
  if (std::memcmp(magic, kMagic, sizeof(kMagic)) != 0)
    throw Error("nn::ParameterSet::load: not a parameter file (bad magic bytes)");
  const auto version = in.get<std::uint32_t>("the format version");
  if (version != kFormatVersion)
    throw Error("nn::ParameterSet::load: format version " + std::to_string(version) +
                ", expected " + std::to_string(kFormatVersion));
  const auto scalar_bytes = in.get<std::uint32_t>("the scalar size");
  if (scalar_bytes != sizeof(S))
    throw Error("nn::ParameterSet::load: saved with " + std::to_string(scalar_bytes) +
                "-byte scalars, loading into " + std::to_string(sizeof(S)) + "-byte scalars");
  const auto count = in.get<std::uint64_t>("the parameter count");
  if (count != params_.size())
    throw Error("nn::ParameterSet::load: " + std::to_string(count) + " parameters saved, " +
                std::to_string(params_.size()) + " expected");
  std::vector<std::size_t> offsets;
  offsets.reserve(params_.size());
  for (const auto& p : params_) {
    const auto name_length = in.get<std::uint64_t>("a parameter name");
    if (name_length > in.remaining())
      throw Error("nn::ParameterSet::load: input truncated in the name of '" + p.name + "'");
    std::string name(name_length, '\0');
    in.read(name.data(), name_length, "a parameter name");
    if (name != p.name)
      throw Error("nn::ParameterSet::load: found parameter '" + name + "' where '" + p.name +
                  "' was expected");
    const auto rows = in.get<std::uint64_t>("a shape");
    const auto cols = in.get<std::uint64_t>("a shape");
    if (rows != static_cast<std::uint64_t>(p.value.rows()) ||
        cols != static_cast<std::uint64_t>(p.value.cols()))
      throw Error("nn::ParameterSet::load: parameter '" + p.name + "' saved as " +
                  std::to_string(rows) + "×" + std::to_string(cols) + ", expected " +
                  shape(p.value.rows(), p.value.cols()));
    const std::size_t n = sizeof(S) * static_cast<std::size_t>(p.value.size());
    if (n > in.remaining())
      throw Error("nn::ParameterSet::load: input truncated in the values of '" + p.name + "'");
    offsets.push_back(in.position());
    in.skip(n);  // copied once every check has passed
  }
  if (in.remaining() != 0)
    throw Error("nn::ParameterSet::load: " + std::to_string(in.remaining()) +
                " unexpected bytes after the last parameter");
  std::size_t i = 0;
  for (auto& p : params_)
    std::memcpy(p.value.data(), bytes.data() + offsets[i++],
                sizeof(S) * static_cast<std::size_t>(p.value.size()));
}

template class ParameterSet<float>;
template class ParameterSet<double>;

}  // namespace causalmix::nn
