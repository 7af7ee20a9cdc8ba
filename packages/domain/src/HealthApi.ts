import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { StoreUnavailable } from "./Errors.js"

export const StorageKind = Schema.Literal("d1", "sqlite", "memory")
export type StorageKind = typeof StorageKind.Type

export class Health extends Schema.Class<Health>("Health")({
  status: Schema.Literal("ok"),
  timestamp: Schema.String,
  version: Schema.String,
  storage: StorageKind
}, { description: "The server answers and so does its store; `version` is the version of ze" }) {}

export class HealthApi extends HttpApiGroup.make("health")
  .add(
    HttpApiEndpoint.get("health", "/health").addSuccess(Health).addError(StoreUnavailable)
      .annotate(OpenApi.Summary, "Whether the server and its store answer, with the ze version and the kind of storage")
  )
{}
