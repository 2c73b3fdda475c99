// The peer AgentChat.Bench measures against: a small SSE chat server on Vercel's resumable-stream
// (the library the Vercel AI SDK uses for resumable streams) with Redis. It answers every POST
// /chat with a simulated model: `tokens` tokens at `rate` tokens/s, scheduled against the start so
// a busy machine delays tokens without drifting (as AgentChat's DemoChatClient does). Each SSE
// event carries a sequence number so the bench can count lost and doubled chunks, as it does
// for AgentChat. GET /chat/<id>?skip=<characters> resumes a stream still in progress.
//
// Usage: REDIS_URL=redis://127.0.0.1:6379 PORT=8080 node --expose-gc server.mjs
import http from "node:http";
import { randomUUID } from "node:crypto";
import { createResumableStreamContext } from "resumable-stream/redis";

const port = Number(process.env.PORT ?? 8080);
const context = createResumableStreamContext({ waitUntil: null });

function answer(tokens, rate) {
  let timer;
  return new ReadableStream({
    start(controller) {
      const start = performance.now();
      let i = 0;
      const next = () => {
        if (i < tokens) {
          i++;
          controller.enqueue(`data: {"s":${i},"t":"word "}\n\n`);
        }
        if (i === tokens) {
          controller.enqueue(`data: {"s":${tokens + 1},"done":true}\n\n`);
          controller.close();
          return;
        }
        timer = setTimeout(next, Math.max(0, start + (i * 1000) / rate - performance.now()));
      };
      next();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

async function pipe(stream, response) {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for await (const chunk of stream) {
    response.write(chunk);
  }
  response.end();
}

const server = http.createServer(async (request, response) => {
  try {
    const url = new URL(request.url, "http://localhost");
    if (request.method === "GET" && url.pathname === "/health") {
      response.end("ok");
    } else if (request.method === "GET" && url.pathname === "/memory" && globalThis.gc) {
      // The live heap after a full collection (run with --expose-gc): memory not inflated by garbage.
      globalThis.gc();
      const { heapUsed, external } = process.memoryUsage();
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ liveHeapBytes: heapUsed + external }));
    } else if (request.method === "POST" && url.pathname === "/chat") {
      request.resume();
      const tokens = Number(url.searchParams.get("tokens") ?? 200);
      const rate = Number(url.searchParams.get("rate") ?? 40);
      const id = randomUUID();
      response.setHeader("x-stream-id", id);
      await pipe(await context.createNewResumableStream(id, () => answer(tokens, rate)), response);
    } else if (request.method === "GET" && url.pathname.startsWith("/chat/")) {
      const stream = await context.resumeExistingStream(url.pathname.slice("/chat/".length), Number(url.searchParams.get("skip") ?? 0));
      if (!stream) {
        response.writeHead(204).end();
      } else {
        await pipe(stream, response);
      }
    } else {
      response.writeHead(404).end();
    }
  } catch (error) {
    console.error(error);
    if (!response.headersSent) {
      response.writeHead(500);
    }
    response.end();
  }
});
server.keepAliveTimeout = 120_000;
server.listen(port, "127.0.0.1", () => console.log(`peer listening on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
