/** Scoring with a trained factor model: the predicted preference of user u for every item. */
import { dot } from "../linalg/kernels.js";

/** out[v] = x_uᵀ y_v for every item v (the FCF/ALS prediction of p_uv); returns out. */
export function scoreUser(
  X: Float64Array,
  u: number,
  Y: Float64Array,
  nItems: number,
  f: number,
  out: Float64Array,
): Float64Array {
  const xo = u * f;
  for (let v = 0; v < nItems; v++) out[v] = dot(X, xo, Y, v * f, f);
  return out;
}
