/**
 * node:http adapter of the shared router (`fedrec serve`): reads the body up to the limit (413 and the
 * connection closed beyond it), translates request and response, and listens on host:port.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { errorResponse, type ApiRequest, type ApiResponse } from "./router.js";

class TooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(size === 0 ? null : new Uint8Array(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/** Starts the API on host:port (0 = a free port) and resolves with the server and its URL. */
export function startHttpServer(
  router: (req: ApiRequest) => Promise<ApiResponse>,
  opts: { host: string; port: number; maxBodyBytes: number },
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const send = (r: ApiResponse, close = false) => {
      const body = typeof r.body === "string" ? Buffer.from(r.body, "utf8") : Buffer.from(r.body);
      res.writeHead(r.status, { ...r.headers, "content-length": String(body.length), ...(close ? { connection: "close" } : {}) });
      res.end(body);
    };
    const url = new URL(req.url ?? "/", "http://localhost");
    readBody(req, opts.maxBodyBytes)
      .then(async (body) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
        send(await router({ method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body }));
      })
      .catch((err: unknown) => {
        if (err instanceof TooLarge) send(errorResponse(413, "body_too_large", `request body exceeds the limit of ${opts.maxBodyBytes} bytes`), true);
        else send(errorResponse(400, "bad_request", err instanceof Error ? err.message : "bad request"), true);
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      const a = server.address() as AddressInfo;
      const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
      resolve({ server, url: `http://${host}:${a.port}` });
    });
  });
}
