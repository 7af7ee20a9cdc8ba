/** Colour classes by outcome, shared by badges, the cell matrix and charts. */
export type Tone = "good" | "bad" | "warn" | "muted" | "info"

export const statusTone = (status: string): Tone => {
  switch (status) {
    case "passed":
    case "completed":
      return "good"
    case "failed":
      return "bad"
    case "agent_error":
    case "timeout":
    case "budget_exceeded":
      return "warn"
    case "running":
      return "info"
    default:
      return "muted"
  }
}

export const rateTone = (rate: number | null | undefined): Tone =>
  rate === null || rate === undefined ? "muted" : rate >= 0.8 ? "good" : rate >= 0.4 ? "warn" : "bad"

export const scoreTone = (value: number | null | undefined): Tone =>
  value === null || value === undefined ? "muted" : value >= 7 ? "good" : value >= 4 ? "warn" : "bad"
