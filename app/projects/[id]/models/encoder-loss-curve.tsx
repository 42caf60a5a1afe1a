"use client";
// An encoder's reconstruction loss (masked L1, pixels in [0, 1]) against epochs (recharts 3).
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EncoderView } from "@/lib/model-store/encoder-view";

export function EncoderLossCurve({ curve }: { curve: EncoderView["lossCurve"] }) {
  if (curve.length === 0) return <p className="muted small">No loss recorded yet.</p>;
  return (
    <div className="encoder-curve">
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={curve} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[0, "dataMax"]}
            label={{ value: "epoch", position: "insideBottom", offset: -12 }}
          />
          <YAxis width={56} tickFormatter={(value: number) => value.toFixed(3)} />
          <Tooltip formatter={(value) => [Number(value).toFixed(4), "masked L1"]} />
          <Line type="monotone" dataKey="loss" stroke="#2563eb" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
