/**
 * A stand-in for Langfuse's ingestion, strict where the real one is: `POST
 * /api/public/otel/v1/traces` takes OTLP/HTTP as JSON (what `@opentelemetry/exporter-trace-otlp-http`
 * sends) or protobuf, optionally gzipped, and answers 415 to anything else;
 * requires Basic auth with the project's public and secret key (401 otherwise), and maps span
 * attributes to observations the way Langfuse does (`langfuse.observation.*`). `GET
 * /api/public/projects` answers with the key's project. It can be told to fail (500) or hang.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeTraceRequest } from "./otlp-protobuf.ts";

/** One observation as Langfuse would store it. */
export interface ReceivedObservation {
  traceId: string;
  id: string;
  parentObservationId?: string;
  name: string;
  type: string;
  input: unknown;
  output: unknown;
  level: string;
  statusMessage?: string;
  metadata: Record<string, unknown>;
  costDetails?: unknown;
  traceName?: string;
  startTimeMs: number;
  endTimeMs: number;
  scope: string;
  attributes: Record<string, unknown>;
}

/** How the receiver answers OTLP posts. */
export type ReceiverMode = "ok" | "error" | "hang";

export const PROJECT_ID = "proj-123";

export class LangfuseReceiver {
  mode: ReceiverMode = "ok";
  readonly observations: ReceivedObservation[] = [];
  /** Every request seen: path, status answered, content type. */
  readonly requests: { method: string; path: string; status: number; contentType?: string }[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<http.ServerResponse>();
  baseUrl = "";

  constructor(
    readonly publicKey = "pk-lf-test",
    readonly secretKey = "sk-lf-test",
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.answer(req, res, 500, { message: String(error) });
      });
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async start(port = 0): Promise<string> {
    this.server.listen(port, "127.0.0.1");
    await once(this.server, "listening");
    const { port: bound } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${bound}`;
    return this.baseUrl;
  }

  /** Stops listening and drops every connection (hanging ones included). */
  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  /** Resolves once `predicate` holds over the observations, or rejects after `timeoutMs`. */
  async waitFor(
    predicate: (observations: ReceivedObservation[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.observations)) {
      if (Date.now() > deadline) {
        throw new Error(
          `receiver: condition not met; have ${this.observations.length} observations`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private authorized(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    const m = /^Basic\s+(.+)$/i.exec(header);
    if (!m) return false;
    const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
    return decoded === `${this.publicKey}:${this.secretKey}`;
  }

  private answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    body: unknown,
  ): void {
    this.requests.push({
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0] as string,
      status,
      ...(req.headers["content-type"] ? { contentType: req.headers["content-type"] } : {}),
    });
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    const url = (req.url ?? "").split("?")[0];

    if (req.method === "GET" && url === "/api/public/projects") {
      if (!this.authorized(req)) return this.answer(req, res, 401, { message: "Unauthorized" });
      return this.answer(req, res, 200, {
        data: [{ id: PROJECT_ID, name: "test project", organization: { id: "org-1" } }],
      });
    }
    if (url !== "/api/public/otel/v1/traces") {
      return this.answer(req, res, 404, { message: "Not found" });
    }
    if (req.method !== "POST") return this.answer(req, res, 405, { message: "Method not allowed" });
    if (!this.authorized(req)) return this.answer(req, res, 401, { message: "Unauthorized" });
    if (this.mode === "hang") {
      // Keep the request open: the client's timeout must end it.
      this.hanging.add(res);
      res.on("close", () => this.hanging.delete(res));
      return;
    }
    if (this.mode === "error") {
      return this.answer(req, res, 500, { message: "Internal Server Error" });
    }
    if (/gzip/i.test(String(req.headers["content-encoding"] ?? ""))) body = gunzipSync(body);
    const contentType = String(req.headers["content-type"] ?? "");
    let parsed: OtlpRequest;
    if (contentType.startsWith("application/json")) {
      try {
        parsed = JSON.parse(body.toString("utf8")) as OtlpRequest;
      } catch {
        return this.answer(req, res, 400, { message: "Invalid JSON" });
      }
    } else if (contentType.startsWith("application/x-protobuf")) {
      try {
        parsed = decodeTraceRequest(body) as OtlpRequest;
      } catch (error) {
        return this.answer(req, res, 400, { message: `Invalid protobuf: ${error}` });
      }
    } else {
      return this.answer(req, res, 415, { message: `unsupported content type ${contentType}` });
    }
    if (!Array.isArray(parsed.resourceSpans)) {
      return this.answer(req, res, 400, { message: "resourceSpans missing" });
    }
    const converted: ReceivedObservation[] = [];
    for (const rs of parsed.resourceSpans) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          const problem = checkSpan(span);
          if (problem) return this.answer(req, res, 400, { message: problem });
          converted.push(toObservation(span, ss.scope?.name ?? ""));
        }
      }
    }
    this.observations.push(...converted);
    return this.answer(req, res, 200, {});
  }
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: { key: string; value: OtlpAnyValue }[];
  status?: { code?: number; message?: string };
}
interface OtlpRequest {
  resourceSpans?: { scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
}

function checkSpan(span: OtlpSpan): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(span.traceId ?? "")) return `bad traceId ${span.traceId}`;
  if (!/^[0-9a-f]{16}$/.test(span.spanId ?? "")) return `bad spanId ${span.spanId}`;
  if (span.parentSpanId && !/^[0-9a-f]{16}$/.test(span.parentSpanId)) {
    return `bad parentSpanId ${span.parentSpanId}`;
  }
  if (!span.name) return "span without a name";
  if (span.startTimeUnixNano === undefined || span.endTimeUnixNano === undefined) {
    return "span without start or end time";
  }
  return undefined;
}

function anyValue(v: OtlpAnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue);
  return undefined;
}

/** Langfuse parses JSON-looking strings back into values; plain strings stay strings. */
function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function toObservation(span: OtlpSpan, scope: string): ReceivedObservation {
  const attributes: Record<string, unknown> = {};
  for (const kv of span.attributes ?? []) attributes[kv.key] = anyValue(kv.value);
  const metadata: Record<string, unknown> = {};
  const prefix = "langfuse.observation.metadata.";
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith(prefix)) metadata[key.slice(prefix.length)] = parseMaybeJson(value);
  }
  const statusError = span.status?.code === 2;
  const level =
    (attributes["langfuse.observation.level"] as string | undefined) ??
    (statusError ? "ERROR" : "DEFAULT");
  const statusMessage =
    (attributes["langfuse.observation.status_message"] as string | undefined) ??
    span.status?.message;
  const cost = attributes["langfuse.observation.cost_details"];
  const traceName = attributes["langfuse.trace.name"] as string | undefined;
  return {
    traceId: span.traceId as string,
    id: span.spanId as string,
    ...(span.parentSpanId ? { parentObservationId: span.parentSpanId } : {}),
    name: span.name as string,
    // Langfuse's default when no type attribute is set is a plain span.
    type: ((attributes["langfuse.observation.type"] as string | undefined) ?? "span").toUpperCase(),
    input: parseMaybeJson(attributes["langfuse.observation.input"]),
    output: parseMaybeJson(attributes["langfuse.observation.output"]),
    level,
    ...(statusMessage ? { statusMessage } : {}),
    metadata,
    ...(cost !== undefined ? { costDetails: parseMaybeJson(cost) } : {}),
    ...(traceName ? { traceName } : {}),
    startTimeMs: Number(BigInt(span.startTimeUnixNano as string | number) / 1_000_000n),
    endTimeMs: Number(BigInt(span.endTimeUnixNano as string | number) / 1_000_000n),
    scope,
    attributes,
  };
}
