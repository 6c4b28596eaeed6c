/* global console, URL */
// Prints the folder graph of src/ as it is today, cycles first: `node eslint/graph.js`
// (docs/ARCHITECTURE.md, "Dependencies" shows its output).
import { cyclesOf, importGraph } from './architecture.js';

const graph = importGraph(new URL('../src', import.meta.url).pathname);
const edges = Object.fromEntries(Object.entries(graph).map(([from, to]) => [from, Object.keys(to)]));
const cycles = cyclesOf(edges);
for (const cycle of cycles) console.log(`CYCLE ${cycle.join(', ')}`);
if (cycles.length === 0) console.log('no cycle');
for (const from of Object.keys(graph).sort()) {
  const to = Object.entries(graph[from]).sort(([a], [b]) => a.localeCompare(b));
  console.log(`${from} -> ${to.map(([name, files]) => `${name}(${files})`).join(', ')}`);
}
