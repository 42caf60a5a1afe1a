// Progress lines on stderr for long CLI work, at most one per second (and the last one).
export function progressPrinter(label: string): (progress: { done: number; total: number }) => void {
  let last = 0;
  const started = Date.now();
  return ({ done, total }) => {
    const now = Date.now();
    if (now - last < 1000 && done < total) return;
    last = now;
    const percent = total ? Math.round((done / total) * 100) : 100;
    const seconds = ((now - started) / 1000).toFixed(1);
    process.stderr.write(`${label}: ${done}/${total} (${percent}%) ${seconds}s\n`);
  };
}
