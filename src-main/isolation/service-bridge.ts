/**
 * Services (`ctx.services`: the LLM proxy, the trace context, ...) for tools in the plugin host.
 * Plain data crosses as it is. An object with methods stays on the main thread and crosses as a
 * description (its data properties and method names); in the host it becomes an object whose
 * methods send the call back and return a promise of the answer. An answer that is itself an
 * object with methods (a trace observation handle) crosses the same way.
 */

/** A service object, as described to the host. */
export interface RemoteDescriptor {
  __agenticRemote: number;
  /** Own enumerable properties holding a string, number, boolean or null. */
  data: Record<string, unknown>;
  /** Method names, own and inherited (up to Object.prototype). */
  methods: string[];
}

/** The answer to one service call. */
export type ServiceReply = { ok: true; value: unknown } | { ok: false; message: string };

/** Main side: the services of one invocation, and the objects behind their descriptors. */
export class ServiceExports {
  /** What is sent to the host as `services`. */
  readonly described: Record<string, unknown> = {};
  private readonly remotes: object[] = [];

  constructor(services: Readonly<Record<string, unknown>>) {
    for (const key in services) {
      const value = services[key];
      if (typeof value === "function" || value === undefined) continue;
      const crossing = this.describe(value);
      if (crossing !== NOT_CLONEABLE) this.described[key] = crossing;
    }
  }

  /** Whether any service crossed as a remote object (only then can calls come back). */
  get hasRemotes(): boolean {
    return this.remotes.length > 0;
  }

  /** Runs `method` on remote object `remote` with `args`, for the host. */
  async call(remote: number, method: string, args: unknown[]): Promise<ServiceReply> {
    const target = this.remotes[remote] as Record<string, unknown> | undefined;
    const fn = target?.[method];
    if (!target || typeof fn !== "function" || !methodsOf(target).includes(method)) {
      return { ok: false, message: `the service has no method ${JSON.stringify(method)}` };
    }
    try {
      const value = await (fn as (...a: unknown[]) => unknown).apply(target, args);
      const crossing = this.describe(value);
      return crossing === NOT_CLONEABLE
        ? { ok: false, message: "the service's answer cannot be copied to the plugin host" }
        : { ok: true, value: crossing };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  private describe(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return cloneOr(value);
    if (isData(value)) return cloneOr(value);
    // Only primitive fields (an id, a name): a service's inner state stays where it lives.
    const data: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner === null || ["string", "number", "boolean"].includes(typeof inner)) {
        data[key] = inner;
      }
    }
    this.remotes.push(value);
    return {
      __agenticRemote: this.remotes.length - 1,
      data,
      methods: methodsOf(value),
    } satisfies RemoteDescriptor;
  }
}

/** Host side: turns descriptors back into objects whose methods call home. */
export function serviceProxies(
  described: Record<string, unknown>,
  request: (remote: number, method: string, args: unknown[]) => Promise<unknown>,
): Record<string, unknown> {
  const revive = (value: unknown): unknown => {
    if (!isDescriptor(value)) return value;
    const proxy: Record<string, unknown> = { ...value.data };
    for (const method of value.methods) {
      proxy[method] = (...args: unknown[]) =>
        request(value.__agenticRemote, method, args).then(revive);
    }
    return Object.freeze(proxy);
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(described)) out[key] = revive(value);
  return out;
}

const NOT_CLONEABLE = Symbol("not cloneable");

function cloneOr(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    return NOT_CLONEABLE;
  }
}

/** Plain data all the way down: primitives, arrays and plain objects without functions. */
function isData(value: unknown, depth = 0): boolean {
  if (typeof value === "function" || typeof value === "symbol") return false;
  if (typeof value !== "object" || value === null) return true;
  if (depth > 32) return false;
  if (Array.isArray(value)) return value.every((v) => isData(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Dates, maps and the like clone faithfully; class instances with methods do not.
    return (
      value instanceof Date ||
      value instanceof Map ||
      value instanceof Set ||
      ArrayBuffer.isView(value)
    );
  }
  return Object.values(value).every((v) => isData(v, depth + 1));
}

const methodCache = new WeakMap<object, string[]>();

function methodsOf(value: object): string[] {
  const cached = methodCache.get(value);
  if (cached) return cached;
  const names = new Set<string>();
  for (let o: object | null = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === "constructor" || name.startsWith("#")) continue;
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (typeof descriptor?.value === "function") names.add(name);
    }
  }
  const list = [...names];
  methodCache.set(value, list);
  return list;
}

function isDescriptor(value: unknown): value is RemoteDescriptor {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { __agenticRemote?: unknown }).__agenticRemote === "number"
  );
}
