import type { HttpClient } from "@effect/platform"
import type { Layer } from "effect"

/** Settings every contract target is started with, so the same expectations hold on each runtime. */
export const contractSettings = {
  writeKey: "contract-write-key",
  corsOrigin: "http://allowed.example",
  maxBodyBytes: 256 * 1024,
  maxArtifactBytes: 2048
} as const

/** A SQL trigger that fails one insert in the middle of a run submission: proves the write is atomic. */
export const INJECTED_FAILURE_EVALUATOR = "__inject_failure__"
export const failureTriggerSql = `CREATE TRIGGER ze_test_injected_failure BEFORE INSERT ON evaluation_results
WHEN NEW.evaluator_name = '${INJECTED_FAILURE_EVALUATOR}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`

/** One running server: the in-process handler, the Node server or the Worker in workerd. */
export interface Target {
  readonly storage: "memory" | "sqlite" | "d1"
  readonly baseUrl: string
  /** The SQLite file behind the server (the Node file or miniflare's D1 file), to digest its tables. */
  readonly databaseFile: string | undefined
  readonly fetch: (path: string, init?: RequestInit) => Promise<Response>
  readonly httpClient: Layer.Layer<HttpClient.HttpClient>
  readonly close: () => Promise<void>
}
