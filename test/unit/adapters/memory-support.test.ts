import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MemoryDispatcher,
  MemoryInvoker,
  MemoryQueueSender,
  MemoryTimers,
  sequentialIds,
  VirtualClock,
} from '../../../lib/adapters/memory/index.ts';
import type { WorkItem } from '../../../lib/ports/dispatcher.ts';
import { hashToken, randomIds } from '../../../lib/runtime/index.ts';

const executionKey = { flowName: 'f', executionName: 'e' };
const context = { executionKey, stepName: 's', scheduleEventId: 3, callId: 'c1-0000000000001-3' };

describe('ids', () => {
  it('sequentialIds derives deterministic tokens from seed and attempt, hashed with hashToken', () => {
    const ids = sequentialIds();
    const seed = ids.newSeed();
    assert.equal(seed, 'seed-1');
    assert.notEqual(ids.newSeed(), seed);
    const first = ids.tokenOf(seed, 4);
    assert.match(first.token, /^tok-4-[0-9a-f]{32}$/);
    assert.equal(first.hash, hashToken(first.token));
    assert.deepEqual(ids.tokenOf(seed, 4), first);
    assert.deepEqual(sequentialIds().tokenOf(seed, 4), first);
    assert.notEqual(ids.tokenOf(seed, 8).token, first.token);
    assert.notEqual(ids.tokenOf('seed-2', 4).token, first.token);
    assert.equal(ids.uuid(), '00000000-0000-4000-8000-000000000001');
  });

  it('randomIds gives 256-bit seeds, tokens derived from them (base64url, sha256 hex hash), and UUIDs', () => {
    const ids = randomIds();
    const seed = ids.newSeed();
    assert.match(seed, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(ids.newSeed(), seed);
    const { token, hash } = ids.tokenOf(seed, 4);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hash, hashToken(token));
    // The same for the same seed and attempt, whoever derives it; different for any other.
    assert.equal(randomIds().tokenOf(seed, 4).token, token);
    assert.notEqual(ids.tokenOf(seed, 5).token, token);
    assert.notEqual(ids.tokenOf(ids.newSeed(), 4).token, token);
    assert.match(ids.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('MemoryInvoker', () => {
  class OrderRejected extends Error {}
  const fc = {
    kind: 'function' as const,
    arn: 'acs:fc:::services/svc/functions/fn',
    service: 'svc',
    functionName: 'fn',
  };
  const lambda = {
    kind: 'function' as const,
    arn: 'arn:aws:lambda:us-east-1:1:function:lam',
    functionName: 'lam',
  };

  it('finds acs:fc functions by service/function and Lambda ones by name', async () => {
    const invoker = new MemoryInvoker({ 'svc/fn': (event) => ({ got: event }), lam: () => 'plain' });
    assert.deepEqual(await invoker.invoke(fc, { a: 1 }, context), { ok: true, output: { got: { a: 1 } } });
    assert.deepEqual(await invoker.invoke(lambda, {}, context), { ok: true, output: 'plain' });
  });

  it('turns a thrown error into its type name and message', async () => {
    const invoker = new MemoryInvoker({
      'svc/fn': () => {
        throw new OrderRejected('no stock');
      },
      lam: () => {
        throw Object.assign(new Error('typed'), { errorType: 'Custom.Error' });
      },
    });
    assert.deepEqual(await invoker.invoke(fc, {}, context), {
      ok: false,
      error: 'OrderRejected',
      cause: 'no stock',
    });
    assert.deepEqual(await invoker.invoke(lambda, {}, context), {
      ok: false,
      error: 'Custom.Error',
      cause: 'typed',
    });
  });

  it('answers FC.FunctionNotFound for a missing function', async () => {
    const result = await new MemoryInvoker().invoke(fc, {}, context);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error, 'FC.FunctionNotFound');
  });

  it('gives handlers the call id and the rest of the call context, with the function name', async () => {
    const invoker = new MemoryInvoker({ 'svc/fn': (_event, c) => c });
    assert.deepEqual(await invoker.invoke(fc, {}, context), {
      ok: true,
      output: { ...context, functionName: 'svc/fn' },
    });
  });

  it('gives handlers a copy of the event', async () => {
    const event = { a: 1 };
    const invoker = new MemoryInvoker({
      'svc/fn': (e) => {
        (e as { a: number }).a = 2;
        return null;
      },
    });
    await invoker.invoke(fc, event, context);
    assert.deepEqual(event, { a: 1 });
  });
});

describe('MemoryQueueSender', () => {
  const queue = { kind: 'queue' as const, arn: 'acs:mns:::/queues/q/messages', queueName: 'q' };
  it('keeps messages per queue and fails when told', async () => {
    const sender = new MemoryQueueSender();
    assert.deepEqual(await sender.send(queue, { body: '{}', attributes: { a: 'b' } }), {
      ok: true,
      messageId: 'msg-1',
    });
    sender.failNext('QueueNotExist', 'gone');
    assert.deepEqual(await sender.send(queue, { body: '{}', attributes: {} }), {
      ok: false,
      code: 'QueueNotExist',
      message: 'gone',
    });
    assert.deepEqual(sender.messages('q'), [{ body: '{}', attributes: { a: 'b' }, messageId: 'msg-1' }]);
  });

  it('keeps the flowback.callId attribute of a task message', async () => {
    const sender = new MemoryQueueSender();
    await sender.send(queue, { body: '{}', attributes: { 'flowback.callId': 'c1-0000000000001-3' } });
    assert.equal(sender.messages('q')[0]?.attributes['flowback.callId'], 'c1-0000000000001-3');
  });
});

describe('MemoryTimers and VirtualClock', () => {
  it('fires due timers in order as the clock passes them, including timers scheduled meanwhile', async () => {
    const timers = new MemoryTimers();
    const clock = new VirtualClock(0);
    const fired: [string, number][] = [];
    clock.attach({
      nextFireAt: () => timers.nextFireAt(),
      fireDue: async () => {
        for (const timer of await timers.listDue(clock.now(), 100)) {
          fired.push([timer.timerId, clock.now()]);
          await timers.delete(timer.executionKey, timer.timerId);
          if (timer.timerId === 'b')
            await timers.schedule({ executionKey, timerId: 'c', fireAt: clock.now() + 5 });
        }
      },
    });
    await timers.schedule({ executionKey, timerId: 'b', fireAt: 20 });
    await timers.schedule({ executionKey, timerId: 'a', fireAt: 10 });
    await timers.schedule({ executionKey, timerId: 'late', fireAt: 100 });
    await clock.advanceBy(50);
    assert.deepEqual(fired, [
      ['a', 10],
      ['b', 20],
      ['c', 25],
    ]);
    assert.equal(clock.now(), 50);
    assert.deepEqual(
      timers.all().map((t) => t.timerId),
      ['late'],
    );
    await assert.rejects(clock.advanceTo(10), RangeError);
  });

  it('re-scheduling a timer of the same id replaces it', async () => {
    const timers = new MemoryTimers();
    await timers.schedule({ executionKey, timerId: 't', fireAt: 10 });
    await timers.schedule({ executionKey, timerId: 't', fireAt: 30 });
    assert.deepEqual(await timers.listDue(20, 10), []);
    assert.equal((await timers.listDue(30, 10, executionKey)).length, 1);
  });
});

describe('MemoryDispatcher', () => {
  const item = (id: string): WorkItem => ({ type: 'FlushOutbox', id, executionKey });

  it('deduplicates by id and drains items enqueued while draining', async () => {
    const dispatcher = new MemoryDispatcher();
    const handled: string[] = [];
    dispatcher.attach(async (work) => {
      handled.push(work.id);
      if (work.id === 'a') await dispatcher.enqueue(item('c'));
    });
    await dispatcher.enqueue(item('a'));
    await dispatcher.enqueue(item('a'));
    await dispatcher.enqueue(item('b'));
    assert.equal(await dispatcher.drain(), 3);
    assert.deepEqual(handled, ['a', 'b', 'c']);
  });

  it('redelivers a failing item, then keeps it as a dead letter', async () => {
    const dispatcher = new MemoryDispatcher();
    let calls = 0;
    dispatcher.attach(async () => {
      calls += 1;
      throw new Error('boom');
    });
    await dispatcher.enqueue(item('x'));
    await dispatcher.drain();
    assert.equal(calls, 3);
    assert.equal(dispatcher.deadLetters.length, 1);
  });
});
