#!/usr/bin/env node
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer } from "effect"
import { nodeOptionsFromConfig, NodeServerConfig, NodeServerLive } from "./node.js"

/** `node packages/server/dist/main.js`: the Node server from environment configuration. */
Effect.flatMap(
  nodeOptionsFromConfig,
  (options) =>
    Layer.launch(NodeServerLive(options).pipe(Layer.provide(NodeServerConfig))).pipe(
      Effect.zipLeft(Effect.logInfo(`ze server on http://${options.host}:${options.port} (db ${options.filename})`))
    )
).pipe(NodeRuntime.runMain)
