// The dataset card's streamed agreement figures equal lib/ambiguity's whole-matrix functions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fleissKappa, krippendorffAlpha, rowsWithModalCount } from "../../lib/ambiguity/agreement";
import { createPseudonymizer } from "../../lib/export/pseudonym";
import { toExportRow } from "../../lib/export/rows";
import { SummaryAccumulator } from "../../lib/export/summary";

const LABELS = ["a", "b", "c", "d"];

function summarize(rows: number[][]) {
  const accumulator = new SummaryAccumulator(LABELS);
  const pseudonymize = createPseudonymizer("s", 1);
  rows.forEach((counts, id) => {
    const voteCount = counts.reduce((s, c) => s + c, 0);
    const record = {
      id,
      name: `${id}.png`,
      split: null,
      counts,
      voteCount,
      entropy: 0,
      width: 1,
      height: 1,
      format: "png",
    };
    accumulator.add(toExportRow(record, LABELS, pseudonymize));
  });
  return accumulator.result();
}

describe("export summary", () => {
  it("matches krippendorffAlpha and fleissKappa on the modal rows (property)", () => {
    const row = fc.array(fc.nat(4), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        const summary = summarize(rows);
        const alpha = krippendorffAlpha(rows);
        if (Number.isFinite(alpha)) expect(summary.alpha).toBeCloseTo(alpha, 10);
        else expect(summary.alpha).toBeNull();
        const modal = rowsWithModalCount(rows);
        const kappa = modal.rows.length ? fleissKappa(modal.rows) : NaN;
        if (Number.isFinite(kappa)) expect(summary.kappa).toBeCloseTo(kappa, 10);
        else expect(summary.kappa).toBeNull();
        expect(summary.votes).toBe(rows.flat().reduce((s, c) => s + c, 0));
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it("counts majority labels with ties to the first label", () => {
    const summary = summarize([
      [2, 2, 0, 0],
      [0, 1, 3, 0],
      [0, 0, 0, 0],
    ]);
    expect(summary.majorityByLabel).toEqual([1, 0, 1, 0]);
    expect(summary.imagesWithoutVotes).toBe(1);
  });
});
