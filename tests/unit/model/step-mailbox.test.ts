// The shared-memory protocol between the main thread and a training thread (lib/model/step-mailbox.ts).
// parallel.test.ts runs it across real threads; here one thread plays both sides, so the order of
// service and the failure path can be checked exactly.
import { describe, expect, it } from "vitest";
import {
  createMailboxBuffer,
  lastGradientTiming,
  mailboxOf,
  postApply,
  postGradient,
  postStop,
  serve,
  waitGradient,
  type GradientRequest,
} from "@/lib/model/step-mailbox";

const request: GradientRequest = { start: 3, end: 7, n: 8, probabilities: true, features: false };

describe("step mailbox", () => {
  it("serves an update before the gradient posted after it, and hands back the loss", async () => {
    const box = mailboxOf(createMailboxBuffer());
    const served: string[] = [];
    // Step s's update and step s+1's gradient are both waiting when the thread wakes (it was slow).
    postApply(box, 0.0025);
    const count = postGradient(box, request);
    expect(count).toBe(1);
    serve(box, {
      apply: (learningRate) => served.push(`apply ${learningRate}`),
      gradient: (got) => {
        served.push(`gradient ${JSON.stringify(got)}`);
        postStop(box);
        // Busy for 5 ms: the thread's own timing of its shard must see it.
        for (const until = performance.now() + 5; performance.now() < until;);
        return 1.25;
      },
    });
    expect(served).toEqual([`apply 0.0025`, `gradient ${JSON.stringify(request)}`]);
    await expect(waitGradient(box, count, () => undefined)).resolves.toBe(1.25);
    // The thread's own timing of its shard saw the 5 ms; the start came after the post.
    const timing = lastGradientTiming(box);
    expect(timing.shardMs).toBeGreaterThanOrEqual(5);
    expect(timing.startLagMs).toBeGreaterThanOrEqual(0);
    expect(timing.answerLagMs).toBeGreaterThanOrEqual(0);
  });

  it("counts gradients, so an answer to an earlier one does not satisfy a later wait", async () => {
    const box = mailboxOf(createMailboxBuffer());
    const first = postGradient(box, request);
    let calls = 0;
    serve(box, {
      apply: () => {},
      gradient: () => {
        calls++;
        postStop(box);
        return 0.5;
      },
    });
    const second = postGradient(box, { ...request, start: 0, end: 4 });
    expect([first, second, calls]).toEqual([1, 2, 1]);
    await expect(waitGradient(box, first, () => undefined)).resolves.toBe(0.5);
    // Nobody serves the second: the wait gives up with the failure it is told of, instead of hanging.
    const died = new Error("training thread 1 exited (code 1)");
    let polls = 0;
    await expect(waitGradient(box, second, () => (++polls >= 3 ? died : undefined), 5)).rejects.toBe(died);
    expect(polls).toBe(3);
  });

  it("stops a thread that is waiting for work", () => {
    const box = mailboxOf(createMailboxBuffer());
    postStop(box);
    const started = performance.now();
    serve(box, {
      apply: () => expect.fail("nothing was posted"),
      gradient: () => expect.fail("nothing was posted"),
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
