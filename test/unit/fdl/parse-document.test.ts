import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DEFINITION_BYTES, parseFlow } from '../../../lib/fdl/index.ts';
import {
  assertIssue,
  assertOnlyIssue,
  definitionOf,
  firstStep,
  flowText,
  issuesOf,
} from './flow-test-helpers.ts';

const PASS = ['  - type: pass', '    name: p'];

describe('parseFlow: the document', () => {
  it('accepts JSON text', () => {
    const definition = definitionOf(
      '{"version": "v1", "type": "flow", "timeoutSeconds": 60,\n "steps": [{"type": "pass", "name": "p", "end": true}]}',
    );
    assert.equal(definition.timeoutSeconds, 60);
    assert.deepEqual(definition.steps[0], {
      type: 'pass',
      name: 'p',
      position: { line: 2, column: 12 },
      end: true,
    });
  });

  it('keeps an unquoted RFC 3339 timestamp a string (YAML 1.2)', () => {
    const step = firstStep(flowText('  - type: wait', '    name: w', '    timestamp: 2019-05-02T15:04:05Z'));
    assert.equal(step.type === 'wait' && step.timestamp, '2019-05-02T15:04:05Z');
  });

  it('keeps YAML 1.1 booleans like `yes` strings (and so refuses them for `end`)', () => {
    assertOnlyIssue(flowText(...PASS, '    end: yes'), {
      path: 'steps[0].end',
      line: 6,
      column: 10,
      message: ['`end` must be true or false', 'the string "yes"'],
    });
  });

  it('fills in top-level mappings and omits absent optional fields', () => {
    const definition = definitionOf(
      `${flowText(...PASS)}inputMappings:\n  - target: a\n    source: $input.a\noutputMappings:\n  - target: b\n    source: 1\n`,
    );
    assert.deepEqual(definition.inputMappings, [{ target: 'a', source: '$input.a' }]);
    assert.deepEqual(definition.outputMappings, [{ target: 'b', source: 1 }]);
    assert.equal('timeoutSeconds' in definition, false);
  });

  it('reports a YAML syntax error with its position', () => {
    assertOnlyIssue('version: v1\ntype: flow\nsteps: [a\n', {
      path: '',
      line: 4,
      column: 1,
      message: 'YAML:',
    });
  });

  it('reports a duplicate key and still validates the rest', () => {
    const issues = issuesOf(`${flowText(...PASS)}type: flow\ntimeoutSeconds: 0\n`);
    assertIssue(issues, { path: '', line: 6, column: 1, message: 'Map keys must be unique' });
    assertIssue(issues, { path: 'timeoutSeconds', line: 7, column: 17, message: 'a positive integer' });
  });

  it('refuses several YAML documents in one text', () => {
    const issues = issuesOf(`${flowText(...PASS)}---\na: 1\n`);
    assert.match(issues[0]?.message ?? '', /multiple documents/);
  });

  it('refuses an empty text', () => {
    assertOnlyIssue('', { path: '', line: 1, column: 1, message: 'the definition is empty' });
  });

  it('refuses a document that is not a mapping', () => {
    assertOnlyIssue('- a\n- b\n', { path: '', line: 1, column: 1, message: 'must be a mapping' });
  });

  it('requires version, type and steps', () => {
    const issues = issuesOf('inputMappings: []\n');
    assert.equal(issues.length, 3);
    assertIssue(issues, { path: 'version', line: 1, column: 1, message: 'missing required field `version`' });
    assertIssue(issues, { path: 'type', line: 1, column: 1, message: 'missing required field `type`' });
    assertIssue(issues, { path: 'steps', line: 1, column: 1, message: 'missing required field `steps`' });
  });

  it('refuses an unknown version with a suggestion', () => {
    assertOnlyIssue('version: V1\ntype: flow\nsteps:\n  - {type: pass, name: p}\n', {
      path: 'version',
      line: 1,
      column: 10,
      message: ['unsupported version `V1`', 'did you mean `v1`?'],
    });
  });

  it('refuses a version that is a number', () => {
    assertOnlyIssue('version: 1\ntype: flow\nsteps:\n  - {type: pass, name: p}\n', {
      path: 'version',
      line: 1,
      column: 10,
      message: '`version` must be a string, got the number 1',
    });
  });

  it('refuses a type other than flow', () => {
    assertOnlyIssue('version: v1\ntype: StateMachine\nsteps:\n  - {type: pass, name: p}\n', {
      path: 'type',
      line: 2,
      column: 7,
      message: 'unsupported type `StateMachine`',
    });
  });

  it('refuses an empty steps list', () => {
    assertOnlyIssue('version: v1\ntype: flow\nsteps: []\n', {
      path: 'steps',
      line: 3,
      column: 8,
      message: '`steps` must not be empty',
    });
  });

  it('refuses steps that are not a list', () => {
    assertOnlyIssue('version: v1\ntype: flow\nsteps: {a: 1}\n', {
      path: 'steps',
      line: 3,
      column: 8,
      message: 'must be a list of steps',
    });
  });

  it('refuses a non-positive flow timeoutSeconds', () => {
    assertOnlyIssue(`${flowText(...PASS)}timeoutSeconds: 1.5\n`, {
      path: 'timeoutSeconds',
      line: 6,
      column: 17,
      message: 'must be a positive integer',
    });
  });

  it('refuses an unknown top-level field with a suggestion', () => {
    assertOnlyIssue(`${flowText(...PASS)}outputMapping: []\n`, {
      path: 'outputMapping',
      line: 6,
      column: 1,
      message: 'unknown field `outputMapping` (did you mean `outputMappings`?)',
    });
  });

  it('refuses a non-string field name', () => {
    assertOnlyIssue(`${flowText(...PASS)}[a]: 1\n`, {
      path: '',
      line: 6,
      column: 1,
      message: 'field names must be strings',
    });
  });
});

describe('parseFlow: size and nesting limits', () => {
  it('refuses a definition over 128 KiB with one issue at 1:1', () => {
    const text = `${flowText(...PASS)}# ${'x'.repeat(MAX_DEFINITION_BYTES)}\nbogus: [\n`;
    const issues = issuesOf(text);
    assert.equal(issues.length, 1);
    assert.deepEqual({ line: issues[0]?.line, column: issues[0]?.column }, { line: 1, column: 1 });
    assert.match(issues[0]?.message ?? '', /over the limit of 131072 bytes/);
  });

  it('measures the size in UTF-8 bytes, not characters', () => {
    const base = flowText(...PASS);
    const comment = '# ';
    const room = MAX_DEFINITION_BYTES - base.length - comment.length - 1;
    const ascii = `${base}${comment}${'x'.repeat(room)}\n`;
    assert.equal(parseFlow(ascii).ok, true);
    const multiByte = `${base}${comment}${'é'.repeat(Math.ceil(room / 2) + 1)}\n`;
    assert.ok(multiByte.length < MAX_DEFINITION_BYTES);
    assert.equal(parseFlow(multiByte).ok, false);
  });

  it('refuses steps nested deeper than 32 levels', () => {
    const lines: string[] = [];
    let indent = '  ';
    for (let level = 0; level < 33; level++) {
      lines.push(
        `${indent}- type: foreach`,
        `${indent}  name: f${level}`,
        `${indent}  iterationMapping: {collection: $.a, item: i}`,
        `${indent}  steps:`,
      );
      indent += '    ';
    }
    lines.push(`${indent}- {type: pass, name: p}`);
    const issues = issuesOf(flowText(...lines));
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.path, `steps${'[0].steps'.repeat(32)}`);
    assert.match(issues[0]?.message ?? '', /nested too deeply/);
  });

  it('turns a pathologically nested YAML text into issues, not a crash', () => {
    const issues = issuesOf('['.repeat(60_000));
    assert.ok(issues.length >= 1);
    assert.ok(issues.length <= 201);
  });
});
