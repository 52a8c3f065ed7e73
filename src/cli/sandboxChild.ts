// Entry of the process that `flowweaver run --sandbox` starts under Node's permission model
// (bundled into one file by sandbox.ts). Its argument is the run command, already parsed, with
// absolute paths; the launcher that started it relays interrupts over IPC.
import { launch } from './launch.ts';
import { runParsed } from './main.ts';
import { underPermissionModel } from './sandbox.ts';

if (!underPermissionModel() || typeof process.send !== 'function') {
  process.stderr.write('flowweaver: the sandboxed run is started by `flowweaver run --sandbox`\n');
  process.exit(2);
}
await launch((io) => runParsed(JSON.parse(process.argv[2] ?? '{}'), io), 'launcher');
