/** The in-process transport: a device's request is a direct call of the master's API handler. */
import type { ApiHandler, ApiResponse, Traffic, Transport } from "./types.js";

/** Calls `handler` directly, counting request and response body bytes like the HTTP transport does. */
export function inProcessTransport(handler: ApiHandler): Transport {
  const traffic: Traffic = { up: 0, down: 0 };
  return {
    kind: "in-process",
    traffic,
    request(method: string, path: string, body?: Uint8Array, contentType?: string): Promise<ApiResponse> {
      const b = body ?? new Uint8Array(0);
      traffic.up += b.byteLength;
      const res = handler(method, path, b, contentType ?? null);
      traffic.down += res.body.byteLength;
      return Promise.resolve(res);
    },
    close: () => Promise.resolve(),
  };
}
