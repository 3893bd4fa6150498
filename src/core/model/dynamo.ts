/**
 * The master model and the user→row mapping as DynamoDB BatchWriteItem request files (DESIGN §7).
 * Mapping table: { user_id (S, key), row (N) }. MasterModel table: { row (N, key), vector (L of N) }.
 * Each request holds at most 25 PutRequests (BatchWriteItem's limit). Numbers are DynamoDB N strings:
 * at most 38 significant digits, magnitude in [1e-130, 1e126) or exactly 0.
 */

/** One DynamoDB attribute value of the kinds written here. */
export type DynamoValue = { S: string } | { N: string } | { L: DynamoValue[] };
/** One item: attribute name → value. */
export type DynamoItem = Record<string, DynamoValue>;
/** The body of one BatchWriteItem call: `aws dynamodb batch-write-item --request-items file://…`. */
export type BatchWriteRequest = Record<string, Array<{ PutRequest: { Item: DynamoItem } }>>;

/** DynamoDB's BatchWriteItem limit on requests per call. */
export const BATCH_LIMIT = 25;
const MIN_MAGNITUDE = 1e-130;
const MAX_MAGNITUDE = 1e126;

/**
 * A finite double as a DynamoDB N string. JavaScript's shortest round-trip form has ≤ 17 significant
 * digits (within DynamoDB's 38), so parseFloat(toDynamoNumber(x)) === x. Magnitudes below 1e-130 (only
 * possible for f8 values) become "0", the nearest representable DynamoDB number; NaN, ±Infinity and
 * magnitudes ≥ 1e126 throw.
 */
export function toDynamoNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`DynamoDB numbers must be finite, got ${x}`);
  const a = Math.abs(x);
  if (a >= MAX_MAGNITUDE) throw new RangeError(`DynamoDB numbers must be below 1e126 in magnitude, got ${x}`);
  if (a < MIN_MAGNITUDE) return "0";
  return String(x);
}

/** Splits items into BatchWriteItem requests of at most 25 PutRequests for one table. */
export function batchRequests(table: string, items: readonly DynamoItem[]): BatchWriteRequest[] {
  const out: BatchWriteRequest[] = [];
  for (let i = 0; i < items.length; i += BATCH_LIMIT) {
    out.push({ [table]: items.slice(i, i + BATCH_LIMIT).map((Item) => ({ PutRequest: { Item } })) });
  }
  return out;
}

/** Mapping table items: one per user, { user_id: S, row: N }. */
export function mappingItems(mapping: ReadonlyMap<string, number>): DynamoItem[] {
  return Array.from(mapping, ([user, row]) => ({ user_id: { S: user }, row: { N: String(row) } }));
}

function numberList(a: Float64Array, off: number, f: number): DynamoValue {
  const L: DynamoValue[] = [];
  for (let i = 0; i < f; i++) L.push({ N: toDynamoNumber(a[off + i]) });
  return { L };
}

/**
 * MasterModel table items: one per row of Y (n×f, row-major), { row: N, vector: L of N }, plus the
 * row's Adam moments { m, v: L of N } when `adam` is given (so a DynamoDB-backed master continues the
 * optimiser where training stopped).
 */
export function modelItems(Y: Float64Array, n: number, f: number, adam?: { m: Float64Array; v: Float64Array }): DynamoItem[] {
  const items: DynamoItem[] = [];
  for (let r = 0; r < n; r++) {
    const item: DynamoItem = { row: { N: String(r) }, vector: numberList(Y, r * f, f) };
    if (adam !== undefined) {
      item.m = numberList(adam.m, r * f, f);
      item.v = numberList(adam.v, r * f, f);
    }
    items.push(item);
  }
  return items;
}

/** Reads a MasterModel item's vector back into out[off..off+f); throws when it is not f numbers. */
export function vectorFromItem(item: Record<string, unknown>, f: number, out: Float64Array, off: number): void {
  const v = item.vector as { L?: Array<{ N?: string }> } | undefined;
  if (v === undefined || !Array.isArray(v.L) || v.L.length !== f) throw new Error(`MasterModel item: vector is not a list of ${f} numbers`);
  for (let a = 0; a < f; a++) {
    const x = Number(v.L[a].N);
    if (v.L[a].N === undefined || !Number.isFinite(x)) throw new Error(`MasterModel item: vector[${a}] is not a number`);
    out[off + a] = x;
  }
}

/** Row key of the MasterModel table's metadata item (shapes, dtype, hyperparameters, Adam t, round). */
export const META_ROW = -1;

/**
 * The MasterModel metadata item { row: −1, meta: S (JSON), t: N, round: N }, so the tables alone
 * describe the model a DynamoDB-backed server serves.
 */
export function metaItem(meta: Record<string, unknown>, t: number, round: number): DynamoItem {
  return { row: { N: String(META_ROW) }, meta: { S: JSON.stringify(meta) }, t: { N: String(t) }, round: { N: String(round) } };
}
