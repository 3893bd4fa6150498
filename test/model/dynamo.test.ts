import { describe, expect, it } from "vitest";
import { batchRequests, mappingItems, modelItems, toDynamoNumber, vectorFromItem } from "../../src/core/model/dynamo.js";

/** Significant digits of a decimal string in JS number syntax (mantissa without leading/trailing zeros). */
function significantDigits(s: string): number {
  const mantissa = s.replace(/^-/, "").split(/e/i)[0].replace(".", "");
  return mantissa.replace(/^0+/, "").replace(/0+$/, "").length;
}

describe("DynamoDB numbers", () => {
  it("round-trip every double exactly with ≤ 38 significant digits", () => {
    const xs = [0, -0, 1, -1, 0.1, 1 / 3, Math.PI * 1e-7, -2.5e-30, 1.7976931348623157e100, 5e-130, Math.fround(0.1), 123456789.123456789];
    for (const x of xs) {
      const s = toDynamoNumber(x);
      expect(Number(s)).toBe(x === 0 ? 0 : x);
      expect(significantDigits(s)).toBeLessThanOrEqual(38);
    }
  });

  it("flushes magnitudes below 1e-130 to 0 and rejects non-finite or ≥ 1e126", () => {
    expect(toDynamoNumber(1e-200)).toBe("0");
    expect(toDynamoNumber(-5e-324)).toBe("0");
    expect(() => toDynamoNumber(Number.NaN)).toThrow(/finite/);
    expect(() => toDynamoNumber(Infinity)).toThrow(/finite/);
    expect(() => toDynamoNumber(1e126)).toThrow(/1e126/);
  });
});

describe("BatchWriteItem files", () => {
  it("split into requests of at most 25 PutRequests and keep every item once", () => {
    const mapping = new Map(Array.from({ length: 61 }, (_, i) => [`user-${i}`, i] as [string, number]));
    const reqs = batchRequests("T", mappingItems(mapping));
    expect(reqs.map((r) => r.T.length)).toEqual([25, 25, 11]);
    const users = reqs.flatMap((r) => r.T.map((p) => (p.PutRequest.Item.user_id as { S: string }).S));
    expect(users).toEqual([...mapping.keys()]);
  });

  it("model items carry each row's vector as N strings that read back exactly", () => {
    const Y = Float64Array.from({ length: 12 }, (_, i) => Math.fround((i - 6) / 7));
    const items = modelItems(Y, 4, 3);
    const out = new Float64Array(12);
    items.forEach((item, r) => {
      expect(item.row).toEqual({ N: String(r) });
      vectorFromItem(item, 3, out, r * 3);
    });
    expect(Array.from(out)).toEqual(Array.from(Y));
  });
});
