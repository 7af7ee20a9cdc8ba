import { Effect, JSONSchema, Schema } from "effect"
import type { AgentInput } from "../agents/Agent.js"
import type { WorkspaceTools } from "../tools/WorkspaceTools.js"

const described = <A, I>(schema: Schema.Schema<A, I>, description: string): Schema.Schema<A, I> =>
  schema.annotations({ description })

const ReadFileInput = Schema.Struct({ path: described(Schema.String, "File path relative to the workspace root") })
const WriteFileInput = Schema.Struct({
  path: described(Schema.String, "File path relative to the workspace root; parent folders are created"),
  content: described(Schema.String, "The whole new content of the file")
})
const ListFilesInput = Schema.Struct({
  path: Schema.optional(described(Schema.String, "Folder relative to the workspace root (default: the root)"))
})
const RunCommandInput = Schema.Struct({
  command: described(Schema.String, "Shell command line, run with /bin/sh in the workspace root"),
  timeoutMs: Schema.optional(
    described(Schema.Number.pipe(Schema.int(), Schema.positive()), "Deadline in milliseconds (capped by the harness)")
  )
})
const AskUserInput = Schema.Struct({
  question: described(Schema.String, "The question for the user"),
  context: Schema.optional(described(Schema.String, "Why you ask, or what you already know"))
})
const ApplyPatchInput = Schema.Struct({
  patch: described(Schema.String, "A unified diff (as produced by git diff) with paths relative to the workspace root")
})

/** A tool as models see it: a name, what it does, and the JSON schema of its input. */
export interface ToolSpec {
  readonly name: string
  readonly description: string
  readonly inputSchema: { readonly type: "object"; readonly [key: string]: unknown }
}

const jsonSchemaOf = (schema: Schema.Schema.Any): ToolSpec["inputSchema"] => {
  const { $schema: _ignored, ...rest }: { readonly $schema?: string } = JSONSchema.make(schema)
  return { ...rest, type: "object" }
}

interface ToolDef<A> {
  readonly name: string
  readonly description: string
  readonly input: Schema.Schema<A, A>
  readonly call: (tools: WorkspaceTools, input: A) => Effect.Effect<unknown, { readonly message: string }>
}

const def = <A>(d: ToolDef<A>) => d as unknown as ToolDef<unknown>

const toolDefs: ReadonlyArray<ToolDef<unknown>> = [
  def({
    name: "readFile",
    description: "Read a text file of the workspace.",
    input: ReadFileInput,
    call: (tools, { path }) => tools.readFile(path)
  }),
  def({
    name: "writeFile",
    description: "Write (create or replace) a whole file in the workspace.",
    input: WriteFileInput,
    call: (tools, { content, path }) => tools.writeFile(path, content)
  }),
  def({
    name: "listFiles",
    description: "List the entries of a workspace folder, with their type (file, dir, symlink).",
    input: ListFilesInput,
    call: (tools, { path }) => tools.listFiles(path)
  }),
  def({
    name: "runCommand",
    description:
      "Run a shell command in the workspace root and get its exit code, stdout and stderr. Use it to run tests, builds and linters.",
    input: RunCommandInput,
    call: (tools, { command, timeoutMs }) =>
      tools.runCommand(command, timeoutMs === undefined ? undefined : { timeoutMs })
  }),
  def({
    name: "askUser",
    description: "Ask the user a question when the task is ambiguous; the answer comes back as text.",
    input: AskUserInput,
    call: (tools, { context, question }) => tools.askUser(question, context)
  }),
  def({
    name: "applyPatch",
    description: "Apply a unified diff to the workspace (git apply).",
    input: ApplyPatchInput,
    call: (tools, { patch }) => tools.applyPatch(patch)
  })
]

/** The workspace tools with the full JSON schema of each input. */
export const toolSpecs: ReadonlyArray<ToolSpec> = toolDefs.map((d) => ({
  name: d.name,
  description: d.description,
  inputSchema: jsonSchemaOf(d.input)
}))

export interface ToolOutcome {
  readonly text: string
  readonly isError: boolean
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2))

/**
 * Runs a tool call a model asked for. Unknown tools, invalid input and tool failures come back as error text
 * for the model to read, never as a failure of the run.
 */
export const callTool = (tools: WorkspaceTools, name: string, input: unknown): Effect.Effect<ToolOutcome> => {
  const tool = toolDefs.find((d) => d.name === name)
  if (tool === undefined) {
    return Effect.succeed({
      text: `Unknown tool "${name}". Available: ${toolDefs.map((d) => d.name).join(", ")}`,
      isError: true
    })
  }
  return Schema.decodeUnknown(tool.input)(input, { onExcessProperty: "ignore" }).pipe(
    Effect.mapError((error) => ({ message: `Invalid input for ${name}: ${error.message}` })),
    Effect.flatMap((decoded) => tool.call(tools, decoded)),
    Effect.match({
      onFailure: (error): ToolOutcome => ({ text: error.message, isError: true }),
      onSuccess: (value): ToolOutcome => ({ text: asText(value), isError: false })
    })
  )
}

/** Parses the JSON text of a tool call's arguments (OpenAI-style), keeping the raw text when it is not JSON. */
export const parseArguments = (text: string): unknown => {
  try {
    return text.trim() === "" ? {} : JSON.parse(text)
  } catch {
    return { _unparsedArguments: text }
  }
}

/** The workspace tools plus the run's external (MCP) tools, as offered to a model. */
export const offeredTools = (input: AgentInput): ReadonlyArray<ToolSpec> => [
  ...toolSpecs,
  ...(input.externalTools ?? []).map((t): ToolSpec => ({
    name: t.name,
    description: t.description,
    inputSchema: { ...t.inputSchema, type: "object" }
  }))
]

/** Runs a tool call: an external tool by its name, else a workspace tool. */
export const dispatchTool = (input: AgentInput, name: string, args: unknown): Effect.Effect<ToolOutcome> => {
  const external = input.externalTools?.find((t) => t.name === name)
  return external === undefined ? callTool(input.tools, name, args) : external.call(args)
}
