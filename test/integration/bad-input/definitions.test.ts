/**
 * Bad input, flow definitions: YAML and JSON fuzz (random text, random JSON, YAML syntax soup, alias
 * bombs and language-specific tags that must never be evaluated), and mutations of valid flows (a
 * field deleted, replaced by any value or renamed; text deleted, inserted or re-indented), sent as
 * CreateFlow and as UpdateFlow of the existing flow. Never a 5xx; a refusal (InvalidDefinition or
 * InvalidArgument, with its issues) changes neither the flow nor its execution.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { SEED_FLOW } from '../../unit/runtime/runtime-helpers.ts';
import { anyValue, fuzzParameters, nastyString, type Tally, Target } from './fuzz-helpers.ts';

const EXAMPLES = new URL('../../fixtures/examples/', import.meta.url);

/** Valid flows to mutate: the seed's and the examples'. */
const VALID: readonly string[] = [
  SEED_FLOW,
  ...readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => readFileSync(new URL(name, EXAMPLES), 'utf8')),
];

/** Fixed nasty documents: alias bombs, code-bearing tags, merge keys, documents that are not maps. */
const NASTY_DOCUMENTS: readonly string[] = [
  `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nversion: v1\ntype: flow\nsteps: *f\n`,
  `version: v1\ntype: flow\nsteps: !!js/function "function () { process.exit(1) }"\n`,
  `version: !!js/undefined ''\ntype: flow\nsteps: []\n`,
  `version: v1\ntype: flow\nsteps:\n  - !!python/object/apply:os.system ["exit 1"]\n`,
  `version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    <<: *undefined\n`,
  `version: v1\ntype: flow\nsteps:\n  - &s {type: pass, name: a}\n  - *s\n`,
  `version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a == require('fs')\n        steps: []\n`,
  `version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    outputMappings:\n      - target: x\n        source: "$.constructor.constructor('return process')()"\n`,
  '--- 1\n--- 2\n',
  '%YAML 9.9\n---\na: 1\n',
  '\ufeff{"version":"v1","type":"flow","steps":[]}',
  'version: v1\ntype: flow\nsteps:\n'.padEnd(300_000, ' '),
  `version: v1\ntype: flow\nsteps:${'\n  - type: parallel\n    name: p\n    branches:\n      - steps:'.repeat(40)}\n`,
];

/** One structural mutation of a parsed flow, at a position chosen by `pick`. */
interface Mutation {
  kind: 'delete' | 'replace' | 'rename' | 'wrap';
  pick: number;
  value: unknown;
  name: string;
}

/** Every [container, key] of `root`, depth first. */
function slots(
  root: unknown,
  found: [Record<string, unknown>, string][] = [],
): [Record<string, unknown>, string][] {
  if (root !== null && typeof root === 'object') {
    for (const key of Object.keys(root)) {
      found.push([root as Record<string, unknown>, key]);
      slots((root as Record<string, unknown>)[key], found);
    }
  }
  return found;
}

/** Applies `mutations` to a copy of `document`. */
function mutate(document: unknown, mutations: readonly Mutation[]): unknown {
  const root: Record<string, unknown> = { root: structuredClone(document) };
  for (const mutation of mutations) {
    const all = slots(root.root).filter(([container]) => container !== root);
    const [container, key] = all[mutation.pick % Math.max(1, all.length)] ?? [root, 'root'];
    if (mutation.kind === 'delete') {
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key];
    } else if (mutation.kind === 'replace') container[key] = mutation.value;
    else if (mutation.kind === 'wrap') container[key] = [container[key], container[key]];
    else if (!Array.isArray(container)) {
      container[mutation.name] = container[key];
      delete container[key];
    }
  }
  return root.root;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete' as const, 'replace' as const, 'rename' as const, 'wrap' as const),
  pick: fc.nat(),
  value: anyValue,
  name: fc.oneof(nastyString, fc.constantFrom('steps', 'type', 'name', 'goto', 'end', 'tye', 'Name')),
});

/** Text edits: delete a range, insert text, indent or outdent a line. */
const textEdit = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 20 }),
  insert: fc.oneof(
    nastyString,
    fc.constantFrom(':', '- ', '  ', '\t', '\n', '{', '[', '&a', '*a', '!!str', '"', '#'),
  ),
});

/** Definitions: structural mutations (as YAML or JSON), text edits, or fuzz. */
const definitions: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([text, mutations, json]) => {
      const mutated = mutate(parse(text), mutations);
      return json ? (JSON.stringify(mutated) ?? 'null') : stringify(mutated);
    }),
  fc
    .tuple(fc.constantFrom(...VALID), fc.array(textEdit, { minLength: 1, maxLength: 3 }))
    .map(([text, edits]) =>
      edits.reduce((current, edit) => {
        const at = edit.at % (current.length + 1);
        return current.slice(0, at) + edit.insert + current.slice(at + edit.length);
      }, text),
    ),
  fc.constantFrom(...NASTY_DOCUMENTS),
  nastyString,
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({
    unit: fc.constantFrom(
      'a',
      ':',
      '-',
      ' ',
      '\n',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '&',
      '*',
      '!',
      '|',
      '>',
      '#',
      '%',
    ),
  }),
);

describe('bad input: generated flow definitions (in process, memory runtime)', () => {
  for (const [operation, request] of [
    [
      'CreateFlow',
      (definition: string) => ({ method: 'POST', path: '/flows', body: { name: 'fuzzed', definition } }),
    ],
    ['UpdateFlow', (definition: string) => ({ method: 'PUT', path: '/flows/seed', body: { definition } })],
  ] as const) {
    it(`${operation}: never a 5xx; a refused definition changes nothing`, async (t) => {
      const target = await Target.create();
      const tally: Tally = {};
      await fc.assert(
        fc.asyncProperty(definitions, async (definition) => {
          const { method, path, body } = request(definition);
          await target.check({ method, path, body: JSON.stringify(body) }, tally);
        }),
        fuzzParameters(400),
      );
      t.diagnostic(`answers by status: ${JSON.stringify(tally)}`);
      const accepted = (tally['200'] ?? 0) + (tally['201'] ?? 0);
      const total = Object.values(tally).reduce((sum, count) => sum + count, 0);
      assert.ok(accepted < total / 4, `the corpus is mostly bad (${accepted} of ${total} accepted)`);
    });
  }
});
