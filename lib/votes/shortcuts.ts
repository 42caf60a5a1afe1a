// Keyboard shortcuts of the annotation page, derived from the project's label order so that every
// project gets the same layout: digits for the emotions (FER+: 1..8), `u` for unknown, `n` for
// not_a_face; s (skip), z / Backspace (undo) are reserved.

const FIXED: Record<string, string> = { unknown: "u", not_a_face: "n" };
const RESERVED = new Set(["s", "z", "u", "n"]);
const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];
const LETTERS = "qwertyiopadfghjklxcvbm".split("").filter((key) => !RESERVED.has(key));

export interface LabelShortcut {
  label: string;
  key: string;
}

/** One key per label, in label order; a set too large for the keyboard leaves the rest without a key (""). */
export function labelShortcuts(labels: readonly string[]): LabelShortcut[] {
  const free = [...DIGITS, ...LETTERS];
  return labels.map((label) => {
    const fixed = FIXED[label];
    if (fixed) return { label, key: fixed };
    return { label, key: free.shift() ?? "" };
  });
}

/** A label name as people read it: `not_a_face` -> `not a face`. */
export function labelText(label: string): string {
  return label.replace(/_/g, " ");
}
