// Takes longer than the task's heartbeat timeout (the first argument, in ms), then answers.
setTimeout(() => {
  process.stdout.write(JSON.stringify({ slept: Number(process.argv[2]) }));
}, Number(process.argv[2]));
