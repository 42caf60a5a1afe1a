// FERPlus's training layout: one folder per split (FER2013Train, FER2013Valid, FER2013Test) holding
// label.csv and one image file per row. label.csv has no header; each row is the image name, the
// face box "(0, 0, width, height)" and one vote count per label, exactly as in FERPlus's data/
// folders, so FERPlus's FERPlusReader (src/ferplus.py, load_folders: row[0] name, row[1] box,
// row[2:] counts) and Chorus's own `import --format ferplus` read it unchanged.
import { stringify } from "csv-stringify/sync";
import { batches, type FormatWriter } from "./format";
import { countFields, splitFolders } from "./layout";
import { SPLIT_FOLDERS, UNSPLIT_FOLDER, type ExportRow } from "./rows";
import type { ByteSink } from "./targets";

function folderOf(row: ExportRow): string {
  return row.split ? SPLIT_FOLDERS[row.split] : UNSPLIT_FOLDER;
}

/** One label.csv row. */
export function ferplusLabelRow(row: ExportRow): (string | number)[] {
  return [row.fileName, `(0, 0, ${row.width}, ${row.height})`, ...row.counts];
}

export const ferplusWriter: FormatWriter = {
  format: "ferplus",
  dataFile: "label.csv",
  contentType: "application/zip",
  requiresBundle: true,
  needs: () => ({ bytes: true, votes: false, prediction: false }),
  layout(context) {
    return {
      files: splitFolders(context, `${UNSPLIT_FOLDER}/`).map((folder) => ({
        path: folder.path,
        what: `${folder.what}: \`label.csv\` and the image files`,
      })),
      // label.csv has no header row: these are its columns in order (ferplusLabelRow).
      fields: [
        { name: "image name", what: "file name of the image in the same folder" },
        { name: "face box", what: '"(0, 0, width, height)": the whole image, as FERPlus writes it' },
        ...countFields(context.labels),
      ],
    };
  },
  async write(rows, { target }) {
    // label.csv files are opened when their split first appears: at most four are open at once.
    const sinks = new Map<string, ByteSink>();
    for await (const batch of batches(rows, 500)) {
      const lines = new Map<string, (string | number)[][]>();
      for (const row of batch) {
        const folder = folderOf(row);
        if (!sinks.has(folder)) sinks.set(folder, await target.open(`${folder}/label.csv`));
        let list = lines.get(folder);
        if (!list) lines.set(folder, (list = []));
        list.push(ferplusLabelRow(row));
        if (row.data) await target.put(`${folder}/${row.fileName}`, row.data);
      }
      for (const [folder, rowsOfFolder] of lines) await sinks.get(folder)!.write(stringify(rowsOfFolder));
    }
    for (const sink of sinks.values()) await sink.close();
  },
};
