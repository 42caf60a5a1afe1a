"use client";
// Crowd entropy against model entropy per image (nats), with the diagonal where they are equal.
import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface EntropyPoint {
  imageId: number;
  crowd: number;
  model: number;
}

export function EntropyScatter({ points, max }: { points: EntropyPoint[]; max: number }) {
  const top = Math.ceil(max * 10) / 10;
  return (
    <ResponsiveContainer width="100%" height={320}>
      <ScatterChart margin={{ top: 8, right: 16, bottom: 28, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="crowd"
          name="crowd entropy"
          unit=" nats"
          domain={[0, top]}
          tick={{ fontSize: 12 }}
          label={{ value: "crowd entropy (nats)", position: "insideBottom", offset: -18 }}
        />
        <YAxis
          type="number"
          dataKey="model"
          name="model entropy"
          unit=" nats"
          domain={[0, top]}
          tick={{ fontSize: 12 }}
          width={80}
          label={{
            value: "model entropy (nats)",
            angle: -90,
            position: "insideLeft",
            style: { textAnchor: "middle" },
          }}
        />
        <Tooltip formatter={(value) => (typeof value === "number" ? value.toFixed(3) : String(value))} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: top, y: top },
          ]}
          stroke="#9ca3af"
          strokeDasharray="4 4"
        />
        <Scatter data={points} fill="#4f46e5" fillOpacity={0.35} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
