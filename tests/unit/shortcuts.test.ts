import { describe, expect, it } from "vitest";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { labelShortcuts } from "../../lib/votes/shortcuts";

describe("labelShortcuts", () => {
  it("gives the FER+ emotions 1..8, unknown u and not_a_face n", () => {
    expect(labelShortcuts(FERPLUS_LABELS).map((s) => s.key)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "u",
      "n",
    ]);
  });

  it("keeps keys unique and off the reserved skip/undo keys for large label sets", () => {
    const labels = Array.from({ length: 40 }, (_, i) => `label${i}`);
    const keys = labelShortcuts(labels)
      .map((s) => s.key)
      .filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain("s");
    expect(keys).not.toContain("z");
    expect(keys.slice(0, 10)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]);
  });
});
