import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { Agents } from "../../src/agents/Agents.js"
import { AgentsWithModels } from "../../src/models/ModelAgents.js"

describe("model agents from configuration", () => {
  it.effect("join the built-in agents, even without keys", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      expect(agents.names).toEqual(expect.arrayContaining(["echo", "oracle", "anthropic", "openai", "claude-code"]))
      const anthropic = yield* agents.get("anthropic")
      expect(anthropic).toMatchObject({ usesModel: true, version: expect.stringContaining("@anthropic-ai/sdk") })
    }).pipe(Effect.provide(AgentsWithModels), Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))))
})
