import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeNpy, encodeNpy } from "../../src/core/model/npy.js";
import { makeRng, normal } from "../../src/core/rng.js";

function randomMatrix(n: number, f: number, seed: string): Float64Array {
  const rng = makeRng(seed);
  return Float64Array.from({ length: n * f }, () => normal(rng) * 3);
}

describe(".npy v1.0", () => {
  it.each([
    [[7, 3], "f4"],
    [[1000, 16], "f4"],
    [[5, 5], "f8"],
    [[0, 4], "f8"],
  ] as const)("shape %j %s: header+magic is a multiple of 64 and decode(encode(x)) is x (at the dtype)", (shape, dtype) => {
    const data = randomMatrix(shape[0], shape[1], "npy");
    const bytes = encodeNpy(data, shape, dtype);
    const headerLen = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
    const back = decodeNpy(bytes);
    expect(back.shape).toEqual([...shape]);
    expect(back.dtype).toBe(dtype);
    expect(Array.from(back.data)).toEqual(Array.from(data, (x) => (dtype === "f4" ? Math.fround(x) : x)));
  });

  it("writes byte for byte what numpy.save writes, and numpy reads our bytes back equal", () => {
    const dir = mkdtempSync(join(tmpdir(), "fedrec-npy-"));
    const data = randomMatrix(9, 4, "np");
    for (const dtype of ["f4", "f8"] as const) {
      writeFileSync(join(dir, `ours-${dtype}.npy`), encodeNpy(data, [9, 4], dtype));
      writeFileSync(join(dir, `vals-${dtype}.json`), JSON.stringify(Array.from(data)));
      const script = [
        "import numpy as np, json, sys",
        `d = sys.argv[1]; t = '${dtype}'`,
        "ref = np.array(json.load(open(f'{d}/vals-{t}.json')), dtype='<'+t).reshape(9, 4)",
        "np.save(f'{d}/numpy-{t}.npy', ref)",
        "ours = np.load(f'{d}/ours-{t}.npy', allow_pickle=False)",
        "assert ours.dtype == ref.dtype and ours.shape == ref.shape, (ours.dtype, ours.shape)",
        "assert np.array_equal(ours, ref)",
        "print('ok')",
      ].join("\n");
      expect(execFileSync("python3", ["-c", script, dir], { encoding: "utf8" }).trim()).toBe("ok");
      expect(Buffer.compare(readFileSync(join(dir, `numpy-${dtype}.npy`)), readFileSync(join(dir, `ours-${dtype}.npy`)))).toBe(0);
    }
  });

  it("rejects a bad magic, a wrong dtype and truncated data with one-line errors", () => {
    const good = encodeNpy(new Float64Array([1, 2, 3, 4]), [2, 2], "f4");
    const badMagic = good.slice();
    badMagic[1] = 0;
    expect(() => decodeNpy(badMagic)).toThrow(/bad magic/);
    expect(() => decodeNpy(good.subarray(0, good.length - 1))).toThrow(/needs 16/);
    const i8 = good.slice();
    const text = Buffer.from(i8).toString("latin1").replace("<f4", "<i4");
    expect(() => decodeNpy(Uint8Array.from(Buffer.from(text, "latin1")))).toThrow(/unsupported dtype <i4/);
    expect(() => encodeNpy(new Float64Array(3), [2, 2])).toThrow(/holds 4 values/);
  });
});
