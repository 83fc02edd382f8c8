/**
 * The process migrate.test.ts kills: a start on an older database file.
 * Prints `@pid <pid>`, opens `<db>.mark` (the line in strace's trace from
 * which the parent counts kill points), prints `@write`, opens the database
 * as a start does (the migration runs there), prints `@done` and closes it.
 */
import { closeSync, openSync } from 'node:fs';
import { openDb } from '../../server/plugins/app/duckdb.js';

const path = process.argv[2]!;
console.log(`@pid ${process.pid}`);
closeSync(openSync(`${path}.mark`, 'w'));
console.log('@write');
const { close } = await openDb(path);
console.log('@done');
close();
