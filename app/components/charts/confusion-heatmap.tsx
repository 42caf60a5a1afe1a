// Confused pairs as a heatmap: row = one vote's label, column = how the other votes on the same face
// are spread (share, %). Plain HTML so it renders on the server; colour intensity encodes the share.

export function ConfusionHeatmap({ labels, matrix }: { labels: string[]; matrix: number[][] }) {
  return (
    <div className="heatmap-wrap">
      <div className="heatmap-ylabel">one vote says … (label)</div>
      <div>
        <div className="heatmap-xlabel">… the other votes on the same face say (share of votes, %)</div>
        <table className="heatmap" aria-label="confused label pairs">
          <thead>
            <tr>
              <th />
              {labels.map((label) => (
                <th key={label} scope="col">
                  <span>{label}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {labels.map((other, column) => {
                  const share = matrix[row]?.[column] ?? 0;
                  // A row with no votes at all has no shares: a dash, not a "0" that reads as measured.
                  if ((matrix[row] ?? []).every((value) => !value)) {
                    return (
                      <td
                        key={other}
                        className="muted"
                        title={`no vote for ${label} on a face with other votes: nothing to compare`}
                      >
                        –
                      </td>
                    );
                  }
                  // Off-diagonal cells are the confusions; the diagonal (agreement) gets another hue.
                  const hue = row === column ? "16, 185, 129" : "79, 70, 229";
                  const alpha = Math.min(1, share * (row === column ? 1 : 2.5));
                  return (
                    <td
                      key={other}
                      title={`${label} → ${other}: ${(share * 100).toFixed(1)}%`}
                      style={{
                        background: `rgba(${hue}, ${alpha.toFixed(3)})`,
                        color: alpha > 0.55 ? "#fff" : undefined,
                      }}
                    >
                      {(share * 100).toFixed(0)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
