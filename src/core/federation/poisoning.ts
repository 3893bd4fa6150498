/**
 * Model poisoning by malicious clients (what an attacker's device uploads instead of its honest G_u):
 *  - scale: b·G_u (boosted honest update);
 *  - sign-flip: −b·G_u (pushes the model away from the data);
 *  - promote:<t>: the honest upload with row t replaced by b·‖G_u‖·d/‖d‖, d = (YᵀY + λI)⁻¹ Σ_v y_v — the
 *    direction a typical user's x_u takes (x_u solves (YᵀC_uY + λI)x = YᵀC_u p_u), computable from the
 *    broadcast alone, so y_t moves towards every user's x and t climbs everyone's list.
 * Which clients are malicious is drawn once per run with the caller's rng. Pure.
 */
import type { Rng } from "../rng.js";
import { choleskyInPlace, choleskySolve } from "../linalg/kernels.js";
import type { Broadcast } from "./types.js";

/** The poisoning attack of --attack-kind. */
export type AttackKind = { kind: "scale" } | { kind: "sign-flip" } | { kind: "promote"; target: number };

/** The malicious clients: each of n is malicious with probability `fraction` (exactly round(fraction·n), uniform). */
export function drawMalicious(n: number, fraction: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(n);
  const k = Math.round(fraction * n);
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = ids[i];
    ids[i] = ids[j];
    ids[j] = t;
    out[ids[i]] = 1;
  }
  return out;
}

/** Overwrites `update` (the honest G_u, nItems×f) with the attacker's upload. */
export function poisonUpdate(update: Float64Array, attack: AttackKind, boost: number, b: Broadcast, lambda: number): void {
  if (attack.kind === "scale" || attack.kind === "sign-flip") {
    const s = attack.kind === "scale" ? boost : -boost;
    for (let i = 0; i < update.length; i++) update[i] *= s;
    return;
  }
  const f = b.f;
  const sum = new Float64Array(f);
  for (let v = 0; v < b.nItems; v++) for (let k = 0; k < f; k++) sum[k] += b.Y[v * f + k];
  const A = b.YtY.slice();
  for (let k = 0; k < f; k++) A[k * f + k] += lambda;
  const d = new Float64Array(f);
  if (choleskyInPlace(A, f)) choleskySolve(A, f, sum, d);
  let nd = 0;
  let ng = 0;
  for (let k = 0; k < f; k++) nd += d[k] * d[k];
  for (let i = 0; i < update.length; i++) ng += update[i] * update[i];
  const scale = nd > 0 ? (boost * Math.max(Math.sqrt(ng), 1)) / Math.sqrt(nd) : 0;
  const t = attack.target;
  for (let k = 0; k < f; k++) update[t * f + k] = scale * d[k];
}
