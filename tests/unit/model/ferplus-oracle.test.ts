// The FERPlus oracle (tests/oracles/ferplus.ts, a literal port of microsoft/FERPlus's label processing)
// checked on worked examples; tests/unit/model/paradigms.test.ts checks lib/model/votes.ts against it.
import { describe, expect, it } from "vitest";
import { ferplusProcess, ferplusTarget } from "../../oracles/ferplus";

// FERPlus `_process_data` (microsoft/FERPlus src/ferplus.py), worked by hand on FER+ count vectors
// (neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, not_a_face).
// The port was also compared with the Python original on 3,000 random vectors x 3 modes: no mismatch.
describe("FERPlus label processing", () => {
  const mixed = [4, 0, 0, 1, 3, 2, 0, 0, 0, 0]; // the single sadness vote is an outlier -> 0, leaving 9 votes

  it("majority: the top label needs more than half of the votes left after outlier removal", () => {
    expect(ferplusProcess([0, 8, 1, 0, 0, 0, 0, 0, 1, 0], "majority")).toEqual([
      0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    // 4 of 9 is not a majority -> unknown (index 8).
    expect(ferplusProcess(mixed, "majority")).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it("probability / crossentropy: top labels until 75% of the votes or 3 labels", () => {
    // 4 (44%) then 3 (78% >= 75%): neutral 4/7, anger 3/7; disgust (2) is left out.
    const expected = [4 / 7, 0, 0, 0, 3 / 7, 0, 0, 0, 0, 0];
    expect(ferplusProcess(mixed, "probability")).toEqual(expected);
    expect(ferplusProcess(mixed, "crossentropy")).toEqual(expected);
    // unknown ties with neutral after it: it is dropped, and 5 of 10 is not more than half -> unknown.
    expect(ferplusProcess([5, 0, 0, 0, 0, 0, 0, 0, 5, 0], "probability")[8]).toBe(1);
    // unknown (4) comes after neutral (6): dropped; 6 of 10 > half -> neutral.
    expect(ferplusProcess([6, 0, 0, 0, 0, 0, 0, 0, 4, 0], "probability")[0]).toBe(1);
  });

  it("multi_target: every label with at least 30% of the votes", () => {
    expect(ferplusProcess(mixed, "multi_target")).toEqual([4 / 7, 0, 0, 0, 3 / 7, 0, 0, 0, 0, 0]);
    expect(ferplusTarget(mixed, "multi_target")).toEqual([1, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001]);
  });

  it("training targets leave out images that end on unknown / not_a_face", () => {
    expect(ferplusTarget(mixed, "majority")).toBeNull();
    expect(ferplusTarget([0, 0, 0, 0, 0, 0, 0, 0, 1, 9], "probability")).toBeNull();
    const fear = [0, 0, 0, 0, 0, 0, 9, 0, 1, 0];
    expect(ferplusTarget(fear, "majority")).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
    // FERPlus's literal `idx < emotion_count - 2` with emotion_count = 8 also drops fear and contempt.
    expect(ferplusTarget(fear, "majority", { literalUpstreamFilter: true })).toBeNull();
  });
});
