/**
 * AWS Lambda adapter for API Gateway HTTP API payload format 2.0: translates an APIGatewayProxyEventV2
 * into an ApiRequest for the shared router and its ApiResponse back (binary bodies base64-encoded).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { errorResponse, type ApiRequest, type ApiResponse } from "./router.js";

/** Wraps a router as a Lambda handler for HTTP API v2 events. */
export function makeLambdaHandler(
  router: (req: ApiRequest) => Promise<ApiResponse>,
  maxBodyBytes: number,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const http = event.requestContext.http;
    const stage = event.requestContext.stage;
    let path = event.rawPath;
    // named stages prefix rawPath with "/<stage>"; the $default stage does not
    if (stage !== undefined && stage !== "$default" && (path === `/${stage}` || path.startsWith(`/${stage}/`))) path = path.slice(stage.length + 1) || "/";
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) query[k] = v;
    let res: ApiResponse;
    const raw = event.body;
    // base64 is 4/3 of the bytes: reject oversized bodies before decoding them
    if (raw !== undefined && raw.length > (event.isBase64Encoded ? Math.ceil((maxBodyBytes * 4) / 3) + 4 : maxBodyBytes * 4)) {
      res = errorResponse(413, "body_too_large", `request body exceeds the limit of ${maxBodyBytes} bytes`);
    } else {
      const body = raw === undefined ? null : event.isBase64Encoded ? new Uint8Array(Buffer.from(raw, "base64")) : new Uint8Array(Buffer.from(raw, "utf8"));
      res = await router({ method: http.method, path, query, headers, body });
    }
    if (typeof res.body === "string") return { statusCode: res.status, headers: res.headers, body: res.body, isBase64Encoded: false };
    return { statusCode: res.status, headers: res.headers, body: Buffer.from(res.body).toString("base64"), isBase64Encoded: true };
  };
}
