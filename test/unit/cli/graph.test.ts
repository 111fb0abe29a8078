import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { CliIo } from '../../../lib/cli/io.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { parseFlow } from '../../../lib/fdl/index.ts';
import { stepPaths } from '../../../lib/fdl/step-paths.ts';
import {
  assertValidMermaid,
  mermaidEdges,
  mermaidNodeIds,
  mermaidProblems,
} from '../../support/mermaid-check.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EVERY_STEP = join(ROOT, 'test/fixtures/graph/every-step.yaml');
const FLOW_FILES = [
  ...['test/fixtures/examples', 'examples/flows'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((file) => /\.(ya?ml|json)$/.test(file))
      .map((file) => join(ROOT, dir, file)),
  ),
  EVERY_STEP,
];

/** Runs `flowback ARGS` in-process, offline (any API call would fail the test). */
async function graph(...args: string[]): Promise<{ code: ExitCode; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  };
  const offline = (() => Promise.reject(new Error('no network in this test'))) as typeof fetch;
  const code = await runCli(['graph', ...args], io, { fetch: offline });
  return { code, stdout, stderr };
}

describe('flowback graph', () => {
  const temp = mkdtempSync(join(tmpdir(), 'flowback-graph-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('finds the example flows', () => {
    assert.ok(FLOW_FILES.length >= 8, FLOW_FILES.join('\n'));
  });

  for (const file of FLOW_FILES) {
    it(`prints valid Mermaid with every step for ${file.slice(ROOT.length)}`, async () => {
      const { code, stdout, stderr } = await graph(file);
      assert.equal(stderr, '');
      assert.equal(code, ExitCode.Success);
      assertValidMermaid(stdout, file);
      const parsed = parseFlow(readFileSync(file, 'utf8'));
      assert.ok(parsed.ok);
      const ids = mermaidNodeIds(stdout);
      for (const [, step] of stepPaths(parsed.definition.steps)) {
        assert.ok(ids.has(step.name), `step ${step.name} is a node`);
      }
      const edges = mermaidEdges(stdout);
      assert.ok(edges.some((edge) => edge.from === 'start'));
      assert.ok(edges.some((edge) => edge.to === 'finish'));
    });
  }

  it('draws choice conditions, goto, catch, fail, parallel branches and foreach bodies', async () => {
    const { stdout } = await graph(EVERY_STEP);
    const id = mermaidNodeIds(stdout);
    const edges = mermaidEdges(stdout);
    const has = (from: string, to: string, label: string | undefined, dashed = false) =>
      assert.ok(
        edges.some(
          (edge) =>
            edge.from === (id.get(from) ?? from) &&
            edge.to === (id.get(to) ?? to) &&
            edge.label === label &&
            edge.dashed === dashed,
        ),
        `edge ${from} → ${to} ${label ?? ''}\n${stdout}`,
      );
    has('route', 'done', '$.kind == #quot;fast#quot;');
    has('route', 'nested_pass', '$.kind == #quot;nested#quot; && $.n > 1');
    has('nested_pass', 'check', undefined);
    has('route', 'pause', 'default');
    has('pause', 'check', undefined);
    has('check', 'fan-out', undefined);
    has('check', 'rejected', 'catch Bad.Input', true);
    has('fan-out', 'left', 'branch 1');
    has('fan-out', 'right', 'branch 2');
    has('each', 'per_item', 'each item');
    has('done', 'finish', undefined);
    has('rejected', 'finish', 'Rejected', true);
    assert.match(stdout, /subgraph \S+ \["fan-out \(parallel\)"\]/);
    assert.match(stdout, /subgraph \S+ \["each \(foreach \$\.items\)"\]/);
    assert.match(stdout, /\{"route<br\/><small>choice<\/small>"\}/);
    assert.match(stdout, /\(\["rejected<br\/><small>fail<\/small>"\]\)/);
    assert.match(stdout, /\[\/"pause<br\/><small>wait<\/small>"\/\]/);
    assert.doesNotMatch(stdout, /classDef|class /, 'no colours without --execution');
  });

  it('keeps a multi-line condition on one line', async () => {
    const file = join(temp, 'multi-line.yaml');
    writeFileSync(
      file,
      [
        'version: v1',
        'type: flow',
        'steps:',
        '  - type: choice',
        '    name: c',
        '    choices:',
        '      - condition: |',
        '          $.a == "x"',
        '          && $.b == 2',
        '        goto: done',
        '  - {type: succeed, name: done}',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await graph(file);
    assert.equal(code, ExitCode.Success);
    assertValidMermaid(stdout);
    assert.ok(
      mermaidEdges(stdout).some((edge) => edge.label === '$.a == #quot;x#quot; && $.b == 2'),
      stdout,
    );
  });

  it('an invalid flow exits 1 with its problems; an unreadable file exits 2', async () => {
    const invalid = await graph(join(ROOT, 'test/fixtures/definitions/invalid-flow.yaml'));
    assert.equal(invalid.code, ExitCode.Failure);
    assert.equal(invalid.stdout, '');
    assert.match(invalid.stderr, /invalid-flow\.yaml:8:5 steps\[0\]\.inputMapping: /);
    const missing = await graph(join(temp, 'absent.yaml'));
    assert.equal(missing.code, ExitCode.Usage);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^InvalidArgument: cannot read .*absent\.yaml: .*\n$/);
  });
});

describe('the Mermaid checker', () => {
  const valid = [
    'flowchart TD',
    '  start(("start"))',
    '  finish(("end"))',
    '  subgraph n0_box ["p (parallel)"]',
    '    n0["p<br/><small>parallel</small>"]',
    '  end',
    '  start --> n0',
    '  n0 -.->|"catch #quot;E#quot;"| finish',
    '  classDef done fill:#d8f5d0,stroke:#2f8a2f',
    '  class n0 done',
    '',
  ].join('\n');

  it('accepts what the emitter writes', () => {
    assert.deepEqual(mermaidProblems(valid), []);
  });

  const broken: [string, string, RegExp][] = [
    ['no header', valid.replace('flowchart TD', 'graph LR'), /expected "flowchart TD"/],
    ['an unclosed subgraph', valid.replace('  end\n', ''), /subgraph n0_box is not closed/],
    ['an end too many', valid.replace('  end\n', '  end\n  end\n'), /end without a subgraph/],
    ['an undeclared endpoint', valid.replace('start --> n0', 'start --> n9'), /n9 is not a declared node/],
    ['a raw quote in a label', valid.replace('#quot;E#quot;', '"E"'), /not a construct/],
    ['an unquoted label', valid.replace('(("start"))', '((start))'), /not a construct/],
    ['an unknown arrow', valid.replace('start --> n0', 'start -> n0'), /not a construct/],
    ['a node declared twice', valid.replace('  start --> n0', '  n0["again"]'), /n0 declared twice/],
    ['a keyword as id', valid.replace(/finish/g, 'end'), /the id end is a Mermaid keyword/],
    ['an undefined class', valid.replace('class n0 done', 'class n0 gone'), /class gone has no classDef/],
    ['a line break in a label', valid.replace('p (parallel)', 'p\n(parallel)'), /not a construct/],
    ['no final line break', valid.trimEnd(), /does not end with a line break/],
  ];
  for (const [what, chart, problem] of broken) {
    it(`refuses ${what}`, () => {
      const problems = mermaidProblems(chart);
      assert.ok(
        problems.some((text) => problem.test(text)),
        `expected ${problem} in:\n${problems.join('\n')}`,
      );
      assert.throws(() => assertValidMermaid(chart), /is not valid Mermaid/);
    });
  }
});
