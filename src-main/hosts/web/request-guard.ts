/**
 * The web host's gate: only loopback Host names (DNS rebinding), only our own Origin, and the
 * per-launch token on every API call, compared in constant time.
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

/** Checks the token from `Authorization: Bearer …` (or `?token=` where headers cannot be set). */
export function checkToken(req: IncomingMessage, url: URL, token: string): Refusal | undefined {
  const header = req.headers.authorization;
  const given = header?.startsWith("Bearer ") ? header.slice(7) : url.searchParams.get("token");
  if (!given) {
    return {
      status: 401,
      code: "TOKEN_MISSING",
      message: "this call needs the launch token; open the URL the host printed",
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
