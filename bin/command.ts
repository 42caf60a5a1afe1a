// The shape of one CLI command (bin/commands/*.ts), apart from bin/chorus.ts so that the commands
// and the dispatcher that lazily loads them do not import each other.
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void>;
  /** False for commands that never touch the database (no embedded PostgreSQL is started). */
  database?: false;
}
