"use client";
// Learning curves (recharts 3): per epoch, the training loss and the valid accuracy of the chosen
// model versions, on two axes with their units. Up to four versions overlay for comparison.
import { formatTooltipValue } from "@/app/components/format";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ModelVersionView } from "@/lib/model-store/views";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea"];
const MAX_SHOWN = 4;

export function LearningCurves({ versions }: { versions: ModelVersionView[] }) {
  const withEpochs = versions.filter((v) => v.epochs.length > 0);
  const [chosen, setChosen] = useState<number[] | null>(null);
  if (!withEpochs.length) return <p className="muted">No epochs recorded yet.</p>;
  // Default: the newest run of each paradigm, so the paradigms compare at a glance.
  const defaults = withEpochs.filter((v, i) => withEpochs.findIndex((w) => w.paradigm === v.paradigm) === i);
  const shownIds = chosen ?? defaults.slice(0, MAX_SHOWN).map((v) => v.id);
  const shown = withEpochs.filter((v) => shownIds.includes(v.id));
  const maxEpochs = Math.max(...shown.map((v) => v.epochs.length), 1);
  const data = Array.from({ length: maxEpochs }, (_, i) => {
    const row: Record<string, number | null> = { epoch: i + 1 };
    for (const v of shown) {
      const e = v.epochs[i];
      row[`loss${v.id}`] = e?.trainLoss ?? null;
      row[`acc${v.id}`] = e?.validAccuracy === undefined ? null : Math.round(e.validAccuracy * 1000) / 10;
    }
    return row;
  });
  const toggle = (id: number) => {
    const next = shownIds.includes(id)
      ? shownIds.filter((x) => x !== id)
      : [...shownIds, id].slice(-MAX_SHOWN);
    setChosen(next);
  };
  return (
    <div>
      <fieldset className="curve-picker">
        <legend className="small muted">Versions shown (up to {MAX_SHOWN})</legend>
        {withEpochs.map((v) => (
          <label key={v.id} className="small">
            <input type="checkbox" checked={shownIds.includes(v.id)} onChange={() => toggle(v.id)} /> #
            {v.number} {v.paradigm}
            {v.status === "training" ? " (training)" : v.status === "failed" ? " (failed)" : ""}
          </label>
        ))}
      </fieldset>
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={data} margin={{ top: 8, right: 24, bottom: 28, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            tick={{ fontSize: 12 }}
            label={{ value: "epoch", position: "insideBottom", offset: -18 }}
          />
          <YAxis
            yAxisId="loss"
            tick={{ fontSize: 12 }}
            label={{
              value: "train loss (nats)",
              angle: -90,
              position: "insideLeft",
              style: { textAnchor: "middle" },
            }}
          />
          <YAxis
            yAxisId="acc"
            orientation="right"
            unit="%"
            domain={[0, 100]}
            tick={{ fontSize: 12 }}
            label={{
              value: "valid accuracy (%)",
              angle: 90,
              position: "insideRight",
              style: { textAnchor: "middle" },
            }}
          />
          <Tooltip formatter={formatTooltipValue} />
          <Legend verticalAlign="top" height={28} />
          {shown.flatMap((v, i) => [
            <Line
              key={`loss${v.id}`}
              yAxisId="loss"
              dataKey={`loss${v.id}`}
              name={`#${v.number} ${v.paradigm} loss`}
              stroke={COLORS[i % COLORS.length]}
              // Same version, same hue; the loss is dashed and paler so it never reads as the accuracy.
              strokeOpacity={0.5}
              strokeWidth={1.5}
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />,
            <Line
              key={`acc${v.id}`}
              yAxisId="acc"
              dataKey={`acc${v.id}`}
              name={`#${v.number} ${v.paradigm} valid acc.`}
              stroke={COLORS[i % COLORS.length]}
              strokeWidth={2.5}
              isAnimationActive={false}
              connectNulls
            />,
          ])}
        </LineChart>
      </ResponsiveContainer>
      <p className="small muted">
        Dashed: training loss (left axis). Solid: valid accuracy, FERPlus protocol (right axis).
      </p>
    </div>
  );
}
