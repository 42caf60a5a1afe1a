// schema.prisma and prisma/migrations must describe the same database. Prisma's own drift check
// (`prisma migrate diff`) needs the native schema engine, which cannot be downloaded here, so this
// compares Prisma's parsed data model (prisma-schema-wasm, the same parser the CLI uses) with the
// catalog of a database built from the migrations alone: tables, columns, types, nullability,
// enums, primary keys, unique and plain indexes, and foreign keys. Only the `public` schema is
// compared: pg-boss keeps its queue tables in its own `pgboss` schema.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "../../lib/env";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum";
  type: string;
  isList: boolean;
  isRequired: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
  dbName?: string | null;
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; values: { name: string }[] }[];
    indexes: DmmfIndex[];
  };
}

// Prisma's default PostgreSQL column types (prisma docs, "PostgreSQL type mapping").
const PG_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};
const ON_DELETE: Record<string, string> = {
  Cascade: "c",
  SetNull: "n",
  Restrict: "r",
  NoAction: "a",
  SetDefault: "d",
};

let client: pg.Client;
let dmmf: Dmmf;

beforeAll(async () => {
  const schema = await readFile("prisma/schema.prisma", "utf8");
  dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))) as Dmmf;
  client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
});
afterAll(() => client.end());

const table = (model: DmmfModel) => model.dbName ?? model.name;
const column = (model: DmmfModel, fieldName: string) => {
  const field = model.fields.find((f) => f.name === fieldName)!;
  return field.dbName ?? field.name;
};

describe("schema.prisma matches the migrations", () => {
  it("has the same tables, columns, types and nullability", async () => {
    const { rows } = await client.query<{
      table_name: string;
      column_name: string;
      type: string;
      not_null: boolean;
    }>(`
      SELECT c.relname AS table_name, a.attname AS column_name,
             format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`);
    const actual = rows
      .map((r) => `${r.table_name}.${r.column_name} ${r.type}${r.not_null ? " NOT NULL" : ""}`)
      .sort();
    const expected = dmmf.datamodel.models
      .flatMap((model) =>
        model.fields
          .filter((f) => f.kind !== "object")
          .map((f) => {
            const base = f.kind === "enum" ? `"${f.type}"` : (PG_TYPES[f.type] ?? f.type);
            const type = f.isList ? `${base}[]` : base;
            // Prisma creates list columns without NOT NULL.
            const notNull = f.isRequired && !f.isList;
            return `${table(model)}.${f.dbName ?? f.name} ${type}${notNull ? " NOT NULL" : ""}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the same enums", async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const expected = Object.fromEntries(
      dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]),
    );
    expect(actual).toEqual(expected);
  });

  it("has the same primary keys, unique and plain indexes", async () => {
    const { rows } = await client.query<{
      table_name: string;
      columns: string[];
      is_unique: boolean;
      is_primary: boolean;
    }>(`
      SELECT t.relname AS table_name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
             array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
    const kind = (r: { is_primary: boolean; is_unique: boolean }) =>
      r.is_primary ? "id" : r.is_unique ? "unique" : "normal";
    const actual = rows.map((r) => `${r.table_name} ${kind(r)} (${r.columns.join(",")})`).sort();
    const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
    const expected = dmmf.datamodel.indexes
      .map((index) => {
        const model = models.get(index.model)!;
        return `${table(model)} ${index.type} (${index.fields.map((f) => column(model, f.name)).join(",")})`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the same foreign keys with the same ON DELETE rules", async () => {
    const { rows } = await client.query<{
      table_name: string;
      columns: string[];
      target: string;
      on_delete: string;
    }>(`
      SELECT t.relname AS table_name, r.relname AS target, c.confdeltype AS on_delete,
             array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`);
    const actual = rows
      .map((r) => `${r.table_name}(${r.columns.join(",")}) -> ${r.target} ${r.on_delete}`)
      .sort();
    const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
    const expected = dmmf.datamodel.models
      .flatMap((model) =>
        model.fields
          .filter((f) => f.kind === "object" && f.relationFromFields && f.relationFromFields.length > 0)
          .map((f) => {
            const target = models.get(f.type)!;
            // Prisma's default: Restrict for required relations, SetNull for optional ones.
            const optional = !f.isRequired;
            const rule = f.relationOnDelete ?? (optional ? "SetNull" : "Restrict");
            const columns = f.relationFromFields!.map((name) => column(model, name)).join(",");
            return `${table(model)}(${columns}) -> ${table(target)} ${ON_DELETE[rule]}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});
