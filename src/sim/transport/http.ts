/**
 * The HTTP transport: the master's API handler behind a node:http server on 127.0.0.1 (a free port chosen
 * by the OS), devices calling it with fetch over real sockets. Bodies are counted as in-process.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiHandler, ApiResponse, Traffic, Transport } from "./types.js";

/** Starts the master's HTTP server on 127.0.0.1:<free port>; resolves once it listens. */
export async function httpTransport(handler: ApiHandler, host = "127.0.0.1", maxBody = Number.POSITIVE_INFINITY): Promise<Transport & { readonly url: string }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // a client that dies mid-upload: the request never ends, nothing reaches the handler
    req.on("error", () => undefined);
    req.on("data", (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > maxBody) {
        refused = true;
        chunks.length = 0;
        const body = JSON.stringify({ error: { code: "body_too_large", message: `request body exceeds the limit of ${maxBody} bytes` } });
        res.writeHead(413, { "content-type": "application/json", connection: "close", "content-length": Buffer.byteLength(body) });
        res.end(body, () => req.destroy());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (refused) return;
      let out: ApiResponse;
      try {
        const body = new Uint8Array(Buffer.concat(chunks));
        out = handler(req.method ?? "GET", req.url ?? "/", body, req.headers["content-type"] ?? null);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        out = { status: 500, contentType: "application/json", body: new TextEncoder().encode(JSON.stringify({ error: { code: "internal", message } })) };
      }
      res.writeHead(out.status, { "content-type": out.contentType, "content-length": out.body.byteLength });
      res.end(out.body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const traffic: Traffic = { up: 0, down: 0 };
  return {
    kind: "http",
    url,
    traffic,
    async request(method: string, path: string, body?: Uint8Array, type?: string): Promise<ApiResponse> {
      const res = await fetch(url + path, {
        method,
        headers: body !== undefined && type !== undefined ? { "content-type": type } : {},
        body: body !== undefined ? new Blob([body as Uint8Array<ArrayBuffer>]) : undefined,
      });
      const buf = new Uint8Array(await res.arrayBuffer());
      traffic.up += body?.byteLength ?? 0;
      traffic.down += buf.byteLength;
      return { status: res.status, contentType: res.headers.get("content-type") ?? "", body: buf };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
