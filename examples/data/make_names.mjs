// Makes examples/data/names.txt: 4,000 made-up, pronounceable first names from
// syllables, with a fixed seed, so the examples have a free-to-use word list.
// Run: node examples/data/make_names.mjs
import { writeFileSync } from "fs";

let s = 20261126;
const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = (a) => a[Math.floor(rand() * a.length)];
const onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "kr", "sh", "st", "th", "tr", ""];
const vowels = ["a", "e", "i", "o", "u", "y", "ai", "ea", "ia", "io", "ou", "ae"];
const codas = ["", "", "", "n", "l", "r", "s", "th", "x", "nd", "ll", "rt", "m", "k"];
const endings = ["", "a", "ah", "ie", "y", "on", "en", "ia", "elle", "o", "us", "ith", "ara", "ette"];
const names = new Set();
while (names.size < 4000) {
  const n = 1 + Math.floor(rand() * 3);
  let w = "";
  for (let i = 0; i < n; i++) w += pick(onsets) + pick(vowels) + (i === n - 1 ? pick(codas) : "");
  w += pick(endings);
  if (w.length >= 3 && w.length <= 12) names.add(w);
}
writeFileSync(new URL("./names.txt", import.meta.url), [...names].join("\n") + "\n");
console.log(`wrote ${names.size} names`);
