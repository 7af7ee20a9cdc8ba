import { Config, Effect, Either } from "effect"
import { Agents } from "../agents/Agents.js"
import { missingProgram } from "../baseline/Runnable.js"
import type { Scenario } from "../scenario/Scenario.js"
import { hasWarmup, warmupAgentName } from "./WarmupRules.js"

const configuredPath = Config.string("PATH").pipe(Config.withDefault(""), Effect.orElseSucceed(() => ""))

/**
 * What the scenario's warmup needs that this machine lacks, each said as a user can act on it: its agent's key or
 * binary (the agent's own `checkSetup`), an agent ze does not have, or a scripted command's program that is not
 * installed. Empty when it has everything, or has no warmup. Read by `ze bench`'s preflight and `ze suites check`.
 */
export const warmupMissing = (scenario: Scenario): Effect.Effect<ReadonlyArray<string>, never, Agents> =>
  Effect.gen(function*() {
    const warmup = scenario.config.warmup
    if (warmup === undefined || !hasWarmup(scenario)) return []
    if (warmup.type === "agent") {
      const name = warmupAgentName(scenario)
      const found = yield* Effect.either((yield* Agents).get(name))
      if (Either.isLeft(found)) {
        return [`its warmup agent (warmup.agent.provider): ${found.left.message}`]
      }
      const missing = found.right.checkSetup === undefined ? undefined : yield* found.right.checkSetup
      return missing === undefined ? [] : [`its warmup agent: ${missing}`]
    }
    const path = yield* configuredPath
    return (warmup.commands ?? []).flatMap(({ cmd }) => {
      const program = missingProgram(cmd, path)
      return program === undefined ? [] : [`its warmup command \`${cmd}\` needs \`${program}\`, not installed here`]
    })
  })
