// A small stdio MCP server for the tests: echoes text, reports its cwd, environment and pid, and can fail.
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js"
import { spawn } from "node:child_process"

const child = spawn("sleep", ["300"], { stdio: "ignore" })

const tools = [
  {
    name: "shout",
    description: "Upper-cases a text",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] }
  },
  { name: "whereami", description: "cwd, environment and pids", inputSchema: { type: "object", properties: {} } },
  { name: "fail", description: "Always fails", inputSchema: { type: "object", properties: {} } },
  { name: "hidden", description: "Not in allowed_tools", inputSchema: { type: "object", properties: {} } }
]

const server = new Server({ name: "ze-test-server", version: "1.0.0" }, { capabilities: { tools: {} } })
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }))
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { arguments: args = {}, name } = request.params
  if (name === "shout") return { content: [{ type: "text", text: String(args.text).toUpperCase() }] }
  if (name === "whereami") {
    const report = {
      cwd: process.cwd(),
      named: process.env.ZE_MCP_NAMED ?? null,
      expanded: process.env.ZE_MCP_EXPANDED ?? null,
      secret: process.env.ZE_MCP_TEST_API_KEY ?? null,
      pid: process.pid,
      childPid: child.pid
    }
    return { content: [{ type: "text", text: JSON.stringify(report) }] }
  }
  if (name === "fail") return { content: [{ type: "text", text: "it failed on purpose" }], isError: true }
  return { content: [{ type: "text", text: "hidden" }] }
})
await server.connect(new StdioServerTransport())
