import { expect, it } from "vitest"
import { maxStoredRowBytes } from "../../src/RowSize.js"
import { runPayload, unique } from "../contract/fixtures.js"
import type { Target } from "../contract/Target.js"
import { openDigest } from "./Digest.js"
import { proofKeys, send } from "./Proof.js"

/** The default body limit (8 MB) is far above what D1 keeps in a row (2 MB): such a body is a 413, never a 500. */
export const rowSizeCases = (roomy: () => Target) => {
  it(
    "with the default body limit, a run or batch whose row would be too large for D1 is a 413 and changes nothing",
    async () => {
      const target = roomy()
      const db = openDigest(target.databaseFile!)
      try {
        const big = "q".repeat(maxStoredRowBytes + 1)
        const before = await db.digest()
        const refused: ReadonlyArray<[string, unknown, RegExp]> = [
          ["/api/results", runPayload({ telemetry: { promptSent: big } }), /^telemetry would be stored as/],
          ["/api/results", runPayload({ metadata: { big } }), /^the run \(metadata and its texts\)/],
          [
            "/api/results",
            runPayload({ failureReason: big.slice(0, 1_000_000), model: big.slice(0, 1_000_000) }),
            /^the run/
          ],
          [
            "/api/results",
            runPayload({ evaluations: [{ evaluatorName: "judge", score: 1, maxScore: 1, details: big }] }),
            /^evaluations\.0 /
          ],
          ["/api/results/batch", { batchId: unique("big-batch"), metadata: { big } }, /^the batch/]
        ]
        for (const [path, body, message] of refused) {
          const answer = await send(target, path, { body: JSON.stringify(body) })
          expect(answer.status, path).toBe(413)
          expect(answer.body).toMatchObject({ _tag: "PayloadTooLarge", limitBytes: maxStoredRowBytes })
          expect((answer.body as { message: string }).message).toMatch(message)
        }
        expect(await db.digest(), "a refused write changes no row").toEqual(before)
        const fits = runPayload({
          telemetry: { promptSent: big.slice(0, maxStoredRowBytes - 100) },
          metadata: { note: big.slice(0, 300_000) }
        })
        expect((await send(target, "/api/results", { body: JSON.stringify(fits) })).status).toBe(201)
        const read = await send(target, `/api/runs/${fits.runId}/telemetry`, { key: proofKeys.read })
        expect((read.body as { promptSent: string }).promptSent).toHaveLength(maxStoredRowBytes - 100)
      } finally {
        await db.close()
      }
    },
    120_000
  )
}
