"use client";
// Vote counts of one image as a bar chart (recharts), optionally beside a model's distribution.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface VoteChartRow {
  label: string;
  votes: number;
  /** Share of the votes, 0..1. */
  crowd: number;
  /** Model probability, 0..1, when a model exists. */
  model?: number;
}

export function VoteChart({ rows, showModel }: { rows: VoteChartRow[]; showModel: boolean }) {
  const data = rows.map((row) => ({
    ...row,
    crowdPercent: Math.round(row.crowd * 1000) / 10,
    modelPercent: row.model === undefined ? undefined : Math.round(row.model * 1000) / 10,
  }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 40, left: 24 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" angle={-30} textAnchor="end" interval={0} height={60} />
        <YAxis
          unit="%"
          domain={[0, 100]}
          label={{ value: "share of votes (%)", angle: -90, position: "insideLeft", offset: -12, dy: 60 }}
        />
        <Tooltip
          formatter={(value, name, item) =>
            name === "crowd"
              ? [`${value}% (${(item.payload as VoteChartRow).votes} votes)`, "crowd"]
              : [`${value}%`, name]
          }
        />
        <Legend verticalAlign="top" />
        <Bar dataKey="crowdPercent" name="crowd" fill="#4f46e5" isAnimationActive={false} />
        {showModel && <Bar dataKey="modelPercent" name="model" fill="#f59e0b" isAnimationActive={false} />}
      </BarChart>
    </ResponsiveContainer>
  );
}
