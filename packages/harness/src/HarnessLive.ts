import { Layer } from "effect"
import { HarnessSettings } from "./HarnessSettings.js"
import { LlmJudgeFromConfig } from "./models/Judge.js"
import { AgentsWithModels } from "./models/ModelAgents.js"
import { Workspaces } from "./workspace/Workspaces.js"

/**
 * Settings from configuration, workspaces under `ZE_WORKSPACES_DIR`, every agent (echo, oracle, replay,
 * anthropic, openai, claude-code) and the LLM judge chosen by configuration. Add a `ZeClient`.
 */
export const HarnessLive = Layer.mergeAll(Workspaces.layer, AgentsWithModels, LlmJudgeFromConfig).pipe(
  Layer.provideMerge(HarnessSettings.layer)
)
