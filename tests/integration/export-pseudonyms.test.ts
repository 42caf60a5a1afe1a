// Annotator pseudonyms in exports: stable within one export, different in another export of the same
// project and in another project, never the account or crowd worker id.
import { beforeAll, describe, expect, it } from "vitest";
import type { ExportFormat } from "../../lib/export/options";
import { runExport } from "../../lib/export/run";
import { singleFileTarget, type ByteSink } from "../../lib/export/targets";
import { FIXED_SECRET, seedSyntheticProject } from "./export-fixture";

/** Exports JSONL into memory and returns the parsed lines. */
async function exportJsonl(projectId: number, pseudonymSecret?: string) {
  let text = "";
  const sink: ByteSink = {
    async write(chunk) {
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    },
    async close() {},
  };
  const format: ExportFormat = "jsonl";
  await runExport({ projectId, format, target: singleFileTarget(sink), pseudonymSecret });
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { votes: { annotator: string | null; durationMs: number | null }[] });
}

/** The pseudonym given to the vote with `durationMs` (durations identify the fixture's votes). */
function annotatorOf(lines: Awaited<ReturnType<typeof exportJsonl>>, durationMs: number) {
  return lines.flatMap((l) => l.votes).find((v) => v.durationMs === durationMs)!.annotator;
}

describe("export pseudonyms", () => {
  let first: number;
  let second: number;
  beforeAll(async () => {
    first = (await seedSyntheticProject("pseudonyms-a")).projectId;
    second = (await seedSyntheticProject("pseudonyms-b")).projectId;
  });

  it("are stable within one export: ann-1's votes on different images share one pseudonym", async () => {
    const lines = await exportJsonl(first);
    // ann-1 cast the votes lasting 1200, 1500, 700 and 2500 ms on four images.
    const ids = [1200, 1500, 700, 2500].map((ms) => annotatorOf(lines, ms));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^a-[0-9a-f]{16}$/);
    // ann-2 (900 ms) is someone else; the imported vote without an annotator has none.
    expect(annotatorOf(lines, 900)).not.toBe(ids[0]);
    expect(lines[1]!.votes[3]!.annotator).toBeNull();
  });

  it("differ between two exports of the same project (a fresh secret each time)", async () => {
    const a = annotatorOf(await exportJsonl(first), 1200);
    const b = annotatorOf(await exportJsonl(first), 1200);
    expect(a).not.toBe(b);
  });

  it("differ between projects even under the same secret", async () => {
    const a = annotatorOf(await exportJsonl(first, FIXED_SECRET), 1200);
    const b = annotatorOf(await exportJsonl(second, FIXED_SECRET), 1200);
    expect(a).not.toBe(b);
    // Same project, same secret: the same pseudonym (what makes golden files deterministic).
    expect(annotatorOf(await exportJsonl(first, FIXED_SECRET), 1200)).toBe(a);
  });
});
