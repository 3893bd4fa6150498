import { describe, it, expect } from "vitest";
import { computeRdp, dpEpsilon, epsilonFromRdp, rdpSubsampledGaussian } from "../../src/core/privacy/rdp.js";

// Published reference values: google/differential-privacy, python/dp_accounting/rdp/rdp_privacy_accountant_test.py
describe("RDP accountant of the subsampled Gaussian mechanism", () => {
  // TF-Privacy / dp_accounting (2021–2023 versions) test_compute_rdp_sequence: rtol 1e-4. Later dp_accounting releases
  // changed fractional orders (6.7058e-4 at α = 1.5); this file implements Mironov et al.'s A_α, which the
  // numerical integral below confirms independently.
  it("matches the published RDP for q = 0.01, σ = 2.5, 50 steps (fractional and integer orders)", () => {
    const orders = [1.5, 2.5, 5, 50, 100];
    const expected = [6.5007e-4, 1.0854e-3, 2.1808e-3, 2.3846e-2, 1.6742e2];
    const got = computeRdp(0.01, 2.5, 50, orders);
    got.forEach((g, k) => expect(Math.abs(g - expected[k]) / expected[k]).toBeLessThan(1e-4));
  });

  it("equals log(A_α)/(α−1) with A_α = ∫ N(z;0,σ²)·((1−q) + q·e^((2z−1)/(2σ²)))^α dz by quadrature", () => {
    for (const [q, sigma, alpha] of [[0.01, 2.5, 1.5], [0.05, 1.1, 3.7], [0.2, 0.9, 8]]) {
      const h = 1e-3;
      let A = 0;
      for (let z = -40 * sigma; z <= 40 * sigma; z += h) {
        const mu0 = Math.exp(-(z * z) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
        A += h * mu0 * Math.pow(1 - q + q * Math.exp((2 * z - 1) / (2 * sigma * sigma)), alpha);
      }
      const exact = Math.log(A) / (alpha - 1);
      expect(Math.abs(rdpSubsampledGaussian(q, sigma, alpha) - exact) / exact).toBeLessThan(1e-6);
    }
  });

  it("converts constant RDP 1.1 over orders 2..32 to ε = 1.32783806176 at δ = 1e-5 (order 32)", () => {
    const orders = Array.from({ length: 31 }, (_, i) => i + 2);
    const r = epsilonFromRdp(orders, orders.map(() => 1.1), 1e-5);
    expect(r.epsilon).toBeCloseTo(1.32783806176, 9);
    expect(r.order).toBe(32);
  });

  it("gives ε = 1 at δ = 1e-6 for the full-batch Gaussian with σ = 4.530877117", () => {
    const orders = Array.from({ length: 99000 }, (_, i) => 0.001 * (i + 1000)).filter((a) => a > 1);
    expect(epsilonFromRdp(orders, computeRdp(1, 4.530877117, 1, orders), 1e-6).epsilon).toBeCloseTo(1, 3);
  });

  it("is monotone: more noise → smaller ε, more steps → larger ε, q = 1 is α/(2σ²)", () => {
    expect(dpEpsilon(0.1, 2, 100, 1e-5)).toBeLessThan(dpEpsilon(0.1, 1, 100, 1e-5));
    expect(dpEpsilon(0.1, 1, 200, 1e-5)).toBeGreaterThan(dpEpsilon(0.1, 1, 100, 1e-5));
    expect(rdpSubsampledGaussian(1, 2, 3)).toBeCloseTo(3 / 8, 12);
  });
});
