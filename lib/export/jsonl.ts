// JSON Lines, one image a line, with everything Chorus knows about it: counts and distribution per
// label, entropy, majority label, every vote (pseudonymous annotator, label, time to answer) and the
// latest published model's prediction. In a bundle the images go to images/ and each line's `image`
// names its file, which is what Chorus's manifest importer reads back.
import { batches, type FormatWriter } from "./format";
import { FIELD_TEXT } from "./layout";
import type { ExportRow } from "./rows";

/** Per-label object in label order (JSON keeps insertion order, so the label order survives). */
function byLabel<T>(labels: readonly string[], values: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  labels.forEach((label, index) => (out[label] = values[index] as T));
  return out;
}

/** The JSON object of one line. */
export function jsonlRecord(
  row: ExportRow,
  labels: readonly string[],
  bundle: boolean,
): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    ...(bundle ? { image: `images/${row.fileName}` } : {}),
    split: row.split,
    counts: byLabel(labels, row.counts),
    votes: row.votes ?? [],
    distribution: byLabel(labels, row.distribution),
    entropy: row.entropy,
    majority: row.majority,
    prediction: row.prediction ? byLabel(labels, row.prediction) : null,
  };
}

/** A row whose only use is to read the field names jsonlRecord writes (so the card follows it). */
const LAYOUT_PROBE: ExportRow = {
  id: 0,
  name: "",
  fileName: "",
  split: null,
  counts: [],
  voteCount: 0,
  entropy: 0,
  distribution: [],
  majority: null,
  width: 0,
  height: 0,
  format: "png",
};

export const jsonlWriter: FormatWriter = {
  format: "jsonl",
  dataFile: "data.jsonl",
  contentType: "application/x-ndjson; charset=utf-8",
  requiresBundle: false,
  needs: (bundle) => ({ bytes: bundle, votes: true, prediction: true }),
  layout(context) {
    const fields = Object.keys(jsonlRecord(LAYOUT_PROBE, context.labels, context.bundle));
    return {
      files: [
        { path: this.dataFile, what: "one JSON object per line, one line per image" },
        ...(context.bundle ? [{ path: "images/", what: "the image files" }] : []),
      ],
      fields: fields.map((name) => ({
        name,
        what:
          name === "counts" || name === "distribution" || name === "prediction"
            ? `${FIELD_TEXT[name].replace(", in label order", "")}, as {label: value}`
            : FIELD_TEXT[name as keyof typeof FIELD_TEXT],
      })),
    };
  },
  async write(rows, { labels, target }) {
    const sink = await target.open(this.dataFile);
    for await (const batch of batches(rows, 200)) {
      let text = "";
      for (const row of batch) text += JSON.stringify(jsonlRecord(row, labels, target.bundle)) + "\n";
      await sink.write(text);
      if (target.bundle) {
        for (const row of batch) if (row.data) await target.put(`images/${row.fileName}`, row.data);
      }
    }
    await sink.close();
  },
};
