// The annotation screen's keyboard: each label's key answers, S skips, Z or Backspace undoes, R
// retries. Ignored while a modifier is held or a text field has the focus. Pass stable (useCallback)
// actions: the listener is replaced whenever one changes.
import { useEffect } from "react";
import type { LabelShortcut } from "@/lib/votes/shortcuts";

export function useAnnotationKeys(
  shortcuts: LabelShortcut[],
  actions: { answer(label: string): unknown; skip(): unknown; undo(): unknown; retry(): unknown },
): void {
  const { answer, skip, undo, retry } = actions;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      const key = event.key.toLowerCase();
      const match = shortcuts.find((shortcut) => shortcut.key === key);
      if (match) {
        event.preventDefault();
        void answer(match.label);
      } else if (key === "s") {
        void skip();
      } else if (key === "z" || key === "backspace") {
        event.preventDefault();
        void undo();
      } else if (key === "r") {
        void retry();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts, answer, skip, undo, retry]);
}
