// Log-gamma, digamma and log-beta for positive arguments, as the variational mixture needs
// them. Our own, so that they are reentrant (glibc's lgamma writes the global signgam).
#pragma once

namespace causalmix::prior {

// ln Γ(x) for x > 0.
double log_gamma(double x);
// ψ(x) = d/dx ln Γ(x) for x > 0.
double digamma(double x);
// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0.
double log_beta(double a, double b);

}  // namespace causalmix::prior
