// Goal: a submitter's requests leave from its own loopback address (the gateway's rate limiter
// sees 127.0.0.x), and the SDK gets a normal Response: status, headers and body bytes.
// Method: a local HTTP server that echoes the peer address and the request body.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { loopbackAddress, loopbackFetch } from "./loopback-fetch.ts";

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    response.writeHead(request.url === "/missing" ? 404 : 200, {
      "x-seen": request.socket.remoteAddress ?? "",
    });
    response.end(`${request.method} ${Buffer.concat(chunks).length}`);
  });
});
const port = await new Promise<number>((resolve) =>
  server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
);
after(() => server.close());

test("requests come from the chosen address and answer as fetch does", async () => {
  const connection = loopbackFetch(loopbackAddress(23));
  try {
    const response = await connection.fetch(`http://127.0.0.1:${port}/v1/x`, {
      method: "POST",
      body: new Uint8Array(5),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-seen"), "127.0.0.23");
    assert.equal(await response.text(), "POST 5");
    const missing = await connection.fetch(`http://127.0.0.1:${port}/missing`);
    assert.equal(missing.status, 404);
    assert.equal(missing.ok, false);
  } finally {
    connection.close();
  }
});

test("an unreachable gateway rejects, and addresses stay on the loopback network", async () => {
  const connection = loopbackFetch(loopbackAddress(24));
  await assert.rejects(connection.fetch("http://127.0.0.1:1/"));
  connection.close();
  assert.throws(() => loopbackAddress(0), RangeError);
  assert.throws(() => loopbackAddress(251), RangeError);
});
