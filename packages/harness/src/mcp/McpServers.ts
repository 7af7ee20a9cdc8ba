import { Data, type Duration, Effect } from "effect"
import { execFileSync } from "node:child_process"
import type { ExternalTool, McpServerConfig } from "../agents/Agent.js"
import { scrubbedEnv } from "../process/Env.js"
import { recorded } from "../tools/Recording.js"
import type { TranscriptRecorder } from "../tools/Transcript.js"
import type { McpServerSpec } from "./McpSpec.js"

/** A required MCP server that could not start: the run ends as `infra_error` with this message. */
export class McpServerFailed extends Data.TaggedError("McpServerFailed")<{ readonly message: string }> {}

/** What became of one declared server, stored in the run's metadata. */
export interface McpServerStatus {
  readonly name: string
  readonly command: string
  readonly status: "started" | "failed"
  readonly tools: ReadonlyArray<string>
  readonly error?: string
}

export interface McpOptions {
  readonly workspaceDir: string
  readonly recorder: TranscriptRecorder
  /** Characters kept of each tool result. */
  readonly resultCap: number
  readonly startTimeout: Duration.Duration
  /** Where named variables are read from (ze's environment). */
  readonly environment?: NodeJS.ProcessEnv
}

/** Upstream's mapping: `filesystem` and `github` are the reference servers; any other name is an npm package. */
const packageOf = (spec: McpServerSpec) => {
  if (spec.package !== undefined) return spec.package
  if (["filesystem", "filesystem-mcp", "@modelcontextprotocol/server-filesystem"].includes(spec.name)) {
    return "@modelcontextprotocol/server-filesystem"
  }
  return spec.name === "github" ? "@modelcontextprotocol/server-github" : spec.name
}

/** The command line that starts a server: its `command`, else `npx -y <package>` (filesystem gets the workspace). */
export const serverCommand = (spec: McpServerSpec, workspaceDir: string) => {
  if (spec.command !== undefined) return { command: spec.command, args: [...(spec.args ?? [])] }
  const pkg = packageOf(spec)
  const args = spec.args ?? (pkg === "@modelcontextprotocol/server-filesystem" ? [workspaceDir] : [])
  return { command: "npx", args: ["-y", pkg, ...args] }
}

/** A scrubbed environment plus the variables the server's config names (copied, or given with `${NAME}` expanded). */
export const serverEnv = (spec: McpServerSpec, source: NodeJS.ProcessEnv) => {
  const named: Record<string, string> = {}
  if (Array.isArray(spec.env)) {
    for (const name of spec.env) if (source[name] !== undefined) named[name] = source[name]
  } else if (spec.env !== undefined) {
    for (const [name, value] of Object.entries(spec.env)) {
      named[name] = value.replace(/\$\{(\w+)\}/g, (_, variable: string) => source[variable] ?? "")
    }
  }
  return scrubbedEnv(source, named)
}

const descendants = (pid: number): ReadonlyArray<number> => {
  try {
    const table = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" }).trim().split("\n")
      .map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
    const children = (parent: number): ReadonlyArray<number> =>
      table.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...children(child)])
    return children(pid)
  } catch {
    return []
  }
}

/** Kills a server and everything it started (npx runs the server as its child). */
const killTree = (pid: number | null) =>
  Effect.sync(() => {
    if (pid === null) return
    for (const target of [...descendants(pid), pid]) {
      try {
        process.kill(target, "SIGKILL")
      } catch {
        // already gone
      }
    }
  })

const tail = (text: string, max = 2000) => (text.length > max ? `…${text.slice(-max)}` : text)

const toolName = (server: string, tool: string) => `${server}_${tool}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64)

interface ContentItem {
  readonly type: string
  readonly text?: string
}

const resultText = (content: unknown, cap: number) => {
  const items = Array.isArray(content) ? (content as ReadonlyArray<ContentItem>) : []
  const text = items.map((item) => (item.type === "text" ? item.text ?? "" : JSON.stringify(item))).join("\n")
  return text.length > cap ? `${text.slice(0, cap)}…[${text.length - cap} more characters]` : text
}

/**
 * The MCP SDK (with zod and ajv, ~600 KB of the CLI) is loaded by the first scenario that starts a server. If it
 * cannot load, the server fails like one that cannot start: a required one fails the run, another is skipped.
 */
const loadSdk = (spec: McpServerSpec) =>
  Effect.tryPromise({
    try: () =>
      Promise.all([
        import("@modelcontextprotocol/sdk/client/index.js"),
        import("@modelcontextprotocol/sdk/client/stdio.js")
      ]),
    catch: (error) =>
      new McpServerFailed({
        message: `MCP server "${spec.name}" could not start: cannot load the MCP SDK: ${
          error instanceof Error ? error.message : String(error)
        }`
      })
  })

/** Starts one server (released with the scope: client closed, process tree killed) and lists its tools. */
const startServer = (spec: McpServerSpec, options: McpOptions) =>
  Effect.gen(function*() {
    const [{ Client }, { StdioClientTransport }] = yield* loadSdk(spec)
    const { args, command } = serverCommand(spec, options.workspaceDir)
    const line = [command, ...args].join(" ")
    let stderr = ""
    const transport = new StdioClientTransport({
      command,
      args,
      cwd: options.workspaceDir,
      env: serverEnv(spec, options.environment ?? process.env),
      stderr: "pipe"
    })
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr = tail(stderr + chunk.toString("utf8"), 8000)
    })
    const client = new Client({ name: "ze", version: "1" })
    const fail = (error: unknown) =>
      new McpServerFailed({
        message: `MCP server "${spec.name}" (${line}) could not start: ${
          error instanceof Error ? error.message : String(error)
        }${stderr.trim() === "" ? "" : `\n${tail(stderr.trim())}`}${
          command === "npx" ? "\n(npx could not run the package: install it, or give the server a command:)" : ""
        }`
      })
    yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => client.connect(transport), catch: fail }).pipe(
        Effect.map(() => transport.pid),
        Effect.timeoutFail({ duration: options.startTimeout, onTimeout: () => fail("it did not answer in time") }),
        Effect.tapError(() =>
          Effect.zipRight(killTree(transport.pid), Effect.promise(() => client.close().catch(() => undefined)))
        )
      ),
      // The tree is killed before the client closes: once the server is gone its children are no longer found.
      (pid) => Effect.zipRight(killTree(pid), Effect.promise(() => client.close().catch(() => undefined)))
    )
    const listed = yield* Effect.tryPromise({ try: () => client.listTools(), catch: fail })
    const allowed = spec.allowed_tools
    const tools = listed.tools.filter((tool) => allowed === undefined || allowed.includes(tool.name))
    const config: McpServerConfig = {
      name: spec.name,
      command,
      args,
      env: serverEnv(spec, options.environment ?? process.env),
      allowedTools: tools.map((tool) => tool.name),
      withheldTools: listed.tools.filter((tool) => !tools.includes(tool)).map((tool) => tool.name)
    }
    const external = tools.map((tool): ExternalTool => {
      const name = toolName(spec.name, tool.name)
      return {
        name,
        description: `${tool.description ?? tool.name} (MCP server ${spec.name})`,
        inputSchema: tool.inputSchema as Record<string, unknown>,
        call: (input) =>
          recorded(
            options.recorder,
            name,
            input,
            Effect.tryPromise({
              try: () => client.callTool({ name: tool.name, arguments: (input ?? {}) as Record<string, unknown> }),
              catch: (error) => ({ message: error instanceof Error ? error.message : String(error) })
            }).pipe(
              Effect.flatMap((result) => {
                const text = resultText(result.content, options.resultCap)
                return result.isError === true ? Effect.fail({ message: text }) : Effect.succeed(text)
              })
            )
          ).pipe(
            Effect.match({
              onFailure: (error) => ({ text: error.message, isError: true }),
              onSuccess: (text) => ({ text, isError: false })
            })
          )
      }
    })
    return { tools: external, config }
  })

/**
 * Starts the run's MCP servers in the workspace for the scope's lifetime and returns their tools, named
 * `<server>_<tool>`, and each started server as an agent that starts its own would run it (`configs`).
 * A required server that fails ends the run; an optional one is reported and skipped.
 */
export const startMcpServers = (specs: ReadonlyArray<McpServerSpec>, options: McpOptions) =>
  Effect.gen(function*() {
    const tools: Array<ExternalTool> = []
    const statuses: Array<McpServerStatus> = []
    const configs: Array<McpServerConfig> = []
    for (const spec of specs) {
      const { args, command: bin } = serverCommand(spec, options.workspaceDir)
      const command = [bin, ...args].join(" ")
      const started = yield* Effect.either(startServer(spec, options))
      if (started._tag === "Right") {
        tools.push(...started.right.tools)
        configs.push(started.right.config)
        statuses.push({ name: spec.name, command, status: "started", tools: started.right.tools.map((t) => t.name) })
        continue
      }
      if (spec.required === true) return yield* started.left
      yield* Effect.logWarning(started.left.message)
      statuses.push({ name: spec.name, command, status: "failed", tools: [], error: started.left.message })
    }
    return { tools, statuses, configs }
  })

/** A scenario's and a specialist's servers, one per name (the scenario's wins). */
export const mergeMcpSpecs = (
  ...lists: ReadonlyArray<ReadonlyArray<McpServerSpec> | undefined>
): ReadonlyArray<McpServerSpec> => {
  const byName = new Map<string, McpServerSpec>()
  for (const list of lists) for (const spec of list ?? []) if (!byName.has(spec.name)) byName.set(spec.name, spec)
  return [...byName.values()]
}
