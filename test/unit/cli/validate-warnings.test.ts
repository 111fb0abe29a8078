/**
 * `flowback validate` warns, without failing, about callback tasks that could wait for a lost callback
 * until the default ceiling (README "Semantics"): neither `timeoutSeconds` nor `heartbeatSeconds`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { definitionWarnings, parseFlow } from '../../../lib/fdl/index.ts';

const FLOW = `version: v1
type: flow
steps:
  - type: parallel
    name: both
    branches:
      - steps:
          - type: task
            name: lost
            resourceArn: acs:fc:::services/s/functions/f
            pattern: waitForCallback
      - steps:
          - type: task
            name: guarded
            resourceArn: acs:fc:::services/s/functions/f
            pattern: waitForCallback
            heartbeatSeconds: 60
  - type: task
    name: plain
    resourceArn: acs:fc:::services/s/functions/f
`;

describe('validate warnings', () => {
  it('warns once per callback task with no clock, with its path and position, and still exits 0', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'flowback-warn-')), 'flow.yaml');
    await writeFile(file, FLOW);
    let out = '';
    let err = '';
    const code = await runCli(['validate', file], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    });
    assert.equal(code, ExitCode.Success);
    assert.equal(out, `${file}: valid\n`);
    const lines = err.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^${file}:8:13 steps\\[0\\]\\.branches\\[0\\]\\.steps\\[0\\]: warning: callback task \`lost\` has neither timeoutSeconds nor heartbeatSeconds`,
      ),
    );
  });

  it('has nothing to say of a flow whose callback tasks all have a clock', () => {
    const parsed = parseFlow(
      FLOW.replace(
        'pattern: waitForCallback\n      - steps',
        'pattern: waitForCallback\n            timeoutSeconds: 5\n      - steps',
      ),
    );
    assert.ok(parsed.ok);
    assert.deepEqual(definitionWarnings(parsed.definition), []);
  });
});
