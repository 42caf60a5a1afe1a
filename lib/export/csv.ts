// CSV in the columns of FERPlus's fer2013new.csv: `Usage,Image name`, then one vote count per label
// (for the FER+ label set exactly neutral,...,unknown,NF), so FERPlus's own scripts read it unchanged.
// In a bundle the images go into FERPlus's split folders beside it, where Chorus's manifest importer
// (and FERPlus's layout) look for them.
import { stringify } from "csv-stringify/sync";
import { batches, type FormatWriter } from "./format";
import { countFields, splitFolders } from "./layout";
import { countColumns, SPLIT_FOLDERS, SPLIT_USAGE, type ExportRow } from "./rows";

/** The header row of data.csv. */
export function csvHeader(labels: readonly string[]): string[] {
  return ["Usage", "Image name", ...countColumns(labels)];
}

/** Where a row's image lies in a bundle, relative to the bundle's root. */
export function csvImagePath(row: ExportRow): string {
  return row.split ? `${SPLIT_FOLDERS[row.split]}/${row.fileName}` : row.fileName;
}

export const csvWriter: FormatWriter = {
  format: "csv",
  dataFile: "data.csv",
  contentType: "text/csv; charset=utf-8",
  requiresBundle: false,
  needs: (bundle) => ({ bytes: bundle, votes: false, prediction: false }),
  layout(context) {
    return {
      files: [
        { path: this.dataFile, what: "one row per image" },
        // Images lie where csvImagePath puts them: their split's folder, or the root.
        ...(context.bundle ? splitFolders(context, "./") : []),
      ],
      fields: [
        {
          name: "Usage",
          what: "Training, PublicTest or PrivateTest (FER2013's names of train, valid, test); empty without a split",
        },
        { name: "Image name", what: "file name of the image" },
        ...countFields(context.labels),
      ],
    };
  },
  async write(rows, { labels, target }) {
    const sink = await target.open(this.dataFile);
    await sink.write(stringify([csvHeader(labels)]));
    for await (const batch of batches(rows, 500)) {
      const lines = batch.map((row) => [
        row.split ? SPLIT_USAGE[row.split] : "",
        row.fileName,
        ...row.counts,
      ]);
      await sink.write(stringify(lines));
      if (target.bundle) {
        for (const row of batch) if (row.data) await target.put(csvImagePath(row), row.data);
      }
    }
    await sink.close();
  },
};
