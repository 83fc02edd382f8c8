/** `npm start`: build the web app if needed, then serve API + web on one port. */
import { ensureWebBuild } from './build-web.js';

ensureWebBuild();
await import('../main.js');
