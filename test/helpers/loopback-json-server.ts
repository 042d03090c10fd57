/**
 * An HTTP server on 127.0.0.1 (a free port) for stand-ins of upstream services: each request's
 * body arrives parsed as JSON (`{}` when empty or not JSON), and `close()` drops the connections
 * still open (a client's keep-alive, or a request the stand-in never answers).
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

export async function startLoopbackJsonServer(
  handle: (
    body: Record<string, unknown>,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => void,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw || "{}");
      } catch {}
      handle(body, req, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
