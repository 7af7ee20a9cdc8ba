/** Model agents, pricing and the LLM judge. */
export {
  ANTHROPIC_AGENT,
  anthropicAgentConfig,
  anthropicAgentFromConfig,
  DEFAULT_ANTHROPIC_MODEL,
  makeAnthropicAgent
} from "./AnthropicAgent.js"
export type { AnthropicAgentOptions } from "./AnthropicAgent.js"
export {
  CLAUDE_CODE_AGENT,
  claudeCodeAgentFromConfig,
  claudeCodeConfig,
  makeClaudeCodeAgent
} from "./ClaudeCodeAgent.js"
export type { ClaudeCodeOptions } from "./ClaudeCodeAgent.js"
export {
  anthropicJudgeModel,
  judgeConfig,
  judgeFromConfig,
  LlmJudgeFromConfig,
  makeModelJudge,
  openAiJudgeModel,
  parseJudgeAnswer,
  unavailableJudge
} from "./Judge.js"
export type { JudgeCompletion, JudgeModel, JudgeRequest, JudgeSettings, ModelJudgeInput } from "./Judge.js"
export { categorySlug, judgeCategories, weightedJudgeScore, weightInText } from "./JudgePrompt.js"
export type { JudgeCategory } from "./JudgePrompt.js"
export { AgentsWithModels, modelAgentsFromConfig } from "./ModelAgents.js"
export { makeOpenAiAgent, OPENAI_AGENT, openAiAgentConfig, openAiAgentFromConfig } from "./OpenAiAgent.js"
export type { OpenAiAgentOptions } from "./OpenAiAgent.js"
export { OPENAI_BASE_URL, OPENROUTER_BASE_URL } from "./OpenAiClient.js"
export {
  addCost,
  canonicalModelId,
  formatCost,
  modelPrices,
  priceOf,
  PRICING_DATE,
  PRICING_SOURCE,
  requestCost
} from "./Pricing.js"
export type { ModelPrice, TokenUsage } from "./Pricing.js"
export { toolSpecs } from "./ToolSpecs.js"
export type { ToolSpec } from "./ToolSpecs.js"
