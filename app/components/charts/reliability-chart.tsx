"use client";
// Reliability diagram: per confidence bin, how often the model's top label is the crowd's majority,
// against the diagonal of perfect calibration (Guo et al. 2017, fig. 1).
import { formatTooltipValue } from "@/app/components/format";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface ReliabilityPoint {
  from: number;
  to: number;
  count: number;
  confidence: number;
  accuracy: number;
}

export function ReliabilityChart({ bins }: { bins: ReliabilityPoint[] }) {
  const data = bins.map((bin) => ({
    bin: `${Math.round(bin.from * 100)}-${Math.round(bin.to * 100)}`,
    accuracy: bin.count ? Math.round(bin.accuracy * 1000) / 10 : null,
    perfect: Math.round(((bin.from + bin.to) / 2) * 1000) / 10,
    count: bin.count,
  }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 28, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="bin"
          tick={{ fontSize: 11 }}
          label={{ value: "model confidence in its top label (%)", position: "insideBottom", offset: -18 }}
        />
        <YAxis
          unit="%"
          domain={[0, 100]}
          tick={{ fontSize: 12 }}
          label={{
            value: "top label = crowd majority (%)",
            angle: -90,
            position: "insideLeft",
            style: { textAnchor: "middle" },
          }}
        />
        <Tooltip formatter={formatTooltipValue} />
        <Legend verticalAlign="top" height={28} />
        <Bar dataKey="accuracy" name="observed accuracy" fill="#4f46e5" isAnimationActive={false} />
        <Line
          dataKey="perfect"
          name="perfect calibration"
          stroke="#9ca3af"
          strokeDasharray="4 4"
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
