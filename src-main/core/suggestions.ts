/** "Did you mean" for unknown tool names. */
import { distance } from "fastest-levenshtein";

/** Up to `limit` known names close to `wanted`: same tail, shared prefix or a small edit distance. */
export function suggestNames(wanted: string, known: Iterable<string>, limit = 3): string[] {
  const target = wanted.toLowerCase();
  const tail = target.slice(target.lastIndexOf("/") + 1);
  const scored: { name: string; score: number }[] = [];
  for (const name of known) {
    const d = distance(target, name);
    const nameTail = name.slice(name.lastIndexOf("/") + 1);
    const sameTail = tail.length > 0 && nameTail === tail;
    const contains = tail.length >= 3 && name.includes(tail);
    if (d <= Math.max(2, Math.floor(target.length / 3)) || sameTail || contains) {
      scored.push({ name, score: sameTail ? -1 : d });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name);
}
