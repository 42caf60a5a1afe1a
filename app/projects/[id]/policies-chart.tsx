"use client";
// Mean KL(full distribution || estimate) by votes per image for the three assignment policies,
// from replaying the project's complete images (lib/analytics/policy-comparison.ts).
import { formatTooltipValue } from "@/app/components/format";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface PolicyRow {
  perImage: number;
  fixed: number;
  settled: number;
  active: number;
}

const round = (value: number) => Math.round(value * 10000) / 10000;

export function PoliciesChart({ rows }: { rows: PolicyRow[] }) {
  const data = rows.map((row) => ({
    perImage: row.perImage,
    fixed: round(row.fixed),
    settled: round(row.settled),
    active: round(row.active),
  }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 28, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="perImage"
          tick={{ fontSize: 12 }}
          label={{ value: "vote budget (votes per image)", position: "insideBottom", offset: -18 }}
        />
        <YAxis
          tick={{ fontSize: 12 }}
          label={{
            value: "mean KL to full (nats)",
            angle: -90,
            position: "insideLeft",
            style: { textAnchor: "middle" },
          }}
        />
        <Tooltip formatter={formatTooltipValue} />
        <Legend verticalAlign="top" height={28} />
        <Line dataKey="fixed" name="fixed overlap" stroke="#9ca3af" isAnimationActive={false} />
        <Line dataKey="settled" name="settled retirement" stroke="#059669" isAnimationActive={false} />
        <Line dataKey="active" name="model-in-the-loop" stroke="#4f46e5" isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
