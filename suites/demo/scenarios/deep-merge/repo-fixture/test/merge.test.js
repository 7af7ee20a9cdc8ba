"use strict"
const assert = require("node:assert/strict")
const { test } = require("node:test")
const { merge } = require("../lib/merge.js")

test("nested objects merge", () => {
  const base = { server: { port: 80, host: "localhost" }, debug: false }
  assert.deepEqual(merge(base, { server: { port: 8080 } }), { server: { port: 8080, host: "localhost" }, debug: false })
})

test("arrays are replaced", () => {
  assert.deepEqual(merge({ tags: ["a", "b"] }, { tags: ["c"] }), { tags: ["c"] })
})

test("inputs are not mutated", () => {
  const base = { a: { b: 1 } }
  const override = { a: { c: 2 } }
  merge(base, override)
  assert.deepEqual(base, { a: { b: 1 } })
  assert.deepEqual(override, { a: { c: 2 } })
})

test("deeper levels merge too", () => {
  assert.deepEqual(merge({ a: { b: { c: 1, d: 2 } } }, { a: { b: { d: 3 } } }), { a: { b: { c: 1, d: 3 } } })
})
