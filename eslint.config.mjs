import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

// Pages, routes and the pure cores never open the database: each domain owns its named reads in
// lib/<domain>/ (docs/architecture.md, "Data layer"). The patterns cover the alias and every relative
// spelling of lib/db.ts.
const noDatabaseClient = [
  "error",
  {
    patterns: [
      {
        group: ["@/lib/db", "**/lib/db", "../db", "../../db", "../../../db", "./db"],
        message:
          "Only lib/<domain>/ reads the database: call (or add) a named read there instead of importing lib/db.",
      },
    ],
  },
];

const config = [
  ...nextVitals,
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx", "lib/ambiguity/**/*.ts", "lib/model/**/*.ts"],
    rules: { "no-restricted-imports": noDatabaseClient },
  },
  {
    ignores: ["lib/generated/**", ".next/**", ".next-*/**", ".chorus/**", "tests/output/**", "next-env.d.ts"],
  },
];

export default config;
