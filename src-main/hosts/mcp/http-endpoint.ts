/**
 * MCP over streamable HTTP on loopback: one SDK transport and one server per session, at `/mcp`.
 * Bound to 127.0.0.1 only, behind the same gate as the web host (../http/request-guard.ts): a
 * `Host` that is not ours (DNS rebinding) or an `Origin` that is not a loopback page is refused
 * before the SDK sees it; every request must carry the bearer token (another local user or a page
 * can reach loopback too); bodies are capped. Sessions are capped and the idle ones closed, so
 * clients cannot pile them up. Refusals are JSON-RPC errors, which MCP clients read.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { type Logger, silentLogger } from "../../api/logging.ts";
import type { McpToolServer } from "../../api/mcp-service.ts";
import { readBody } from "../http/request-body.ts";
import { checkHostAndOrigin, checkToken, type Refusal } from "../http/request-guard.ts";

/** Options of the HTTP endpoint. */
export interface McpHttpOptions {
  /** Builds a fresh server for each session. */
  createServer: () => McpToolServer;
  /** 0 picks a free port. */
  port: number;
  logger?: Logger;
  /** Largest request body accepted. Default 4 MiB. */
  maxBodyBytes?: number;
  /** The bearer token every request must send (`Authorization: Bearer <token>`). */
  token: string;
  /** Most sessions open at once; an initialize beyond it gets 503. Default 32. */
  maxSessions?: number;
  /** A session with no request for this long is closed. Default 10 minutes. */
  idleMs?: number;
}

/** A running endpoint. */
export interface McpHttpHost {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATUS_WORDS: Record<number, string> = {
  401: "unauthorized",
  403: "forbidden",
  413: "payload too large",
};

/** Starts the endpoint; resolves once it listens. */
export async function startMcpHttp(options: McpHttpOptions): Promise<McpHttpHost> {
  const logger = options.logger ?? silentLogger;
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxSessions = options.maxSessions ?? 32;
  const idleMs = options.idleMs ?? 10 * 60 * 1000;
  const sessions = new Map<
    string,
    { transport: StreamableHTTPServerTransport; server: McpToolServer; lastSeen: number }
  >();
  let port = options.port;
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [id, session] of sessions) {
        if (now - session.lastSeen < idleMs) continue;
        sessions.delete(id);
        session.transport.close().catch(() => undefined);
        session.server.close().catch(() => undefined);
      }
    },
    Math.max(50, Math.min(idleMs / 2, 60_000)),
  );
  sweep.unref();

  const refuse = (res: http.ServerResponse, refusal: Refusal) => {
    if (refusal.status === 401) res.setHeader("www-authenticate", 'Bearer realm="agentic-mcp"');
    const word = STATUS_WORDS[refusal.status] ?? "refused";
    reply(res, refusal.status, `${word}: ${refusal.message} (${refusal.code})`);
  };
  const reply = (res: http.ServerResponse, status: number, message: string, code = -32000) => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/mcp") return reply(res, 404, "not found: the MCP endpoint is /mcp");
    const refusal =
      checkHostAndOrigin(req, port, "any-loopback") ?? checkToken(req, url, options.token);
    if (refusal) {
      return refuse(
        res,
        refusal.status === 401
          ? {
              ...refusal,
              message: "send the token printed at start as `Authorization: Bearer <token>`",
            }
          : refusal,
      );
    }
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing) existing.lastSeen = Date.now();

    if (req.method !== "POST") {
      if (!existing) return reply(res, 400, "bad request: unknown or missing Mcp-Session-Id");
      return existing.transport.handleRequest(req, res);
    }
    const text = await readBody(req, maxBody);
    if (typeof text !== "string") return refuse(res, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return reply(res, 400, `parse error: ${(error as Error).message}`, -32700);
    }
    if (existing) return existing.transport.handleRequest(req, res, body);
    if (sessionId !== undefined || !isInitializeRequest(body)) {
      return reply(res, 400, "bad request: unknown session, or no initialize request");
    }
    if (sessions.size >= maxSessions) {
      return reply(
        res,
        503,
        `too many sessions: ${maxSessions} are open; close one (DELETE /mcp) or wait for idle ones to expire`,
      );
    }
    const server = options.createServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      server.close().catch(() => undefined);
    };
    await server.server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error("MCP HTTP request failed", { error: String(error) });
      reply(res, 500, "internal error", -32603);
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, "127.0.0.1", () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    async close() {
      clearInterval(sweep);
      for (const { transport, server } of sessions.values()) {
        await transport.close().catch(() => undefined);
        await server.close().catch(() => undefined);
      }
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
