/**
 * Captures the response examples of the OpenAPI document from a service on the reference data (a fresh database),
 * so every example is a real answer of the service, trimmed to a readable size. Not part of CI: run it when a response
 * shape changes, and CI's Spectral run (oas3-valid-schema-example) fails on any example that no longer fits its schema.
 *
 *   API_BASE=http://127.0.0.1:5049 node dist/capture-examples.js <saved openapi.json> <output .json>
 *
 * The output maps a component schema's name to its example (for a list, the example of one item).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { env } from "./report.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Operation { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }
interface Schema { $ref?: string; type?: string; items?: Schema }

const [documentPath, outputPath] = process.argv.slice(2);
if (!documentPath || !outputPath) {
  throw new Error("Usage: capture-examples <openapi.json> <output.json>");
}
const baseUrl = env("API_BASE");
const key = env("TREASURER_KEY", "dev-treasurer-key");
const document = JSON.parse(readFileSync(documentPath, "utf8")) as { paths: Record<string, Record<string, Operation>> };

/** Values for path and query parameters: the reference data's year-end. */
const values: Record<string, string> = { asOf: "2025-12-31", year: "2025", from: "2025-01-01", to: "2025-12-31", tertial: "3", month: "2025-12", format: "json" };

async function call(method: string, path: string, body?: Json): Promise<Json | undefined> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { "X-Api-Key": key, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || !type.startsWith("application/json")) {
    console.error(`skip ${method} ${path}: ${response.status} ${type}`);
    return undefined;
  }
  return (await response.json()) as Json;
}

/** At most two items per list and the first 300 characters of a text: enough to read, small enough to show. */
function trim(value: Json): Json {
  if (Array.isArray(value)) {
    return value.slice(0, 2).map(trim);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trim(v)]));
  }
  return typeof value === "string" && value.length > 300 ? value.slice(0, 300) : value;
}

function schemaName(schema: Schema | undefined): { name: string; list: boolean } | undefined {
  if (schema?.$ref) {
    return { name: schema.$ref.split("/").pop()!, list: false };
  }
  if (schema?.type === "array" && schema.items?.$ref) {
    return { name: schema.items.$ref.split("/").pop()!, list: true };
  }
  return undefined;
}

const examples: Record<string, Json> = {};
function keep(schema: Schema | undefined, value: Json | undefined): void {
  const target = schemaName(schema);
  if (!target || value === undefined || examples[target.name] !== undefined) {
    return;
  }
  const example = target.list ? (Array.isArray(value) ? value[0] : undefined) : value;
  if (example !== undefined) {
    examples[target.name] = trim(example);
  }
}

// What only a write answers with: a stored stress test, a snapshot, a preview.
await call("POST", "/api/stress-tests", { asOf: "2025-12-31" });
await call("POST", "/api/snapshots/2025-12");
/** Keeps the answer of a write as the example of its success response's schema. */
async function keepWrite(method: string, path: string, body?: Json): Promise<void> {
  const operation = document.paths[path]?.[method.toLowerCase()];
  const ok = Object.entries(operation?.responses ?? {}).find(([status]) => status.startsWith("2"))?.[1];
  keep(ok?.content?.["application/json"]?.schema, await call(method, path, body));
}
await keepWrite("POST", "/api/fund/green-zone", { asOf: "2025-12-31", paths: 2000 });
await keepWrite("POST", "/api/admin/backup");
const loans = await call("GET", "/api/loans");
const loanId = Array.isArray(loans) && loans[0] && typeof loans[0] === "object" && !Array.isArray(loans[0]) ? String(loans[0]["id"]) : "1";

for (const [path, operations] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(operations)) {
    const ok = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith("2"))?.[1];
    const schema = ok?.content?.["application/json"]?.schema;
    if (method !== "get" || !schemaName(schema)) {
      continue;
    }
    const url = path
      .replace("{id}", path.startsWith("/api/loans") ? loanId : "1")
      .replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name);
    const query = new URLSearchParams(Object.entries(values).filter(([name]) => ["asOf", "year", "from", "to"].includes(name) || (name === "format" && path.startsWith("/api/reports"))));
    keep(schema, await call("GET", `${url}?${query}`));
  }
}
writeFileSync(outputPath, JSON.stringify(Object.fromEntries(Object.entries(examples).sort(([a], [b]) => a.localeCompare(b))), null, 2) + "\n");
console.log(`${Object.keys(examples).length} examples → ${outputPath}`);
