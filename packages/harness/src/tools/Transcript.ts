import type { TranscriptStep } from "@ze/domain"
import { Effect, Ref } from "effect"

export { decodeTranscriptJson, MessageStep, ToolCallStep, Transcript, TranscriptStep } from "@ze/domain"

export interface TranscriptRecorder {
  readonly message: (role: "system" | "user" | "assistant", content: string) => Effect.Effect<void>
  readonly record: (step: TranscriptStep) => Effect.Effect<void>
  readonly steps: Effect.Effect<ReadonlyArray<TranscriptStep>>
}

export const makeTranscriptRecorder = Effect.map(
  Ref.make<ReadonlyArray<TranscriptStep>>([]),
  (ref): TranscriptRecorder => {
    const record = (step: TranscriptStep) => Ref.update(ref, (steps) => [...steps, step])
    return {
      record,
      message: (role, content) => record({ _tag: "message", role, content, at: new Date().toISOString() }),
      steps: Ref.get(ref)
    }
  }
)

export const toolCallCount = (steps: ReadonlyArray<TranscriptStep>) =>
  steps.filter((s) => s._tag === "tool_call").length
