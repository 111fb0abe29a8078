/**
 * Preset dictionaries for the compressed JSON values of DynamoDB items (`item-codec.ts`).
 *
 * Most values the engine stores are small JSON texts (a state, a few history events, an outbox)
 * made mostly of the same keys and names. Gzip alone saves little on a few hundred bytes, because
 * every text starts with an empty window; raw deflate primed with a dictionary of those common
 * strings halves them again, and DynamoDB bills every write by the KB of the whole item.
 *
 * A dictionary is part of the stored format: **never change one**. To improve it, add a new entry
 * under a new id and encode with that; values written with an older id stay readable.
 */

/** The most common strings of the engine's JSON, least common first (deflate prefers the end). */
const V1_PARTS = [
  '"serviceParams":{',
  '"childFlowName":"',
  '"childExecutionName":"',
  '"pendingReport":{',
  '"heartbeatDeadline":',
  '"heartbeatSeconds":',
  '"retryTimer":{"timerId":"',
  '"fireAt":',
  '"fired":true',
  '"goto":"',
  '"option":',
  '"branch":{',
  '"branches":[{"running":{',
  '{"done":{',
  '"locals":[',
  '"running":{',
  '"next":',
  '"type":"wait"',
  '"type":"choice"',
  '"type":"parallel"',
  '"type":"foreach"',
  '"ending":{',
  '"parent":{',
  '"error":"',
  '"cause":"',
  '"stoppedTime":',
  '"type":"ScheduleTimer","timerId":"',
  '"type":"StopChild"',
  '"type":"RegisterToken"',
  '"type":"CallResource"',
  '"resource":{"kind":"function","service":"',
  '"functionName":"',
  '"callId":"c1-',
  '"type":"EndToken","tokenHash":"',
  '"outcome":{"kind":"reported","report":{"kind":"succeeded","output":{',
  '"type":"Finish","status":"Succeeded","output":{',
  '{"events":[],"commands":[',
  '],"committedAt":',
  '"deadline":',
  '"IterationEntered"',
  '"IterationExited"',
  '"BranchEntered"',
  '"BranchExited"',
  '"StepStarted"',
  '"StepSucceeded"',
  '"StepFailed"',
  '"TaskStarted"',
  '"TaskSubmitFailed"',
  '"TaskFailed"',
  '"TaskTimedOut"',
  '"ExecutionStopped"',
  '"ExecutionFailed"',
  '"ExecutionTimedOut"',
  '"status":"Failed"',
  '"status":"Succeeded"',
  '"type":"ExecutionSucceeded","stepName":"","time":"20',
  '"type":"StepExited","stepName":"',
  '"type":"TaskSucceeded","stepName":"',
  '"type":"TaskSubmitted","stepName":"',
  '"resourceArn":"acs:fc:::services/',
  '/functions/',
  '"pattern":"waitForCallback"',
  '"pattern":"requestResponse"',
  '"type":"TaskScheduled","stepName":"',
  '"type":"StepEntered","stepName":"',
  '{"eventId":1,"type":"ExecutionStarted","stepName":"","time":"20',
  '"taskToken":"',
  '"tokenHash":"',
  '"phase":"waiting"',
  '"attempt":{"scheduleEventId":',
  '"phase":"calling","input":{',
  '"root":{"local":{},"index":0,"step":{"type":"task","id":',
  '"retryCounts":[],"retryCount":0,',
  '{"schemaVersion":2,"flowName":"',
  '","executionName":"',
  '","status":"Running","input":{',
  '"startedTime":',
  '"nextEventId":',
  '"output":{',
  '"input":{',
  '},{"eventId":',
  '","scheduleEventId":0,"detail":{',
  'Z","scheduleEventId":',
  ',"detail":{"input":{',
];

/** Dictionaries by id (the first byte of a stored value; ids below 16 only: gzip starts with 0x1f). */
export const JSON_DICTIONARIES: Readonly<Record<number, Buffer>> = {
  1: Buffer.from(V1_PARTS.join(''), 'utf8'),
};

/** The id new values are written with. */
export const CURRENT_DICTIONARY = 1;
