/**
 * The web host's gate: only loopback Host names (DNS rebinding), only our own Origin, and the
 * per-launch token on every API call, compared in constant time, in a header (in the query string
 * only for the event stream).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Why a request was refused, with the HTTP status to answer. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** Checks Host and Origin; returns a refusal or undefined when the request may proceed. */
export function checkHostAndOrigin(req: IncomingMessage, port: number): Refusal | undefined {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = req.headers.host ?? "";
  if (!allowedHosts.has(host.toLowerCase())) {
    return {
      status: 421,
      code: "FOREIGN_HOST",
      message: `the Host header ${JSON.stringify(host)} is not this workbench (expected 127.0.0.1:${port})`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    let originHost = "";
    try {
      const url = new URL(origin);
      originHost = url.protocol === "http:" ? url.host : "";
    } catch {
      originHost = "";
    }
    if (!allowedHosts.has(originHost.toLowerCase())) {
      return {
        status: 403,
        code: "FOREIGN_ORIGIN",
        message: `requests from ${origin} are not allowed`,
      };
    }
  } else if (origin === "null") {
    return {
      status: 403,
      code: "FOREIGN_ORIGIN",
      message: "requests from an opaque origin are not allowed",
    };
  }
  return undefined;
}

/** Where a request may carry the token. */
export type TokenPlace = "header" | "header-or-query";

/**
 * Checks the token from `Authorization: Bearer …`. Only where a browser cannot set a header
 * (EventSource, for the event stream) is `?token=` accepted too: a token in a URL ends up in
 * history, logs and Referer headers, so calls that can carry a header must.
 */
export function checkToken(
  req: IncomingMessage,
  url: URL,
  token: string,
  place: TokenPlace = "header",
): Refusal | undefined {
  const header = req.headers.authorization;
  const fromHeader = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
  const fromQuery = url.searchParams.get("token");
  const given = fromHeader ?? (place === "header-or-query" ? fromQuery : undefined);
  if (!given) {
    return {
      status: 401,
      code: "TOKEN_MISSING",
      message:
        fromQuery && place === "header"
          ? "this call takes the launch token in the Authorization: Bearer header only; ?token= is accepted on /api/events alone"
          : "this call needs the launch token; open the URL the host printed",
    };
  }
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return {
      status: 401,
      code: "TOKEN_WRONG",
      message: "wrong token; open the URL the host printed at start-up",
    };
  }
  return undefined;
}
