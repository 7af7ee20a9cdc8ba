import { Effect, Schema } from "effect"
import { readFile } from "node:fs/promises"
import { decodeTranscriptJson } from "../tools/Transcript.js"
import type { Agent } from "./Agent.js"
import { AgentError, noUsage } from "./Agent.js"

const WriteFileInput = Schema.Struct({ path: Schema.String, content: Schema.String })
const ApplyPatchInput = Schema.Struct({ patch: Schema.String })

const failure = (message: string) => new AgentError({ agent: "replay", message })

/**
 * Re-applies the file edits (`writeFile`, `applyPatch`) of a recorded transcript, so evaluations can run again
 * without a model. The transcript file (a stored `transcript.json` artifact) is given as the cell's model.
 */
export const replayAgent: Agent = {
  name: "replay",
  version: "1",
  usesModel: true,
  run: (input) =>
    Effect.gen(function*() {
      const file = input.model
      if (file === null) return yield* failure("replay needs a transcript file, given as the model")
      const text = yield* Effect.tryPromise({
        try: () => readFile(file, "utf8"),
        catch: (error) => failure(`Cannot read transcript ${file}: ${String(error)}`)
      })
      const transcript = yield* Effect.mapError(
        decodeTranscriptJson(text),
        (error) => failure(`Transcript ${file} is not a ze transcript: ${error.message}`)
      )
      yield* input.transcript.message("user", input.prompt)
      let edits = 0
      for (const step of transcript.steps) {
        if (step._tag !== "tool_call" || step.error !== undefined) continue
        if (step.tool === "writeFile") {
          const edit = yield* Effect.mapError(
            Schema.decodeUnknown(WriteFileInput)(step.input),
            (e) => failure(e.message)
          )
          yield* input.tools.writeFile(edit.path, edit.content)
          edits++
        } else if (step.tool === "applyPatch") {
          const edit = yield* Effect.mapError(
            Schema.decodeUnknown(ApplyPatchInput)(step.input),
            (e) => failure(e.message)
          )
          yield* input.tools.applyPatch(edit.patch)
          edits++
        }
      }
      const answers = transcript.steps.filter((s) => s._tag === "message" && s.role === "assistant")
      const last = answers.at(-1)
      const finalText = last?._tag === "message" ? last.content : `Replayed ${edits} edit(s)`
      yield* input.transcript.message("assistant", finalText)
      return { finalText, usage: noUsage }
    }).pipe(Effect.catchTag("ToolError", (error) => Effect.fail(failure(error.message))))
}
