/**
 * Issue 8's promise on the served document, checked operation by operation: a summary, a description, and an example
 * of what goes in or comes out (a request body example, or a success response's example, directly or through its
 * schema, a list's item schema or an allOf). Usage: node dist/document.js <saved openapi.json>
 */
import { readFileSync } from "node:fs";
import { check, run } from "./report.js";

interface Schema { $ref?: string; example?: unknown; items?: Schema; allOf?: Schema[] }
interface Media { schema?: Schema; example?: unknown; examples?: Record<string, unknown> }
interface Operation {
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
}
interface Document { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

const path = process.argv[2];
if (!path) {
  throw new Error("Usage: document <openapi.json>");
}
const document = JSON.parse(readFileSync(path, "utf8")) as Document;

function hasExample(schema: Schema | undefined, depth = 0): boolean {
  if (!schema || depth > 8) {
    return false;
  }
  if (schema.example !== undefined) {
    return true;
  }
  const target = schema.$ref ? document.components?.schemas?.[schema.$ref.split("/").pop()!] : undefined;
  return hasExample(target, depth + 1) || hasExample(schema.items, depth + 1) || (schema.allOf ?? []).some((s) => hasExample(s, depth + 1));
}

function mediaHasExample(content: Record<string, Media> | undefined): boolean {
  return Object.entries(content ?? {}).some(([type, media]) =>
    type.includes("json") && (media.example !== undefined || Object.keys(media.examples ?? {}).length > 0 || hasExample(media.schema)));
}

await run("document", async () => {
  const missing = { summary: [] as string[], description: [] as string[], example: [] as string[] };
  let operations = 0;
  for (const [route, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations++;
      const name = `${method.toUpperCase()} ${route}`;
      if (!operation.summary?.trim()) missing.summary.push(name);
      if (!operation.description?.trim()) missing.description.push(name);
      const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith("2"));
      if (!mediaHasExample(operation.requestBody?.content) && !success.some(([, r]) => mediaHasExample(r.content))) {
        missing.example.push(name);
      }
    }
  }
  check(`the document has operations (${operations})`, operations > 0, "none");
  check("every operation has a summary", missing.summary.length === 0, missing.summary.join(", "));
  check("every operation has a description", missing.description.length === 0, missing.description.join(", "));
  check("every operation has a request or success-response example", missing.example.length === 0, missing.example.join(", "));
});
