"use strict";

// A small web app on Node's standard library. It counts visits in memory. GET /healthz responds
// with "ok", GET /api/visits with the new count as JSON, and any other GET path with a greeting
// from the local `greeting` package.

const http = require("node:http");
const { greet } = require("greeting");

const NAME = process.env.GREETING_NAME || "Buildlab";
const PORT = Number(process.env.PORT || "8000");

let visits = 0;

const server = http.createServer((request, response) => {
  if (request.method !== "GET") {
    response.writeHead(405, { "content-type": "text/plain", allow: "GET" });
    response.end("Only GET is supported.\n");
    return;
  }

  if (request.url === "/healthz") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("ok\n");
    return;
  }

  if (request.url === "/api/visits") {
    visits += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(`${JSON.stringify({ visits })}\n`);
    return;
  }

  response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  response.end(`${greet(NAME)}\n`);
});

server.listen(PORT, () => {
  console.log(`node-app listening on port ${PORT}`);
});
