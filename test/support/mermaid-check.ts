/**
 * A strict line grammar of the Mermaid flowcharts `lib/graph/mermaid.ts` emits — exactly its
 * constructs, nothing more, so that a chart it accepts is valid Mermaid flowchart syntax:
 *
 *   flowchart TD                          first line
 *   ID SHAPE                              a node: ["…"] box, {"…"} rhombus, (["…"]) stadium,
 *                                         [/"…"/] parallelogram, (("…")) circle
 *   ID --> ID   ID -.-> ID                edges, optionally labelled: ID -->|"…"| ID
 *   subgraph ID ["…"]   …   end           balanced
 *   classDef NAME prop:value,prop:value
 *   class ID NAME
 *
 * Labels are double-quoted strings without a raw `"` inside (Mermaid's escape is `#quot;`). Every
 * edge endpoint and `class` target must be a declared node, every node declared once, every class
 * defined, and no id may be a Mermaid keyword.
 */

const ID = '[A-Za-z_][A-Za-z0-9_]*';
const LABEL = '"[^"]*"';
const SHAPES = [
  `\\[${LABEL}\\]`,
  `\\{${LABEL}\\}`,
  `\\(\\[${LABEL}\\]\\)`,
  `\\[/${LABEL}/\\]`,
  `\\(\\(${LABEL}\\)\\)`,
];
const NODE = new RegExp(`^(${ID})(?:${SHAPES.join('|')})$`);
const EDGE = new RegExp(`^(${ID}) (?:-->|-\\.->)(?:\\|${LABEL}\\|)? (${ID})$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID}) \\[${LABEL}\\]$`);
const CLASS_DEF = new RegExp(`^classDef (${ID}) [a-z-]+:[^\\s,;:]+(?:,[a-z-]+:[^\\s,;:]+)*$`);
const CLASS = new RegExp(`^class (${ID}) (${ID})$`);
const KEYWORDS = new Set([
  'end',
  'subgraph',
  'graph',
  'flowchart',
  'class',
  'classDef',
  'style',
  'linkStyle',
  'click',
  'direction',
  'call',
  'href',
]);

/** The problems of a chart, one `line N: …` each; empty when it is valid. */
export function mermaidProblems(chart: string): string[] {
  const problems: string[] = [];
  if (!chart.endsWith('\n')) problems.push('the chart does not end with a line break');
  const lines = chart.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'flowchart TD')
    problems.push(`line 1: expected "flowchart TD", got ${JSON.stringify(lines[0])}`);
  const nodes = new Set<string>();
  const subgraphs = new Set<string>();
  const classes = new Set<string>();
  const open: string[] = [];
  const endpoints: [number, string][] = [];
  const classUses: [number, string, string][] = [];
  const id = (at: number, name: string): void => {
    if (KEYWORDS.has(name)) problems.push(`line ${at}: the id ${name} is a Mermaid keyword`);
  };
  lines.slice(1).forEach((raw, index) => {
    const at = index + 2;
    const line = raw.trim();
    if (raw !== `${' '.repeat(raw.length - raw.trimStart().length)}${line}` || line === '') {
      problems.push(`line ${at}: blank or trailing spaces: ${JSON.stringify(raw)}`);
      return;
    }
    const node = NODE.exec(line);
    const edge = EDGE.exec(line);
    const subgraph = SUBGRAPH.exec(line);
    const classDef = CLASS_DEF.exec(line);
    const classUse = CLASS.exec(line);
    const declare = (name: string): void => {
      id(at, name);
      if (nodes.has(name) || subgraphs.has(name)) problems.push(`line ${at}: ${name} declared twice`);
    };
    if (node) {
      declare(node[1] as string);
      nodes.add(node[1] as string);
    } else if (edge) {
      endpoints.push([at, edge[1] as string], [at, edge[2] as string]);
    } else if (subgraph) {
      declare(subgraph[1] as string);
      subgraphs.add(subgraph[1] as string);
      open.push(subgraph[1] as string);
    } else if (line === 'end') {
      if (open.pop() === undefined) problems.push(`line ${at}: end without a subgraph`);
    } else if (classDef) {
      classes.add(classDef[1] as string);
    } else if (classUse) {
      classUses.push([at, classUse[1] as string, classUse[2] as string]);
    } else {
      problems.push(`line ${at}: not a construct of the grammar: ${JSON.stringify(line)}`);
    }
  });
  for (const name of open) problems.push(`subgraph ${name} is not closed`);
  for (const [at, name] of endpoints) {
    if (!nodes.has(name)) problems.push(`line ${at}: edge endpoint ${name} is not a declared node`);
  }
  for (const [at, name, className] of classUses) {
    if (!nodes.has(name)) problems.push(`line ${at}: class on ${name}, not a declared node`);
    if (!classes.has(className)) problems.push(`line ${at}: class ${className} has no classDef`);
  }
  return problems;
}

/** Throws with every problem when the chart is not valid. */
export function assertValidMermaid(chart: string, what = 'chart'): void {
  const problems = mermaidProblems(chart);
  if (problems.length > 0)
    throw new Error(`${what} is not valid Mermaid:\n${problems.join('\n')}\n\n${chart}`);
}

/** The edges of a chart as `from arrow to` with their label (`undefined` when unlabelled). */
export function mermaidEdges(chart: string): { from: string; to: string; dashed: boolean; label?: string }[] {
  return chart.split('\n').flatMap((line) => {
    const match = /^\s*(\S+) (-->|-\.->)(?:\|"([^"]*)"\|)? (\S+)$/.exec(line);
    if (!match) return [];
    const edge = { from: match[1] as string, to: match[4] as string, dashed: match[2] === '-.->' };
    return [match[3] !== undefined ? { ...edge, label: match[3] } : edge];
  });
}

/** Node ids by the step name in their label (`"name<br/>…"`). */
export function mermaidNodeIds(chart: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const match of chart.matchAll(/^\s*([A-Za-z0-9_]+)[[{(/]+"([^"<]+)<br\/>/gm)) {
    ids.set(match[2] as string, match[1] as string);
  }
  return ids;
}
