import { Context, Effect, Layer, Schema } from "effect"
import type { AgentSelection } from "../runner/Matrix.js"
import { selectAgents } from "../runner/Matrix.js"
import type { Agent } from "./Agent.js"
import { echoAgent } from "./Echo.js"
import { oracleAgent } from "./OracleAgent.js"
import { replayAgent } from "./Replay.js"

export class UnknownAgent extends Schema.TaggedError<UnknownAgent>()("UnknownAgent", {
  agent: Schema.String,
  available: Schema.Array(Schema.String),
  message: Schema.String
}) {}

export interface AgentsShape {
  readonly names: ReadonlyArray<string>
  readonly get: (name: string) => Effect.Effect<Agent, UnknownAgent>
  /** Agents × models for a matrix; agents that take no model (echo, oracle) get one selection each. */
  readonly select: (
    agents: ReadonlyArray<string>,
    models: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyArray<AgentSelection>, UnknownAgent>
}

const registry = (agents: ReadonlyArray<Agent>): AgentsShape => {
  const byName = new Map(agents.map((agent) => [agent.name, agent]))
  const names = [...byName.keys()]
  const get = (name: string) => {
    const agent = byName.get(name)
    return agent
      ? Effect.succeed(agent)
      : Effect.fail(
        new UnknownAgent({
          agent: name,
          available: names,
          message: `Unknown agent "${name}" (available: ${names.join(", ")})`
        })
      )
  }
  return {
    names,
    get,
    select: (agents, models) =>
      Effect.as(
        Effect.forEach(agents, get),
        selectAgents(agents, models, (name) => byName.get(name)?.usesModel === true)
      )
  }
}

export const builtinAgents: ReadonlyArray<Agent> = [echoAgent, oracleAgent, replayAgent]

/** The agents a batch may name. Model agents (next issue) join with `Agents.with([...])`. */
export class Agents extends Context.Tag("ze/harness/Agents")<Agents, AgentsShape>() {
  static readonly layer = Layer.succeed(Agents, registry(builtinAgents))
  /** The built-in agents plus `extra` (an extra agent replaces a built-in of the same name). */
  static readonly with = (extra: ReadonlyArray<Agent>) => Layer.succeed(Agents, registry([...builtinAgents, ...extra]))
}
