/**
 * `npm run dev`: the API with reload on server changes (tsx watch, port 8080 by
 * default) and the web app with hot reload on Vite (port 5173, /api proxied).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../config.js';

const apiPort = process.env.PORT ?? '8080';
const children = [
  spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'watch', 'server/main.ts'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PORT: apiPort } }),
  spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'dev', '--host', process.env.HOST ?? '127.0.0.1'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, XPILOT_API_PORT: apiPort } }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { if (code) { console.error(`dev process exited with ${code}`); stop(); } });
