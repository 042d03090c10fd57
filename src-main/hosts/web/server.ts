/**
 * The web host: the built renderer and the Workbench API over HTTP on 127.0.0.1, events over
 * server-sent events. Every API call needs the per-launch token as a bearer header (the event
 * stream, which EventSource opens without headers, may take it as ?token=); foreign Host and
 * Origin headers are refused. The page itself is served without a token: it holds no data.
 * The same handlers serve Electron over IPC.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type CallOutcome, dispatch, isCallName } from "../../api/dispatch.ts";
import { type Logger, silentLogger } from "../../api/logging.ts";
import type { WorkbenchService } from "../../api/workbench-service.ts";
import { readBody } from "../http/request-body.ts";
import { checkHostAndOrigin, checkToken, type Refusal } from "../http/request-guard.ts";
import { serveStatic } from "./static-files.ts";

// Required, not imported: an ESM import of node:http reads every export of the module, and
// Node 22's lazy WebSocket/EventSource getters on it load all of undici (~70 ms of the start).
const { createServer } = createRequire(import.meta.url)("node:http") as typeof import("node:http");

/** Options of the web host. */
export interface WebHostOptions {
  service: WorkbenchService;
  /** Folder of the built renderer (index.html + assets/). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default: 32 random bytes, hex. */
  token?: string;
  /** Largest accepted request body; default 1 MiB. */
  maxBodyBytes?: number;
  logger?: Logger;
  /** Check each call's result against its schema (call-results.ts): the tests turn it on. */
  checkResults?: boolean;
}

/** A running web host. */
export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString("hex");
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const logger = options.logger ?? silentLogger;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error("web host: request failed", { error: String(error) });
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { code: "INTERNAL", message: "internal error; see the host's log" },
        });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostRefusal = checkHostAndOrigin(req, port);
    if (hostRefusal) return refuse(res, hostRefusal);
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);

    if (url.pathname === "/api/events") {
      if (req.method !== "GET") return refuse(res, methodNotAllowed("GET"));
      const tokenRefusal = checkToken(req, url, token, "header-or-query");
      if (tokenRefusal) return refuse(res, tokenRefusal);
      return openEventStream(req, res);
    }
    if (url.pathname.startsWith("/api/")) {
      const tokenRefusal = checkToken(req, url, token);
      if (tokenRefusal) return refuse(res, tokenRefusal);
      if (req.method !== "POST") return refuse(res, methodNotAllowed("POST"));
      const name = url.pathname.slice("/api/call/".length);
      if (!url.pathname.startsWith("/api/call/") || !isCallName(name)) {
        const unknown = await dispatch(options.service, name || url.pathname, []);
        return sendOutcome(res, unknown);
      }
      // Media types are case-insensitive and may carry parameters; compare the type itself
      // (a prefix test would refuse "Application/JSON" and let "application/jsonp" through).
      const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
      if (mediaType !== "application/json") {
        return refuse(res, {
          status: 415,
          code: "NOT_JSON",
          message: "send the call's arguments as application/json",
        });
      }
      const body = await readBody(req, maxBodyBytes);
      if (typeof body !== "string") return refuse(res, body);
      let envelope: unknown;
      try {
        envelope = JSON.parse(body || "{}");
      } catch (error) {
        return refuse(res, {
          status: 400,
          code: "MALFORMED",
          message: `the body is not valid JSON: ${(error as Error).message}`,
        });
      }
      if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) {
        return refuse(res, {
          status: 400,
          code: "MALFORMED",
          message: 'the body must be { "args": [...] }',
        });
      }
      const args = (envelope as { args?: unknown }).args ?? [];
      if (!Array.isArray(args)) {
        return refuse(res, {
          status: 400,
          code: "MALFORMED",
          message: 'the body must be { "args": [...] }',
        });
      }
      return sendOutcome(
        res,
        await dispatch(options.service, name, args, {
          checkResults: options.checkResults === true,
        }),
      );
    }
    if (req.method !== "GET" && req.method !== "HEAD") return refuse(res, methodNotAllowed("GET"));
    if (await serveStatic(options.rendererDir, url.pathname, res)) return;
    if (url.pathname === "/" || url.pathname === "/index.html") {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
      res.end(
        `The renderer is not built (${options.rendererDir} has no index.html). Run: npm run build\n`,
      );
      return;
    }
    refuse(res, { status: 404, code: "NOT_FOUND", message: `no file ${url.pathname}` });
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(": connected\n\n");
    streams.add(res);
    const unsubscribe = options.service.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
    req.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  return {
    url,
    port,
    token,
    close: async () => {
      for (const res of streams) res.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() waits for every open connection: an in-flight call (a tool running up to
      // its timeout) would hold it that long. Drop them now, not after close has resolved.
      server.closeAllConnections();
      await closed;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(text);
}

/**
 * The status of dispatch's error codes: 404 for a call that does not exist, 400 for every call
 * refused or failed (its code, catalogued in core/error-catalogue.ts, says which); the body is the
 * outcome's error.
 */
function sendOutcome(res: ServerResponse, outcome: CallOutcome): void {
  if (outcome.ok) sendJson(res, 200, { result: outcome.result });
  else sendJson(res, outcome.error.code === "UNKNOWN_CALL" ? 404 : 400, { error: outcome.error });
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
}

function methodNotAllowed(allowed: string): Refusal {
  return { status: 405, code: "METHOD_NOT_ALLOWED", message: `use ${allowed}` };
}
