// Goal: the OpenAPI document served at /v1/openapi.json is generated from the route definitions
// and is complete and self-consistent: every route, every declared error code, resolvable refs.
// Method: fetch it from a server, then walk it: each route's operation by path and method, each
// error code under its status, every `$ref` resolved, request and response schemas present.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR_CODES, ROUTE_LIST, routeErrorCodes } from "./index.ts";
import { createApiServer } from "./server/index.ts";
import { TestChain } from "../test/chain.ts";
import { call } from "../test/contract.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function resolvePointer(doc: Json, ref: string): Json | undefined {
  assert.ok(ref.startsWith("#/"), `only local refs: ${ref}`);
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
}

function refsIn(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, out));
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}

test("the OpenAPI document lists every route with its schemas and error codes", async () => {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  const doc = (await call<any>(app, { url: "/v1/openapi.json" })).body;
  assert.equal(doc.openapi, "3.1.0");
  assert.equal(typeof doc.info.title, "string");
  assert.equal(typeof doc.info.version, "string");
  const operations = Object.values(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    (item) => Object.keys(item),
  );
  assert.equal(operations.length, ROUTE_LIST.length, "one operation per route, nothing else");

  for (const route of ROUTE_LIST) {
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const operation = doc.paths[path]?.[route.method.toLowerCase()];
    assert.ok(operation !== undefined, `${route.method} ${route.path} is documented`);
    assert.equal(operation.operationId, route.name);
    for (const name of Object.keys(route.params?.properties ?? {})) {
      assert.ok(
        operation.parameters.some((p: any) => p.in === "path" && p.name === name && p.required),
        `${route.name}: path parameter ${name}`,
      );
    }
    for (const name of Object.keys(route.query?.properties ?? {})) {
      assert.ok(
        operation.parameters.some((p: any) => p.in === "query" && p.name === name),
        `${route.name}: query ${name}`,
      );
    }
    if (route.body !== undefined) {
      const content = operation.requestBody?.content?.[route.bodyContentType!];
      assert.ok(
        content?.schema !== undefined,
        `${route.name}: request body as ${route.bodyContentType}`,
      );
    }
    for (const status of Object.keys(route.responses)) {
      const content = operation.responses[status]?.content;
      assert.ok(content !== undefined, `${route.name}: ${status} documented`);
      assert.ok(
        Object.values(content as Record<string, { schema?: unknown }>)[0]?.schema !== undefined,
      );
    }
    for (const code of routeErrorCodes(route)) {
      const response = operation.responses[String(ERROR_CODES[code].status)];
      const schema = response?.content?.["application/json"]?.schema;
      assert.ok(schema?.["x-error-codes"]?.includes(code), `${route.name}: ${code} listed`);
      assert.ok(
        response.description.split(/[ ,.]/).includes(code),
        `${route.name}: ${code} described`,
      );
      assert.ok(schema.properties.error !== undefined, `${route.name}: ${code} is the envelope`);
    }
  }
  assert.ok(doc.components.schemas.SubscribeMessage !== undefined);
  assert.ok(doc.components.schemas.ServerMessage !== undefined);
  for (const ref of refsIn(doc))
    assert.ok(resolvePointer(doc, ref) !== undefined, `unresolved ${ref}`);
  // The document is plain JSON: it survives a round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
  await app.close();
});
