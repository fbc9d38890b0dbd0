// Forward-only graphs for generation: the covariate decoder (both arms, and the
// log-likelihood of drawn covariates under each) and the outcome decoder (observed and
// flipped treatment), plus drawing variable values from activated head outputs.
#pragma once

#include <memory>

#include "vae/network.hpp"

namespace causalmix::vae {

struct CovariateDecoder {
  nn::Graph<float> graph;
  nn::Var z, targets, atom_mask;
  CvaeNetwork<float>::Arm arm0, arm1;  // decoded at T = 0 and T = 1
  nn::Var nll0, nll1;                  // −log p(targets | z, T = t); created after the passes
};
std::unique_ptr<CovariateDecoder> build_covariate_decoder(const CvaeNetwork<float>& network, int rows);

struct OutcomeDecoder {
  nn::Graph<float> graph;
  nn::Var z, condition, treatment;
  CvaeNetwork<float>::Arm arm0, arm1;    // observed T
  CvaeNetwork<float>::Arm flip0, flip1;  // T flipped
};
std::unique_ptr<OutcomeDecoder> build_outcome_decoder(const CvaeNetwork<float>& network, int rows);

struct EncoderOutputs {
  Eigen::MatrixXd mean, logvar;  // rows × latent
};
// Encoder means and log-variances of the given rows of `input`.
EncoderOutputs encode_rows(const CvaeNetwork<float>& network, const RowMatrixF& input, const std::vector<int>& rows);

// Draws every variable of the layout for one row from an arm's activated outputs, writing
// standardised values or codes into `out` (layout order). Continuous draws are clamped to
// their bounds; a hurdle draws its atom with probability sigmoid(logit).
void draw_variables(const HeadLayout& layout, const nn::Graph<float>& graph, const CvaeNetwork<float>::Arm& arm,
                    int row, Rng& rng, double* out);

// An arm's expected values (means or probabilities) for one row and variable.
inline double expected_value(const nn::Graph<float>& graph, const CvaeNetwork<float>::Arm& arm, int row, int variable) {
  return static_cast<double>(graph.value(arm.expected)(row, variable));
}

}  // namespace causalmix::vae
