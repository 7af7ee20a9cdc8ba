/**
 * Sequential comparisons, simulated: how often each test claims a difference that is not there when it is checked
 * after every pair, how often it finds a true one, and when `--until-decided` stops. Pure computation (seeded), so
 * the figures repeat exactly on any machine; only the time to compute them varies.
 */
import type { PassModel, TrialDesign } from "@ze/domain"
import { simulateComparisons } from "@ze/domain"
import { beforeAll, bench, describe } from "vitest"
import { machine, publish, smoke, table, verdict } from "./support/Report.js"

const simulations = smoke ? 100 : 2_000
const cap = 200
const percent = (share: number) => `${(share * 100).toFixed(1)}%`
const stop = (pairs: number | null) => (pairs === null ? "never (median)" : `${pairs} pairs`)

/** One pair per round: the test is read after every pair, up to `cap` pairs. */
const everyPair: TrialDesign = { scenarios: 1, repeats: cap }
const alike = (rate: number, effect: number): PassModel => ({ basePassRates: [rate], effect })
const varied = (effect: number): PassModel => ({ basePassRates: [0.1, 0.3, 0.5, 0.7, 0.9], effect })

beforeAll(() => {
  const started = performance.now()
  const aa = simulateComparisons(alike(0.5, 0), everyPair, simulations, 1601)
  const aaVaried = simulateComparisons(varied(0), { scenarios: 10, repeats: 20 }, simulations, 1602)
  const small = simulateComparisons(alike(0.5, 0.2), everyPair, simulations, 1603)
  const fixed = simulateComparisons(alike(0.5, 0.2), { scenarios: 100, repeats: 1 }, simulations, 1604)
  // alpha 0.1 gives the fixed test the level 0.05: the textbook McNemar design the 77–79% refers to.
  const fixedAt05 = simulateComparisons(alike(0.5, 0.2), { scenarios: 100, repeats: 1, alpha: 0.1 }, simulations, 1604)
  const large = simulateComparisons(alike(0.3, 0.5), everyPair, simulations, 1605)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const aaClaims = aa.sequentialBetter + aa.sequentialWorse
  const aaVariedClaims = aaVaried.sequentialBetter + aaVaried.sequentialWorse
  publish("sequential", [
    "### Sequential comparison: honest when peeked at (simulated)",
    "",
    machine(),
    `Pass/fail only (as runs without scores: pass/fail gets all of α = 0.05), exact simulation of ze's tests ` +
    `(packages/domain/src/Simulation.ts); computed in ${seconds} s.`,
    "",
    table(["figure", "simulations", "seed", "value", "goal", ""], [
      [
        "A/A 0.5 = 0.5, sequential checked after every pair (≤ 200): claims better/worse",
        String(simulations),
        "1601",
        percent(aaClaims),
        "≤ 5%",
        verdict(aaClaims <= 0.05)
      ],
      [
        "A/A, the fixed test (McNemar at α/2, as ze compare) checked after every pair: claims",
        String(simulations),
        "1601",
        percent(aa.fixedPeekingClaims),
        "> 5% (why)",
        verdict(aa.fixedPeekingClaims > 0.05)
      ],
      [
        "A/A, 10 scenarios of pass rates 0.1–0.9, 20 rounds, sequential after every round: claims",
        String(simulations),
        "1602",
        percent(aaVariedClaims),
        "≤ 5%",
        verdict(aaVariedClaims <= 0.05)
      ],
      [
        "A/A, the same, the fixed test checked after every round: claims",
        String(simulations),
        "1602",
        percent(aaVaried.fixedPeekingClaims),
        "",
        ""
      ],
      [
        "0.5 → 0.7, sequential within 200 pairs: finds better",
        String(simulations),
        "1603",
        percent(small.sequentialBetter),
        `≥ fixed (${percent(fixedAt05.fixedBetter)})`,
        verdict(small.sequentialBetter >= fixedAt05.fixedBetter)
      ],
      [
        "0.5 → 0.7, sequential: median stop",
        String(simulations),
        "1603",
        stop(small.medianStopPairs),
        "≤ 100 pairs",
        verdict(small.medianStopPairs !== null && small.medianStopPairs <= 100)
      ],
      [
        "0.5 → 0.7, fixed 100-pair design, exact McNemar at 0.05: finds better",
        String(simulations),
        "1604",
        percent(fixedAt05.fixedBetter),
        "≈ 77–79%",
        ""
      ],
      [
        "0.5 → 0.7, fixed 100-pair design at ze's α/2 = 0.025: finds better",
        String(simulations),
        "1604",
        percent(fixed.fixedBetter),
        "",
        ""
      ],
      [
        "0.3 → 0.8, sequential: median stop",
        String(simulations),
        "1605",
        stop(large.medianStopPairs),
        "≤ 30 pairs",
        verdict(large.medianStopPairs !== null && large.medianStopPairs <= 30)
      ],
      [
        "0.3 → 0.8, sequential within 200 pairs: finds better",
        String(simulations),
        "1605",
        percent(large.sequentialBetter),
        "",
        ""
      ]
    ]),
    "",
    "A pair is one run of base and one of head on the same cell and repeat. The sequential test: a mixture e-process",
    "(Beta(1, 1) prior) over discordant pairs, decided at e ≥ 1/α; checked after every pair, stopped at the first",
    "decision. The fixed test checked the same way is stopped at its first p < 0.025."
  ], [
    {
      goal: "sequential A/A ≤ 5% checked after every pair",
      figure: `${percent(aaClaims)} (fixed test peeked: ${percent(aa.fixedPeekingClaims)})`,
      pass: aaClaims <= 0.05
    },
    {
      goal: "sequential 0.5 → 0.7 ≥ fixed 100-pair, median ≤ 100",
      figure: `${percent(small.sequentialBetter)} vs ${percent(fixedAt05.fixedBetter)}; median ${
        stop(small.medianStopPairs)
      }`,
      pass: small.sequentialBetter >= fixedAt05.fixedBetter && small.medianStopPairs !== null &&
        small.medianStopPairs <= 100
    },
    {
      goal: "sequential 0.3 → 0.8 median stop ≤ 30 pairs",
      figure: stop(large.medianStopPairs),
      pass: large.medianStopPairs !== null && large.medianStopPairs <= 30
    }
  ])
}, 600_000)

// vitest needs a bench in the file; the figures are the table above.
describe("sequential", () => {
  bench("one sequential A/A trial of 200 pairs", () => {
    simulateComparisons(alike(0.5, 0), everyPair, 1, 7, { peeking: false })
  })
})
