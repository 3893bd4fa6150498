/**
 * Property-based tests (fast-check, fixed seed so a failure reproduces): the linear-algebra kernels
 * against ml-matrix, the row parsers (arbitrary input never throws, valid rows round-trip), the encoding
 * sniffer, the binary codec (arbitrary bytes fail with an Error message, never a crash of another kind),
 * and the robust aggregators (order-free, bounded by the per-coordinate range).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Matrix, solve } from "ml-matrix";
import { choleskyInPlace, choleskySolve, dot, gram } from "../../src/core/linalg/kernels.js";
import { parseInteractionRow, type InteractionFormat } from "../../src/core/data/formats.js";
import { notTextReason } from "../../src/core/data/encoding.js";
import { decodeReply, encodeReply } from "../../src/sim/transport/codec.js";
import { medianAggregator, normBoundAggregator, trimmedMeanAggregator } from "../../src/core/federation/robust.js";
import type { ClientReply } from "../../src/core/federation/types.js";

const RUNS = { numRuns: 150, seed: 8 };
const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
const matrix = (rows: number, cols: number) => fc.array(finite, { minLength: rows * cols, maxLength: rows * cols }).map((a) => Float64Array.from(a));

describe("kernels vs ml-matrix", () => {
  it("gram(Y) = YᵀY", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.context(), (rows, f, ctx) => {
        const Y = Float64Array.from({ length: rows * f }, (_, i) => Math.sin(i * 12.9898 + rows * 78.233 + f) * 10);
        const ours = gram(Y, rows, f, new Float64Array(f * f));
        const ref = new Matrix(Array.from({ length: rows }, (_, r) => Array.from(Y.subarray(r * f, (r + 1) * f)))).transpose().mmul(new Matrix(Array.from({ length: rows }, (_, r) => Array.from(Y.subarray(r * f, (r + 1) * f)))));
        ctx.log(`${rows}×${f}`);
        for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) expect(ours[i * f + j]).toBeCloseTo(ref.get(i, j), 6);
      }),
      RUNS,
    );
  });

  it("cholesky solve of BᵀB + I equals ml-matrix's solve", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((f) => fc.tuple(fc.constant(f), matrix(f, f), matrix(f, 1))), ([f, B, b]) => {
        const A = gram(B, f, f, new Float64Array(f * f));
        for (let i = 0; i < f; i++) A[i * f + i] += 1;
        const ref = solve(new Matrix(Array.from({ length: f }, (_, i) => Array.from(A.subarray(i * f, (i + 1) * f)))), Matrix.columnVector(Array.from(b)));
        const L = A.slice();
        expect(choleskyInPlace(L, f)).toBe(true);
        const x = choleskySolve(L, f, b, new Float64Array(f));
        const scale = Math.max(1, ...Array.from(ref.to1DArray(), Math.abs));
        x.forEach((v, i) => expect(Math.abs(v - ref.get(i, 0)) / scale).toBeLessThan(1e-6));
      }),
      RUNS,
    );
  });

  it("dot equals the plain sum of products", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { maxLength: 40 }), (pairs) => {
        const a = Float64Array.from(pairs, (p) => p[0]);
        const b = Float64Array.from(pairs, (p) => p[1]);
        const ref = pairs.reduce((s, [x, y]) => s + x * y, 0);
        expect(dot(a, 0, b, 0, a.length)).toBeCloseTo(ref, 3);
      }),
      RUNS,
    );
  });
});

const FORMATS: InteractionFormat[] = ["movielens", "movielens-dat", "interactions", "sociopatterns"];

describe("row parsers", () => {
  it("arbitrary fields never throw: a result with a message, or finite numbers and non-empty ids", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORMATS), fc.array(fc.string({ unit: "binary", maxLength: 20 }), { maxLength: 6 }), (format, fields) => {
        const r = parseInteractionRow(format, fields);
        if (r.ok) {
          expect(Number.isFinite(r.value.weight)).toBe(true);
          expect(r.value.src.length).toBeGreaterThan(0);
          expect(r.value.dst.length).toBeGreaterThan(0);
        } else expect(r.error).toMatch(/\S/);
      }),
      { ...RUNS, numRuns: 500 },
    );
  });

  it("valid rows round-trip: ids and numbers written out are read back", () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/).filter((s) => !/^(src|source|from|user|userid|user_id|u|i|dst|target|to|item|itemid|item_id|v|j)$/i.test(s));
    fc.assert(
      fc.property(id, id, finite, fc.integer({ min: 0, max: 2e9 }), (src, dst, w, t) => {
        const r = parseInteractionRow("interactions", [src, dst, String(w), String(t)]);
        expect(r).toEqual({ ok: true, value: { src, dst, weight: w, time: t } });
        const m = parseInteractionRow("movielens", [String(t % 1000), String((t >> 3) % 1000), String(w), String(t)]);
        expect(m.ok && m.value.weight === w && m.value.time === t).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("encoding sniffer", () => {
  it("UTF-16 encodings of any text (with BOM) are named; plain ASCII CSV is text", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9,\n]{1,200}$/), (s) => {
        expect(notTextReason(new Uint8Array(Buffer.from(s)))).toBeNull();
        const u16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]));
        expect(notTextReason(u16)).toMatch(/UTF-16/);
        expect(notTextReason(new Uint8Array(Buffer.from(s, "utf16le")))).toMatch(/UTF-16/);
      }),
      RUNS,
    );
  });
});

describe("binary codec", () => {
  it("arbitrary bytes decode or fail with an Error that has a message", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom("f32", "f64", "json") as fc.Arbitrary<"f32" | "f64" | "json">, (bytes, format) => {
        try {
          decodeReply(bytes, format);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect((e as Error).message).toMatch(/\S/);
        }
      }),
      { ...RUNS, numRuns: 400 },
    );
  });

  it("a reply round-trips through f64 bit for bit", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 30 }), fc.nat(1000), (values, id) => {
        const r: ClientReply = { clientId: id, round: 2, attempt: 0, count: 1, metrics: {}, update: Float64Array.from(values) };
        expect(Array.from(decodeReply(encodeReply(r, "f64"), "f64").update)).toEqual(Array.from(r.update));
      }),
      RUNS,
    );
  });
});

describe("robust aggregators", () => {
  const replies = fc.integer({ min: 1, max: 5 }).chain((len) => fc.array(fc.array(finite, { minLength: len, maxLength: len }), { minLength: 1, maxLength: 9 }));
  it("order-free, and the per-client estimate lies within each coordinate's range", () => {
    fc.assert(
      fc.property(replies, fc.constantFrom("median", "trim", "norm") as fc.Arbitrary<string>, (us, rule) => {
        const agg = rule === "median" ? medianAggregator : rule === "trim" ? trimmedMeanAggregator(0.25) : normBoundAggregator(null);
        const rs: ClientReply[] = us.map((u, id) => ({ clientId: id, round: 1, attempt: 0, count: 1, metrics: {}, update: Float64Array.from(u) }));
        const a = agg(null, rs).update!;
        expect(Array.from(agg(null, [...rs].reverse()).update!)).toEqual(Array.from(a));
        if (rule !== "norm") {
          for (let i = 0; i < a.length; i++) {
            const col = us.map((u) => u[i]);
            expect(a[i] / us.length).toBeGreaterThanOrEqual(Math.min(...col) - 1e-9);
            expect(a[i] / us.length).toBeLessThanOrEqual(Math.max(...col) + 1e-9);
          }
        }
      }),
      RUNS,
    );
  });
});
