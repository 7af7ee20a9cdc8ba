import type { BatchUpsertPayload, SubmitResultsPayload } from "@ze/domain"
import { PayloadTooLarge } from "@ze/domain"
import { Effect } from "effect"
import type { StoredArtifact } from "./Artifacts.js"

/**
 * The most text one stored row may hold. D1 refuses a row over 2,000,000 bytes (SQLite's SQLITE_MAX_LENGTH there);
 * the margin covers the row's numbers and record header. The same limit holds on every runtime, so a run one server
 * accepts every server accepts, and a body within `ZE_MAX_BODY_BYTES` never reaches the store too big for it.
 */
export const maxStoredRowBytes = 1_900_000

const encoder = new TextEncoder()
const bytes = (texts: ReadonlyArray<string | null | undefined>) =>
  texts.reduce((sum, text) => sum + (text == null ? 0 : encoder.encode(text).length), 0)

const json = (value: unknown) => (value == null ? null : JSON.stringify(value))

/** UTF-8 takes at most 3 bytes for each UTF-16 code unit, so most rows are within the limit without encoding them. */
const boundOfBytes = (texts: ReadonlyArray<string | null | undefined>) =>
  texts.reduce((sum, text) => sum + (text == null ? 0 : 3 * text.length), 0)

const check = (rows: ReadonlyArray<readonly [string, ReadonlyArray<string | null | undefined>]>) =>
  Effect.forEach(rows, ([what, texts]) => {
    if (boundOfBytes(texts) <= maxStoredRowBytes) return Effect.void
    const size = bytes(texts)
    return size <= maxStoredRowBytes ? Effect.void : Effect.fail(
      new PayloadTooLarge({
        limitBytes: maxStoredRowBytes,
        message: `${what} would be stored as ${size} bytes of text; a stored row holds at most ${maxStoredRowBytes}`
      })
    )
  }, { discard: true })

/** Fails with a 413 naming the part of the run whose row would be larger than the store keeps. */
export const checkRunRows = (payload: SubmitResultsPayload, artifacts: ReadonlyArray<StoredArtifact>) =>
  check([
    ["the run (metadata and its texts)", [
      payload.runId,
      payload.batchId,
      payload.suite,
      payload.scenario,
      payload.tier,
      payload.agent,
      payload.model,
      payload.status,
      payload.specialistName,
      payload.specialistVersion,
      json(payload.metadata),
      payload.resolvedModel,
      payload.agentVersion,
      payload.failureReason
    ]],
    ...(payload.evaluations ?? []).map((e, i) =>
      [`evaluations.${i}`, [payload.runId, e.evaluatorName, e.details, e.status]] as const
    ),
    ...(payload.telemetry
      ? [["telemetry", [payload.runId, payload.telemetry.workspaceDir, payload.telemetry.promptSent]] as const]
      : []),
    ...artifacts.map((a) => [`artifact ${a.name}`, [payload.runId, a.name, a.contentType, a.content]] as const)
  ])

/** Fails with a 413 when the batch's metadata would be larger than the store keeps in a row. */
export const checkBatchRow = (payload: BatchUpsertPayload) =>
  check([["the batch (its metadata)", [payload.batchId, json(payload.metadata)]]])
