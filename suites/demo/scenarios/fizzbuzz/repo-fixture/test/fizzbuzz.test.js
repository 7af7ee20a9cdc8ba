import assert from "node:assert/strict"
import { test } from "node:test"
import { fizzbuzz } from "../src/fizzbuzz.js"

test("the first fifteen", () => {
  assert.deepEqual(fizzbuzz(15), [
    "1", "2", "Fizz", "4", "Buzz", "Fizz", "7", "8", "Fizz", "Buzz", "11", "Fizz", "13", "14", "FizzBuzz"
  ])
})

test("zero gives an empty sequence", () => {
  assert.deepEqual(fizzbuzz(0), [])
})

test("multiples of fifteen", () => {
  assert.equal(fizzbuzz(45)[44], "FizzBuzz")
})
