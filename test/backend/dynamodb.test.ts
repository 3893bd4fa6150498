import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import dynalite from "dynalite";
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { clientToken } from "../../src/backend/auth.js";
import { readBundle } from "../../src/backend/bundle.js";
import { DynamoStore } from "../../src/backend/dynamo-store.js";
import { makeRouter, type ApiRequest } from "../../src/backend/router.js";
import { MemoryStore } from "../../src/backend/store.js";
import { decodeNpy } from "../../src/core/model/npy.js";
import { trainedBundle } from "./helpers.js";

const SECRET = "s";
let server: Server;
let client: DynamoDBClient;
const tables = { mapping: "fedrec-mapping", model: "fedrec-master-model", ratings: "fedrec-ratings" };
const { dir } = trainedBundle("f4", 60);

async function scan(table: string): Promise<Array<Record<string, AttributeValue>>> {
  const out: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const r = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start !== undefined);
  return out;
}

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "fake", secretAccessKey: "fake" } });
  const create = (name: string, key: string, type: "S" | "N") =>
    client.send(new CreateTableCommand({ TableName: name, KeySchema: [{ AttributeName: key, KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: key, AttributeType: type }], BillingMode: "PAY_PER_REQUEST" }));
  await create(tables.mapping, "user_id", "S");
  await create(tables.model, "row", "N");
  await create(tables.ratings, "user_id", "S");
  // load the bundle's BatchWriteItem files exactly as `aws dynamodb batch-write-item --request-items file://…` would
  for (const name of readdirSync(join(dir, "dynamodb")).sort()) {
    const RequestItems = JSON.parse(readFileSync(join(dir, "dynamodb", name), "utf8"));
    const r = await client.send(new BatchWriteItemCommand({ RequestItems }));
    expect(Object.keys(r.UnprocessedItems ?? {})).toHaveLength(0);
  }
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("DynamoDB export (through dynalite)", () => {
  it("the Mapping and MasterModel tables read back equal to mapping.json and item_factors.npy", async () => {
    const b = readBundle(dir);
    const mapping = new Map((await scan(tables.mapping)).map((it) => [it.user_id.S!, Number(it.row.N)]));
    expect(mapping).toEqual(b.mapping);
    const Y = new Float64Array(b.Y.length);
    let rows = 0;
    for (const it of await scan(tables.model)) {
      const row = Number(it.row.N);
      if (row < 0) continue;
      it.vector.L!.forEach((x, a) => (Y[row * 6 + a] = Number(x.N)));
      rows++;
    }
    expect(rows).toBe(60);
    expect(Array.from(Y)).toEqual(Array.from(decodeNpy(readFileSync(join(dir, "item_factors.npy"))).data));
  });

  it("the DynamoDB store serves what the memory store serves: model, recommendations, ratings and uploads", async () => {
    const mk = (store: DynamoStore | MemoryStore) => makeRouter({ store, secret: SECRET, maxBodyBytes: 1 << 20, roundSize: 1 });
    const dyn = mk(new DynamoStore(client, tables));
    const mem = mk(new MemoryStore(readBundle(dir)));
    const rq = (method: string, path: string, body?: unknown, user?: string, query: Record<string, string> = {}): ApiRequest => ({
      method,
      path,
      query,
      headers: user === undefined ? {} : { authorization: `Bearer ${clientToken(SECRET, user)}` },
      body: body === undefined ? null : new Uint8Array(Buffer.from(JSON.stringify(body))),
    });
    const both = async (r: ApiRequest) => {
      const [a, b] = [await dyn(r), await mem(r)];
      expect(a.status).toBe(b.status);
      return [a, b] as const;
    };
    const [h] = await both(rq("GET", "/health"));
    expect(JSON.parse(h.body as string)).toMatchObject({ store: "dynamodb", n: 60, f: 6, users: 60 });
    await both(rq("POST", "/ratings", { userId: "8", ratings: [{ partnerId: "20", value: 3 }, { partnerId: "21" }] }, "8"));
    const [ra, rb] = await both(rq("GET", "/users/8/recommendations", undefined, "8"));
    expect(JSON.parse(ra.body as string)).toEqual(JSON.parse(rb.body as string));
    const g = Array.from({ length: 360 }, (_, i) => ((i % 7) - 3) * 1e-3);
    const [ua, ub] = await both(rq("POST", "/gradients", { userId: "8", gradient: g }, "8"));
    expect(JSON.parse(ua.body as string)).toEqual(JSON.parse(ub.body as string));
    const [ma, mb] = await both(rq("GET", "/model", undefined, undefined, { format: "npy" }));
    expect(Buffer.from(ma.body as Uint8Array).equals(Buffer.from(mb.body as Uint8Array))).toBe(true);
    expect(JSON.parse((await dyn(rq("GET", "/health"))).body as string).round).toBe(16);
  });
});
