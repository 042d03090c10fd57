import { describe, expect, it, vi } from "vitest";
import { withTimeout } from "../../src-main/core/timeout.ts";

describe("withTimeout", () => {
  it("gives the promise's value when it settles in time, and clears the timer", async () => {
    vi.useFakeTimers();
    try {
      const onTimeout = vi.fn(() => "late");
      await expect(withTimeout(Promise.resolve(7), 1_000, onTimeout)).resolves.toBe(7);
      expect(vi.getTimerCount()).toBe(0);
      await expect(withTimeout(Promise.reject(new Error("no")), 1_000, onTimeout)).rejects.toThrow(
        "no",
      );
      expect(vi.getTimerCount()).toBe(0);
      expect(onTimeout).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives what onTimeout returns, or rejects with what it throws, once ms pass", async () => {
    vi.useFakeTimers();
    try {
      const never = new Promise<number>(() => {});
      const late = withTimeout(never, 50, () => "timeout" as const);
      const failed = withTimeout(never, 50, () => {
        throw new Error("timed out");
      });
      const failedCheck = expect(failed).rejects.toThrow("timed out");
      await vi.advanceTimersByTimeAsync(49);
      expect(vi.getTimerCount()).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      await expect(late).resolves.toBe("timeout");
      await failedCheck;
    } finally {
      vi.useRealTimers();
    }
  });

  it("with unref, the timer does not hold the process", async () => {
    const spy = vi.spyOn(globalThis, "setTimeout");
    try {
      const done = withTimeout(new Promise<boolean>(() => {}), 1, () => false, { unref: true });
      const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      await expect(done).resolves.toBe(false);
    } finally {
      spy.mockRestore();
    }
  });
});
