import { afterAll, beforeAll, describe } from "vitest"
import type { Target } from "../contract/Target.js"
import { authCases } from "./authCases.js"
import { concurrencyCases } from "./concurrencyCases.js"
import { fuzzCases } from "./fuzzCases.js"
import { lockedVars, proofVars, roomyVars } from "./Proof.js"
import { rowSizeCases } from "./rowSizeCases.js"

/**
 * Issue 14's server proofs on one runtime: who may write and read, many clients at once, and fuzzed writes.
 * `start` runs a server of that runtime configured by the Worker's variables.
 */
export const proofSuite = (name: string, start: (vars: Readonly<Record<string, string>>) => Promise<Target>) =>
  describe(`proof: ${name}`, () => {
    let main: Target
    let locked: Target
    let roomy: Target
    beforeAll(async () => {
      ;[main, locked, roomy] = await Promise.all([start(proofVars), start(lockedVars), start(roomyVars)])
    })
    afterAll(async () => {
      await Promise.all([main?.close(), locked?.close(), roomy?.close()])
    })
    authCases(() => main, () => locked)
    concurrencyCases(() => main)
    fuzzCases(() => main)
    rowSizeCases(() => roomy)
  })
