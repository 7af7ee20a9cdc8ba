import { Effect } from "effect"
import type { TranscriptRecorder } from "./Transcript.js"
import type { WorkspaceTools } from "./WorkspaceTools.js"

const outputCap = 20_000
const show = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value)
  return text.length > outputCap ? `${text.slice(0, outputCap)}…[${text.length - outputCap} more characters]` : text
}

/** Runs `call`, recording it in the transcript as a tool call with its input, output or error, and timing. */
export const recorded = <A, E extends { readonly message: string }>(
  recorder: TranscriptRecorder,
  tool: string,
  input: unknown,
  call: Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const at = new Date().toISOString()
    const started = performance.now()
    const outcome = yield* Effect.either(call)
    const durationMs = Math.round(performance.now() - started)
    yield* recorder.record(
      outcome._tag === "Right"
        ? { _tag: "tool_call", tool, input, output: show(outcome.right), at, durationMs }
        : { _tag: "tool_call", tool, input, error: outcome.left.message, at, durationMs }
    )
    return yield* outcome
  })

/** The same tools, each call recorded in the transcript with its input, output or error, and timing. */
export const recordingTools = (tools: WorkspaceTools, recorder: TranscriptRecorder): WorkspaceTools => ({
  root: tools.root,
  readFile: (path) => recorded(recorder, "readFile", { path }, tools.readFile(path)),
  writeFile: (path, content) => recorded(recorder, "writeFile", { path, content }, tools.writeFile(path, content)),
  listFiles: (path) => recorded(recorder, "listFiles", { path: path ?? "." }, tools.listFiles(path)),
  runCommand: (command, options) =>
    recorded(recorder, "runCommand", { command, ...options }, tools.runCommand(command, options)),
  askUser: (question, context) =>
    recorded(
      recorder,
      "askUser",
      context === undefined ? { question } : { question, context },
      tools.askUser(question, context)
    ),
  applyPatch: (patch) => recorded(recorder, "applyPatch", { patch }, tools.applyPatch(patch))
})
