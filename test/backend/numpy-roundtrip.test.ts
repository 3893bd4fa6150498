import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readBundle } from "../../src/backend/bundle.js";
import { masterGram, recommendRows, userFactorFromRow } from "../../src/core/fcf/online.js";
import { HYPER, rowOf, trainedBundle } from "./helpers.js";

// NumPy, independently: load item_factors.npy, solve x_u from Y and the user's own feedback row (as a
// device does: (YᵀY + Yᵀ(C_u − I)Y + λI) x = Yᵀ C_u p_u), score, top-10 excluding the user itself.
const NUMPY_TOP10 = `
import json, sys
import numpy as np
bundle, rows_path, alpha, lam = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
Y = np.load(bundle + "/item_factors.npy", allow_pickle=False).astype(np.float64)
out = {}
for u, row in json.load(open(rows_path)).items():
    u = int(u); items = np.array(row["items"], dtype=np.int64); r = np.array(row["values"], dtype=np.float64)
    c = 1.0 + alpha * r; p = (r > 0).astype(np.float64)
    Yo = Y[items]
    A = Y.T @ Y + (Yo.T * (c - 1.0)) @ Yo + lam * np.eye(Y.shape[1])
    x = np.linalg.solve(A, Yo.T @ (c * p))
    s = Y @ x
    s[u] = -np.inf
    order = sorted(range(len(s)), key=lambda v: (-s[v], v))[:10]
    out[u] = order
print(json.dumps(out))
`;

describe("NumPy loads the bundle and recommends what fedrec recommends", () => {
  it.each(["f4", "f8"] as const)("%s: same top-10 for sample users, each x_u from the user's own history", (dtype) => {
    const { dir, R } = trainedBundle(dtype);
    const b = readBundle(dir);
    const { n, f } = b.manifest;
    const YtY = masterGram(b.Y, n, f);
    const users = [0, 7, 13, 29, 42, 59];
    const rows: Record<string, { items: number[]; values: number[] }> = {};
    const ours: Record<string, number[]> = {};
    for (const u of users) {
      const { items, values } = rowOf(R, u);
      rows[u] = { items: Array.from(items), values: Array.from(values) };
      const x = userFactorFromRow(b.Y, f, YtY, HYPER, items, values);
      ours[u] = Array.from(recommendRows(b.Y, n, f, x, u, 10).rows);
    }
    const rowsPath = join(dir, "..", "rows.json");
    writeFileSync(rowsPath, JSON.stringify(rows));
    const out = execFileSync("python3", ["-c", NUMPY_TOP10, dir, rowsPath, String(HYPER.alpha), String(HYPER.lambda)], { encoding: "utf8" });
    const theirs = JSON.parse(out) as Record<string, number[]>;
    for (const u of users) expect(ours[u], `user ${u}`).toEqual(theirs[u]);
    expect(users.some((u) => rowOf(R, u).items.length > 0)).toBe(true);
  });
});
