// CHORUS_WORKER_QUEUES: which jobs a worker serves, so several workers can split the queues.
import { describe, expect, it } from "vitest";
import { jobs, selectJobs } from "../../workers/registry";

describe("selectJobs", () => {
  it("serves every job when no queues are named", () => {
    expect(selectJobs(undefined).map((job) => job.name)).toEqual(jobs.map((job) => job.name));
  });

  it("serves only the named queues, each once", () => {
    expect(selectJobs(["train", "predict", "train"]).map((job) => job.name)).toEqual(["train", "predict"]);
    expect(selectJobs(["export"]).map((job) => job.name)).toEqual(["export"]);
  });

  it("refuses an unknown queue with the valid names", () => {
    expect(() => selectJobs(["train", "trian"])).toThrow(
      /CHORUS_WORKER_QUEUES: unknown queue trian; valid: train, predict, stats, export/,
    );
    expect(() => selectJobs([])).toThrow(/unknown queue \(none given\)/);
  });
});
