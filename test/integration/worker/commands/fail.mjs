// A queue worker command that fails: a line on stderr and exit code 3.
process.stderr.write('boom: the job could not be done\n');
process.exit(3);
