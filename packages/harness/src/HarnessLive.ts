import { Layer } from "effect"
import { Baselines } from "./baseline/Baselines.js"
import { HarnessSettings } from "./HarnessSettings.js"
import { LlmJudgeFromConfig } from "./models/Judge.js"
import { AgentsWithModels } from "./models/ModelAgents.js"
import { Workspaces } from "./workspace/Workspaces.js"

/**
 * Settings from configuration, workspaces under `ZE_WORKSPACES_DIR`, baselines cached in `ZE_BASELINES_DIR`, every agent (echo, oracle, replay,
 * anthropic, openai, claude-code) and the LLM judge chosen by configuration. Add a `ZeClient`.
 */
export const HarnessLive = Layer.mergeAll(
  Baselines.layer.pipe(Layer.provideMerge(Workspaces.layer)),
  AgentsWithModels,
  LlmJudgeFromConfig
).pipe(Layer.provideMerge(HarnessSettings.layer))
