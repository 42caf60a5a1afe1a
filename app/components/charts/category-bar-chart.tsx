"use client";
// Bars over categories (labels, histogram bins), one or more series side by side (recharts 3).
// Every use names both axes and their units.
import { formatTooltipValue } from "@/app/components/format";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarSeries {
  key: string;
  name: string;
  color: string;
}

export interface CategoryBarChartProps {
  data: Record<string, string | number | null>[];
  /** Field of `data` holding the category shown on the x axis. */
  categoryKey: string;
  series: BarSeries[];
  xLabel: string;
  yLabel: string;
  /** Unit appended to y tick values (e.g. "%"). */
  yUnit?: string;
  yDomain?: [number, number];
  height?: number;
  /** Tilt long category names. */
  tiltLabels?: boolean;
}

export function CategoryBarChart(props: CategoryBarChartProps) {
  const { data, categoryKey, series, xLabel, yLabel, yUnit, yDomain, height = 260, tiltLabels } = props;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: tiltLabels ? 56 : 28, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey={categoryKey}
          interval={tiltLabels ? 0 : "preserveStartEnd"}
          angle={tiltLabels ? -30 : 0}
          textAnchor={tiltLabels ? "end" : "middle"}
          height={tiltLabels ? 60 : 30}
          label={{ value: xLabel, position: "insideBottom", offset: tiltLabels ? -48 : -20 }}
          tick={{ fontSize: 12 }}
        />
        <YAxis
          unit={yUnit}
          domain={yDomain}
          tick={{ fontSize: 12 }}
          label={{
            value: yLabel,
            angle: -90,
            position: "insideLeft",
            offset: 0,
            style: { textAnchor: "middle" },
          }}
        />
        <Tooltip formatter={formatTooltipValue} />
        {series.length > 1 && <Legend verticalAlign="top" height={44} wrapperStyle={{ fontSize: 12 }} />}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            fill={s.color}
            maxBarSize={56}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
