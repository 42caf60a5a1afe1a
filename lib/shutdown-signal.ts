// The first Ctrl-C or SIGTERM starts a process's shutdown; repeats are ignored. A signal usually
// arrives twice (the terminal sends it to the whole process group, and npm or tsx relays it
// again), so a `process.once` handler left the second to Node's default action, which killed the
// process mid-shutdown and orphaned its embedded PostgreSQL on the port.

const SIGNALS = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const;

/**
 * Calls `shutdown` with the signal's conventional exit code (130 / 143) on the first SIGINT or
 * SIGTERM for which `unless()` is false; every later signal is ignored, so the listeners stay.
 */
export function onShutdownSignal(shutdown: (exitCode: number) => void, unless: () => boolean = () => false) {
  let started = false;
  for (const [signal, code] of SIGNALS) {
    process.on(signal, () => {
      if (started || unless()) return;
      started = true;
      shutdown(code);
    });
  }
}
