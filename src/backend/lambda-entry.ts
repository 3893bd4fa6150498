/**
 * The deployed Lambda function (deploy/template.yaml bundles this file): DynamoDB storage from the
 * table names in the environment, the per-client token secret from FEDREC_SECRET, the shared router.
 * Environment: FEDREC_MAPPING_TABLE, FEDREC_MODEL_TABLE, FEDREC_RATINGS_TABLE, FEDREC_SECRET,
 * FEDREC_ROUND_SIZE (uploads per master step, default 1), FEDREC_MAX_BODY (bytes, default 4 MiB).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { DynamoStore } from "./dynamo-store.js";
import { makeLambdaHandler } from "./lambda.js";
import { DEFAULT_MAX_BODY, makeRouter } from "./router.js";

function env(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === "") throw new Error(`environment variable ${name} is not set`);
  return v;
}

let cached: ((e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) | null = null;

/** Lambda entry point (Handler: index.handler). The store and router are built once per container. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  if (cached === null) {
    const maxBody = Number(process.env.FEDREC_MAX_BODY ?? DEFAULT_MAX_BODY);
    const store = new DynamoStore(new DynamoDBClient({}), {
      mapping: env("FEDREC_MAPPING_TABLE"),
      model: env("FEDREC_MODEL_TABLE"),
      ratings: env("FEDREC_RATINGS_TABLE"),
    });
    const secret = process.env.FEDREC_SECRET;
    cached = makeLambdaHandler(
      makeRouter({ store, secret: secret === undefined || secret === "" ? null : secret, maxBodyBytes: maxBody, roundSize: Number(process.env.FEDREC_ROUND_SIZE ?? 1) }),
      maxBody,
    );
  }
  return cached(event);
}
