/**
 * A plugin host that answers a load from the metadata of the plugin's last good load, while
 * nothing it depends on has changed (plugin-fingerprint.ts), and starts the real host only when
 * one of its tools is invoked. Short-lived commands (`agentic tools list`, `agentic mcp`'s
 * tools/list) then list plugin tools without starting a worker thread or importing any plugin.
 *
 * Only successful loads are kept: a plugin that failed loads for real every time, so its error is
 * always today's. A tool invoked from the cache loads its plugin first; if the plugin no longer
 * loads or no longer has the tool, the call fails saying so, and the cache learns the new state.
 */
import {
  type ForwardedOutcome,
  type ForwardingTool,
  isForwardingTool,
} from "../core/forwarding.ts";
import type {
  HostedLoadResult,
  HostedPlugin,
  HostedPluginSpec,
  PluginHost,
  PluginHostEvent,
} from "../core/plugin-host.ts";
import type { ToolMetadata, ToolProtocol } from "../core/protocol.ts";
import { forwardingTool } from "./forwarding-tool.ts";
import type { HostedToolInfo } from "./host-messages.ts";
import type { PluginFingerprints } from "./plugin-fingerprint.ts";

/** Where the cache is kept: the whole cache as one JSON text. */
export interface MetadataCacheStorage {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

interface CachedPlugin {
  fingerprint: string;
  name?: string;
  version?: string;
  problems: string[];
  tools: HostedToolInfo[];
}

const FORMAT = 1;

/** Wraps `inner`, answering loads from the cache when the plugin's fingerprint still matches. */
export class MetadataCachedHost implements PluginHost {
  private entries: Promise<Map<string, CachedPlugin>> | undefined;
  /** Entries changed since the file was last written. */
  private dirty = false;
  /** The write in progress, which goes on while entries keep changing. */
  private saving: Promise<void> | undefined;

  constructor(
    private readonly inner: PluginHost,
    private readonly storage: MetadataCacheStorage,
    private readonly fingerprints: PluginFingerprints,
  ) {}

  async load(spec: HostedPluginSpec, timeoutMs: number): Promise<HostedLoadResult> {
    const fingerprint = await this.fingerprints.of(spec.id);
    const cached = fingerprint ? (await this.cache()).get(spec.id) : undefined;
    if (fingerprint && cached?.fingerprint === fingerprint) {
      return { ok: true, plugin: this.deferred(spec, timeoutMs, cached) };
    }
    return this.loadForReal(spec, timeoutMs, fingerprint);
  }

  unload(id: string): void {
    this.inner.unload(id);
  }

  onEvent(listener: (event: PluginHostEvent) => void): () => void {
    return this.inner.onEvent(listener);
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.saving;
  }

  private async loadForReal(
    spec: HostedPluginSpec,
    timeoutMs: number,
    fingerprint: string | undefined,
  ): Promise<HostedLoadResult> {
    const result = await this.inner.load(spec, timeoutMs);
    if (fingerprint)
      await this.remember(spec.id, result.ok ? entryOf(fingerprint, result.plugin) : undefined);
    return result;
  }

  /** The cached plugin, with tools that load it for real on their first call. */
  private deferred(spec: HostedPluginSpec, timeoutMs: number, cached: CachedPlugin): HostedPlugin {
    let real: Promise<HostedLoadResult> | undefined;
    const loadOnce = () => {
      real ??= this.loadForReal(spec, timeoutMs, cached.fingerprint);
      return real;
    };
    return {
      ...(cached.name !== undefined ? { name: cached.name } : {}),
      ...(cached.version !== undefined ? { version: cached.version } : {}),
      problems: cached.problems,
      tools: cached.tools.map((info) => ({
        exportName: info.exportName,
        tool: forwardingTool(info, async (params, ctx) => {
          const loaded = await loadOnce();
          const tool = loaded.ok ? findTool(loaded.plugin, info.metadata.name) : undefined;
          if (!tool) return staleFailure(spec, info.metadata, loaded);
          return tool.invokeForwarded(params, ctx);
        }),
      })),
    };
  }

  private cache(): Promise<Map<string, CachedPlugin>> {
    this.entries ??= this.storage.read().then(parseCache, () => new Map());
    return this.entries;
  }

  /** Records (or, with undefined, forgets) a plugin's metadata, to be written soon. */
  private async remember(id: string, entry: CachedPlugin | undefined): Promise<void> {
    const entries = await this.cache();
    if (entry) entries.set(id, entry);
    else if (!entries.delete(id)) return;
    this.dirty = true;
    this.saving ??= this.writeWhileDirty(entries);
  }

  /**
   * Writes the whole cache, again as long as entries changed meanwhile: a thousand plugins loading
   * at once make a few writes of the latest state, not a thousand (each fsynced) in a queue.
   */
  private async writeWhileDirty(entries: Map<string, CachedPlugin>): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const text = JSON.stringify({ format: FORMAT, plugins: Object.fromEntries(entries) });
      // A cache that cannot be written only means the next start loads for real.
      await this.storage.write(text).catch(() => undefined);
    }
    this.saving = undefined;
  }
}

function entryOf(fingerprint: string, plugin: HostedPlugin): CachedPlugin {
  return {
    fingerprint,
    ...(plugin.name !== undefined ? { name: plugin.name } : {}),
    ...(plugin.version !== undefined ? { version: plugin.version } : {}),
    problems: plugin.problems,
    tools: plugin.tools.map(({ exportName, tool }) => ({
      exportName,
      metadata: tool.metadata,
      // The forwarding tool keeps a validateParams only when the plugin's was not a function.
      validateParamsType: validateParamsTypeOf(tool),
    })),
  };
}

function validateParamsTypeOf(tool: ToolProtocol): string {
  const value = (tool as { validateParams?: unknown }).validateParams;
  return typeof value === "string" ? value : "undefined";
}

function findTool(plugin: HostedPlugin, name: string): ForwardingTool | undefined {
  const found = plugin.tools.find((t) => t.tool.metadata.name === name)?.tool;
  return found && isForwardingTool(found) ? found : undefined;
}

function staleFailure(
  spec: HostedPluginSpec,
  metadata: ToolMetadata,
  loaded: HostedLoadResult,
): ForwardedOutcome {
  const why = loaded.ok
    ? `${spec.name} no longer has ${metadata.name}`
    : `${spec.name} no longer loads (${loaded.kind === "import" ? loaded.error.message : loaded.kind === "crashed" ? loaded.message : "its load timed out"})`;
  return {
    ok: false,
    kind: "threw",
    message: `${metadata.name} was listed from the plugin metadata cache, but ${why}`,
    hint: "run the command again: the cache now holds the plugin as it is (agentic plugins list shows its state)",
  };
}

function parseCache(text: string | undefined): Map<string, CachedPlugin> {
  if (!text) return new Map();
  try {
    const parsed = JSON.parse(text) as { format?: unknown; plugins?: unknown };
    if (parsed.format !== FORMAT || typeof parsed.plugins !== "object" || !parsed.plugins) {
      return new Map();
    }
    return new Map(
      Object.entries(parsed.plugins as Record<string, CachedPlugin>).filter(
        ([, entry]) =>
          typeof entry?.fingerprint === "string" &&
          Array.isArray(entry.tools) &&
          Array.isArray(entry.problems),
      ),
    );
  } catch {
    return new Map();
  }
}
