// A tiny MCP server over stdio (newline-delimited JSON-RPC, no packages), for the test that
// an agent's configured stdio server (Tools:StdioServers) is started and its tool is called.
// One tool, "shout": returns its text in capitals.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");

const tools = [{
  name: "shout",
  description: "Says the text in capitals.",
  inputSchema: { type: "object", properties: { text: { type: "string", description: "What to shout" } }, required: ["text"] }
}];

createInterface({ input: process.stdin }).on("line", (line) => {
  if (!line.trim()) return;
  const { id, method, params } = JSON.parse(line);
  if (id === undefined) return; // notifications (initialized, cancelled) need no answer
  switch (method) {
    case "initialize":
      return send({ id, result: {
        protocolVersion: params?.protocolVersion ?? "2025-06-18",
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: "shout", version: "1.0.0" }
      } });
    case "ping":
      return send({ id, result: {} });
    case "tools/list":
      return send({ id, result: { tools } });
    case "tools/call":
      if (params?.name !== "shout") {
        return send({ id, error: { code: -32602, message: `Unknown tool: ${params?.name}` } });
      }
      return send({ id, result: { content: [{ type: "text", text: String(params.arguments?.text ?? "").toUpperCase() + "!" }], isError: false } });
    default:
      return send({ id, error: { code: -32601, message: `Method not found: ${method}` } });
  }
});
