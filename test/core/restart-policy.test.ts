/**
 * The restart policy shared by the plugin host and the MCP tool source: delays double from the
 * first to a cap, and a failure after a quiet period counts as the first again.
 */
import { describe, expect, it } from "vitest";
import { RestartPolicy } from "../../src-main/core/restart-policy.ts";

describe("RestartPolicy", () => {
  it("waits 100 ms, then twice as long after each failure, up to 10 s by default", () => {
    const policy = new RestartPolicy();
    const delays = Array.from({ length: 9 }, (_, i) => policy.failed(i).delayMs);
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000]);
    expect(policy.attempt).toBe(9);
  });

  it("starts over after staying up for the quiet period, not before", () => {
    const policy = new RestartPolicy({ initialMs: 50, maxMs: 1_000, resetAfterMs: 1_000 });
    policy.up(0);
    expect(policy.failed(10)).toEqual({ attempt: 1, delayMs: 50 });
    policy.up(100);
    expect(policy.failed(1_100)).toEqual({ attempt: 2, delayMs: 100 });
    policy.up(1_200);
    expect(policy.failed(2_201)).toEqual({ attempt: 1, delayMs: 50 });
  });

  it("a failure without coming up in between continues the streak, however long it took", () => {
    const policy = new RestartPolicy({ resetAfterMs: 10 });
    policy.up(0);
    expect(policy.failed(1).attempt).toBe(1);
    expect(policy.failed(60_000).attempt).toBe(2);
    policy.reset();
    expect(policy.attempt).toBe(0);
    expect(policy.failed(60_001).attempt).toBe(1);
  });
});
