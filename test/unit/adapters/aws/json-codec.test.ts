/**
 * The stored JSON format of DynamoDB items (`item-codec.ts`): raw deflate with a preset dictionary,
 * gzip values of earlier releases still readable, and the seed's state small enough that every
 * commit of it is billed one write unit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeJson, encodeJson } from '../../../../lib/adapters/aws/item-codec.ts';
import { CURRENT_DICTIONARY, JSON_DICTIONARIES } from '../../../../lib/adapters/aws/json-dictionary.ts';

/** A seed-like history: the events of one waitForCallback task, token and all. */
function seedHistory(): unknown[] {
  const token = 'OEOGzi8ksYpQ-nEgDtpx7OXVTzK-nAOSHjpkQw8mTsU';
  const time = '2026-12-03T15:10:44.130Z';
  const event = (eventId: number, type: string, detail: unknown, stepName = 'mytask') => ({
    eventId,
    type,
    stepName,
    time,
    scheduleEventId: eventId > 3 ? 3 : 0,
    detail,
  });
  return [
    event(1, 'ExecutionStarted', { input: {} }, ''),
    event(2, 'StepEntered', { input: {} }),
    event(3, 'TaskScheduled', {
      resourceArn: 'acs:fc:::services/fnf-demo/functions/echo',
      pattern: 'waitForCallback',
      input: { taskToken: token },
    }),
    event(4, 'TaskSubmitted', {
      input: { taskToken: token },
      output: { taskToken: token },
      taskToken: token,
    }),
    event(5, 'TaskSucceeded', { output: { status: 'ok' } }),
    event(6, 'StepExited', { output: { s: 'ok' } }),
    event(7, 'ExecutionSucceeded', { output: { s: 'ok' } }, ''),
  ];
}

describe('stored JSON values', () => {
  it('round-trips text and compressed values; compressed ones name their dictionary', () => {
    const value = { a: 'x'.repeat(300), n: [1, 2, 3], nested: { ok: true } };
    assert.deepEqual(decodeJson(encodeJson(value, 10_000)), value);
    const compressed = encodeJson(value, 16);
    assert.ok(compressed instanceof Uint8Array);
    assert.equal(compressed[0], CURRENT_DICTIONARY);
    assert.deepEqual(decodeJson(compressed), value);
  });

  it('still reads gzip values written before dictionaries', () => {
    const value = { events: [{ eventId: 1 }], commands: [] };
    assert.deepEqual(decodeJson(new Uint8Array(gzipSync(JSON.stringify(value)))), value);
  });

  it('refuses a value that names an unknown dictionary, with a clear error', () => {
    const stored = encodeJson({ a: 'y'.repeat(200) }, 16) as Uint8Array;
    const altered = new Uint8Array(stored);
    altered[0] = 9;
    assert.throws(() => decodeJson(altered), /unknown JSON dictionary 9/);
  });

  it('the dictionary halves a seed history against gzip (a state item under 1 KB is one write unit)', () => {
    const text = JSON.stringify(seedHistory());
    const gzip = gzipSync(text).byteLength;
    const stored = (encodeJson(seedHistory(), 16) as Uint8Array).byteLength;
    assert.ok(stored * 1.5 < gzip, `dictionary ${stored} bytes, gzip ${gzip} bytes`);
    assert.ok(stored < 400, `${stored} bytes`);
  });

  it('every dictionary id fits below the gzip magic byte', () => {
    for (const id of Object.keys(JSON_DICTIONARIES)) assert.ok(Number(id) > 0 && Number(id) < 0x1f);
  });
});
