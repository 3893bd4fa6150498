/**
 * DynamoDB storage (AWS SDK v3) with the tables of deploy/template.yaml:
 *   Mapping     { user_id: S (key), row: N }
 *   MasterModel { row: N (key), vector: L<N>, m, v, pending: L<N> (optional) }, plus the metadata item
 *               row = −1 { meta: S (JSON: n, f, users, dtype, hyper), t: N, round: N, pendingUsers: L<S> }
 *   Ratings     { user_id: S (key), partners: M<row → N> }
 * `fedrec export-model` writes the Mapping and MasterModel items as BatchWriteItem files. The master
 * state is read and written whole on each upload (O(n·f) per upload): the template runs the function
 * with reserved concurrency 1 so updates are serialised; Y is cached per round between requests.
 */
import { BatchWriteItemCommand, GetItemCommand, ScanCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { masterGram } from "../core/fcf/online.js";
import { META_ROW, toDynamoNumber, vectorFromItem, type DynamoItem } from "../core/model/dynamo.js";
import type { MasterState, ModelStore, StoreInfo } from "./store.js";

export interface DynamoTables {
  mapping: string;
  model: string;
  ratings: string;
}

type Item = Record<string, AttributeValue>;

function numList(a: Float64Array, off: number, f: number): AttributeValue {
  const L: AttributeValue[] = [];
  for (let i = 0; i < f; i++) L.push({ N: toDynamoNumber(a[off + i]) });
  return { L };
}

/** ModelStore on DynamoDB tables. */
export class DynamoStore implements ModelStore {
  readonly kind = "dynamodb" as const;
  private infoCache: StoreInfo | null = null;
  private mappingCache: Map<string, number> | null = null;
  private modelCache: { round: number; Y: Float64Array; YtY: Float64Array } | null = null;

  constructor(private readonly client: DynamoDBClient, private readonly tables: DynamoTables) {}

  private async scanAll(table: string): Promise<Item[]> {
    const out: Item[] = [];
    let start: Item | undefined;
    do {
      const r = await this.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
      out.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }

  private async metaItem(): Promise<Item> {
    const r = await this.client.send(new GetItemCommand({ TableName: this.tables.model, Key: { row: { N: String(META_ROW) } }, ConsistentRead: true }));
    if (r.Item === undefined) throw new Error(`DynamoDB table ${this.tables.model} has no metadata item (row ${META_ROW}); load the bundle's dynamodb/ files first`);
    return r.Item;
  }

  async info(): Promise<StoreInfo> {
    if (this.infoCache === null) {
      const meta = JSON.parse((await this.metaItem()).meta?.S ?? "null") as (StoreInfo & { hyper: StoreInfo["hyper"] }) | null;
      if (meta === null || !Number.isInteger(meta.n) || !Number.isInteger(meta.f)) throw new Error(`DynamoDB table ${this.tables.model}: invalid metadata item`);
      this.infoCache = { n: meta.n, f: meta.f, users: meta.users, dtype: meta.dtype, hyper: meta.hyper };
    }
    return this.infoCache;
  }

  private async mapping(): Promise<Map<string, number>> {
    if (this.mappingCache === null) {
      const m = new Map<string, number>();
      for (const it of await this.scanAll(this.tables.mapping)) {
        if (it.user_id?.S !== undefined && it.row?.N !== undefined) m.set(it.user_id.S, Number(it.row.N));
      }
      this.mappingCache = m;
    }
    return this.mappingCache;
  }

  async rowOf(userId: string): Promise<number | null> {
    const r = await this.client.send(new GetItemCommand({ TableName: this.tables.mapping, Key: { user_id: { S: userId } } }));
    return r.Item?.row?.N === undefined ? null : Number(r.Item.row.N);
  }

  async userIds(rows: Int32Array): Promise<Array<string | null>> {
    const byRow = new Map<number, string>();
    for (const [u, r] of await this.mapping()) byRow.set(r, u);
    return Array.from(rows, (r) => byRow.get(r) ?? null);
  }

  /** Reads every row item; fills Y (and m, v, pending when `full`). */
  private async loadRows(full: boolean): Promise<{ Y: Float64Array; m: Float64Array; v: Float64Array; pending: Float64Array }> {
    const { n, f } = await this.info();
    const Y = new Float64Array(n * f);
    const m = new Float64Array(full ? n * f : 0);
    const v = new Float64Array(full ? n * f : 0);
    const pending = new Float64Array(full ? n * f : 0);
    let seen = 0;
    for (const it of await this.scanAll(this.tables.model)) {
      const row = Number(it.row?.N);
      if (row === META_ROW) continue;
      if (!(Number.isInteger(row) && row >= 0 && row < n)) throw new Error(`DynamoDB table ${this.tables.model}: row ${it.row?.N} outside 0..${n - 1}`);
      vectorFromItem(it, f, Y, row * f);
      if (full) {
        if (it.m !== undefined) vectorFromItem({ vector: it.m }, f, m, row * f);
        if (it.v !== undefined) vectorFromItem({ vector: it.v }, f, v, row * f);
        if (it.pending !== undefined) vectorFromItem({ vector: it.pending }, f, pending, row * f);
      }
      seen++;
    }
    if (seen !== n) throw new Error(`DynamoDB table ${this.tables.model} holds ${seen} model rows, the metadata says ${n}`);
    return { Y, m, v, pending };
  }

  async model(): Promise<{ Y: Float64Array; YtY: Float64Array; round: number }> {
    const round = Number((await this.metaItem()).round?.N ?? "0");
    if (this.modelCache === null || this.modelCache.round !== round) {
      const { n, f } = await this.info();
      const { Y } = await this.loadRows(false);
      this.modelCache = { round, Y, YtY: masterGram(Y, n, f) };
    }
    return this.modelCache;
  }

  async ratings(userId: string): Promise<{ items: Int32Array; values: Float64Array }> {
    const r = await this.client.send(new GetItemCommand({ TableName: this.tables.ratings, Key: { user_id: { S: userId } }, ConsistentRead: true }));
    const partners = r.Item?.partners?.M ?? {};
    const items = Int32Array.from(Object.keys(partners).map(Number).sort((a, b) => a - b));
    return { items, values: Float64Array.from(items, (row) => Number(partners[String(row)]?.N ?? 0)) };
  }

  async addRatings(userId: string, entries: ReadonlyArray<{ row: number; value: number }>): Promise<void> {
    const current = await this.ratings(userId);
    const map = new Map<number, number>();
    current.items.forEach((row, i) => map.set(row, current.values[i]));
    for (const e of entries) map.set(e.row, (map.get(e.row) ?? 0) + e.value);
    const M: Record<string, AttributeValue> = {};
    for (const [row, value] of map) M[String(row)] = { N: toDynamoNumber(value) };
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tables.ratings,
        Key: { user_id: { S: userId } },
        UpdateExpression: "SET partners = :p",
        ExpressionAttributeValues: { ":p": { M } },
      }),
    );
  }

  private async batchWrite(table: string, items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, Array<{ PutRequest: { Item: Item } }>> | undefined = {
        [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; request !== undefined && Object.keys(request).length > 0; attempt++) {
        if (attempt > 8) throw new Error(`DynamoDB BatchWriteItem on ${table}: items still unprocessed after ${attempt} attempts`);
        const r = await this.client.send(new BatchWriteItemCommand({ RequestItems: request }));
        request = r.UnprocessedItems as typeof request;
      }
    }
  }

  async updateMaster<R>(fn: (s: MasterState) => R): Promise<R> {
    const { n, f } = await this.info();
    const meta = await this.metaItem();
    const rows = await this.loadRows(true);
    const state: MasterState = {
      Y: rows.Y,
      m: rows.m,
      v: rows.v,
      t: Number(meta.t?.N ?? "0"),
      round: Number(meta.round?.N ?? "0"),
      pendingSum: rows.pending,
      pendingUsers: (meta.pendingUsers?.L ?? []).map((x) => x.S ?? ""),
    };
    const out = fn(state);
    const items: Item[] = [];
    for (let r = 0; r < n; r++) {
      items.push({ row: { N: String(r) }, vector: numList(state.Y, r * f, f), m: numList(state.m, r * f, f), v: numList(state.v, r * f, f), pending: numList(state.pendingSum, r * f, f) });
    }
    await this.batchWrite(this.tables.model, items);
    const newMeta: DynamoItem | Item = {
      ...meta,
      t: { N: String(state.t) },
      round: { N: String(state.round) },
      pendingUsers: { L: state.pendingUsers.map((S) => ({ S })) },
    };
    await this.batchWrite(this.tables.model, [newMeta as Item]);
    this.modelCache = null;
    return out;
  }
}
