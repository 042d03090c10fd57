/**
 * The gate of both loopback HTTP hosts (the web host and MCP's endpoint), one set of rules with
 * one status each: a Host that is not ours (DNS rebinding) 403, a foreign or opaque Origin 403, a
 * missing or wrong token 401 (compared in constant time, in a header; in the query string only for
 * the web host's event stream), a body over the limit 413 (request-body.ts).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Why a request was refused, with the HTTP status to answer. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/**
 * Which Origins may call: the host's own pages only (the web host), or a page on any loopback
 * port (MCP: browser-based clients such as MCP Inspector serve their page from a port of their own).
 */
export type OriginRule = "same-port" | "any-loopback";

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** Checks Host and Origin; returns a refusal or undefined when the request may proceed. */
export function checkHostAndOrigin(
  req: IncomingMessage,
  port: number,
  origins: OriginRule = "same-port",
): Refusal | undefined {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = req.headers.host ?? "";
  if (!allowedHosts.has(host.toLowerCase())) {
    return {
      status: 403,
      code: "FOREIGN_HOST",
      message: `the Host header ${JSON.stringify(host)} is not this workbench (expected 127.0.0.1:${port})`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    let originHost = "";
    try {
      const url = new URL(origin);
      const schemes = origins === "same-port" ? ["http:"] : ["http:", "https:"];
      originHost = schemes.includes(url.protocol) ? url.host : "";
    } catch {
      originHost = "";
    }
    const allowed =
      origins === "same-port"
        ? allowedHosts.has(originHost.toLowerCase())
        : LOOPBACK_HOST.test(originHost.toLowerCase());
    if (!allowed) {
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
