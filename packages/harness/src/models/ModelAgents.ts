import { Effect, Layer } from "effect"
import { Agents } from "../agents/Agents.js"
import { anthropicAgentFromConfig } from "./AnthropicAgent.js"
import { claudeCodeAgentFromConfig } from "./ClaudeCodeAgent.js"
import { openAiAgentFromConfig } from "./OpenAiAgent.js"

/** The model agents (anthropic, openai, claude-code) configured from the environment. Missing keys fail runs, not startup. */
export const modelAgentsFromConfig = Effect.all([
  anthropicAgentFromConfig,
  openAiAgentFromConfig,
  claudeCodeAgentFromConfig
])

/** The built-in agents plus the model agents. */
export const AgentsWithModels = Layer.unwrapEffect(Effect.map(modelAgentsFromConfig, Agents.with))
