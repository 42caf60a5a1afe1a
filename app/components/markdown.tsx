// A small, safe Markdown subset for researcher-written text (annotator instructions): # headings,
// paragraphs, - and 1. lists, **bold** and *italic*. It builds React elements, never HTML strings,
// so nothing a researcher types can inject markup or script.
import type { ReactNode } from "react";

function inline(text: string, keyPrefix: string): ReactNode[] {
  // Split on **bold** and *italic* runs; everything else stays literal text.
  return text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/g).map((part, index) => {
    const key = `${keyPrefix}-${index}`;
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4)
      return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith("*") && part.endsWith("*") && part.length > 2)
      return <em key={key}>{part.slice(1, -1)}</em>;
    return part;
  });
}

/** Renders `source` as blocks separated by blank lines. */
export function Markdown({ source }: { source: string }) {
  const blocks = source
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <div className="markdown">
      {blocks.map((block, index) => {
        const key = `b${index}`;
        const lines = block.split("\n").map((line) => line.trim());
        const heading = /^(#{1,3})\s+(.*)$/.exec(block);
        if (heading && lines.length === 1) {
          const text = inline(heading[2]!, key);
          return heading[1]!.length === 1 ? <h2 key={key}>{text}</h2> : <h3 key={key}>{text}</h3>;
        }
        if (lines.every((line) => /^[-*]\s+/.test(line))) {
          return (
            <ul key={key}>
              {lines.map((line, i) => (
                <li key={i}>{inline(line.replace(/^[-*]\s+/, ""), `${key}-${i}`)}</li>
              ))}
            </ul>
          );
        }
        if (lines.every((line) => /^\d+[.)]\s+/.test(line))) {
          return (
            <ol key={key}>
              {lines.map((line, i) => (
                <li key={i}>{inline(line.replace(/^\d+[.)]\s+/, ""), `${key}-${i}`)}</li>
              ))}
            </ol>
          );
        }
        return <p key={key}>{inline(lines.join(" "), key)}</p>;
      })}
    </div>
  );
}
