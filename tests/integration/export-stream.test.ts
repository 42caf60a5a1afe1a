// A streamed export whose client goes away mid-download stops and releases its database connection,
// instead of waiting forever for the response to drain with a transaction open.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { exportResponse } from "../../lib/export/http";
import { syntheticPng, sha256 } from "./export-fixture";

/** Other connections of this test's database that are busy (the export's cursor shows as active). */
async function busyConnections(): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`;
  return Number(rows[0]?.n ?? 0);
}

describe("streamed export", () => {
  it("releases the cursor when the client cancels the download", async () => {
    const project = await db.project.create({ data: { name: "many-faces", labels: ["a", "b"] } });
    const data = new Uint8Array(await syntheticPng(9));
    const hash = sha256(data);
    await db.imageBlob.create({
      data: { sha256: hash, data, width: 4, height: 4, format: "png", byteSize: data.byteLength },
    });
    await db.image.createMany({
      data: Array.from({ length: 4000 }, (_, i) => ({
        projectId: project.id,
        sha256: hash,
        externalName: `face-${String(i).padStart(5, "0")}.png`,
        counts: [i % 3, 2],
        voteCount: (i % 3) + 2,
      })),
    });
    const response = await exportResponse({ projectId: project.id, format: "jsonl", filters: {}, zip: true });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(0);
    // Nobody reads on: the export fills the buffers and waits for them to drain.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await busyConnections()).toBe(1);
    // The client goes away: the body is cancelled while the export waits.
    await reader.cancel();
    const deadline = Date.now() + 10_000;
    while ((await busyConnections()) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await busyConnections()).toBe(0);
  });
});
