// Parquet for Hugging Face `datasets`: one row per image with the image itself in the Image feature's
// storage layout (a struct {bytes, path}, named in the `huggingface` schema metadata so that
// `load_dataset("parquet", ...)` decodes it as an image), the name, split, vote counts and
// distribution (lists in label order; the label names are in the metadata), entropy and majority.
// Written with hyparquet-writer one row group at a time from the cursor, so memory holds one group.
import { ByteWriter, parquetWriteRows, type SchemaElement } from "hyparquet-writer";
import { type FormatWriter } from "./format";
import { FIELD_TEXT } from "./layout";
import type { ExportRow } from "./rows";
import type { ByteSink } from "./targets";

/** Rows per row group: ~1000 faces keep a group near a few MB while readers can still skip groups. */
const ROW_GROUP_ROWS = 1000;

const utf8 = (name: string, repetition: "REQUIRED" | "OPTIONAL"): SchemaElement => ({
  name,
  type: "BYTE_ARRAY",
  converted_type: "UTF8",
  repetition_type: repetition,
});

const list = (name: string, type: "INT32" | "DOUBLE"): SchemaElement[] => [
  { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", type, repetition_type: "REQUIRED" },
];

/** The file's schema (Parquet's flattened tree; LIST columns use the standard 3-level layout). */
export const PARQUET_SCHEMA: SchemaElement[] = [
  { name: "root", num_children: 8 },
  // The Image feature's arrow type is struct<bytes: binary, path: string>, every level nullable.
  { name: "image", repetition_type: "OPTIONAL", num_children: 2 },
  { name: "bytes", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" },
  utf8("path", "OPTIONAL"),
  { name: "id", type: "INT32", repetition_type: "REQUIRED" },
  utf8("name", "REQUIRED"),
  utf8("split", "OPTIONAL"),
  ...list("counts", "INT32"),
  ...list("distribution", "DOUBLE"),
  { name: "entropy", type: "DOUBLE", repetition_type: "REQUIRED" },
  utf8("majority", "OPTIONAL"),
];

/** Names of the top-level columns of a flattened schema (children of the root, skipping their subtrees). */
export function topLevelColumns(schema: readonly SchemaElement[]): string[] {
  const names: string[] = [];
  let index = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let child = 0; child < (schema[at]?.num_children ?? 0); child++) next = skip(next);
    return next;
  };
  while (index < schema.length) {
    names.push(schema[index]!.name);
    index = skip(index);
  }
  return names;
}

const PARQUET_FIELD_TEXT: Record<string, string> = {
  ...FIELD_TEXT,
  image: "struct {bytes, path}: the Hugging Face Image feature (PNG bytes and file name)",
  counts: "list of votes per label, in label order (the order is in the `chorus` schema metadata)",
  distribution: "list: counts / number of votes, in label order",
};

/** Schema metadata: Hugging Face features (only `image` needs naming) and the label order. */
export function parquetMetadata(labels: readonly string[]): { key: string; value: string }[] {
  const features = { image: { _type: "Image" } };
  return [
    { key: "huggingface", value: JSON.stringify({ info: { features } }) },
    { key: "chorus", value: JSON.stringify({ labels }) },
  ];
}

/** hyparquet-writer's Writer, handing each finished row group to a ByteSink (with backpressure). */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }
  // Called by hyparquet-writer after each row group (Writer.flush is optional, so not declared on ByteWriter).
  flush(): Promise<void> {
    // A copy: the buffer is reused for the next row group while the sink may still hold this one.
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink.write(bytes);
  }
  override finish(): Promise<void> {
    return this.flush();
  }
}

async function* parquetRows(rows: AsyncIterable<ExportRow>) {
  for await (const row of rows) {
    yield {
      image: row.data ? { bytes: row.data, path: row.fileName } : null,
      id: row.id,
      name: row.name,
      split: row.split,
      counts: row.counts,
      distribution: row.distribution,
      entropy: row.entropy,
      majority: row.majority,
    };
  }
}

export const parquetWriter: FormatWriter = {
  format: "parquet",
  dataFile: "data.parquet",
  contentType: "application/vnd.apache.parquet",
  requiresBundle: false,
  needs: () => ({ bytes: true, votes: false, prediction: false }),
  layout(context) {
    return {
      files: [{ path: this.dataFile, what: "one row per image, images inside" }],
      fields: topLevelColumns(PARQUET_SCHEMA).map((name) => ({
        name,
        what: PARQUET_FIELD_TEXT[name] ?? name,
      })),
    };
  },
  async write(rows, { labels, target }) {
    const sink = await target.open(this.dataFile);
    const writer = new SinkWriter(sink);
    await parquetWriteRows({
      writer,
      rows: parquetRows(rows),
      schema: PARQUET_SCHEMA,
      columns: [
        // PNG bytes are already compressed; statistics on them would be noise.
        { name: "image", codec: "UNCOMPRESSED", statistics: false },
        { name: "id" },
        { name: "name" },
        { name: "split" },
        { name: "counts" },
        { name: "distribution" },
        { name: "entropy" },
        { name: "majority" },
      ],
      rowGroupSize: ROW_GROUP_ROWS,
      kvMetadata: parquetMetadata(labels),
      createdBy: "chorus export",
    });
    await sink.close();
  },
};
