// The model file: one line of header (magic, format version, payload size, FNV-1a checksum)
// then a JSON payload with everything a sandbox needs to sample again bit for bit: schema,
// encoding, knobs, options, training history, network weights (raw IEEE bytes, base64)
// and the mixture parameters (GaussianMixture's own JSON; numbers round-trip exactly).
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "causalmix/version.hpp"
#include "sandbox/state.hpp"

namespace causalmix {

namespace {

using nlohmann::json;

constexpr const char* kMagic = "CAUSALMIX-MODEL";
constexpr int kFormatVersion = 1;

std::uint64_t fnv1a64(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = bytes[i] << 16;
    if (i + 1 < bytes.size()) v |= bytes[i + 1] << 8;
    if (i + 2 < bytes.size()) v |= bytes[i + 2];
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[v & 63] : '=';
  }
  return out;
}

std::vector<std::uint8_t> base64_decode(const std::string& text) {
  int table[256];
  std::fill(std::begin(table), std::end(table), -1);
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kBase64[i])] = i;
  std::vector<std::uint8_t> out;
  std::uint32_t v = 0;
  int bits = 0;
  for (unsigned char c : text) {
    if (c == '=') break;
    if (table[c] < 0) throw Error("invalid base64 in weights");
    v = (v << 6) | static_cast<std::uint32_t>(table[c]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((v >> bits) & 0xFF));
    }
  }
  return out;
}

// Doubles that may be infinite (bounds) or NaN travel as strings.
json number(double v) {
  if (std::isfinite(v)) return v;
  if (std::isnan(v)) return "nan";
  return v > 0 ? "inf" : "-inf";
}
double number(const json& j) {
  if (j.is_number()) return j.get<double>();
  const auto s = j.get<std::string>();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  return std::numeric_limits<double>::quiet_NaN();
}

json vector_json(const Eigen::VectorXd& v) {
  json a = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(number(v(i)));
  return a;
}
Eigen::VectorXd vector_from(const json& a) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) v(static_cast<Eigen::Index>(i)) = number(a[i]);
  return v;
}
json spec_json(const ColumnSpec& c) {
  json j{{"name", c.name}, {"type", to_string(c.type)}};
  if (!c.levels.empty()) j["levels"] = c.levels;
  if (c.lower) j["lower"] = number(*c.lower);
  if (c.upper) j["upper"] = number(*c.upper);
  return j;
}
ColumnSpec spec_from(const json& j) {
  ColumnSpec c;
  c.name = j.at("name").get<std::string>();
  c.type = parse_column_type(j.at("type").get<std::string>());
  if (j.contains("levels")) c.levels = j["levels"].get<std::vector<std::string>>();
  if (j.contains("lower")) c.lower = number(j["lower"]);
  if (j.contains("upper")) c.upper = number(j["upper"]);
  return c;
}

json options_json(const FitOptions& o) {
  return json{{"hidden", o.hidden},
              {"batch_size", o.batch_size},
              {"max_epochs", o.max_epochs},
              {"patience", o.patience},
              {"learning_rate", o.learning_rate},
              {"kl_weight", o.kl_weight},
              {"validation_split", o.validation_split},
              {"covariate_latent", o.covariate_latent},
              {"outcome_latent", o.outcome_latent},
              {"effect_rigidity", o.effect_rigidity},
              {"confounding_rigidity", o.confounding_rigidity},
              {"effect_blend", o.effect_blend},
              {"confounding_blend", o.confounding_blend},
              {"effect_variance_weight", o.effect_variance_weight},
              {"confounding_variance_weight", o.confounding_variance_weight},
              {"overlap_weight", o.overlap_weight},
              {"overlap_sampled_weight", o.overlap_sampled_weight},
              {"point_mass_share", o.point_mass_share},
              {"mixture", o.mixture.to_json()},
              {"seed", o.seed}};
}
FitOptions options_from(const json& j) {
  FitOptions o;
  o.hidden = j.at("hidden").get<std::vector<int>>();
  o.batch_size = j.at("batch_size");
  o.max_epochs = j.at("max_epochs");
  o.patience = j.at("patience");
  o.learning_rate = j.at("learning_rate");
  o.kl_weight = j.at("kl_weight");
  o.validation_split = j.at("validation_split");
  o.covariate_latent = j.at("covariate_latent");
  o.outcome_latent = j.at("outcome_latent");
  o.effect_rigidity = j.at("effect_rigidity");
  o.confounding_rigidity = j.at("confounding_rigidity");
  o.effect_blend = j.at("effect_blend");
  o.confounding_blend = j.at("confounding_blend");
  o.effect_variance_weight = j.at("effect_variance_weight");
  o.confounding_variance_weight = j.at("confounding_variance_weight");
  o.overlap_weight = j.at("overlap_weight");
  o.overlap_sampled_weight = j.at("overlap_sampled_weight");
  o.point_mass_share = j.at("point_mass_share");
  o.mixture = MixtureOptions::from_json(j.at("mixture"));
  o.seed = j.at("seed");
  return o;
}

const char* head_kind_name(vae::HeadKind k) {
  switch (k) {
    case vae::HeadKind::Gaussian: return "gaussian";
    case vae::HeadKind::Hurdle: return "hurdle";
    case vae::HeadKind::Binary: return "binary";
    case vae::HeadKind::Categorical: return "categorical";
  }
  return "?";
}
vae::HeadKind head_kind_from(const std::string& s) {
  if (s == "gaussian") return vae::HeadKind::Gaussian;
  if (s == "hurdle") return vae::HeadKind::Hurdle;
  if (s == "binary") return vae::HeadKind::Binary;
  if (s == "categorical") return vae::HeadKind::Categorical;
  throw Error("unknown head kind '" + s + "'");
}

json model_json(const sandbox::LatentModel& m) {
  json heads = json::array();
  for (const auto& h : m.shape.layout.heads)
    heads.push_back({{"name", h.name},
                     {"kind", head_kind_name(h.kind)},
                     {"column", h.encoded_column},
                     {"lower", number(h.lower)},
                     {"upper", number(h.upper)},
                     {"atom", number(h.atom)},
                     {"atom_is_minimum", h.atom_is_minimum},
                     {"levels", h.levels}});
  json history = json::array();
  for (const auto& e : m.training.history)
    history.push_back({{"epoch", e.epoch}, {"train_loss", number(e.train_loss)},
                       {"validation_loss", number(e.validation_loss)}});
  return json{
      {"shape",
       {{"input_width", m.shape.input_width},
        {"condition_width", m.shape.condition_width},
        {"latent", m.shape.latent},
        {"hidden", m.shape.hidden},
        {"arms", m.shape.arms},
        {"heads", heads}}},
      {"weights", base64_encode(m.network->parameters().save())},
      {"training",
       {{"history", history},
        {"best_epoch", m.training.best_epoch},
        {"best_validation_loss", number(m.training.best_validation_loss)},
        {"initial_validation_loss", number(m.training.initial_validation_loss)},
        {"stopped_early", m.training.stopped_early}}},
      {"mixture", m.mixture.to_json()},
      {"noise_logvar", vector_json(m.noise_logvar)}};
}

void model_from(const json& j, sandbox::LatentModel& m) {
  const auto& shape = j.at("shape");
  m.shape.input_width = shape.at("input_width");
  m.shape.condition_width = shape.at("condition_width");
  m.shape.latent = shape.at("latent");
  m.shape.hidden = shape.at("hidden").get<std::vector<int>>();
  m.shape.arms = shape.at("arms");
  std::vector<vae::VariableHead> heads;
  for (const auto& h : shape.at("heads")) {
    vae::VariableHead head;
    head.name = h.at("name");
    head.kind = head_kind_from(h.at("kind"));
    head.encoded_column = h.at("column");
    head.lower = number(h.at("lower"));
    head.upper = number(h.at("upper"));
    head.atom = number(h.at("atom"));
    head.atom_is_minimum = h.at("atom_is_minimum");
    head.levels = h.at("levels");
    heads.push_back(head);
  }
  m.shape.layout = vae::layout_from_heads(std::move(heads));
  Rng unused(0);  // initial weights are overwritten by the stored ones
  m.network = std::make_unique<vae::CvaeNetwork<float>>(m.shape, unused);
  m.network->parameters().load(base64_decode(j.at("weights").get<std::string>()));
  const auto& t = j.at("training");
  for (const auto& e : t.at("history"))
    m.training.history.push_back({e.at("epoch"), number(e.at("train_loss")), number(e.at("validation_loss"))});
  m.training.best_epoch = t.at("best_epoch");
  m.training.best_validation_loss = number(t.at("best_validation_loss"));
  m.training.initial_validation_loss = number(t.at("initial_validation_loss"));
  m.training.stopped_early = t.at("stopped_early");
  m.mixture = GaussianMixture::from_json(j.at("mixture"));
  m.noise_logvar = vector_from(j.at("noise_logvar"));
}

}  // namespace

std::string Sandbox::serialize() const {
  const State& s = *state_;
  json encoding = json::array();
  for (const auto& c : s.encoding.columns())
    encoding.push_back({{"spec", spec_json(c.spec)},
                        {"mean", number(c.mean)},
                        {"scale", number(c.scale)},
                        {"lower_z", number(c.lower_z)},
                        {"upper_z", number(c.upper_z)}});
  json standardization = json::object();
  for (const auto& [name, ms] : s.standardization.mean_sd)
    standardization[name] = {number(ms.first), number(ms.second)};
  json knobs{{"effect", s.knobs.effect}, {"confounding", s.knobs.confounding}, {"overlap", s.knobs.overlap}};
  if (s.knobs.propensity) knobs["propensity"] = *s.knobs.propensity;
  json doc{{"causalmix_version", kVersion},
           {"treatment", s.treatment},
           {"outcome", s.outcome},
           {"covariates", s.covariates},
           {"knobs", knobs},
           {"options", options_json(s.options)},
           {"encoding", encoding},
           {"standardization", standardization},
           {"treatment_rate", number(s.treatment_rate)},
           {"attained_exp_alpha", number(s.attained_exp_alpha)},
           {"training_rows", s.training_rows},
           {"validation_rows", s.validation_rows},
           {"warnings", s.warnings},
           {"covariate_model", model_json(s.covariate_model)},
           {"outcome_model", model_json(s.outcome_model)}};
  const std::string payload = doc.dump(1);
  char header[128];
  std::snprintf(header, sizeof header, "%s %d %zu %016llx\n", kMagic, kFormatVersion, payload.size(),
                static_cast<unsigned long long>(fnv1a64(payload)));
  return header + payload;
}

Sandbox Sandbox::deserialize(const std::string& bytes, const std::string& source) {
  const auto newline = bytes.find('\n');
  const std::string magic = std::string(kMagic) + " ";
  if (bytes.compare(0, magic.size(), magic) != 0 || newline == std::string::npos)
    throw Error(source + ": not a causalmix model file");
  int version = 0;
  std::size_t size = 0;
  unsigned long long checksum = 0;
  if (std::sscanf(bytes.c_str() + magic.size(), "%d %zu %llx", &version, &size, &checksum) != 3)
    throw Error(source + ": damaged model file header");
  if (version != kFormatVersion)
    throw Error(source + ": model file format version " + std::to_string(version) + "; this causalmix (" +
                kVersion + ") reads version " + std::to_string(kFormatVersion) + ": fit the sandbox again");
  const std::string payload = bytes.substr(newline + 1);
  if (payload.size() < size)
    throw Error(source + ": model file is truncated (" + std::to_string(payload.size()) + " of " +
                std::to_string(size) + " bytes)");
  if (payload.size() > size || fnv1a64(payload) != checksum)
    throw Error(source + ": model file is corrupted (checksum mismatch)");

  auto state = std::make_unique<State>();
  State& s = *state;
  try {
    const json doc = json::parse(payload);
    s.treatment = doc.at("treatment");
    s.outcome = doc.at("outcome");
    s.covariates = doc.at("covariates").get<std::vector<std::string>>();
    const auto& k = doc.at("knobs");
    s.knobs.effect = k.at("effect");
    s.knobs.confounding = k.at("confounding");
    s.knobs.overlap = k.at("overlap");
    if (k.contains("propensity")) s.knobs.propensity = k["propensity"].get<std::string>();
    s.options = options_from(doc.at("options"));
    std::vector<ColumnEncoding> columns;
    for (const auto& c : doc.at("encoding")) {
      ColumnEncoding e;
      e.spec = spec_from(c.at("spec"));
      e.mean = number(c.at("mean"));
      e.scale = number(c.at("scale"));
      e.lower_z = number(c.at("lower_z"));
      e.upper_z = number(c.at("upper_z"));
      columns.push_back(std::move(e));
    }
    s.encoding = Encoding(std::move(columns));
    for (const auto& [name, ms] : doc.at("standardization").items())
      s.standardization.mean_sd[name] = {number(ms.at(0)), number(ms.at(1))};
    s.treatment_rate = number(doc.at("treatment_rate"));
    s.attained_exp_alpha = number(doc.at("attained_exp_alpha"));
    s.training_rows = doc.at("training_rows");
    s.validation_rows = doc.at("validation_rows");
    s.warnings = doc.at("warnings").get<std::vector<std::string>>();
    model_from(doc.at("covariate_model"), s.covariate_model);
    model_from(doc.at("outcome_model"), s.outcome_model);
    Schema schema;
    for (const auto& c : s.encoding.columns()) schema.push_back(c.spec);
    s.compiled_knobs = sandbox::CompiledKnobs::compile(s.knobs, schema, s.treatment);
  } catch (const json::exception& e) {
    throw Error(source + ": model file is damaged: " + e.what());
  }
  return Sandbox(std::move(state));
}

void Sandbox::save(const std::string& path) const { write_file_atomic(path, serialize()); }

Sandbox Sandbox::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open model file (" + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return deserialize(buffer.str(), path);
}

}  // namespace causalmix
