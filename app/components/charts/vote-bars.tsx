// Compact vote bars for gallery cards: one bar per label with votes, width = share of the votes.
// Plain HTML (dozens per page would be heavy as recharts charts).

const COLORS = [
  "#4f46e5",
  "#f59e0b",
  "#10b981",
  "#3b82f6",
  "#ef4444",
  "#84cc16",
  "#a855f7",
  "#ec4899",
  "#9ca3af",
  "#6b7280",
];

export function VoteBars({ labels, counts }: { labels: string[]; counts: number[] }) {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  const shown = labels
    .map((label, index) => ({ label, index, count: counts[index] ?? 0 }))
    .filter((row) => row.count > 0);
  shown.sort((a, b) => b.count - a.count || a.index - b.index);
  return (
    <ul className="vote-bars" aria-label="votes per label">
      {shown.map((row) => (
        <li key={row.label} title={`${row.label}: ${row.count} of ${total} votes`}>
          <span className="vote-bars-label">{row.label}</span>
          <span className="vote-bars-track">
            <span
              style={{
                width: `${(row.count / total) * 100}%`,
                background: COLORS[row.index % COLORS.length],
              }}
            />
          </span>
          <span className="vote-bars-count">{row.count}</span>
        </li>
      ))}
    </ul>
  );
}
