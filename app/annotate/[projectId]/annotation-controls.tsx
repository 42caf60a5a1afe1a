// The annotation screen's buttons: one per label with its key, then Instructions, Skip and Undo, and
// the line that lists the keys. The keys themselves are use-annotation-keys.ts.
import { labelText, type LabelShortcut } from "@/lib/votes/shortcuts";

export function AnnotationControls(props: {
  shortcuts: LabelShortcut[];
  /** The labels and Skip are off while no face is shown or the quota is met. */
  canAnswer: boolean;
  /** The work is over (quota met or no face left): the labels are hidden. */
  over: boolean;
  onAnswer(label: string): unknown;
  onSkip(): unknown;
  onUndo(): unknown;
  /** Shown only when the project has instructions. */
  onInstructions?: () => void;
}) {
  return (
    <>
      <div className="annotate-labels" role="group" aria-label="Labels" hidden={props.over}>
        {props.shortcuts.map(({ label, key }) => (
          <button
            key={label}
            type="button"
            disabled={!props.canAnswer}
            onClick={() => void props.onAnswer(label)}
            data-label={label}
          >
            {key ? <kbd>{key.toUpperCase()}</kbd> : null}
            <span>{labelText(label)}</span>
          </button>
        ))}
      </div>
      <div className="annotate-actions">
        {props.onInstructions ? (
          <button type="button" onClick={props.onInstructions}>
            Instructions
          </button>
        ) : null}
        <button type="button" disabled={!props.canAnswer} onClick={() => void props.onSkip()}>
          <kbd>S</kbd> Skip
        </button>
        <button type="button" onClick={() => void props.onUndo()}>
          <kbd>Z</kbd> Undo last
        </button>
      </div>
      <p className="muted annotate-help">
        Keys: the key shown on each label answers; S skips a face; Z or Backspace undoes your last answer
        (within 10 seconds).
      </p>
    </>
  );
}
