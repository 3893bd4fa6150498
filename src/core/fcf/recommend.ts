/** Scoring with a trained factor model: the predicted preference of user u for every item. */
import { dot } from "../linalg/kernels.js";

/**
 * out[v] = x_uᵀ y_v for every item v (the FCF/ALS prediction of p_uv); returns out. Four items per pass
 * share each load of x_u (four independent sums); each sum runs over a = 0…f−1 in order, so every score
 * has exactly the bits of dot(x_u, y_v).
 */
export function scoreUser(
  X: Float64Array,
  u: number,
  Y: Float64Array,
  nItems: number,
  f: number,
  out: Float64Array,
): Float64Array {
  const xo = u * f;
  let v = 0;
  for (; v + 3 < nItems; v += 4) {
    const o0 = v * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let a = 0; a < f; a++) {
      const x = X[xo + a];
      s0 += x * Y[o0 + a];
      s1 += x * Y[o1 + a];
      s2 += x * Y[o2 + a];
      s3 += x * Y[o3 + a];
    }
    out[v] = s0;
    out[v + 1] = s1;
    out[v + 2] = s2;
    out[v + 3] = s3;
  }
  for (; v < nItems; v++) out[v] = dot(X, xo, Y, v * f, f);
  return out;
}
