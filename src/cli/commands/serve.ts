/**
 * `fedrec serve`: the backend's HTTP API (the same router as the Lambda handler) on node:http, with the
 * in-memory store loaded from a verified model bundle. Prints the listening address on stderr (and as
 * one JSON object on stdout with --json), then serves until interrupted.
 */
import { Command, Option } from "commander";
import { readBundle } from "../../backend/bundle.js";
import { startHttpServer } from "../../backend/http.js";
import { DEFAULT_MAX_BODY, makeRouter } from "../../backend/router.js";
import { MemoryStore } from "../../backend/store.js";
import { intAtLeast } from "../parse.js";
import { UsageError } from "../errors.js";

interface ServeOptions {
  model: string;
  host: string;
  port: number;
  maxBody: number;
  roundSize: number;
  secretEnv: string;
  json: boolean;
}

async function action(o: ServeOptions): Promise<void> {
  if (o.port > 65535) throw new UsageError(`option '--port <n>': ${o.port} is not a port (0..65535)`);
  const bundle = readBundle(o.model);
  if (bundle.itemIds !== null) throw new Error(`bundle ${o.model}: a user–item model (item_ids.json); the API serves people-to-people models, whose users are also the rows of Y`);
  const secret = process.env[o.secretEnv];
  const store = new MemoryStore(bundle);
  const router = makeRouter({ store, secret: secret === undefined || secret === "" ? null : secret, maxBodyBytes: o.maxBody, roundSize: o.roundSize });
  const { server, url } = await startHttpServer(router, { host: o.host, port: o.port, maxBodyBytes: o.maxBody });
  const info = { url, model: o.model, n: bundle.manifest.n, f: bundle.manifest.f, users: bundle.mapping.size, auth: secret !== undefined && secret !== "" };
  if (o.json) process.stdout.write(JSON.stringify(info) + "\n");
  process.stderr.write(`fedrec serve: listening on ${url} (model ${o.model}: ${info.n}×${info.f}, ${info.users} users; tokens ${info.auth ? "on" : `off — set ${o.secretEnv} to enable POST routes and recommendations`})\n`);
  const stop = () => server.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await new Promise<void>((resolve) => server.once("close", () => resolve()));
}

/** Builds the `serve` command. */
export function makeServeCommand(): Command {
  return new Command("serve")
    .description("Serve the fedrec HTTP API (GET /health, /model, /users/{id}/recommendations; POST /ratings, /gradients) from a model bundle on node:http — the same router as the AWS Lambda handler, with in-memory storage.")
    .requiredOption("--model <bundle>", "model bundle directory (verified: format version and every checksum)")
    .addOption(new Option("--host <host>", "address to listen on").default("127.0.0.1"))
    .addOption(new Option("--port <n>", "TCP port; 0 picks a free port (the address is printed)").argParser(intAtLeast(0)).default(8080))
    .addOption(new Option("--max-body <bytes>", "largest accepted request body (413 beyond)").argParser(intAtLeast(1)).default(DEFAULT_MAX_BODY))
    .addOption(new Option("--round-size <n>", "distinct users' uploads to POST /gradients summed per master Adam step").argParser(intAtLeast(1)).default(1))
    .addOption(new Option("--secret-env <name>", "environment variable holding the server secret of the per-client tokens (HMAC-SHA256 of the user id)").default("FEDREC_SECRET"))
    .addOption(new Option("--json", "print {url, model, n, f, users, auth} as one JSON object on stdout once listening").default(false))
    .addHelpText("after", "\nExamples:\n  FEDREC_SECRET=s3cret fedrec serve --model bundles/a --port 0\n  curl http://127.0.0.1:8080/health\n")
    .action(action);
}
