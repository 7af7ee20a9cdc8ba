import { Layer } from "effect"
import { Agents } from "./agents/Agents.js"
import { HarnessSettings } from "./HarnessSettings.js"
import { Workspaces } from "./workspace/Workspaces.js"

/** Settings from configuration, workspaces under `ZE_WORKSPACES_DIR`, and the built-in agents. Add a `ZeClient`. */
export const HarnessLive = Layer.mergeAll(Workspaces.layer, Agents.layer).pipe(Layer.provideMerge(HarnessSettings.layer))
