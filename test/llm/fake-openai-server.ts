/**
 * Local OpenAI-compatible servers for the direct-mode tests (node:http on 127.0.0.1), each failing
 * in one way: answering, 429, 500, a malformed body, no choices, never answering; and a port where
 * nothing listens.
 */
import type { AddressInfo } from "node:net";
import net from "node:net";
import { startLoopbackJsonServer } from "../helpers/loopback-json-server.ts";

/** How the server answers POST /v1/chat/completions. */
export type Behavior =
  | { kind: "ok"; text: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { kind: "status"; status: number; body?: unknown }
  | { kind: "malformed" }
  | { kind: "no-choices" }
  | { kind: "hang" };

export interface FakeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The requests received: body and the Authorization header. */
  requests: { body: Record<string, unknown>; authorization: string | undefined; path: string }[];
  behavior: Behavior;
  close(): Promise<void>;
}

export async function startFakeServer(behavior: Behavior): Promise<FakeServer> {
  const fake: FakeServer = { url: "", requests: [], behavior, close: async () => {} };
  const server = await startLoopbackJsonServer((body, req, res) => {
    fake.requests.push({ body, authorization: req.headers.authorization, path: req.url ?? "" });
    const b = fake.behavior;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    switch (b.kind) {
      case "ok":
        json(200, {
          id: "chatcmpl-test",
          object: "chat.completion",
          created: 1,
          model: String(body.model),
          choices: [
            { index: 0, finish_reason: "stop", message: { role: "assistant", content: b.text } },
          ],
          usage: {
            prompt_tokens: b.usage?.prompt_tokens ?? 7,
            completion_tokens: b.usage?.completion_tokens ?? 3,
            total_tokens: (b.usage?.prompt_tokens ?? 7) + (b.usage?.completion_tokens ?? 3),
          },
        });
        return;
      case "status":
        json(b.status, b.body ?? { error: { message: `failing with ${b.status}` } });
        return;
      case "malformed":
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"choices": [ this is not json');
        return;
      case "no-choices":
        json(200, { id: "x", object: "chat.completion", result: "no choices here" });
        return;
      case "hang":
        return; // never answers; the client's timeout must fire
    }
  });
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
