"use client";
// The project's instructions, shown before the first face (and again from the "Instructions"
// button): the researcher's text and example faces per label. Enter or the button starts.
import { useEffect } from "react";
import { Markdown } from "@/app/components/markdown";
import { labelText } from "@/lib/votes/shortcuts";

export interface AnnotatorGuide {
  instructions: string;
  examples: { label: string; imageId: number }[];
  quota: number;
}

export function Instructions({ guide, onStart }: { guide: AnnotatorGuide; onStart: () => void }) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Enter") {
        event.preventDefault();
        event.stopImmediatePropagation();
        onStart();
      }
    }
    // Capture phase: the annotation shortcuts underneath must not see the keys while this is open.
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [onStart]);
  const labels = [...new Set(guide.examples.map((example) => example.label))];
  return (
    <section className="card annotate-instructions" aria-label="instructions">
      <h2>Before you start</h2>
      {guide.instructions ? <Markdown source={guide.instructions} /> : null}
      {guide.quota > 0 ? (
        <p>
          You will be shown <strong>{guide.quota}</strong> faces.
        </p>
      ) : null}
      {labels.length > 0 ? (
        <div className="instruction-examples">
          {labels.map((label) => (
            <figure key={label}>
              <figcaption>{labelText(label)}</figcaption>
              <div>
                {guide.examples
                  .filter((example) => example.label === label)
                  .map((example) => (
                    // eslint-disable-next-line @next/next/no-img-element -- 48x48 example faces
                    <img
                      key={example.imageId}
                      className="face"
                      src={`/api/images/${example.imageId}/file`}
                      width={72}
                      height={72}
                      alt={`example of ${labelText(label)}`}
                    />
                  ))}
              </div>
            </figure>
          ))}
        </div>
      ) : null}
      <button type="button" className="button-primary" autoFocus onClick={onStart}>
        Start (Enter)
      </button>
    </section>
  );
}
