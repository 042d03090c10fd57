import { stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { Page } from "@playwright/test";
import { LangfuseReceiver, PROJECT_ID } from "../test/tracing/langfuse-receiver.ts";
import { test as base, expect, openTool, screenshot } from "./fixtures.ts";

// A local receiver implementing Langfuse's ingestion route stands in for Langfuse (no server can
// run here); the app's real Langfuse SDK exports to it.
type Receiver = LangfuseReceiver & { url: string };

const test = base.extend<{ receiver: Receiver }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
  receiver: async ({}, use) => {
    const receiver = new LangfuseReceiver("pk-lf-e2e", "sk-lf-e2e");
    const url = await receiver.start();
    await use(Object.assign(receiver, { url }));
    await receiver.stop();
  },
  extraEnv: async ({ receiver }, use) => {
    await use({
      LANGFUSE_PUBLIC_KEY: "pk-lf-e2e",
      LANGFUSE_SECRET_KEY: "sk-lf-e2e",
      LANGFUSE_BASE_URL: receiver.url,
    });
  },
});

/**
 * The result's "Open in Langfuse" link points at the receiver's project and the trace; "show trace"
 * opens that trace in the Traces panel, with the same link. Returns the trace id.
 */
async function openTraceFromResult(page: Page, langfuseUrl: string): Promise<string> {
  const resultLink = page.getByTestId("result-langfuse-link");
  await expect(resultLink).toHaveAttribute(
    "href",
    new RegExp(`^${langfuseUrl}/project/${PROJECT_ID}/traces/[0-9a-f]{32}$`),
  );
  const href = (await resultLink.getAttribute("href")) as string;
  const traceId = href.slice(href.lastIndexOf("/") + 1);
  await page.getByTestId("show-trace").click();
  await expect(page.getByTestId("trace-id")).toHaveText(traceId);
  await expect(page.getByTestId("langfuse-link")).toHaveAttribute("href", href);
  return traceId;
}

test("an invocation in the UI shows up in the Traces panel with its spans and a correct Langfuse link", async ({
  workbench,
  receiver,
}, info) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  await page.locator("#root_operation").selectOption("multiply");
  await page.locator("#root_a").fill("4");
  await page.locator("#root_b").fill("5");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("20");

  const traceId = await openTraceFromResult(page, receiver.url);
  const root = page.getByTestId("observation-tool");
  await expect(root).toContainText("@math/calculator");
  await expect(root).toContainText('operation:"multiply"');
  await expect(root).toContainText("output20");
  await expect(page.getByTestId("trace-list")).toContainText("@math/calculator");

  // The real SDK delivered the same trace to the receiver as a tool observation.
  await expect
    .poll(() => receiver.observations.find((o) => o.traceId === traceId)?.type, { timeout: 15_000 })
    .toBe("TOOL");
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("exporter-langfuse")).toContainText("connected");
  await screenshot(page, "traces", info.project.name);
});

test("a failed invocation's trace is level ERROR; stopping Langfuse changes only the health indicator", async ({
  workbench,
  receiver,
}) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  await page.getByTestId("json-editor").fill('{"operation":"divide","a":1,"b":0}');
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("TOOL_ERROR");
  await page.getByTestId("show-trace").click();
  await expect(page.getByTestId("observation-tool")).toContainText("ERROR");
  await expect(page.getByTestId("observation-tool")).toContainText("division by zero");

  await receiver.stop();
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Tools" })
    .click();
  await page.getByTestId("json-editor").fill('{"operation":"add","a":2,"b":2}');
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("4");
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Traces" })
    .click();
  await expect(page.getByTestId("trace-list").locator("li")).toHaveCount(2);
  // Nobody clicks Refresh: the health badge follows by itself.
  await expect(page.getByTestId("exporter-langfuse")).toContainText("failing", {
    timeout: 20_000,
  });
});

// No Langfuse in the environment: the user connects it in the Traces panel, without a restart.
const uiTest = base.extend<{ receiver: Receiver }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
  receiver: async ({}, use) => {
    const receiver = new LangfuseReceiver("pk-lf-ui", "sk-lf-ui");
    const url = await receiver.start();
    await use(Object.assign(receiver, { url }));
    await receiver.stop();
  },
});

uiTest(
  "Langfuse set in the Traces panel: the next invocation arrives there, with a working link",
  async ({ workbench, receiver }) => {
    const { page } = workbench;
    const views = page.getByRole("navigation", { name: "Views" });
    await views.getByRole("button", { name: "Traces" }).click();
    const settings = page.getByTestId("langfuse-settings");
    await expect(page.getByTestId("langfuse-source")).toContainText("not configured");
    await expect(page.getByTestId("exporter-langfuse")).toContainText("disabled");
    await settings.locator("summary").click();

    // A bad URL is refused with the field named (the form checks, the host again); nothing saved.
    await settings.getByLabel("Base URL").fill("ftp://localhost");
    await settings.getByLabel("Public key").fill("pk-lf-ui");
    await settings.getByLabel("Secret key").fill("sk-lf-ui");
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("langfuse-settings-error")).toContainText(
      "baseUrl: must be an http(s) URL",
    );
    await expect(settings.getByLabel("Base URL")).toHaveAttribute("aria-invalid", "true");

    await expect(stat(path.join(workbench.home, "settings.json"))).rejects.toThrow(/ENOENT/);
    await settings.getByLabel("Base URL").fill(receiver.url);
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("langfuse-source")).toContainText(
      `saved in settings.json · ${receiver.url} · pk-lf-ui`,
    );
    await expect(page.getByTestId("langfuse-settings-error")).toHaveCount(0);
    await expect(settings.getByLabel("Secret key")).toHaveValue("");
    expect((await stat(path.join(workbench.home, "settings.json"))).mode & 0o777).toBe(0o600);

    await views.getByRole("button", { name: "Tools" }).click();
    await openTool(page, "@math/calculator");
    await page.getByTestId("json-editor").fill('{"operation":"multiply","a":6,"b":7}');
    await page.getByRole("button", { name: /^Invoke/ }).click();
    await expect(page.getByTestId("result-value")).toHaveText("42");
    const traceId = await openTraceFromResult(page, receiver.url);
    await expect
      .poll(() => receiver.observations.find((o) => o.traceId === traceId)?.type, {
        timeout: 15_000,
      })
      .toBe("TOOL");
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return page.getByTestId("exporter-langfuse").textContent();
        },
        { timeout: 15_000 },
      )
      .toMatch(/connected · [1-9]\d* exported/);

    // Disconnect: the link goes; the traces stay in the local store.
    await settings.locator("summary").click();
    await settings.getByRole("button", { name: "Disconnect" }).click();
    await expect(page.getByTestId("langfuse-source")).toContainText("not configured");
    await expect(page.getByTestId("exporter-langfuse")).toContainText("disabled");
    await expect(page.getByTestId("langfuse-link")).toHaveCount(0);
    await expect(page.getByTestId("trace-list")).toContainText("@math/calculator");
  },
);

uiTest(
  "Langfuse Save checks before it says connected; the link shows only on traces sent there",
  async ({ workbench, receiver }) => {
    const { page } = workbench;
    const views = page.getByRole("navigation", { name: "Views" });
    // A trace recorded before Langfuse is connected has no page there.
    await openTool(page, "@math/calculator");
    await page.getByTestId("json-editor").fill('{"operation":"add","a":1,"b":1}');
    await page.getByRole("button", { name: /^Invoke/ }).click();
    await expect(page.getByTestId("result-value")).toHaveText("2");

    await views.getByRole("button", { name: "Traces" }).click();
    const settings = page.getByTestId("langfuse-settings");
    await settings.locator("summary").click();
    const error = page.getByTestId("langfuse-settings-error");
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const nowhere = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    await settings.getByLabel("Base URL").fill(nowhere);
    await settings.getByLabel("Public key").fill("pk-lf-ui");
    await settings.getByLabel("Secret key").fill("sk-lf-ui");
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(error).toContainText(`baseUrl: nothing answers at ${nowhere} (ECONNREFUSED)`);
    await expect(settings.getByLabel("Base URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("langfuse-source")).toContainText("not configured");

    await settings.getByLabel("Base URL").fill(receiver.url);
    await settings.getByLabel("Secret key").fill("sk-wrong");
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(error).toContainText("secretKey: Langfuse at");
    await expect(error).toContainText("refused these keys (HTTP 401)");
    await expect(settings.getByLabel("Secret key")).toHaveAttribute("aria-invalid", "true");

    await settings.getByLabel("Secret key").fill("sk-lf-ui");
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Connected" })).toHaveText(
      `Connected: Langfuse answered and the keys open project ${PROJECT_ID}. New traces go there.`,
    );
    await page.getByTestId("trace-list").getByText("@math/calculator").first().click();
    await expect(page.getByTestId("langfuse-not-sent")).toHaveText("not in this Langfuse");
    await expect(page.getByTestId("langfuse-link")).toHaveCount(0);
  },
);
