import { HttpApiEndpoint, HttpApiGroup } from "@effect/platform"
import { Schema } from "effect"
import { StoreUnavailable } from "./Errors.js"

export const StorageKind = Schema.Literal("d1", "sqlite", "memory")
export type StorageKind = typeof StorageKind.Type

export class Health extends Schema.Class<Health>("Health")({
  status: Schema.Literal("ok"),
  timestamp: Schema.String,
  version: Schema.String,
  storage: StorageKind
}) {}

export class HealthApi extends HttpApiGroup.make("health")
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health).addError(StoreUnavailable))
{}
