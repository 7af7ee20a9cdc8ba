import { Effect } from "effect"
import type { Agent } from "./Agent.js"
import { noUsage } from "./Agent.js"

/** Changes nothing and answers with the prompt: the baseline every valid scenario must fail. */
export const echoAgent: Agent = {
  name: "echo",
  version: "1",
  usesModel: false,
  run: (input) => Effect.as(input.transcript.message("user", input.prompt), { finalText: input.prompt, usage: noUsage })
}
