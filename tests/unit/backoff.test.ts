// Restart delays of bin/start.ts and bin/web-server.ts: doubling while a child keeps crashing,
// capped, and back to the first delay after a healthy run.
import { describe, expect, it } from "vitest";
import { Backoff } from "../../bin/backoff";

describe("Backoff", () => {
  it("doubles from 1 s to at most 30 s while the child dies young, and starts over after a minute's run", () => {
    const backoff = new Backoff();
    const quick = Array.from({ length: 7 }, () => backoff.next(500));
    expect(quick).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(backoff.next(60_000)).toBe(1_000);
    expect(backoff.next(100)).toBe(2_000);
  });
});
