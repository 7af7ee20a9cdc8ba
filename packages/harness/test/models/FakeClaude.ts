import { chmodSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/**
 * A fake `claude` executable (a small node script) speaking Claude Code's stream-json protocol. Its behaviour
 * comes from FAKE_CLAUDE_MODE; it logs its arguments, cwd, stdin and environment to FAKE_CLAUDE_LOG.
 */
const script = String.raw`#!/usr/bin/env node
const fs = require("node:fs")
const { execSync, spawn } = require("node:child_process")
const mode = process.env.FAKE_CLAUDE_MODE
const out = (event) => process.stdout.write(JSON.stringify(event) + "\n")
const usage = (i, o, cw = 0, cr = 0) => ({ input_tokens: i, output_tokens: o, cache_creation_input_tokens: cw, cache_read_input_tokens: cr })
const model = "claude-sonnet-5-5-20261015"
let stdin = ""
process.stdin.on("data", (c) => (stdin += c))
process.stdin.on("end", () => {
  fs.writeFileSync(process.env.FAKE_CLAUDE_LOG, JSON.stringify({
    args: process.argv.slice(2), cwd: process.cwd(), stdin, configDir: process.env.CLAUDE_CONFIG_DIR,
    configDirExists: fs.existsSync(process.env.CLAUDE_CONFIG_DIR || "/nonexistent"),
    apiKey: process.env.ANTHROPIC_API_KEY ?? null, pid: process.pid,
    mcpConfig: process.argv.includes("--mcp-config")
      ? JSON.parse(fs.readFileSync(process.argv[process.argv.indexOf("--mcp-config") + 1], "utf8"))
      : null
  }))
  out({ type: "system", subtype: "init", model, session_id: "s1", claude_code_version: "3.1.0", cwd: process.cwd(), tools: ["Read", "Write", "Bash"] })
  if (mode === "fix") {
    out({ type: "assistant", message: { id: "m1", model, role: "assistant", content: [{ type: "text", text: "Reading the stub." }], usage: usage(1000, 40, 2000) } })
    out({ type: "assistant", message: { id: "m1", model, role: "assistant", content: [{ type: "tool_use", id: "t1", name: "Read", input: { file_path: "src/fizzbuzz.js" } }], usage: usage(1000, 40, 2000) } })
    out({ type: "user", message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: fs.readFileSync("src/fizzbuzz.js", "utf8") }] } })
    fs.writeFileSync("src/fizzbuzz.js", fs.readFileSync(process.env.FAKE_CLAUDE_FIX, "utf8"))
    out({ type: "assistant", message: { id: "m2", model, role: "assistant", content: [{ type: "tool_use", id: "t2", name: "Write", input: { file_path: "src/fizzbuzz.js" } }], usage: usage(200, 300, 0, 2000) } })
    out({ type: "user", message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t2", content: [{ type: "text", text: "File written" }] }] } })
    const test = execSync("node --test test/fizzbuzz.test.js 2>&1", { encoding: "utf8" })
    out({ type: "assistant", message: { id: "m3", model, role: "assistant", content: [{ type: "tool_use", id: "t3", name: "Bash", input: { command: "node --test test/fizzbuzz.test.js" } }], usage: usage(100, 20, 0, 2000) } })
    out({ type: "user", message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t3", content: test, is_error: false }] } })
    out({ type: "assistant", message: { id: "m4", model, role: "assistant", content: [{ type: "text", text: "Fixed; tests pass." }], usage: usage(50, 10, 0, 2000) } })
    out({ type: "result", subtype: "success", is_error: false, result: "Fixed; tests pass.", num_turns: 4, total_cost_usd: 0.0456, usage: usage(1350, 370, 2000, 6000) })
  } else if (mode === "mcp") {
    // As Claude Code does: each configured server started in the cwd with its env over the CLI's, over stdio.
    const config = JSON.parse(fs.readFileSync(process.argv[process.argv.indexOf("--mcp-config") + 1], "utf8"))
    const [name, server] = Object.entries(config.mcpServers)[0]
    const child = spawn(server.command, server.args, { env: { ...process.env, ...server.env }, stdio: ["pipe", "pipe", "inherit"], detached: true })
    const send = (message) => child.stdin.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n")
    let rest = ""
    child.stdout.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n")
      rest = lines.pop()
      for (const line of lines.filter((l) => l.trim() !== "")) {
        const message = JSON.parse(line)
        if (message.id === 1) {
          send({ method: "notifications/initialized" })
          send({ id: 2, method: "tools/call", params: { name: "whereami", arguments: {} } })
        } else if (message.id === 2) {
          const text = message.result.content[0].text
          fs.writeFileSync(process.env.FAKE_CLAUDE_LOG + ".mcp", text)
          try { process.kill(-child.pid, "SIGKILL") } catch {}
          const tool = "mcp__" + name + "__whereami"
          out({ type: "assistant", message: { id: "m1", model, content: [{ type: "tool_use", id: "t1", name: tool, input: {} }], usage: usage(100, 10) } })
          out({ type: "user", message: { content: [{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text }] }] } })
          out({ type: "result", subtype: "success", is_error: false, result: "Asked the MCP server.", num_turns: 1, total_cost_usd: 0.001, usage: usage(100, 10) })
          process.exit(0)
        }
      }
    })
    send({ id: 1, method: "initialize", params: { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "fake-claude", version: "1" } } })
  } else if (mode === "max_turns") {
    out({ type: "assistant", message: { id: "m1", model, content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "ls" } }], usage: usage(10, 5) } })
    out({ type: "user", message: { content: [{ type: "tool_result", tool_use_id: "t1", content: "src", is_error: false }] } })
    out({ type: "result", subtype: "error_max_turns", is_error: true, num_turns: 1, total_cost_usd: 0.001, usage: usage(10, 5) })
  } else if (mode === "hang") {
    const child = spawn("sleep", ["60"], { stdio: "ignore" })
    fs.writeFileSync(process.env.FAKE_CLAUDE_LOG + ".pids", JSON.stringify([process.pid, child.pid]))
    setInterval(() => {}, 1000)
  } else if (mode === "expensive") {
    let n = 0
    setInterval(() => {
      n++
      out({ type: "assistant", message: { id: "m" + n, model: "claude-opus-4-6", content: [{ type: "tool_use", id: "t" + n, name: "Bash", input: { command: "ls" } }], usage: usage(100000, 1000) } })
    }, 50)
  } else {
    process.stderr.write("Error: Invalid API key · Please run /login\n")
    process.exit(1)
  }
})
`

/** Writes the fake `claude` into `dir/bin` and returns that folder (to put first on PATH). */
export const installFakeClaude = (dir: string) => {
  const bin = join(dir, "bin")
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, "claude"), script)
  chmodSync(join(bin, "claude"), 0o755)
  return bin
}
