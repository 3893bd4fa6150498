/**
 * A transport carries API requests from a device to the master and back (Flower's Grid): in-process
 * (a direct call) or HTTP (node:http server on 127.0.0.1, fetch over real sockets). The master's API is
 * one handler over (method, path, body); both transports call the same handler, so results are identical.
 */

/** A response of the master's API. */
export interface ApiResponse {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** The master's API as a handler (routes in api.ts). Errors are JSON {error: {code, message}}. */
export type ApiHandler = (method: string, path: string, body: Uint8Array, contentType: string | null) => ApiResponse;

/** Bytes carried by a transport: request bodies (up) and response bodies (down), HTTP headers excluded. */
export interface Traffic {
  up: number;
  down: number;
}

export interface Transport {
  readonly kind: "in-process" | "http";
  /** Sends one request from a device to the master. */
  request(method: string, path: string, body?: Uint8Array, contentType?: string): Promise<ApiResponse>;
  readonly traffic: Traffic;
  close(): Promise<void>;
}
