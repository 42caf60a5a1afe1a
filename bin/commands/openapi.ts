// `chorus openapi`: prints the OpenAPI 3.1 document (the same as GET /api/openapi.json) to stdout.
import { openApiDocument } from "../../lib/openapi/document";
import type { Command } from "../command";

const command: Command = {
  summary: "print the OpenAPI 3.1 document of the HTTP API (JSON)",
  usage: "npm run -s chorus -- openapi > openapi.json",
  database: false,
  async run() {
    process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
  },
};

export default command;
