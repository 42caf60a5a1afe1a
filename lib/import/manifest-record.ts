// Turns one manifest record (a CSV row or a JSONL object) into an image entry with votes.
import path from "node:path";
import type { ImportVote, Split } from "./types";

export interface ManifestEntry {
  name: string;
  image: string | null;
  split: Split | null;
  votes: ImportVote[];
  /** True for one-row-per-vote records (several rows may name the same image). */
  perVote: boolean;
}

const SPLIT_ALIASES: Record<string, Split> = {
  train: "train",
  training: "train",
  valid: "valid",
  validation: "valid",
  publictest: "valid",
  test: "test",
  privatetest: "test",
};

// FERPlus's fer2013new.csv calls "not a face" NF.
const LABEL_ALIASES: Record<string, string> = { nf: "not_a_face" };

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

function labelIndex(labels: string[], raw: string): number {
  const wanted = (LABEL_ALIASES[raw.toLowerCase()] ?? raw).toLowerCase();
  return labels.findIndex((label) => label.toLowerCase() === wanted);
}

function parseCount(raw: unknown, label: string): number | string {
  const s = text(raw) ?? "0";
  if (!/^-?\d+$/.test(s)) return `count for "${label}" is not an integer: "${s}"`;
  const n = Number(s);
  if (n < 0) return `count for "${label}" is negative: ${n}`;
  if (n > 1000) return `count for "${label}" exceeds 1000: ${n}`;
  return n;
}

function parseDuration(raw: unknown): number | undefined | string {
  const s = text(raw);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 3_600_000)
    return `duration_ms must be an integer 0..3600000: "${s}"`;
  return n;
}

/** Validates a record against the project's labels; returns an entry or an error message. */
export function manifestRecordToEntry(
  record: Record<string, unknown>,
  labels: string[],
): ManifestEntry | { error: string; name?: string } {
  if (typeof record.__error === "string") return { error: record.__error };
  const image = text(record.image) ?? null;
  const name =
    text(record.name) ??
    text(record.externalName) ??
    text(record.external_name) ??
    text(record["Image name"]) ??
    (image ? path.basename(image) : undefined);
  if (!name) return { error: "missing image (give an `image` path or a `name`)" };
  if (!image && (name.includes("/") || name.startsWith(".")))
    return { error: "image name must be a plain file name", name };
  const rawSplit = text(record.split) ?? text(record.Usage) ?? text(record.usage);
  let split: Split | null = null;
  if (rawSplit) {
    const found = SPLIT_ALIASES[rawSplit.toLowerCase()];
    if (!found) return { error: `unknown split "${rawSplit}" (train, valid or test)`, name };
    split = found;
  }
  const votes: ImportVote[] = [];
  const label = text(record.label);
  if (label !== undefined) {
    const index = labelIndex(labels, label);
    if (index < 0) return { error: `label "${label}" is not in the label set (${labels.join(", ")})`, name };
    const duration = parseDuration(record.duration_ms ?? record.durationMs);
    if (typeof duration === "string") return { error: duration, name };
    votes.push({ label: index, annotator: text(record.annotator), durationMs: duration });
    return { name, image, split, votes, perVote: true };
  }
  if (Array.isArray(record.votes)) {
    const annotators = new Set<string>();
    for (const vote of record.votes as Record<string, unknown>[]) {
      const voteLabel = text(vote?.label) ?? "";
      const index = labelIndex(labels, voteLabel);
      if (index < 0)
        return { error: `vote label "${voteLabel}" is not in the label set (${labels.join(", ")})`, name };
      const annotator = text(vote.annotator);
      if (annotator !== undefined) {
        if (annotators.has(annotator))
          return { error: `annotator "${annotator}" voted twice on this image`, name };
        annotators.add(annotator);
      }
      const duration = parseDuration(vote.durationMs ?? vote.duration_ms);
      if (typeof duration === "string") return { error: duration, name };
      votes.push({ label: index, annotator, durationMs: duration });
    }
    return { name, image, split, votes, perVote: false };
  }
  const counts = (record.counts && typeof record.counts === "object" ? record.counts : record) as Record<
    string,
    unknown
  >;
  const keys = Object.keys(counts).filter((key) => labelIndex(labels, key) >= 0);
  if (record.counts && typeof record.counts === "object") {
    const unknown = Object.keys(counts).filter((key) => labelIndex(labels, key) < 0);
    if (unknown.length)
      return { error: `label "${unknown[0]}" is not in the label set (${labels.join(", ")})`, name };
  }
  for (const key of keys) {
    const count = parseCount(counts[key], key);
    if (typeof count === "string") return { error: count, name };
    for (let k = 0; k < count; k++) votes.push({ label: labelIndex(labels, key) });
  }
  return { name, image, split, votes, perVote: false };
}
